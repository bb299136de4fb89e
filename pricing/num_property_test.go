package pricing_test

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// same reports whether a and b have the same coefficient and exponent (not only the
// same value): what "bit for bit" means for shopspring/decimal.
func same(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// sameOrDiff returns "" when got and want are the same decimal, else both.
func sameOrDiff(op string, got, want decimal.Decimal) string {
	if same(got, want) {
		return ""
	}
	return fmt.Sprintf("%s: got %s (coefficient %s, exponent %d), want %s (coefficient %s, exponent %d)",
		op, got, got.Coefficient(), got.Exponent(), want, want.Coefficient(), want.Exponent())
}

// checkNum compares every operation of the integer arithmetic with shopspring/decimal's
// on a and b; it returns the first difference.
func checkNum(a, b decimal.Decimal, scale int32, mode pricing.RoundingMode) string {
	for _, c := range []struct {
		op        string
		got, want decimal.Decimal
	}{
		{"add", pricing.NumAdd(a, b), a.Add(b)},
		{"sub", pricing.NumSub(a, b), a.Sub(b)},
		{"mul", pricing.NumMul(a, b), a.Mul(b)},
		{"neg", pricing.NumNeg(a), a.Neg()},
		{"abs", pricing.NumAbs(a), a.Abs()},
		{"round", pricing.NumRound(a, scale, mode), pricing.Round(a, scale, mode)},
	} {
		if s := sameOrDiff(fmt.Sprintf("%s %s %s", c.op, a, b), c.got, c.want); s != "" {
			return s
		}
	}
	if got, want := pricing.NumCmp(a, b), a.Cmp(b); got != want {
		return fmt.Sprintf("cmp %s %s: got %d, want %d", a, b, got, want)
	}
	return ""
}

func TestNumAgreesWithDecimal(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(3000))
	mode := gen.IntRange(0, 7).Map(func(v int) pricing.RoundingMode { return pricing.RoundingMode(v) })
	props.Property("integer paths and decimals agree, across the int64 boundary", prop.ForAll(
		func(a, b decimal.Decimal, scale int32, m pricing.RoundingMode) string {
			return checkNum(a, b, scale, m)
		},
		pricingtest.ArithmeticDecimal(), pricingtest.ArithmeticDecimal(), gen.Int32Range(-3, 22), mode))
	props.TestingRun(t)
}

func TestNumEdges(t *testing.T) {
	str := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	maxI := decimal.NewFromInt(math.MaxInt64)
	minI := decimal.NewFromInt(math.MinInt64)
	cases := []struct{ a, b decimal.Decimal }{
		{decimal.Zero, decimal.New(125, -2)},                      // decimal.Zero and a zero of another exponent
		{decimal.Decimal{}, decimal.New(0, -3)},                   // zeros of different exponents
		{maxI, decimal.NewFromInt(1)},                             // sum past int64
		{minI, decimal.NewFromInt(-1)},                            // MinInt64 is held wide
		{decimal.New(999999999999999999, 0), decimal.New(1, 0)},   // 18 digits to 19
		{decimal.New(1, 0), decimal.New(1, -18)},                  // aligned to 10^18: fits
		{decimal.New(10, 0), decimal.New(1, -18)},                 // aligned to 10^19: does not
		{decimal.New(3037000500, 0), decimal.New(3037000500, 0)},  // product just past int64
		{decimal.New(3037000499, 0), decimal.New(-3037000499, 0)}, // product just within
		{str("123456789012345678901234"), decimal.New(5, -1)},     // wide × narrow
		{decimal.New(-15, -1), decimal.New(25, -1)},               // ties for every mode
		{decimal.New(-5, -19), decimal.New(5, -20)},               // 19 and 20 digits dropped
	}
	for _, c := range cases {
		for scale := int32(-2); scale <= 20; scale++ {
			for m := pricing.RoundingMode(0); m <= 7; m++ {
				if s := checkNum(c.a, c.b, scale, m); s != "" {
					t.Fatal(s)
				}
			}
		}
	}
	// the cases cross the boundary: narrow operands, a result that is not
	if a, b := cases[4].a, cases[4].b; !pricing.NumNarrow(a) || !pricing.NumNarrow(b) || pricing.NumNarrow(a.Add(b)) {
		t.Error("999999999999999999 + 1 should take narrow operands to a wide result")
	}
	if a, b := cases[7].a, cases[7].b; !pricing.NumNarrow(a) || pricing.NumNarrow(a.Mul(b)) {
		t.Error("3037000500² should overflow int64")
	}
	if pricing.NumNarrow(maxI) || pricing.NumNarrow(minI) || !pricing.NumNarrow(decimal.New(-999999999999999999, 3)) || pricing.NumNarrow(str("1234567890123456789")) || !pricing.NumNarrow(decimal.New(999999999999999999, -40)) {
		t.Error("narrow: 18-digit coefficients are held in an int64, 19-digit ones (MaxInt64, MinInt64) in a decimal")
	}
}

func FuzzNum(f *testing.F) {
	f.Add(int64(1250), int8(-2), int64(17), int8(0), int8(2), uint8(0))
	f.Add(int64(math.MaxInt64), int8(0), int64(1), int8(0), int8(0), uint8(1))
	f.Add(int64(math.MinInt64), int8(-5), int64(-1), int8(3), int8(4), uint8(5))
	f.Add(int64(-15), int8(-1), int64(999999999999999999), int8(-20), int8(0), uint8(2))
	f.Fuzz(func(t *testing.T, ac int64, ae int8, bc int64, be int8, scale int8, mode uint8) {
		a, b := decimal.New(ac, int32(ae)), decimal.New(bc, int32(be))
		// a and b × 10^20 + 7 are wide: the mixed and wide paths too
		wide := decimal.NewFromBigInt(new(big.Int).Add(new(big.Int).Mul(b.Coefficient(), tenTo20), seven), int32(be))
		for _, y := range []decimal.Decimal{b, wide} {
			if s := checkNum(a, y, int32(scale)%24, pricing.RoundingMode(mode%8)); s != "" {
				t.Fatal(s)
			}
		}
	})
}

var (
	tenTo20 = new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	seven   = big.NewInt(7)
)
