package pricing

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/intmath"
	"github.com/pricekit/pricekit/internal/text"
)

// Money is an exact amount in one currency, in major units (10.50 USD is 10.50, not
// 1050). It is an immutable value: every operation returns a new Money. An amount
// may carry more decimals than the currency's minor unit (a unit price of 0.0005 USD,
// a prorated value before rounding); [Money.Round] brings it to the minor unit.
//
// The zero value is zero with no currency; combining it with any other Money is a
// currency mismatch.
//
// Arithmetic is exact: in int64 while the amount's coefficient fits, in
// shopspring/decimal beyond, with the same result either way. Compare Money values
// with [Money.Equal], not ==.
type Money struct {
	n        num
	currency Currency
}

// New returns amount (in major units) of currency c. It does not check bounds; use
// [CheckMoneyBounds] on values that come from outside.
func New(amount decimal.Decimal, c Currency) Money { return Money{n: numKept(amount), currency: c} }

// Zero returns zero of currency c.
func Zero(c Currency) Money { return Money{currency: c} }

// FromMinor returns the amount given as an integer of minor units (1050 → 10.50 USD,
// 500 → 500 JPY), the unit every payment API uses.
func FromMinor(minor int64, c Currency) Money {
	n := numInt(minor)
	n.e = -c.Digits()
	if n.form == formWide {
		n.d = decimal.New(minor, -c.Digits())
	}
	return Money{n: n, currency: c}
}

// FromScaled returns coefficient × 10^exponent major units of c (1050 and −2 are
// 10.50), the value [Money.Scaled] gives back, without making a decimal: the same
// Money as New(decimal.New(coefficient, exponent), c).
func FromScaled(coefficient int64, exponent int32, c Currency) Money {
	n := numInt(coefficient)
	n.e = exponent
	if n.form == formWide {
		n.d = decimal.New(coefficient, exponent)
	}
	return Money{n: n, currency: c}
}

// FromMinorDecimal returns the amount given as a decimal number of minor units
// (Stripe's unit_amount_decimal: "0.05" USD cents is 0.0005 USD).
func FromMinorDecimal(minor decimal.Decimal, c Currency) Money {
	return Money{n: numKept(minor.Shift(-c.Digits())), currency: c}
}

// ParseMoney parses a decimal amount in major units of c ("10.50", "1e3") exactly.
// The amount in minor units must lie within the library's bounds (see [ParseDecimal]).
func ParseMoney(s string, c Currency) (Money, error) {
	if c.IsZero() {
		return Money{}, fmt.Errorf("%w: no currency", ErrUnknownCurrency)
	}
	d, err := parseScaled(s, c.Digits(), 0)
	if err != nil {
		return Money{}, err
	}
	return Money{n: numKept(d), currency: c}, nil
}

// ParseMinor parses an amount written in minor units of c ("1050" is 10.50 USD,
// "0.05" is 0.0005 USD: Stripe's unit_amount and unit_amount_decimal) exactly. The
// amount in minor units must lie within the library's bounds (see [ParseDecimal]).
func ParseMinor(s string, c Currency) (Money, error) {
	if c.IsZero() {
		return Money{}, fmt.Errorf("%w: no currency", ErrUnknownCurrency)
	}
	d, err := parseScaled(s, 0, c.Digits())
	if err != nil {
		return Money{}, err
	}
	return Money{n: numKept(d), currency: c}, nil
}

// Amount returns the amount in major units (a new decimal.Decimal for an amount held
// in an int64).
func (m Money) Amount() decimal.Decimal { return m.n.dec() }

// Currency returns the currency.
func (m Money) Currency() Currency { return m.currency }

// MinorDecimal returns the amount in minor units, as an exact decimal.
func (m Money) MinorDecimal() decimal.Decimal { return m.n.dec().Shift(m.currency.Digits()) }

// MinorUnits returns the amount as an integer number of minor units. It fails with
// [ErrNotWholeMinorUnits] if the amount has more decimals than the currency (round it
// first), and with [ErrOutOfRange] if it does not fit in an int64.
func (m Money) MinorUnits() (int64, error) {
	// Fast path: a small coefficient at the currency's scale or above it (a whole
	// amount: 10^e minor units per unit of the coefficient).
	if e := m.n.e + m.currency.Digits(); m.n.form != formWide && e >= 0 && e <= 18 {
		if m.n.c == 0 {
			return 0, nil
		}
		if n := int32(text.CountDigits(absU(m.n.c))); n+e <= 18 {
			return m.n.c * int64(intmath.Pow10(e)), nil
		}
	}
	amount := m.n.dec()
	if err := checkScaled(amount, m.currency.Digits()); err != nil {
		return 0, err
	}
	d := amount.Shift(m.currency.Digits())
	if !d.IsInteger() {
		return 0, fmt.Errorf("%w: %s", ErrNotWholeMinorUnits, m)
	}
	b := d.BigInt()
	if !b.IsInt64() || b.Int64() == math.MinInt64 {
		return 0, fmt.Errorf("%w: %s does not fit in int64 minor units", ErrOutOfRange, m)
	}
	return b.Int64(), nil
}

func (m Money) same(o Money) error {
	if m.currency != o.currency {
		return fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, codeOrNone(m.currency), codeOrNone(o.currency))
	}
	return nil
}

func codeOrNone(c Currency) string {
	if c.IsZero() {
		return "(no currency)"
	}
	return c.Code()
}

// Add returns m + o. Different currencies are an error wrapping [ErrCurrencyMismatch].
func (m Money) Add(o Money) (Money, error) {
	if err := m.same(o); err != nil {
		return Money{}, err
	}
	return Money{n: m.n.add(o.n), currency: m.currency}, nil
}

// Sub returns m − o. Different currencies are an error wrapping [ErrCurrencyMismatch].
func (m Money) Sub(o Money) (Money, error) {
	if err := m.same(o); err != nil {
		return Money{}, err
	}
	return Money{n: m.n.sub(o.n), currency: m.currency}, nil
}

// Neg returns −m.
func (m Money) Neg() Money { return Money{n: m.n.neg(), currency: m.currency} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{n: m.n.abs(), currency: m.currency} }

// Mul returns m × factor, exactly (no rounding).
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{n: m.n.mul(numOf(factor)), currency: m.currency}
}

// Cmp compares m and o: −1 if m < o, 0 if equal, +1 if m > o. Different currencies
// are an error wrapping [ErrCurrencyMismatch].
func (m Money) Cmp(o Money) (int, error) {
	if err := m.same(o); err != nil {
		return 0, err
	}
	return m.n.cmp(o.n), nil
}

// Equal reports whether m and o have the same currency and the same value
// (10.5 equals 10.50).
func (m Money) Equal(o Money) bool { return m.currency == o.currency && m.n.equal(o.n) }

// Sign returns −1, 0 or +1.
func (m Money) Sign() int { return m.n.sign() }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.n.sign() == 0 }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.n.sign() < 0 }

// Round rounds m to its currency's minor unit with the given mode.
func (m Money) Round(mode RoundingMode) Money {
	return Money{n: m.n.round(m.currency.Digits(), mode), currency: m.currency}
}

// RoundTo rounds m to scale decimal places (in major units) with the given mode.
func (m Money) RoundTo(scale int32, mode RoundingMode) Money {
	return Money{n: m.n.round(scale, mode), currency: m.currency}
}

// RoundToIncrement rounds m to a multiple of increment, in major units (0.05 for
// Swiss franc cash rounding).
func (m Money) RoundToIncrement(increment decimal.Decimal, mode RoundingMode) (Money, error) {
	d, err := RoundToIncrement(m.n.dec(), increment, mode)
	if err != nil {
		return Money{}, err
	}
	return Money{n: numKept(d), currency: m.currency}, nil
}

// Convert returns m × rate in currency to, unrounded. The rate (units of to per unit
// of m's currency) is the caller's: pricekit holds no rate table and does no I/O.
func (m Money) Convert(to Currency, rate decimal.Decimal) (Money, error) {
	if to.IsZero() {
		return Money{}, fmt.Errorf("%w: no target currency", ErrUnknownCurrency)
	}
	if rate.Sign() <= 0 {
		return Money{}, fmt.Errorf("%w: exchange rate %s must be positive", ErrInvalidRate, text.ShortDecimal(rate))
	}
	if err := CheckBounds(rate); err != nil {
		return Money{}, fmt.Errorf("exchange rate: %w", err)
	}
	return Money{n: m.n.mul(numOf(rate)), currency: to}, nil
}

// Scaled returns the amount in major units as coefficient × 10^exponent (1050 and −2
// for 10.50), with ok, when the coefficient fits an int64, without making a decimal;
// else ok is false and [Money.Amount] has the value.
func (m Money) Scaled() (coefficient int64, exponent int32, ok bool) {
	if m.n.form == formWide {
		return 0, 0, false
	}
	return m.n.c, m.n.e, true
}

// String formats m as "10.50 USD": at least the currency's decimals, more if the
// amount has them.
func (m Money) String() string {
	return string(m.AppendText(nil)) + " " + codeOrNone(m.currency)
}

// AppendText appends the amount without its currency ("10.50", "0.0005", "-3") to b:
// at least the currency's decimals, more if the amount has them.
func (m Money) AppendText(b []byte) []byte {
	if m.n.form != formNarrow {
		return text.AppendDecimalPlaces(b, m.n.d, m.currency.Digits())
	}
	return text.AppendScaled(b, m.n.c, m.n.e, m.currency.Digits())
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON encodes m as {"amount":"10.50","currency":"USD"}, with the amount as an
// exact decimal string in major units. It round-trips exactly through UnmarshalJSON.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.currency.IsZero() {
		return nil, fmt.Errorf("%w: cannot encode money without a currency", ErrUnknownCurrency)
	}
	return json.Marshal(moneyJSON{Amount: m.n.dec().String(), Currency: m.currency.Code()})
}

// UnmarshalJSON decodes the form written by MarshalJSON, checking the currency and
// the bounds of the amount.
func (m *Money) UnmarshalJSON(b []byte) error {
	var v moneyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	c, err := ParseCurrency(v.Currency)
	if err != nil {
		return err
	}
	out, err := ParseMoney(v.Amount, c)
	if err != nil {
		return err
	}
	*m = out
	return nil
}

// Sum returns the sum of ms, all of which must be in currency c.
func Sum(c Currency, ms ...Money) (Money, error) {
	total := Zero(c)
	for i, x := range ms {
		if x.currency != c {
			return Money{}, fmt.Errorf("amount %d: %w", i, total.same(x))
		}
		total.n = total.n.add(x.n)
	}
	return total, nil
}
