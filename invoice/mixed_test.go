package invoice

import (
	"errors"
	"fmt"
	"strings"
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

// everyPrice is a licensed (or metered) monthly-family price of unit minor units,
// every count intervals.
func everyPrice(t testing.TB, id string, unit int64, iv pricing.Interval, count int, metered bool) pricing.Price {
	t.Helper()
	r := &pricing.Recurring{Interval: iv, IntervalCount: count}
	if metered {
		r.UsageType = pricing.Metered
	}
	p, err := pricing.NewPrice(pricing.PriceParams{ID: id, Product: pricing.Product{ID: "prod_" + id, Name: "Plan " + id},
		Currency: ruleUSD, UnitAmount: decimal.New(unit, -2), Recurring: r})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// summary lists an invoice's lines as "price:amount:period start–end" (month/day).
func summary(t testing.TB, inv Invoice) string {
	var parts []string
	for _, l := range inv.Lines {
		parts = append(parts, fmt.Sprintf("%s:%d:%s–%s", l.Price, minorOf(t, l.Amount), l.Period.Start.Format("01/02"), l.Period.End.Format("01/02")))
	}
	return strings.Join(parts, " ")
}

// Stripe's mixed-interval example: monthly, bi-monthly and quarterly items from
// January 1 (https://docs.stripe.com/billing/subscriptions/mixed-interval): one
// combined invoice where the items' periods align, only the items that renew where
// they do not.
func TestMixedIntervalsStripeExample(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	bimonthly := everyPrice(t, "bimonthly", 2500, pricing.Month, 2, false)
	quarterly := everyPrice(t, "quarterly", 10000, pricing.Month, 3, false)
	req := Request{Currency: ruleUSD, Now: day(2024, 1, 1), BillingMode: Flexible, Forecast: 6,
		Changes: &Changes{Items: []ItemChange{{Price: &monthly}, {Price: &bimonthly}, {Price: &quarterly}}}}
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"monthly:1500:01/01–02/01 bimonthly:2500:01/01–03/01 quarterly:10000:01/01–04/01",
		"monthly:1500:02/01–03/01",
		"monthly:1500:03/01–04/01 bimonthly:2500:03/01–05/01",
		"monthly:1500:04/01–05/01 quarterly:10000:04/01–07/01",
		"monthly:1500:05/01–06/01 bimonthly:2500:05/01–07/01",
		"monthly:1500:06/01–07/01",
		"monthly:1500:07/01–08/01 bimonthly:2500:07/01–09/01 quarterly:10000:07/01–10/01",
	}
	got := []string{summary(t, inv)}
	for _, f := range inv.Forecast {
		got = append(got, summary(t, f))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("invoices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(inv.Forecast) != 6 || !inv.Forecast[2].PeriodEnd.Equal(day(2024, 4, 1)) {
		t.Errorf("forecast of %d invoices; the third ends %s, want 2024-04-01", len(inv.Forecast), inv.Forecast[2].PeriodEnd)
	}
}

func TestMixedIntervalsRules(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	quarterly := everyPrice(t, "quarterly", 10000, pricing.Month, 3, false)
	twoMonths := everyPrice(t, "two", 2000, pricing.Month, 2, false)
	weekly := everyPrice(t, "weekly", 500, pricing.Week, 1, false)
	yearly := everyPrice(t, "yearly", 100000, pricing.Year, 1, false)
	jan, feb := day(2024, 1, 1), day(2024, 2, 1)
	for _, c := range []struct {
		name  string
		mode  BillingMode
		end   time.Time // of the current period, from January 1
		items []Item
		field string // "" for no error
	}{
		{"classic refuses mixed intervals", Classic, feb, []Item{{ID: "a", Price: monthly}, {ID: "b", Price: quarterly}}, "Subscription.Items[1].Price"},
		{"flexible: quarterly on monthly", Flexible, feb, []Item{{ID: "a", Price: monthly}, {ID: "b", Price: quarterly}}, ""},
		{"flexible: yearly on monthly", Flexible, feb, []Item{{ID: "a", Price: yearly}, {ID: "b", Price: monthly}}, ""},
		{"flexible: 3 months is not a multiple of 2", Flexible, feb, []Item{{ID: "a", Price: twoMonths}, {ID: "b", Price: quarterly}, {ID: "c", Price: monthly}}, ""},
		{"flexible: quarterly and every 2 months, no monthly", Flexible, day(2024, 3, 1), []Item{{ID: "a", Price: twoMonths}, {ID: "b", Price: quarterly}}, "Subscription.Items[1].Price"},
		{"flexible: weeks and months do not mix", Flexible, day(2024, 1, 8), []Item{{ID: "a", Price: weekly}, {ID: "b", Price: monthly}}, "Subscription.Items[1].Price"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _ := proration.NewPeriod(jan, c.end)
			req := Request{Currency: ruleUSD, BillingMode: c.mode, Subscription: Subscription{Period: p, Items: c.items}}
			_, err := Preview(req)
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var fe *pricing.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("error %v, want one at %s", err, c.field)
			}
		})
	}
}

// In flexible mode a subscription's monthly item is billed at every renewal; its
// quarterly item only where its own quarter starts, and its metered quarterly item
// in arrears where its own quarter ends.
func TestMixedIntervalsRenewal(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	quarterly := everyPrice(t, "quarterly", 10000, pricing.Month, 3, false)
	calls := everyPrice(t, "calls", 2, pricing.Month, 3, true)
	rec := func(at time.Time, n int64) pricing.UsageRecord {
		r, err := pricing.WholeUsageRecord(at, n)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	usage := map[string][]pricing.UsageRecord{"c": {rec(day(2024, 1, 10), 100), rec(day(2024, 2, 10), 50), rec(day(2024, 3, 10), 10), rec(day(2024, 4, 10), 7)}}
	for _, c := range []struct {
		start, end time.Time
		want       string
	}{
		{day(2024, 1, 1), day(2024, 2, 1), "monthly:1500:02/01–03/01"},
		{day(2024, 3, 1), day(2024, 4, 1), "monthly:1500:04/01–05/01 quarterly:10000:04/01–07/01 calls:320:01/01–04/01"},
	} {
		period, _ := proration.NewPeriod(c.start, c.end)
		req := Request{Currency: ruleUSD, BillingMode: Flexible, Usage: usage,
			Subscription: Subscription{Period: period, Anchor: day(2024, 1, 1), Items: []Item{{ID: "m", Price: monthly}, {ID: "q", Price: quarterly}, {ID: "c", Price: calls}}}}
		inv, err := Preview(req)
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(t, inv); got != c.want {
			t.Errorf("renewal at %s: %s, want %s", c.end.Format("01/02"), got, c.want)
		}
	}
}

// An item's own period, when given, must be its own cycle's period.
func TestMixedIntervalsItemPeriod(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	quarterly := everyPrice(t, "quarterly", 10000, pricing.Month, 3, false)
	period, _ := proration.NewPeriod(day(2024, 2, 1), day(2024, 3, 1))
	for _, c := range []struct {
		own proration.Period
		ok  bool
	}{
		{proration.Period{Start: day(2024, 1, 1), End: day(2024, 4, 1)}, true},
		{proration.Period{Start: day(2024, 2, 1), End: day(2024, 5, 1)}, false},
	} {
		req := Request{Currency: ruleUSD, BillingMode: Flexible,
			Subscription: Subscription{Period: period, Anchor: day(2024, 1, 1), Items: []Item{{ID: "m", Price: monthly, Period: period}, {ID: "q", Price: quarterly, Period: c.own}}}}
		_, err := Preview(req)
		var fe *pricing.FieldError
		switch {
		case c.ok && err != nil:
			t.Errorf("own period %s: %v", c.own, err)
		case !c.ok && (!errors.As(err, &fe) || fe.Field != "Subscription.Items[1].Period"):
			t.Errorf("own period %s: error %v, want one at Subscription.Items[1].Period", c.own, err)
		}
	}
}

// A quarterly item added on February 15 to a monthly flexible subscription anchored
// on January 1 is charged from then to its own quarter's end (April 1), prorated
// over the quarter; the monthly item renews as before; the anchor stays.
func TestMixedIntervalsAddItem(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	quarterly := everyPrice(t, "quarterly", 9100, pricing.Month, 3, false) // 91 days from January 1 to April 1, 2024
	period, _ := proration.NewPeriod(day(2024, 2, 1), day(2024, 3, 1))
	req := Request{Currency: ruleUSD, BillingMode: Flexible, Now: day(2024, 2, 15),
		Subscription: Subscription{Period: period, Anchor: day(2024, 1, 1), Items: []Item{{ID: "m", Price: monthly}}},
		Invoices:     []IssuedInvoice{{Lines: []IssuedLine{{Item: "m", Price: "monthly", Amount: pricing.FromMinor(1500, ruleUSD), Quantity: decimal.NewFromInt(1), Period: period}}}},
		Changes:      &Changes{Items: []ItemChange{{Price: &quarterly}}}}
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	// 46 of 91 days: 9100 × 46 / 91 = 4600; the monthly item renews on March 1.
	if got, want := summary(t, inv), "quarterly:4600:02/15–04/01 monthly:1500:03/01–04/01"; got != want {
		t.Errorf("invoice %s, want %s", got, want)
	}
}

// In flexible mode an interval change keeps the anchor: a monthly item moved to a
// yearly price on March 15 is credited what March's debit paid for the rest of the
// month and charged the yearly price to the next anchored year's end; the next
// invoice is at that boundary.
func TestMixedIntervalsFlexibleIntervalChange(t *testing.T) {
	monthly := everyPrice(t, "monthly", 3100, pricing.Month, 1, false) // 31 days in March 2026
	yearly := everyPrice(t, "yearly", 36500, pricing.Year, 1, false)   // 365 days from January 1, 2026
	period, _ := proration.NewPeriod(day(2026, 3, 1), day(2026, 4, 1))
	req := Request{Currency: ruleUSD, BillingMode: Flexible, Now: day(2026, 3, 15),
		Subscription: Subscription{Period: period, Anchor: day(2026, 1, 1), Items: []Item{{ID: "m", Price: monthly}}},
		Invoices:     []IssuedInvoice{{Lines: []IssuedLine{{Item: "m", Price: "monthly", Amount: pricing.FromMinor(3100, ruleUSD), Quantity: decimal.NewFromInt(1), Period: period}}}},
		Changes:      &Changes{Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "m", Price: &yearly}}}}
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	// Credit 17 of 31 days of 31.00; charge 292 of 365 days of 365.00.
	if got, want := summary(t, inv), "monthly:-1700:03/15–04/01 yearly:29200:03/15–01/01"; got != want {
		t.Errorf("invoice %s, want %s", got, want)
	}
	req.Changes.Behavior = proration.CreateProrations
	inv, err = Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(t, inv), "monthly:-1700:03/15–04/01 yearly:29200:03/15–01/01 yearly:36500:01/01–01/01"; got != want || !inv.PeriodEnd.Equal(day(2027, 1, 1)) {
		t.Errorf("invoice %s ending %s, want %s ending 2027-01-01", got, inv.PeriodEnd, want)
	}
}

func lcm(a, b int) int {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}

// Over the least common multiple of the intervals, a subscription of mixed intervals bills
// each licensed item once per own period, in full, on the invoice where that period
// starts: as many times as its interval divides that span, and every renewal bills
// the base item.
func TestMixedIntervalsProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(100))
	props.Property("each item is billed once per own period", prop.ForAll(func(base int, mults []int, anchorDay int) string {
		prices := []pricing.Price{everyPrice(t, "base", 1000, pricing.Month, base, false)}
		longest := base
		for k, m := range mults {
			prices = append(prices, everyPrice(t, fmt.Sprintf("p%d", k), int64(100*(k+2)), pricing.Month, base*m, false))
			longest = lcm(longest, base*m)
		}
		var items []ItemChange
		for i := range prices {
			items = append(items, ItemChange{Price: &prices[i]})
		}
		start := day(2024, 1, anchorDay)
		req := Request{Currency: ruleUSD, Now: start, BillingMode: Flexible, Forecast: longest/base - 1, Changes: &Changes{Items: items}}
		inv, err := Preview(req)
		if err != nil {
			return err.Error()
		}
		count := map[string]int{}
		all := append([]Invoice{inv}, inv.Forecast...)
		for k, in := range all {
			sawBase := false
			for _, l := range in.Lines {
				count[l.Price]++
				sawBase = sawBase || l.Price == "base"
				p := prices[0]
				for _, q := range prices {
					if q.ID() == l.Price {
						p = q
					}
				}
				r, _ := p.Recurring()
				c, _ := proration.NewCycle(start, pricing.Month, r.IntervalCount)
				own, _ := c.PeriodAt(l.Period.Start)
				if !own.Start.Equal(l.Period.Start) || !own.End.Equal(l.Period.End) || l.Proration {
					return fmt.Sprintf("invoice %d: line %s for %s, not one full own period", k, l.Price, l.Period)
				}
			}
			if !sawBase {
				return fmt.Sprintf("invoice %d has no line of the base item", k)
			}
		}
		for _, p := range prices {
			r, _ := p.Recurring()
			if want := longest / r.IntervalCount; count[p.ID()] != want {
				return fmt.Sprintf("%s (every %d months) billed %d times over %d months, want %d", p.ID(), r.IntervalCount, count[p.ID()], longest, want)
			}
		}
		return ""
	}, gen.IntRange(1, 2), gen.SliceOfN(3, gen.IntRange(1, 6)), gen.IntRange(1, 31)))
	props.TestingRun(t)
}

// The history is checked against the subscription: a line from before its start, a
// line after the current period, one period billed twice, a history for a new
// subscription.
func TestHistoryConsistency(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	period, _ := proration.NewPeriod(day(2024, 2, 1), day(2024, 3, 1))
	debit := func(start, end time.Time) IssuedLine {
		return IssuedLine{Item: "m", Price: "monthly", Amount: pricing.FromMinor(1500, ruleUSD), Quantity: decimal.NewFromInt(1), Period: proration.Period{Start: start, End: end}}
	}
	base := func(lines ...IssuedLine) Request {
		return Request{Currency: ruleUSD, BillingMode: Flexible, Now: day(2024, 2, 10),
			Subscription: Subscription{Period: period, StartDate: day(2024, 1, 1), Anchor: day(2024, 1, 1), Items: []Item{{ID: "m", Price: monthly}}},
			Invoices:     []IssuedInvoice{{Lines: lines}},
			Changes:      &Changes{Items: []ItemChange{{ID: "m", Quantity: Qty(2)}}}}
	}
	for _, c := range []struct {
		name  string
		req   Request
		field string
	}{
		{"consistent", base(debit(day(2024, 1, 1), day(2024, 2, 1)), debit(day(2024, 2, 1), day(2024, 3, 1))), ""},
		{"before the start", base(debit(day(2023, 12, 1), day(2024, 1, 1)), debit(day(2024, 2, 1), day(2024, 3, 1))), "Invoices[0].Lines[0].Period"},
		{"after the current period", base(debit(day(2024, 2, 1), day(2024, 3, 1)), debit(day(2024, 4, 1), day(2024, 5, 1))), "Invoices[0].Lines[1].Period"},
		{"February billed twice", base(debit(day(2024, 2, 1), day(2024, 3, 1)), debit(day(2024, 1, 1), day(2024, 2, 1)), debit(day(2024, 2, 1), day(2024, 3, 1))), "Invoices[0].Lines[2]"},
	} {
		_, err := Preview(c.req)
		var fe *pricing.FieldError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, ErrInvalidRequest)):
			t.Errorf("%s: error %v, want one at %s", c.name, err, c.field)
		}
	}
	req := Request{Currency: ruleUSD, Now: day(2024, 1, 1), Invoices: []IssuedInvoice{{}}, Changes: &Changes{Items: []ItemChange{{Price: &monthly}}}}
	if _, err := Preview(req); !isField(err, "Invoices") {
		t.Errorf("a new subscription with a history: %v, want an error at Invoices", err)
	}
}

// A monthly item added on February 10 to a quarterly flexible subscription anchored on
// January 1 makes the month its period: the next invoice is on March 1, with the new
// item's proration and renewal; the quarterly item is billed later, on April 1.
func TestMixedIntervalsShorterInterval(t *testing.T) {
	monthly := everyPrice(t, "monthly", 2900, pricing.Month, 1, false) // 29 days in February 2024: 20 of them from Feb 10
	quarterly := everyPrice(t, "quarterly", 9100, pricing.Month, 3, false)
	period, _ := proration.NewPeriod(day(2024, 1, 1), day(2024, 4, 1))
	req := Request{Currency: ruleUSD, BillingMode: Flexible, Now: day(2024, 2, 10),
		Subscription: Subscription{Period: period, Items: []Item{{ID: "q", Price: quarterly}}},
		Invoices:     []IssuedInvoice{{Lines: []IssuedLine{{Item: "q", Price: "quarterly", Amount: pricing.FromMinor(9100, ruleUSD), Quantity: decimal.NewFromInt(1), Period: period}}}},
		Changes:      &Changes{Items: []ItemChange{{Price: &monthly}}}}
	inv, err := Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(t, inv), "monthly:2000:02/10–03/01 monthly:2900:03/01–04/01"; got != want || !inv.IssuedAt.Equal(day(2024, 3, 1)) {
		t.Errorf("invoice %s issued %s, want %s issued 2024-03-01", got, inv.IssuedAt, want)
	}
	if len(inv.BilledLater) != 1 || inv.BilledLater[0].Item != "q" || !inv.BilledLater[0].Period.End.Equal(day(2024, 4, 1)) {
		t.Errorf("billed later %+v, want q until April 1", inv.BilledLater)
	}
}

// The example of Stripe's API page: 100 USD each quarter and 15 USD each month from
// January 1, 2024: the first invoice bills both; February 1 and March 1 the monthly
// price; April 1 both again.
func TestMixedIntervalsStripeQuarterAndMonth(t *testing.T) {
	monthly := everyPrice(t, "monthly", 1500, pricing.Month, 1, false)
	quarterly := everyPrice(t, "quarterly", 10000, pricing.Month, 3, false)
	inv, err := Preview(Request{Currency: ruleUSD, Now: day(2024, 1, 1), BillingMode: Flexible, Forecast: 3,
		Changes: &Changes{Items: []ItemChange{{Price: &quarterly}, {Price: &monthly}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{summary(t, inv)}
	for _, f := range inv.Forecast {
		got = append(got, summary(t, f))
	}
	want := "quarterly:10000:01/01–04/01 monthly:1500:01/01–02/01 | monthly:1500:02/01–03/01 | monthly:1500:03/01–04/01 | quarterly:10000:04/01–07/01 monthly:1500:04/01–05/01"
	if strings.Join(got, " | ") != want {
		t.Errorf("invoices %s, want %s", strings.Join(got, " | "), want)
	}
}
