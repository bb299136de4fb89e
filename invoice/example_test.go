package invoice_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// A service with its own types builds a preview in a few calls, without JSON:
// 10 seats upgraded to 15 halfway through November, 20 % VAT.
func ExamplePreview() {
	eur, _ := pricing.ParseCurrency("EUR")
	seat, err := pricing.NewPrice(pricing.PriceParams{
		ID:         "price_seat",
		Product:    pricing.Product{ID: "prod_seat", Name: "Pro seat"},
		Currency:   eur,
		UnitAmount: decimal.RequireFromString("28.00"),
		Recurring:  &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(nov, nov.AddDate(0, 1, 0))
	fifteen := decimal.NewFromInt(15)
	inv, err := invoice.Preview(invoice.Request{
		Currency: eur,
		Now:      time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
		Subscription: invoice.Subscription{
			Period:          period,
			Items:           []invoice.Item{{ID: "si_seats", Price: seat, Quantity: invoice.Qty(10)}},
			DefaultTaxRates: []invoice.TaxRate{invoice.MustTaxRate(invoice.TaxRateParams{ID: "vat", DisplayName: "VAT", Percentage: decimal.NewFromInt(20)})},
		},
		Changes: &invoice.Changes{Items: []invoice.ItemChange{{ID: "si_seats", Quantity: &fifteen}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range inv.Lines {
		fmt.Printf("%s: %s\n", l.Description(), l.Amount)
	}
	fmt.Println("tax", inv.Tax, "· total", inv.Total)
	// Output:
	// Unused time on 10 × Pro seat after 16 Nov 2026: -140.00 EUR
	// Remaining time on 15 × Pro seat after 16 Nov 2026: 210.00 EUR
	// 15 × Pro seat at 28.00 EUR per unit per month: 420.00 EUR
	// tax 98.00 EUR · total 588.00 EUR
}

// A request refused at the field the caller wrote, with the Go path of the field.
func ExamplePreview_error() {
	usd, _ := pricing.ParseCurrency("usd")
	setup, _ := pricing.NewPrice(pricing.PriceParams{ID: "setup_fee", Currency: usd, UnitAmount: decimal.NewFromInt(50)})
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, start.AddDate(0, 1, 0))
	_, err := invoice.Preview(invoice.Request{Currency: usd,
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: setup}}}})
	var fe *pricing.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, errors.Is(err, invoice.ErrInvalidRequest))
	}
	// Output:
	// Subscription.Items[0].Price true
}
