package revenue

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

var usd = mustCurrency("usd")

func mustCurrency(code string) pricing.Currency {
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func period(start, end time.Time) proration.Period { return proration.Period{Start: start, End: end} }

// amounts returns the entries' amounts of line i in minor units.
func amounts(t *testing.T, s *Schedule, i int) []int64 {
	t.Helper()
	var out []int64
	for _, e := range s.Lines[i].Entries {
		u, err := e.Amount.MinorUnits()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func months(t *testing.T, s *Schedule) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, m := range s.Months {
		u, err := m.Amount.MinorUnits()
		if err != nil {
			t.Fatal(err)
		}
		out[m.Month.String()] = u
	}
	return out
}

func options(t *testing.T, g Granularity, loc *time.Location) Options {
	t.Helper()
	o, err := NewOptions(g, loc)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Stripe's documented example of the amortization settings: 120 USD over
// 2024-06-15 12:00 → 2024-10-13 12:00 UTC (120 days).
func TestStripeAmortizationExample(t *testing.T) {
	line := Line{Amount: pricing.FromMinor(12000, usd), Period: period(utc(2024, 6, 15, 12), utc(2024, 10, 13, 12))}
	tests := []struct {
		g    Granularity
		want []int64
	}{
		{Second, []int64{1550, 3100, 3100, 3000, 1250}}, // 15.5, 31, 31, 30, 12.5 days of 120
		{Day, []int64{1600, 3100, 3100, 3000, 1200}},    // 16, 31, 31, 30, 12 days: June 15 whole, Oct 13 not
		{MonthEven, []int64{3000, 3000, 3000, 3000, 0}}, // June to September; October (the end month) cut off
		// Full months weigh 1, June 15.5/30, October 12.5/31: 12000 × (31/60, 1, 1, 1, 25/62) ÷ 3.9199…
		// = 1581.65, 3061.30, 3061.30, 3061.30, 1234.44; the two units left go to June and October.
		{MonthEvenProrated, []int64{1582, 3061, 3061, 3061, 1235}},
	}
	for _, tt := range tests {
		t.Run(tt.g.String(), func(t *testing.T) {
			s, err := Recognize(Request{Lines: []Line{line}, Options: options(t, tt.g, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, amounts(t, s, 0)); diff != "" {
				t.Errorf("schedule (-want +got):\n%s", diff)
			}
			wantMonths := map[string]int64{}
			for i, m := range []string{"2024-06", "2024-07", "2024-08", "2024-09", "2024-10"} {
				wantMonths[m] = tt.want[i]
			}
			if diff := cmp.Diff(wantMonths, months(t, s)); diff != "" {
				t.Errorf("months (-want +got):\n%s", diff)
			}
			e := s.Lines[0].Entries
			if !e[0].Start.Equal(line.Period.Start) || !e[0].End.Equal(utc(2024, 7, 1, 0)) || !e[4].Start.Equal(utc(2024, 10, 1, 0)) || !e[4].End.Equal(line.Period.End) {
				t.Errorf("entry bounds: %v", e)
			}
		})
	}
}
