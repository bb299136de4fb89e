package invoice

import (
	"fmt"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// TestExclusiveTaxProperty checks the integer path of an exclusive tax against the
// decimal computation it replaces: the same rounded amount and the same exact one.
func TestExclusiveTaxProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	props.Property("exclusive tax in integers is the decimal one", prop.ForAll(
		func(minor int64, pctCoef int64, pctPlaces int, code string) string {
			c, _ := pricing.ParseCurrency(code)
			net := pricing.FromMinor(minor, c)
			r := TaxRate{id: "t", percentage: decimal.New(pctCoef, -int32(pctPlaces))} // beyond 100 % too: the integer path itself
			exact := net.MinorDecimal().Mul(r.Percentage()).Shift(-2)
			wantAmount := pricing.FromMinorDecimal(exact.Round(0), c)
			var got TaxAmount
			if !exclusiveTax(&got, net, &r, c) {
				return fmt.Sprintf("%s at %s%%: integer path refused", net, r.Percentage())
			}
			if !got.Amount.Equal(wantAmount) || !got.Unrounded.Amount().Equal(exact.Shift(-c.Digits())) || !got.Taxable.Equal(net) {
				return fmt.Sprintf("%s at %s%%: %s (exact %s), want %s (exact %s)", net, r.Percentage(), got.Amount, got.Unrounded, wantAmount, exact.Shift(-c.Digits()))
			}
			return ""
		}, pricingtest.MinorUnits(1e12), gen.Int64Range(0, 1000000), gen.IntRange(0, 4), gen.OneConstOf("USD", "JPY", "KWD")))
	props.TestingRun(t)
}

// TestLookupProperty checks the lookup of the invoice's totals against a plain scan:
// a sequence of keys, each found or appended as totals does, gives every key the
// index of its first appearance, with few distinct keys (scanned) and many (mapped).
// Keys are filed coarsely (their value mod 5) to exercise entries sharing a key.
func TestLookupProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("lookup finds the first entry of each key", prop.ForAll(
		func(keys []int) string {
			var l lookup[int]
			var entries []int
			for n, k := range keys {
				i := l.find(len(entries), k%5, func(i int) bool { return entries[i] == k })
				if i < 0 {
					i = len(entries)
					entries = append(entries, k)
					l.file(len(entries), k%5, func(i int) int { return entries[i] % 5 })
				}
				if entries[i] != k || slices.Index(entries, k) != i {
					return fmt.Sprintf("key %d (position %d): entry %d holds %d", k, n, i, entries[i])
				}
			}
			return ""
		}, gen.SliceOf(gen.IntRange(0, 40))))
	props.TestingRun(t)
}
