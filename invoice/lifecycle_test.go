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

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// minor returns m in minor units, failing the test if it is not whole.
func minorOf(t testing.TB, m pricing.Money) int64 {
	t.Helper()
	v, err := m.MinorUnits()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// newSub is a request for a new subscription of qty seats of price, starting at start.
func newSub(price pricing.Price, qty int64, start time.Time, ch Changes) Request {
	ch.Items = []ItemChange{{Price: &price, Quantity: Qty(qty)}}
	ch.StartDate = start
	return Request{Currency: ruleUSD, Now: start, Changes: &ch}
}

// Stripe's documented trial with a billing cycle anchor: subscribing on the 15th with a
// 7-day trial and renewals on the 1st bills 0 on the 15th, the prorated time from the
// 22nd to the 1st on the 22nd, then the full month on the 1st
// (https://docs.stripe.com/billing/subscriptions/billing-cycle#combine-trials-and-billing-cycle-anchors).
func TestTrialThenProratedToAnchor(t *testing.T) {
	seat := rulePrice(t, "seat", 3000, false, false) // 30.00 USD a month
	for _, c := range []struct {
		name              string
		start, trialEnd   time.Time
		anchor            time.Time
		prorated, fullDay time.Time
		want              int64 // the prorated amount, 5 seats
	}{
		// 5 × 30.00 × (Aug 1 − Jul 22) / (Aug 1 − Jul 1) = 150.00 × 10/31 = 48.387… → 48.39
		{"on the 15th", day(2026, 7, 15), day(2026, 7, 22), day(2026, 8, 1), day(2026, 7, 22), day(2026, 8, 1), 4839},
		// the 28th: the trial ends Aug 4, after Aug 1, so the first 1st after it is Sep 1:
		// 150.00 × (Sep 1 − Aug 4) / (Sep 1 − Aug 1) = 150.00 × 28/31 = 135.48…
		{"on the 28th", day(2026, 7, 28), day(2026, 8, 4), day(2026, 9, 1), day(2026, 8, 4), day(2026, 9, 1), 13548},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := newSub(seat, 5, c.start, Changes{TrialPeriodDays: 7, AnchorConfig: &AnchorConfig{DayOfMonth: 1}})
			req.Forecast = 2
			inv, err := Preview(req)
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Lines) != 1 || !inv.Lines[0].Trial || !inv.Total.IsZero() || inv.Lines[0].Description() != "Trial period for Plan seat" {
				t.Fatalf("first invoice: %d lines, total %s, %q; want one trial line of 0", len(inv.Lines), inv.Total, inv.Lines[0].Description())
			}
			if !inv.Lines[0].Period.End.Equal(c.trialEnd) || !inv.IssuedAt.Equal(c.start) {
				t.Errorf("trial until %s issued %s, want %s and %s", inv.Lines[0].Period.End, inv.IssuedAt, c.trialEnd, c.start)
			}
			if len(inv.Forecast) != 2 {
				t.Fatalf("forecast of %d invoices, want 2", len(inv.Forecast))
			}
			f0, f1 := inv.Forecast[0], inv.Forecast[1]
			if got := minorOf(t, f0.Total); got != c.want || !f0.IssuedAt.Equal(c.prorated) || !f0.Lines[0].Proration {
				t.Errorf("at the trial end: %d issued %s, want %d prorated at %s", got, f0.IssuedAt, c.want, c.prorated)
			}
			if got := minorOf(t, f1.Total); got != 15000 || !f1.IssuedAt.Equal(c.fullDay) || !f1.Lines[0].Period.End.Equal(c.fullDay.AddDate(0, 1, 0)) {
				t.Errorf("at the anchor: %d issued %s for %v, want 15000 for a month from %s", got, f1.IssuedAt, f1.Lines[0].Period, c.fullDay)
			}
		})
	}
}

// A trial moves the anchor: created July 15 with a trial until Aug 1, the customer
// gets a 0 invoice on July 15, nothing more until Aug 1, then a full cycle.
func TestTrialMovesAnchor(t *testing.T) {
	seat := rulePrice(t, "seat", 3000, false, false)
	req := newSub(seat, 1, day(2026, 7, 15), Changes{TrialEnd: day(2026, 8, 1)})
	req.Forecast = 2
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Total.IsZero() || len(inv.Forecast) != 2 {
		t.Fatalf("total %s, %d forecast invoices", inv.Total, len(inv.Forecast))
	}
	for k, want := range []time.Time{day(2026, 8, 1), day(2026, 9, 1)} {
		f := inv.Forecast[k]
		if !f.IssuedAt.Equal(want) || minorOf(t, f.Total) != 3000 || f.Lines[0].Proration {
			t.Errorf("forecast[%d]: %s issued %s, want a full 30.00 at %s", k, f.Total, f.IssuedAt, want)
		}
	}
}

// A new subscription with an anchor and no trial: the first invoice bills the time up
// to the anchor prorated; with none the time is free and the first invoice is the
// anchor's.
func TestNewSubscriptionAnchor(t *testing.T) {
	seat := rulePrice(t, "seat", 3100, false, false) // 31.00: a day of July is 1.00
	req := newSub(seat, 1, day(2026, 7, 15), Changes{Anchor: day(2026, 8, 1)})
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	// 31.00 × (Aug 1 − Jul 15) / (Aug 1 − Jul 1) = 31.00 × 17/31 = 17.00
	if got := minorOf(t, inv.Total); got != 1700 || !inv.Lines[0].Period.End.Equal(day(2026, 8, 1)) {
		t.Errorf("first invoice %d for %v, want 1700 up to Aug 1", got, inv.Lines[0].Period)
	}
	req.Changes.Behavior = proration.None
	inv, err = Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := minorOf(t, inv.Total); got != 3100 || !inv.IssuedAt.Equal(day(2026, 8, 1)) {
		t.Errorf("with none: %d issued %s, want the full month at Aug 1", got, inv.IssuedAt)
	}
	plain := newSub(seat, 2, day(2026, 7, 15), Changes{})
	inv, err = Preview(plain)
	if err != nil {
		t.Fatal(err)
	}
	if got := minorOf(t, inv.Total); got != 6200 || !inv.Lines[0].Period.End.Equal(day(2026, 8, 15)) {
		t.Errorf("no anchor: %d for %v, want 6200 for Jul 15 → Aug 15", got, inv.Lines[0].Period)
	}
}

// A repeating coupon on a checkout quote shows in the forecast where it stops.
func TestForecastRepeatingCouponStops(t *testing.T) {
	seat := rulePrice(t, "seat", 2900, false, false)
	ten := ruleCoupon(t, discount.CouponParams{ID: "TEN3", PercentOff: decimal.NewFromInt(10), Duration: discount.Repeating, DurationInMonths: 3})
	req := newSub(seat, 5, day(2026, 1, 10), Changes{Discounts: []discount.Discount{{Coupon: ten}}, TrialPeriodDays: 14})
	req.Forecast = 5
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, f := range inv.Forecast {
		got = append(got, minorOf(t, f.Total))
	}
	// The trial ends Jan 24 (the anchor). The coupon, given without a start, starts
	// with the first invoice (Jan 10, the trial's): its three months run to Apr 10, so
	// the paid periods from Jan 24, Feb 24 and Mar 24 get 10 % off, then the full 145.00.
	want := []int64{13050, 13050, 13050, 14500, 14500}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("forecast totals %v, want %v", got, want)
	}
	if last := inv.Forecast[3]; len(last.UnappliedDiscounts) != 1 || last.UnappliedDiscounts[0].Reason != Ended {
		t.Errorf("the fourth paid invoice should list TEN3 as ended: %+v", last.UnappliedDiscounts)
	}
}

func cancelRequest(t testing.TB, ch Changes) Request {
	seat := rulePrice(t, "seat", 3000, false, false)
	api := rulePrice(t, "api", 5, true, false)
	r := ruleRequest(t, Item{ID: "seats", Price: seat, Quantity: Qty(2)}, Item{ID: "calls", Price: api})
	rec, _ := pricing.WholeUsageRecord(ruleStart.Add(time.Hour), 100)
	late, _ := pricing.WholeUsageRecord(ruleStart.Add(20*24*time.Hour), 50)
	r.Usage = map[string][]pricing.UsageRecord{"calls": {rec, late}}
	r.Changes = &ch
	return r
}

// Cancellations: at the period end bills usage only; at an instant credits the
// unused time and bills the usage up to it; now follows prorate and invoice_now.
func TestCancellations(t *testing.T) {
	at := ruleStart.Add(15 * 24 * time.Hour) // Nov 16: 15 of 30 days left
	for _, c := range []struct {
		name  string
		ch    Changes
		total int64
		lines int
	}{
		{"at period end", Changes{CancelAtPeriodEnd: true}, 750, 1}, // 150 calls × 0.05
		{"at an instant", Changes{CancelAt: at}, -3000 + 500, 2},    // credit half of 60.00; 100 calls
		{"at an instant, none", Changes{CancelAt: at, Behavior: proration.None}, 500, 1},
		{"now, prorate and invoice", Changes{ProrationDate: at, CancelNow: true, Prorate: true, InvoiceNow: true}, -3000 + 500, 2},
		{"now, prorate only", Changes{ProrationDate: at, CancelNow: true, Prorate: true}, -3000, 1},
		{"now, nothing", Changes{ProrationDate: at, CancelNow: true}, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cancelRequest(t, c.ch)
			r.Forecast = 3
			inv, err := Preview(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := minorOf(t, inv.Total); got != c.total || len(inv.Lines) != c.lines {
				t.Errorf("total %d with %d lines, want %d with %d", got, len(inv.Lines), c.total, c.lines)
			}
			if len(inv.Forecast) != 0 {
				t.Errorf("a canceled subscription forecasts %d invoices", len(inv.Forecast))
			}
		})
	}
}

// TestLifecycleRefusals: bad lifecycle input gets an error at its field.
func TestLifecycleRefusals(t *testing.T) {
	seat := rulePrice(t, "seat", 3000, false, false)
	for _, c := range []struct {
		name  string
		req   Request
		field string
	}{
		{"trial end before the start", newSub(seat, 1, day(2026, 7, 15), Changes{TrialEnd: day(2026, 7, 1)}), "Changes.TrialEnd"},
		{"trial of 731 days", newSub(seat, 1, day(2026, 7, 15), Changes{TrialPeriodDays: 731}), "Changes.TrialPeriodDays"},
		{"anchor beyond a period", newSub(seat, 1, day(2026, 7, 15), Changes{Anchor: day(2026, 9, 1)}), "Changes.Anchor"},
		{"cancel_at outside the period", cancelRequest(t, Changes{CancelAt: ruleEnd}), "Changes.CancelAt"},
		{"two cancellations", cancelRequest(t, Changes{CancelAt: ruleStart, CancelAtPeriodEnd: true}), "Changes"},
		{"forecast of 121", func() Request { r := cancelRequest(t, Changes{}); r.Changes = nil; r.Forecast = 121; return r }(), "Forecast"},
		{"an id on a new subscription", Request{Currency: ruleUSD, Now: ruleStart, Changes: &Changes{Items: []ItemChange{{ID: "si_1", Price: &seat}}}}, "Changes.Items[0].ID"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Preview(c.req)
			fe, ok := err.(*pricing.FieldError)
			if !ok || fe.Field != c.field {
				t.Errorf("got %v, want an error at %s", err, c.field)
			}
		})
	}
}

// Properties of the forecast, cancellations and trials.
func TestLifecycleProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(100))
	mk := func(unit int64) pricing.Price {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: fmt.Sprintf("p%d", unit), Currency: ruleUSD, UnitAmount: decimal.New(unit, -2),
			Recurring: &pricing.Recurring{Interval: pricing.Month}})
		return p
	}
	props.Property("a forecast is deterministic and every invoice's totals hold", prop.ForAll(func(unit, qty int64, n int, trialDays int) string {
		req := newSub(mk(unit), qty, day(2026, 1, 31), Changes{TrialPeriodDays: trialDays})
		req.Forecast = n
		a, err := Preview(req)
		if err != nil {
			return err.Error()
		}
		b, _ := Preview(req)
		if len(a.Forecast) != n || len(b.Forecast) != n {
			return fmt.Sprintf("%d invoices, want %d", len(a.Forecast), n)
		}
		for k := range a.Forecast {
			if !a.Forecast[k].Total.Equal(b.Forecast[k].Total) || !a.Forecast[k].IssuedAt.Equal(b.Forecast[k].IssuedAt) {
				return "two runs differ"
			}
			if p := totalsIdentity(a.Forecast[k]); p != "" {
				return p
			}
		}
		return ""
	}, gen.Int64Range(0, 1e7), gen.Int64Range(0, 50), gen.IntRange(0, 14), gen.IntRange(0, 40)))
	props.Property("a cancellation's credit and the time used add up to the period", prop.ForAll(func(unit, qty int64, sec int64) string {
		r := ruleRequest(t, Item{ID: "a", Price: mk(unit), Quantity: Qty(qty)})
		r.Changes = &Changes{CancelAt: ruleStart.Add(time.Duration(sec) * time.Second)}
		inv, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		full := unit * qty
		credit := -minorOf(t, inv.Total)
		used := full * sec / int64(ruleEnd.Sub(ruleStart)/time.Second)
		if d := full - credit - used; d < -1 || d > 1 {
			return fmt.Sprintf("credit %d + used %d ≠ %d", credit, used, full)
		}
		return ""
	}, gen.Int64Range(0, 1e7), gen.Int64Range(0, 50), gen.Int64Range(0, 30*86400-1)))
	props.Property("a trial bills nothing whatever the usage", prop.ForAll(func(units []int64, days int) string {
		api := rulePrice(t, "api", 7, true, false)
		start := day(2026, 3, 1)
		req := newSub(api, 0, start, Changes{TrialPeriodDays: days})
		req.Changes.Items[0].Quantity = nil
		var recs []pricing.UsageRecord
		for k, u := range units {
			rec, _ := pricing.WholeUsageRecord(start.Add(time.Duration(k)*time.Hour), u)
			recs = append(recs, rec)
		}
		req.Usage = map[string][]pricing.UsageRecord{"new_1": recs}
		req.Forecast = 1
		inv, err := Preview(req)
		if err != nil {
			return err.Error()
		}
		if !inv.Total.IsZero() || !inv.Forecast[0].Total.IsZero() {
			return fmt.Sprintf("the trial billed %s then %s", inv.Total, inv.Forecast[0].Total)
		}
		return ""
	}, gen.SliceOfN(20, gen.Int64Range(0, 1000)), gen.IntRange(2, 30)))
	props.TestingRun(t)
}

// totalsIdentity checks the invoice's documented identities, or says which fails.
func totalsIdentity(inv Invoice) string {
	var sub, disc, incl, excl decimal.Decimal
	for _, l := range inv.Lines {
		sub = sub.Add(l.Amount.Amount())
		for _, d := range l.Discounts {
			disc = disc.Add(d.Amount.Amount())
		}
		for _, x := range l.Taxes {
			if x.TaxRate.Inclusive() {
				incl = incl.Add(x.Amount.Amount())
			} else {
				excl = excl.Add(x.Amount.Amount())
			}
		}
	}
	switch {
	case !inv.Subtotal.Amount().Equal(sub):
		return "subtotal"
	case !inv.TotalDiscount.Amount().Equal(disc):
		return "discount"
	case !inv.Total.Amount().Equal(sub.Sub(disc).Add(excl)):
		return "total"
	case !inv.Tax.Amount().Equal(incl.Add(excl)):
		return "tax"
	}
	due := inv.Total.Amount().Add(inv.StartingBalance.Amount())
	if !inv.AmountDue.Amount().Equal(decimal.Max(due, decimal.Zero)) || !inv.EndingBalance.Amount().Equal(decimal.Min(due, decimal.Zero)) {
		return "balances"
	}
	return ""
}
