package previewjson

import (
	"fmt"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// A termination's credit priced from what was billed (options.credit_from
// "history", Lago's termination credit note), its split into a refund and a credit
// balance by what was paid (options.termination_refund), and the payment state of
// an issued invoice that split reads (status, amount_paid).

// issuedStatus is an issued invoice's status: draft, open, paid or uncollectible;
// void is refused (a void invoice billed nothing).
type issuedStatus struct {
	set bool
	s   string
}

func (st *issuedStatus) UnmarshalJSON(b []byte) error {
	*st = issuedStatus{}
	if b[0] == 'n' {
		return nil
	}
	for _, v := range (offIssuedStatus{}).offValues() {
		if string(b) == v {
			st.set, st.s = true, v[1:len(v)-1]
			return nil
		}
	}
	return &unsupportedError{value: valueText(b)}
}

func (*issuedStatus) unsupportedField() {}

// offs returns the statuses read (the values that are not refused).
func (*issuedStatus) offs() []string { return (offIssuedStatus{}).offValues() }

// amountPaid is what was paid of the issued invoice w, in cur: its amount_paid;
// without one, a paid invoice's amount_due (what the customer was asked to pay,
// which Stripe's amount_paid then equals) or else its total, 0 for a draft, open
// or uncollectible one, and nil (not known) otherwise.
func amountPaid(w *invoiceWire, cur pricing.Currency, path string) (*pricing.Money, error) {
	var m pricing.Money
	switch {
	case w.AmountPaid.set:
		if w.AmountPaid.v < 0 {
			return nil, at(join(path, "amount_paid"), fmt.Errorf("%w: %d is negative", ErrInvalidValue, w.AmountPaid.v))
		}
		m = pricing.FromMinor(w.AmountPaid.v, cur)
	case !w.Status.set:
		return nil, nil
	case w.Status.s != "paid":
		m = pricing.FromMinor(0, cur)
	case w.AmountDue.set:
		m = pricing.FromMinor(w.AmountDue.v, cur)
	case w.Total.set:
		m = pricing.FromMinor(max(w.Total.v, 0), cur)
	default:
		return nil, nil
	}
	return &m, nil
}

// terminationOptions converts options.credit_from and options.termination_refund.
func terminationOptions(o *optionsWire, req *invoice.Request) error {
	if o.CreditFrom.set {
		switch o.CreditFrom.s {
		case "price":
			if req.Engine == invoice.EngineLago {
				return at("options.credit_from", fmt.Errorf("%w: engine lago prices a termination's credit from the invoices already issued: leave out \"price\" or the engine", ErrConflict))
			}
		case "history":
			req.CreditFromHistory = true
		default:
			return at("options.credit_from", fmt.Errorf("%w: %s (want price or history)", ErrInvalidValue, quote(o.CreditFrom.s)))
		}
	}
	req.TerminationRefund = o.TerminationRefund.v
	return nil
}

// terminationPath maps the Go path of a Request field of this file to its JSON
// path; ok is false for another field.
func terminationPath(name string) (string, bool) {
	switch name {
	case "CreditFromHistory":
		return "options.credit_from", true
	case "TerminationRefund":
		return "options.termination_refund", true
	}
	return "", false
}

// CreditNote is how a termination's credit priced from the history is settled
// (options.credit_from "history", or engine lago with invoices): amounts in minor
// units, positive.
type CreditNote struct {
	// TotalAmount is what the termination credits: refund_amount + credit_amount.
	TotalAmount int64 `json:"total_amount"`
	// RefundAmount is the part paid back: for each credited debit, what was paid of
	// it beyond the value of the time used, at most its credit (Lago's
	// refund_amount); 0 unless options.termination_refund.
	RefundAmount int64 `json:"refund_amount"`
	// CreditAmount is the rest, left as a credit balance (Lago's credit_amount).
	CreditAmount int64 `json:"credit_amount"`
	// Explanation says how the total was split.
	Explanation string `json:"explanation"`
}

// creditNote returns the response's credit_note of inv (nil when none).
func creditNote(e *minorErr, inv *invoice.Invoice) *CreditNote {
	cn := inv.CreditNote
	if cn == nil {
		return nil
	}
	return &CreditNote{TotalAmount: e.minor(cn.Total), RefundAmount: e.minor(cn.Refund), CreditAmount: e.minor(cn.Credit), Explanation: cn.Explanation}
}
