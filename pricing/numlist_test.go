package pricing_test

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// A list of exact values gives back each value it was given, coefficient and
// exponent, whether all of them fit the compact form or one of them (anywhere in
// the list) does not.
func TestNumListKeepsValues(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(1000))
	props.Property("stored and read back, the same decimals", prop.ForAll(func(ds []decimal.Decimal) string {
		got := pricing.NumListRoundTrip(ds)
		if len(got) != len(ds) {
			return "length changed"
		}
		for i := range ds {
			if s := sameOrDiff("value", got[i], ds[i]); s != "" {
				return s
			}
		}
		return ""
	}, gen.SliceOf(pricingtest.AnyDecimal())))
	props.TestingRun(t)
}

func TestNumListWideAfterNarrow(t *testing.T) {
	wide := decimal.RequireFromString("123456789012345678901234567890.5")
	for _, ds := range [][]decimal.Decimal{
		{decimal.New(1, -2), decimal.New(-7, 3), wide},
		{wide, decimal.New(5, 0)},
		{decimal.New(0, -2), wide, decimal.New(0, 0)},
		{},
	} {
		got := pricing.NumListRoundTrip(ds)
		for i := range ds {
			if s := sameOrDiff("value", got[i], ds[i]); s != "" {
				t.Error(s)
			}
		}
	}
}
