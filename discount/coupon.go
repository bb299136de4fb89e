package discount

import (
	"fmt"
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// Duration says for how long a coupon applies, as Stripe's coupon.duration. The zero
// value is [Once], Stripe's default.
type Duration uint8

// The coupon durations.
const (
	Once      Duration = iota // the first invoice at or after the discount's start only
	Repeating                 // invoices whose period starts before start + DurationInMonths months
	Forever                   // every invoice from the discount's start on
	numDurations
)

var durationNames = [numDurations]string{"once", "repeating", "forever"}

// String returns the Stripe name ("once", "repeating", "forever").
func (d Duration) String() string {
	if d < numDurations {
		return durationNames[d]
	}
	return fmt.Sprintf("Duration(%d)", uint8(d))
}

// Valid reports whether d is one of the declared durations.
func (d Duration) Valid() bool { return d < numDurations }

// ParseDuration returns the duration with the given Stripe name: "once",
// "repeating" or "forever".
func ParseDuration(s string) (Duration, error) {
	for i, n := range durationNames {
		if n == s {
			return Duration(i), nil
		}
	}
	return 0, fmt.Errorf("duration %q: %w (want once, repeating or forever)", text.Truncate(s, 24), ErrInvalidDuration)
}

// MaxDurationInMonths is the longest a repeating coupon may last (100 years).
const MaxDurationInMonths = 1200

// CouponParams are the fields of a coupon, as Stripe's Coupon object; [NewCoupon]
// validates them. Amounts are in major units (5.00 USD is 5, not 500).
type CouponParams struct {
	// ID is the coupon's id; required, and what errors and lines name it by.
	ID string
	// Name is the coupon's display name; it may be empty.
	Name string
	// PercentOff is the percentage taken off, 0 < p ≤ 100 (at most 12 decimals); zero
	// when AmountOff is set.
	PercentOff decimal.Decimal
	// AmountOff is the amount taken off each invoice (or item), with its currency; a
	// positive whole number of minor units. Nil for a percent coupon.
	AmountOff *pricing.Money
	// CurrencyOptions gives amount_off in other currencies, major units (Stripe's
	// currency_options[cur].amount_off); nil (the default) means AmountOff's currency
	// only. Only an amount coupon may have them.
	CurrencyOptions map[pricing.Currency]decimal.Decimal
	// MaxDiscount optionally caps, per currency, what a percent coupon takes off one
	// invoice ("20 % off, at most 50 USD"), major units. A currency without an entry
	// is not capped. This is a pricekit extension; Stripe coupons have no cap.
	MaxDiscount map[pricing.Currency]decimal.Decimal
	// Duration says which invoices the coupon applies to; the zero value is [Once].
	Duration Duration
	// DurationInMonths is required (1 to 1200 calendar months) for Repeating and must
	// be 0 (the default) otherwise.
	DurationInMonths int
	// AppliesToProducts restricts the coupon to lines of these product ids (Stripe's
	// applies_to.products). Nil (the default) covers every product; a non-nil empty
	// list is refused, since it would cover nothing, and so is an empty id in it.
	AppliesToProducts []string
	// AmountOffRest says what becomes of the part of an amount_off an invoice cannot
	// use: [RestDropped] (the default, as Stripe) drops it; [RestCarried] (Lago)
	// carries it to later invoices, for a once amount_off coupon only. See [RestAfter].
	AmountOffRest AmountOffRest
}

// Coupon is a validated, immutable coupon, built by [NewCoupon]. The zero value is
// not a coupon: [Apply] refuses it.
type Coupon struct {
	id, name   string
	percent    decimal.Decimal // zero for an amount_off coupon
	rate       decimal.Decimal // percent / 100, exact
	amountOff  *pricing.Money  // nil for a percent coupon
	options    map[pricing.Currency]pricing.Money
	caps       map[pricing.Currency]pricing.Money
	duration   Duration
	months     int
	products   []string
	productSet map[string]struct{} // for long product lists only
	rest       AmountOffRest
}

var hundred = decimal.NewFromInt(100)

// NewCoupon validates p once and returns the coupon. Exactly one of PercentOff and
// AmountOff must be set; every amount must lie within the library's bounds
// ([pricing.CheckBounds], [pricing.CheckMoneyBounds]) and be a whole number of minor
// units. An error is a [*pricing.FieldError] whose Field is the path of the offending
// field in p ("PercentOff", "CurrencyOptions[EUR]", "MaxDiscount[EUR]",
// "AppliesToProducts[3]", currency codes in upper case); its cause names the coupon
// and the value and wraps [ErrInvalidCoupon] (and a more precise sentinel).
func NewCoupon(p CouponParams) (Coupon, error) {
	if p.ID == "" {
		return Coupon{}, &pricing.FieldError{Field: "ID", Err: fmt.Errorf("%w: the id is empty", ErrInvalidCoupon)}
	}
	id := text.Truncate(p.ID, 64)
	fail := func(field string, format string, args ...any) (Coupon, error) {
		return Coupon{}, &pricing.FieldError{Field: field, Err: fmt.Errorf("coupon %q: "+format, append([]any{id}, args...)...)}
	}
	c := Coupon{id: p.ID, name: p.Name, duration: p.Duration, months: p.DurationInMonths, rest: p.AmountOffRest}
	hasPct, hasAmt := !p.PercentOff.IsZero(), p.AmountOff != nil
	switch {
	case hasPct && hasAmt:
		return fail("AmountOff", "%w: amount_off %s with percent_off %s: set exactly one", ErrInvalidCoupon, shortMoney(*p.AmountOff), text.ShortDecimal(p.PercentOff))
	case !hasPct && !hasAmt:
		return fail("PercentOff", "%w: neither percent_off nor amount_off is set", ErrInvalidCoupon)
	case hasPct:
		// Bounds first: comparing decimal.New(1, 999999999) with 100 would expand it.
		if err := pricing.CheckBounds(p.PercentOff); err != nil {
			return fail("PercentOff", "%w: %s (%w)", ErrPercentRange, text.ShortDecimal(p.PercentOff), err)
		}
		if p.PercentOff.Sign() < 0 || p.PercentOff.GreaterThan(hundred) {
			return fail("PercentOff", "%w: %s", ErrPercentRange, text.ShortDecimal(p.PercentOff))
		}
		c.percent = p.PercentOff
		c.rate = p.PercentOff.Shift(-2)
	default:
		a := *p.AmountOff
		if err := checkAmount(a); err != nil {
			return fail("AmountOff", "%w: %s", err, shortMoney(a))
		}
		c.amountOff = &a
	}
	if len(p.CurrencyOptions) > 0 {
		if !hasAmt {
			return fail("CurrencyOptions", "%w: only an amount_off coupon has currency options", ErrInvalidCoupon)
		}
		c.options = make(map[pricing.Currency]pricing.Money, len(p.CurrencyOptions))
		for _, cur := range sortedKeys(p.CurrencyOptions) {
			m := pricing.New(p.CurrencyOptions[cur], cur)
			if cur.IsZero() {
				return fail("CurrencyOptions", "%w: no currency for amount_off %s", ErrInvalidAmountOff, text.ShortDecimal(m.Amount()))
			}
			field := "CurrencyOptions[" + cur.Code() + "]"
			if err := checkAmount(m); err != nil {
				return fail(field, "%w: %s", err, shortMoney(m))
			}
			if cur == c.amountOff.Currency() && !m.Equal(*c.amountOff) {
				return fail(field, "%w: %s differs from amount_off %s", ErrInvalidAmountOff, m, *c.amountOff)
			}
			c.options[cur] = m
		}
	}
	if len(p.MaxDiscount) > 0 {
		if !hasPct {
			return fail("MaxDiscount", "%w: amount_off coupons have no cap", ErrInvalidMaxDiscount)
		}
		c.caps = make(map[pricing.Currency]pricing.Money, len(p.MaxDiscount))
		for _, cur := range sortedKeys(p.MaxDiscount) {
			m := pricing.New(p.MaxDiscount[cur], cur)
			if cur.IsZero() {
				return fail("MaxDiscount", "%w: no currency for %s", ErrInvalidMaxDiscount, text.ShortDecimal(m.Amount()))
			}
			field := "MaxDiscount[" + cur.Code() + "]"
			if err := pricing.CheckMoneyBounds(m); err != nil {
				return fail(field, "%w: %s (%w)", ErrInvalidMaxDiscount, shortMoney(m), err)
			}
			if m.Sign() < 0 || !m.MinorDecimal().IsInteger() {
				return fail(field, "%w: %s", ErrInvalidMaxDiscount, m)
			}
			c.caps[cur] = m
		}
	}
	switch p.Duration {
	case Repeating:
		if p.DurationInMonths < 1 || p.DurationInMonths > MaxDurationInMonths {
			return fail("DurationInMonths", "%w: %d months (want 1 to %d with repeating)", ErrInvalidDuration, p.DurationInMonths, MaxDurationInMonths)
		}
	case Once, Forever:
		if p.DurationInMonths != 0 {
			return fail("DurationInMonths", "%w: %d months: only a repeating coupon has them (duration is %s)", ErrInvalidDuration, p.DurationInMonths, p.Duration)
		}
	default:
		return fail("Duration", "%w: %s (want once, repeating or forever)", ErrInvalidDuration, p.Duration)
	}
	if err := checkRest(p); err != nil {
		return fail("AmountOffRest", "%w", err)
	}
	if p.AppliesToProducts != nil {
		if len(p.AppliesToProducts) == 0 {
			return fail("AppliesToProducts", "%w: an empty list covers nothing; leave it nil to cover every product", ErrInvalidCoupon)
		}
		c.products = make([]string, len(p.AppliesToProducts))
		for i, prod := range p.AppliesToProducts {
			if prod == "" {
				return fail(fmt.Sprintf("AppliesToProducts[%d]", i), "%w: empty product id", ErrInvalidCoupon)
			}
			c.products[i] = prod
		}
		if len(c.products) > 8 {
			c.productSet = make(map[string]struct{}, len(c.products))
			for _, prod := range c.products {
				c.productSet[prod] = struct{}{}
			}
		}
	}
	return c, nil
}

// checkAmount checks an amount_off: a currency, within bounds, positive, whole in
// minor units.
func checkAmount(m pricing.Money) error {
	if m.Currency().IsZero() {
		return fmt.Errorf("%w: no currency", ErrInvalidAmountOff)
	}
	if err := pricing.CheckMoneyBounds(m); err != nil {
		return fmt.Errorf("%w (%w)", ErrInvalidAmountOff, err)
	}
	if m.Sign() <= 0 || !m.MinorDecimal().IsInteger() {
		return ErrInvalidAmountOff
	}
	return nil
}

// shortMoney formats m for an error message, even when it is out of bounds.
func shortMoney(m pricing.Money) string {
	if pricing.CheckMoneyBounds(m) != nil {
		code := "(no currency)"
		if !m.Currency().IsZero() {
			code = m.Currency().Code()
		}
		return text.ShortDecimal(m.Amount()) + " " + code
	}
	return m.String()
}

// sortedKeys returns the currencies of m in code order, so that errors are
// deterministic.
func sortedKeys(m map[pricing.Currency]decimal.Decimal) []pricing.Currency {
	out := make([]pricing.Currency, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code() < out[j].Code() })
	return out
}

// ID returns the coupon's id.
func (c Coupon) ID() string { return c.id }

// Name returns the coupon's display name (may be empty).
func (c Coupon) Name() string { return c.name }

// PercentOff returns the percentage off, or zero for an amount_off coupon.
func (c Coupon) PercentOff() decimal.Decimal { return c.percent }

// IsPercent reports whether the coupon takes a percentage off (false: an amount off).
func (c Coupon) IsPercent() bool { return c.amountOff == nil }

// AmountOff returns the coupon's amount off in its own currency; false for a percent
// coupon.
func (c Coupon) AmountOff() (pricing.Money, bool) {
	if c.amountOff == nil {
		return pricing.Money{}, false
	}
	return *c.amountOff, true
}

// MaxDiscountIn returns the cap of a percent coupon per invoice in cur; false if it
// has none in cur.
func (c Coupon) MaxDiscountIn(cur pricing.Currency) (pricing.Money, bool) {
	m, ok := c.caps[cur]
	return m, ok
}

// Duration returns once, repeating or forever.
func (c Coupon) Duration() Duration { return c.duration }

// DurationInMonths returns how many months a repeating coupon lasts (0 otherwise).
func (c Coupon) DurationInMonths() int { return c.months }

// AppliesToProducts returns a copy of the products the coupon is restricted to; nil
// means every product.
func (c Coupon) AppliesToProducts() []string { return append([]string(nil), c.products...) }

// AppliesTo reports whether the coupon covers lines of product.
func (c Coupon) AppliesTo(product string) bool {
	if len(c.products) == 0 {
		return true
	}
	if c.productSet != nil {
		_, ok := c.productSet[product]
		return ok
	}
	for _, p := range c.products {
		if p == product {
			return true
		}
	}
	return false
}

// AmountOffIn returns the amount off in cur: the coupon's own amount if cur is its
// currency, else its currency option for cur, else an error wrapping
// [ErrAmountOffCurrency] that names the coupon and the currency.
func (c Coupon) AmountOffIn(cur pricing.Currency) (pricing.Money, error) {
	if c.amountOff == nil {
		return pricing.Money{}, fmt.Errorf("coupon %q: %w: a percent coupon has no amount_off", text.Truncate(c.id, 64), ErrInvalidCoupon)
	}
	if c.amountOff.Currency() == cur {
		return *c.amountOff, nil
	}
	if m, ok := c.options[cur]; ok {
		return m, nil
	}
	code := "(no currency)"
	if !cur.IsZero() {
		code = cur.LowerCode()
	}
	return pricing.Money{}, fmt.Errorf("coupon %q: currency %s: %w (amount_off is in %s, currency_options has no %s)",
		text.Truncate(c.id, 64), code, ErrAmountOffCurrency, c.amountOff.Currency().LowerCode(), code)
}

// Equal reports whether c and d are the same coupon: every field equal (id, name,
// percent off, amount off, currency options, caps, duration, months, the product
// list in order, and the amount off's rest). Amounts are compared by value and
// currency ([pricing.Money.Equal]), so 5 and 5.00 USD are equal. Two zero Coupons are
// equal.
func (c Coupon) Equal(d Coupon) bool {
	if c.id != d.id || c.name != d.name || !c.percent.Equal(d.percent) || c.duration != d.duration || c.months != d.months || c.rest != d.rest {
		return false
	}
	if (c.amountOff == nil) != (d.amountOff == nil) || (c.amountOff != nil && !c.amountOff.Equal(*d.amountOff)) {
		return false
	}
	return equalMoneyMaps(c.options, d.options) && equalMoneyMaps(c.caps, d.caps) && slices.Equal(c.products, d.products)
}

// equalMoneyMaps reports whether a and b hold equal amounts for the same currencies.
func equalMoneyMaps(a, b map[pricing.Currency]pricing.Money) bool {
	if len(a) != len(b) {
		return false
	}
	for cur, m := range a {
		n, ok := b[cur]
		if !ok || !m.Equal(n) {
			return false
		}
	}
	return true
}
