package invoice

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
	"github.com/pricekit/pricekit/proration"
)

func monthsPrice(t testing.TB, id string, unit int64, months int) pricing.Price {
	t.Helper()
	p, err := pricing.NewPrice(pricing.PriceParams{ID: id, Product: pricing.Product{ID: "prod_" + id, Name: "Plan " + id}, Currency: ruleUSD,
		UnitAmount: decimal.New(unit, -2), Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: months}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Lago's rule (https://getlago.com/docs/guide/subscriptions/upgrades-downgrades;
// Subscription#upgraded? and Plan#yearly_amount_cents in github.com/getlago/lago-api):
// an upgrade when the yearly amount does not fall, applied at once with the day of
// the change billed to the new plan; a downgrade at the period end. A monthly plan of
// 30.00 USD, changed on Nov 16 (15 of November's 30 days left).
func TestPlanChangeRule(t *testing.T) {
	nov16 := ruleStart.Add(15 * 24 * time.Hour)
	for _, c := range []struct {
		name     string
		engine   Engine
		rule     PlanChangeRule
		from, to pricing.Price
		qty      int64
		want     string // line amounts
		kind     string
		issued   time.Time
	}{
		{"Stripe: at once, prorated on the renewal", EngineStripe, PlanChangeAtOnce, rulePrice(t, "a", 3000, false, false), rulePrice(t, "b", 1000, false, false), 1, "[-1500 500 1000]", "none", ruleEnd},
		{"upgrade to 50.00: at once", EngineLago, PlanChangeAtOnce, rulePrice(t, "a", 3000, false, false), rulePrice(t, "b", 5000, false, false), 1, "[-1500 2500]", "upgrade", nov16},
		{"the same yearly amount is an upgrade", EngineStripe, PlanChangeByYearlyAmount, rulePrice(t, "a", 3000, false, false), rulePrice(t, "b", 1500, false, false), 2, "[-1500 1500]", "upgrade", nov16},
		{"downgrade to 10.00: at the period end", EngineLago, PlanChangeAtOnce, rulePrice(t, "a", 3000, false, false), rulePrice(t, "b", 1000, false, false), 1, "[1000]", "downgrade_scheduled", ruleEnd},
		{"quarterly 300.00 to 250.00: 1200 to 1000 a year", EngineStripe, PlanChangeByYearlyAmount, monthsPrice(t, "a", 30000, 3), monthsPrice(t, "b", 25000, 3), 1, "[25000]", "downgrade_scheduled", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
	} {
		period, _ := proration.NewPeriod(ruleStart, ruleEnd)
		if r, _ := c.from.Recurring(); r.IntervalCount == 3 {
			period, _ = proration.NewPeriod(ruleStart, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC))
		}
		r := Request{Currency: ruleUSD, Now: nov16, Engine: c.engine, PlanChange: c.rule,
			Subscription: Subscription{Period: period, Items: []Item{{ID: "si_1", Price: c.from}}}}
		to := c.to
		r.Changes = &Changes{Items: []ItemChange{{ID: "si_1", Price: &to, Quantity: Qty(c.qty)}}}
		inv, err := Preview(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fmt.Sprint(lineAmounts(t, inv)); got != c.want {
			t.Errorf("%s: lines %s, want %s", c.name, got, c.want)
		}
		kind := "none"
		if inv.PlanChange != nil {
			kind = inv.PlanChange.Kind.String()
		}
		if kind != c.kind || !inv.IssuedAt.Equal(c.issued) {
			t.Errorf("%s: %s issued %s, want %s issued %s", c.name, kind, inv.IssuedAt, c.kind, c.issued)
		}
	}
	r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "a", 3000, false, false)})
	r.Engine = EngineLago
	to := rulePrice(t, "b", 1000, false, false)
	r.Changes = &Changes{Items: []ItemChange{{ID: "si_1", Price: &to}}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	want := "A downgrade (yearly amount 360.00 USD to 120.00 USD): it takes effect at the period end, 2026-12-01T00:00:00Z: nothing is prorated; the current period is billed in the old plan, the periods after it in the new one."
	if got := inv.PlanChange.Explanation(ruleUSD); got != want {
		t.Errorf("explanation %q\nwant %q", got, want)
	}
	for _, c := range []struct {
		name string
		edit func(*Request)
	}{
		{"none", func(r *Request) { r.Changes.Behavior = proration.None }},
		{"always_invoice on a downgrade", func(r *Request) { r.Changes.Behavior = proration.AlwaysInvoice }},
	} {
		rr := r
		ch := *r.Changes
		rr.Changes = &ch
		c.edit(&rr)
		if _, err := Preview(rr); !errors.Is(err, ErrConflict) {
			t.Errorf("%s: got %v, want a conflict", c.name, err)
		}
	}
}

// TestPlanChangeProperty: under the rule an upgrade is Stripe's always_invoice and a
// downgrade the renewal in the new state without prorations; the rule at its
// Stripe value changes nothing.
func TestPlanChangeProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(150))
	props.Property("upgrade at once, downgrade at the end", prop.ForAll(func(from, to int64, day int) string {
		mk := func(rule PlanChangeRule, b proration.Behavior) (Invoice, error) {
			r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "a", from, false, false)})
			r.Now, r.PlanChange = ruleStart.Add(time.Duration(day)*24*time.Hour), rule
			p := rulePrice(t, "b", to, false, false)
			r.Changes = &Changes{Behavior: b, Items: []ItemChange{{ID: "si_1", Price: &p}}}
			return Preview(r)
		}
		got, err := mk(PlanChangeByYearlyAmount, proration.CreateProrations)
		if err != nil {
			return err.Error()
		}
		b := proration.None
		if to >= from {
			b = proration.AlwaysInvoice
		}
		want, err := mk(PlanChangeAtOnce, b)
		if err != nil {
			return err.Error()
		}
		if fmt.Sprint(lineAmounts(t, got)) != fmt.Sprint(lineAmounts(t, want)) || !got.IssuedAt.Equal(want.IssuedAt) {
			return fmt.Sprintf("%v at %s, want %v at %s", lineAmounts(t, got), got.IssuedAt, lineAmounts(t, want), want.IssuedAt)
		}
		stripe, err := mk(PlanChangeAtOnce, proration.CreateProrations)
		if err != nil {
			return err.Error()
		}
		if stripe.PlanChange != nil {
			return "the Stripe rule reported a plan change"
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(0, 1e6), gen.IntRange(0, 29)))
	props.TestingRun(t)
}
