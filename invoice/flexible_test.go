package invoice

import (
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
	"github.com/pricekit/pricekit/proration"
)

// aprilRequest is Stripe's documented example: 10 USD billed April 1 for April, the
// price switched to 20 USD with none on April 11, switched back to 10 USD with
// always_invoice on April 21
// (https://docs.stripe.com/billing/subscriptions/billing-mode).
func aprilRequest(t testing.TB, mode BillingMode) Request {
	ten := rulePrice(t, "ten", 1000, false, false)
	twenty := rulePrice(t, "twenty", 2000, false, false)
	apr1, may1 := day(2026, 4, 1), day(2026, 5, 1)
	period, _ := proration.NewPeriod(apr1, may1)
	return Request{
		Currency: ruleUSD, Now: day(2026, 4, 21), BillingMode: mode,
		Subscription: Subscription{Period: period, Items: []Item{{ID: "si_1", Price: twenty}}},
		Invoices: []IssuedInvoice{{ID: "in_april", Lines: []IssuedLine{{Item: "si_1", Price: "ten", Amount: pricing.FromMinor(1000, ruleUSD),
			Quantity: decimal.NewFromInt(1), Period: period}}}},
		Changes: &Changes{Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_1", Price: &ten}}},
	}
}

func lineAmounts(t testing.TB, inv Invoice) []int64 {
	var out []int64
	for _, l := range inv.Lines {
		out = append(out, minorOf(t, l.Amount))
	}
	return out
}

func TestFlexibleStripeExample(t *testing.T) {
	for _, c := range []struct {
		mode BillingMode
		want string
	}{
		{Classic, "[-667 333]"},  // the credit priced from the current 20 USD price
		{Flexible, "[-333 333]"}, // the credit of what April 1 debited: 10 USD × 10/30
	} {
		inv, err := Preview(aprilRequest(t, c.mode))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(lineAmounts(t, inv)); got != c.want {
			t.Errorf("%s: lines %s, want %s", c.mode, got, c.want)
		}
		if c.mode == Flexible {
			cr := inv.Lines[0].Credited
			if cr == nil || cr.InvoiceID != "in_april" || cr.Seconds != 10*86400 || inv.Lines[0].Description() != "Unused time on Plan twenty after 21 Apr 2026" {
				t.Errorf("flexible credit %+v %q: want the April debit, 10 days", cr, inv.Lines[0].Description())
			}
		}
	}
}

// A 100 %-off first month then a seat added: classic credits the full price never
// paid; flexible credits nothing (nothing was debited).
func TestFlexibleNothingDebited(t *testing.T) {
	seat := rulePrice(t, "seat", 3000, false, false)
	free := ruleCoupon(t, discount.CouponParams{ID: "FREE", PercentOff: decimal.NewFromInt(100), Duration: discount.Once})
	r := ruleRequest(t, Item{ID: "si_1", Price: seat, Quantity: Qty(1)})
	r.BillingMode = Flexible
	r.Invoices = []IssuedInvoice{{Lines: []IssuedLine{{Item: "si_1", Price: "seat", Amount: pricing.FromMinor(3000, ruleUSD), Quantity: decimal.NewFromInt(1),
		Period: r.Subscription.Period, Discounts: []DiscountAmount{{Coupon: free.ID(), Amount: pricing.FromMinor(3000, ruleUSD)}}}}}}
	r.Changes = &Changes{ProrationDate: ruleStart.Add(15 * 24 * time.Hour), Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_1", Quantity: Qty(2)}}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[3000]" {
		t.Errorf("lines %s, want only the charge for 2 seats' half month [3000]", got)
	}
	r.ProrationDiscounts = Itemized
	inv, err = Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[-1500 3000]" || minorOf(t, inv.Total) != 3000 {
		t.Errorf("itemized: lines %s total %s, want [-1500 3000] with the credit's discount 1500 back: total 3000", got, inv.Total)
	}
	r.BillingMode, r.ProrationDiscounts = Classic, ProrationDiscountsDefault
	inv, _ = Preview(r)
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[-1500 3000]" {
		t.Errorf("classic: lines %s, want the full credit [-1500 3000]", got)
	}
	r.CapCredits = true
	inv, _ = Preview(r)
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[0 3000]" || inv.Lines[0].CappedFrom == nil {
		t.Errorf("classic capped: lines %s, want the credit capped at what was paid [0 3000]", got)
	}
}

// Stripe's usage example: 0.1 GBP per 100 calls for 1,000 calls, then 0.15 GBP per
// 100 calls for 500 more: classic bills only the usage since the change at the new
// price (0.75 GBP), flexible each part at its own price (1.75 GBP).
func TestFlexibleUsageAtItsPrice(t *testing.T) {
	gbp, _ := pricing.ParseCurrency("gbp")
	per100 := func(id string, pence int64) pricing.Price {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: id, Currency: gbp, UnitAmount: decimal.New(pence, -2),
			TransformQuantity: &pricing.TransformQuantity{DivideBy: 100}, Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	old, cur := per100("old", 10), per100("new", 15)
	change := ruleStart.Add(10 * 24 * time.Hour)
	before, _ := pricing.WholeUsageRecord(ruleStart.Add(time.Hour), 1000)
	after, _ := pricing.WholeUsageRecord(change.Add(time.Hour), 500)
	for _, c := range []struct {
		mode BillingMode
		want int64
	}{{Classic, 75}, {Flexible, 175}} {
		r := ruleRequest(t, Item{ID: "calls", Price: old})
		r.Currency, r.BillingMode, r.Now = gbp, c.mode, change
		r.Invoices = []IssuedInvoice{{Lines: []IssuedLine{{Item: "calls", Price: "old", Amount: pricing.Zero(gbp), Period: r.Subscription.Period}}}}
		r.Usage = map[string][]pricing.UsageRecord{"calls": {before, after}}
		r.Changes = &Changes{Behavior: proration.None, Items: []ItemChange{{ID: "calls", Price: &cur}}}
		inv, err := Preview(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := minorOf(t, inv.Total); got != c.want {
			t.Errorf("%s: %d pence, want %d", c.mode, got, c.want)
		}
	}
}

func TestFlexibleRefusals(t *testing.T) {
	r := aprilRequest(t, Flexible)
	r.Invoices = nil
	if _, err := Preview(r); !isField(err, "Invoices") {
		t.Errorf("flexible without history: %v", err)
	}
	r = aprilRequest(t, Classic)
	r.ProrationDiscounts = Itemized
	if _, err := Preview(r); !isField(err, "ProrationDiscounts") {
		t.Errorf("classic with proration_discounts: %v", err)
	}
	r = aprilRequest(t, Flexible)
	eur, _ := pricing.ParseCurrency("eur")
	r.Invoices[0].Lines[0].Amount = pricing.FromMinor(1000, eur)
	if _, err := Preview(r); !isField(err, "Invoices[0].Lines[0].Amount") {
		t.Errorf("a history line in another currency: %v", err)
	}
}

func isField(err error, field string) bool {
	fe, ok := err.(*pricing.FieldError)
	return ok && fe.Field == field
}

// Properties of flexible credits.
func TestFlexibleProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(200))
	mk := func(unit int64) pricing.Price {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: fmt.Sprintf("p%d", unit), Currency: ruleUSD, UnitAmount: decimal.New(unit, -2),
			Recurring: &pricing.Recurring{Interval: pricing.Month}})
		return p
	}
	build := func(unit, qty, debit int64, at int64, mode BillingMode, to pricing.Price) Request {
		r := ruleRequest(t, Item{ID: "a", Price: mk(unit), Quantity: Qty(qty)})
		r.BillingMode = mode
		r.Invoices = []IssuedInvoice{{Lines: []IssuedLine{{Item: "a", Price: fmt.Sprintf("p%d", unit), Amount: pricing.FromMinor(debit, ruleUSD),
			Quantity: decimal.NewFromInt(qty), Period: r.Subscription.Period}}}}
		r.Changes = &Changes{ProrationDate: ruleStart.Add(time.Duration(at) * time.Second), Behavior: proration.AlwaysInvoice,
			Items: []ItemChange{{ID: "a", Price: &to, Quantity: Qty(qty)}}}
		return r
	}
	props.Property("flexible credits never exceed what was debited for the time", prop.ForAll(func(unit, qty, debit, at int64) string {
		inv, err := Preview(build(unit, qty, debit, at, Flexible, mk(unit+1)))
		if err != nil {
			return err.Error()
		}
		credit := int64(0)
		for _, l := range inv.Lines {
			if l.Credited != nil {
				credit -= minorOf(t, l.Amount)
			}
		}
		limit := (debit*(30*86400-at) + 30*86400 - 1) / (30 * 86400) // the debited share, rounded up
		if credit < 0 || credit > limit {
			return fmt.Sprintf("credit %d of a debit %d for %d of 2592000 s", credit, debit, 30*86400-at)
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(1, 20), gen.Int64Range(0, 1e8), gen.Int64Range(0, 30*86400-1)))
	props.Property("crediting and re-debiting the same price nets to zero", prop.ForAll(func(unit, qty, at int64) string {
		r := build(unit, qty, unit*qty, at, Flexible, mk(unit))
		// the same price under another id: a change that prorates
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: "same", Currency: ruleUSD, UnitAmount: decimal.New(unit, -2), Recurring: &pricing.Recurring{Interval: pricing.Month}})
		r.Changes.Items[0].Price = &p
		inv, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		if got := minorOf(t, inv.Total); got < -1 || got > 1 {
			return fmt.Sprintf("net %d, lines %v", got, lineAmounts(t, inv))
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(1, 20), gen.Int64Range(0, 30*86400-1)))
	props.Property("with the history classic would have billed, both modes agree", prop.ForAll(func(unit, qty, at int64) string {
		r := build(unit, qty, unit*qty, at, Flexible, mk(unit+7))
		f, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		r.BillingMode = Classic
		c, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		if fmt.Sprint(lineAmounts(t, f)) != fmt.Sprint(lineAmounts(t, c)) {
			return fmt.Sprintf("flexible %v, classic %v", lineAmounts(t, f), lineAmounts(t, c))
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(1, 20), gen.Int64Range(0, 30*86400-1)))
	props.TestingRun(t)
}

// A history line whose discounts exceed its amount is refused: it would make a
// credit positive.
func TestHistoryDiscountsBeyondAmount(t *testing.T) {
	r := aprilRequest(t, Flexible)
	r.Invoices[0].Lines[0].Discounts = []DiscountAmount{{Coupon: "X", Amount: pricing.FromMinor(1500, ruleUSD)}}
	if _, err := Preview(r); !isField(err, "Invoices[0].Lines[0].Discounts") {
		t.Errorf("got %v, want an error at the line's discounts", err)
	}
}
