package previewjson_test

import (
	"fmt"

	"github.com/pricekit/pricekit/invoice/previewjson"
)

// A termination under the lago preset, its credit priced from October's invoice
// (31.00 EUR plus 20 % tax, paid in full): the 16 days after 15 October are
// credited and refunded, the invoice having been paid beyond the 15 days used.
func ExamplePreview_creditFromHistory() {
	in := `{"currency": "eur", "now": "2022-10-15T10:00:00Z",
	  "options": {"engine": "lago", "termination_refund": true},
	  "subscription": {"current_period_start": "2022-10-01T00:00:00Z", "current_period_end": "2022-11-01T00:00:00Z",
	    "default_tax_rates": [{"id": "txr_vat", "percentage": 20}],
	    "items": [{"id": "si_1", "price": {"id": "plan", "currency": "eur", "unit_amount": 3100, "recurring": {"interval": "month"}}}]},
	  "changes": {"cancel_now": true, "prorate": true, "invoice_now": true},
	  "invoices": [{"id": "in_oct", "status": "paid", "amount_paid": 3720, "lines": [{"amount": 3100, "subscription_item": "si_1", "price": "plan",
	    "period": {"start": 1664582400, "end": 1667260800},
	    "tax_amounts": [{"tax_rate": "txr_vat", "inclusive": false, "taxable_amount": 3100, "amount": 620}]}]}]}`
	inv, err := previewjson.Preview([]byte(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	cn := inv.CreditNote
	fmt.Println(inv.Lines[0].Amount, "tax", inv.Lines[0].Taxes[0].Amount)
	fmt.Println("refund", cn.Refund, "credit", cn.Credit)
	// Output:
	// -16.00 EUR tax -3.20 EUR
	// refund 19.20 EUR credit 0.00 EUR
}
