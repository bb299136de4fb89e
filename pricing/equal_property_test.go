package pricing_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// cloneParams returns a deep copy of p: its tiers, pointers and options are fresh.
func cloneParams(p pricing.PriceParams) pricing.PriceParams {
	ptr := func(d *decimal.Decimal) *decimal.Decimal {
		if d == nil {
			return nil
		}
		v := *d
		return &v
	}
	q := p
	q.Tiers = append([]pricing.Tier(nil), p.Tiers...)
	if p.TransformQuantity != nil {
		t := *p.TransformQuantity
		q.TransformQuantity = &t
	}
	if p.Recurring != nil {
		r := *p.Recurring
		q.Recurring = &r
	}
	q.Minimum, q.Maximum = ptr(p.Minimum), ptr(p.Maximum)
	if p.CurrencyOptions != nil {
		q.CurrencyOptions = maps.Clone(p.CurrencyOptions)
		for c, o := range q.CurrencyOptions {
			o.Tiers = append([]pricing.Tier(nil), o.Tiers...)
			o.Minimum, o.Maximum = ptr(o.Minimum), ptr(o.Maximum)
			q.CurrencyOptions[c] = o
		}
	}
	return q
}

var (
	cent = decimal.New(1, -2)
	two  = decimal.NewFromInt(2)
)

// priceMutations each change one field of valid params to another valid value; a
// mutation that does not apply to p (a tier change of a per-unit price) reports false.
var priceMutations = []struct {
	name   string
	mutate func(p *pricing.PriceParams) bool
}{
	{"ID", func(p *pricing.PriceParams) bool { p.ID += "x"; return true }},
	{"Nickname", func(p *pricing.PriceParams) bool { p.Nickname += "x"; return true }},
	{"Product.ID", func(p *pricing.PriceParams) bool { p.Product.ID += "x"; return true }},
	{"Product.Name", func(p *pricing.PriceParams) bool { p.Product.Name += "x"; return true }},
	{"TiersMode", func(p *pricing.PriceParams) bool {
		p.TiersMode = 1 - p.TiersMode
		return p.BillingScheme == pricing.Tiered
	}},
	{"UnitAmount", func(p *pricing.PriceParams) bool {
		p.UnitAmount = p.UnitAmount.Add(cent)
		return p.BillingScheme == pricing.PerUnit
	}},
	{"Tiers[0].UnitAmount", func(p *pricing.PriceParams) bool {
		if len(p.Tiers) == 0 {
			return false
		}
		p.Tiers[0].UnitAmount = p.Tiers[0].UnitAmount.Add(cent)
		return true
	}},
	{"Tiers[last].FlatAmount", func(p *pricing.PriceParams) bool {
		if len(p.Tiers) == 0 {
			return false
		}
		p.Tiers[len(p.Tiers)-1].FlatAmount = p.Tiers[len(p.Tiers)-1].FlatAmount.Add(cent)
		return true
	}},
	{"Tiers[0].UpTo", func(p *pricing.PriceParams) bool {
		if len(p.Tiers) < 2 || len(p.CurrencyOptions) > 0 || !p.Tiers[0].UpTo.GreaterThan(decimal.NewFromInt(1)) {
			return false
		}
		p.Tiers[0].UpTo = p.Tiers[0].UpTo.Sub(decimal.NewFromInt(1))
		return true
	}},
	{"TransformQuantity", func(p *pricing.PriceParams) bool {
		if p.BillingScheme == pricing.Tiered {
			return false
		}
		if p.TransformQuantity == nil {
			p.TransformQuantity = &pricing.TransformQuantity{DivideBy: 1}
		} else {
			p.TransformQuantity.Round = 1 - p.TransformQuantity.Round
		}
		return true
	}},
	{"Recurring", func(p *pricing.PriceParams) bool {
		if p.Recurring == nil {
			p.Recurring = &pricing.Recurring{}
		} else {
			p.Recurring = nil
		}
		return true
	}},
	{"Recurring.UsageType", func(p *pricing.PriceParams) bool {
		if p.Recurring == nil {
			return false
		}
		p.Recurring.UsageType = 1 - p.Recurring.UsageType
		return true
	}},
	{"Recurring.AggregateUsage", func(p *pricing.PriceParams) bool {
		if p.Recurring == nil {
			return false
		}
		p.Recurring.AggregateUsage = (p.Recurring.AggregateUsage + 1) % 4
		return true
	}},
	{"Recurring.IntervalCount", func(p *pricing.PriceParams) bool {
		if p.Recurring == nil {
			return false
		}
		r := p.Recurring
		r.IntervalCount = r.IntervalCount%r.Interval.MaxIntervalCount() + 1
		return true
	}},
	{"Minimum", func(p *pricing.PriceParams) bool {
		if p.Minimum == nil {
			p.Minimum = &decimal.Zero
			return p.Maximum == nil
		}
		p.Minimum = nil
		return true
	}},
	{"Maximum", func(p *pricing.PriceParams) bool {
		if p.Maximum == nil {
			v := decimal.NewFromInt(1e6)
			if p.Minimum != nil {
				v = v.Add(*p.Minimum)
			}
			p.Maximum = &v
		} else {
			v := p.Maximum.Mul(two).Add(cent)
			p.Maximum = &v
		}
		return true
	}},
	{"CurrencyOptions", func(p *pricing.PriceParams) bool {
		for c, o := range p.CurrencyOptions {
			if len(o.Tiers) > 0 {
				o.Tiers[0].UnitAmount = o.Tiers[0].UnitAmount.Add(cent)
			} else {
				o.UnitAmount = o.UnitAmount.Add(cent)
			}
			p.CurrencyOptions[c] = o
			return true
		}
		return false
	}},
	{"CurrencyOptions drop", func(p *pricing.PriceParams) bool {
		for c := range p.CurrencyOptions {
			delete(p.CurrencyOptions, c)
			return true
		}
		return false
	}},
}

func TestPriceEqualProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("generated params are valid, and Equal is reflexive", prop.ForAll(func(pp pricing.PriceParams) string {
		p, err := pricing.NewPrice(pp)
		if err != nil {
			return err.Error()
		}
		if !p.Equal(p) {
			return "p ≠ p"
		}
		return ""
	}, pricingtest.PriceParams()))
	props.Property("a price built twice from the same params is Equal", prop.ForAll(func(pp pricing.PriceParams) string {
		p, err1 := pricing.NewPrice(pp)
		q, err2 := pricing.NewPrice(cloneParams(pp))
		if err1 != nil || err2 != nil {
			return fmt.Sprint(err1, err2)
		}
		if !p.Equal(q) || !q.Equal(p) {
			return "unequal"
		}
		return ""
	}, pricingtest.PriceParams()))
	props.Property("amounts written with more places are Equal", prop.ForAll(func(pp pricing.PriceParams) string {
		wide := cloneParams(pp)
		wide.UnitAmount = wide.UnitAmount.Round(wide.UnitAmount.Exponent()*-1 + 2)
		for i := range wide.Tiers {
			wide.Tiers[i].UnitAmount = decimal.New(0, -3).Add(wide.Tiers[i].UnitAmount)
		}
		p, err1 := pricing.NewPrice(pp)
		q, err2 := pricing.NewPrice(wide)
		if err1 != nil || err2 != nil {
			return fmt.Sprint(err1, err2)
		}
		if !p.Equal(q) {
			return "unequal"
		}
		return ""
	}, pricingtest.PriceParams()))
	props.Property("changing any one field makes the price unequal", prop.ForAll(func(pp pricing.PriceParams, k int) string {
		m := priceMutations[k]
		changed := cloneParams(pp)
		if !m.mutate(&changed) {
			return ""
		}
		p, err1 := pricing.NewPrice(pp)
		q, err2 := pricing.NewPrice(changed)
		if err1 != nil || err2 != nil {
			return fmt.Sprintf("%s: %v %v", m.name, err1, err2)
		}
		if p.Equal(q) || q.Equal(p) {
			return m.name + " changed, still Equal"
		}
		if again, _ := pricing.NewPrice(pp); !p.Equal(again) {
			return m.name + ": the mutation changed the original params"
		}
		return ""
	}, pricingtest.PriceParams(), gen.IntRange(0, len(priceMutations)-1)))
	props.TestingRun(t)
}

func TestPriceEqualCases(t *testing.T) {
	usd, _ := pricing.ParseCurrency("USD")
	d := decimal.RequireFromString
	build := func(p pricing.PriceParams) pricing.Price {
		price, err := pricing.NewPrice(p)
		if err != nil {
			t.Fatal(err)
		}
		return price
	}
	tiers := func(last decimal.Decimal) []pricing.Tier {
		return []pricing.Tier{{UpTo: d("10"), UnitAmount: d("1")}, {Inf: true, UpTo: last, UnitAmount: d("0.5")}}
	}
	cases := []struct {
		name string
		a, b pricing.Price
		want bool
	}{
		{"zero prices", pricing.Price{}, pricing.Price{}, true},
		{"zero and built", pricing.Price{}, build(pricing.PriceParams{Currency: usd}), false},
		{"1.5 and 1.50", build(pricing.PriceParams{Currency: usd, UnitAmount: d("1.5")}), build(pricing.PriceParams{Currency: usd, UnitAmount: d("1.50")}), true},
		{"interval count 0 and 1", build(pricing.PriceParams{Currency: usd, Recurring: &pricing.Recurring{}}), build(pricing.PriceParams{Currency: usd, Recurring: &pricing.Recurring{IntervalCount: 1}}), true},
		{"open tier's ignored bound", build(pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, Tiers: tiers(d("0"))}), build(pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, Tiers: tiers(d("99"))}), true},
		{"one-time and recurring", build(pricing.PriceParams{Currency: usd}), build(pricing.PriceParams{Currency: usd, Recurring: &pricing.Recurring{}}), false},
		{"minimum 0 and none", build(pricing.PriceParams{Currency: usd, Minimum: &decimal.Zero}), build(pricing.PriceParams{Currency: usd}), false},
	}
	for _, c := range cases {
		if got := c.a.Equal(c.b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.want)
		}
	}
}
