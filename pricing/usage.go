package pricing

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
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
	return 0, fmt.Errorf("%w: aggregate_usage %q (want sum, max, last_during_period or last_ever)", ErrInvalidPrice, text.Truncate(s, 24))
}

// MaxUsageRecords is the most records [Aggregate] accepts in one call.
const MaxUsageRecords = 10_000_000

// UsageRecord is a quantity of usage reported at an instant. Build it with
// [NewUsageRecord] or [WholeUsageRecord], which validate it once; the zero value is a
// quantity of 0 at the zero time. Whole quantities (API calls, messages, resolutions:
// the common case) are held in an int64, so that aggregating millions of them touches
// no decimal; only fractional quantities keep one.
type UsageRecord struct {
	timestamp time.Time
	units     int64            // the quantity when exact is nil
	exact     *decimal.Decimal // a fractional quantity
	amount    *decimal.Decimal // the amount the record carries, or nil
}

// NewUsageRecord returns a record of quantity q (≥ 0, within the library's bounds) at t.
// An error is a [*FieldError] at "Quantity" wrapping [ErrNegativeQuantity] or the
// sentinel of [CheckBounds].
func NewUsageRecord(t time.Time, q decimal.Decimal) (UsageRecord, error) {
	if q.Sign() < 0 {
		return UsageRecord{}, fieldErr("Quantity", fmt.Errorf("%w: %s", ErrNegativeQuantity, text.ShortDecimal(q)))
	}
	if err := CheckBounds(q); err != nil {
		return UsageRecord{}, fieldErr("Quantity", err)
	}
	if q.IsInteger() {
		return UsageRecord{timestamp: t, units: q.IntPart()}, nil // |q| ≤ 10^15 fits
	}
	return UsageRecord{timestamp: t, exact: &q}, nil
}

// WholeUsageRecord returns a record of a whole quantity (0 ≤ units ≤ 10^15) at t. An
// error is a [*FieldError] at "Quantity" wrapping [ErrNegativeQuantity] or
// [ErrOutOfRange].
func WholeUsageRecord(t time.Time, units int64) (UsageRecord, error) {
	if units < 0 {
		return UsageRecord{}, fieldErr("Quantity", fmt.Errorf("%w: %d", ErrNegativeQuantity, units))
	}
	if units > 1e15 {
		return UsageRecord{}, fieldErr("Quantity", fmt.Errorf("%w: %d is beyond 10^%d", ErrOutOfRange, units, MaxDigits))
	}
	return UsageRecord{timestamp: t, units: units}, nil
}

// Timestamp returns when the usage was reported.
func (r UsageRecord) Timestamp() time.Time { return r.timestamp }

// Quantity returns the quantity, exactly.
func (r UsageRecord) Quantity() decimal.Decimal {
	if r.exact != nil {
		return *r.exact
	}
	return decimal.NewFromInt(r.units)
}

// Usage is the aggregated usage of a period, as [Aggregate] returns it.
type Usage struct {
	// Quantity is the aggregated quantity, exact, in the price's units (not money);
	// 0 when no record counts.
	Quantity decimal.Decimal
	// Records is the number of records counted (for last_ever: 1 when a record was
	// found, else 0).
	Records int
	// Aggregation is the rule applied.
	Aggregation Aggregation
	// Start and End are the period [Start, End) aggregated, as given.
	Start, End time.Time
	// Bucket is the time bucket the records were aggregated in, each bucket's value
	// then summed (Flexprice's bucketed meters); [NoBucket] (the default) aggregates
	// the period as one.
	Bucket Bucket
	// Buckets is the number of buckets that held a record (with a Bucket only).
	Buckets int
	// Amounts, for a dynamic price, says Quantity is the sum of the amounts the
	// records carry (major units of the price's currency), not of their quantities.
	Amounts bool
	// Transactions, for a percentage price, are the counted records' values in time
	// order (each record's amount, or its quantity when it carries none), major
	// units of the price's currency; Quantity is their sum. Nil otherwise.
	Transactions []decimal.Decimal
	// Prorated, for a prorated price ([Recurring.Prorated]), is the detail of the
	// units weighed by the days they were present; Quantity is the prorated units.
	// Nil otherwise.
	Prorated *ProratedUsage
}

// Explain says how the usage was aggregated.
func (u Usage) Explain() string { return string(u.AppendExplanation(make([]byte, 0, 96))) }

// AppendExplanation appends the text of [Usage.Explain] to b and returns the result.
func (u Usage) AppendExplanation(b []byte) []byte {
	b = append(b, "usage "...)
	b = text.AppendDecimal(b, u.Quantity)
	b = append(b, ": "...)
	switch {
	case u.Amounts:
		b = append(b, "sum of the amounts"...)
	case u.Transactions != nil:
		b = append(b, "sum of the transactions"...)
	case u.Prorated != nil:
		b = append(b, "prorated units (rounded up to 5 decimals)"...)
	default:
		b = append(b, u.Aggregation.String()...)
	}
	if u.Bucket != NoBucket {
		b = append(b, " per "...)
		b = append(b, u.Bucket.String()...)
		b = append(b, " bucket (UTC), summed over "...)
		b = text.AppendInt(b, int64(u.Buckets))
		b = append(b, " bucket(s),"...)
	}
	b = append(b, " of "...)
	b = text.AppendInt(b, int64(u.Records))
	if u.Records == 1 {
		b = append(b, " record from "...)
	} else {
		b = append(b, " records from "...)
	}
	b = text.AppendInstant(b, u.Start, nil)
	b = append(b, " to "...)
	return text.AppendInstant(b, u.End, nil)
}

// Aggregate computes the usage of the period [start, end) from records, which need not
// be sorted. AggregateLastEver also considers records before start. An empty period
// (end equal to start) is valid: it holds no record, so its quantity is 0 from 0
// records, except for AggregateLastEver, which gives the last record before start. An
// end before start is an error wrapping [ErrInvalidInterval]. For the "last"
// aggregations, of records with the same timestamp the later one in the slice wins.
// Records were validated when built, so this is one pass of comparisons; whole
// quantities are summed in int64 (falling back to exact decimals on overflow).
func Aggregate(records []UsageRecord, start, end time.Time, agg Aggregation) (Usage, error) {
	u := Usage{Aggregation: agg, Start: start, End: end, Quantity: decimal.Zero}
	if agg > AggregateLastEver {
		return u, fmt.Errorf("aggregate_usage %d: %w", agg, ErrInvalidPrice)
	}
	if end.Before(start) {
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
		if !r.timestamp.Before(end) || (agg != AggregateLastEver && r.timestamp.Before(start)) {
			continue
		}
		if r.negative() {
			return Usage{Aggregation: agg, Start: start, End: end, Quantity: decimal.Zero}, refuseNegative(r, i)
		}
		if agg != AggregateLastEver {
			u.Records++
		}
		switch agg {
		case AggregateSum:
			if r.exact == nil && !useD {
				if isum <= math.MaxInt64-r.units {
					isum += r.units
					continue
				}
			}
			if !useD {
				useD, dsum = true, decimal.NewFromInt(isum)
			}
			if r.exact != nil {
				dsum = dsum.Add(*r.exact)
			} else {
				dsum = dsum.Add(decimal.NewFromInt(r.units))
			}
		case AggregateMax:
			if best < 0 || greater(r, &records[best]) {
				best = i
			}
		default:
			if best < 0 || !r.timestamp.Before(bestTime) {
				best, bestTime = i, r.timestamp
			}
		}
	}
	switch {
	case agg == AggregateSum && useD:
		u.Quantity = dsum
	case agg == AggregateSum:
		u.Quantity = decimal.NewFromInt(isum)
	case best >= 0:
		u.Quantity = records[best].Quantity()
		if agg == AggregateLastEver {
			u.Records = 1
		}
	}
	return u, nil
}

// greater reports whether a's quantity is above b's.
func greater(a, b *UsageRecord) bool {
	if a.exact == nil && b.exact == nil {
		return a.units > b.units
	}
	return a.Quantity().GreaterThan(b.Quantity())
}
