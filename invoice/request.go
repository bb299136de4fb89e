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
	// Items are the subscription's items, in the order the invoice lists them; at most
	// [MaxItems]. All recurring items share one interval and interval count.
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
	Items []ItemChange
	// Behavior: create_prorations (zero value), always_invoice or none.
	Behavior proration.Behavior
	// ProrationDate is the instant of the change; the zero value means the request's Now.
	// It must lie in [Period.Start, Period.End).
	ProrationDate time.Time
	// ResetAnchor restarts the billing cycle at the proration date
	// (billing_cycle_anchor "now").
	ResetAnchor bool
}

// Request is everything a preview needs. Build it in Go, or decode it from the preview
// format with [DecodeRequest].
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
	// TaxRounding: per line (zero value) or per invoice.
	TaxRounding  TaxRounding
	Subscription Subscription
	// Changes, if non-nil, is the pending update to preview.
	Changes *Changes
	// Usage maps a metered item's ID to its usage records.
	Usage map[string][]pricing.UsageRecord
	// AggregatedUsage maps a metered item's ID to its usage already aggregated for the
	// billed period (by the caller's own metering). It takes precedence over Usage.
	AggregatedUsage map[string]decimal.Decimal
}
