package revenue

import (
	"fmt"
	"time"
)

// calendar is a line's period cut at the month boundaries of the time zone, with
// the weight of every month under the granularity.
type calendar struct {
	g          Granularity
	loc        *time.Location
	start, end int64 // the period, Unix seconds
	segs       []segment
	w          []uint64 // weight of each month, Σw > 0
	d0, nDays  int64    // Day: the first counted day (a civil day number) and how many
}

// segment is the part [start, end) of the period in one calendar month, whose own
// bounds are [mStart, mEnd) (Unix seconds).
type segment struct {
	month        Month
	start, end   int64
	mStart, mEnd int64
}

// monthContaining returns the calendar month of loc that contains t, with the month
// bounds of Month.start (robust to zones whose midnight on the 1st does not exist).
func monthContaining(t time.Time, loc *time.Location) Month {
	lt := t.In(loc)
	m := Month{lt.Year(), lt.Month()}
	for t.Before(m.start(loc)) {
		m = m.prev()
	}
	for !t.Before(m.next().start(loc)) {
		m = m.next()
	}
	return m
}

// dayNumber returns the civil day number (days since 1970-01-01) of y-m-d.
func dayNumber(y int, m time.Month, d int) int64 {
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// civilDay returns the civil day number of t's date in loc.
func civilDay(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return dayNumber(y, m, d)
}

// dayStart returns the first instant (Unix seconds) of civil day n in loc.
func dayStart(n int64, loc *time.Location) int64 {
	y, m, d := time.Unix(n*86400, 0).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc).Unix()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// newCalendar cuts [start, end) (end after start, whole seconds) into months of loc
// and weighs them; more than MaxMonths months wrap ErrInvalidPeriod.
func newCalendar(start, end time.Time, g Granularity, loc *time.Location) (*calendar, error) {
	first := monthContaining(start, loc)
	last := monthContaining(end.Add(-time.Second), loc)
	n := last.index() - first.index() + 1
	if n > MaxMonths {
		return nil, fmt.Errorf("%w: %s to %s touches %d calendar months (at most %d)", ErrInvalidPeriod,
			start.Format(time.RFC3339), end.Format(time.RFC3339), n, MaxMonths)
	}
	c := &calendar{g: g, loc: loc, start: start.Unix(), end: end.Unix(),
		segs: make([]segment, 0, n), w: make([]uint64, n)}
	next := first.start(loc).Unix()
	for m := first; len(c.segs) < int(n); m = m.next() {
		ms, me := next, m.next().start(loc).Unix()
		next = me
		c.segs = append(c.segs, segment{month: m, start: max(ms, c.start), end: min(me, c.end), mStart: ms, mEnd: me})
	}
	switch g {
	case Second:
		for i, s := range c.segs {
			c.w[i] = uint64(s.end - s.start)
		}
	case Day:
		c.d0 = civilDay(start, loc)
		c.nDays = max(civilDay(end, loc)-c.d0, 1) // the end day does not count
		for i, s := range c.segs {
			c.w[i] = uint64(c.daysIn(s.month, c.d0+c.nDays))
		}
	case MonthEven:
		counted := n - 1 // the end month does not count…
		if c.end == c.segs[n-1].mEnd {
			counted = n // …unless the period ends at its start (then it is not touched)
		}
		counted = max(counted, 1)
		for i := range c.w {
			if int64(i) < counted {
				c.w[i] = 1
			}
		}
	case MonthEvenProrated:
		if n == 1 {
			c.w[0] = 1
			break
		}
		f, l := c.segs[0], c.segs[n-1]
		fullFirst, fullLast := uint64(f.mEnd-f.mStart), uint64(l.mEnd-l.mStart)
		for i := range c.w {
			c.w[i] = fullFirst * fullLast // a full month: 1
		}
		c.w[0] = uint64(f.end-f.start) * fullLast    // (seconds covered ÷ seconds of the month)
		c.w[n-1] = uint64(l.end-l.start) * fullFirst // of the first and last months
	}
	return c, nil
}

// daysIn returns how many counted days (from c.d0, before upTo) fall in month m.
func (c *calendar) daysIn(m Month, upTo int64) int64 {
	lo := max(dayNumber(m.Year, m.Month, 1), c.d0)
	n := m.next()
	hi := min(dayNumber(n.Year, n.Month, 1), c.d0+c.nDays, upTo)
	return max(hi-lo, 0)
}

// locate returns the index of the month containing t (start ≤ t < end).
func (c *calendar) locate(t int64) int {
	lo, hi := 0, len(c.segs)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if c.segs[mid].end <= t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// cut returns the weights of month i before and after instant t, start_i < t < end_i:
// by the second for Second and MonthEvenProrated, by counted days (a day is
// recognized at its first instant, the first day at the period's start) for Day; a
// month of MonthEven is recognized whole at its first instant in the period.
func (c *calendar) cut(i int, t int64) (before, after uint64) {
	s := c.segs[i]
	switch c.g {
	case Day:
		dt := civilDay(time.Unix(t, 0), c.loc)
		if dayStart(dt, c.loc) >= t {
			dt-- // day dt is not yet recognized at t
		}
		b := uint64(c.daysIn(s.month, dt+1))
		return b, c.w[i] - b
	case MonthEven:
		return c.w[i], 0
	}
	return uint64(t - s.start), uint64(s.end - t)
}

// cumulative returns how much of parts (one per month of c) is recognized before
// instant t.
func (c *calendar) cumulative(parts []int64, t int64) int64 {
	var sum int64
	if t <= c.start {
		return 0
	}
	if t >= c.end {
		for _, p := range parts {
			sum += p
		}
		return sum
	}
	i := c.locate(t)
	for _, p := range parts[:i] {
		sum += p
	}
	if t > c.segs[i].start {
		b, a := c.cut(i, t)
		sum += split(parts[i], b, a)
	}
	return sum
}
