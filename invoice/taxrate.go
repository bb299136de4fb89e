package invoice

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// MaxTaxPercentage is the largest tax percentage, 100 %.
const MaxTaxPercentage = 100

// hundredPercent is the largest tax percentage (a constant, never modified).
var hundredPercent = decimal.NewFromInt(MaxTaxPercentage)

// TaxRateParams are the fields of a tax rate, as Stripe's TaxRate object; [NewTaxRate]
// validates them.
type TaxRateParams struct {
	// ID identifies the rate; the invoice's totals group taxes by it. Empty is allowed:
	// rates without an ID are grouped by percentage and inclusiveness.
	ID string
	// DisplayName is shown on the invoice ("VAT"); empty shows the ID.
	DisplayName string
	// Percentage is the rate in percent (20 for 20 %): 0 ≤ p ≤ 100, at most 4 decimal places.
	Percentage decimal.Decimal
	// Inclusive marks a rate contained in the line's amount (backed out of it); an
	// exclusive rate is added on top of the line.
	Inclusive bool
}

// TaxRate is a validated, immutable percentage tax, built by [NewTaxRate]. The zero
// value is an exclusive rate of 0 % without an ID.
type TaxRate struct {
	id, displayName string
	percentage      decimal.Decimal
	inclusive       bool
}

// NewTaxRate validates p and returns the rate. A bad percentage is a
// [*pricing.FieldError] at "Percentage" wrapping [ErrInvalidTaxRate].
func NewTaxRate(p TaxRateParams) (TaxRate, error) {
	pct := p.Percentage
	if pct.Sign() < 0 || pct.GreaterThan(hundredPercent) || pct.Exponent() < -4 && !pct.Equal(pct.Round(4)) {
		return TaxRate{}, &pricing.FieldError{Field: "Percentage",
			Err: fmt.Errorf("%w: percentage %s (want 0 to 100, at most 4 decimal places)", ErrInvalidTaxRate, pct)}
	}
	return TaxRate{id: p.ID, displayName: p.DisplayName, percentage: pct, inclusive: p.Inclusive}, nil
}

// MustTaxRate is [NewTaxRate] for rates known to be valid, such as constants in
// tests and examples; it panics on an invalid rate.
func MustTaxRate(p TaxRateParams) TaxRate {
	r, err := NewTaxRate(p)
	if err != nil {
		panic(err)
	}
	return r
}

// ID returns the rate's ID.
func (t TaxRate) ID() string { return t.id }

// DisplayName returns the name shown on the invoice.
func (t TaxRate) DisplayName() string { return t.displayName }

// Percentage returns the rate in percent (20 for 20 %).
func (t TaxRate) Percentage() decimal.Decimal { return t.percentage }

// Inclusive reports whether the rate is contained in the line's amount.
func (t TaxRate) Inclusive() bool { return t.inclusive }

// Params returns the fields the rate was built from.
func (t TaxRate) Params() TaxRateParams {
	return TaxRateParams{ID: t.id, DisplayName: t.displayName, Percentage: t.percentage, Inclusive: t.inclusive}
}

// Equal reports whether t and u are the same rate: same ID, name, percentage and
// inclusiveness.
func (t TaxRate) Equal(u TaxRate) bool {
	return t.id == u.id && t.displayName == u.displayName && t.inclusive == u.inclusive && t.percentage.Equal(u.percentage)
}
