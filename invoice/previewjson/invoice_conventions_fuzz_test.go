package previewjson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzInvoiceConventions: requests with the invoice conventions never panic; a preview
// that succeeds encodes, and each of its lines recomputes from its steps.
func FuzzInvoiceConventions(f *testing.F) {
	f.Add([]byte(`{"currency":"usd","options":{"forecast":2},"subscription":` + convSub(carried50) + `}`))
	f.Add([]byte(`{"currency":"usd","options":{"missing_coupon_currency":"skip","engine":"lago"},"subscription":` + convSub(eurOnly) + `}`))
	f.Add([]byte(`{"currency":"usd","options":{"minimum_commitment":{"amount":10000,"items":["si_1"],"invoiced":3000},"forecast":1},"subscription":` + convSub("") + `}`))
	f.Add([]byte(`{"currency":"usd","now":"2026-11-16T00:00:00Z","options":{"licensed_billing":"in_arrears","engine":"killbill"},"subscription":` + convSub("") + `,"changes":{"items":[{"id":"si_1","quantity":2}]}}`))
	f.Add([]byte(`{"currency":"usd","now":"2026-11-16T00:00:00Z","options":{"plan_change":"yearly_amount","minimum_commitment":{"amount":9000}},"subscription":` + convSub(carried50) + `,"changes":{"items":[{"id":"si_1","quantity":0}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		req, err := DecodeRequest(data)
		if err == nil {
			if _, serr := checkInput(data); serr == nil {
				slow, _, serr := decodeSlow(data)
				if serr != nil {
					t.Fatalf("the fast path accepts what the member loop refuses: %v", serr)
				}
				if diff := cmp.Diff(normal(req), normal(slow), sameRequest); diff != "" {
					t.Fatalf("the fast path and the member loop differ (-fast +loop):\n%s", diff)
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
		if err := checkStepsGo(inv); err != nil {
			t.Fatalf("Go steps: %v", err)
		}
		if err := checkStepsJSON(inv.Currency.Digits(), out); err != nil {
			t.Fatalf("JSON steps: %v", err)
		}
	})
}
