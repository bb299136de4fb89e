package previewjson_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/invoice/previewjson"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Stripe's documented upgrade: a 10.00 USD plan replaced on 01 Sep 2020 by one at
// 32.52 USD, given by id among the request's prices.
const upgrade = `{
  "currency": "usd",
  "now": 1598982148,
  "prices": [ { "id": "price_gold", "product": { "id": "prod_gold", "name": "Gold" }, "unit_amount": 3252, "recurring": { "interval": "month" } } ],
  "subscription": {
    "current_period_start": 1596749288,
    "current_period_end": 1599427688,
    "items": [ { "id": "si_1", "price": { "id": "price_silver", "product": { "id": "prod_silver", "name": "Silver" }, "unit_amount": 1000, "recurring": { "interval": "month" } } } ]
  },
  "changes": { "items": [ { "id": "si_1", "price": "price_gold" } ] }
}`

func ExamplePreview() {
	inv, err := previewjson.Preview([]byte(upgrade))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range inv.Lines {
		fmt.Printf("%-45s %8s\n", l.Description(), l.Amount.Amount().StringFixed(2))
	}
	fmt.Println("total", inv.Total)
	// Output:
	// Unused time on Silver after 01 Sep 2020          -1.66
	// Remaining time on Gold after 01 Sep 2020          5.41
	// 1 × Gold at 32.52 USD per unit per month         32.52
	// total 36.27 USD
}

func ExampleDecodeRequest() {
	req, err := previewjson.DecodeRequest([]byte(upgrade))
	if err != nil {
		fmt.Println(err)
		return
	}
	q, _ := req.Changes.Items[0].Price.Quote(req.Currency, decimal.NewFromInt(1))
	fmt.Println(req.Subscription.Period.Start.Format(time.RFC3339), req.Changes.Items[0].Price.ID(), q.Amount)
	// Output: 2020-08-06T21:28:08Z price_gold 32.52 USD
}

// Errors name the JSON path of the value written, and wrap a sentinel.
func ExampleDecodeRequest_error() {
	_, err := previewjson.DecodeRequest([]byte(`{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,
	  "items":[{"price":{"id":"p","unit_amount":28.00,"recurring":{"interval":"month"}}}]}}`))
	var pe *previewjson.PathError
	if errors.As(err, &pe) && errors.Is(err, previewjson.ErrInvalidValue) {
		fmt.Println(pe.Path)
		fmt.Println(pe.Err)
	}
	// Output:
	// subscription.items[0].price.unit_amount
	// invalid value: 28.00 is not an integer: amounts are integers in minor units (28.00 in a currency of 2 decimals is 2800): write an integer, or use unit_amount_decimal for a fraction of a minor unit
}

func ExampleEncodeInvoice() {
	inv, err := previewjson.Preview([]byte(`{"currency":"eur","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,
	  "items":[{"id":"si_1","price":{"id":"p","unit_amount":2800,"recurring":{"interval":"month"}},"quantity":2}]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := previewjson.FromInvoice(inv)
	fmt.Println(r.Lines[0].Description, r.Lines[0].Amount, r.Total, r.Currency)
	out, _ := previewjson.EncodeInvoice(inv)
	fmt.Println(string(out[:60]))
	// Output:
	// 2 × p at 28.00 EUR per unit per month 5600 5600 eur
	// {"object":"invoice","currency":"eur","period_start":15967492
}

func ExampleEncodeRequest() {
	usd, _ := pricing.ParseCurrency("USD")
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	req := invoice.Request{
		Currency:        usd,
		CustomerBalance: pricing.FromMinor(-1500, usd),
		Subscription:    invoice.Subscription{Period: proration.Period{Start: start, End: start.AddDate(0, 1, 0)}},
	}
	out, err := previewjson.EncodeRequest(req)
	fmt.Println(string(out), err)
	// Output: {"currency":"usd","customer_balance":-1500,"subscription":{"current_period_start":1793491200,"current_period_end":1796083200,"items":[]}} <nil>
}
