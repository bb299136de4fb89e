package revenue

import (
	"fmt"
	"sort"
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// Schedule is the recognition schedule of a [Request]: per line, and by month over
// all lines. It also answers what is recognized or deferred at any instant
// ([Schedule.Recognized], [Schedule.Deferred]) and over any periods
// ([Schedule.ByPeriods]). Build it with [Recognize]; it is immutable and safe for
// concurrent use.
type Schedule struct {
	// Currency is the currency of every amount (the zero Currency when there are no
	// lines).
	Currency pricing.Currency
	// Options are the request's granularity and time zone.
	Options Options
	// Lines are the schedules of the request's lines, in their order.
	Lines []LineSchedule
	// Months is what all lines recognize in each month that has an entry, in order.
	Months []MonthAmount

	state []lineState
}

// lineState is what the queries need of one line, in minor units.
type lineState struct {
	cal    *calendar
	billed int64        // Line.Amount
	pre    int64        // credit notes before payment, together
	main   []int64      // (billed − pre) spread over the months
	posts  []postCredit // credit notes after payment
}

// postCredit is a credit note after payment: −amount spread over the line's months
// like the line, of which what falls before at is recognized at at.
type postCredit struct {
	at     int64
	amount int64
	parts  []int64
}

// Recognize returns the schedule of r's lines and credit notes (see the package
// documentation for the rules). A refused request is a [*pricing.FieldError] whose
// Field is the Go path of the offending value ("Lines[2].Period",
// "CreditNotes[0].Line") wrapping one of this package's sentinels or pricing's.
func Recognize(r Request) (*Schedule, error) {
	opts := r.Options
	loc := opts.Location()
	s := &Schedule{Options: opts, Lines: make([]LineSchedule, len(r.Lines)), state: make([]lineState, len(r.Lines))}
	var total, entries int64
	for i, l := range r.Lines {
		path := fmt.Sprintf("Lines[%d]", i)
		c := l.Amount.Currency()
		switch {
		case c.IsZero():
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: the amount has no currency", pricing.ErrUnknownCurrency))
		case i == 0:
			s.Currency = c
		case c != s.Currency:
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: %s, while Lines[0] is in %s", pricing.ErrCurrencyMismatch, c, s.Currency))
		}
		units, err := minorUnits(l.Amount)
		if err != nil {
			return nil, fieldErr(path+".Amount", err)
		}
		if total += abs(units); total > MaxTotal {
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: the lines' magnitudes add up to more than %d minor units", ErrTooLarge, int64(MaxTotal)))
		}
		p := l.Period
		switch {
		case !p.End.After(p.Start):
			return nil, fieldErr(path+".Period", fmt.Errorf("%w: end %s is not after start %s", ErrInvalidPeriod, fmtTime(p.End), fmtTime(p.Start)))
		case p.Start.Nanosecond() != 0 || p.End.Nanosecond() != 0:
			return nil, fieldErr(path+".Period", fmt.Errorf("%w: %s to %s is not in whole seconds", ErrInvalidPeriod, p.Start.Format(time.RFC3339Nano), p.End.Format(time.RFC3339Nano)))
		}
		cal, err := newCalendar(p.Start, p.End, opts.granularity, loc)
		if err != nil {
			return nil, fieldErr(path+".Period", err)
		}
		if entries += int64(len(cal.segs)); entries > MaxEntries {
			return nil, fieldErr(path+".Period", fmt.Errorf("%w: more than %d month parts", ErrTooLarge, MaxEntries))
		}
		s.state[i] = lineState{cal: cal, billed: units}
	}
	credited := make([]int64, len(r.Lines))
	for k, cn := range r.CreditNotes {
		path := fmt.Sprintf("CreditNotes[%d]", k)
		if cn.Line < 0 || cn.Line >= len(r.Lines) {
			return nil, fieldErr(path+".Line", fmt.Errorf("%w: %d (the request has %d lines)", ErrUnknownLine, cn.Line, len(r.Lines)))
		}
		if c := cn.Amount.Currency(); c != s.Currency {
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: %s, while the lines are in %s", pricing.ErrCurrencyMismatch, currencyName(c), s.Currency))
		}
		units, err := minorUnits(cn.Amount)
		if err != nil {
			return nil, fieldErr(path+".Amount", err)
		}
		if units <= 0 {
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: amount %d is not positive", ErrInvalidCredit, units))
		}
		st := &s.state[cn.Line]
		if credited[cn.Line] += units; credited[cn.Line] > st.billed {
			return nil, fieldErr(path+".Amount", fmt.Errorf("%w: Lines[%d] is %d and its credit notes add up to %d", ErrCreditExceedsLine, cn.Line, st.billed, credited[cn.Line]))
		}
		if cn.Created.Nanosecond() != 0 {
			return nil, fieldErr(path+".Created", fmt.Errorf("%w: %s is not a whole second", ErrInvalidCredit, cn.Created.Format(time.RFC3339Nano)))
		}
		paid := r.Lines[cn.Line].PaidAt
		if paid.IsZero() || cn.Created.Before(paid) {
			st.pre += units
			continue
		}
		if entries += int64(len(st.cal.segs)); entries > MaxEntries {
			return nil, fieldErr(path, fmt.Errorf("%w: more than %d month parts", ErrTooLarge, MaxEntries))
		}
		st.posts = append(st.posts, postCredit{at: cn.Created.Unix(), amount: units})
	}
	months := map[Month]int64{}
	var scratch []int
	for i := range s.state {
		st := &s.state[i]
		st.main = make([]int64, len(st.cal.segs))
		scratch = allocate(st.billed-st.pre, st.cal.w, st.main, scratch)
		for k := range st.posts {
			pc := &st.posts[k]
			pc.parts = make([]int64, len(st.cal.segs))
			scratch = allocate(-pc.amount, st.cal.w, pc.parts, scratch)
		}
		s.Lines[i] = s.lineSchedule(i, r.Lines[i], months)
	}
	s.Months = make([]MonthAmount, 0, len(months))
	for m, a := range months {
		s.Months = append(s.Months, MonthAmount{Month: m, Amount: pricing.FromMinor(a, s.Currency)})
	}
	sort.Slice(s.Months, func(a, b int) bool { return s.Months[a].Month.Before(s.Months[b].Month) })
	return s, nil
}

// lineSchedule builds the entries of line i and adds them to months.
func (s *Schedule) lineSchedule(i int, l Line, months map[Month]int64) LineSchedule {
	st := &s.state[i]
	cal := st.cal
	amounts := append([]int64(nil), st.main...)
	type extra struct {
		month      Month
		start, end int64
		amount     int64
	}
	var extras []extra
	net := st.billed - st.pre
	for _, pc := range st.posts {
		net -= pc.amount
		at := time.Unix(pc.at, 0)
		cm := monthContaining(at, cal.loc)
		var moved int64 // the credit's share of the months before its own: recognized at once
		for j, seg := range cal.segs {
			if seg.month.Before(cm) {
				moved += pc.parts[j]
			} else {
				amounts[j] += pc.parts[j]
			}
		}
		if k := cm.index() - cal.segs[0].month.index(); k < int64(len(amounts)) {
			if k >= 0 {
				amounts[k] += moved
			}
			continue
		}
		found := false
		for e := range extras {
			if extras[e].month == cm {
				extras[e].amount += moved
				extras[e].start, extras[e].end = min(extras[e].start, pc.at), max(extras[e].end, pc.at)
				found = true
			}
		}
		if !found {
			extras = append(extras, extra{month: cm, start: pc.at, end: pc.at, amount: moved})
		}
	}
	sort.Slice(extras, func(a, b int) bool { return extras[a].month.Before(extras[b].month) })
	ls := LineSchedule{Line: i, ID: l.ID, Billed: pricing.FromMinor(st.billed, s.Currency),
		Amount: pricing.FromMinor(net, s.Currency), Entries: make([]Entry, 0, len(amounts)+len(extras))}
	for j, seg := range cal.segs {
		ls.Entries = append(ls.Entries, Entry{Month: seg.month, Start: time.Unix(seg.start, 0).In(cal.loc),
			End: time.Unix(seg.end, 0).In(cal.loc), Amount: pricing.FromMinor(amounts[j], s.Currency)})
		months[seg.month] += amounts[j]
	}
	for _, e := range extras {
		ls.Entries = append(ls.Entries, Entry{Month: e.month, Start: time.Unix(e.start, 0).In(cal.loc),
			End: time.Unix(e.end, 0).In(cal.loc), Amount: pricing.FromMinor(e.amount, s.Currency)})
		months[e.month] += e.amount
	}
	return ls
}

func fieldErr(field string, err error) error { return &pricing.FieldError{Field: field, Err: err} }

// minorUnits returns m in whole minor units within ±MaxAmount.
func minorUnits(m pricing.Money) (int64, error) {
	if err := pricing.CheckMoneyBounds(m); err != nil {
		return 0, err
	}
	return m.MinorUnits()
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func currencyName(c pricing.Currency) string {
	if c.IsZero() {
		return "no currency"
	}
	return c.Code()
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
