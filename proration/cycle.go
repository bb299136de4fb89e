package proration

import (
	"fmt"
	"time"

	"github.com/pricekit/pricekit/internal/intmath"
	"github.com/pricekit/pricekit/pricing"
)

// Cycle is a billing cycle: boundaries at anchor + k × count intervals, k ∈ ℤ.
type Cycle struct {
	anchor   time.Time
	interval pricing.Interval
	count    int
}

// NewCycle returns the cycle of the anchor, every count intervals. The period may not
// exceed three years (Stripe's limit). An error is a [*pricing.FieldError] wrapping
// [ErrInvalidCycle], at "Interval", "Count" or "Anchor" (the parameter at fault).
func NewCycle(anchor time.Time, interval pricing.Interval, count int) (Cycle, error) {
	if !interval.Valid() {
		return Cycle{}, fieldErr("Interval", fmt.Errorf("%w: interval %s", ErrInvalidCycle, interval))
	}
	if count < 1 || count > interval.MaxIntervalCount() {
		return Cycle{}, fieldErr("Count", fmt.Errorf("%w: every %d %s (want 1 to %d)", ErrInvalidCycle, count, interval, interval.MaxIntervalCount()))
	}
	if y := anchor.UTC().Year(); y < 1 || y > 9999 {
		return Cycle{}, fieldErr("Anchor", fmt.Errorf("%w: anchor %s outside the years 1 to 9999", ErrInvalidCycle, fmtTime(anchor)))
	}
	return Cycle{anchor: anchor.UTC(), interval: interval, count: count}, nil
}

// Anchor returns the cycle's anchor.
func (c Cycle) Anchor() time.Time { return c.anchor }

// Boundary returns the k-th boundary: the anchor moved by k × count intervals.
func (c Cycle) Boundary(k int) (time.Time, error) {
	if c.count == 0 {
		return time.Time{}, fmt.Errorf("%w: zero Cycle (use NewCycle)", ErrInvalidCycle)
	}
	t, err := c.interval.Add(c.anchor, k*c.count)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %w", ErrInvalidCycle, err)
	}
	return t, nil
}

// lengths returns the mean length of one interval in seconds (a Gregorian month or
// year), to guess which period holds an instant, and the longest one interval can be,
// so that skipping distance ÷ longest periods never passes the period sought.
func (c Cycle) lengths() (mean, longest int64) {
	switch c.interval {
	case pricing.Day:
		return 86400, 86400
	case pricing.Week:
		return 7 * 86400, 7 * 86400
	case pricing.Year:
		return 31556952, 366 * 86400 // 365.2425 days
	default:
		return 2629746, 31 * 86400 // 365.2425 / 12 days
	}
}

// PeriodAt returns the period [Boundary(k), Boundary(k+1)) that contains t. It costs
// a few calendar steps whatever the distance from the anchor: k is guessed from the
// mean interval, then moved towards t by whole periods that cannot overshoot.
func (c Cycle) PeriodAt(t time.Time) (Period, error) {
	if c.count == 0 {
		return Period{}, fmt.Errorf("%w: zero Cycle (use NewCycle)", ErrInvalidCycle)
	}
	t = t.UTC()
	mean, longest := c.lengths()
	n := int64(c.count)
	k := int(intmath.FloorDiv(t.Unix()-c.anchor.Unix(), mean*n))
	longest *= n
	for steps := 0; steps < 64; steps++ {
		lo, err := c.Boundary(k)
		if err != nil {
			return Period{}, err
		}
		if t.Before(lo) {
			k -= int(max(1, (lo.Unix()-t.Unix())/longest))
			continue
		}
		hi, err := c.Boundary(k + 1)
		if err != nil {
			return Period{}, err
		}
		if !t.Before(hi) {
			k += int(max(1, (t.Unix()-hi.Unix())/longest))
			continue
		}
		return Period{Start: lo, End: hi}, nil
	}
	return Period{}, fmt.Errorf("%w: no period found for %s", ErrInvalidCycle, fmtTime(t))
}
