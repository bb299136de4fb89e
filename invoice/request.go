package invoice

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Limits of a preview, checked before any work is done.
const (
	MaxItems         = 10000   // subscription items, and item changes
	MaxTaxRates      = 10      // tax rates per item or per subscription
	MaxDiscounts     = 20      // discounts per item or per subscription
	MaxUsageRecords  = 1000000 // usage records over the whole request (JSON)
	MaxAppliesTo     = 1000    // products in a coupon's applies_to
	maxTaxPercentage = 100
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

// TaxRate is a percentage tax, as Stripe's TaxRate object. An exclusive rate is
// added on top of the line; an inclusive rate is contained in it and backed out.
type TaxRate struct {
	ID          string
	DisplayName string
	Percentage  decimal.Decimal // 20 for 20 %; 0 ≤ p ≤ 100, at most 4 decimal places
	Inclusive   bool
}

// hundredPercent is the largest tax percentage (a constant, never modified).
var hundredPercent = decimal.NewFromInt(maxTaxPercentage)

// Validate checks the percentage.
func (t TaxRate) Validate() error {
	p := t.Percentage
	if p.Sign() < 0 || p.GreaterThan(hundredPercent) || p.Exponent() < -4 && !p.Equal(p.Round(4)) {
		return fmt.Errorf("%w: percentage %s (want 0 to 100, at most 4 decimal places)", ErrInvalidTaxRate, p)
	}
	return nil
}

// Item is a subscription item: a price, a quantity, and optionally its own tax rates
// and discounts.
type Item struct {
	ID       string
	Price    pricing.Price
	Quantity decimal.Decimal
	// TaxRates replace the subscription's DefaultTaxRates for this item's lines when
	// non-nil (an empty, non-nil slice means "no tax").
	TaxRates []TaxRate
	// Discounts apply to this item's lines before the subscription's discounts. A
	// discount with a zero Start counts from the current period's start.
	Discounts []discount.Discount
}

// Subscription is the state a preview starts from.
type Subscription struct {
	// Period is the current billing period [current_period_start, current_period_end).
	Period proration.Period
	// Anchor is the billing cycle anchor; the zero value means Period.Start.
	Anchor time.Time
	Items  []Item
	// Discounts apply to every line after the items' own; a zero Start counts from
	// Period.Start.
	Discounts       []discount.Discount
	DefaultTaxRates []TaxRate
}

// ItemChange updates, adds or removes one item, as an entry of Stripe's
// subscription_details.items.
type ItemChange struct {
	// ID names the item to change; an empty or unknown ID adds a new item (with that ID,
	// or "new_N" when empty).
	ID string
	// Price replaces the item's price when non-nil (required for a new item).
	Price *pricing.Price
	// Quantity replaces the item's quantity when non-nil (default 1 for a new item).
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
