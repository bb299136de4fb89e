package previewjson_test

import (
	"fmt"

	"github.com/pricekit/pricekit/invoice/previewjson"
)

// An issued invoice of Stripe's documented upgrade whose proration lines were
// prorated by whole days: each is found and explained.
func ExampleVerify() {
	issued := `{"object": "invoice", "currency": "usd", "lines": {"object": "list", "has_more": false, "data": [
	  {"object": "line_item", "amount": -161, "proration": true, "subscription_item": "si_1", "price": "price_silver", "quantity": 1,
	   "period": {"start": 1598982148, "end": 1599427688}},
	  {"object": "line_item", "amount": 525, "proration": true, "subscription_item": "si_1", "price": "price_gold", "quantity": 1,
	   "period": {"start": 1598982148, "end": 1599427688}},
	  {"object": "line_item", "amount": 3252, "proration": false, "subscription_item": "si_1", "price": "price_gold", "quantity": 1,
	   "period": {"start": 1599427688, "end": 1602019688}}]},
	  "subtotal": 3616, "total": 3616}`
	r, err := previewjson.Verify([]byte(`{"request": ` + upgrade + `, "invoice": ` + issued + `}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("match:", r.Match)
	for _, l := range r.Lines {
		fmt.Println(l.Status, l.IssuedAmount, l.ComputedAmount, l.ExplainedBy)
	}
	// Output:
	// match: false
	// amount_differs -1.61 USD -1.66 USD proration: day
	// amount_differs 5.25 USD 5.41 USD proration: day
	// match 32.52 USD 32.52 USD
}

// Stripe's documented example of revenue recognition: 120.00 USD over June 15 12:00
// to October 13 12:00 UTC, by the day.
func ExampleRevenue() {
	in := `{"invoice": {"currency": "usd", "lines": [{"amount": 12000, "subscription_item": "si_1",
	  "period": {"start": "2024-06-15T12:00:00Z", "end": "2024-10-13T12:00:00Z"}}]}, "granularity": "day"}`
	s, _, err := previewjson.Revenue([]byte(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range s.Months {
		fmt.Println(m.Month, m.Amount)
	}
	// Output:
	// 2024-06 16.00 USD
	// 2024-07 31.00 USD
	// 2024-08 31.00 USD
	// 2024-09 30.00 USD
	// 2024-10 12.00 USD
}
