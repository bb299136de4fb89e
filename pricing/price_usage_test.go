package pricing_test

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
)

var meteredMonth = &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}

func TestUsageModelValidation(t *testing.T) {
	ptr := func(s string) *decimal.Decimal { v := dec(s); return &v }
	pct := func(pc pricing.PercentageCharge) pricing.PriceParams {
		return pricing.PriceParams{Currency: usd(t), Recurring: meteredMonth, Percentage: &pc}
	}
	eur, _ := pricing.ParseCurrency("EUR")
	cases := []struct {
		name  string
		p     pricing.PriceParams
		field string
		want  error
	}{
		{"dynamic licensed", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: &pricing.Recurring{Interval: pricing.Month}}, "Dynamic", pricing.ErrInvalidPrice},
		{"dynamic one-time", pricing.PriceParams{Currency: usd(t), Dynamic: true}, "Dynamic", pricing.ErrInvalidPrice},
		{"dynamic with a unit amount", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth, UnitAmount: dec("1")}, "UnitAmount", pricing.ErrInvalidPrice},
		{"dynamic tiered", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth, BillingScheme: pricing.Tiered, Tiers: []pricing.Tier{{Inf: true}}}, "BillingScheme", pricing.ErrInvalidPrice},
		{"dynamic with a transform", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth, TransformQuantity: &pricing.TransformQuantity{DivideBy: 2}}, "TransformQuantity", pricing.ErrInvalidPrice},
		{"dynamic in two currencies", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth, CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {}}}, "CurrencyOptions", pricing.ErrInvalidPrice},
		{"dynamic and percentage", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth, Percentage: &pricing.PercentageCharge{}}, "Percentage", pricing.ErrInvalidPrice},
		{"dynamic with a bucket", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: &pricing.Recurring{UsageType: pricing.Metered, BucketSize: pricing.BucketHour}}, "Recurring.BucketSize", pricing.ErrInvalidPrice},
		{"percentage with a minimum", pricing.PriceParams{Currency: usd(t), Recurring: meteredMonth, Percentage: &pricing.PercentageCharge{Rate: dec("1")}, Minimum: ptr("1")}, "Minimum", pricing.ErrInvalidPrice},
		{"rate above 100", pct(pricing.PercentageCharge{Rate: dec("100.01")}), "Percentage.Rate", pricing.ErrInvalidPrice},
		{"negative rate", pct(pricing.PercentageCharge{Rate: dec("-1")}), "Percentage.Rate", pricing.ErrInvalidPrice},
		{"negative fee", pct(pricing.PercentageCharge{Rate: dec("1"), FixedAmount: dec("-0.01")}), "Percentage.FixedAmount", pricing.ErrNegativeAmount},
		{"a fee of a tenth of a cent", pct(pricing.PercentageCharge{Rate: dec("1"), FixedAmount: dec("0.001")}), "", nil},
		{"negative free events", pct(pricing.PercentageCharge{Rate: dec("1"), FreeUnitsPerEvents: -1}), "Percentage.FreeUnitsPerEvents", pricing.ErrInvalidPrice},
		{"negative free amount", pct(pricing.PercentageCharge{Rate: dec("1"), FreeUnitsPerTotalAggregation: dec("-1")}), "Percentage.FreeUnitsPerTotalAggregation", pricing.ErrNegativeAmount},
		{"bounds crossed", pct(pricing.PercentageCharge{Rate: dec("1"), PerTransactionMinAmount: ptr("2"), PerTransactionMaxAmount: ptr("1")}), "Percentage.PerTransactionMaxAmount", pricing.ErrInvalidPrice},
		{"bucket on a licensed price", pricing.PriceParams{Currency: usd(t), Recurring: &pricing.Recurring{BucketSize: pricing.BucketDay}}, "Recurring.BucketSize", pricing.ErrInvalidPrice},
		{"bucket with last_ever", pricing.PriceParams{Currency: usd(t), Recurring: &pricing.Recurring{UsageType: pricing.Metered, AggregateUsage: pricing.AggregateLastEver, BucketSize: pricing.BucketDay}}, "Recurring.BucketSize", pricing.ErrInvalidPrice},
		{"unknown bucket", pricing.PriceParams{Currency: usd(t), Recurring: &pricing.Recurring{UsageType: pricing.Metered, BucketSize: 99}}, "Recurring.BucketSize", pricing.ErrInvalidPrice},
		{"a dynamic price", pricing.PriceParams{Currency: usd(t), Dynamic: true, Recurring: meteredMonth}, "", nil},
	}
	for _, c := range cases {
		p, err := pricing.NewPrice(c.p)
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if back, err := pricing.NewPrice(p.Params()); err != nil || !back.Equal(p) {
				t.Errorf("%s: Params does not rebuild the price: %v", c.name, err)
			}
			continue
		}
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v at %s", c.name, err, c.want, c.field)
		}
	}
}

// A percentage price quotes its usage as Lago's percentage charge does; a quantity
// alone is refused (it has no transactions).
func TestPercentagePriceQuoteUsage(t *testing.T) {
	end := aug1.AddDate(0, 1, 0)
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "card", Currency: usd(t), Recurring: meteredMonth,
		Percentage: &pricing.PercentageCharge{Rate: dec("2.5"), FixedAmount: dec("0.30"), FreeUnitsPerEvents: 1}})
	if err != nil {
		t.Fatal(err)
	}
	recs := []pricing.UsageRecord{withAmount(t, aug1.Add(time.Hour), "1", "200"), withAmount(t, aug1, "1", "100"), withAmount(t, aug1.Add(2*time.Hour), "1", "50")}
	u, err := p.AggregateUsage(recs, aug1, end)
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.QuoteUsage(usd(t), u)
	// The first transaction (100, the earliest) is free: 2.5% of 250 + 2 × 0.30 = 6.85,
	// the "first event free" case of TestPercentagePrice.
	if err != nil || q.Amount.Amount().String() != "6.85" || q.Percentage == nil || q.Percentage.Free != 1 {
		t.Fatalf("%v %s", err, q.Amount)
	}
	if _, err := p.Quote(usd(t), dec("350")); !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("Quote of a quantity: %v", err)
	}
	if _, err := p.QuoteUsage(usd(t), pricing.Usage{Quantity: dec("350")}); !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("aggregated usage: %v", err)
	}
	eur, _ := pricing.ParseCurrency("EUR")
	if _, err := p.QuoteUsage(eur, u); !errors.Is(err, pricing.ErrCurrencyUnavailable) {
		t.Errorf("another currency: %v", err)
	}
	if pc, ok := p.Percentage(); !ok || !pc.Rate.Equal(dec("2.5")) {
		t.Error("Percentage")
	}
}

// A dynamic price bills the records' amounts, rounded once (Lago's dynamic spec:
// 0.402 → 0.40).
func TestDynamicPriceQuote(t *testing.T) {
	p, err := pricing.NewPrice(pricing.PriceParams{Currency: usd(t), Recurring: meteredMonth, Dynamic: true})
	if err != nil || !p.IsDynamic() {
		t.Fatal(err)
	}
	u, _ := p.AggregateUsage([]pricing.UsageRecord{withAmount(t, aug1, "20", "0.402")}, aug1, aug1.AddDate(0, 1, 0))
	q, err := p.QuoteUsage(usd(t), u)
	if err != nil || q.Amount.Amount().String() != "0.4" || !q.Exact.Amount().Equal(dec("0.402")) || !q.Dynamic() {
		t.Fatalf("%v %s", err, q.Amount)
	}
	if want := "the amounts carried by the usage records, summed: 0.402 USD\n0.402 USD rounded half away from zero to 0.40 USD"; q.Explain() != want {
		t.Errorf("explanation %q", q.Explain())
	}
}

// With every option at its Stripe value, a price aggregates and quotes usage as
// Aggregate and Quote do.
func TestUsageModelStripeValues(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	end := base.AddDate(0, 1, 0)
	recsGen := gen.SliceOfN(20, gopter.CombineGens(gen.Int64Range(-86400, 32*86400), pricingtest.NonNegativeDecimal(4, 3))).Map(func(vs [][]interface{}) []pricing.UsageRecord {
		out := make([]pricing.UsageRecord, len(vs))
		for i, p := range vs {
			out[i], _ = pricing.NewUsageRecord(base.Add(time.Duration(p[0].(int64))*time.Second), p[1].(decimal.Decimal))
		}
		return out
	})
	aggGen := gen.IntRange(0, int(pricing.AggregateLastEver)).Map(func(v int) pricing.Aggregation { return pricing.Aggregation(v) })
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("AggregateUsage and QuoteUsage are Aggregate and Quote", prop.ForAll(func(recs []pricing.UsageRecord, agg pricing.Aggregation, unit decimal.Decimal) bool {
		p, err := pricing.NewPrice(pricing.PriceParams{Currency: usd(t), UnitAmount: unit, Recurring: &pricing.Recurring{UsageType: pricing.Metered, AggregateUsage: agg}})
		if err != nil {
			return false
		}
		u, err1 := p.AggregateUsage(recs, base, end)
		today, err2 := pricing.Aggregate(recs, base, end, agg)
		q, err3 := p.QuoteUsage(usd(t), u)
		want, err4 := p.Quote(usd(t), today.Quantity)
		return err1 == nil && err2 == nil && err3 == nil && err4 == nil && u.Quantity.Equal(today.Quantity) && u.Records == today.Records &&
			q.Amount.Equal(want.Amount) && q.Explain() == want.Explain() && u.Explain() == today.Explain()
	}, recsGen, aggGen, pricingtest.NonNegativeDecimal(2, 2)))
	props.TestingRun(t)
}

func ExamplePrice_QuoteUsage() {
	usd, _ := pricing.ParseCurrency("USD")
	card, _ := pricing.NewPrice(pricing.PriceParams{ID: "card_fees", Currency: usd,
		Recurring:  &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered},
		Percentage: &pricing.PercentageCharge{Rate: decimal.RequireFromString("2.9"), FixedAmount: decimal.RequireFromString("0.30")}})
	at := time.Date(2024, 5, 3, 10, 0, 0, 0, time.UTC)
	var recs []pricing.UsageRecord
	for i, amount := range []string{"120.00", "35.50"} {
		r, _ := pricing.NewUsageRecordWithAmount(at.Add(time.Duration(i)*time.Hour), decimal.NewFromInt(1), decimal.RequireFromString(amount))
		recs = append(recs, r)
	}
	u, _ := card.AggregateUsage(recs, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	q, _ := card.QuoteUsage(usd, u)
	fmt.Println(q.Explain())
	// Output: 2 transaction(s), 0 free; 2.9% of 155.50 USD + fees 0.60 USD = 5.1095 USD, rounded half-away-from-zero to 5.11 USD
}
