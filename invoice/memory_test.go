package invoice

import (
	"runtime"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// TestManyTieredLinesMemory: an invoice of 2,000 lines of a 1,000-tier graduated
// price keeps no tier breakdowns (2,000,000 of them took gigabytes); the retained
// invoice stays under 64 MB, and an explanation lists the first and last tiers and
// sums the others, so that it stays small.
func TestManyTieredLinesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 quotes of 1,000 tiers")
	}
	tiers := make([]pricing.Tier, 1000)
	for i := range tiers {
		tiers[i] = pricing.Tier{UpTo: decimal.NewFromInt(int64(i+1) * 10), UnitAmount: decimal.New(int64(1000-i), -2), FlatAmount: decimal.NewFromInt(1)}
	}
	tiers[len(tiers)-1] = pricing.Tier{Inf: true, UnitAmount: decimal.New(1, -2)}
	price, err := pricing.NewPrice(pricing.PriceParams{ID: "graduated", Currency: ruleUSD, BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated,
		Tiers: tiers, Recurring: &pricing.Recurring{Interval: pricing.Month}})
	if err != nil {
		t.Fatal(err)
	}
	items := make([]Item, 2000)
	for i := range items {
		items[i] = Item{Price: price, Quantity: Qty(20000)}
	}
	req := ruleRequest(t, items...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if retained > 64<<20 {
		t.Errorf("the invoice retains %d MB, want under 64 MB", retained>>20)
	}
	if n := len(inv.Lines); n != 2000 {
		t.Fatalf("%d lines", n)
	}
	expl := inv.Lines[1999].Explanation()
	if c := countSubstr(expl, "Tier "); c != MaxListedTiers || countSubstr(expl, "Tiers 7 to 994 in full") != 1 {
		t.Errorf("the explanation lists %d tiers one by one, want %d and one sum of the others:\n%s", c, MaxListedTiers, expl)
	}
	if len(expl) > 4096 {
		t.Errorf("the explanation of one line is %d bytes, want it bounded whatever the tiers", len(expl))
	}
	runtime.KeepAlive(inv)
}

func countSubstr(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}
