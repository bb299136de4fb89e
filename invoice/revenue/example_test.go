package revenue_test

import (
	"fmt"
	"time"
	_ "time/tzdata" // the zone database, for America/New_York on any machine

	"github.com/pricekit/pricekit/invoice/revenue"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Stripe's documented example: 120 USD over June 15 12:00 to October 13 12:00 UTC
// (120 days), by the second and by the day.
func Example() {
	usd, _ := pricing.ParseCurrency("usd")
	line := revenue.Line{
		Amount: pricing.FromMinor(12000, usd),
		Period: proration.Period{
			Start: time.Date(2024, 6, 15, 12, 0, 0, 0, time.UTC),
			End:   time.Date(2024, 10, 13, 12, 0, 0, 0, time.UTC),
		},
	}
	for _, g := range []revenue.Granularity{revenue.Second, revenue.Day} {
		opts, err := revenue.NewOptions(g, time.UTC)
		if err != nil {
			fmt.Println(err)
			return
		}
		s, err := revenue.Recognize(revenue.Request{Lines: []revenue.Line{line}, Options: opts})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Print(g, ":")
		for _, m := range s.Months {
			fmt.Print(" ", m.Month, " ", m.Amount)
		}
		fmt.Println()
	}
	// Output:
	// second: 2024-06 15.50 USD 2024-07 31.00 USD 2024-08 31.00 USD 2024-09 30.00 USD 2024-10 12.50 USD
	// day: 2024-06 16.00 USD 2024-07 31.00 USD 2024-08 31.00 USD 2024-09 30.00 USD 2024-10 12.00 USD
}

// Stripe's example of a credit note after payment: 90 USD for January to March
// 2026, paid at once, 45 credited on February 1. January keeps what it
// recognized; the credit's share of January is recognized on February 1.
func ExampleRecognize_creditNoteAfterPayment() {
	usd, _ := pricing.ParseCurrency("usd")
	jan1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feb1 := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	opts, _ := revenue.NewOptions(revenue.Day, time.UTC)
	s, err := revenue.Recognize(revenue.Request{
		Lines: []revenue.Line{{
			Amount: pricing.FromMinor(9000, usd),
			Period: proration.Period{Start: jan1, End: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
			PaidAt: jan1,
		}},
		CreditNotes: []revenue.CreditNote{{Line: 0, Amount: pricing.FromMinor(4500, usd), Created: feb1}},
		Options:     opts,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range s.Lines[0].Entries {
		fmt.Println(e.Month, e.Amount)
	}
	fmt.Println("deferred on March 1:", s.Deferred(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 2026-01 31.00 USD
	// 2026-02 -1.50 USD
	// 2026-03 15.50 USD
	// deferred on March 1: 15.50 USD
}

// ByPeriods aggregates a schedule over any periods, here the quarters of 2024 in
// New York.
func ExampleSchedule_ByPeriods() {
	usd, _ := pricing.ParseCurrency("usd")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, _ := revenue.NewOptions(revenue.Day, ny)
	s, err := revenue.Recognize(revenue.Request{
		Lines: []revenue.Line{{
			Amount: pricing.FromMinor(36600, usd), // a year of 366 days at 1.00 a day
			Period: proration.Period{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, ny), End: time.Date(2025, 1, 1, 0, 0, 0, 0, ny)},
		}},
		Options: opts,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var quarters []proration.Period
	for m := time.January; m <= time.October; m += 3 {
		quarters = append(quarters, proration.Period{Start: time.Date(2024, m, 1, 0, 0, 0, 0, ny), End: time.Date(2024, m+3, 1, 0, 0, 0, 0, ny)})
	}
	q, err := s.ByPeriods(quarters)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q)
	// Output:
	// [91.00 USD 91.00 USD 92.00 USD 92.00 USD]
}
