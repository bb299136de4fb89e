package pricing_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// minorUnitsOfDecimal is Money.MinorUnits computed on the decimal alone.
func minorUnitsOfDecimal(d decimal.Decimal, c pricing.Currency) (int64, error) {
	if e := d.Exponent() + c.Digits(); e >= 0 && e <= 18 {
		if d.Sign() == 0 {
			return 0, nil
		}
		if n := int32(d.NumDigits()); n+e <= 18 {
			return d.CoefficientInt64() * int64(math.Pow10(int(e))), nil
		}
	}
	if err := pricing.CheckScaledDecimal(d, c.Digits()); err != nil {
		return 0, err
	}
	s := d.Shift(c.Digits())
	if !s.IsInteger() {
		return 0, pricing.ErrNotWholeMinorUnits
	}
	b := s.BigInt()
	if !b.IsInt64() || b.Int64() == math.MinInt64 {
		return 0, pricing.ErrOutOfRange
	}
	return b.Int64(), nil
}

// sentinel returns the package sentinel err wraps, or err.
func sentinel(err error) error {
	for _, s := range []error{pricing.ErrOutOfRange, pricing.ErrTooPrecise, pricing.ErrNotWholeMinorUnits} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

// checkMoneyNum compares the Money operations that have an integer path with the
// same computed on the decimal alone.
func checkMoneyNum(a, b decimal.Decimal, c pricing.Currency) string {
	m, o := pricing.New(a, c), pricing.New(b, c)
	if s := sameOrDiff("amount", m.Amount(), a); s != "" {
		return s
	}
	sum, _ := m.Add(o)
	diff, _ := m.Sub(o)
	cmp, _ := m.Cmp(o)
	for _, x := range []struct {
		what      string
		got, want decimal.Decimal
	}{
		{"add", sum.Amount(), a.Add(b)},
		{"sub", diff.Amount(), a.Sub(b)},
		{"mul", m.Mul(b).Amount(), a.Mul(b)},
		{"neg", m.Neg().Amount(), a.Neg()},
		{"abs", m.Abs().Amount(), a.Abs()},
		{"round", m.Round(pricing.HalfAwayFromZero).Amount(), a.Round(c.Digits())},
		{"round to", m.RoundTo(c.Digits()+1, pricing.HalfEven).Amount(), a.RoundBank(c.Digits() + 1)},
		{"minor decimal", m.MinorDecimal(), a.Shift(c.Digits())},
	} {
		if s := sameOrDiff(x.what, x.got, x.want); s != "" {
			return s
		}
	}
	if cmp != a.Cmp(b) || m.Sign() != a.Sign() || m.IsZero() != a.IsZero() || m.IsNegative() != a.IsNegative() || m.Equal(o) != a.Equal(b) {
		return fmt.Sprintf("compare %s %s", a, b)
	}
	gm, gerr := m.MinorUnits()
	wm, werr := minorUnitsOfDecimal(a, c)
	if gm != wm || sentinel(gerr) != sentinel(werr) {
		return fmt.Sprintf("minor units of %s %s: got %d %v, want %d %v", a, c, gm, gerr, wm, werr)
	}
	if g, w := pricing.CheckMoneyBounds(m), pricing.CheckScaledDecimal(a, c.Digits()); sentinel(g) != sentinel(w) {
		return fmt.Sprintf("bounds of %s %s: got %v, want %v", a, c, g, w)
	}
	if coef, exp, ok := m.Scaled(); ok != (a.NumDigits() <= 18) || (ok && !same(decimal.New(coef, exp), a)) {
		return fmt.Sprintf("scaled of %s: %d %d %v", a, coef, exp, ok)
	}
	if g, w := string(text.AppendMoney(nil, m)), string(text.AppendDecimalPlaces(nil, a, c.Digits()))+" "+c.Code(); g != w {
		return fmt.Sprintf("money text of %s %s: got %s, want %s", a, c, g, w)
	}
	if g, w := string(m.AppendText(nil)), string(text.AppendDecimalPlaces(nil, a, c.Digits())); g != w {
		return fmt.Sprintf("text of %s %s: got %s, want %s", a, c, g, w)
	}
	return ""
}

func TestMoneyAgreesWithDecimal(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(2000))
	props.Property("Money's integer paths agree with decimals, across the int64 boundary", prop.ForAll(
		func(a, b decimal.Decimal, c pricing.Currency) string { return checkMoneyNum(a, b, c) },
		pricingtest.ArithmeticDecimal(), pricingtest.ArithmeticDecimal(), pricingtest.Currency()))
	props.TestingRun(t)
}

func FuzzMoneyNum(f *testing.F) {
	f.Add(int64(1050), int8(-2), int64(-3), int8(-4), "USD")
	f.Add(int64(math.MaxInt64), int8(-2), int64(math.MinInt64), int8(0), "JPY")
	f.Add(int64(999999999999999999), int8(-15), int64(1), int8(-12), "CLF")
	f.Fuzz(func(t *testing.T, ac int64, ae int8, bc int64, be int8, code string) {
		c, err := pricing.ParseCurrency(code)
		if err != nil {
			return
		}
		if s := checkMoneyNum(decimal.New(ac, int32(ae)%30), decimal.New(bc, int32(be)%30), c); s != "" {
			t.Fatal(s)
		}
	})
}
