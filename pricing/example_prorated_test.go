package pricing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// A seat price prorated as Lago prorates a recurring metric: 3 seats carried into
// August, a fourth added on 11 August is billed for 21 of 31 days.
func ExampleAggregateProrated() {
	usd, _ := pricing.ParseCurrency("USD")
	price, _ := pricing.NewPrice(pricing.PriceParams{Currency: usd, UnitAmount: decimal.NewFromInt(10),
		Recurring: &pricing.Recurring{UsageType: pricing.Metered, Prorated: true}})
	aug, sep := time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
	carried, _ := pricing.NewSignedUsageRecord(time.Date(2024, 7, 20, 9, 0, 0, 0, time.UTC), decimal.NewFromInt(3))
	added, _ := pricing.NewSignedUsageRecord(time.Date(2024, 8, 11, 14, 0, 0, 0, time.UTC), decimal.NewFromInt(1))
	u, _ := pricing.AggregateProrated([]pricing.UsageRecord{carried, added}, pricing.ProratedPeriod{Start: aug, End: sep})
	q, _ := price.QuoteUsage(usd, u)
	fmt.Println(u.Prorated.Explain())
	fmt.Println(q.Amount)
	// Output:
	// 3 units for the whole period, 1 unit added on 11 Aug for 21 of 31 days: 3.67742 prorated units (3.67741935…, rounded up to 5 decimals; a unit weighs its days present ÷ the period's days)
	// 36.77 USD
}
