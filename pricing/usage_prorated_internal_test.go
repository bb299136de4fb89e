package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestProratedGraduatedLagoSpec prices the per-event (full, prorated) units of
// spec/services/charge_models/prorated_graduated_service_spec.rb in
// github.com/getlago/lago-api: each event's coefficient is prorated ÷ full, its
// full units stack into the tiers, and the flat amounts go up to the tier of the
// most units present.
func TestProratedGraduatedLagoSpec(t *testing.T) {
	usd, _ := ParseCurrency("USD")
	two := []Tier{{UpTo: decimal.NewFromInt(5), UnitAmount: decimal.NewFromInt(10), FlatAmount: decimal.NewFromInt(100)},
		{Inf: true, UnitAmount: decimal.NewFromInt(5), FlatAmount: decimal.NewFromInt(50)}}
	oneUnit := []Tier{{UpTo: decimal.NewFromInt(1), UnitAmount: decimal.NewFromInt(10), FlatAmount: decimal.NewFromInt(100)},
		{Inf: true, UnitAmount: decimal.NewFromInt(5), FlatAmount: decimal.NewFromInt(50)}}
	three := []Tier{{UpTo: decimal.NewFromInt(5), UnitAmount: decimal.NewFromInt(10), FlatAmount: decimal.NewFromInt(100)},
		{UpTo: decimal.NewFromInt(15), UnitAmount: decimal.NewFromInt(5), FlatAmount: decimal.NewFromInt(50)},
		{Inf: true, UnitAmount: decimal.NewFromInt(2)}}
	tests := []struct {
		name     string
		tiers    []Tier
		full     []int64
		prorated []string
		want     string // the amount, rounded to cents (the exact one rounded up to cents with ceil)
		ceil     bool
	}{
		{"returns expected amount", two, []int64{5, 5, 10, -6}, []string{"3.5", "2.66667", "2", "-2.2"}, "197.33", false},
		{"zero usage: the first tier's flat amount", two, nil, nil, "100", false},
		{"event not fully placed into the range", two, []int64{2, 5, 10, -6}, []string{"1.4", "2.66667", "2", "-2.2"}, "184.33", false},
		{"final number of units zero", two, []int64{1, 4, 1, -5, -1}, []string{"0.7097", "1.54839", "0.2258", "-0.80645", "-0.0645"}, "165.81", false},
		{"negative event changing range", two, []int64{5, -2}, []string{"3.5", "-1"}, "125", false},
		{"overflow and changing ranges", two, []int64{4, 2, -3}, []string{"2.8", "1", "-0.6"}, "180.5", false},
		{"multiple overflows both ways", two, []int64{5, 2, -4, 10}, []string{"3.5", "1", "-1.6", "2"}, "190", false},
		{"only one range used", two, []int64{1}, []string{"0.7"}, "107", false},
		{"first unit covers the first range", oneUnit, []int64{1}, []string{"0.7"}, "107", false},
		// Lago asserts amount.ceil(2): a coefficient of 2.2 ÷ 6 is not a finite
		// decimal, so the amount falls a hair below 191.335 with rounded coefficients.
		{"three ranges, one overflow", three, []int64{2, 5, 10, -6, 4, 60}, []string{"1.4", "2.5", "2", "-2.2", "0.667", "2"}, "191.34", true},
		{"two overflows", three, []int64{75}, []string{"75"}, "370", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPrice(PriceParams{Currency: usd, BillingScheme: Tiered, Tiers: tc.tiers, Recurring: &Recurring{UsageType: Metered, Prorated: true}})
			if err != nil {
				t.Fatal(err)
			}
			pu := &ProratedUsage{Full: decimal.Zero, Max: decimal.Zero, Exact: decimal.Zero}
			running := decimal.Zero
			for i, f := range tc.full {
				full, pr := decimal.NewFromInt(f), decimal.RequireFromString(tc.prorated[i])
				pu.events = append(pu.events, proratedEvent{full: full, coef: pr.DivRound(full, ProratedCoefficientScale)})
				running = running.Add(full)
				pu.Max = decimal.Max(pu.Max, running)
				pu.Exact = pu.Exact.Add(pr)
			}
			pu.Full = running
			q, err := p.QuoteUsage(usd, Usage{Quantity: ceilScale(pu.Exact, ProratedUnitsScale), Prorated: pu})
			if err != nil {
				t.Fatal(err)
			}
			got := q.Amount.Amount()
			if tc.ceil {
				got = ceilScale(q.Exact.Amount(), 2)
			}
			if !got.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("amount %s (exact %s), want %s", q.Amount, q.Exact, tc.want)
			}
		})
	}
}
