package previewjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/invoice/verify"
)

// The verification input, {"request": <a request>, "invoice": <the invoice as
// issued>}, and its result (REFERENCE.md, "Verifying an issued invoice").

type verifyWire struct {
	Request *requestWire `json:"request"`
	Invoice *invoiceWire `json:"invoice"`
}

var verifyType = reflect.TypeFor[verifyWire]()

// DecodeVerify decodes a verification input: the request, decoded as
// [DecodeRequest] does, and the issued invoice (a Stripe Invoice object of either
// API shape, or this format's response) in the request's currency, its discount
// ids (di_…) mapped to coupons through the request's Discount objects. The whole
// input is at most MaxRequestBytes. An error is a [*PathError] whose path starts
// at the input ("request.subscription.items[0].price", "invoice.lines.data[2].amount").
func DecodeVerify(data []byte) (invoice.Request, invoice.IssuedInvoice, error) {
	req, _, is, err := decodeVerify(data)
	return req, is.inv, err
}

// Verify decodes a verification input and reconciles the issued invoice with the
// invoice the request computes ([verify.Invoice]). A bad input, or a request that
// invoice.Preview refuses, is a [*PathError]; a difference is never an error.
func Verify(data []byte) (verify.Result, error) {
	req, tr, is, err := decodeVerify(data)
	if err != nil {
		return verify.Result{}, err
	}
	r, err := verify.Invoice(req, is.inv)
	if err != nil {
		return verify.Result{}, within("request", tr.mapError(err))
	}
	return r, nil
}

func decodeVerify(data []byte) (invoice.Request, *trace, issued, error) {
	fastOK, err := checkInputOf(data, verifyType)
	if err != nil {
		return invoice.Request{}, nil, issued{}, err
	}
	if fastOK {
		var w verifyWire
		if fast.decodeValue(data, &w) == nil {
			if req, tr, is, err := convertVerify(&w); err == nil {
				return req, tr, is, nil
			}
		}
	}
	return decodeVerifySlow(data)
}

// decodeVerifySlow decodes checked input with the member loop.
func decodeVerifySlow(data []byte) (invoice.Request, *trace, issued, error) {
	if err := checkValid(data); err != nil {
		return invoice.Request{}, nil, issued{}, err
	}
	if data = trimSpace(data); data[0] != '{' {
		return invoice.Request{}, nil, issued{}, at("$", fmt.Errorf("%w: the input is a JSON object {\"request\", \"invoice\"}, got %s", ErrInvalidValue, kindOf(data)))
	}
	var w verifyWire
	d := decoder{}
	if err := d.decodeValue(data, &w); err != nil {
		return invoice.Request{}, nil, issued{}, at("$", err)
	}
	return convertVerify(&w)
}

func convertVerify(w *verifyWire) (invoice.Request, *trace, issued, error) {
	if w.Request == nil {
		return invoice.Request{}, nil, issued{}, at("request", ErrMissingField)
	}
	var c converter
	req, err := c.request(w.Request)
	if err != nil {
		return invoice.Request{}, nil, issued{}, within("request", err)
	}
	if w.Invoice == nil {
		return invoice.Request{}, nil, issued{}, at("invoice", ErrMissingField)
	}
	is, err := issuedOf(w.Invoice, "invoice", req.Currency, couponsOf(w.Request))
	if err != nil {
		return invoice.Request{}, nil, issued{}, err
	}
	return req, &c.trace, is, nil
}

// checkInputOf is checkInput for a document whose root decodes into root.
func checkInputOf(data []byte, root reflect.Type) (fastOK bool, err error) {
	if len(data) > MaxRequestBytes {
		return false, &PathError{Path: "$", Err: fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrTooLarge, len(data), MaxRequestBytes)}
	}
	c := checker{data: data}
	err = c.value(0, root)
	if err == nil {
		if c.space(); c.pos < len(data) {
			err = errNotJSON
		}
	}
	if err != nil && (err == errNotJSON || !json.Valid(data)) {
		return false, &PathError{Path: "$", Err: syntaxError(data)}
	}
	var pe *PathError
	if errors.As(err, &pe) && pe.Path == "" {
		pe.Path = "$"
	}
	return !c.unknown, err
}

// couponsOf maps the id of every Discount object of the request to its coupon's id.
func couponsOf(w *requestWire) map[string]string {
	m := map[string]string{}
	add := func(ds []*discountWire) {
		for _, d := range ds {
			if d != nil && d.ID.set {
				m[d.ID.s] = discountCoupon(d)
			}
		}
	}
	if s := w.Subscription; s != nil {
		add(s.Discounts)
		if s.Discount != nil && s.Discount.ID.set {
			m[s.Discount.ID.s] = discountCoupon(s.Discount)
		}
		for _, it := range s.Items.items {
			if it != nil {
				add(it.Discounts)
			}
		}
	}
	if ch := w.Changes; ch != nil {
		add(ch.Discounts)
		for _, it := range ch.Items {
			if it != nil {
				add(it.Discounts)
			}
		}
	}
	return m
}

// VerifyResponse is the result of a verification in the format.
type VerifyResponse struct {
	// Match is true when every line and every stated total matches.
	Match bool `json:"match"`
	// Lines are the issued lines in their order, then the missing ones in
	// computed order.
	Lines []VerifyLine `json:"lines"`
	// Totals compares the invoice's totals.
	Totals VerifyTotals `json:"totals"`
}

// VerifyLine is the verdict on one line.
type VerifyLine struct {
	// Status is "match", "amount_differs", "missing" or "unexpected".
	Status string `json:"status"`
	// Issued is the line's index in the issued invoice's lines; null for a missing
	// line.
	Issued *int `json:"issued"`
	// Computed is the line's index in the computed invoice's lines; null for an
	// unexpected line.
	Computed *int `json:"computed"`
	// IssuedAmount and ComputedAmount are the two amounts, minor units (0 on the
	// side without a line).
	IssuedAmount int64 `json:"issued_amount"`
	// ComputedAmount is pricekit's amount, minor units (0 without a computed line).
	ComputedAmount int64 `json:"computed_amount"`
	// Explanation is how pricekit computed its line ("" for an unexpected line).
	Explanation string `json:"explanation"`
	// ExplainedBy names the documented option that reproduces the issued amount
	// ("proration: day"); null when the line matches or none does.
	ExplainedBy *string `json:"explained_by"`
}

// VerifyTotals are the invoice's totals, issued and computed.
type VerifyTotals struct {
	// Subtotal is Σ line amounts.
	Subtotal VerifyTotal `json:"subtotal"`
	// TotalDiscountAmount is Σ every discount amount.
	TotalDiscountAmount VerifyTotal `json:"total_discount_amount"`
	// Tax is Σ every tax amount, inclusive and exclusive.
	Tax VerifyTotal `json:"tax"`
	// Total is subtotal − discounts + exclusive tax.
	Total VerifyTotal `json:"total"`
	// AmountDue is what the customer pays (for a Stripe invoice with credit notes
	// before payment: before them).
	AmountDue VerifyTotal `json:"amount_due"`
}

// VerifyTotal is one total, minor units.
type VerifyTotal struct {
	// Issued is the issued invoice's value; null when it did not state it (then it
	// is not compared).
	Issued *int64 `json:"issued"`
	// Computed is pricekit's value.
	Computed int64 `json:"computed"`
	// Match is true when they are equal, or the issued invoice did not state it.
	Match bool `json:"match"`
}

// FromResult converts a reconciliation into the format's result.
func FromResult(r verify.Result) (VerifyResponse, error) {
	var e minorErr
	out := VerifyResponse{Match: r.Match, Lines: make([]VerifyLine, len(r.Lines))}
	for i, l := range r.Lines {
		vl := VerifyLine{Status: l.Status.String(), IssuedAmount: e.minor(l.IssuedAmount), ComputedAmount: e.minor(l.ComputedAmount), Explanation: l.Explanation()}
		if l.Issued >= 0 {
			n := l.Issued
			vl.Issued = &n
		}
		if l.Computed >= 0 {
			n := l.Computed
			vl.Computed = &n
		}
		if l.ExplainedBy != "" {
			s := l.ExplainedBy
			vl.ExplainedBy = &s
		}
		out.Lines[i] = vl
	}
	for _, t := range r.Totals {
		vt := VerifyTotal{Computed: e.minor(t.Computed), Match: t.Match}
		if t.Given {
			n := e.minor(t.Issued)
			vt.Issued = &n
		}
		switch t.Name {
		case "subtotal":
			out.Totals.Subtotal = vt
		case "total_discount_amount":
			out.Totals.TotalDiscountAmount = vt
		case "tax":
			out.Totals.Tax = vt
		case "total":
			out.Totals.Total = vt
		case "amount_due":
			out.Totals.AmountDue = vt
		}
	}
	if e.err != nil {
		return VerifyResponse{}, fmt.Errorf("encoding the result: %w", e.err)
	}
	return out, nil
}

// EncodeResult returns the format's result of r as compact JSON.
func EncodeResult(r verify.Result) ([]byte, error) {
	v, err := FromResult(r)
	if err != nil {
		return nil, err
	}
	return marshal(v)
}
