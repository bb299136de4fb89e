package pricing

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Aggregation says how a metered price turns a period's usage records into a quantity.
type Aggregation uint8

const (
	// AggregateSum adds the quantities of the period's records (the default).
	AggregateSum Aggregation = iota
	// AggregateMax takes the largest quantity of the period's records.
	AggregateMax
	// AggregateLastDuringPeriod takes the quantity of the period's latest record.
	AggregateLastDuringPeriod
	// AggregateLastEver takes the quantity of the latest record before the period's
	// end, even one from an earlier period.
	AggregateLastEver
)

var aggregationNames = [...]string{"sum", "max", "last_during_period", "last_ever"}

// String returns the Stripe name ("sum", "max", "last_during_period", "last_ever").
func (a Aggregation) String() string {
	if int(a) < len(aggregationNames) {
		return aggregationNames[a]
	}
	return fmt.Sprintf("Aggregation(%d)", uint8(a))
}

// ParseAggregation parses a Stripe aggregate_usage name.
func ParseAggregation(s string) (Aggregation, error) {
	for i, n := range aggregationNames {
		if n == s {
			return Aggregation(i), nil
		}
	}
	return 0, fmt.Errorf("%w: aggregate_usage %q (want sum, max, last_during_period or last_ever)", ErrInvalidPrice, truncate(s, 24))
}

// MaxUsageRecords is the most records [Aggregate] accepts in one call.
const MaxUsageRecords = 10_000_000

// UsageRecord is a quantity of usage reported at an instant.
type UsageRecord struct {
	Timestamp time.Time
	Quantity  decimal.Decimal // ≥ 0
}

// Usage is the aggregated usage of a period.
type Usage struct {
	Quantity    decimal.Decimal
	Records     int // records counted
	Aggregation Aggregation
	Start, End  time.Time
}

// Explain says how the usage was aggregated.
func (u Usage) Explain() string {
	b := make([]byte, 0, 96)
	b = append(b, "usage "...)
	b = AppendDecimal(b, u.Quantity)
	b = append(b, ": "...)
	b = append(b, u.Aggregation.String()...)
	b = append(b, " of "...)
	b = strconv.AppendInt(b, int64(u.Records), 10)
	b = append(b, " record(s) from "...)
	b = u.Start.UTC().AppendFormat(b, "02 Jan 2006 15:04:05")
	b = append(b, " to "...)
	b = u.End.UTC().AppendFormat(b, "02 Jan 2006 15:04:05 UTC")
	return string(b)
}

// Aggregate computes the usage of the period [start, end) from records, which need not
// be sorted. AggregateLastEver also considers records before start. For the "last"
// aggregations, of records with the same timestamp the later one in the slice wins.
// Every record is validated (quantity ≥ 0 and within bounds), in the same pass. Whole
// quantities are summed in int64 without allocating; others fall back to exact decimals.
func Aggregate(records []UsageRecord, start, end time.Time, agg Aggregation) (Usage, error) {
	u := Usage{Aggregation: agg, Start: start, End: end, Quantity: decimal.Zero}
	if agg > AggregateLastEver {
		return u, fmt.Errorf("aggregate_usage %d: %w", agg, ErrInvalidPrice)
	}
	if !end.After(start) {
		return u, fmt.Errorf("usage period %s to %s: %w", start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), ErrInvalidInterval)
	}
	if len(records) > MaxUsageRecords {
		return u, fmt.Errorf("%d usage records (limit %d): %w", len(records), MaxUsageRecords, ErrOutOfRange)
	}
	var (
		isum     int64
		dsum     decimal.Decimal
		useD     bool
		best     = -1 // index of the max or last record
		bestTime time.Time
	)
	for i := range records {
		r := &records[i]
		q := r.Quantity
		// Fast path: a whole quantity below 10^15 (within bounds, fits int64).
		var v int64
		whole := q.Exponent() == 0 && q.NumDigits() <= 15
		if whole {
			v = q.CoefficientInt64()
			if v < 0 {
				return u, fmt.Errorf("records[%d].quantity %d: %w", i, v, ErrNegativeQuantity)
			}
		} else {
			if q.Sign() < 0 {
				return u, fmt.Errorf("records[%d].quantity %s: %w", i, shortString(q), ErrNegativeQuantity)
			}
			if err := CheckBounds(q); err != nil {
				return u, fmt.Errorf("records[%d].quantity: %w", i, err)
			}
		}
		if r.Timestamp.Before(end) && (agg == AggregateLastEver || !r.Timestamp.Before(start)) {
			if agg != AggregateLastEver {
				u.Records++
			}
			switch agg {
			case AggregateSum:
				if whole && !useD {
					if isum > math.MaxInt64-v {
						useD, dsum = true, decimal.NewFromInt(isum)
					} else {
						isum += v
						continue
					}
				}
				if !useD {
					useD, dsum = true, decimal.NewFromInt(isum)
				}
				dsum = dsum.Add(q)
			case AggregateMax:
				if best < 0 || q.GreaterThan(records[best].Quantity) {
					best = i
				}
			default:
				if best < 0 || !r.Timestamp.Before(bestTime) {
					best, bestTime = i, r.Timestamp
				}
			}
		}
	}
	switch {
	case agg == AggregateSum && useD:
		u.Quantity = dsum
	case agg == AggregateSum:
		u.Quantity = decimal.NewFromInt(isum)
	case best >= 0:
		u.Quantity = records[best].Quantity
		if agg == AggregateLastEver {
			u.Records = 1
		}
	}
	return u, nil
}
