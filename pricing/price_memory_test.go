package pricing_test

import (
	"runtime"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// TestTieredPriceMemory: a price keeps its tiers in its own exact form only, not
// the decimals it was built from (their big integers would double what a request
// of many tiered prices holds): 200 prices of 1,000 tiers retain at most 64 bytes a
// tier (four exact values of 12 bytes), and each gives its tiers back exactly as built.
func TestTieredPriceMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 200,000 tiers")
	}
	usd, _ := pricing.ParseCurrency("usd")
	build := func(k int) pricing.PriceParams {
		tiers := make([]pricing.Tier, 1000)
		for i := range tiers {
			tiers[i] = pricing.Tier{UpTo: decimal.NewFromInt(int64(i+1) * 10), UnitAmount: decimal.New(int64(1000-i+k), -2), FlatAmount: decimal.NewFromInt(int64(i % 3))}
		}
		tiers[len(tiers)-1] = pricing.Tier{Inf: true, UnitAmount: decimal.New(1, -2)}
		return pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, Tiers: tiers}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	prices := make([]pricing.Price, 200)
	for k := range prices {
		p, err := pricing.NewPrice(build(k))
		if err != nil {
			t.Fatal(err)
		}
		prices[k] = p
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perTier := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / (200 * 1000)
	t.Logf("%d bytes a tier", perTier)
	if perTier > 64 {
		t.Errorf("a tier retains %d bytes, want at most 64", perTier)
	}
	want := build(7)
	got := prices[7].Params().Tiers
	for i := range want.Tiers {
		w, g := want.Tiers[i], got[i]
		if w.Inf != g.Inf || w.UpTo.String() != g.UpTo.String() || w.UpTo.Exponent() != g.UpTo.Exponent() ||
			w.UnitAmount.String() != g.UnitAmount.String() || w.UnitAmount.Exponent() != g.UnitAmount.Exponent() ||
			w.FlatAmount.String() != g.FlatAmount.String() || w.FlatAmount.Exponent() != g.FlatAmount.Exponent() || w.BlockSize != g.BlockSize {
			t.Fatalf("tier %d: got %+v, want %+v", i, g, w)
		}
	}
	runtime.KeepAlive(prices)
}
