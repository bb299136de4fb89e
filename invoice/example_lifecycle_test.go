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

// A checkout quote: 5 seats at 29 USD a month, a 14-day free trial, 10 % off for 3
// months. What is due today, and after?
func ExamplePreview_newSubscription() {
	usd, _ := pricing.ParseCurrency("usd")
	seat, _ := pricing.NewPrice(pricing.PriceParams{ID: "seat", Product: pricing.Product{ID: "team", Name: "Team seat"}, Currency: usd,
		UnitAmount: decimal.NewFromInt(29), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	ten, _ := discount.NewCoupon(discount.CouponParams{ID: "WELCOME10", PercentOff: decimal.NewFromInt(10),
		Duration: discount.Repeating, DurationInMonths: 3})
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	inv, err := invoice.Preview(invoice.Request{Currency: usd, Now: start, Forecast: 4, Changes: &invoice.Changes{
		Items:           []invoice.ItemChange{{Price: &seat, Quantity: invoice.Qty(5)}},
		TrialPeriodDays: 14,
		Discounts:       []discount.Discount{{Coupon: ten}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.IssuedAt.Format("Jan 2"), inv.Lines[0].Description(), inv.AmountDue)
	for _, f := range inv.Forecast {
		fmt.Println(f.IssuedAt.Format("Jan 2"), f.AmountDue)
	}
	// Output:
	// Dec 1 Trial period for Team seat 0.00 USD
	// Dec 15 130.50 USD
	// Jan 15 130.50 USD
	// Feb 15 130.50 USD
	// Mar 15 145.00 USD
}

// What happens if the customer cancels now, with a credit for the unused time?
func ExamplePreview_cancelNow() {
	usd, _ := pricing.ParseCurrency("usd")
	seat, _ := pricing.NewPrice(pricing.PriceParams{ID: "seat", Currency: usd, UnitAmount: decimal.NewFromInt(30),
		Recurring: &pricing.Recurring{Interval: pricing.Month}})
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, start.AddDate(0, 1, 0))
	inv, _ := invoice.Preview(invoice.Request{Currency: usd, Now: start.AddDate(0, 0, 20),
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: seat, Quantity: invoice.Qty(2)}}},
		Changes:      &invoice.Changes{CancelNow: true, Prorate: true, InvoiceNow: true}})
	fmt.Println(inv.Lines[0].Description(), inv.Lines[0].Amount)
	fmt.Println("ending balance", inv.EndingBalance)
	// Output:
	// Unused time on 2 × seat after 21 Nov 2026 -20.00 USD
	// ending balance -20.00 USD
}

// Flexible billing mode credits what was actually debited: a month billed at 10 USD,
// switched to 20 USD without prorations, switched back ten days before the end.
func ExamplePreview_flexible() {
	usd, _ := pricing.ParseCurrency("usd")
	price := func(id string, amount int64) pricing.Price {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: id, Currency: usd, UnitAmount: decimal.NewFromInt(amount),
			Recurring: &pricing.Recurring{Interval: pricing.Month}})
		return p
	}
	ten, twenty := price("ten", 10), price("twenty", 20)
	april, _ := proration.NewPeriod(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	for _, mode := range []invoice.BillingMode{invoice.Classic, invoice.Flexible} {
		inv, _ := invoice.Preview(invoice.Request{Currency: usd, Now: time.Date(2026, 4, 21, 0, 0, 0, 0, time.UTC), BillingMode: mode,
			Subscription: invoice.Subscription{Period: april, Items: []invoice.Item{{ID: "si_1", Price: twenty}}},
			Invoices: []invoice.IssuedInvoice{{ID: "in_1", Lines: []invoice.IssuedLine{{Item: "si_1", Price: "ten",
				Amount: pricing.FromMinor(1000, usd), Quantity: decimal.NewFromInt(1), Period: april}}}},
			Changes: &invoice.Changes{Behavior: proration.AlwaysInvoice, Items: []invoice.ItemChange{{ID: "si_1", Price: &ten}}}})
		fmt.Println(mode, inv.Lines[0].Amount, inv.Lines[1].Amount, "total", inv.Total)
	}
	// Output:
	// classic -6.67 USD 3.33 USD total -3.34 USD
	// flexible -3.33 USD 3.33 USD total 0.00 USD
}
