package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// Bucket is a time bucket usage is aggregated in before the buckets' values are
// summed: Flexprice's bucketed meters (a meter's aggregation with a bucket_size,
// e.g. the largest value of each hour, the hours added up:
// https://docs.flexprice.io/docs/product-catalogue/features/metered-feature and
// internal/repository/clickhouse/aggregators.go in github.com/flexprice/flexprice).
// Buckets are aligned on UTC: a bucket of an hour starts at a whole UTC hour, of a
// day at UTC midnight, of a week at Sunday midnight (Flexprice buckets in the
// customer's time zone when one is set; pricekit's buckets are UTC only).
// The zero value, [NoBucket], aggregates the period as one (Stripe).
type Bucket uint8

const (
	// NoBucket aggregates the whole period at once (the default; Stripe).
	NoBucket Bucket = iota
	// BucketMinute is a UTC minute.
	BucketMinute
	// Bucket15Min is a quarter of a UTC hour (:00, :15, :30, :45).
	Bucket15Min
	// Bucket30Min is half a UTC hour.
	Bucket30Min
	// BucketHour is a UTC hour.
	BucketHour
	// Bucket3Hour is 3 hours from UTC midnight (00:00, 03:00, …).
	Bucket3Hour
	// Bucket6Hour is 6 hours from UTC midnight.
	Bucket6Hour
	// Bucket12Hour is 12 hours from UTC midnight.
	Bucket12Hour
	// BucketDay is a UTC day, midnight to midnight.
	BucketDay
	// BucketWeek is a UTC week from Sunday midnight (Flexprice's WEEK, ClickHouse's
	// toStartOfWeek in its default mode 0, whose weeks start on Sunday).
	BucketWeek
)

var bucketNames = [...]string{"", "minute", "15min", "30min", "hour", "3hour", "6hour", "12hour", "day", "week"}

var bucketSizes = [...]time.Duration{0, time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// String returns the bucket's name, Flexprice's bucket_size in lower case ("hour",
// "15min", "day"), or "" for [NoBucket].
func (b Bucket) String() string {
	if int(b) < len(bucketNames) {
		return bucketNames[b]
	}
	return fmt.Sprintf("Bucket(%d)", uint8(b))
}

// Size returns the bucket's length (0 for [NoBucket]).
func (b Bucket) Size() time.Duration {
	if int(b) < len(bucketSizes) {
		return bucketSizes[b]
	}
	return 0
}

// ParseBucket parses a bucket name in any case: minute, 15min, 30min, hour, 3hour,
// 6hour, 12hour, day or week (Flexprice's MINUTE … WEEK). Flexprice's MONTH is
// refused: a calendar month is not a fixed length.
func ParseBucket(s string) (Bucket, error) {
	for i := 1; i < len(bucketNames); i++ {
		if len(s) == len(bucketNames[i]) && equalFold(s, bucketNames[i]) {
			return Bucket(i), nil
		}
	}
	return 0, fmt.Errorf("%w: bucket %q (want minute, 15min, 30min, hour, 3hour, 6hour, 12hour, day or week)", ErrInvalidPrice, text.Truncate(s, 24))
}

// equalFold reports whether s equals the lower-case ASCII name n in any case.
func equalFold(s, n string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != n[i] {
			return false
		}
	}
	return true
}

// AggregateBuckets computes the usage of [start, end) in buckets: the records of
// each bucket aggregated by agg, then the buckets' values added. A bucket is
// [k × size, (k+1) × size) on UTC (a bucket cut by start or end keeps only the
// period's records). With [NoBucket] it is [Aggregate]. agg is [AggregateSum] (the
// same total as without buckets), [AggregateMax] or [AggregateLastDuringPeriod];
// [AggregateLastEver] looks outside the period and is refused with a bucket.
// Records of one instant: for last_during_period the later in the slice wins.
func AggregateBuckets(records []UsageRecord, start, end time.Time, agg Aggregation, bucket Bucket) (Usage, error) {
	if bucket == NoBucket {
		return Aggregate(records, start, end, agg)
	}
	u := Usage{Aggregation: agg, Start: start, End: end, Quantity: decimal.Zero, Bucket: bucket}
	size := bucket.Size()
	if size == 0 {
		return u, fmt.Errorf("bucket %d: %w", bucket, ErrInvalidPrice)
	}
	if agg > AggregateLastDuringPeriod {
		return u, fmt.Errorf("%w: aggregate_usage %s with a bucket (want sum, max or last_during_period)", ErrInvalidPrice, agg)
	}
	if err := checkPeriod(records, start, end); err != nil {
		return u, err
	}
	type acc struct {
		best int // index of the max or last record
		sum  decimal.Decimal
	}
	buckets := make(map[int64]*acc)
	order := make([]int64, 0, 16)
	for i := range records {
		r := &records[i]
		if !r.inPeriod(start, end) {
			continue
		}
		if r.negative() {
			return Usage{Aggregation: agg, Start: start, End: end, Quantity: decimal.Zero, Bucket: bucket}, refuseNegative(r, i)
		}
		u.Records++
		k := bucketOf(r.timestamp, size)
		a := buckets[k]
		if a == nil {
			a = &acc{best: i, sum: decimal.Zero}
			buckets[k] = a
			order = append(order, k)
			if agg == AggregateSum {
				a.sum = r.Quantity()
			}
			continue
		}
		switch agg {
		case AggregateSum:
			a.sum = a.sum.Add(r.Quantity())
		case AggregateMax:
			if greater(r, &records[a.best]) {
				a.best = i
			}
		default:
			if !r.timestamp.Before(records[a.best].timestamp) {
				a.best = i
			}
		}
	}
	for _, k := range order {
		a := buckets[k]
		if agg == AggregateSum {
			u.Quantity = u.Quantity.Add(a.sum)
		} else {
			u.Quantity = u.Quantity.Add(records[a.best].Quantity())
		}
	}
	u.Buckets = len(order)
	return u, nil
}

// bucketOf returns the number of the UTC bucket of length size that t falls in:
// ⌊(t − origin) ÷ size⌋, counted in whole seconds so that no instant overflows; the
// origin is the Unix epoch, or for weeks the Sunday before it (1969-12-28).
func bucketOf(t time.Time, size time.Duration) int64 {
	sec := t.Unix()
	if size == 7*24*time.Hour {
		sec += 4 * 86400 // 1970-01-01 was a Thursday, four days after a Sunday
	}
	per := int64(size / time.Second) // every bucket is a whole number of seconds
	k := sec / per
	if sec%per < 0 {
		k-- // floor, not truncation, before 1970; ns < 1 s never crosses a bucket
	}
	return k
}
