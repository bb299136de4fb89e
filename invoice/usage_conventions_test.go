package invoice_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// usageRequest is a request of one metered item "si_1" of price p for August 2020,
// with the records recs.
func usageRequest(t testing.TB, p pricing.Price, recs ...pricing.UsageRecord) invoice.Request {
	t.Helper()
	aug := time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC)
	period, err := proration.NewPeriod(aug, aug.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	return invoice.Request{Currency: p.Currency(), Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: p}}},
		Usage: map[string][]pricing.UsageRecord{"si_1": recs}}
}

func mustPrice(t testing.TB, pp pricing.PriceParams) pricing.Price {
	t.Helper()
	p, err := pricing.NewPrice(pp)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func amountRecord(t testing.TB, at time.Time, q, amount string) pricing.UsageRecord {
	t.Helper()
	r, err := pricing.NewUsageRecordWithAmount(at, decimal.RequireFromString(q), decimal.RequireFromString(amount))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The metered models of other engines through a preview: each line's amount and
// its percentage step (base × rate ÷ 100 + fees).
func TestUsageConventionsPreview(t *testing.T) {
	usd, _ := pricing.ParseCurrency("USD")
	metered := &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}
	at := time.Date(2020, 8, 3, 0, 0, 0, 0, time.UTC)
	pct := mustPrice(t, pricing.PriceParams{ID: "fees", Currency: usd, Recurring: metered,
		Percentage: &pricing.PercentageCharge{Rate: decimal.RequireFromString("2.5"), FixedAmount: decimal.RequireFromString("0.30")}})
	dyn := mustPrice(t, pricing.PriceParams{ID: "dyn", Currency: usd, Recurring: metered, Dynamic: true})
	inv, err := invoice.Preview(usageRequest(t, pct, amountRecord(t, at, "1", "100"), amountRecord(t, at.Add(time.Hour), "1", "200"), amountRecord(t, at.Add(2*time.Hour), "1", "50")))
	if err != nil {
		t.Fatal(err)
	}
	l := inv.Lines[0]
	if l.Amount.Amount().String() != "9.65" {
		t.Errorf("percentage line %s\n%s", l.Amount, l.Explanation())
	}
	var step *invoice.Step
	steps := l.Steps()
	for i := range steps {
		if steps[i].Kind == invoice.StepPercentage {
			step = &steps[i]
		}
	}
	if step == nil {
		t.Fatalf("no percentage step: %+v", steps)
	}
	base, _ := step.Input("base")
	rate, _ := step.Input("rate")
	fees, _ := step.Input("fees")
	if !step.Result.Equal(base.Mul(rate).Shift(-2).Add(fees)) || !step.Result.Equal(decimal.RequireFromString("9.65")) {
		t.Errorf("percentage step %+v", step)
	}
	inv, err = invoice.Preview(usageRequest(t, dyn, amountRecord(t, at, "20", "0.402")))
	if err != nil || inv.Lines[0].Amount.Amount().String() != "0.4" {
		t.Errorf("dynamic line: %v %v", err, inv.Lines)
	}
}

func TestUsageConventionsRefused(t *testing.T) {
	usd, _ := pricing.ParseCurrency("USD")
	metered := &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}
	at := time.Date(2020, 8, 3, 0, 0, 0, 0, time.UTC)
	dyn := mustPrice(t, pricing.PriceParams{ID: "dyn", Currency: usd, Recurring: metered, Dynamic: true})
	pct := mustPrice(t, pricing.PriceParams{ID: "pct", Currency: usd, Recurring: metered, Percentage: &pricing.PercentageCharge{Rate: decimal.NewFromInt(1)}})
	hourly := mustPrice(t, pricing.PriceParams{ID: "hourly", Currency: usd, UnitAmount: decimal.NewFromInt(1),
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered, AggregateUsage: pricing.AggregateMax, BucketSize: pricing.BucketDay}})
	plain, _ := pricing.WholeUsageRecord(at, 1)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no zone database")
	}
	cases := []struct {
		name  string
		req   invoice.Request
		field string
		want  error
	}{
		{"dynamic record without an amount", usageRequest(t, dyn, amountRecord(t, at, "1", "1"), plain), "Usage[si_1][1].Amount", pricing.ErrInvalidPrice},
		{"aggregated usage of a dynamic price", func() invoice.Request {
			r := usageRequest(t, dyn)
			r.AggregatedUsage = map[string]decimal.Decimal{"si_1": decimal.NewFromInt(3)}
			return r
		}(), "AggregatedUsage[si_1]", invoice.ErrInvalidRequest},
		{"aggregated usage of a percentage price", func() invoice.Request {
			r := usageRequest(t, pct)
			r.AggregatedUsage = map[string]decimal.Decimal{"si_1": decimal.NewFromInt(3)}
			return r
		}(), "AggregatedUsage[si_1]", invoice.ErrInvalidRequest},
		{"buckets with a time zone", func() invoice.Request {
			r := usageRequest(t, hourly, plain)
			r.Proration, r.Convention = proration.ByDay, proration.Convention{Granularity: proration.ByDay, Location: paris}
			return r
		}(), "Subscription.Items[0].Price.Recurring.BucketSize", invoice.ErrConflict},
	}
	for _, c := range cases {
		_, err := invoice.Preview(c.req)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v at %s", c.name, err, c.want, c.field)
		}
	}
}

// Lago bills card fees as a percentage of each transaction plus a fixed fee; the
// usage records carry the transactions' amounts.
func Example_percentagePrice() {
	usd, _ := pricing.ParseCurrency("USD")
	fees, _ := pricing.NewPrice(pricing.PriceParams{ID: "card_fees", Product: pricing.Product{Name: "Card fees"}, Currency: usd,
		Recurring:  &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered},
		Percentage: &pricing.PercentageCharge{Rate: decimal.RequireFromString("2.9"), FixedAmount: decimal.RequireFromString("0.30")}})
	aug := time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(aug, aug.AddDate(0, 1, 0))
	var recs []pricing.UsageRecord
	for i, amount := range []string{"120.00", "35.50"} {
		r, _ := pricing.NewUsageRecordWithAmount(aug.Add(time.Duration(i+1)*time.Hour), decimal.NewFromInt(1), decimal.RequireFromString(amount))
		recs = append(recs, r)
	}
	inv, err := invoice.Preview(invoice.Request{Currency: usd, Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_fees", Price: fees}}},
		Usage: map[string][]pricing.UsageRecord{"si_fees": recs}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Lines[0].Description() + ": " + inv.Lines[0].Amount.String())
	// Output: Card fees: 2.9% + 0.30 USD per transaction, 2 transaction(s) totalling 155.50 USD: 5.11 USD
}
