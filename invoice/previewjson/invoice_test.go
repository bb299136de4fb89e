package previewjson

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// cmpIssued compares issued invoices by value (amounts, rates, decimals).
var cmpIssued = []cmp.Option{
	cmp.Comparer(func(a, b pricing.Money) bool { return a.Equal(b) && a.Currency() == b.Currency() }),
	cmp.Comparer(func(a, b invoice.TaxRate) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.IgnoreUnexported(invoice.DiscountAmount{}, invoice.TaxAmount{}),
}

// verifyInput puts a request and an issued invoice (testdata names or JSON) into
// one verification input.
func verifyInput(t testing.TB, req, inv string) string {
	t.Helper()
	return fill(t, `{"request": `+req+`, "invoice": `+inv+`}`)
}

// The same invoice as Stripe returns it in API 2024-06-20 and in 2025-09-30.clover
// (a 10 % coupon through a Discount id, a 20 % exclusive tax rate by id) reads as
// one issued invoice, which is what its request computes.
func TestIssuedStripeShapes(t *testing.T) {
	usd := mustCurrency(t, "usd")
	m := func(v int64) *pricing.Money { x := pricing.FromMinor(v, usd); return &x }
	vat := invoice.MustTaxRate(invoice.TaxRateParams{ID: "txr_1QVat2eZvKYlo2C"})
	p1, p2 := time.Unix(1769904000, 0).UTC(), time.Unix(1772323200, 0).UTC()
	want := invoice.IssuedInvoice{
		Lines: []invoice.IssuedLine{{Item: "si_QPro", Price: "price_1QPro2eZvKYlo2C", Amount: *m(4000), Quantity: decimal.NewFromInt(2),
			Period:    proration.Period{Start: p1, End: p2},
			Discounts: []invoice.DiscountAmount{{Coupon: "TENOFF", Amount: *m(400)}},
			Taxes:     []invoice.TaxAmount{{TaxRate: vat, Taxable: *m(3600), Amount: *m(720)}}}},
		Totals:     &invoice.IssuedTotals{Subtotal: m(4000), TotalDiscount: m(400), Tax: m(720), Total: m(4320), AmountDue: m(4320)},
		AmountPaid: m(4320), // the fixtures are paid
	}
	for _, v := range []string{"2024-06-20", "2025-09-30.clover"} {
		t.Run(v, func(t *testing.T) {
			in := verifyInput(t, "{{invoice_request}}", "{{invoice_"+v+"}}")
			_, got, err := DecodeVerify([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			w := want
			w.ID = map[string]string{"2024-06-20": "in_1QOld2eZvKYlo2C", "2025-09-30.clover": "in_1QNew2eZvKYlo2C"}[v]
			if d := cmp.Diff(w, got, cmpIssued...); d != "" {
				t.Errorf("issued invoice (-want +got):\n%s", d)
			}
			r, err := Verify([]byte(in))
			if err != nil || !r.Match {
				t.Errorf("%v: the invoice does not match its request: %+v", err, r.Lines)
			}
			// Through the fast path and the member loop alike.
			if !fastAccepts(t, in) {
				t.Error("the verbatim invoice is not decoded on the fast path")
			}
		})
	}
}

func fastAccepts(t testing.TB, in string) bool {
	ok, err := checkInputOf([]byte(in), verifyType)
	return err == nil && ok
}

func mustCurrency(t testing.TB, code string) pricing.Currency {
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The format's own response, as an issued invoice, verifies against its request.
func TestIssuedResponse(t *testing.T) {
	req := fill(t, "{{invoice_request}}")
	inv, err := Preview([]byte(req))
	if err != nil {
		t.Fatal(err)
	}
	out, err := EncodeInvoice(inv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Verify([]byte(`{"request": ` + req + `, "invoice": ` + string(out) + `}`))
	if err != nil || !r.Match || len(r.Lines) != 1 {
		t.Fatalf("%v %+v", err, r)
	}
}

// Each bad issued invoice is refused at the path of what is wrong, with its sentinel.
func TestIssuedErrors(t *testing.T) {
	line := `{"amount": 4000, "subscription_item": "si_QPro", "price": "price_1QPro2eZvKYlo2C", "quantity": 2, "period": {"start": 1769904000, "end": 1772323200}`
	inv := func(top, l string) string {
		return `{"currency": "usd", ` + top + `"lines": [` + line + l + `}]}`
	}
	for _, c := range []struct {
		name, inv, path string
		err             error
	}{
		{"void", inv(`"status": "void", `, ""), "invoice.status", ErrUnsupported},
		{"shipping", inv(`"amount_shipping": 500, `, ""), "invoice.amount_shipping", ErrUnsupported},
		{"billing credits", inv("", `, "pretax_credit_amounts": [{"amount": 5, "type": "credit_balance_transaction"}]`), "invoice.lines[0].pretax_credit_amounts[0].type", ErrUnsupported},
		{"truncated", `{"currency": "usd", "lines": {"object": "list", "data": [], "has_more": true}}`, "invoice.lines.has_more", ErrInvalidValue},
		{"typo", inv("", `, "amout": 1`), "invoice.lines[0].amout", ErrUnknownField},
		{"both tax shapes", inv("", `, "tax_amounts": [{"amount": 1, "tax_rate": "t"}], "taxes": [{"amount": 1}]`), "invoice.lines[0].taxes", ErrConflict},
		{"tax not the sum", inv(`"tax": 5, "total_tax_amounts": [{"amount": 4, "tax_rate": "t"}], `, ""), "invoice.tax", ErrConflict},
		{"discount not the sum", inv(`"total_discount_amount": 5, "total_discount_amounts": [], `, ""), "invoice.total_discount_amount", ErrConflict},
		{"currency", `{"currency": "eur", "lines": []}`, "invoice.currency", pricing.ErrCurrencyMismatch},
		{"no lines", `{"currency": "usd"}`, "invoice.lines", ErrMissingField},
		{"no period", `{"lines": [{"amount": 1}]}`, "invoice.lines[0].period", ErrMissingField},
		{"period end", `{"lines": [{"amount": 1, "period": {"start": 5}}]}`, "invoice.lines[0].period.end", ErrMissingField},
		{"amount in major units", inv("", `, "discount_amounts": [{"amount": 4.00, "discount": "di_1"}]`), "invoice.lines[0].discount_amounts[0].amount", ErrInvalidValue},
		{"items disagree", inv("", `, "parent": {"type": "subscription_item_details", "subscription_item_details": {"subscription_item": "si_other"}}`), "invoice.lines[0].parent.subscription_item_details.subscription_item", ErrConflict},
		{"prices disagree", inv("", `, "pricing": {"type": "price_details", "price_details": {"price": "price_other"}}`), "invoice.lines[0].pricing.price_details.price", ErrConflict},
		{"tax behavior", inv("", `, "taxes": [{"amount": 1, "tax_behavior": "sometimes"}]`), "invoice.lines[0].taxes[0].tax_behavior", ErrInvalidValue},
		{"object", `{"object": "price", "lines": []}`, "invoice.object", ErrInvalidValue},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify([]byte(verifyInput(t, "{{invoice_request}}", c.inv)))
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path != c.path || !errors.Is(err, c.err) {
				t.Errorf("got %v, want an error at %s wrapping %v", err, c.path, c.err)
			}
		})
	}
	for _, in := range []string{`{"invoice": {"lines": []}}`, `{"request": ` + fill(t, "{{invoice_request}}") + `}`, `[]`, `{"request": {"currency": "usd"}, "invoice": {}}`} {
		if _, err := Verify([]byte(in)); err == nil {
			t.Errorf("%.60s: accepted", in)
		}
	}
}

// The request's invoices are its history, in order, each in the request's currency;
// an error of the billing about a history line names where it was written.
func TestHistory(t *testing.T) {
	req := strings.TrimSuffix(strings.TrimSpace(fill(t, "{{invoice_request}}")), "}") +
		`, "invoices": [{{invoice_2024-06-20}}, {"lines": [{"amount": -5, "subscription_item": "si_QPro", "proration": true, "period": {"start": 1769904000, "end": 1770904000}}]}]}`
	r, err := DecodeRequest([]byte(fill(t, req)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Invoices) != 2 || r.Invoices[0].ID != "in_1QOld2eZvKYlo2C" || len(r.Invoices[1].Lines) != 1 || !r.Invoices[1].Lines[0].Proration ||
		r.Invoices[0].Lines[0].Discounts[0].Coupon != "TENOFF" {
		t.Errorf("history %+v", r.Invoices)
	}
	if _, err := Preview([]byte(fill(t, req))); err != nil {
		t.Errorf("a classic preview with a history: %v", err)
	}
	bad := strings.Replace(req, `"subscription_item": "si_QPro", "proration": true`, `"proration": true`, 1)
	_, err = Preview([]byte(fill(t, bad)))
	var pe *PathError
	if !errors.As(err, &pe) || pe.Path != "invoices[1].lines[0].subscription_item" || !errors.Is(err, invoice.ErrMissingField) {
		t.Errorf("got %v, want the missing item at invoices[1].lines[0].subscription_item", err)
	}
	eur := strings.Replace(req, `{"lines": [{"amount": -5`, `{"currency": "eur", "lines": [{"amount": -5`, 1)
	if _, err := DecodeRequest([]byte(fill(t, eur))); !errors.As(err, &pe) || pe.Path != "invoices[1].currency" {
		t.Errorf("got %v, want the currency refused at invoices[1].currency", err)
	}
}
