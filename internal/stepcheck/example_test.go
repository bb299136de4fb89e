package stepcheck_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/stepcheck"
)

// A line of 3 × 12.50 recomputes from its quantity and unit-price steps; the same
// steps do not give a line of 37.49.
func ExampleInvoice() {
	d := decimal.RequireFromString
	steps := []stepcheck.Step{
		{Kind: "quantity", Inputs: map[string]decimal.Decimal{"quantity": d("3")}, Result: d("3")},
		{Kind: "unit_price", Inputs: map[string]decimal.Decimal{"quantity": d("3"), "unit_amount": d("12.50")}, Result: d("37.50")},
	}
	fmt.Println(stepcheck.Invoice(2, []stepcheck.Line{{Amount: d("37.50"), Steps: steps}}))
	fmt.Println(stepcheck.Invoice(2, []stepcheck.Line{{Amount: d("37.49"), Steps: steps}}) != nil)
	// Output:
	// <nil>
	// true
}
