package proration_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// 10 seats at 28.00 EUR become 15 halfway through November.
func ExampleChange_Lines_upgrade() {
	eur, _ := pricing.ParseCurrency("eur")
	period, _ := proration.NewPeriod(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	f, _ := proration.NewFactor(period, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), proration.BySecond)
	lines, _ := proration.Change{
		ItemID: "si_seats",
		From:   &proration.Side{Name: "Pro seat", Quantity: decimal.NewFromInt(10), Amount: pricing.FromMinor(28000, eur)},
		To:     &proration.Side{Name: "Pro seat", Quantity: decimal.NewFromInt(15), Amount: pricing.FromMinor(42000, eur)},
	}.Lines(f)
	for _, l := range lines {
		fmt.Println(l.Description(), l.Amount)
		fmt.Println(" ", l.Explain())
	}
	// Output:
	// Unused time on 10 × Pro seat after 16 Nov 2026 -140.00 EUR
	//   credit: -280.00 EUR × 1296000/2592000 (1296000 of 2592000 seconds remain from 16 Nov 2026 00:00 UTC to 01 Dec 2026 00:00 UTC, in the period from 01 Nov 2026 00:00 UTC) = -140.00 EUR
	// Remaining time on 15 × Pro seat after 16 Nov 2026 210.00 EUR
	//   charge: 420.00 EUR × 1296000/2592000 (1296000 of 2592000 seconds remain from 16 Nov 2026 00:00 UTC to 01 Dec 2026 00:00 UTC, in the period from 01 Nov 2026 00:00 UTC) = 210.00 EUR
}

// Gold (32.52 USD) downgraded to Silver (10.00 USD), prorated by whole days.
func ExampleChange_Lines_downgrade() {
	usd, _ := pricing.ParseCurrency("usd")
	period, _ := proration.NewPeriod(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	f, _ := proration.NewFactor(period, time.Date(2026, 1, 11, 15, 0, 0, 0, time.UTC), proration.ByDay)
	lines, _ := proration.Change{
		ItemID: "si_plan",
		From:   &proration.Side{Name: "Gold", Quantity: decimal.NewFromInt(1), Amount: pricing.FromMinor(3252, usd)},
		To:     &proration.Side{Name: "Silver", Quantity: decimal.NewFromInt(1), Amount: pricing.FromMinor(1000, usd)},
	}.Lines(f)
	for _, l := range lines {
		fmt.Println(l.Description(), l.Amount, f)
	}
	// Output:
	// Unused time on Gold after 11 Jan 2026 -22.03 USD 21/31 days
	// Remaining time on Silver after 11 Jan 2026 6.77 USD 21/31 days
}

// A monthly cycle anchored on January 31 clamps to short months and returns.
func ExampleCycle_PeriodAt() {
	c, _ := proration.NewCycle(time.Date(2024, 1, 31, 12, 0, 0, 0, time.UTC), pricing.Month, 1)
	for _, at := range []time.Time{
		time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC),
	} {
		p, _ := c.PeriodAt(at)
		fmt.Println(p.Start.Format("Jan 2"), "→", p.End.Format("Jan 2"))
	}
	// Output:
	// Jan 31 → Feb 29
	// Feb 29 → Mar 31
	// Mar 31 → Apr 30
}
