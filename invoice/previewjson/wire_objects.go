package previewjson

import (
	"fmt"
	"reflect"
)

// The wire types of Stripe's Price, Product, Plan, Coupon, Discount and TaxRate, as
// the API returns them (and as the format's shorter v1 form writes them).

type priceWire struct {
	Object objectName[isPrice] `json:"object"`

	ID                ident                  `json:"id"`
	Nickname          text                   `json:"nickname"`
	Product           productRef             `json:"product"`
	Currency          text                   `json:"currency"`
	Type              text                   `json:"type"`
	BillingScheme     text                   `json:"billing_scheme"`
	TiersMode         text                   `json:"tiers_mode"`
	UnitAmount        integer                `json:"unit_amount" hint:"amount"`
	UnitAmountDecimal decimalNum             `json:"unit_amount_decimal"`
	Tiers             []tierWire             `json:"tiers" max:"1000"`
	TransformQuantity *transformWire         `json:"transform_quantity"`
	Recurring         *recurringWire         `json:"recurring"`
	CurrencyOptions   keyed[priceOptionWire] `json:"currency_options"`
	// price and usage conventions
	Dynamic    flag            `json:"dynamic"`
	Percentage *percentageWire `json:"percentage"`

	CustomUnitAmount unsupported[offNone]        `json:"custom_unit_amount" why:"customer-chosen amounts are not computed"`
	TaxBehavior      unsupported[offUnspecified] `json:"tax_behavior" why:"a price's tax behavior is used by automatic tax, which is not computed: leave it unspecified and give tax rates (their inclusive flag)"`

	Active    ignored `json:"active"`
	Created   ignored `json:"created"`
	Livemode  ignored `json:"livemode"`
	LookupKey ignored `json:"lookup_key"`
	Metadata  ignored `json:"metadata"`

	tierForms []tierForm // what Tiers wrote, once Tiers is let go (converted)
}

type priceOptionWire struct {
	UnitAmount        integer    `json:"unit_amount" hint:"amount"`
	UnitAmountDecimal decimalNum `json:"unit_amount_decimal"`
	Tiers             []tierWire `json:"tiers" max:"1000"`

	CustomUnitAmount unsupported[offNone]        `json:"custom_unit_amount" why:"customer-chosen amounts are not computed"`
	TaxBehavior      unsupported[offUnspecified] `json:"tax_behavior" why:"a price's tax behavior is used by automatic tax, which is not computed"`
}

// tierForm is which of a tier's amounts were written as integers of minor units
// (else as their _decimal twin): what a price's wire keeps of its tiers once they
// are converted.
type tierForm struct{ unitAmount, flatAmount bool }

type tierWire struct {
	UpTo              upTo       `json:"up_to"`
	UnitAmount        integer    `json:"unit_amount" hint:"amount"`
	UnitAmountDecimal decimalNum `json:"unit_amount_decimal"`
	FlatAmount        integer    `json:"flat_amount" hint:"amount"`
	FlatAmountDecimal decimalNum `json:"flat_amount_decimal"`
	BlockSize         integer    `json:"block_size"`
}

// upTo is a tier's bound: a number or decimal string, or "inf" or null (Stripe's
// open last tier).
type upTo struct {
	present bool // written, even as null
	inf     bool
	v       decimalNum
}

func (u *upTo) decodeJSON(d *decoder, raw []byte) error {
	*u = upTo{present: true}
	if raw[0] == 'n' || string(raw) == `"inf"` {
		u.inf = true
		return nil
	}
	if raw[0] == 't' || raw[0] == 'f' || raw[0] == '[' || raw[0] == '{' {
		return fmt.Errorf("%w: want a number or \"inf\", got %s", ErrInvalidValue, kindOf(raw))
	}
	return u.v.UnmarshalJSON(raw)
}

type transformWire struct {
	DivideBy  integer `json:"divide_by"`
	Round     text    `json:"round"`
	FreeUnits integer `json:"free_units"`
}

type recurringWire struct {
	Interval       text    `json:"interval"`
	IntervalCount  integer `json:"interval_count"`
	UsageType      text    `json:"usage_type"`
	AggregateUsage text    `json:"aggregate_usage"`
	// price and usage conventions
	BucketSize text `json:"bucket_size"`
	Prorated   flag `json:"prorated"`

	TrialPeriodDays unsupported[offNone] `json:"trial_period_days" why:"trials are not computed yet"`

	Meter ignored `json:"meter"`
}

// productRef is a price's product: its id, or the expanded Product object.
type productRef struct {
	set bool
	obj bool // written as an object
	id  ident
	p   productWire
}

type productWire struct {
	Object objectName[isProduct] `json:"object"`

	ID   ident `json:"id"`
	Name text  `json:"name"`

	Active              ignored `json:"active"`
	Attributes          ignored `json:"attributes"`
	Caption             ignored `json:"caption"`
	Created             ignored `json:"created"`
	DeactivateOn        ignored `json:"deactivate_on"`
	DefaultPrice        ignored `json:"default_price"`
	Description         ignored `json:"description"`
	Features            ignored `json:"features"`
	Images              ignored `json:"images"`
	Livemode            ignored `json:"livemode"`
	MarketingFeatures   ignored `json:"marketing_features"`
	Metadata            ignored `json:"metadata"`
	PackageDimensions   ignored `json:"package_dimensions"`
	Shippable           ignored `json:"shippable"`
	StatementDescriptor ignored `json:"statement_descriptor"`
	TaxCode             ignored `json:"tax_code"`
	Type                ignored `json:"type"`
	UnitLabel           ignored `json:"unit_label"`
	Updated             ignored `json:"updated"`
	URL                 ignored `json:"url"`
}

func (p *productRef) decodeJSON(d *decoder, raw []byte) error {
	*p = productRef{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		p.set = true
		return p.id.UnmarshalJSON(raw)
	case '{':
		p.set, p.obj = true, true
		return d.decodeValue(raw, &p.p)
	}
	return fmt.Errorf("%w: want a product id or a Product object, got %s", ErrInvalidValue, kindOf(raw))
}

// idOrObject is a member Stripe writes as an id or as the object T it names,
// expanded; N says which, for the error of any other value.
type idOrObject[T any, N refNames] struct {
	set bool
	id  ident
	obj *T
}

// refNames is what an idOrObject wants, in its error's words ("a price id or a
// Price object").
type refNames interface{ want() string }

func (r *idOrObject[T, N]) decodeJSON(d *decoder, raw []byte) error {
	*r = idOrObject[T, N]{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		r.set = true
		return r.id.UnmarshalJSON(raw)
	case '{':
		r.set, r.obj = true, new(T)
		return d.decodeValue(raw, r.obj)
	}
	var n N
	return fmt.Errorf("%w: want %s, got %s", ErrInvalidValue, n.want(), kindOf(raw))
}

// priceRef is an item's price: a Price object, or the id of one (of the request's
// prices, or of a price already on the subscription).
type priceRef = idOrObject[priceWire, priceNames]

type priceNames struct{}

func (priceNames) want() string { return "a Price object or a price id" }

// planWire is Stripe's legacy Plan, which a subscription item carries beside its
// price; it must agree with the price.
type planWire struct {
	Object objectName[isPlan] `json:"object"`

	ID             ident          `json:"id"`
	Nickname       text           `json:"nickname"`
	Product        productRef     `json:"product"`
	Currency       text           `json:"currency"`
	Amount         integer        `json:"amount" hint:"amount"`
	AmountDecimal  decimalNum     `json:"amount_decimal"`
	BillingScheme  text           `json:"billing_scheme"`
	TiersMode      text           `json:"tiers_mode"`
	Tiers          []tierWire     `json:"tiers" max:"1000"`
	TransformUsage *transformWire `json:"transform_usage"`
	Interval       text           `json:"interval"`
	IntervalCount  integer        `json:"interval_count"`
	UsageType      text           `json:"usage_type"`
	AggregateUsage text           `json:"aggregate_usage"`

	TrialPeriodDays unsupported[offNone] `json:"trial_period_days" why:"trials are not computed yet"`

	Active   ignored `json:"active"`
	Created  ignored `json:"created"`
	Livemode ignored `json:"livemode"`
	Metadata ignored `json:"metadata"`
	Meter    ignored `json:"meter"`
}

type couponWire struct {
	Object objectName[isCoupon] `json:"object"`

	ID               ident                   `json:"id"`
	Name             text                    `json:"name"`
	PercentOff       decimalNum              `json:"percent_off"`
	AmountOff        integer                 `json:"amount_off" hint:"amount"`
	Currency         text                    `json:"currency"`
	CurrencyOptions  keyed[couponOptionWire] `json:"currency_options"`
	Duration         text                    `json:"duration"`
	DurationInMonths integer                 `json:"duration_in_months"`
	AppliesTo        *appliesToWire          `json:"applies_to"`
	AmountOffRest    text                    `json:"amount_off_rest"`

	Created        ignored `json:"created"`
	Livemode       ignored `json:"livemode"`
	MaxRedemptions ignored `json:"max_redemptions"`
	Metadata       ignored `json:"metadata"`
	RedeemBy       ignored `json:"redeem_by"`
	TimesRedeemed  ignored `json:"times_redeemed"`
	Valid          ignored `json:"valid"`
}

type couponOptionWire struct {
	AmountOff integer `json:"amount_off" hint:"amount"`
}

type appliesToWire struct {
	Products []ident `json:"products" max:"1000"`
}

type discountWire struct {
	Object objectName[isDiscount] `json:"object"`

	ID     ident           `json:"id"`
	Coupon *couponWire     `json:"coupon"`
	Source *discountSource `json:"source"`
	Start  timestamp       `json:"start"`
	End    timestamp       `json:"end"`

	AmountOffRemaining integer `json:"amount_off_remaining" hint:"amount"`

	CheckoutSession  ignored `json:"checkout_session"`
	Customer         ignored `json:"customer"`
	CustomerAccount  ignored `json:"customer_account"`
	Invoice          ignored `json:"invoice"`
	InvoiceItem      ignored `json:"invoice_item"`
	PromotionCode    ignored `json:"promotion_code"`
	Subscription     ignored `json:"subscription"`
	SubscriptionItem ignored `json:"subscription_item"`
}

type discountSource struct {
	Coupon *couponWire `json:"coupon"`
	Type   text        `json:"type"`
}

// unexpanded is implemented by an object that Stripe may leave as its id: the slow
// path's message for an id written in its place says how to expand it.
type unexpanded interface {
	unexpanded(id string) error
}

func (*couponWire) unexpanded(id string) error {
	return fmt.Errorf("%w: %s is an unexpanded Coupon id: give the Coupon object (fetch with expand[]=discounts.source.coupon, or expand[]=items.data.discounts.source.coupon for an item's)", ErrInvalidValue, quote(id))
}

func (*discountWire) unexpanded(id string) error {
	return fmt.Errorf("%w: %s is an unexpanded Discount id: give the Discount object with its coupon (fetch the subscription with expand[]=discounts, or expand[]=items.data.discounts for an item's)", ErrInvalidValue, quote(id))
}

type taxRateWire struct {
	Object objectName[isTaxRate] `json:"object"`

	ID          ident      `json:"id"`
	DisplayName text       `json:"display_name"`
	Percentage  decimalNum `json:"percentage"`
	Inclusive   flag       `json:"inclusive"`

	FlatAmount unsupported[offNone]       `json:"flat_amount" why:"flat-amount tax rates are not computed"`
	RateType   unsupported[offPercentage] `json:"rate_type" why:"only percentage tax rates are computed"`

	Active              ignored `json:"active"`
	Country             ignored `json:"country"`
	Created             ignored `json:"created"`
	Description         ignored `json:"description"`
	EffectivePercentage ignored `json:"effective_percentage"`
	Jurisdiction        ignored `json:"jurisdiction"`
	JurisdictionLevel   ignored `json:"jurisdiction_level"`
	Livemode            ignored `json:"livemode"`
	Metadata            ignored `json:"metadata"`
	State               ignored `json:"state"`
	TaxType             ignored `json:"tax_type"`
}

// taxRateRef is an entry of a tax_rates list (always an expanded TaxRate in Stripe).
type taxRateRef = taxRateWire

// reflectValue returns the addressable value p points to.
func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }
