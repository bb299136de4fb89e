package invoice

import (
	"errors"
	"fmt"
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

// rec is a usage record of n units at at.
func rec(t testing.TB, at time.Time, n int64) pricing.UsageRecord {
	t.Helper()
	r, err := pricing.WholeUsageRecord(at, n)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// trueUp returns inv's true-up line, or nil.
func trueUpOf(inv Invoice) *Line {
	for i := range inv.Lines {
		if inv.Lines[i].TrueUp != nil {
			return &inv.Lines[i]
		}
	}
	return nil
}

// The example of Lago's test suite (spec/scenarios/commitments/minimum/in_arrears/
// calendar/monthly_spec.rb in github.com/getlago/lago-api): a monthly plan of 100.00
// billed in arrears, three usage charges of 10 units at 1.00, a commitment of
// 10,000.00. The subscription starts on Feb 28 2024 at 10:00 UTC: the first period
// is 2 of February's 29 days, its minimum 10,000.00 × 2 ÷ 29 = 689.66, its fees the
// plan's prorated 6.90 and 30.00 of usage, the true-up 652.76; the full second
// period's true-up is 10,000.00 − 100.00 − 10.00 = 9,890.00.
func TestCommitmentLagoScenario(t *testing.T) {
	start := time.Date(2024, 2, 28, 10, 0, 0, 0, time.UTC)
	mar, apr := day(2024, 3, 1), day(2024, 4, 1)
	var items []Item
	usage := map[string][]pricing.UsageRecord{}
	for _, id := range []string{"metered", "metered_advance", "advance_recurring"} {
		items = append(items, Item{ID: id, Price: rulePrice(t, id, 100, true, false)})
		usage[id] = []pricing.UsageRecord{rec(t, start.Add(time.Hour), 10)}
	}
	period, _ := proration.NewPeriod(start, mar)
	r := Request{Currency: ruleUSD, Subscription: Subscription{Period: period, Anchor: mar, StartDate: start, Items: items}, Usage: usage,
		Commitment: &Commitment{Amount: usd(1000000), Invoiced: usd(690)}} // the plan's fee in arrears: 100.00 × 2 ÷ 29
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	l := trueUpOf(inv)
	if l == nil || minorOf(t, l.Amount) != 65276 {
		t.Fatalf("lines %v, want a true-up of 652.76", lineAmounts(t, inv))
	}
	if l.TrueUp.Days != 2 || l.TrueUp.PeriodDays != 29 || minorOf(t, l.TrueUp.Minimum) != 68966 || minorOf(t, l.TrueUp.Fees) != 3690 {
		t.Errorf("true-up %+v", *l.TrueUp)
	}
	want := "Minimum commitment 10000.00 USD prorated for a partial period: 2 of the period's 29 days gives 689.65517241… USD.\n" +
		"Rounded to 2 decimal places, half away from zero: 689.65517241… USD becomes 689.66 USD.\n" +
		"Minimum commitment 689.66 USD, fees 36.90 USD, true-up 652.76 USD."
	if got := l.Explanation(); got != want {
		t.Errorf("explanation\n%s\nwant\n%s", got, want)
	}
	if got := l.Description(); got != "Minimum commitment true-up (689.66 USD)" {
		t.Errorf("description %q", got)
	}
	checkSteps(t, "commitment", inv, map[StepKind]bool{})

	period, _ = proration.NewPeriod(mar, apr)
	r.Subscription.Period, r.Subscription.StartDate = period, start
	usage = map[string][]pricing.UsageRecord{"advance_recurring": {rec(t, mar.Add(time.Hour), 10)}}
	r.Usage, r.Commitment = usage, &Commitment{Amount: usd(1000000), Invoiced: usd(10000)}
	inv, err = Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if l := trueUpOf(inv); l == nil || minorOf(t, l.Amount) != 989000 || l.TrueUp.Prorated() {
		t.Fatalf("lines %v, want a full period's true-up of 9,890.00", lineAmounts(t, inv))
	}
	checkSteps(t, "commitment", inv, map[StepKind]bool{})
}

func TestCommitmentRules(t *testing.T) {
	seat := rulePrice(t, "seat", 3000, false, false)
	api := rulePrice(t, "api", 2, true, false) // 0.02 per call
	taxed, _ := NewTaxRate(TaxRateParams{ID: "vat", Percentage: decimal.NewFromInt(20)})
	mk := func(calls int64, c *Commitment) Request {
		r := ruleRequest(t, Item{ID: "si_seat", Price: seat}, Item{ID: "si_api", Price: api})
		r.Usage = map[string][]pricing.UsageRecord{"si_api": {rec(t, ruleStart.Add(time.Hour), calls)}}
		r.Subscription.DefaultTaxRates = []TaxRate{taxed}
		r.Commitment = c
		return r
	}
	for _, c := range []struct {
		name   string
		calls  int64
		c      *Commitment
		change *Changes
		want   string // line amounts
	}{
		{"no commitment (Stripe)", 3200, nil, nil, "[3000 6400]"},
		{"fees of the period below it", 3200, &Commitment{Amount: usd(10000)}, nil, "[3000 6400 3600]"},
		{"the seat billed in advance at the period start counts", 3200, &Commitment{Amount: usd(10000), Invoiced: usd(3000)}, nil, "[3000 6400 600]"},
		{"only the counted items", 3200, &Commitment{Amount: usd(10000), Items: []string{"si_seat"}, Invoiced: usd(3000)}, nil, "[3000 6400 7000]"},
		{"met: no true-up", 500000, &Commitment{Amount: usd(10000)}, nil, "[3000 1000000]"},
		{"cancel at day 15: prorated", 320, &Commitment{Amount: usd(10000), Invoiced: usd(3000)}, &Changes{CancelAt: ruleStart.Add(15 * 24 * time.Hour)}, "[-1500 640 1360]"},
		{"always_invoice closes no period", 3200, &Commitment{Amount: usd(10000)}, &Changes{Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_seat", Quantity: Qty(2)}}}, "[-2000 4000]"},
	} {
		r := mk(c.calls, c.c)
		r.Changes = c.change
		inv, err := Preview(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fmt.Sprint(lineAmounts(t, inv)); got != c.want {
			t.Errorf("%s: lines %s, want %s", c.name, got, c.want)
		}
		if l := trueUpOf(inv); l != nil {
			if len(l.Taxes) != 1 || l.Taxes[0].TaxRate.ID() != "vat" {
				t.Errorf("%s: the true-up is taxed %v, want the subscription's default rates", c.name, l.Taxes)
			}
		}
		checkSteps(t, "commitment", inv, map[StepKind]bool{})
	}
}

func TestCommitmentErrors(t *testing.T) {
	r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "seat", 3000, false, false)})
	for _, c := range []struct {
		name  string
		c     Commitment
		field string
	}{
		{"zero", Commitment{Amount: usd(0)}, "Commitment.Amount"},
		{"another currency", Commitment{Amount: pricing.FromMinor(100, ruleEUR)}, "Commitment.Amount"},
		{"unknown item", Commitment{Amount: usd(100), Items: []string{"nope"}}, "Commitment.Items[0]"},
		{"negative invoiced", Commitment{Amount: usd(100), Invoiced: usd(-1)}, "Commitment.Invoiced"},
	} {
		r.Commitment = &c.c
		_, err := Preview(r)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: got %v, want an error at %s", c.name, err, c.field)
		}
	}
}

// TestCommitmentProperties: a commitment the fees reach changes nothing; one they do
// not reach brings the counted fees up to it exactly; a forecast counts what each
// invoice billed in advance towards the next period's commitment.
func TestCommitmentProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(150))
	props.Property("the true-up brings the fees to the commitment", prop.ForAll(func(unit, calls, amount int64, n int) string {
		r := ruleRequest(t, Item{ID: "si_seat", Price: rulePrice(t, "seat", unit, false, false)}, Item{ID: "si_api", Price: rulePrice(t, "api", 1, true, false)})
		r.Usage = map[string][]pricing.UsageRecord{"si_api": {rec(t, ruleStart.Add(time.Hour), calls)}}
		r.Forecast = n
		without, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		r.Commitment = &Commitment{Amount: usd(amount), Invoiced: usd(unit)}
		with, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		all, base := append([]Invoice{with}, with.Forecast...), append([]Invoice{without}, without.Forecast...)
		if len(all) != len(base) {
			return "the forecasts differ in length"
		}
		for k := range all {
			fees := unit // the seat billed in advance for the period
			for _, l := range base[k].Lines {
				if l.Usage != nil {
					fees += minorOf(t, l.Amount)
				}
			}
			l := trueUpOf(all[k])
			switch {
			case fees >= amount && l != nil:
				return fmt.Sprintf("invoice %d: a true-up with fees %d of %d", k, fees, amount)
			case fees < amount && (l == nil || minorOf(t, l.Amount) != amount-fees):
				return fmt.Sprintf("invoice %d: fees %d of %d, lines %v", k, fees, amount, lineAmounts(t, all[k]))
			}
			if len(all[k].Lines)-len(base[k].Lines) != map[bool]int{true: 1, false: 0}[l != nil] {
				return fmt.Sprintf("invoice %d: other lines changed", k)
			}
		}
		return ""
	}, gen.Int64Range(0, 1e5), gen.Int64Range(0, 1e5), gen.Int64Range(1, 1e6), gen.IntRange(0, 3)))
	props.TestingRun(t)
}
