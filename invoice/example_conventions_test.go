package invoice_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// A 50 USD welcome credit on a 30 USD plan, as Lago gives it: what the first
// invoice cannot use carries to the next.
func ExampleRequest_couponRests() {
	usd, _ := pricing.ParseCurrency("usd")
	plan, _ := pricing.NewPrice(pricing.PriceParams{ID: "plan", Currency: usd, UnitAmount: decimal.NewFromInt(30),
		Recurring: &pricing.Recurring{Interval: pricing.Month}})
	fifty := pricing.FromMinor(5000, usd)
	welcome, _ := discount.NewCoupon(discount.CouponParams{ID: "WELCOME", AmountOff: &fifty, Duration: discount.Once,
		AmountOffRest: discount.RestCarried})
	period, _ := proration.NewPeriod(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	inv, err := invoice.Preview(invoice.Request{Currency: usd, Forecast: 2, Subscription: invoice.Subscription{Period: period,
		Items: []invoice.Item{{ID: "si_1", Price: plan}}, Discounts: []discount.Discount{{Coupon: welcome}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range append([]invoice.Invoice{inv}, inv.Forecast...) {
		fmt.Println(f.IssuedAt.Format("Jan 2"), "due", f.AmountDue, "left", f.CouponRests[0].Remaining)
	}
	// Output:
	// Dec 1 due 0.00 USD left 20.00 USD
	// Jan 1 due 10.00 USD left 0.00 USD
	// Feb 1 due 30.00 USD left 0.00 USD
}

// A plan of 30 USD a month with a minimum spend of 100 USD: the invoice at the
// period's end tops the period's fees up to it. The 30 USD fee of November was
// billed in advance at its start.
func ExampleCommitment() {
	usd, _ := pricing.ParseCurrency("usd")
	plan, _ := pricing.NewPrice(pricing.PriceParams{ID: "plan", Currency: usd, UnitAmount: decimal.NewFromInt(30),
		Recurring: &pricing.Recurring{Interval: pricing.Month}})
	api, _ := pricing.NewPrice(pricing.PriceParams{ID: "api", Currency: usd, UnitAmount: decimal.New(2, -2),
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	calls, _ := pricing.WholeUsageRecord(start.Add(time.Hour), 1700)
	inv, err := invoice.Preview(invoice.Request{Currency: usd,
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_plan", Price: plan}, {ID: "si_api", Price: api}}},
		Usage:        map[string][]pricing.UsageRecord{"si_api": {calls}},
		Commitment:   &invoice.Commitment{Amount: pricing.FromMinor(10000, usd), Invoiced: pricing.FromMinor(3000, usd)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	l := inv.Lines[len(inv.Lines)-1]
	fmt.Println(l.Description())
	fmt.Println(l.Explanation())
	// Output:
	// Minimum commitment true-up (100.00 USD)
	// Minimum commitment 100.00 USD, fees 64.00 USD, true-up 36.00 USD.
}

// A plan billed in arrears, canceled on Nov 16: the final invoice bills the 15 days
// used and credits nothing.
func ExampleLicensedBilling() {
	usd, _ := pricing.ParseCurrency("usd")
	plan, _ := pricing.NewPrice(pricing.PriceParams{ID: "plan", Product: pricing.Product{ID: "pro", Name: "Pro"}, Currency: usd,
		UnitAmount: decimal.NewFromInt(30), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	period, _ := proration.NewPeriod(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	cancel := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	inv, err := invoice.Preview(invoice.Request{Currency: usd, Now: cancel, Engine: invoice.EngineLago, LicensedBilling: invoice.InArrears,
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: plan}}},
		Changes:      &invoice.Changes{CancelAt: cancel}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Lines[0].Description(), inv.Lines[0].Amount)
	fmt.Println(inv.Lines[0].Explanation())
	// Output:
	// Time used on Pro until 16 Nov 2026 15.00 USD
	// Billed in arrears for the time used from 01 Nov 2026 00:00 UTC to 16 Nov 2026 00:00 UTC: 15 of the period's 30 days × 30.00 USD = 15.00 USD.
}
