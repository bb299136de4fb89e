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

func whole(t testing.TB, at time.Time, n int64) pricing.UsageRecord {
	t.Helper()
	r, err := pricing.WholeUsageRecord(at, n)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Flexprice's bucketed meters: a MAX meter with a bucket_size takes the largest
// value of each bucket and sums the buckets (the meter's aggregation in
// internal/repository/clickhouse/aggregators.go in github.com/flexprice/flexprice:
// toStartOfHour, toStartOfDay, toStartOfWeek mode 0 in UTC; and the bucketed MAX of
// https://docs.flexprice.io/docs/product-catalogue/features/aggregation/max).
func TestAggregateBuckets(t *testing.T) {
	end := aug1.AddDate(0, 1, 0)
	h := func(hours float64) time.Time { return aug1.Add(time.Duration(hours * float64(time.Hour))) }
	recs := []pricing.UsageRecord{
		whole(t, h(0), 5), whole(t, h(0.5), 3), // hour 0: max 5, latest 3
		whole(t, h(1), 7),                     // exactly at 01:00: hour 1
		whole(t, h(1.99), 2),                  // hour 1
		whole(t, h(25), 4),                    // day 2, hour 1
		whole(t, aug1.Add(-time.Second), 100), // before the period
		whole(t, end, 100),                    // at the end: not counted
	}
	cases := []struct {
		agg     pricing.Aggregation
		bucket  pricing.Bucket
		want    int64
		buckets int
	}{
		{pricing.AggregateMax, pricing.BucketHour, 5 + 7 + 4, 3},
		{pricing.AggregateMax, pricing.Bucket30Min, 5 + 3 + 7 + 2 + 4, 5},
		{pricing.AggregateMax, pricing.BucketDay, 7 + 4, 2},
		{pricing.AggregateMax, pricing.Bucket3Hour, 7 + 4, 2},
		{pricing.AggregateLastDuringPeriod, pricing.BucketHour, 3 + 2 + 4, 3},
		{pricing.AggregateSum, pricing.BucketHour, 5 + 3 + 7 + 2 + 4, 3},
		{pricing.AggregateMax, pricing.BucketWeek, 7 + 4, 2}, // Saturday 08-01 and Sunday 08-02 are in two weeks
		{pricing.AggregateMax, pricing.NoBucket, 7, 0},
	}
	for _, c := range cases {
		u, err := pricing.AggregateBuckets(recs, aug1, end, c.agg, c.bucket)
		if err != nil || !u.Quantity.Equal(decimal.NewFromInt(c.want)) || u.Buckets != c.buckets || u.Records != 5 {
			t.Errorf("%s per %s: %v %s over %d buckets (%d records), want %d over %d", c.agg, c.bucket, err, u.Quantity, u.Buckets, u.Records, c.want, c.buckets)
		}
	}
	if _, err := pricing.AggregateBuckets(recs, aug1, end, pricing.AggregateLastEver, pricing.BucketHour); !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("last_ever with a bucket: %v", err)
	}
	// Before 1970 a bucket still starts at a whole UTC hour.
	old := time.Date(1969, 12, 31, 22, 30, 0, 0, time.UTC)
	u, _ := pricing.AggregateBuckets([]pricing.UsageRecord{whole(t, old, 1), whole(t, old.Add(20*time.Minute), 2), whole(t, old.Add(40*time.Minute), 3)}, old.Add(-time.Hour), old.Add(time.Hour), pricing.AggregateMax, pricing.BucketHour)
	if !u.Quantity.Equal(decimal.NewFromInt(2+3)) || u.Buckets != 2 {
		t.Errorf("before 1970: %s over %d", u.Quantity, u.Buckets)
	}
}

func TestParseBucket(t *testing.T) {
	for b := pricing.BucketMinute; b <= pricing.BucketWeek; b++ {
		got, err := pricing.ParseBucket(b.String())
		if err != nil || got != b {
			t.Errorf("%s: %v %v", b, got, err)
		}
	}
	if b, err := pricing.ParseBucket("HOUR"); err != nil || b != pricing.BucketHour {
		t.Errorf("HOUR: %v %v", b, err)
	}
	for _, s := range []string{"", "MONTH", "month", "2hour", "hours"} {
		if _, err := pricing.ParseBucket(s); !errors.Is(err, pricing.ErrInvalidPrice) {
			t.Errorf("%q: %v", s, err)
		}
	}
}

func FuzzParseBucket(f *testing.F) {
	for _, s := range []string{"hour", "15MIN", "day", "week", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := pricing.ParseBucket(s)
		if err != nil {
			if !errors.Is(err, pricing.ErrInvalidPrice) {
				t.Fatal(err)
			}
			return
		}
		if b.Size() <= 0 || b.Size()%time.Minute != 0 {
			t.Fatalf("%q: bucket %v of %v", s, b, b.Size())
		}
	})
}

// The buckets' values equal a naive recomputation: each record's bucket found by
// truncating its UTC time, each bucket aggregated on its own; summing by buckets is
// the plain sum; without a bucket it is Aggregate (Stripe).
func TestAggregateBucketsProperties(t *testing.T) {
	base := time.Date(2024, 3, 30, 20, 0, 0, 0, time.UTC)
	recsGen := gen.SliceOfN(40, gopter.CombineGens(gen.Int64Range(0, 20*86400), gen.Int64Range(0, 50))).Map(func(vs [][]interface{}) []pricing.UsageRecord {
		out := make([]pricing.UsageRecord, len(vs))
		for i, p := range vs {
			out[i], _ = pricing.WholeUsageRecord(base.Add(time.Duration(p[0].(int64))*time.Second), p[1].(int64))
		}
		return out
	})
	bucketGen := gen.IntRange(int(pricing.BucketMinute), int(pricing.BucketWeek)).Map(func(v int) pricing.Bucket { return pricing.Bucket(v) })
	aggGen := gen.IntRange(0, int(pricing.AggregateLastDuringPeriod)).Map(func(v int) pricing.Aggregation { return pricing.Aggregation(v) })
	start, end := base.Add(3*time.Hour+17*time.Minute), base.Add(17*24*time.Hour)
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("bucket sums equal a naive recomputation", prop.ForAll(func(recs []pricing.UsageRecord, b pricing.Bucket, agg pricing.Aggregation) bool {
		u, err := pricing.AggregateBuckets(recs, start, end, agg, b)
		if err != nil {
			return false
		}
		type acc struct {
			v decimal.Decimal
			t time.Time
		}
		naive := map[time.Time]*acc{}
		for _, r := range recs {
			if r.Timestamp().Before(start) || !r.Timestamp().Before(end) {
				continue
			}
			k := r.Timestamp().UTC().Truncate(b.Size())
			if b == pricing.BucketWeek { // the Sunday at or before, at midnight
				d := r.Timestamp().UTC()
				k = time.Date(d.Year(), d.Month(), d.Day()-int(d.Weekday()), 0, 0, 0, 0, time.UTC)
			}
			a := naive[k]
			switch {
			case a == nil:
				naive[k] = &acc{r.Quantity(), r.Timestamp()}
			case agg == pricing.AggregateSum:
				a.v = a.v.Add(r.Quantity())
			case agg == pricing.AggregateMax && r.Quantity().GreaterThan(a.v):
				a.v = r.Quantity()
			case agg == pricing.AggregateLastDuringPeriod && !r.Timestamp().Before(a.t):
				a.v, a.t = r.Quantity(), r.Timestamp()
			}
		}
		sum := decimal.Zero
		for _, a := range naive {
			sum = sum.Add(a.v)
		}
		return u.Quantity.Equal(sum) && u.Buckets == len(naive)
	}, recsGen, bucketGen, aggGen))
	props.Property("summed per bucket is the plain sum; no bucket is Aggregate", prop.ForAll(func(recs []pricing.UsageRecord, b pricing.Bucket, agg pricing.Aggregation) bool {
		bucketed, err1 := pricing.AggregateBuckets(recs, start, end, pricing.AggregateSum, b)
		plain, err2 := pricing.Aggregate(recs, start, end, pricing.AggregateSum)
		none, err3 := pricing.AggregateBuckets(recs, start, end, agg, pricing.NoBucket)
		today, err4 := pricing.Aggregate(recs, start, end, agg)
		return err1 == nil && err2 == nil && err3 == nil && err4 == nil && bucketed.Quantity.Equal(plain.Quantity) &&
			none.Quantity.Equal(today.Quantity) && none.Records == today.Records && none.Buckets == 0
	}, recsGen, bucketGen, aggGen))
	props.Property("per-bucket max is at least the period's max and at most the sum", prop.ForAll(func(recs []pricing.UsageRecord, b pricing.Bucket) bool {
		u, _ := pricing.AggregateBuckets(recs, start, end, pricing.AggregateMax, b)
		mx, _ := pricing.Aggregate(recs, start, end, pricing.AggregateMax)
		sum, _ := pricing.Aggregate(recs, start, end, pricing.AggregateSum)
		return !u.Quantity.LessThan(mx.Quantity) && !u.Quantity.GreaterThan(sum.Quantity)
	}, recsGen, bucketGen))
	props.TestingRun(t)
}

func ExampleAggregateBuckets() {
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	var recs []pricing.UsageRecord
	for i, n := range []int64{5, 3, 7, 2} { // 09:00, 09:20, 09:40 and 10:00
		r, _ := pricing.WholeUsageRecord(at.Add(time.Duration(i)*20*time.Minute), n)
		recs = append(recs, r)
	}
	u, _ := pricing.AggregateBuckets(recs, at, at.Add(24*time.Hour), pricing.AggregateMax, pricing.BucketHour)
	fmt.Println(u.Explain())
	// Output: usage 9: max per hour bucket (UTC), summed over 2 bucket(s), of 4 records from 01 May 2024 09:00 UTC to 02 May 2024 09:00 UTC
}
