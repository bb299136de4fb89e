package discount_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// "20% off the AI agent": a coupon restricted to one product leaves the other lines
// alone.
func ExampleApply_productCoupon() {
	eur, _ := pricing.ParseCurrency("eur")
	agent20, err := discount.NewCoupon(discount.CouponParams{ID: "AGENT20", PercentOff: decimal.NewFromInt(20),
		Duration: discount.Repeating, DurationInMonths: 3, AppliesToProducts: []string{"prod_agent"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := []discount.Line{
		{Amount: pricing.FromMinor(42000, eur), Product: "prod_seat"},
		{Amount: pricing.FromMinor(122760, eur), Product: "prod_agent"},
	}
	results, err := discount.Apply(eur, lines, []discount.Discount{{Coupon: agent20}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range results {
		fmt.Printf("line %d: %s\n", i, lines[i].Amount)
		for _, a := range r.Discounts {
			fmt.Printf("  %s −%s: %s\n", a.Coupon, a.Amount, a.Rule())
		}
		fmt.Printf("  net %s\n", r.Net)
	}
	// Output:
	// line 0: 420.00 EUR
	//   net 420.00 EUR
	// line 1: 1227.60 EUR
	//   AGENT20 −245.52 EUR: 20% of 1227.60 EUR = 245.52 EUR
	//   net 982.08 EUR
}

// A stacked pair: 10% off, then 5.00 USD off spread over the lines. Each applies to
// what the ones before it left, so the order matters: 5.00 off first, then 10%,
// would take 7.50 in all instead of 8.00.
func ExampleApply_stacked() {
	usd, _ := pricing.ParseCurrency("usd")
	ten, _ := discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.NewFromInt(10), Duration: discount.Forever})
	five := pricing.FromMinor(500, usd)
	fiveOff, _ := discount.NewCoupon(discount.CouponParams{ID: "FIVE", AmountOff: &five})
	lines := []discount.Line{{Amount: pricing.FromMinor(1000, usd)}, {Amount: pricing.FromMinor(2000, usd)}}
	results, err := discount.Apply(usd, lines, []discount.Discount{{Coupon: ten}, {Coupon: fiveOff}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range results {
		fmt.Printf("line %d: %s\n", i, lines[i].Amount)
		for _, a := range r.Discounts {
			fmt.Printf("  %s −%s: %s\n", a.Coupon, a.Amount, a.Rule())
		}
		fmt.Printf("  net %s\n", r.Net)
	}
	// Output:
	// line 0: 10.00 USD
	//   TEN −1.00 USD: 10% of 10.00 USD = 1.00 USD
	//   FIVE −1.66 USD: 5.00 USD off spread over 2 lines in proportion to 9.00, 18.00 (shares rounded down, leftover to the largest remainders) = 1.66 USD
	//   net 7.34 USD
	// line 1: 20.00 USD
	//   TEN −2.00 USD: 10% of 20.00 USD = 2.00 USD
	//   FIVE −3.34 USD: 5.00 USD off spread over 2 lines in proportion to 9.00, 18.00 (shares rounded down, leftover to the largest remainders) = 3.34 USD
	//   net 14.66 USD
}

// A three-month coupon starting on Jan 31 ends on Apr 30 (Jan 31 + 3 months,
// clamped): on a monthly subscription it covers the invoices of the periods starting
// Jan 31, Feb 28 and Mar 31.
func ExampleDiscount_StatusFor() {
	c, _ := discount.NewCoupon(discount.CouponParams{ID: "3MONTHS", PercentOff: decimal.NewFromInt(25),
		Duration: discount.Repeating, DurationInMonths: 3})
	start := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	d := discount.Discount{Coupon: c, Start: start}
	end, _ := d.End()
	fmt.Println("ends", end.Format("2006-01-02"))
	prev := start
	for k := 0; k < 5; k++ {
		period, _ := pricing.Month.Add(start, k)
		fmt.Println(period.Format("2006-01-02"), d.StatusFor(discount.Timing{Issued: period, PeriodStart: period, Since: prev}))
		prev = period
	}
	// Output:
	// ends 2026-04-30
	// 2026-01-31 active
	// 2026-02-28 active
	// 2026-03-31 active
	// 2026-04-30 ended
	// 2026-05-31 ended
}
