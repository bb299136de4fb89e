package pricing_test

import (
	"errors"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func signed(t testing.TB, at time.Time, q string) pricing.UsageRecord {
	t.Helper()
	r, err := pricing.NewSignedUsageRecord(at, dec(q))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAggregateProratedLagoSpec uses the numbers of
// spec/services/billable_metrics/prorated_aggregations/sum_service_spec.rb in
// github.com/getlago/lago-api: a recurring sum billed from 2023-05-01 to 2023-05-31
// (31 days), two events of 2.5 from before the period carried in.
func TestAggregateProratedLagoSpec(t *testing.T) {
	may1, jun1 := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	old := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	base := []pricing.UsageRecord{signed(t, old, "2.5"), signed(t, old, "2.5"), signed(t, may1.AddDate(0, 0, 25), "12"), signed(t, may1.AddDate(0, 0, 25), "12")}
	tests := []struct {
		name    string
		records []pricing.UsageRecord
		period  pricing.ProratedPeriod
		want    string
	}{
		{"aggregates the events: 5 + 12×6/31 + 12×6/31", base, pricing.ProratedPeriod{Start: may1, End: jun1}, "9.64517"},
		{"an event out of bounds", append(base[:2:2], signed(t, jun1, "12")), pricing.ProratedPeriod{Start: may1, End: jun1}, "5"},
		{"a float property on the last day", append(base[:4:4], signed(t, may1.AddDate(0, 0, 30), "4.5")), pricing.ProratedPeriod{Start: may1, End: jun1}, "9.79033"},
		{"filters: 8 and 12 on the last day", []pricing.UsageRecord{signed(t, may1.AddDate(0, 0, 30), "8"), signed(t, may1.AddDate(0, 0, 30), "12")}, pricing.ProratedPeriod{Start: may1, End: jun1}, "0.64517"},
		{"a range from the 15th: 5 × 17/31", base[:2], pricing.ProratedPeriod{Start: may1.AddDate(0, 0, 14), End: jun1, PeriodStart: may1, PeriodEnd: jun1}, "2.74194"},
		{"no units", nil, pricing.ProratedPeriod{Start: may1, End: jun1}, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := pricing.AggregateProrated(tc.records, tc.period)
			if err != nil {
				t.Fatal(err)
			}
			if !u.Quantity.Equal(dec(tc.want)) {
				t.Errorf("prorated units %s, want %s", u.Quantity, tc.want)
			}
		})
	}
}

// The brief's example: 3 seats all August, 1 more from 11 Aug (21 of 31 days),
// priced at 10 USD a seat and in volume tiers chosen by the full units (4).
func TestProratedSeats(t *testing.T) {
	usd := cur(t, "usd")
	aug, sep := time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
	recs := []pricing.UsageRecord{signed(t, aug.AddDate(0, 0, -3), "3"), signed(t, aug.AddDate(0, 0, 10).Add(15*time.Hour), "1")}
	rec := &pricing.Recurring{UsageType: pricing.Metered, Prorated: true}
	per, err := pricing.NewPrice(pricing.PriceParams{Currency: usd, UnitAmount: dec("10"), Recurring: rec})
	if err != nil {
		t.Fatal(err)
	}
	u, err := per.AggregateUsage(recs, aug, sep)
	if err != nil {
		t.Fatal(err)
	}
	if !u.Quantity.Equal(dec("3.67742")) || !u.Prorated.Full.Equal(dec("4")) || len(u.Prorated.Changes) != 2 || u.Prorated.Changes[1].Days != 21 {
		t.Fatalf("usage %s, full %s, changes %+v", u.Quantity, u.Prorated.Full, u.Prorated.Changes)
	}
	q, err := per.QuoteUsage(usd, u)
	if err != nil || !q.Amount.Amount().Equal(dec("36.77")) {
		t.Errorf("per unit: %v %v", q.Amount, err)
	}
	vol, err := pricing.NewPrice(pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, TiersMode: pricing.Volume, Recurring: rec,
		Tiers: []pricing.Tier{{UpTo: dec("3"), UnitAmount: dec("10")}, {Inf: true, UnitAmount: dec("8"), FlatAmount: dec("5")}}})
	if err != nil {
		t.Fatal(err)
	}
	q, err = vol.QuoteUsage(usd, u)
	if err != nil || !q.Exact.Amount().Equal(dec("34.41936")) { // 3.67742 × 8 + 5
		t.Errorf("volume: %v %v", q.Exact, err)
	}
	// In Europe/Paris, over Paris's August, the record of 23:30 UTC on 10 Aug is
	// on 11 Aug; the same period's UTC bounds would span 32 Paris days.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	late := []pricing.UsageRecord{recs[0], signed(t, aug.AddDate(0, 0, 9).Add(23*time.Hour+30*time.Minute), "1")}
	pAug, pSep := time.Date(2024, 8, 1, 0, 0, 0, 0, paris), time.Date(2024, 9, 1, 0, 0, 0, 0, paris)
	pu, err := pricing.AggregateProrated(late, pricing.ProratedPeriod{Start: pAug, End: pSep, Location: paris})
	if err != nil || pu.Prorated.PeriodDays != 31 || pu.Prorated.Changes[1].Days != 21 || !pu.Quantity.Equal(dec("3.67742")) {
		t.Errorf("Paris: %+v %v", pu.Prorated, err)
	}
	if utc, _ := pricing.AggregateProrated(late, pricing.ProratedPeriod{Start: aug, End: sep}); utc.Prorated.Changes[1].Days != 22 {
		t.Errorf("UTC: %+v", utc.Prorated)
	}
	if pu, _ = pricing.AggregateProrated(recs, pricing.ProratedPeriod{Start: aug, End: sep, Location: paris}); pu.Prorated.PeriodDays != 32 {
		t.Errorf("Paris: %+v %v", pu.Prorated, err)
	}
}

func TestProratedRefusals(t *testing.T) {
	usd := cur(t, "usd")
	neg := signed(t, aug1, "-1")
	if _, err := pricing.Aggregate([]pricing.UsageRecord{neg}, aug1, aug1.AddDate(0, 1, 0), pricing.AggregateSum); !errors.Is(err, pricing.ErrNegativeQuantity) {
		t.Errorf("a negative record summed: %v", err)
	}
	if _, err := pricing.AggregateBuckets([]pricing.UsageRecord{neg}, aug1, aug1.AddDate(0, 1, 0), pricing.AggregateMax, pricing.BucketDay); !errors.Is(err, pricing.ErrNegativeQuantity) {
		t.Errorf("a negative record bucketed: %v", err)
	}
	if _, err := pricing.AggregateProrated([]pricing.UsageRecord{signed(t, aug1, "1"), signed(t, aug1.Add(time.Hour), "-2")}, pricing.ProratedPeriod{Start: aug1, End: aug1.AddDate(0, 1, 0)}); !errors.Is(err, pricing.ErrNegativeQuantity) {
		t.Errorf("removing more than present: %v", err)
	}
	if _, err := pricing.NewUsageRecord(aug1, dec("-1")); !errors.Is(err, pricing.ErrNegativeQuantity) {
		t.Errorf("NewUsageRecord took a negative: %v", err)
	}
	bad := []struct {
		name  string
		p     pricing.PriceParams
		field string
	}{
		{"licensed", pricing.PriceParams{Recurring: &pricing.Recurring{Prorated: true}}, "Recurring.Prorated"},
		{"max", pricing.PriceParams{Recurring: &pricing.Recurring{UsageType: pricing.Metered, AggregateUsage: pricing.AggregateMax, Prorated: true}}, "Recurring.AggregateUsage"},
		{"package", pricing.PriceParams{TransformQuantity: &pricing.TransformQuantity{DivideBy: 5}, Recurring: &pricing.Recurring{UsageType: pricing.Metered, Prorated: true}}, "TransformQuantity"},
		{"dynamic", pricing.PriceParams{Dynamic: true, Recurring: &pricing.Recurring{UsageType: pricing.Metered, Prorated: true}}, "Recurring.Prorated"},
	}
	for _, tc := range bad {
		tc.p.Currency = usd
		_, err := pricing.NewPrice(tc.p)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, pricing.ErrInvalidPrice) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// Laws: prorated units never exceed the full units' sum of the same records
// (each weight ≤ 1); a unit present all period counts as one; with no record
// within the period, prorated units equal the carried units; and the prorated
// amount of a graduated price is at most its unprorated amount of the same units.
func TestProratedProperties(t *testing.T) {
	usd := cur(t, "usd")
	start, end := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	recsGen := gen.SliceOfN(20, gopter.CombineGens(gen.Int64Range(-40*86400, 29*86400-1), gen.Int64Range(0, 30))).Map(func(vs [][]interface{}) []pricing.UsageRecord {
		out := make([]pricing.UsageRecord, len(vs))
		for i, p := range vs {
			out[i], _ = pricing.NewSignedUsageRecord(start.Add(time.Duration(p[0].(int64))*time.Second), decimal.NewFromInt(p[1].(int64)))
		}
		return out
	})
	tiers := []pricing.Tier{{UpTo: dec("10"), UnitAmount: dec("3"), FlatAmount: dec("7")}, {UpTo: dec("40"), UnitAmount: dec("2")}, {Inf: true, UnitAmount: dec("1"), FlatAmount: dec("4")}}
	pro, err := pricing.NewPrice(pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, Tiers: tiers, Recurring: &pricing.Recurring{UsageType: pricing.Metered, Prorated: true}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := pricing.NewPrice(pricing.PriceParams{Currency: usd, BillingScheme: pricing.Tiered, Tiers: tiers, Recurring: &pricing.Recurring{UsageType: pricing.Metered}})
	if err != nil {
		t.Fatal(err)
	}
	props := gopter.NewProperties(pricingtest.Parameters(200))
	props.Property("prorated ≤ full, graduated amount ≤ unprorated", prop.ForAll(func(recs []pricing.UsageRecord) bool {
		u, err := pricing.AggregateProrated(recs, pricing.ProratedPeriod{Start: start, End: end})
		if err != nil {
			return false
		}
		q, err := pro.QuoteUsage(usd, u)
		if err != nil {
			return false
		}
		full, err := plain.Quote(usd, u.Prorated.Full)
		return err == nil && u.Prorated.Exact.LessThanOrEqual(u.Prorated.Full) && q.Exact.Amount().LessThanOrEqual(full.Exact.Amount())
	}, recsGen))
	props.Property("carried units only: prorated = unprorated", prop.ForAll(func(recs []pricing.UsageRecord) bool {
		var before []pricing.UsageRecord
		sum := decimal.Zero
		for _, r := range recs {
			if r.Timestamp().Before(start) {
				before, sum = append(before, r), sum.Add(r.Quantity())
			}
		}
		u, err := pricing.AggregateProrated(before, pricing.ProratedPeriod{Start: start, End: end})
		return err == nil && u.Quantity.Equal(sum) && u.Prorated.Full.Equal(sum)
	}, recsGen))
	props.Property("a unit from the first day counts as one", prop.ForAll(func(sec int64) bool {
		r, _ := pricing.NewSignedUsageRecord(start.Add(time.Duration(sec)*time.Second), decimal.NewFromInt(1))
		u, err := pricing.AggregateProrated([]pricing.UsageRecord{r}, pricing.ProratedPeriod{Start: start, End: end})
		return err == nil && u.Quantity.Equal(decimal.NewFromInt(1))
	}, gen.Int64Range(0, 86399)))
	props.TestingRun(t)
}

func FuzzAggregateProrated(f *testing.F) {
	f.Add("3", "-1", int64(0), int64(10*86400), int64(40))
	f.Add("0.5", "-0.25", int64(-86400), int64(86399), int64(1))
	start := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, a, b string, ta, tb int64, days int64) {
		qa, err1 := decimal.NewFromString(a)
		qb, err2 := decimal.NewFromString(b)
		if err1 != nil || err2 != nil || days < 0 || days > 2000 || ta < -1e9 || ta > 1e9 || tb < -1e9 || tb > 1e9 {
			return
		}
		ra, err := pricing.NewSignedUsageRecord(start.Add(time.Duration(ta)*time.Second), qa)
		if err != nil {
			return
		}
		rb, err := pricing.NewSignedUsageRecord(start.Add(time.Duration(tb)*time.Second), qb)
		if err != nil {
			return
		}
		if !ra.Quantity().Equal(qa) {
			t.Fatalf("record %s of %s", ra.Quantity(), qa)
		}
		u, err := pricing.AggregateProrated([]pricing.UsageRecord{ra, rb}, pricing.ProratedPeriod{Start: start, End: start.Add(time.Duration(days) * 24 * time.Hour)})
		if err != nil {
			if !errors.Is(err, pricing.ErrNegativeQuantity) && !errors.Is(err, pricing.ErrInvalidInterval) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if u.Quantity.Sign() < 0 || u.Prorated.Exact.GreaterThan(u.Prorated.Max) {
			t.Fatalf("prorated %s of at most %s units", u.Prorated.Exact, u.Prorated.Max)
		}
	})
}
