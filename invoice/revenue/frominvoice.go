package revenue

import (
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// FromInvoice returns the lines of inv to recognize, one per invoice line in order
// (so a line's index is its index in inv.Lines): Amount is the line's amount less
// its discounts and its inclusive tax (exclusive tax is not in the amount; taxes
// are never revenue), Period the line's period. ID and PaidAt are left for the
// caller (an invoice preview has neither).
func FromInvoice(inv invoice.Invoice) []Line {
	out := make([]Line, len(inv.Lines))
	for i, l := range inv.Lines {
		amount := l.Net()
		for _, t := range l.Taxes {
			if t.TaxRate.Inclusive() {
				amount = sub(amount, t.Amount)
			}
		}
		out[i] = Line{Amount: amount, Period: l.Period}
	}
	return out
}

// sub returns a − b for amounts of one invoice (one currency). Amounts of two
// currencies, which an invoice never holds, give a Money without currency, which
// [Recognize] refuses, rather than a wrong amount.
func sub(a, b pricing.Money) pricing.Money {
	d, err := a.Sub(b)
	if err != nil {
		return pricing.Money{}
	}
	return d
}
