package discount_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// "20% off the AI agent": a coupon restricted to one product.
func ExampleApply_productCoupon() {
	eur, _ := pricing.ParseCurrency("eur")
	agent20, _ := discount.NewCoupon(discount.CouponParams{ID: "AGENT20", PercentOff: decimal.NewFromInt(20),
		Duration: discount.Repeating, DurationInMonths: 3, AppliesToProducts: []string{"prod_agent"}})
	lines := []discount.Line{
		{Amount: pricing.FromMinor(42000, eur), Product: "prod_seat"},
		{Amount: pricing.FromMinor(122760, eur), Product: "prod_agent"},
	}
	results, _ := discount.Apply(eur, lines, []discount.Discount{{Coupon: agent20}})
	for _, r := range results {
		for _, a := range r.Discounts {
			fmt.Println(a.Coupon, a.Amount, "—", a.Rule())
		}
		fmt.Println("net", r.Net)
	}
	// Output:
	// net 420.00 EUR
	// AGENT20 245.52 EUR — 20% of 1227.60 EUR = 245.52 EUR
	// net 982.08 EUR
}

// A stacked pair: 10 % off, then 5.00 off spread over the lines. Order matters.
func ExampleApply_stacked() {
	usd, _ := pricing.ParseCurrency("usd")
	ten, _ := discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.NewFromInt(10), Duration: discount.Forever})
	five := pricing.FromMinor(500, usd)
	fiveOff, _ := discount.NewCoupon(discount.CouponParams{ID: "FIVE", AmountOff: &five, Duration: discount.Once})
	lines := []discount.Line{{Amount: pricing.FromMinor(1000, usd)}, {Amount: pricing.FromMinor(2000, usd)}}
	results, _ := discount.Apply(usd, lines, []discount.Discount{{Coupon: ten}, {Coupon: fiveOff}})
	for _, r := range results {
		for _, a := range r.Discounts {
			fmt.Println(a.Coupon, a.Amount)
		}
		fmt.Println("net", r.Net)
	}
	// Output:
	// TEN 1.00 USD
	// FIVE 1.66 USD
	// net 7.34 USD
	// TEN 2.00 USD
	// FIVE 3.34 USD
	// net 14.66 USD
}
