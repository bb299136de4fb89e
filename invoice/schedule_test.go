package invoice

import (
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func yearlySeat(t testing.TB) pricing.Price {
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "seat_y", Product: pricing.Product{ID: "prod", Name: "Seat"}, Currency: ruleUSD,
		UnitAmount: decimal.NewFromInt(240), Recurring: &pricing.Recurring{Interval: pricing.Year}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A two-phase ramp deal: year 1 at 20 seats, year 2 at 40, then cancel.
func TestScheduleRampDeal(t *testing.T) {
	seat := yearlySeat(t)
	start := day(2027, 1, 1)
	req := Request{Currency: ruleUSD, Now: start, Forecast: 5, Schedule: &Schedule{EndBehavior: CancelAtEnd, Phases: []Phase{
		{Start: start, Duration: &PhaseDuration{Interval: pricing.Year, Count: 1}, Items: []Item{{Price: seat, Quantity: Qty(20)}}},
		{Duration: &PhaseDuration{Interval: pricing.Year, Count: 1}, Items: []Item{{Price: seat, Quantity: Qty(40)}}},
	}}}
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{fmt.Sprint(inv.IssuedAt.Year(), " ", minorOf(t, inv.Total))}
	for _, f := range inv.Forecast {
		got = append(got, fmt.Sprint(f.IssuedAt.Year(), " ", minorOf(t, f.Total)))
	}
	// 20 × 240.00, then 40 × 240.00 at the phase start, then the final invoice at the
	// schedule's end (no usage: 0), then nothing: canceled.
	if want := "[2027 480000 2028 960000 2029 0]"; fmt.Sprint(got) != want {
		t.Errorf("invoices %v, want %s", got, want)
	}
	if l := inv.Forecast[0].Lines; len(l) != 1 || l[0].Item != inv.Lines[0].Item || l[0].Proration {
		t.Errorf("year 2 keeps the item and prorates nothing: %+v", l)
	}
}

// A phase that starts within a period is a change at its start, prorated.
func TestSchedulePhaseMidPeriod(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	r := ruleRequest(t, Item{ID: "si_1", Price: seat, Quantity: Qty(10)})
	mid := ruleStart.Add(15 * 24 * time.Hour)
	r.Schedule = &Schedule{Phases: []Phase{
		{End: mid, Items: []Item{{Price: seat, Quantity: Qty(10)}}},
		{Items: []Item{{Price: seat, Quantity: Qty(20)}}},
	}}
	r.Forecast = 1
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	// credit −100.00 × 15/30, charge 200.00 × 15/30, renewal 200.00; then 200.00.
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[-5000 10000 20000]" || minorOf(t, inv.Forecast[0].Total) != 20000 {
		t.Errorf("lines %s, next %s", got, inv.Forecast[0].Total)
	}
}

func TestScheduleRefusals(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	r := ruleRequest(t, Item{ID: "si_1", Price: seat})
	r.Schedule = &Schedule{Phases: []Phase{
		{End: ruleEnd, Items: []Item{{Price: seat}}},
		{Start: ruleEnd.Add(time.Hour), Items: []Item{{Price: seat}}},
	}}
	if _, err := Preview(r); !isField(err, "Schedule.Phases[1].Start") {
		t.Errorf("a gap between phases: %v", err)
	}
	r.Schedule = &Schedule{}
	if _, err := Preview(r); !isField(err, "Schedule.Phases") {
		t.Errorf("no phase: %v", err)
	}
}

// A schedule of one open phase is the plain subscription.
func TestScheduleOnePhaseProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(100))
	props.Property("one phase equals the plain subscription", prop.ForAll(func(unit, qty int64, n int) string {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: "p", Currency: ruleUSD, UnitAmount: decimal.New(unit, -2), Recurring: &pricing.Recurring{Interval: pricing.Month}})
		plain := newSub(p, qty, day(2027, 3, 31), Changes{})
		plain.Forecast = n
		sched := Request{Currency: ruleUSD, Now: day(2027, 3, 31), Forecast: n, Schedule: &Schedule{Phases: []Phase{{Items: []Item{{Price: p, Quantity: Qty(qty)}}}}}}
		a, err := Preview(plain)
		if err != nil {
			return err.Error()
		}
		b, err := Preview(sched)
		if err != nil {
			return err.Error()
		}
		if len(a.Forecast) != len(b.Forecast) || !a.Total.Equal(b.Total) {
			return "first invoices differ"
		}
		for k := range a.Forecast {
			if !a.Forecast[k].Total.Equal(b.Forecast[k].Total) || !a.Forecast[k].IssuedAt.Equal(b.Forecast[k].IssuedAt) {
				return fmt.Sprintf("invoice %d differs", k)
			}
		}
		return ""
	}, gen.Int64Range(0, 1e7), gen.Int64Range(0, 30), gen.IntRange(0, 13)))
	props.TestingRun(t)
}
