package discount

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestEnd(t *testing.T) {
	rep := func(months int) Coupon {
		return mustCoupon(t, CouponParams{ID: "r", PercentOff: decimal.NewFromInt(20), Duration: Repeating, DurationInMonths: months})
	}
	cases := []struct {
		start  time.Time
		months int
		want   time.Time
	}{
		{date(2026, 1, 31), 3, date(2026, 4, 30)}, // clamped
		{date(2026, 1, 31), 1, date(2026, 2, 28)},
		{date(2028, 1, 31), 1, date(2028, 2, 29)}, // leap year
		{date(2026, 1, 31), 2, date(2026, 3, 31)},
		{date(2026, 11, 15), 3, date(2027, 2, 15)},
		{time.Date(2026, 1, 15, 13, 14, 15, 0, time.FixedZone("x", 3600)), 1, time.Date(2026, 2, 15, 12, 14, 15, 0, time.UTC)}, // in UTC
	}
	for _, c := range cases {
		end, ok := Discount{Coupon: rep(c.months), Start: c.start}.End()
		if !ok || !end.Equal(c.want) {
			t.Errorf("%s + %d months = %s, %v; want %s", c.start, c.months, end, ok, c.want)
		}
	}
	if _, ok := (Discount{Coupon: rep(1200), Start: date(9950, 1, 1)}).End(); ok {
		t.Error("an end beyond the year 9999 is reported")
	}
	for _, d := range []Duration{Once, Forever} {
		c := mustCoupon(t, CouponParams{ID: "x", PercentOff: decimal.NewFromInt(5), Duration: d})
		if _, ok := (Discount{Coupon: c, Start: date(2026, 1, 1)}).End(); ok {
			t.Errorf("%s has an end", d)
		}
	}
}

// invoice is one invoice of a subscription, issued when its billed period starts:
// that start and when the previous invoice was issued.
type invoice struct {
	periodStart, since time.Time
	want               Status
}

func checkInvoices(t *testing.T, name string, d Discount, invs []invoice) {
	t.Helper()
	for _, inv := range invs {
		got := d.StatusFor(Timing{Issued: inv.periodStart, PeriodStart: inv.periodStart, Since: inv.since})
		if got != inv.want {
			t.Errorf("%s: invoice for the period from %s (previous invoice %s): %s, want %s",
				name, inv.periodStart.Format("2006-01-02"), inv.since.Format("2006-01-02"), got, inv.want)
		}
	}
}

func TestStatusRepeating(t *testing.T) {
	jan31 := date(2026, 1, 31)
	three := mustCoupon(t, CouponParams{ID: "r3", PercentOff: decimal.NewFromInt(20), Duration: Repeating, DurationInMonths: 3})
	d := Discount{Coupon: three, Start: jan31}
	// A monthly subscription anchored on the 31st (billed in advance): the periods
	// starting Jan 31, Feb 28, Mar 31 are discounted; Apr 30 is not (the end, Jan 31 +
	// 3 months, clamps to Apr 30).
	checkInvoices(t, "monthly", d, []invoice{
		{jan31, jan31, Active},
		{date(2026, 2, 28), jan31, Active},
		{date(2026, 3, 31), date(2026, 2, 28), Active},
		{date(2026, 4, 30), date(2026, 3, 31), Ended},
		{date(2026, 5, 31), date(2026, 4, 30), Ended},
		{jan31.Add(-time.Hour), jan31.Add(-time.Hour), NotStarted},
	})
	// A yearly subscription: only the first invoice falls within the three months.
	checkInvoices(t, "yearly", d, []invoice{
		{jan31, jan31, Active},
		{date(2027, 1, 31), jan31, Ended},
	})
	// A discount added mid-period: not on the current period (it started before),
	// then on the next three renewals.
	mid := Discount{Coupon: three, Start: date(2026, 2, 10)}
	checkInvoices(t, "added mid-period", mid, []invoice{
		{jan31, jan31, NotStarted},
		{date(2026, 2, 28), jan31, Active},
		{date(2026, 3, 31), date(2026, 2, 28), Active},
		{date(2026, 4, 30), date(2026, 3, 31), Active},
		{date(2026, 5, 31), date(2026, 4, 30), Ended}, // ended May 10
	})
	// Without a start it starts with the invoice decided: its months count from there.
	checkInvoices(t, "no start", Discount{Coupon: three}, []invoice{{date(2026, 5, 31), date(2026, 4, 30), Active}})
}

func TestStatusOnceAndForever(t *testing.T) {
	jan31 := date(2026, 1, 31)
	once := Discount{Coupon: mustCoupon(t, CouponParams{ID: "o", PercentOff: decimal.NewFromInt(5)}), Start: date(2026, 2, 10)}
	checkInvoices(t, "once", once, []invoice{
		{jan31, jan31, NotStarted},
		{date(2026, 2, 28), jan31, Active},           // the first invoice after its start
		{date(2026, 3, 31), date(2026, 2, 28), Used}, // already used
		{date(2026, 2, 10), time.Time{}, Active},     // the first invoice, issued at its start
		{date(2026, 2, 28), date(2026, 2, 10), Used}, // the invoice issued at its start used it
	})
	checkInvoices(t, "once without start", Discount{Coupon: once.Coupon}, []invoice{{date(2026, 3, 31), date(2026, 2, 28), Active}})
	forever := Discount{Coupon: mustCoupon(t, CouponParams{ID: "f", PercentOff: decimal.NewFromInt(5), Duration: Forever}), Start: jan31}
	checkInvoices(t, "forever", forever, []invoice{
		{jan31.Add(-time.Second), jan31.Add(-time.Second), NotStarted},
		{jan31, jan31, Active},
		{date(2036, 1, 31), date(2035, 12, 31), Active},
	})
	until := forever
	until.Until = date(2026, 3, 31)
	checkInvoices(t, "forever until Mar 31", until, []invoice{
		{date(2026, 2, 28), jan31, Active},
		{date(2026, 3, 31), date(2026, 2, 28), Ended}, // issued at its end
	})
}
