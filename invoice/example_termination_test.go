package invoice_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// A termination credited from what was billed, as Lago credits it: October's fee
// of 31.00 EUR plus 20 % tax, half of its invoice (the other half another
// subscription's), 55.80 EUR of that invoice paid. Terminated on 15 October: the
// 16 days after it are credited, and what was paid of the fee beyond the 15 days
// used is refunded.
func ExampleRequest_creditFromHistory() {
	eur, _ := pricing.ParseCurrency("eur")
	plan, _ := pricing.NewPrice(pricing.PriceParams{ID: "plan", Product: pricing.Product{ID: "prod", Name: "Plan"}, Currency: eur,
		UnitAmount: decimal.NewFromInt(31), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	vat := invoice.MustTaxRate(invoice.TaxRateParams{ID: "txr_vat", Percentage: decimal.NewFromInt(20)})
	october := proration.Period{Start: time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC)}
	fee := func(item string) invoice.IssuedLine {
		return invoice.IssuedLine{Item: item, Price: "plan", Amount: pricing.FromMinor(3100, eur), Quantity: decimal.NewFromInt(1), Period: october,
			Taxes: []invoice.TaxAmount{{TaxRate: vat, Taxable: pricing.FromMinor(3100, eur), Amount: pricing.FromMinor(620, eur)}}}
	}
	paid := pricing.FromMinor(5580, eur)
	inv, err := invoice.Preview(invoice.Request{
		Currency: eur, Now: time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC), Engine: invoice.EngineLago,
		Subscription: invoice.Subscription{Period: october, Items: []invoice.Item{{ID: "si_1", Price: plan, TaxRates: []invoice.TaxRate{vat}}}},
		Invoices:     []invoice.IssuedInvoice{{ID: "in_oct", Lines: []invoice.IssuedLine{fee("si_1"), fee("si_other")}, AmountPaid: &paid}},
		Changes:      &invoice.Changes{CancelNow: true, Prorate: true, InvoiceNow: true},
		// The lago preset prices the credit from the history; the refund is asked.
		TerminationRefund: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cn := inv.CreditNote
	fmt.Println(inv.Lines[0].Amount, inv.Lines[0].Taxes[0].Amount)
	fmt.Println("total", cn.Total, "refund", cn.Refund, "credit", cn.Credit)
	// Output:
	// -16.00 EUR -3.20 EUR
	// total 19.20 EUR refund 9.90 EUR credit 9.30 EUR
}
