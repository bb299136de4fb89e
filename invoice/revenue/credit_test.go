package revenue

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pricekit/pricekit/pricing"
)

func minor(t *testing.T, m pricing.Money) int64 {
	t.Helper()
	u, err := m.MinorUnits()
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Stripe's credit-note examples (by the day, January to March 2026: 31, 28 and 31
// days), and the cases around them.
func TestCreditNotes(t *testing.T) {
	jan1, feb1, mar1, apr1 := utc(2026, 1, 1, 0), utc(2026, 2, 1, 0), utc(2026, 3, 1, 0), utc(2026, 4, 1, 0)
	q1 := period(jan1, apr1)
	tests := []struct {
		name    string
		amount  int64
		paidAt  time.Time
		credits []CreditNote
		want    []int64
		months  []string
		// Deferred at the first instants of February, March and April.
		deferred []int64
	}{
		{
			// "Credit note before a payment": 120 USD, 30 credited before the invoice is
			// paid in February: treated as an upfront discount, 90 over the whole period.
			name: "before payment", amount: 12000, paidAt: utc(2026, 2, 10, 0),
			credits:  []CreditNote{{Amount: pricing.FromMinor(3000, usd), Created: utc(2026, 1, 15, 0)}},
			want:     []int64{3100, 2800, 3100},
			deferred: []int64{5900, 3100, 0},
		},
		{
			name: "not paid", amount: 12000,
			credits:  []CreditNote{{Amount: pricing.FromMinor(3000, usd), Created: utc(2026, 3, 15, 0)}},
			want:     []int64{3100, 2800, 3100},
			deferred: []int64{5900, 3100, 0},
		},
		{
			// "Credit note after a payment": 90 USD paid at once, 45 credited on February 1.
			// January keeps its 31; the credit's share of January (15.5) is recognized on
			// February 1 with its share of February (14), leaving February 28 − 14 − 15.5 = −1.5
			// and March 31 − 15.5 = 15.5. Stripe's summary: revenue 31, +14, +15.5 with 15.5
			// of refunds and credit notes in February; deferred revenue +59, −43.5, −15.5.
			name: "after payment", amount: 9000, paidAt: jan1,
			credits:  []CreditNote{{Amount: pricing.FromMinor(4500, usd), Created: feb1}},
			want:     []int64{3100, -150, 1550},
			deferred: []int64{5900, 1550, 0},
		},
		{
			name: "after payment, mid-month", amount: 9000, paidAt: jan1,
			credits: []CreditNote{{Amount: pricing.FromMinor(4500, usd), Created: utc(2026, 2, 15, 0)}},
			// The credit's parts: −1550, −1400, −1550; January's moves to February.
			want:     []int64{3100, 2800 - 1400 - 1550, 3100 - 1550},
			deferred: []int64{5900, 1550, 0},
		},
		{
			name: "after payment, before the period", amount: 9000, paidAt: utc(2025, 12, 1, 0),
			credits:  []CreditNote{{Amount: pricing.FromMinor(4500, usd), Created: utc(2025, 12, 20, 0)}},
			want:     []int64{1550, 1400, 1550},
			deferred: []int64{2950, 1550, 0},
		},
		{
			name: "after payment, after the period", amount: 9000, paidAt: jan1,
			credits:  []CreditNote{{Amount: pricing.FromMinor(4500, usd), Created: utc(2026, 5, 3, 0)}},
			want:     []int64{3100, 2800, 3100, -4500},
			months:   []string{"2026-01", "2026-02", "2026-03", "2026-05"},
			deferred: []int64{5900, 3100, 0},
		},
		{
			name: "both kinds, whole line", amount: 9000, paidAt: feb1,
			credits: []CreditNote{
				{Amount: pricing.FromMinor(3000, usd), Created: jan1}, // before payment: 6000 is 2067, 1867, 2066
				{Amount: pricing.FromMinor(6000, usd), Created: mar1}, // after: −2067, −1867, −2066, all in March
			},
			// January and February keep what they recognized; March takes the whole credit.
			want:     []int64{2067, 1867, 2066 - 6000},
			deferred: []int64{6000 - 2067, 2066, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.credits {
				tt.credits[i].Line = 0
			}
			s, err := Recognize(Request{
				Lines:       []Line{{Amount: pricing.FromMinor(tt.amount, usd), Period: q1, PaidAt: tt.paidAt}},
				CreditNotes: tt.credits,
				Options:     options(t, Day, time.UTC),
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, amounts(t, s, 0)); diff != "" {
				t.Errorf("schedule (-want +got):\n%s", diff)
			}
			var sum int64
			for _, a := range tt.want {
				sum += a
			}
			if got := minor(t, s.Lines[0].Amount); got != sum {
				t.Errorf("line amount %d, entries sum to %d", got, sum)
			}
			if tt.months != nil {
				var got []string
				for _, e := range s.Lines[0].Entries {
					got = append(got, e.Month.String())
				}
				if diff := cmp.Diff(tt.months, got); diff != "" {
					t.Errorf("months (-want +got):\n%s", diff)
				}
			}
			for k, at := range []time.Time{feb1, mar1, apr1} {
				if got := minor(t, s.Deferred(at)); got != tt.deferred[k] {
					t.Errorf("Deferred(%s) = %d, want %d", at.Format(time.DateOnly), got, tt.deferred[k])
				}
			}
			// Before anything starts, everything billed is deferred; long after, nothing.
			if got, want := minor(t, s.Deferred(utc(2020, 1, 1, 0))), tt.amount-pre(tt.credits, tt.paidAt); got != want {
				t.Errorf("Deferred before the period = %d, want %d", got, want)
			}
			if got := minor(t, s.Deferred(utc(2030, 1, 1, 0))); got != 0 {
				t.Errorf("Deferred after everything = %d, want 0", got)
			}
		})
	}
}

func pre(credits []CreditNote, paidAt time.Time) int64 {
	var sum int64
	for _, c := range credits {
		if paidAt.IsZero() || c.Created.Before(paidAt) {
			u, _ := c.Amount.MinorUnits()
			sum += u
		}
	}
	return sum
}
