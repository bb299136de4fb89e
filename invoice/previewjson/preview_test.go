package previewjson

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pricekit/pricekit/invoice"
)

// Stripe's documented upcoming-invoice preview: a 10.00 plan upgraded to 32.52 on
// 01 Sep 2020 with 445540 of 2678400 seconds left.
func TestStripeProrationPreview(t *testing.T) {
	data, err := os.ReadFile("../../examples/stripe_upgrade.json")
	if err != nil {
		t.Fatal(err)
	}
	r := previewResponse(t, string(data))
	if diff := cmp.Diff([]int64{-166, 541, 3252}, amounts(r)); diff != "" {
		t.Errorf("line amounts (-want +got):\n%s", diff)
	}
	if r.Total != 3627 || r.AmountDue != 3627 {
		t.Errorf("total %d due %d, want 3627", r.Total, r.AmountDue)
	}
	if got := r.Lines[0].Description; got != "Unused time on Silver after 01 Sep 2020" {
		t.Errorf("credit description %q", got)
	}
	if got := r.Lines[1].Description; got != "Remaining time on Gold after 01 Sep 2020" {
		t.Errorf("charge description %q", got)
	}
	if r.Lines[0].Period.Start != 1598982148 || r.Lines[0].Period.End != 1599427688 || !r.Lines[0].Proration {
		t.Errorf("credit period %+v proration %v", r.Lines[0].Period, r.Lines[0].Proration)
	}
	if r.PeriodStart != 1596749288 || r.PeriodEnd != 1599427688 {
		t.Errorf("invoice period %d–%d", r.PeriodStart, r.PeriodEnd)
	}
	if !strings.Contains(r.Lines[0].Explanation, "445540") || !strings.Contains(r.Lines[0].Explanation, "2678400") {
		t.Errorf("credit explanation lacks the seconds: %q", r.Lines[0].Explanation)
	}
	// The renewal line covers the next period from current_period_end.
	if p := r.Lines[2].Period; p.Start != 1599427688 || p.End <= p.Start {
		t.Errorf("renewal period %+v", p)
	}
}

// simple builds a request with one-off lines: each amount a licensed monthly item
// with the given tax rates (JSON) and subscription discounts (JSON).
func simple(amounts []int, itemTax string, subExtra string) string {
	var items []string
	for i, a := range amounts {
		it := `{"id":"si_` + itoa(i) + `","price":{"id":"p` + itoa(i) + `","product":"prod_` + itoa(i) + `","unit_amount":` + itoa(a) + `,"recurring":{"interval":"month"}}`
		if itemTax != "" {
			it += `,"tax_rates":` + itemTax
		}
		items = append(items, it+"}")
	}
	if subExtra != "" {
		subExtra = "," + subExtra
	}
	return `{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[` + strings.Join(items, ",") + `]` + subExtra + `}}`
}

func TestStripeTaxExamples(t *testing.T) {
	t.Run("25% exclusive on 500", func(t *testing.T) {
		r := previewResponse(t, simple([]int{500}, `[{"id":"t","percentage":"25","inclusive":false}]`, ""))
		if r.Tax != 125 || r.Total != 625 || r.TotalExcludingTax != 500 {
			t.Errorf("tax %d total %d excl %d, want 125 625 500", r.Tax, r.Total, r.TotalExcludingTax)
		}
	})
	t.Run("25% inclusive on 500", func(t *testing.T) {
		r := previewResponse(t, simple([]int{500}, `[{"id":"t","percentage":"25","inclusive":true}]`, ""))
		if r.Tax != 100 || r.Total != 500 || r.TotalExcludingTax != 400 {
			t.Errorf("tax %d total %d excl %d, want 100 500 400", r.Tax, r.Total, r.TotalExcludingTax)
		}
		if tx := r.Lines[0].TaxAmounts[0]; tx.TaxableAmount != 400 || !tx.Inclusive {
			t.Errorf("taxable %d inclusive %v", tx.TaxableAmount, tx.Inclusive)
		}
	})
	t.Run("two lines at 5% and 10%", func(t *testing.T) {
		in := `{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[
		 {"id":"a","price":{"id":"pa","unit_amount":500,"recurring":{"interval":"month"}},"tax_rates":[{"id":"t5","percentage":"5"}]},
		 {"id":"b","price":{"id":"pb","unit_amount":1000,"recurring":{"interval":"month"}},"tax_rates":[{"id":"t10","percentage":"10"}]}]}}`
		r := previewResponse(t, in)
		if r.Tax != 125 || r.Total != 1625 {
			t.Errorf("tax %d total %d, want 125 1625", r.Tax, r.Total)
		}
	})
	t.Run("10% discount then 5% exclusive tax", func(t *testing.T) {
		r := previewResponse(t, simple([]int{500, 1000}, "", `"default_tax_rates":[{"id":"t","percentage":"5"}],"discounts":[{"coupon":{"id":"TEN","percent_off":10,"duration":"forever"}}]`))
		if r.TotalDiscountAmount != 150 || r.Tax != 68 || r.Total != 1418 {
			t.Errorf("discount %d tax %d total %d, want 150 68 1418", r.TotalDiscountAmount, r.Tax, r.Total)
		}
	})
	t.Run("line versus invoice rounding", func(t *testing.T) {
		amts := []int{1010, 1010, 1010, 1010, 1010, 1010, 1010, 1010, 1010, 1010}
		line := previewResponse(t, simple(amts, "", `"default_tax_rates":[{"id":"t","percentage":"5"}]`))
		inv := previewResponse(t, strings.Replace(simple(amts, "", `"default_tax_rates":[{"id":"t","percentage":"5"}]`), `"currency":"usd"`, `"currency":"usd","options":{"tax_rounding":"invoice"}`, 1))
		// 5% of 10.10 is 0.505 per line: 0.51 each per line, 5.05 once per invoice.
		if line.Tax != 510 || inv.Tax != 505 {
			t.Errorf("line rounding tax %d, invoice rounding tax %d; want 510 and 505", line.Tax, inv.Tax)
		}
	})
}

func TestAmountOffSpread(t *testing.T) {
	r := previewResponse(t, simple([]int{1000, 2000}, "", `"discounts":[{"coupon":{"id":"FIVE","amount_off":500,"currency":"usd","duration":"once"}}]`))
	if got := []int64{r.Lines[0].DiscountAmounts[0].Amount, r.Lines[1].DiscountAmounts[0].Amount}; got[0] != 166 || got[1] != 334 {
		t.Errorf("amount_off shares %v, want [166 334]", got)
	}
	r = previewResponse(t, simple([]int{100}, "", `"discounts":[{"coupon":{"id":"BIG","amount_off":200,"currency":"usd","duration":"forever"}}]`))
	if r.Total != 0 || r.TotalDiscountAmount != 100 {
		t.Errorf("200 off 100: total %d discount %d, want 0 and 100", r.Total, r.TotalDiscountAmount)
	}
}

func TestBalance(t *testing.T) {
	in := strings.Replace(simple([]int{1000}, "", ""), `"currency":"usd"`, `"currency":"usd","customer_balance":-2500`, 1)
	r := previewResponse(t, in)
	if r.AmountDue != 0 || r.EndingBalance != -1500 || r.StartingBalance != -2500 {
		t.Errorf("due %d ending %d starting %d", r.AmountDue, r.EndingBalance, r.StartingBalance)
	}
}

func TestDecodeErrorsArePathErrors(t *testing.T) {
	_, err := DecodeRequest([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,"items":[{"id":"a","price":{"id":"p","unit_amount":1e999999999}}]}}`))
	var pe *PathError
	if !errors.As(err, &pe) || pe.Path != "subscription.items[0].price.unit_amount" || !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("got %v, want a PathError at subscription.items[0].price.unit_amount", err)
	}
}

// A change to a yearly price resets the billing cycle: the invoice is issued at the
// change, with a credit for the unused month and the year in full.
func TestIntervalChangeResetsAnchor(t *testing.T) {
	in := `{"currency":"usd","now":1598982148,
	 "subscription":{"current_period_start":1596749288,"current_period_end":1599427688,
	  "items":[{"id":"si_1","price":{"id":"monthly","product":{"id":"p","name":"Pro"},"unit_amount":1000,"recurring":{"interval":"month"}}}]},
	 "changes":{"items":[{"id":"si_1","price":{"id":"yearly","product":{"id":"p","name":"Pro"},"unit_amount":10000,"recurring":{"interval":"year"}}}]}}`
	r := previewResponse(t, in)
	if diff := cmp.Diff([]int64{-166, 10000}, amounts(r)); diff != "" {
		t.Fatalf("amounts (-want +got):\n%s", diff)
	}
	if p := r.Lines[1].Period; p.Start != 1598982148 || p.End != 1630518148 {
		t.Errorf("new yearly period %+v, want 1598982148 → 1630518148", p)
	}
	if r.PeriodEnd != 1598982148 {
		t.Errorf("invoice issued at %d, want the change", r.PeriodEnd)
	}
	mixed := strings.Replace(in, `"changes":{"items":[`, `"changes":{"items":[{"price":{"id":"addon","unit_amount":500,"recurring":{"interval":"month"}}},`, 1)
	_, err := Preview([]byte(mixed))
	var pe *PathError
	if !errors.As(err, &pe) || (pe.Path != "changes.items[0].price.recurring" && pe.Path != "changes.items[0].price") || !errors.Is(err, invoice.ErrInvalidRequest) {
		t.Errorf("mixed intervals: %v", err)
	}
}

// always_invoice bills only the prorations, now; none bills the new state at renewal.
func TestProrationBehaviors(t *testing.T) {
	base := `{"currency":"usd","now":1598982148,
	 "subscription":{"current_period_start":1596749288,"current_period_end":1599427688,
	  "items":[{"id":"si_1","quantity":2,"price":{"id":"seat","product":{"id":"p","name":"Seat"},"unit_amount":1000,"recurring":{"interval":"month"}}}]},
	 "changes":{"items":[{"id":"si_1","quantity":3}],"proration_behavior":"BEHAVIOR"}}`
	r := previewResponse(t, strings.Replace(base, "BEHAVIOR", "always_invoice", 1))
	if diff := cmp.Diff([]int64{-333, 499}, amounts(r)); diff != "" || r.PeriodStart != 1598982148 {
		t.Errorf("always_invoice (-want +got):\n%s period %d", diff, r.PeriodStart)
	}
	r = previewResponse(t, strings.Replace(base, "BEHAVIOR", "none", 1))
	if diff := cmp.Diff([]int64{3000}, amounts(r)); diff != "" {
		t.Errorf("none (-want +got):\n%s", diff)
	}
	r = previewResponse(t, strings.Replace(base, "BEHAVIOR", "create_prorations", 1))
	if diff := cmp.Diff([]int64{-333, 499, 3000}, amounts(r)); diff != "" {
		t.Errorf("create_prorations (-want +got):\n%s", diff)
	}
	if r.Lines[1].Description != "Remaining time on 3 × Seat after 01 Sep 2020" {
		t.Errorf("description %q", r.Lines[1].Description)
	}
}

// The response lists the discounts that took nothing, with the reason's name.
func TestResponseUnappliedDiscounts(t *testing.T) {
	inv, err := Preview([]byte(simple([]int{1000}, "", "")))
	if err != nil {
		t.Fatal(err)
	}
	inv.UnappliedDiscounts = []invoice.UnappliedDiscount{{Coupon: "c", Reason: invoice.NotStarted, Explanation: "starts 01 Oct 2020"}}
	r, err := FromInvoice(inv)
	if err != nil {
		t.Fatal(err)
	}
	if want := (UnappliedDiscount{Discount: "c", Reason: "not_started", Explanation: "starts 01 Oct 2020"}); len(r.UnappliedDiscounts) != 1 || r.UnappliedDiscounts[0] != want {
		t.Errorf("unapplied %+v, want %+v", r.UnappliedDiscounts, want)
	}
	out, _ := EncodeInvoice(inv)
	if !strings.Contains(string(out), `"unapplied_discounts":[{"discount":"c","reason":"not_started","explanation":"starts 01 Oct 2020"}]`) {
		t.Errorf("response %s", out)
	}
}
