package discount

import (
	"errors"
	"fmt"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// This file holds the discount conventions of other billing engines, each an option
// whose zero value is Stripe's rule:
//
//   - [CouponParams.AmountOffRest]: the unused rest of a once amount_off coupon
//     carries to later invoices (Lago) instead of being dropped (Stripe); [RestAfter]
//     says what carries, [Coupon.WithRest] is the coupon that carries it.
//   - [ApplyOptions.MissingCurrency]: an amount_off coupon without an amount in the
//     invoice's currency is skipped and reported (Lago) instead of refused.

// AmountOffRest says what becomes of the part of an amount_off coupon that an
// invoice cannot use (the invoice's covered lines total less than it).
type AmountOffRest uint8

const (
	// RestDropped drops it: the coupon takes at most what the invoice has (Stripe;
	// the default).
	RestDropped AmountOffRest = iota
	// RestCarried carries it to the next invoices until the whole amount is used, as
	// Lago does for a fixed-amount coupon of frequency once: the applied coupon stays
	// active with its remaining amount and is terminated only when an invoice takes
	// all of it (app/services/credits/applied_coupon_service.rb and
	// app/services/applied_coupons/amount_service.rb in github.com/getlago/lago-api).
	// Only a once amount_off coupon may carry its rest: Lago gives a recurring or
	// forever fixed amount anew each period.
	RestCarried
	numRests
)

// String returns "dropped" or "carried".
func (r AmountOffRest) String() string {
	switch r {
	case RestDropped:
		return "dropped"
	case RestCarried:
		return "carried"
	}
	return fmt.Sprintf("AmountOffRest(%d)", uint8(r))
}

// ParseAmountOffRest parses "dropped" or "carried".
func ParseAmountOffRest(s string) (AmountOffRest, error) {
	switch s {
	case "dropped":
		return RestDropped, nil
	case "carried":
		return RestCarried, nil
	}
	return 0, fmt.Errorf("amount_off rest %q: %w (want dropped or carried)", text.Truncate(s, 24), ErrInvalidCoupon)
}

// AmountOffRest returns what becomes of the amount off an invoice cannot use.
func (c Coupon) AmountOffRest() AmountOffRest { return c.rest }

// checkRest checks p.AmountOffRest: a declared value, and a carried rest only on a
// once amount_off coupon.
func checkRest(p CouponParams) error {
	switch {
	case p.AmountOffRest >= numRests:
		return fmt.Errorf("%w: amount_off rest %s (want RestDropped or RestCarried)", ErrInvalidCoupon, p.AmountOffRest)
	case p.AmountOffRest == RestCarried && p.AmountOff == nil:
		return fmt.Errorf("%w: only an amount_off coupon carries a rest", ErrInvalidCoupon)
	case p.AmountOffRest == RestCarried && p.Duration != Once:
		return fmt.Errorf("%w: a %s coupon gives its amount anew each invoice; only a once coupon carries a rest", ErrInvalidDuration, p.Duration)
	}
	return nil
}

// RestAfter returns what the amount_off coupon c leaves for later invoices after the
// invoice of results (in currency cur, as [Apply] returned them): its amount off in
// cur less every amount it took off the invoice's lines, whole in minor units and
// never negative. It is zero when c drops its rest ([RestDropped]) or the invoice
// used all of it. A percent coupon has no rest ([ErrInvalidCoupon]); a coupon
// without an amount in cur gives [ErrAmountOffCurrency].
func RestAfter(c Coupon, cur pricing.Currency, results []LineResult) (pricing.Money, error) {
	if c.id == "" {
		return pricing.Money{}, fmt.Errorf("coupon id %q: %w: not built by NewCoupon", c.id, ErrInvalidCoupon)
	}
	amt, err := c.AmountOffIn(cur)
	if err != nil {
		return pricing.Money{}, err
	}
	zero := pricing.FromMinor(0, cur)
	if c.rest != RestCarried {
		return zero, nil
	}
	used := zero
	for i := range results {
		for _, a := range results[i].Discounts {
			if a.Coupon != c.id {
				continue
			}
			if used, err = used.Add(a.Amount); err != nil {
				return pricing.Money{}, fmt.Errorf("coupon %q: line %d: %w", text.Truncate(c.id, 64), i, err)
			}
		}
	}
	rest, err := amt.Sub(used)
	if err != nil {
		return pricing.Money{}, err
	}
	if rest.Sign() < 0 {
		return zero, nil
	}
	return rest, nil
}

// WithRest returns the coupon that carries rest to the next invoice: c with its
// amount off replaced by rest and no currency options (the rest exists in one
// currency). rest must be positive, whole in minor units, and at most c's amount off
// in its currency ([ErrInvalidAmountOff]).
func (c Coupon) WithRest(rest pricing.Money) (Coupon, error) {
	if c.id == "" || c.amountOff == nil {
		return Coupon{}, fmt.Errorf("coupon id %q: %w: not an amount_off coupon built by NewCoupon", text.Truncate(c.id, 64), ErrInvalidCoupon)
	}
	amt, err := c.AmountOffIn(rest.Currency())
	if err != nil {
		return Coupon{}, err
	}
	if err := checkAmount(rest); err != nil {
		return Coupon{}, fmt.Errorf("coupon %q: rest %s: %w", text.Truncate(c.id, 64), shortMoney(rest), err)
	}
	if rest.Amount().GreaterThan(amt.Amount()) {
		return Coupon{}, fmt.Errorf("coupon %q: rest %s: %w: above the amount off %s", text.Truncate(c.id, 64), rest, ErrInvalidAmountOff, amt)
	}
	out := c
	out.amountOff, out.options = &rest, nil
	return out, nil
}

// MissingCurrency says what [ApplyWithOptions] does with an amount_off coupon that
// has no amount in the invoice's currency.
type MissingCurrency uint8

const (
	// MissingCurrencyRefused refuses the invoice with [ErrAmountOffCurrency] (the
	// default, as [Apply]: Stripe refuses such a coupon).
	MissingCurrencyRefused MissingCurrency = iota
	// MissingCurrencySkipped applies the other discounts and reports the coupon in
	// [Result].Skipped, as Lago skips a fixed-amount coupon whose currency is
	// not the invoice's (app/services/credits/applied_coupons_service.rb and
	// applied_coupon_service.rb in github.com/getlago/lago-api; Lago skips it silently,
	// pricekit reports it).
	MissingCurrencySkipped
	numMissingCurrencies
)

// ApplyOptions are the conventions of [ApplyWithOptions]; the zero value is [Apply]'s.
type ApplyOptions struct {
	// MissingCurrency says what becomes of an amount_off coupon without an amount in
	// the invoice's currency: refused (the default) or skipped and reported.
	MissingCurrency MissingCurrency
}

// ErrInvalidOptions: an [ApplyOptions] field is not one of its declared values.
var ErrInvalidOptions = errors.New("invalid discount options")

// Skipped is a discount that [ApplyWithOptions] did not apply, and why.
type Skipped struct {
	// Coupon is the coupon's id.
	Coupon string
	// Line is the index of the line whose item discount it is, or −1 for an invoice
	// discount.
	Line int
	// Discount is its index in the line's Discounts, or in the invoice discounts.
	Discount int
	// Err is why: it wraps [ErrAmountOffCurrency] and names the coupon and currency.
	Err error
}

// Result is what [ApplyWithOptions] returns.
type Result struct {
	// Lines are the lines' results, as [Apply] returns them.
	Lines []LineResult
	// Skipped are the discounts not applied, in order: invoice discounts first, then
	// each line's; empty when every discount applied.
	Skipped []Skipped
}

// ApplyWithOptions is [Apply] with the conventions of opts. With opts.MissingCurrency
// set to [MissingCurrencySkipped], an amount_off coupon without an amount in cur is
// left out (the other discounts apply as if it were not there) and reported in
// Result.Skipped, once per line or invoice list that carried it. The zero opts gives
// Apply's results and errors. A bad option is a [*pricing.FieldError] at its field,
// wrapping [ErrInvalidOptions].
func ApplyWithOptions(cur pricing.Currency, lines []Line, invoiceDiscounts []Discount, opts ApplyOptions) (Result, error) {
	if opts.MissingCurrency >= numMissingCurrencies {
		return Result{}, &pricing.FieldError{Field: "MissingCurrency", Err: fmt.Errorf("%w: missing currency %d (want MissingCurrencyRefused or MissingCurrencySkipped)", ErrInvalidOptions, opts.MissingCurrency)}
	}
	var skipped []Skipped
	if opts.MissingCurrency == MissingCurrencySkipped {
		var s []Skipped
		invoiceDiscounts, s = keepPayable(cur, invoiceDiscounts, -1)
		skipped = append(skipped, s...)
		copied := false
		for i := range lines {
			kept, s := keepPayable(cur, lines[i].Discounts, i)
			if len(s) == 0 {
				continue
			}
			if !copied { // the caller's lines are never written
				lines, copied = append([]Line(nil), lines...), true
			}
			lines[i].Discounts = kept
			skipped = append(skipped, s...)
		}
	}
	out, err := Apply(cur, lines, invoiceDiscounts)
	if err != nil {
		return Result{}, err
	}
	return Result{Lines: out, Skipped: skipped}, nil
}

// keepPayable returns the discounts of ds that are not amount_off coupons without an
// amount in cur (ds itself when none is left out), and the ones left out as
// Skipped of line.
func keepPayable(cur pricing.Currency, ds []Discount, line int) ([]Discount, []Skipped) {
	var kept []Discount
	var skipped []Skipped
	for k, d := range ds {
		c := d.Coupon
		if c.id != "" && !c.IsPercent() {
			if _, err := c.AmountOffIn(cur); errors.Is(err, ErrAmountOffCurrency) {
				if kept == nil {
					kept = append(make([]Discount, 0, len(ds)), ds[:k]...)
				}
				skipped = append(skipped, Skipped{Coupon: c.id, Line: line, Discount: k, Err: err})
				continue
			}
		}
		if kept != nil {
			kept = append(kept, d)
		}
	}
	if skipped == nil {
		return ds, nil
	}
	return kept, skipped
}
