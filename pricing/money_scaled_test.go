package pricing_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// checkFromScaled compares FromScaled(c, e) with New(decimal.New(c, e)): the same
// decimal back, the same text, and every operation of checkMoneyNum the same.
func checkFromScaled(coef int64, exp int32, other decimal.Decimal, c pricing.Currency) string {
	m, want := pricing.FromScaled(coef, exp, c), decimal.New(coef, exp)
	if s := sameOrDiff("from scaled", m.Amount(), want); s != "" {
		return s
	}
	if m.Currency() != c || m.String() != pricing.New(want, c).String() {
		return fmt.Sprintf("from scaled %d e%d %s: %s, want %s", coef, exp, c, m, pricing.New(want, c))
	}
	o := pricing.New(other, c)
	ref := pricing.New(want, c)
	got, _ := m.Add(o)
	exp2, _ := ref.Add(o)
	if s := sameOrDiff("from scaled, add", got.Amount(), exp2.Amount()); s != "" {
		return s
	}
	if s := sameOrDiff("from scaled, mul", m.Mul(other).Amount(), ref.Mul(other).Amount()); s != "" {
		return s
	}
	if s := sameOrDiff("from scaled, round", m.Round(pricing.HalfAwayFromZero).Amount(), ref.Round(pricing.HalfAwayFromZero).Amount()); s != "" {
		return s
	}
	gm, gerr := m.MinorUnits()
	wm, werr := ref.MinorUnits()
	if gm != wm || sentinel(gerr) != sentinel(werr) {
		return fmt.Sprintf("from scaled, minor units of %d e%d: got %d %v, want %d %v", coef, exp, gm, gerr, wm, werr)
	}
	return checkMoneyNum(want, other, c)
}

// scaledCoefficient generates int64 coefficients, often at and next to the int64
// extremes (where a coefficient stops fitting once negated or scaled).
func scaledCoefficient() gopter.Gen {
	return gen.Frequency(map[int]gopter.Gen{
		2: gen.OneConstOf(int64(0), int64(1), int64(-1), int64(math.MaxInt64), int64(math.MinInt64), int64(math.MinInt64+1),
			int64(999999999999999999), int64(-1000000000000000000)),
		4: gen.Int64Range(-99999, 99999),
		3: gen.Int64(),
	})
}

func TestFromScaledAgreesWithDecimal(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(2000))
	props.Property("FromScaled is New of the same decimal, across the int64 boundary", prop.ForAll(
		func(coef int64, exp int32, other decimal.Decimal, c pricing.Currency) string {
			return checkFromScaled(coef, exp, other, c)
		},
		scaledCoefficient(), gen.Int32Range(-24, 6), pricingtest.ArithmeticDecimal(), pricingtest.Currency()))
	props.TestingRun(t)
}

func FuzzFromScaled(f *testing.F) {
	f.Add(int64(1050), int8(-2), int64(3), int8(0), "USD")
	f.Add(int64(math.MinInt64), int8(-8), int64(-1), int8(0), "JPY")
	f.Add(int64(math.MaxInt64), int8(-20), int64(7), int8(-3), "CLF")
	f.Fuzz(func(t *testing.T, coef int64, exp int8, oc int64, oe int8, code string) {
		c, err := pricing.ParseCurrency(code)
		if err != nil {
			return
		}
		if s := checkFromScaled(coef, int32(exp)%30, decimal.New(oc, int32(oe)%30), c); s != "" {
			t.Fatal(s)
		}
	})
}
