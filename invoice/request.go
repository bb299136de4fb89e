package invoice

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Limits of a preview, checked before any work is done.
const (
	MaxItems        = 10000   // subscription items, and item changes
	MaxTaxRates     = 10      // tax rates per item or per subscription
	MaxDiscounts    = 20      // discounts per item or per subscription
	MaxUsageRecords = 1000000 // usage records over the whole request (JSON)
	MaxAppliesTo    = 1000    // products in a coupon's applies_to
)

// TaxRounding says where tax is rounded. The zero value is [RoundPerLine].
type TaxRounding uint8

const (
	// RoundPerLine rounds each line's tax (Stripe's default).
	RoundPerLine TaxRounding = iota
	// RoundPerInvoice sums the unrounded tax of each rate over the invoice and rounds once.
	RoundPerInvoice
)

// String returns the preview format's name: "line" or "invoice".
func (r TaxRounding) String() string {
	if r == RoundPerInvoice {
		return "invoice"
	}
	return "line"
}

// Item is a subscription item: a recurring price, a quantity, and optionally its own
// tax rates and discounts.
type Item struct {
	// ID identifies the item within the subscription; IDs are unique. Empty: the
	// preview names the item "si_N", N its 1-based position (or, when an ID of the
	// request takes that name, the smallest number after it that none takes).
	ID string
	// Price is the item's price; it must be recurring (a one-time price is refused).
	Price pricing.Price
	// Quantity is the number of units of a licensed price (seats); nil means 1. A
	// metered price takes no quantity (its usage is billed): it must be nil.
	Quantity *decimal.Decimal
	// TaxRates replace the subscription's DefaultTaxRates for this item's lines when
	// non-nil (an empty, non-nil slice means "no tax").
	TaxRates []TaxRate
	// Discounts apply to this item's lines before the subscription's discounts, in
	// order. A discount with a zero Start starts with the previewed invoice.
	Discounts []discount.Discount
	// Period is the item's own current period (Stripe's item current_period_start and
	// current_period_end); zero means it is derived from the subscription's anchor and
	// the item's interval. When given it must be that period: the subscription's
	// Period for an item at the subscription's interval, or, for an item of a longer
	// interval (flexible billing mode), the period of its own cycle that contains the
	// subscription's Period.
	Period proration.Period
}

// Qty returns a pointer to the quantity n, for [Item.Quantity] and
// [ItemChange.Quantity].
func Qty(n int64) *decimal.Decimal {
	d := decimal.NewFromInt(n)
	return &d
}

// quantity returns the item's quantity: Quantity, or 1 when it is nil.
func (it *Item) quantity() decimal.Decimal {
	if it.Quantity == nil {
		return one
	}
	return *it.Quantity
}

// Subscription is the state a preview starts from.
type Subscription struct {
	// Period is the current billing period [current_period_start, current_period_end).
	// It must be the period of the cycle of Anchor and the items' interval that
	// contains Period.Start; only the first period may start later than the cycle's
	// previous boundary, when it starts at StartDate or TrialStart.
	Period proration.Period
	// Anchor is the billing cycle anchor: it fixes the day of month and time of day of
	// every period boundary. The zero value means Period.Start.
	Anchor time.Time
	// StartDate is when the subscription started (Stripe's start_date); zero if unknown.
	StartDate time.Time
	// TrialStart is when the subscription's trial started (Stripe's trial_start); zero
	// if there was none.
	TrialStart time.Time
	// TrialEnd is when the current trial ends, for a trialing subscription (Stripe's
	// trial_end with status "trialing"): the current period then ends at it. Zero when
	// not trialing. Usage before it is not billed; changes during the trial prorate
	// nothing (the trial bills 0).
	TrialEnd time.Time
	// Items are the subscription's items, in the order the invoice lists them; at most
	// [MaxItems]. In classic billing mode all items share one interval and interval
	// count; in flexible mode each interval must be a whole multiple of the shortest,
	// which is then the subscription's interval (Period is its period).
	Items []Item
	// Discounts apply to every line after the items' own, in order; a zero Start
	// starts with the previewed invoice. At most [MaxDiscounts].
	Discounts []discount.Discount
	// DefaultTaxRates apply to the lines of items without their own TaxRates; at most
	// [MaxTaxRates].
	DefaultTaxRates []TaxRate
}

// ItemChange updates, adds or removes one item, as an entry of Stripe's
// subscription_details.items.
type ItemChange struct {
	// ID names the item to change; it must be an item of the subscription (an unknown
	// ID is refused, as Stripe refuses it). Empty adds a new item, named "new_N", N its
	// 1-based position in [Changes.Items] (or, when an ID of the request takes that
	// name, the smallest number after it that none takes).
	ID string
	// Price replaces the item's price when non-nil (required for a new item).
	Price *pricing.Price
	// Quantity replaces the item's quantity when non-nil (default 1 for a new licensed
	// item; nil for a metered one).
	Quantity *decimal.Decimal
	// Deleted removes the item.
	Deleted bool
	// TaxRates replace the item's tax rates when non-nil.
	TaxRates []TaxRate
	// Discounts replace the item's discounts when non-nil.
	Discounts []discount.Discount
}

// Changes is a pending update of the subscription.
type Changes struct {
	// Items are the item updates, as Stripe's subscription_details.items. For a new
	// subscription, they are its items (without IDs).
	Items []ItemChange
	// Behavior: create_prorations (zero value), always_invoice or none. For a new
	// subscription with an Anchor, none makes the first period up to the anchor free
	// (no invoice at the start).
	Behavior proration.Behavior
	// ProrationDate is the instant of the change; the zero value means the request's Now.
	// It must lie in [Period.Start, Period.End).
	ProrationDate time.Time
	// ResetAnchor restarts the billing cycle at the proration date
	// (billing_cycle_anchor "now").
	ResetAnchor bool
	// Discounts, when non-nil, replace the subscription's discounts (for a new
	// subscription: its discounts), in order.
	Discounts []discount.Discount
	// DefaultTaxRates, when non-nil, replace the subscription's default tax rates.
	DefaultTaxRates []TaxRate

	// StartDate is when a new subscription starts (Stripe's start_date); zero means
	// Request.Now. Only for a new subscription.
	StartDate time.Time
	// Anchor is a new subscription's billing cycle anchor: its first full period
	// starts there, and the time from the start (or the trial end) to it is billed
	// prorated: round(full amount × (Anchor − start) ÷ (Anchor − (Anchor − one
	// interval))). It must lie after the start (or trial end) and no later than one
	// interval after it. Zero: the cycle starts at the start (or the trial end).
	Anchor time.Time
	// AnchorConfig gives a new subscription's anchor as a day of month and time of day
	// instead (Stripe's billing_cycle_anchor_config): the first such instant after the
	// start (or the trial end). It excludes Anchor.
	AnchorConfig *AnchorConfig

	// TrialEnd starts (or moves) a trial that ends then (Stripe's trial_end). On a new
	// subscription, the first invoice bills 0 for the trial and the first paid one is
	// issued at TrialEnd, which becomes the anchor unless one is given. On an active
	// subscription it is a change issued now: the unused time is credited (per
	// Behavior) and the trial runs from the proration date to TrialEnd.
	TrialEnd time.Time
	// TrialEndNow ends the current trial at the proration date (trial_end "now"): the
	// first paid invoice is issued then, for a full period from it.
	TrialEndNow bool
	// TrialPeriodDays gives a new subscription's trial as a number of days from its
	// start (Stripe's trial_period_days, at most 730); it excludes TrialEnd.
	TrialPeriodDays int

	// CancelAtPeriodEnd cancels at the end of the current period: no credit; the final
	// invoice, at the period end, bills metered usage only.
	CancelAtPeriodEnd bool
	// CancelAt cancels at an instant within the current period: the licensed items are
	// credited from it to the period end (unless Behavior is none); the previewed
	// invoice is the final one, issued at CancelAt, with the metered usage up to it.
	CancelAt time.Time
	// CancelNow cancels at the proration date (Stripe's cancel): Prorate credits the
	// unused time of the licensed items; InvoiceNow bills the metered usage and the
	// prorations now. Without InvoiceNow the previewed invoice holds only the pending
	// prorations (Stripe leaves them on the customer's next invoice) and no usage.
	CancelNow bool
	// Prorate, with CancelNow, credits the unused time of the licensed items.
	Prorate bool
	// InvoiceNow, with CancelNow, bills the metered usage and the prorations now.
	InvoiceNow bool
}

// AnchorConfig is a billing cycle anchor given by calendar fields, in UTC (Stripe's
// billing_cycle_anchor_config). A day beyond a month's length clamps to its last day.
type AnchorConfig struct {
	// DayOfMonth is 1 to 31.
	DayOfMonth int
	// Month is 1 to 12, for yearly prices only; zero means the first such day after
	// the start.
	Month int
	// Hour, Minute and Second are the time of day (0–23, 0–59, 0–59).
	Hour, Minute, Second int
}

// PreviewMode says which invoice a preview computes.
type PreviewMode uint8

const (
	// PreviewNext computes the next invoice (Stripe's preview_mode "next").
	PreviewNext PreviewMode = iota
	// PreviewRecurring computes the steady-state recurring invoice (Stripe's
	// preview_mode "recurring"): the first invoice of a full period at a cycle
	// boundary, without prorations or trial lines.
	PreviewRecurring
)

// String returns "next" or "recurring".
func (m PreviewMode) String() string {
	if m == PreviewRecurring {
		return "recurring"
	}
	return "next"
}

// MaxForecast is the most invoices a forecast may hold.
const MaxForecast = 120

// MaxTrialDays is the longest trial, in days (Stripe's limit).
const MaxTrialDays = 730

// Request is everything a preview needs. Build it in Go, or decode it from the preview
// format with package invoice/previewjson.
type Request struct {
	// Currency is the invoice currency; every price and amount_off coupon must have an
	// amount in it.
	Currency pricing.Currency
	// Now is the instant of the preview (required with Changes). The library never
	// reads the clock.
	Now time.Time
	// CustomerBalance is Stripe's customer balance; negative is a credit the customer holds.
	CustomerBalance pricing.Money
	// Proration: pricing to the second (zero value; Stripe) or by whole UTC days.
	Proration proration.Granularity
	// Convention is how proration counts time beyond Proration's unit: another
	// engine's rule (days in a time zone, the change day, fixed months, the billing
	// interval as denominator, a rounded fraction). Its zero value is Stripe's. When
	// both Proration and Convention.Granularity are set they must agree. A
	// Denominator other than the period with Interval and IntervalCount left zero
	// divides by the subscription's billing interval (its first recurring price's).
	Convention proration.Convention
	// Engine applies another engine's documented conventions as a preset (Stripe's by
	// default); fields set in Convention override the preset's.
	Engine Engine
	// TaxRounding: per line (zero value) or per invoice.
	TaxRounding TaxRounding
	// Subscription is the subscription as it is. Its zero value (no period, no items)
	// with Changes asks for a new subscription: Changes.Items are its items and the
	// preview is its first invoice.
	Subscription Subscription
	// Changes, if non-nil, is the pending update to preview (or the new subscription).
	Changes *Changes
	// BillingMode: classic (zero value) or flexible. Flexible mode with changes needs
	// the history of the current period in Invoices.
	BillingMode BillingMode
	// ProrationDiscounts says how flexible credits carry discounts; classic mode
	// refuses it when set.
	ProrationDiscounts ProrationDiscounts
	// Invoices are the invoices already issued for the subscription, oldest first:
	// flexible mode prices credits from them; classic mode uses them only for
	// CapCredits.
	Invoices []IssuedInvoice
	// CapCredits caps each classic credit for unused time at what was debited for
	// that time, less the credits already issued for it (as Flexprice does); it
	// needs Invoices.
	CapCredits bool
	// CreditFromHistory prices a termination's credit for unused time (Changes.CancelAt,
	// Changes.CancelNow with Prorate) from what the history debited for the current
	// period, not from the current price: per debit of the item, its amount × the
	// unused part of its period (counted by the proration convention), less what
	// earlier credits credited of it, its discounts and taxes credited in
	// proportion (Lago's termination credit note); Invoice.CreditNote settles it.
	// Classic mode only; it needs Invoices. Engine lago sets it when Invoices are
	// given (and CapCredits is not), with the day of the termination counted as
	// used.
	CreditFromHistory bool
	// TerminationRefund splits the credit priced from the history into a refund,
	// for each debit what was paid of it beyond the value of the time used, and a
	// credit balance for the rest (Lago's on_termination_credit_note "refund"); it
	// needs every credited invoice's IssuedInvoice.AmountPaid. Off: all of it is a
	// credit balance.
	TerminationRefund bool
	// Schedule, if non-nil, is the subscription's schedule: the preview and the
	// forecast follow its phases. Alone (no Subscription, no Changes) it describes a
	// new subscription that starts with its first phase.
	Schedule *Schedule
	// PreviewMode: the next invoice (zero value) or the recurring one.
	PreviewMode PreviewMode
	// Forecast asks for the invoices after the previewed one, at most [MaxForecast], in
	// [Invoice.Forecast]: each starts from the previous one's ending balance, and the
	// forecast stops early where the subscription ends. AggregatedUsage counts for the
	// previewed invoice only; Usage records count in the period they fall in.
	Forecast int
	// Usage maps a metered item's ID to its usage records.
	Usage map[string][]pricing.UsageRecord
	// AggregatedUsage maps a metered item's ID to its usage already aggregated for the
	// billed period (by the caller's own metering). It takes precedence over Usage.
	AggregatedUsage map[string]decimal.Decimal

	// MissingCouponCurrency says what becomes of an amount_off coupon without an
	// amount in Currency: refused (the zero value, as Stripe refuses it) or, with
	// discount.MissingCurrencySkipped, skipped and listed in
	// Invoice.UnappliedDiscounts with reason NoAmountInCurrency (as Lago skips it).
	MissingCouponCurrency discount.MissingCurrency
	// CouponRests gives, by coupon ID, what earlier invoices left of a once
	// amount_off coupon that carries its rest (discount.RestCarried, Lago's
	// fixed-amount coupon): the coupon is active on the invoice and takes up to that
	// rest; zero means it is used up. Each rest is in Currency, whole minor units,
	// at most the coupon's amount off. A coupon without an entry follows Stripe's
	// once rule (whole amount on the first invoice). A forecast fills it in for each
	// invoice from the one before (Invoice.CouponRests).
	CouponRests map[string]pricing.Money
	// Commitment, if non-nil, is a minimum the fees of each billing period must
	// reach (Lago's plan minimum commitment): an invoice that closes a period whose
	// counted fees fall short gets a true-up line for the difference. Nil: none (as
	// Stripe, which has no commitments).
	Commitment *Commitment
	// LicensedBilling says when licensed items are billed: in advance (the zero
	// value, as Stripe) or in arrears, the fee of a period billed by the invoice at
	// its end (Lago's plan with pay_in_advance false, Kill Bill's IN_ARREAR).
	LicensedBilling LicensedBilling
	// PlanChange says when a change of items applies: at once, per
	// Changes.Behavior (the zero value, as Stripe), or by Lago's rule
	// (PlanChangeByYearlyAmount): an upgrade at once, a downgrade at the period end.
	PlanChange PlanChangeRule
	// UsageBefore maps a metered item's ID to the usage of its current period that
	// earlier lines already billed (OpenMeter's split lines: progressive billing, a
	// line cut within the period): its usage line bills the units that follow,
	// cost(before + usage) − cost(before), the usage being that of the line's range
	// (its records, or AggregatedUsage). For per-unit prices (without
	// transform_quantity) and graduated tiers; empty, each line is priced on its own
	// (Stripe).
	UsageBefore map[string]decimal.Decimal
}
