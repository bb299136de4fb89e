package revenue

import (
	"fmt"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Recognized returns what all lines recognize before instant at (at is taken to the
// whole second at or before it). Within a month, a line's part is recognized by the
// granularity: by the second (Second, MonthEvenProrated), by the day (Day: a day at
// its first instant, the first day at the period's start) or whole at the month's
// first instant in the period (MonthEven), and split by largest remainder like the
// months. A credit note after payment recognizes its share of the time before its
// date at that date. At a month boundary, Recognized is the sum of the entries of
// the months before.
func (s *Schedule) Recognized(at time.Time) pricing.Money {
	return pricing.FromMinor(s.recognized(at.Unix()), s.Currency)
}

func (s *Schedule) recognized(t int64) int64 {
	var sum int64
	for i := range s.state {
		st := &s.state[i]
		sum += st.cal.cumulative(st.main, t)
		for _, pc := range st.posts {
			if t > pc.at {
				sum += st.cal.cumulative(pc.parts, t)
			}
		}
	}
	return sum
}

// Billed returns what the lines bill, as known before instant at: their amounts
// less the credit notes before payment (which reduce the invoice) and less the
// credit notes after payment dated before at.
func (s *Schedule) Billed(at time.Time) pricing.Money {
	return pricing.FromMinor(s.billed(at.Unix()), s.Currency)
}

func (s *Schedule) billed(t int64) int64 {
	var sum int64
	for i := range s.state {
		st := &s.state[i]
		sum += st.billed - st.pre
		for _, pc := range st.posts {
			if t > pc.at {
				sum -= pc.amount
			}
		}
	}
	return sum
}

// Deferred returns the deferred revenue at instant at: [Schedule.Billed] less
// [Schedule.Recognized], both before at. It is the whole net amount before every
// period starts and zero after every period ends and every credit note is dated.
// The lines are taken as billed from the start of time: the caller asks at instants
// after the invoices were finalized.
func (s *Schedule) Deferred(at time.Time) pricing.Money {
	t := at.Unix()
	return pricing.FromMinor(s.billed(t)-s.recognized(t), s.Currency)
}

// ByPeriods returns what all lines recognize in each of periods (in any order,
// overlapping or not): Recognized(End) − Recognized(Start). A period whose End is
// not after its Start is a [*pricing.FieldError] at "[i]" wrapping
// [ErrInvalidPeriod].
func (s *Schedule) ByPeriods(periods []proration.Period) ([]pricing.Money, error) {
	out := make([]pricing.Money, len(periods))
	for i, p := range periods {
		if !p.End.After(p.Start) {
			return nil, fieldErr(fmt.Sprintf("[%d]", i), fmt.Errorf("%w: end %s is not after start %s", ErrInvalidPeriod, fmtTime(p.End), fmtTime(p.Start)))
		}
		out[i] = pricing.FromMinor(s.recognized(p.End.Unix())-s.recognized(p.Start.Unix()), s.Currency)
	}
	return out, nil
}
