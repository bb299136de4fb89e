package invoice_test

import (
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
	// 15 × Pro seat (at 28.00 EUR / month): 420.00 EUR
	// tax 98.00 EUR · total 588.00 EUR
}

// Decoding the preview format and printing the readable invoice.
func ExampleDecodeRequest() {
	req, err := invoice.DecodeRequest([]byte(`{
	  "currency": "usd",
	  "subscription": {
	    "current_period_start": 1596749288, "current_period_end": 1599427688,
	    "items": [{ "id": "si_1", "quantity": 3,
	      "price": { "id": "price_gold", "product": { "id": "prod_gold", "name": "Gold" },
	                 "unit_amount": 1000, "recurring": { "interval": "month" } } }],
	    "discounts": [{ "coupon": { "id": "TEN", "percent_off": 10, "duration": "forever" } }]
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	inv, err := invoice.Preview(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Lines[0].Description(), inv.Lines[0].Amount, "− discount", inv.TotalDiscount, "=", inv.AmountDue, "due")
	// Output:
	// 3 × Gold (at 10.00 USD / month) 30.00 USD − discount 3.00 USD = 27.00 USD due
}

// A bad value is an error naming its JSON path.
func ExampleDecodeRequest_error() {
	_, err := invoice.DecodeRequest([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,
	  "items":[{"id":"si_1","price":{"id":"p","unit_amount":1e999999999}}]}}`))
	fmt.Println(err)
	// Output:
	// subscription.items[0].price.unit_amount: value out of range: "1e999999999" is beyond ±10^15
}
