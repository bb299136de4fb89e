// Package discount applies coupons to invoice lines, the way Stripe does.
//
//	rule                | how
//	--------------------|------------------------------------------------------------------
//	order               | item discounts first, then invoice (subscription) discounts; within
//	                    | each list in order, each on the amount left after the ones before
//	percent_off p       | per covered line: round(left × p / 100), half away from zero; also
//	                    | on proration lines (on a credit the discount is negative: it shrinks)
//	percent cap         | optional MaxDiscount per invoice: the coupon's line discounts are
//	                    | reduced to total the cap exactly (floor, leftover to largest)
//	amount_off a        | spread over covered non-proration lines with a positive amount left,
//	                    | in proportion to those amounts: floor each share, leftover units one
//	                    | each to the largest lines first (500 over 1000, 2000 → 166, 334);
//	                    | never below zero; what cannot be used is dropped, not carried over
//	applies_to products | a coupon covers only lines of the listed products (all if empty)
//	duration            | once: the first invoice at or after its start; repeating N: invoices
//	                    | whose period starts before start + N months; forever: every invoice
//
// The package knows nothing of prices or invoices: callers hand it lines.
package discount

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// Sentinel errors, wrapped with the coupon and the offending value.
var (
	ErrInvalidCoupon     = errors.New("invalid coupon")                        // missing ID, both or neither of percent/amount, bad duration
	ErrPercentRange      = errors.New("percent_off must be in (0, 100]")       // percent out of range
	ErrAmountOffCurrency = errors.New("coupon has no amount in this currency") // amount_off unavailable in the invoice currency
)

// Duration says for how long a coupon applies. The zero value is [Once].
type Duration uint8

const (
	Once      Duration = iota // the first invoice at or after the discount's start
	Repeating                 // invoices whose period starts before start + DurationInMonths months
	Forever                   // every invoice from the start on
)

var durationNames = [...]string{"once", "repeating", "forever"}

// String returns the Stripe name.
func (d Duration) String() string {
	if int(d) < len(durationNames) {
		return durationNames[d]
	}
	return fmt.Sprintf("Duration(%d)", uint8(d))
}

// ParseDuration parses "once", "repeating" or "forever".
func ParseDuration(s string) (Duration, error) {
	for i, n := range durationNames {
		if n == s {
			return Duration(i), nil
		}
	}
	return 0, fmt.Errorf("%w: duration %q (want once, repeating or forever)", ErrInvalidCoupon, s)
}

// CouponParams are the fields of a coupon, validated by [NewCoupon]. Amounts are in
// major units.
type CouponParams struct {
	ID, Name          string
	PercentOff        decimal.Decimal                      // 0 < p ≤ 100, or zero with AmountOff
	AmountOff         *pricing.Money                       // nil for a percent coupon
	CurrencyOptions   map[pricing.Currency]decimal.Decimal // amount_off in other currencies
	MaxDiscount       map[pricing.Currency]decimal.Decimal // optional cap per invoice of a percent coupon
	Duration          Duration
	DurationInMonths  int      // 1 to 1200 for Repeating, else 0
	AppliesToProducts []string // empty: every product
}

// Coupon is a validated, immutable coupon.
type Coupon struct {
	id, name  string
	percent   decimal.Decimal
	amountOff *pricing.Money
	options   map[pricing.Currency]decimal.Decimal
	caps      map[pricing.Currency]decimal.Decimal
	duration  Duration
	months    int
	products  []string
}

// NewCoupon validates p and returns the coupon.
func NewCoupon(p CouponParams) (Coupon, error) {
	id := p.ID
	if id == "" {
		return Coupon{}, fmt.Errorf("%w: id is empty", ErrInvalidCoupon)
	}
	c := Coupon{id: id, name: p.Name, duration: p.Duration, months: p.DurationInMonths}
	hasPct, hasAmt := !p.PercentOff.IsZero(), p.AmountOff != nil
	switch {
	case hasPct && hasAmt:
		return Coupon{}, fmt.Errorf("coupon %q: %w: both percent_off and amount_off", id, ErrInvalidCoupon)
	case !hasPct && !hasAmt:
		return Coupon{}, fmt.Errorf("coupon %q: %w: neither percent_off nor amount_off", id, ErrInvalidCoupon)
	case hasPct:
		if p.PercentOff.Sign() <= 0 || p.PercentOff.GreaterThan(decimal.NewFromInt(100)) {
			return Coupon{}, fmt.Errorf("coupon %q: percent_off %s: %w", id, p.PercentOff, ErrPercentRange)
		}
		if err := pricing.CheckBounds(p.PercentOff); err != nil {
			return Coupon{}, fmt.Errorf("coupon %q: percent_off: %w", id, err)
		}
		c.percent = p.PercentOff
	default:
		a := *p.AmountOff
		if a.Currency().IsZero() {
			return Coupon{}, fmt.Errorf("coupon %q: amount_off: %w", id, pricing.ErrUnknownCurrency)
		}
		if a.Sign() <= 0 {
			return Coupon{}, fmt.Errorf("coupon %q: amount_off %s: %w: must be positive", id, a, ErrInvalidCoupon)
		}
		if err := pricing.CheckMoneyBounds(a); err != nil {
			return Coupon{}, fmt.Errorf("coupon %q: amount_off: %w", id, err)
		}
		c.amountOff = &a
	}
	for cur, v := range p.CurrencyOptions {
		if !hasAmt {
			return Coupon{}, fmt.Errorf("coupon %q: currency_options with percent_off: %w", id, ErrInvalidCoupon)
		}
		if cur.IsZero() {
			return Coupon{}, fmt.Errorf("coupon %q: currency_options: %w", id, pricing.ErrUnknownCurrency)
		}
		m := pricing.New(v, cur)
		if v.Sign() <= 0 {
			return Coupon{}, fmt.Errorf("coupon %q: currency_options.%s.amount_off %s: %w: must be positive", id, cur.LowerCode(), m, ErrInvalidCoupon)
		}
		if err := pricing.CheckMoneyBounds(m); err != nil {
			return Coupon{}, fmt.Errorf("coupon %q: currency_options.%s.amount_off: %w", id, cur.LowerCode(), err)
		}
		if c.options == nil {
			c.options = map[pricing.Currency]decimal.Decimal{}
		}
		c.options[cur] = v
	}
	for cur, v := range p.MaxDiscount {
		if !hasPct {
			return Coupon{}, fmt.Errorf("coupon %q: a cap needs percent_off: %w", id, ErrInvalidCoupon)
		}
		if cur.IsZero() || v.Sign() < 0 {
			return Coupon{}, fmt.Errorf("coupon %q: cap %s %s: %w", id, v, cur, ErrInvalidCoupon)
		}
		if err := pricing.CheckMoneyBounds(pricing.New(v, cur)); err != nil {
			return Coupon{}, fmt.Errorf("coupon %q: cap: %w", id, err)
		}
		if c.caps == nil {
			c.caps = map[pricing.Currency]decimal.Decimal{}
		}
		c.caps[cur] = v
	}
	switch p.Duration {
	case Repeating:
		if p.DurationInMonths < 1 || p.DurationInMonths > 1200 {
			return Coupon{}, fmt.Errorf("coupon %q: duration_in_months %d (want 1 to 1200 with repeating): %w", id, p.DurationInMonths, ErrInvalidCoupon)
		}
	case Once, Forever:
		if p.DurationInMonths != 0 {
			return Coupon{}, fmt.Errorf("coupon %q: duration_in_months %d needs duration repeating: %w", id, p.DurationInMonths, ErrInvalidCoupon)
		}
	default:
		return Coupon{}, fmt.Errorf("coupon %q: duration %s: %w", id, p.Duration, ErrInvalidCoupon)
	}
	c.products = append([]string(nil), p.AppliesToProducts...)
	return c, nil
}

// ID returns the coupon's ID.
func (c Coupon) ID() string { return c.id }

// Name returns the coupon's name.
func (c Coupon) Name() string { return c.name }

// PercentOff returns the percentage off, or zero for an amount-off coupon.
func (c Coupon) PercentOff() decimal.Decimal { return c.percent }

// IsPercent reports whether the coupon takes a percentage off.
func (c Coupon) IsPercent() bool { return c.amountOff == nil }

// Duration returns once, repeating or forever.
func (c Coupon) Duration() Duration { return c.duration }

// DurationInMonths returns the months a repeating coupon lasts.
func (c Coupon) DurationInMonths() int { return c.months }

// AppliesTo reports whether the coupon covers lines of product.
func (c Coupon) AppliesTo(product string) bool {
	if len(c.products) == 0 {
		return true
	}
	for _, p := range c.products {
		if p == product {
			return true
		}
	}
	return false
}

// AmountOffIn returns the amount off in cur: the coupon's own amount if cur is its
// currency, else its currency option for cur.
func (c Coupon) AmountOffIn(cur pricing.Currency) (pricing.Money, error) {
	if c.amountOff == nil {
		return pricing.Money{}, fmt.Errorf("coupon %q: %w: it is a percent coupon", c.id, ErrInvalidCoupon)
	}
	if c.amountOff.Currency() == cur {
		return *c.amountOff, nil
	}
	if v, ok := c.options[cur]; ok {
		return pricing.New(v, cur), nil
	}
	return pricing.Money{}, fmt.Errorf("coupon %q: %w: %s (amount_off is in %s)", c.id, ErrAmountOffCurrency, cur, c.amountOff.Currency())
}

// Discount is a coupon applied to a subscription or an item from Start on.
type Discount struct {
	Coupon Coupon
	Start  time.Time
}

// End returns when a repeating discount ends: Start + DurationInMonths months, the day
// of month clamped to the month's end.
func (d Discount) End() (time.Time, bool) {
	if d.Coupon.duration != Repeating {
		return time.Time{}, false
	}
	t, err := pricing.Month.Add(d.Start, d.Coupon.months)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// ActiveFor reports whether the discount applies to an invoice whose billed period
// starts at periodStart, the previous invoice having been issued at since.
func (d Discount) ActiveFor(periodStart, since time.Time) bool {
	if d.Start.After(periodStart) {
		return false
	}
	switch d.Coupon.duration {
	case Forever:
		return true
	case Repeating:
		end, ok := d.End()
		return !ok || periodStart.Before(end)
	default:
		return !d.Start.Before(since)
	}
}

// Line is an invoice line as discounts see it.
type Line struct {
	Amount    pricing.Money // rounded; negative for a proration credit
	Product   string
	Proration bool
	// Item identifies the subscription item the line belongs to: an item-level
	// amount_off discount is spread over the lines of its item only.
	Item      string
	Discounts []Discount // the item's active discounts, in order
}

// Applied is what one coupon took off a line.
type Applied struct {
	Coupon string
	Amount pricing.Money // positive reduces the line; negative shrinks a credit
	how    how
}

// how records how an Applied amount was computed; Rule renders it.
type how struct {
	percent  decimal.Decimal // percent coupons
	base     pricing.Money   // the line's amount left before this discount
	uncapped pricing.Money   // a capped percent discount before the cap
	pool     *pool           // amount-off spreads and caps: shared by the lines of one application
}

// pool is one application of an amount (amount_off, or a cap) over several lines.
type pool struct {
	amount  pricing.Money   // the amount spread
	weights []pricing.Money // the lines' shares' weights, in order
	dropped pricing.Money   // what could not be used (amount_off only)
}

// Rule says which rule produced the amount, for a support agent: "20% of 100.00 EUR =
// 20.00 EUR", or "5.00 USD off spread over 2 line(s) in proportion to 10.00, 20.00
// (floor, leftover to largest) = 1.66 USD".
func (a Applied) Rule() string {
	h := a.how
	switch {
	case h.pool == nil:
		return fmt.Sprintf("%s%% of %s = %s", h.percent, h.base, a.Amount)
	case h.percent.IsZero():
		r := fmt.Sprintf("%s off spread over %d line(s) in proportion to %s (floor, leftover to largest) = %s", h.pool.amount, len(h.pool.weights), joinAmounts(h.pool.weights), a.Amount)
		if !h.pool.dropped.IsZero() {
			r += fmt.Sprintf("; %s could not be used and is dropped", h.pool.dropped)
		}
		return r
	default:
		return fmt.Sprintf("%s%% of %s = %s, reduced to %s: share of the %s cap in proportion to %s (floor, leftover to largest)",
			h.percent, h.base, h.uncapped, a.Amount, h.pool.amount, joinAmounts(h.pool.weights))
	}
}

// LineResult is a line's discounts and what is left.
type LineResult struct {
	Discounts []Applied
	Net       pricing.Money
}

func joinAmounts(ms []pricing.Money) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.Amount().StringFixed(m.Currency().Digits())
	}
	return strings.Join(s, ", ")
}
