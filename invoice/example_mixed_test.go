package invoice_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Mixed intervals in flexible billing mode: a monthly platform fee and a quarterly
// audit from January 1. February's invoice bills the platform only and says when
// the audit is billed again.
func ExamplePreview_mixedIntervals() {
	usd, _ := pricing.ParseCurrency("usd")
	platform, _ := pricing.NewPrice(pricing.PriceParams{ID: "platform", Product: pricing.Product{ID: "p", Name: "Platform"}, Currency: usd,
		UnitAmount: decimal.NewFromInt(49), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	audit, _ := pricing.NewPrice(pricing.PriceParams{ID: "audit", Product: pricing.Product{ID: "a", Name: "Audit"}, Currency: usd,
		UnitAmount: decimal.NewFromInt(300), Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 3}})
	inv, err := invoice.Preview(invoice.Request{Currency: usd, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		BillingMode: invoice.Flexible, Forecast: 1,
		Changes: &invoice.Changes{Items: []invoice.ItemChange{{Price: &platform}, {Price: &audit}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.IssuedAt.Format("Jan 2"), inv.AmountDue)
	feb := inv.Forecast[0]
	fmt.Println(feb.IssuedAt.Format("Jan 2"), feb.AmountDue)
	fmt.Println(feb.BilledLater[0].Explanation)
	// Output:
	// Jan 1 349.00 USD
	// Feb 1 49.00 USD
	// its own period of 3 months, 01 Jan 2026 00:00 UTC to 01 Apr 2026 00:00 UTC, goes on: billed in advance for its next period on 01 Apr 2026 00:00 UTC
}

// A metered line billed after 80 units an earlier (progressive) invoice of the period
// billed, as OpenMeter splits usage lines: the 50 units that follow cross into the
// second tier.
func ExamplePreview_usageBefore() {
	usd, _ := pricing.ParseCurrency("usd")
	calls, _ := pricing.NewPrice(pricing.PriceParams{ID: "calls", Product: pricing.Product{ID: "c", Name: "API calls"}, Currency: usd,
		BillingScheme: pricing.Tiered, Tiers: []pricing.Tier{
			{UpTo: decimal.NewFromInt(100), UnitAmount: decimal.RequireFromString("0.10")},
			{Inf: true, UnitAmount: decimal.RequireFromString("0.05")}},
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	inv, err := invoice.Preview(invoice.Request{Currency: usd,
		Subscription:    invoice.Subscription{Period: proration.Period{Start: start, End: start.AddDate(0, 1, 0)}, Items: []invoice.Item{{ID: "si_calls", Price: calls}}},
		AggregatedUsage: map[string]decimal.Decimal{"si_calls": decimal.NewFromInt(50)},
		UsageBefore:     map[string]decimal.Decimal{"si_calls": decimal.NewFromInt(80)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Lines[0].Description(), inv.Lines[0].Amount)
	// Output:
	// 50 × API calls after 80 billed earlier in the period 3.50 USD
}
