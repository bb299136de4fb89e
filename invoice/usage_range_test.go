package invoice

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// A metered line billed after usage earlier lines of its period billed (OpenMeter's
// split lines) prices the units that follow: cost(before + usage) − cost(before).
func TestUsageBefore(t *testing.T) {
	graduated, err := pricing.NewPrice(pricing.PriceParams{ID: "calls", Product: pricing.Product{ID: "prod_calls", Name: "API calls"}, Currency: ruleUSD,
		BillingScheme: pricing.Tiered, Tiers: []pricing.Tier{
			{UpTo: decimal.NewFromInt(100), UnitAmount: decimal.RequireFromString("0.10")},
			{Inf: true, UnitAmount: decimal.RequireFromString("0.05"), FlatAmount: decimal.NewFromInt(1)}},
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	if err != nil {
		t.Fatal(err)
	}
	third, err := pricing.NewPrice(pricing.PriceParams{ID: "third", Currency: ruleUSD, UnitAmount: decimal.RequireFromString("0.333"),
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name          string
		price         pricing.Price
		before, usage int64
		want          int64
		text          string
	}{
		// 20 units left in tier 1 (2.00), 30 in tier 2 (1.50) with its flat 1.00.
		{"graduated across a tier", graduated, 80, 50, 450, "Tier 2: 30 units of the range"},
		// Nothing billed before: the whole usage, tier 1 only.
		{"graduated, nothing before", graduated, 0, 50, 500, "Billed after the 0 units"},
		// round(0.666) − round(0.333) = 0.67 − 0.33 = 0.34, not round(0.333) = 0.33.
		{"per unit, rounded as the whole period", third, 1, 1, 34, "Rounded as the period's whole usage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ruleRequest(t, Item{ID: "m", Price: c.price})
			r.AggregatedUsage = map[string]decimal.Decimal{"m": decimal.NewFromInt(c.usage)}
			r.UsageBefore = map[string]decimal.Decimal{"m": decimal.NewFromInt(c.before)}
			inv, err := Preview(r)
			if err != nil {
				t.Fatal(err)
			}
			l := inv.Lines[0]
			if got := minorOf(t, l.Amount); got != c.want || l.Range == nil || !strings.Contains(l.Explanation(), c.text) {
				t.Errorf("amount %d, want %d\n%s", got, c.want, l.Explanation())
			}
			checkSteps(t, c.name, inv, map[StepKind]bool{})
			// The two lines of a split period add up to the whole period's amount.
			whole := ruleRequest(t, Item{ID: "m", Price: c.price})
			whole.AggregatedUsage = map[string]decimal.Decimal{"m": decimal.NewFromInt(c.before + c.usage)}
			first := ruleRequest(t, Item{ID: "m", Price: c.price})
			first.AggregatedUsage = map[string]decimal.Decimal{"m": decimal.NewFromInt(c.before)}
			a, err1 := Preview(whole)
			b, err2 := Preview(first)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if c.before > 0 && minorOf(t, a.Lines[0].Amount) != minorOf(t, b.Lines[0].Amount)+c.want {
				t.Errorf("whole %d ≠ first %d + range %d", minorOf(t, a.Lines[0].Amount), minorOf(t, b.Lines[0].Amount), c.want)
			}
		})
	}
	// Refusals: a licensed item, a negative quantity, volume tiers.
	seat := rulePrice(t, "seat", 1000, false, false)
	r := ruleRequest(t, Item{ID: "s", Price: seat})
	r.UsageBefore = map[string]decimal.Decimal{"s": decimal.NewFromInt(1)}
	if _, err := Preview(r); !isField(err, "UsageBefore[s]") || !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("usage before for a licensed item: %v", err)
	}
	r = ruleRequest(t, Item{ID: "m", Price: graduated})
	r.UsageBefore = map[string]decimal.Decimal{"m": decimal.NewFromInt(-1)}
	if _, err := Preview(r); !isField(err, "UsageBefore[m]") || !errors.Is(err, pricing.ErrNegativeQuantity) {
		t.Errorf("negative usage before: %v", err)
	}
	volume, _ := pricing.NewPrice(pricing.PriceParams{ID: "vol", Currency: ruleUSD, BillingScheme: pricing.Tiered, TiersMode: pricing.Volume,
		Tiers: []pricing.Tier{{Inf: true, UnitAmount: decimal.NewFromInt(1)}}, Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	r = ruleRequest(t, Item{ID: "m", Price: volume})
	r.UsageBefore = map[string]decimal.Decimal{"m": decimal.NewFromInt(1)}
	if _, err := Preview(r); !isField(err, "UsageBefore[m]") || !errors.Is(err, pricing.ErrRangeUnsupported) {
		t.Errorf("usage before with volume tiers: %v", err)
	}
}
