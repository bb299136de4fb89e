package proration

import (
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

// Apply's int64 path and its decimal fallback give round(full × remaining ÷ total),
// half away from zero, exactly: checked against big.Rat on amounts of every size,
// up to and across the int64 boundary, in currencies of 0 to 3 decimals.
func TestApplyIsExactProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(400))
	curs := []string{"jpy", "usd", "kwd"}
	props.Property("Apply = round(full × remaining ÷ total)", prop.ForAll(func(coef int64, shift int, exp int32, rem, total int64, ci int) string {
		cur, _ := pricing.ParseCurrency(curs[ci])
		if total <= 0 || rem < 0 || rem > total {
			return ""
		}
		c := decimal.New(coef, 0).Shift(int32(shift))
		full := pricing.New(c.Shift(exp), cur)
		f := Factor{Remaining: rem, Total: total}
		got := f.Apply(full)
		want := new(big.Rat).Mul(full.Amount().Rat(), big.NewRat(rem, total))
		want.Mul(want, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur.Digits())), nil)))
		// round half away from zero
		num, den := new(big.Int).Abs(want.Num()), want.Denom()
		q, r := new(big.Int).QuoRem(num, den, new(big.Int))
		if r.Lsh(r, 1).Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		if want.Sign() < 0 {
			q.Neg(q)
		}
		if !got.MinorDecimal().Equal(decimal.NewFromBigInt(q, 0)) {
			return "got " + got.String() + " want minor " + q.String() + " of " + full.String()
		}
		return ""
	},
		gen.OneGenOf(gen.Int64Range(-1e6, 1e6), gen.Int64(), gen.Const(int64(math.MaxInt64)), gen.Const(int64(math.MinInt64+1))),
		gen.IntRange(0, 3), gen.Int32Range(-6, 2),
		gen.Int64Range(0, 1e7), gen.OneGenOf(gen.Int64Range(1, 1e7), gen.Const(int64(math.MaxInt64))), gen.IntRange(0, 2)))
	props.TestingRun(t)
}
