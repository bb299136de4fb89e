package previewjson

import (
	"fmt"
	"time"
)

// The wire types of the request: one struct per object, each field tagged with its
// JSON name. A field's type says its class (see REFERENCE.md, "The rule for fields"):
//   - a scalar (integer, decimalNum, timestamp, text, ident, flag), a wire struct or a
//     list of them: computed, it reaches the Go API;
//   - ignored: accepted, cannot change an amount, not kept;
//   - unsupported: could change an amount, not computed yet: refused when set (not
//     null and none of the `off` values);
//   - objectName: Stripe's "object" member, checked against the `object` tag.
// A name that is not a field is an unknown field.

type requestWire struct {
	Currency        text              `json:"currency"`
	Now             timestamp         `json:"now"`
	CustomerBalance integer           `json:"customer_balance" hint:"amount"`
	Options         *optionsWire      `json:"options"`
	Subscription    *subscriptionWire `json:"subscription"`
	Changes         *changesWire      `json:"changes"`
	Usage           keyed[records]    `json:"usage"`
	Prices          []*priceWire      `json:"prices" max:"10000"`

	Schedule *scheduleWire  `json:"schedule"`
	Invoices []*invoiceWire `json:"invoices" max:"1000"`

	UsageBefore keyed[decimalNum] `json:"usage_before"`
}

type optionsWire struct {
	Proration   text `json:"proration"`
	TaxRounding text `json:"tax_rounding"`

	PreviewMode        text    `json:"preview_mode"`
	Forecast           integer `json:"forecast"`
	ProrationDiscounts text    `json:"proration_discounts"`
	Engine             text    `json:"engine"`
	TimeZone           text    `json:"time_zone"`
	ChangeDay          text    `json:"change_day"`
	FixedMonth         integer `json:"fixed_month"`
	Denominator        text    `json:"proration_denominator"`
	FractionScale      integer `json:"proration_fraction_scale"`
	FractionRounding   text    `json:"proration_fraction_rounding"`
	CapCredits         flag    `json:"cap_credits"`
	TierRounding       text    `json:"tier_rounding"`

	// price and usage conventions
	Currencies []currencyWire `json:"currencies" max:"20"`

	// invoice conventions
	MissingCouponCurrency text            `json:"missing_coupon_currency"`
	MinimumCommitment     *commitmentWire `json:"minimum_commitment"`
	LicensedBilling       text            `json:"licensed_billing"`
	PlanChange            text            `json:"plan_change"`
	CreditFrom            text            `json:"credit_from"`
	TerminationRefund     flag            `json:"termination_refund"`
}

type subscriptionWire struct {
	Object objectName[isSubscription] `json:"object"`

	CurrentPeriodStart timestamp       `json:"current_period_start"`
	CurrentPeriodEnd   timestamp       `json:"current_period_end"`
	BillingCycleAnchor timestamp       `json:"billing_cycle_anchor"`
	Items              itemList        `json:"items"`
	Discounts          []*discountWire `json:"discounts" max:"20"`
	Discount           *discountWire   `json:"discount"`
	DefaultTaxRates    []taxRateRef    `json:"default_tax_rates" max:"10"`
	StartDate          timestamp       `json:"start_date"`
	TrialStart         timestamp       `json:"trial_start"`
	TrialEnd           timestamp       `json:"trial_end"`
	Currency           text            `json:"currency"`
	Plan               *planWire       `json:"plan"`
	Quantity           integer         `json:"quantity" hint:"quantity"`
	BillingMode        billingMode     `json:"billing_mode"`

	Status                     text                 `json:"status"`
	AutomaticTax               *automaticTaxWire    `json:"automatic_tax"`
	BillingThresholds          unsupported[offNone] `json:"billing_thresholds" why:"billing thresholds are not computed yet"`
	CancelAt                   timestamp            `json:"cancel_at"`
	CancelAtPeriodEnd          flag                 `json:"cancel_at_period_end"`
	CanceledAt                 unsupported[offNone] `json:"canceled_at" why:"the subscription is canceled: it has no next invoice"`
	EndedAt                    unsupported[offNone] `json:"ended_at" why:"the subscription has ended"`
	PauseCollection            unsupported[offNone] `json:"pause_collection" why:"paused collection is not computed yet"`
	PendingUpdate              unsupported[offNone] `json:"pending_update" why:"pending updates are not computed yet"`
	PendingInvoiceItemInterval unsupported[offNone] `json:"pending_invoice_item_interval" why:"pending invoice items are not computed yet"`
	Schedule                   unsupported[offNone] `json:"schedule" why:"a schedule's id: give its phases in the request's schedule"`
	TrialSettings              *trialSettingsWire   `json:"trial_settings"`
	PresentmentDetails         unsupported[offNone] `json:"presentment_details" why:"presentment currencies are not computed yet"`
	TaxPercent                 unsupported[offNone] `json:"tax_percent" why:"the legacy tax_percent is not computed: use default_tax_rates"`

	ID                            ignored `json:"id"`
	Application                   ignored `json:"application"`
	ApplicationFeePercent         ignored `json:"application_fee_percent"`
	BillingCycleAnchorConfig      ignored `json:"billing_cycle_anchor_config"`
	CancellationDetails           ignored `json:"cancellation_details"`
	CollectionMethod              ignored `json:"collection_method"`
	Created                       ignored `json:"created"`
	Customer                      ignored `json:"customer"`
	DaysUntilDue                  ignored `json:"days_until_due"`
	DefaultPaymentMethod          ignored `json:"default_payment_method"`
	DefaultSource                 ignored `json:"default_source"`
	Description                   ignored `json:"description"`
	InvoiceSettings               ignored `json:"invoice_settings"`
	LatestInvoice                 ignored `json:"latest_invoice"`
	Livemode                      ignored `json:"livemode"`
	Metadata                      ignored `json:"metadata"`
	NextPendingInvoiceItemInvoice ignored `json:"next_pending_invoice_item_invoice"`
	OnBehalfOf                    ignored `json:"on_behalf_of"`
	PaymentSettings               ignored `json:"payment_settings"`
	PendingSetupIntent            ignored `json:"pending_setup_intent"`
	TestClock                     ignored `json:"test_clock"`
	TransferData                  ignored `json:"transfer_data"`
}

type automaticTaxWire struct {
	Enabled        unsupported[offFalse] `json:"enabled" why:"automatic tax (Stripe Tax) is not computed: give tax rates"`
	Liability      ignored               `json:"liability"`
	DisabledReason ignored               `json:"disabled_reason"`
}

type trialSettingsWire struct {
	EndBehavior *struct {
		MissingPaymentMethod unsupported[offCreateInvoice] `json:"missing_payment_method" why:"a trial that ends by canceling or pausing is not computed: the preview bills the first paid invoice"`
	} `json:"end_behavior"`
}

// billingMode is Stripe's billing_mode: "classic" or {"type": "classic", …}.
type billingMode struct {
	set      bool
	flexible bool
}

type billingModeObject struct {
	Type      text                 `json:"type"`
	Flexible  *flexibleOptionsWire `json:"flexible"`
	UpdatedAt ignored              `json:"updated_at"`
}

// flexibleOptionsWire is billing_mode.flexible: Stripe's proration_discounts.
type flexibleOptionsWire struct {
	ProrationDiscounts text `json:"proration_discounts"`
}

func (b *billingMode) decodeJSON(d *decoder, raw []byte) error {
	*b = billingMode{}
	var mode string
	switch raw[0] {
	case 'n':
		return nil
	case '{':
		var o billingModeObject
		if err := d.decodeValue(raw, &o); err != nil {
			return err
		}
		mode = "classic" // the documented default
		if o.Type.set {
			mode = o.Type.s
		}
		if o.Flexible != nil && o.Flexible.ProrationDiscounts.set && o.Flexible.ProrationDiscounts.s != "included" {
			return &PathError{Path: "flexible.proration_discounts", Err: &unsupportedError{value: quote(o.Flexible.ProrationDiscounts.s),
				why: "give options.proration_discounts to itemize a flexible credit's discounts"}}
		}
	case '"':
		s, err := unquote(raw)
		if err != nil {
			return err
		}
		mode = s
	default:
		return fmt.Errorf("%w: want \"classic\", \"flexible\" or a billing_mode object, got %s", ErrInvalidValue, kindOf(raw))
	}
	switch mode {
	case "classic":
	case "flexible":
		b.flexible = true
	default:
		return fmt.Errorf("%w: billing mode %s (want classic or flexible)", ErrInvalidValue, quote(mode))
	}
	b.set = true
	return nil
}

// itemList is a subscription's items: a plain array or Stripe's list object.
type itemList struct {
	set   bool
	list  bool // a list object: the items' paths go through data
	items []*itemWire
}

type listWire struct {
	Object     objectName[isList] `json:"object"`
	Data       []*itemWire        `json:"data" max:"10000"`
	HasMore    flag               `json:"has_more"`
	TotalCount ignored            `json:"total_count"`
	URL        ignored            `json:"url"`
}

func (l *itemList) decodeJSON(d *decoder, raw []byte) error {
	*l = itemList{}
	switch raw[0] {
	case 'n':
		return nil
	case '[':
		l.set = true
		if d.fast {
			return d.decodeValue(raw, &l.items)
		}
		return d.array(raw, reflectValue(&l.items), 10000)
	case '{':
		var o listWire
		if err := d.decodeValue(raw, &o); err != nil {
			return err
		}
		if o.HasMore.v {
			return &PathError{Path: "has_more", Err: fmt.Errorf("%w: true: the list is truncated: fetch it whole (auto-pagination, or list the subscription items)", ErrInvalidValue)}
		}
		l.set, l.list, l.items = true, true, o.Data
		if l.items == nil {
			return &PathError{Path: "data", Err: ErrMissingField}
		}
		return nil
	}
	return fmt.Errorf("%w: want an array or a list object, got %s", ErrInvalidValue, kindOf(raw))
}

type itemWire struct {
	Object objectName[isSubscriptionItem] `json:"object"`

	ID                 ident           `json:"id"`
	Price              priceRef        `json:"price"`
	Plan               *planWire       `json:"plan"`
	Quantity           integer         `json:"quantity" hint:"quantity"`
	QuantityDecimal    decimalNum      `json:"quantity_decimal"`
	TaxRates           []taxRateRef    `json:"tax_rates" max:"10"`
	Discounts          []*discountWire `json:"discounts" max:"20"`
	CurrentPeriodStart timestamp       `json:"current_period_start"`
	CurrentPeriodEnd   timestamp       `json:"current_period_end"`

	BillingThresholds unsupported[offNone] `json:"billing_thresholds" why:"billing thresholds are not computed yet"`

	Created      ignored `json:"created"`
	Metadata     ignored `json:"metadata"`
	Subscription ignored `json:"subscription"`
}

type changesWire struct {
	Items              []*itemChangeWire `json:"items" max:"10000"`
	ProrationBehavior  text              `json:"proration_behavior"`
	ProrationDate      timestamp         `json:"proration_date"`
	BillingCycleAnchor anchorChange      `json:"billing_cycle_anchor"`

	StartDate                timestamp         `json:"start_date"`
	BillingCycleAnchorConfig *anchorConfigWire `json:"billing_cycle_anchor_config"`
	TrialEnd                 trialEnd          `json:"trial_end"`
	TrialPeriodDays          integer           `json:"trial_period_days"`
	CancelAtPeriodEnd        flag              `json:"cancel_at_period_end"`
	CancelAt                 timestamp         `json:"cancel_at"`
	CancelNow                flag              `json:"cancel_now"`
	Prorate                  flag              `json:"prorate"`
	InvoiceNow               flag              `json:"invoice_now"`
	Discounts                []*discountWire   `json:"discounts" max:"20"`
	DefaultTaxRates          []taxRateRef      `json:"default_tax_rates" max:"10"`
}

// anchorChange is changes.billing_cycle_anchor: "unchanged", "now", or (for a new
// subscription) a timestamp.
type anchorChange struct {
	set bool
	s   string    // "unchanged" or "now"; "" for a timestamp
	t   time.Time // the timestamp
}

func (a *anchorChange) decodeJSON(d *decoder, raw []byte) error {
	*a = anchorChange{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		s, err := unquote(raw)
		if err != nil {
			return err
		}
		if s != "unchanged" && s != "now" {
			var ts timestamp
			if ts.UnmarshalJSON(raw) == nil {
				a.set, a.t = true, ts.t
				return nil
			}
			return fmt.Errorf("%w: %s (want \"unchanged\", \"now\" or a timestamp)", ErrInvalidValue, quote(s))
		}
		a.set, a.s = true, s
		return nil
	case 't', 'f', '[', '{':
		return fmt.Errorf("%w: want \"unchanged\", \"now\" or a timestamp, got %s", ErrInvalidValue, kindOf(raw))
	}
	var ts timestamp
	if err := ts.UnmarshalJSON(raw); err != nil {
		return err
	}
	a.set, a.t = true, ts.t
	return nil
}

type itemChangeWire struct {
	ID              ident           `json:"id"`
	Price           priceRef        `json:"price"`
	Quantity        integer         `json:"quantity" hint:"quantity"`
	QuantityDecimal decimalNum      `json:"quantity_decimal"`
	Deleted         flag            `json:"deleted"`
	TaxRates        []taxRateRef    `json:"tax_rates" max:"10"`
	Discounts       []*discountWire `json:"discounts" max:"20"`
}

type recordWire struct {
	Object    objectName[isUsageRecord] `json:"object"`
	Timestamp timestamp                 `json:"timestamp"`
	Quantity  decimalNum                `json:"quantity"`
	Amount    decimalNum                `json:"amount"`

	ID               ignored `json:"id"`
	Livemode         ignored `json:"livemode"`
	SubscriptionItem ignored `json:"subscription_item"`
}

// records is one item's usage records (the pre-pass bounds their count over the
// request).
type records []recordWire
