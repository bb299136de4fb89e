package pricing

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// An empty period [t, t) is valid and holds no record; last_ever still gives the last
// record before it. An end before the start is refused.
func TestAggregateEmptyAndReversedPeriods(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rec := func(offset time.Duration, q int64) UsageRecord {
		r, err := WholeUsageRecord(at.Add(offset), q)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	recs := []UsageRecord{rec(-2*time.Hour, 7), rec(-time.Hour, 3), rec(0, 11), rec(time.Hour, 5)}
	cases := []struct {
		name       string
		start, end time.Time
		agg        Aggregation
		quantity   int64
		records    int
	}{
		{"sum, empty", at, at, AggregateSum, 0, 0},
		{"max, empty", at, at, AggregateMax, 0, 0},
		{"last during period, empty", at, at, AggregateLastDuringPeriod, 0, 0},
		{"last ever, empty: the last record before start", at, at, AggregateLastEver, 3, 1},
		{"last ever, empty before every record", at.Add(-3 * time.Hour), at.Add(-3 * time.Hour), AggregateLastEver, 0, 0},
		{"sum, one hour", at, at.Add(time.Hour), AggregateSum, 11, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, err := Aggregate(recs, c.start, c.end, c.agg)
			if err != nil {
				t.Fatal(err)
			}
			if !u.Quantity.Equal(decimal.NewFromInt(c.quantity)) || u.Records != c.records {
				t.Errorf("quantity %s from %d records, want %d from %d", u.Quantity, u.Records, c.quantity, c.records)
			}
			if !u.Start.Equal(c.start) || !u.End.Equal(c.end) || u.Aggregation != c.agg {
				t.Errorf("usage %+v does not carry its period and aggregation", u)
			}
		})
	}
	for _, agg := range []Aggregation{AggregateSum, AggregateMax, AggregateLastDuringPeriod, AggregateLastEver} {
		if _, err := Aggregate(recs, at, at.Add(-time.Second), agg); !errors.Is(err, ErrInvalidInterval) {
			t.Errorf("%s: end before start: %v, want ErrInvalidInterval", agg, err)
		}
	}
}
