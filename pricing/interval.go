package pricing

import (
	"errors"
	"fmt"
)

// ErrInvalidInterval: an interval name or count is not accepted.
var ErrInvalidInterval = errors.New("invalid interval")

// Interval is the unit of a recurring billing period. The zero value is [Month],
// the most common SaaS cycle.
type Interval uint8

// The billing intervals, as Stripe's recurring.interval.
const (
	Month Interval = iota
	Day
	Week
	Year
	numIntervals
)

var intervalNames = [...]string{"month", "day", "week", "year"}

// String returns the interval's Stripe name ("month").
func (i Interval) String() string {
	if i < numIntervals {
		return intervalNames[i]
	}
	return fmt.Sprintf("Interval(%d)", uint8(i))
}

// Valid reports whether i is one of the declared intervals.
func (i Interval) Valid() bool { return i < numIntervals }

// ParseInterval returns the interval with the given Stripe name: "day", "week",
// "month" or "year".
func ParseInterval(name string) (Interval, error) {
	for i, n := range intervalNames {
		if n == name {
			return Interval(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want day, week, month or year)", ErrInvalidInterval, truncate(name, 16))
}

// MaxIntervalCount returns the largest interval_count allowed for i: the period may
// not exceed three years (Stripe's limit): 1095 days, 156 weeks, 36 months, 3 years.
func (i Interval) MaxIntervalCount() int {
	switch i {
	case Day:
		return 1095
	case Week:
		return 156
	case Year:
		return 3
	default:
		return 36
	}
}
