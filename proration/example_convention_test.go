package proration_test

import (
	"fmt"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

func money(minor int64) pricing.Money {
	eur, _ := pricing.ParseCurrency("eur")
	return pricing.FromMinor(minor, eur)
}

// Days counted in the customer's time zone (Lago, Flexprice): 02:00 UTC on March 15
// is March 14 in New York, and March, with its 23-hour day, is 31 days.
func ExampleConvention_location() {
	ny, _ := time.LoadLocation("America/New_York")
	period, _ := proration.NewPeriod(time.Date(2024, 3, 1, 0, 0, 0, 0, ny), time.Date(2024, 4, 1, 0, 0, 0, 0, ny))
	at := time.Date(2024, 3, 15, 2, 0, 0, 0, time.UTC)
	inUTC, _ := proration.NewFactorIn(period, at, proration.Convention{Granularity: proration.ByDay})
	inNY, _ := proration.NewFactorIn(period, at, proration.Convention{Granularity: proration.ByDay, Location: ny})
	fmt.Println(inUTC)
	fmt.Println(inNY)
	// Output:
	// 17/31 days
	// 18/31 days (by day in America/New_York)
}

// The day of a termination counted as used (Lago): terminated on January 15, the
// plan bills 15 days and credits 16.
func ExampleConvention_changeDay() {
	period, _ := proration.NewPeriod(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC))
	at := time.Date(2025, 1, 15, 9, 30, 0, 0, time.UTC)
	conv := proration.Convention{Granularity: proration.ByDay, ChangeDay: proration.ChangeDayUsed}
	used, _ := proration.NewUsedFactor(period, at, conv)
	left, _ := proration.NewFactorIn(period, at, conv)
	fmt.Println(used, used.Apply(money(10000)))
	fmt.Println(left, left.Apply(money(10000)))
	// Output:
	// 15/31 days used (by day, change day used) 48.39 EUR
	// 16/31 days (by day, change day used) 51.61 EUR
}

// Fixed 30-day months with the fraction rounded to 9 places (Kill Bill): from May 23
// to the billing date June 15 is 22 of 30 days, whatever May's length.
func ExampleConvention_fixedMonth() {
	period, _ := proration.NewPeriod(time.Date(2023, 5, 15, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 15, 0, 0, 0, 0, time.UTC))
	f, _ := proration.NewFactorIn(period, time.Date(2023, 5, 23, 0, 0, 0, 0, time.UTC), proration.Convention{
		Granularity: proration.ByDay, FixedMonth: 30,
		FractionRounding: proration.RoundedFraction, Scale: 9, Mode: pricing.HalfAwayFromZero,
	})
	fmt.Println(f)
	fmt.Println(f.Apply(money(3000)))
	// Output:
	// 22/30 days (by day, 30-day months, fraction rounded half-away-from-zero to 9 places) = 0.733333333
	// 22.00 EUR
}

// The billing period of a partial period, by clamped month arithmetic (Kill Bill):
// with a billing day of 31, a period ending on February 28 lies in January 28 →
// February 28, 31 days.
func ExampleConvention_denominator() {
	period, _ := proration.NewPeriod(time.Date(2023, 2, 10, 0, 0, 0, 0, time.UTC), time.Date(2023, 2, 28, 0, 0, 0, 0, time.UTC))
	f, _ := proration.NewFactorIn(period, period.Start, proration.Convention{
		Granularity: proration.ByDay, Denominator: proration.IntervalBeforeEnd, Interval: pricing.Month, IntervalCount: 1,
	})
	fmt.Println(f, f.Apply(money(10000)))
	// Output:
	// 18/31 days (by day, out of the 1-month billing period ending at the period's end) 58.06 EUR
}

// The used part of a period, billed in arrears (Lago's plan paid in arrears,
// upgraded on January 15: 14 of 31 days to the old plan).
func ExampleNewUsedFactor() {
	period, _ := proration.NewPeriod(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC))
	f, _ := proration.NewUsedFactor(period, time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC), proration.Convention{Granularity: proration.ByDay})
	fmt.Println(f, f.Apply(money(10000)))
	// Output:
	// 14/31 days used 45.16 EUR
}

// A convention set where it has no effect is refused at its field.
func ExampleConvention_Check() {
	err := proration.Convention{FixedMonth: 30}.Check()
	fmt.Println(err)
	// Output:
	// FixedMonth: invalid proration convention: fixed months count days; set Granularity ByDay
}
