package invoice

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// TestUnappliedDiscounts: every discount that took nothing is listed, in request
// order, with its reason; the ones that applied are not.
func TestUnappliedDiscounts(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	pct := func(id string, p int64, d discount.Duration, months int, products ...string) discount.Coupon {
		return ruleCoupon(t, discount.CouponParams{ID: id, PercentOff: decimal.NewFromInt(p), Duration: d, DurationInMonths: months, AppliesToProducts: products})
	}
	r := ruleRequest(t, Item{ID: "a", Price: seat, Discounts: []discount.Discount{
		{Coupon: pct("TYPO", 10, discount.Forever, 0, "prod_sear")},
		{Coupon: pct("ALL", 100, discount.Forever, 0)},
		{Coupon: pct("MORE", 10, discount.Forever, 0)},
	}})
	r.Subscription.Discounts = []discount.Discount{
		{Coupon: pct("LATER", 10, discount.Forever, 0), Start: ruleEnd.Add(time.Hour)},
		{Coupon: pct("OLD", 10, discount.Repeating, 1), Start: ruleStart.AddDate(0, -3, 0)},
		{Coupon: pct("ONCE", 10, discount.Once, 0), Start: ruleStart},
		{Coupon: pct("FRESH", 10, discount.Once, 0)},
	}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		coupon string
		reason UnappliedReason
		text   string
	}{
		{"TYPO", NoMatchingLine, "prod_sear"},
		{"MORE", NothingLeft, "nothing left"},
		{"LATER", NotStarted, "after this invoice is issued"},
		{"OLD", Ended, "1 month from"},
		{"ONCE", Used, "used it"},
		{"FRESH", NothingLeft, "nothing left"},
	}
	if len(inv.UnappliedDiscounts) != len(want) {
		t.Fatalf("unapplied %+v, want %d entries", inv.UnappliedDiscounts, len(want))
	}
	for k, w := range want {
		u := inv.UnappliedDiscounts[k]
		if u.Coupon != w.coupon || u.Reason != w.reason || !strings.Contains(u.Explanation, w.text) {
			t.Errorf("unapplied[%d] = %+v (%s), want %s %s containing %q", k, u, u.Reason, w.coupon, w.reason, w.text)
		}
	}
	if inv.Total.Sign() != 0 {
		t.Errorf("total %s, want 0 (100 %% off)", inv.Total)
	}
}

// TestUnappliedAmountOffOnProrations: an amount_off coupon on an invoice of
// prorations only covers no line, and says so.
func TestUnappliedAmountOffOnProrations(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	off, err := discount.NewCoupon(discount.CouponParams{ID: "FIVE", AmountOff: ptrMoney(pricing.FromMinor(500, ruleUSD)), Duration: discount.Forever})
	if err != nil {
		t.Fatal(err)
	}
	r := ruleRequest(t, Item{ID: "a", Price: seat})
	r.Subscription.Discounts = []discount.Discount{{Coupon: off}}
	r.Changes = &Changes{Behavior: 1, Items: []ItemChange{{ID: "a", Quantity: Qty(2)}}} // always_invoice
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.UnappliedDiscounts) != 1 || inv.UnappliedDiscounts[0].Reason != NoMatchingLine {
		t.Fatalf("unapplied %+v, want FIVE: no_matching_line", inv.UnappliedDiscounts)
	}
}

func ptrMoney(m pricing.Money) *pricing.Money { return &m }

// TestTextShowsUnapplied: the text output lists the discounts not applied under the
// totals, and escapes control characters of the request's texts.
func TestTextShowsUnapplied(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	c := ruleCoupon(t, discount.CouponParams{ID: "BAD\x1b[2J", PercentOff: decimal.NewFromInt(10), Duration: discount.Forever, AppliesToProducts: []string{"nothing"}})
	r := ruleRequest(t, Item{ID: "a\nb", Price: seat})
	r.Subscription.Discounts = []discount.Discount{{Coupon: c}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := inv.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "Discounts not applied:") || !strings.Contains(out, `BAD\x1b[2J: no_matching_line — `) {
		t.Errorf("text output lacks the unapplied discount:\n%s", out)
	}
	if strings.ContainsRune(out, '\x1b') || !strings.Contains(out, `item a\nb`) {
		t.Errorf("control characters not escaped:\n%s", out)
	}
}
