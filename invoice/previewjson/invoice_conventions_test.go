package previewjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// convSub is a subscription of one 30.00 USD seat for November 2026, with the
// discounts given.
func convSub(discounts string) string {
	return `{"current_period_start":"2026-11-01T00:00:00Z","current_period_end":"2026-12-01T00:00:00Z","items":[{"id":"si_1","price":` + lifeSeat + `}],"discounts":[` + discounts + `]}`
}

const (
	carried50 = `{"coupon":{"id":"welcome","amount_off":5000,"currency":"usd","duration":"once","amount_off_rest":"carry"}}`
	dropped50 = `{"coupon":{"id":"welcome","amount_off":5000,"currency":"usd","duration":"once"}}`
	eurOnly   = `{"coupon":{"id":"eur_only","amount_off":500,"currency":"eur","duration":"forever"}}`
)

// Lago's conventions through the format: what each invoice of a forecast takes off.
func TestConventionRequests(t *testing.T) {
	for _, c := range []struct {
		name      string
		in        string
		discounts []int64  // per invoice
		remaining []string // per invoice
	}{
		{"Stripe drops the rest", `{"currency":"usd","options":{"forecast":2},"subscription":` + convSub(dropped50) + `}`,
			[]int64{3000, 0, 0}, []string{"[]", "[]", "[]"}},
		{"amount_off_rest carry", `{"currency":"usd","options":{"forecast":2},"subscription":` + convSub(carried50) + `}`,
			[]int64{3000, 2000, 0}, []string{"[welcome:2000]", "[welcome:0]", "[welcome:0]"}},
		{"engine lago carries by default", `{"currency":"usd","options":{"forecast":1,"engine":"lago"},"subscription":` + convSub(dropped50) + `}`,
			[]int64{3000, 2000}, []string{"[welcome:2000]", "[welcome:0]"}},
		{"the rest left by earlier invoices", `{"currency":"usd","subscription":` + convSub(strings.Replace(carried50, `}}`, `},"amount_off_remaining":700}`, 1)) + `}`,
			[]int64{700}, []string{"[welcome:0]"}},
		{"a coupon without the invoice's currency skipped", `{"currency":"usd","options":{"missing_coupon_currency":"skip"},"subscription":` + convSub(eurOnly) + `}`,
			[]int64{0}, []string{"[]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := previewResponse(t, c.in)
			all := append([]Response{r}, r.Forecast...)
			if len(all) != len(c.discounts) {
				t.Fatalf("%d invoices, want %d", len(all), len(c.discounts))
			}
			for k, f := range all {
				if f.TotalDiscountAmount != c.discounts[k] {
					t.Errorf("invoice %d: discount %d, want %d", k, f.TotalDiscountAmount, c.discounts[k])
				}
				var rem []string
				for _, d := range f.AmountOffRemaining {
					rem = append(rem, fmt.Sprintf("%s:%d", d.Discount, d.Amount))
				}
				if got := fmt.Sprint(rem); got != c.remaining[k] {
					t.Errorf("invoice %d: amount_off_remaining %s, want %s", k, got, c.remaining[k])
				}
			}
		})
	}
	r := previewResponse(t, `{"currency":"usd","options":{"missing_coupon_currency":"skip"},"subscription":`+convSub(eurOnly)+`}`)
	if len(r.UnappliedDiscounts) != 1 || r.UnappliedDiscounts[0].Reason != "no_amount_in_currency" || !strings.Contains(r.UnappliedDiscounts[0].Explanation, "no amount off in USD") {
		t.Errorf("unapplied %+v", r.UnappliedDiscounts)
	}
}

// Billing in arrears through the format: the renewal bills the period that ends.
func TestArrearsRequest(t *testing.T) {
	r := previewResponse(t, `{"currency":"usd","options":{"licensed_billing":"in_arrears"},"subscription":`+convSub("")+`}`)
	if len(r.Lines) != 1 || r.Lines[0].Amount != 3000 || r.Lines[0].Period.Start != 1793491200 || r.Lines[0].Period.End != 1796083200 {
		t.Errorf("lines %+v, want November billed", r.Lines)
	}
	r = previewResponse(t, `{"currency":"usd","now":"2026-11-10T00:00:00Z","options":{"licensed_billing":"in_arrears","engine":"lago"},"subscription":`+convSub("")+`,"changes":{"cancel_at":"2026-11-16T00:00:00Z"}}`)
	if r.Total != 1500 {
		t.Errorf("cancel at Nov 16 in arrears: total %d, want the 15 days used, 1500", r.Total)
	}
}

// Lago's upgrade/downgrade rule through the format.
func TestPlanChangeRequest(t *testing.T) {
	cheap := `{"id":"cheap","unit_amount":1000,"recurring":{"interval":"month"}}`
	for _, c := range []struct {
		name, options, kind string
		total               int64
	}{
		{"Stripe prorates on the renewal", `{}`, "", 0}, // -1500 + 500 + 1000
		{"yearly_amount: a downgrade at the period end", `{"plan_change":"yearly_amount"}`, "downgrade_scheduled", 1000},
		{"lago's preset", `{"engine":"lago"}`, "downgrade_scheduled", 1000},
	} {
		r := previewResponse(t, `{"currency":"usd","now":"2026-11-16T00:00:00Z","options":`+c.options+`,"subscription":`+convSub("")+
			`,"changes":{"items":[{"id":"si_1","price":`+cheap+`}]}}`)
		kind := ""
		if r.PlanChange != nil {
			kind = r.PlanChange.Kind
		}
		if kind != c.kind || r.Total != c.total {
			t.Errorf("%s: %q total %d, want %q %d", c.name, kind, r.Total, c.kind, c.total)
		}
	}
}

// The commitment's true-up line through the format: its kind, amount and steps.
func TestCommitmentRequest(t *testing.T) {
	in := `{"currency":"usd","options":{"minimum_commitment":{"amount":10000,"invoiced":3000}},"subscription":` +
		`{"current_period_start":"2026-11-01T00:00:00Z","current_period_end":"2026-12-01T00:00:00Z","default_tax_rates":[{"id":"vat","percentage":20}],` +
		`"items":[{"id":"si_1","price":` + lifeSeat + `}]}}`
	inv, err := Preview([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkStepsGo(inv); err != nil {
		t.Errorf("Go steps: %v", err)
	}
	out, err := EncodeInvoice(inv)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkStepsJSON(2, out); err != nil {
		t.Errorf("JSON steps: %v", err)
	}
	r := previewResponse(t, in)
	if len(r.Lines) != 2 || r.Lines[1].Kind != "commitment_true_up" || r.Lines[1].Amount != 7000 || r.Lines[0].Kind != "" {
		t.Fatalf("lines %+v", r.Lines)
	}
	l := r.Lines[1]
	if !strings.HasPrefix(l.Explanation, "Minimum commitment 100.00 USD, fees 30.00 USD, true-up 70.00 USD.\n") {
		t.Errorf("explanation %q", l.Explanation)
	}
	if len(l.TaxAmounts) != 1 || l.TaxAmounts[0].Amount != 1400 {
		t.Errorf("taxes %+v, want the default rate's 14.00", l.TaxAmounts)
	}
}

func TestConventionErrors(t *testing.T) {
	for _, c := range []struct {
		name, in, path string
		want           error
	}{
		{"bad missing_coupon_currency", `{"currency":"usd","options":{"missing_coupon_currency":"ignore"},"subscription":` + convSub("") + `}`, "options.missing_coupon_currency", ErrInvalidValue},
		{"error with lago", `{"currency":"usd","options":{"engine":"lago","missing_coupon_currency":"error"},"subscription":` + convSub("") + `}`, "options.missing_coupon_currency", ErrConflict},
		{"bad amount_off_rest", `{"currency":"usd","subscription":` + convSub(strings.Replace(carried50, `"carry"`, `"keep"`, 1)) + `}`, "subscription.discounts[0].coupon.amount_off_rest", ErrInvalidValue},
		{"a rest on a repeating coupon", `{"currency":"usd","subscription":` + convSub(strings.Replace(carried50, `"once"`, `"forever"`, 1)) + `}`, "subscription.discounts[0].coupon.amount_off_rest", nil},
		{"amount_off_remaining of a coupon that drops it", `{"currency":"usd","subscription":` + convSub(strings.Replace(dropped50, `}}`, `},"amount_off_remaining":1}`, 1)) + `}`, "subscription.discounts[0].amount_off_remaining", ErrInvalidValue},
		{"amount_off_remaining above the amount", `{"currency":"usd","subscription":` + convSub(strings.Replace(carried50, `}}`, `},"amount_off_remaining":5001}`, 1)) + `}`, "subscription.discounts[0].amount_off_remaining", nil},
		{"bad licensed_billing", `{"currency":"usd","options":{"licensed_billing":"later"},"subscription":` + convSub("") + `}`, "options.licensed_billing", ErrInvalidValue},
		{"in arrears with always_invoice", `{"currency":"usd","now":"2026-11-11T00:00:00Z","options":{"licensed_billing":"in_arrears"},"subscription":` + convSub("") + `,"changes":{"proration_behavior":"always_invoice","items":[{"id":"si_1","quantity":2}]}}`, "changes.proration_behavior", nil},
		{"bad plan_change", `{"currency":"usd","options":{"plan_change":"later"},"subscription":` + convSub("") + `}`, "options.plan_change", ErrInvalidValue},
		{"at_once with lago", `{"currency":"usd","options":{"plan_change":"at_once","engine":"lago"},"subscription":` + convSub("") + `}`, "options.plan_change", ErrConflict},
		{"none with the rule", `{"currency":"usd","now":"2026-11-16T00:00:00Z","options":{"plan_change":"yearly_amount"},"subscription":` + convSub("") + `,"changes":{"proration_behavior":"none","items":[{"id":"si_1","quantity":2}]}}`, "changes.proration_behavior", nil},
		{"commitment without amount", `{"currency":"usd","options":{"minimum_commitment":{}},"subscription":` + convSub("") + `}`, "options.minimum_commitment.amount", ErrMissingField},
		{"commitment of zero", `{"currency":"usd","options":{"minimum_commitment":{"amount":0}},"subscription":` + convSub("") + `}`, "options.minimum_commitment.amount", nil},
		{"commitment of an unknown item", `{"currency":"usd","options":{"minimum_commitment":{"amount":100,"items":["si_9"]}},"subscription":` + convSub("") + `}`, "options.minimum_commitment.items[0]", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Preview([]byte(c.in))
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path != c.path {
				t.Fatalf("got %v, want an error at %s", err, c.path)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		})
	}
}
