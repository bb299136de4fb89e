//go:build !race

package pricing_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// A quote of a per-unit or a graduated price allocates nothing (the race detector's
// instrumentation is left out: it allocates on its own).
func TestQuoteAllocatesNothing(t *testing.T) {
	usd, _ := pricing.ParseCurrency("usd")
	unit, err := pricing.NewPrice(pricing.PriceParams{ID: "u", Currency: usd, UnitAmount: decimal.RequireFromString("12.50")})
	if err != nil {
		t.Fatal(err)
	}
	graduated, err := pricing.NewPrice(pricing.PriceParams{ID: "g", Currency: usd, BillingScheme: pricing.Tiered, Tiers: benchTiers(1000)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		price pricing.Price
		qty   decimal.Decimal
	}{
		{"per unit", unit, decimal.NewFromInt(17)},
		{"graduated, 1,000 tiers", graduated, decimal.NewFromInt(9995)},
	} {
		var q pricing.Quote
		allocs := testing.AllocsPerRun(100, func() { q, err = c.price.Quote(usd, c.qty) })
		if err != nil || allocs != 0 || q.Amount.IsZero() {
			t.Errorf("%s: %v allocations (err %v, amount %v), want none", c.name, allocs, err, q.Amount)
		}
	}
}
