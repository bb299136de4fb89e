package pricing

import (
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2/gregorian"

	"github.com/pricekit/pricekit/internal/intmath"
	"github.com/pricekit/pricekit/internal/text"
)

// ErrInvalidInterval: an interval name or count is not accepted.
var ErrInvalidInterval = errors.New("invalid interval")

// Interval is the unit of a recurring billing period. The zero value is [Month],
// the most common SaaS cycle.
type Interval uint8

// The billing intervals, as Stripe's recurring.interval.
const (
	Month Interval = iota // calendar months, clamped to the month's end
	Day                   // 24 hours (UTC days)
	Week                  // 7 days
	Year                  // calendar years, Feb 29 clamped to Feb 28
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
	return 0, fmt.Errorf("%w: %q (want day, week, month or year)", ErrInvalidInterval, text.Truncate(name, 16))
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

// Add returns t moved by n intervals (n may be negative), in UTC, keeping t's time of
// day. Months and years clamp to the end of a shorter month rather than overflow
// into the next one: Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year), and
// Feb 29 + 1 year is Feb 28. Because the clamp is computed from t itself, stepping
// from a fixed anchor by k intervals "returns" to the anchor's day of month:
// Jan 31 + 2 months is Mar 31. The result must lie in the years 1 to 9999.
func (i Interval) Add(t time.Time, n int) (time.Time, error) {
	t = t.UTC()
	const maxSteps = 10000 * 366
	if n > maxSteps || n < -maxSteps || !i.Valid() {
		return time.Time{}, fmt.Errorf("%w: %d × %s from %s is out of range", ErrInvalidInterval, n, i, t.Format(time.RFC3339))
	}
	var out time.Time
	switch i {
	case Day:
		out = t.AddDate(0, 0, n)
	case Week:
		out = t.AddDate(0, 0, 7*n)
	default:
		months := n
		if i == Year {
			months = 12 * n
		}
		y, m, d := t.Date()
		total := int(m) - 1 + months
		ny, nm := y+intmath.FloorDiv(total, 12), time.Month(intmath.FloorMod(total, 12)+1)
		if last := gregorian.DaysIn(ny, nm); d > last {
			d = last
		}
		out = time.Date(ny, nm, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	if y := out.Year(); y < 1 || y > 9999 {
		return time.Time{}, fmt.Errorf("%w: %d × %s from %s leaves the years 1 to 9999", ErrInvalidInterval, n, i, t.Format(time.RFC3339))
	}
	return out, nil
}
