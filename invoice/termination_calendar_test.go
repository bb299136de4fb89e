package invoice

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func calendarPrice(t *testing.T, iv pricing.Interval) pricing.Price {
	t.Helper()
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "plan", Product: pricing.Product{ID: "prod", Name: "Plan"}, Currency: eurT,
		UnitAmount: decimal.NewFromInt(100), Recurring: &pricing.Recurring{Interval: iv}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The calendar cases of Kill Bill and Lago: a billing day beyond a month's length
// clamps to the month's last day, and the periods after it come back to the day.
func TestTerminationCalendarCycles(t *testing.T) {
	cases := []struct {
		name   string
		anchor time.Time
		iv     pricing.Interval
		want   []time.Time
	}{
		// Lago's anniversary periods from the 31st (Subscriptions::DatesService, the
		// day clamped to the month's end, https://github.com/getlago/lago-api):
		// Jan 31 → Feb 28 → Mar 31 → Apr 30.
		{"monthly from the 31st", utcDay(2023, 1, 31), pricing.Month, []time.Time{utcDay(2023, 1, 31), utcDay(2023, 2, 28), utcDay(2023, 3, 31), utcDay(2023, 4, 30)}},
		// An annual billing day of Feb 29 (Kill Bill's and Lago's yearly anniversaries
		// on a leap day): Feb 28 in the years that have no Feb 29, Feb 29 again in a
		// leap year.
		{"yearly from Feb 29", utcDay(2024, 2, 29), pricing.Year, []time.Time{utcDay(2024, 2, 29), utcDay(2025, 2, 28), utcDay(2026, 2, 28), utcDay(2027, 2, 28), utcDay(2028, 2, 29)}},
		// An annual billing day of the 31st, in a month of 31 days: always the 31st.
		{"yearly from Jan 31", utcDay(2023, 1, 31), pricing.Year, []time.Time{utcDay(2023, 1, 31), utcDay(2024, 1, 31), utcDay(2025, 1, 31)}},
	}
	for _, c := range cases {
		cy, err := proration.NewCycle(c.anchor, c.iv, 1)
		if err != nil {
			t.Fatal(err)
		}
		for k, w := range c.want {
			if got, err := cy.Boundary(k); err != nil || !got.Equal(w) {
				t.Errorf("%s: boundary %d = %v (%v), want %v", c.name, k, got, err, w)
			}
		}
	}
}

// The same cases through an invoice: the renewal of each period bills it whole, and
// a termination within the clamped period credits by its own length.
func TestTerminationCalendarInvoices(t *testing.T) {
	// The renewal at the end of Jan 31 → Feb 28 bills Feb 28 → Mar 31.
	r := Request{Currency: eurT, Now: utcDay(2023, 2, 28),
		Subscription: Subscription{Period: proration.Period{Start: utcDay(2023, 1, 31), End: utcDay(2023, 2, 28)}, Anchor: utcDay(2023, 1, 31),
			Items: []Item{{ID: "si_1", Price: calendarPrice(t, pricing.Month)}}}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if p := inv.Lines[0].Period; !p.Start.Equal(utcDay(2023, 2, 28)) || !p.End.Equal(utcDay(2023, 3, 31)) {
		t.Errorf("the renewal after Feb 28 bills %v", p)
	}
	// Yearly from Feb 29 2024: the period Feb 28 2025 → Feb 28 2026 renews to Feb 28 2027.
	r = Request{Currency: eurT, Now: utcDay(2026, 2, 28),
		Subscription: Subscription{Period: proration.Period{Start: utcDay(2025, 2, 28), End: utcDay(2026, 2, 28)}, Anchor: utcDay(2024, 2, 29),
			Items: []Item{{ID: "si_1", Price: calendarPrice(t, pricing.Year)}}}}
	if inv, err = Preview(r); err != nil {
		t.Fatal(err)
	}
	if p := inv.Lines[0].Period; !p.Start.Equal(utcDay(2026, 2, 28)) || !p.End.Equal(utcDay(2027, 2, 28)) {
		t.Errorf("the yearly renewal bills %v", p)
	}
}

// Kill Bill's billing day 31: the period Jan 31 → Feb 28 lies in the billing period
// Jan 28 → Feb 28 of one month back from its end, 31 days
// (calculateProRationBeforeFirstBillingPeriod in invoice/.../generator/
// InvoiceDateUtils.java, https://github.com/killbill/killbill). A cancellation on
// Feb 10 credits 18 of those 31 days, the fraction rounded to 9 places half up
// (0.580645161 × 100.00 = 58.06); by the period's own 28 days it would be 64.29.
func TestTerminationKillBillBillingDay31(t *testing.T) {
	r := Request{Currency: eurT, Now: utcDay(2025, 2, 10), Engine: EngineKillBill,
		Subscription: Subscription{Period: proration.Period{Start: utcDay(2025, 1, 31), End: utcDay(2025, 2, 28)}, Anchor: utcDay(2025, 1, 31),
			Items: []Item{{ID: "si_1", Price: calendarPrice(t, pricing.Month)}}},
		Changes: &Changes{CancelAt: utcDay(2025, 2, 10)}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := inv.Lines[0].Amount; !got.Equal(eur(-6429)) {
		t.Errorf("by the period: %v, want -64.29 (18 of 28 days)", got)
	}
	r.Convention = proration.Convention{Denominator: proration.IntervalBeforeEnd} // the interval: the subscription's
	if inv, err = Preview(r); err != nil {
		t.Fatal(err)
	}
	if got := inv.Lines[0].Amount; !got.Equal(eur(-5806)) {
		t.Errorf("by the billing interval before the end: %v, want -58.06 (18 of 31 days)", got)
	}
	checkSteps(t, "killbill", inv, map[StepKind]bool{})
}
