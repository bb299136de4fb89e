package pricing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// The README's "A price in a few lines of Go", complete: a graduated price quoted for
// 12 units, then a metered price quoted for the usage of a period.
func Example_readme() {
	usd, _ := pricing.ParseCurrency("usd")
	api, _ := pricing.NewPrice(pricing.PriceParams{
		ID: "price_api", Currency: usd,
		BillingScheme: pricing.Tiered, TiersMode: pricing.Graduated,
		Tiers: []pricing.Tier{
			{UpTo: decimal.NewFromInt(5), UnitAmount: decimal.RequireFromString("5.00"), FlatAmount: decimal.RequireFromString("10.00")},
			{Inf: true, UnitAmount: decimal.RequireFromString("4.00"), FlatAmount: decimal.RequireFromString("20.00")},
		},
	})
	q, _ := api.Quote(usd, decimal.NewFromInt(12))
	fmt.Println(q.Amount)    // 83.00 USD
	fmt.Println(q.Explain()) // each tier crossed and the total

	// Usage: aggregate the records of a period, then price the quantity.
	meteredPrice, _ := pricing.NewPrice(pricing.PriceParams{
		ID: "price_calls", Currency: usd, UnitAmount: decimal.RequireFromString("0.002"), // 0.2 cents a call
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered},
	})
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	var records []pricing.UsageRecord
	for day, calls := range []int64{1200, 800, 2500} {
		r, _ := pricing.WholeUsageRecord(start.AddDate(0, 0, day), calls)
		records = append(records, r)
	}
	u, _ := pricing.Aggregate(records, start, end, pricing.AggregateSum)
	q, _ = meteredPrice.Quote(usd, u.Quantity) // any Price with usage_type metered
	fmt.Println(u.Explain())
	fmt.Println(q.Amount)
	// Output:
	// 83.00 USD
	// graduated tiers, quantity 12:
	//   tier 1 (above 0 up to 5): 5 × 5.00 + 10.00 flat = 35.00 USD
	//   tier 2 (above 5 up to inf): 7 × 4.00 + 20.00 flat = 48.00 USD
	//   total 83.00 USD
	// usage 4500: sum of 3 records from 01 Mar 2026 00:00 UTC to 01 Apr 2026 00:00 UTC
	// 9.00 USD
}
