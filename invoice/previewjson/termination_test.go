package previewjson

import (
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
)

// lagoTerminationJSON is Lago's termination example (spec/services/credit_notes/
// create_from_termination_spec.rb, https://github.com/getlago/lago-api): a €31.00
// monthly plan with 20% tax, its October 2022 fee on an invoice with a second
// subscription's fee (both €37.20 with tax), terminated on 15 Oct 2022 at 10:00.
// invoice is the issued invoice's payment state; options the request's options.
func lagoTerminationJSON(invoice, options string) string {
	fee := func(item string) string {
		return `{"object":"line_item","amount":3100,"subscription_item":"` + item + `","price":"plan","quantity":1,` +
			`"period":{"start":1664582400,"end":1667260800},"tax_amounts":[{"amount":620,"inclusive":false,"tax_rate":"txr_vat","taxable_amount":3100}]}`
	}
	return `{"currency":"eur","now":"2022-10-15T10:00:00Z","options":{` + options + `},` +
		`"subscription":{"current_period_start":"2022-10-01T00:00:00Z","current_period_end":"2022-11-01T00:00:00Z","start_date":"2022-09-01T10:00:00Z",` +
		`"default_tax_rates":[{"id":"txr_vat","percentage":20}],` +
		`"items":[{"id":"si_1","price":{"id":"plan","currency":"eur","product":{"id":"prod","name":"Plan"},"unit_amount":3100,"recurring":{"interval":"month"}}}]},` +
		`"changes":{"cancel_now":true,"prorate":true,"invoice_now":true},` +
		`"invoices":[{"object":"invoice","id":"in_oct","currency":"eur"` + invoice + `,"lines":{"object":"list","data":[` + fee("si_1") + `,` + fee("si_other") + `],"has_more":false}}]}`
}

func TestTerminationRequests(t *testing.T) {
	for _, c := range []struct {
		name, invoice, options string
		total, refund, credit  int64
	}{
		// "when invoice is partially paid": 55.80 paid, half of it this fee's, less
		// €18.00 for the 15 days used: €9.90 refunded of the €19.20 credit.
		{"partially paid", `,"status":"open","amount_paid":5580`, `"engine":"lago","termination_refund":true`, 1920, 990, 930},
		{"fully paid, by status", `,"status":"paid","amount_due":7440`, `"engine":"lago","termination_refund":true`, 1920, 1920, 0},
		{"not paid", `,"status":"open"`, `"engine":"lago","termination_refund":true`, 1920, 0, 1920},
		{"no refund asked", `,"status":"paid","amount_paid":7440`, `"engine":"lago"`, 1920, 0, 1920},
		// Stripe's convention (to the second) with the credit from the history: the
		// 16 d 14 h left of October, 31.00 × 1432800 ÷ 2678400 = 16.58, tax 3.32.
		{"stripe, from the history", `,"amount_paid":7440`, `"credit_from":"history","termination_refund":true`, 1990, 1990, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := previewResponse(t, lagoTerminationJSON(c.invoice, c.options))
			cn := r.CreditNote
			if cn == nil {
				t.Fatalf("no credit_note: %+v", r)
			}
			if got := [3]int64{cn.TotalAmount, cn.RefundAmount, cn.CreditAmount}; got != [3]int64{c.total, c.refund, c.credit} {
				t.Errorf("credit_note %v, want %v\n%s", got, [3]int64{c.total, c.refund, c.credit}, cn.Explanation)
			}
			if r.Total != -c.total || cn.Explanation == "" {
				t.Errorf("total %d, want %d; explanation %q", r.Total, -c.total, cn.Explanation)
			}
		})
	}
	// Off: Stripe's classic credit from the current price, no credit_note key.
	inv, err := Preview([]byte(lagoTerminationJSON(`,"status":"paid"`, ``)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := EncodeInvoice(inv)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "credit_note") {
		t.Errorf("credit_note without the option:\n%s", out)
	}
}

func TestTerminationRequestErrors(t *testing.T) {
	for _, c := range []struct {
		name, invoice, options, path string
		err                          error
	}{
		{"bad credit_from", ``, `"credit_from":"fee"`, "options.credit_from", ErrInvalidValue},
		{"price under lago", ``, `"engine":"lago","credit_from":"price"`, "options.credit_from", ErrConflict},
		{"refund without the credit from the history", ``, `"termination_refund":true`, "options.termination_refund", invoice.ErrInvalidRequest},
		{"payment unknown", ``, `"engine":"lago","termination_refund":true`, "invoices[0].amount_paid", invoice.ErrMissingField},
		{"negative amount_paid", `,"amount_paid":-1`, `"engine":"lago"`, "invoices[0].amount_paid", ErrInvalidValue},
		{"void", `,"status":"void"`, `"engine":"lago"`, "invoices[0].status", ErrUnsupported},
	} {
		expectErr(t, lagoTerminationJSON(c.invoice, c.options), c.path, c.err, "")
	}
}

// Kill Bill's billing day 31 through the format: the period Jan 31 → Feb 28 2025
// lies in Jan 28 → Feb 28, 31 days (calculateProRationBeforeFirstBillingPeriod,
// invoice/.../generator/InvoiceDateUtils.java, https://github.com/killbill/killbill):
// canceled on Feb 10, 18 of 31 days rounded to 9 places × 100.00 = 58.06 credited.
func TestKillBillBillingDay31Request(t *testing.T) {
	in := func(options string) string {
		return `{"currency":"eur","now":"2025-02-10T00:00:00Z","options":{` + options + `},` +
			`"subscription":{"current_period_start":"2025-01-31T00:00:00Z","current_period_end":"2025-02-28T00:00:00Z","billing_cycle_anchor":"2025-01-31T00:00:00Z",` +
			`"items":[{"id":"si_1","price":{"id":"plan","currency":"eur","unit_amount":10000,"recurring":{"interval":"month"}}}]},` +
			`"changes":{"cancel_at":"2025-02-10T00:00:00Z"}}`
	}
	for _, c := range []struct {
		options string
		want    int64
	}{
		{`"engine":"killbill"`, -6429},
		{`"engine":"killbill","proration_denominator":"interval_before_end"`, -5806},
	} {
		r := previewResponse(t, in(c.options))
		if len(r.Lines) != 1 || r.Lines[0].Amount != c.want {
			t.Errorf("%s: lines %+v, want one credit of %d", c.options, r.Lines, c.want)
		}
	}
}

// FuzzTermination: terminations credited from the history, with payment states,
// never panic; the member loop accepts what the fast path accepts; a preview encodes, its
// credit note adds up and every line recomputes from its steps.
func FuzzTermination(f *testing.F) {
	f.Add([]byte(lagoTerminationJSON(`,"status":"open","amount_paid":5580`, `"engine":"lago","termination_refund":true`)))
	f.Add([]byte(lagoTerminationJSON(`,"status":"paid","amount_due":7440`, `"credit_from":"history","termination_refund":true`)))
	f.Add([]byte(lagoTerminationJSON(`,"status":"void"`, `"engine":"lago"`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		if _, err := DecodeRequest(data); err == nil {
			if _, serr := checkInput(data); serr == nil {
				if _, _, serr := decodeSlow(data); serr != nil {
					t.Fatalf("the fast path accepts what the member loop refuses: %v", serr)
				}
			}
		}
		inv, err := Preview(data)
		if err != nil {
			return
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if cn := inv.CreditNote; cn != nil {
			if sum, err := cn.Refund.Add(cn.Credit); err != nil || !sum.Equal(cn.Total) || cn.Refund.Sign() < 0 || cn.Credit.Sign() < 0 {
				t.Fatalf("credit note %v = %v + %v", cn.Total, cn.Refund, cn.Credit)
			}
		}
		if err := checkStepsGo(inv); err != nil {
			t.Fatalf("Go steps: %v", err)
		}
		if err := checkStepsJSON(inv.Currency.Digits(), out); err != nil {
			t.Fatalf("JSON steps: %v", err)
		}
	})
}
