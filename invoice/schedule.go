package invoice

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Schedule is a subscription schedule (Stripe's): phases in order, each a span of
// time with its own items and settings. The preview and the forecast follow the
// phase in force: a phase that starts within a period is a change at its start
// (prorated per its Behavior); one that starts at a period's end makes that renewal
// bill the phase's items.
type Schedule struct {
	// Phases are the schedule's phases, contiguous and in order; at most [MaxPhases].
	Phases []Phase
	// EndBehavior says what happens after the last phase: release (zero value; the
	// subscription continues with the last phase's items) or cancel.
	EndBehavior EndBehavior
}

// MaxPhases is the most phases a schedule may have.
const MaxPhases = 10

// EndBehavior is what a schedule does after its last phase.
type EndBehavior uint8

const (
	// Release lets the subscription continue with the last phase's items.
	Release EndBehavior = iota
	// CancelAtEnd cancels the subscription at the last phase's end.
	CancelAtEnd
)

// Phase is one phase of a schedule.
type Phase struct {
	// Start is when the phase starts; zero: when the previous phase ends (the first:
	// the subscription's start, or now for an existing subscription).
	Start time.Time
	// End is when it ends; zero: Start + Duration, or the next phase's start; the last
	// phase may be open.
	End time.Time
	// Duration gives the end as a number of intervals from Start instead of End.
	Duration *PhaseDuration
	// Items are the phase's items; an item with the price of a current item keeps
	// that item (its ID), others are added, and current items not listed are removed.
	Items []Item
	// Discounts and DefaultTaxRates, when non-nil, replace the subscription's for
	// the phase.
	Discounts []discount.Discount
	// DefaultTaxRates, when non-nil, replace the subscription's default tax rates
	// for the phase.
	DefaultTaxRates []TaxRate
	// Behavior is how the change at the phase's start prorates.
	Behavior proration.Behavior
	// AnchorPhaseStart restarts the billing cycle at the phase's start (Stripe's
	// billing_cycle_anchor "phase_start"); false is "automatic".
	AnchorPhaseStart bool
	// TrialEnd gives the phase a trial until then.
	TrialEnd time.Time
}

// PhaseDuration is a phase's length: Count Intervals.
type PhaseDuration struct {
	// Interval is the unit of the length (day, week, month, year).
	Interval pricing.Interval
	// Count is the number of Intervals, at least 1.
	Count int
}

// phaseSpan is a phase's resolved start and end (end zero: open).
type phaseSpan struct{ start, end time.Time }

// resolve returns each phase's start and end, checking they are contiguous and in
// order; first is the start of a first phase without one.
func (s *Schedule) resolve(first time.Time) ([]phaseSpan, error) {
	if len(s.Phases) == 0 {
		return nil, fieldErr("Schedule.Phases", "%w: a schedule needs a phase", ErrMissingField)
	}
	if len(s.Phases) > MaxPhases {
		return nil, fieldErr("Schedule.Phases", "%w: %d phases, more than the limit of %d", ErrTooMany, len(s.Phases), MaxPhases)
	}
	if s.EndBehavior > CancelAtEnd {
		return nil, fieldErr("Schedule.EndBehavior", "%w: %d", ErrInvalidValue, s.EndBehavior)
	}
	out := make([]phaseSpan, len(s.Phases))
	prev := first
	for k := range s.Phases {
		ph := &s.Phases[k]
		f := "Schedule.Phases[" + strconv.Itoa(k) + "]"
		start := ph.Start
		if start.IsZero() {
			start = prev
		}
		if k > 0 && !start.Equal(prev) {
			return nil, fieldErr(f+".Start", "%w: phase %d starts %s, not where phase %d ends (%s): phases are contiguous", ErrInvalidRequest, k, fmtTime(start), k-1, fmtTime(prev))
		}
		end := ph.End
		if d := ph.Duration; d != nil {
			if !end.IsZero() {
				return nil, fieldErr(f+".Duration", "%w: give end_date or duration, not both", ErrConflict)
			}
			if !d.Interval.Valid() || d.Count < 1 || d.Count > d.Interval.MaxIntervalCount() {
				return nil, fieldErr(f+".Duration", "%w: every %d %s", ErrInvalidValue, d.Count, d.Interval)
			}
			var err error
			if end, err = d.Interval.Add(start, d.Count); err != nil {
				return nil, pricing.InField(f+".Duration", err)
			}
		}
		if end.IsZero() && k+1 < len(s.Phases) {
			end = s.Phases[k+1].Start
			if end.IsZero() {
				return nil, fieldErr(f+".End", "%w: a phase before the last needs an end", ErrMissingField)
			}
		}
		if !end.IsZero() && !end.After(start) {
			return nil, fieldErr(f+".End", "%w: phase %d ends %s, not after its start %s", ErrInvalidRequest, k, fmtTime(end), fmtTime(start))
		}
		if len(ph.Items) == 0 {
			return nil, fieldErr(f+".Items", "%w: a phase needs items", ErrMissingField)
		}
		if k > 0 && !ph.TrialEnd.IsZero() {
			return nil, fieldErr(f+".TrialEnd", "%w: a trial in a phase after the first is not supported", ErrInvalidRequest)
		}
		if ph.Behavior > proration.None {
			return nil, fieldErr(f+".Behavior", "%w: %d", proration.ErrInvalidBehavior, ph.Behavior)
		}
		out[k] = phaseSpan{start, end}
		prev = end
	}
	if s.EndBehavior == CancelAtEnd && out[len(out)-1].end.IsZero() {
		return nil, fieldErr("Schedule.EndBehavior", "%w: cancel at the end of a last phase without an end", ErrInvalidRequest)
	}
	return out, nil
}

// scheduled returns req with the schedule's next event applied: a phase that starts
// within (or at the end of) the current period becomes the request's change, the end
// of a cancelling schedule its cancellation. atEnd reports a change that takes effect
// at the period's end: the renewal bills the new state, the period's usage the old
// one. A request that already holds a change is left alone.
func scheduled(req Request, spans []phaseSpan) (_ Request, atEnd bool) {
	s := req.Schedule
	if s == nil || req.Changes != nil || isNew(&req) {
		return req, false
	}
	p := req.Subscription.Period
	for k, sp := range spans {
		if k == 0 || !sp.start.After(p.Start) || sp.start.After(p.End) {
			continue
		}
		ph := &s.Phases[k]
		ch := phaseChange(req.Subscription.Items, ph)
		if sp.start.Equal(p.End) {
			ch.Behavior, atEnd = proration.None, true
		} else {
			ch.ProrationDate = sp.start
			ch.ResetAnchor = ph.AnchorPhaseStart
		}
		req.Changes = ch
		return req, atEnd
	}
	if last := spans[len(spans)-1]; s.EndBehavior == CancelAtEnd && last.end.After(p.Start) && !last.end.After(p.End) {
		ch := &Changes{}
		if last.end.Equal(p.End) {
			ch.CancelAtPeriodEnd = true
		} else {
			ch.CancelAt = last.end
		}
		req.Changes = ch
	}
	return req, false
}

// phaseChange is the change from items to phase ph's items: an item of the same
// price keeps its item (and its ID), others are added, the rest removed.
func phaseChange(items []Item, ph *Phase) *Changes {
	ch := &Changes{Behavior: ph.Behavior, Discounts: ph.Discounts, DefaultTaxRates: ph.DefaultTaxRates, TrialEnd: ph.TrialEnd}
	kept := make([]bool, len(items))
	for k := range ph.Items {
		it := &ph.Items[k]
		found := -1
		for i := range items {
			if !kept[i] && items[i].Price.ID() != "" && items[i].Price.ID() == it.Price.ID() {
				found = i
				break
			}
		}
		price := it.Price
		if found >= 0 {
			kept[found] = true
			ch.Items = append(ch.Items, ItemChange{ID: items[found].ID, Quantity: orOne(it.Quantity, it), TaxRates: it.TaxRates, Discounts: it.Discounts})
			continue
		}
		ch.Items = append(ch.Items, ItemChange{Price: &price, Quantity: it.Quantity, TaxRates: it.TaxRates, Discounts: it.Discounts})
	}
	for i := range items {
		if !kept[i] {
			ch.Items = append(ch.Items, ItemChange{ID: items[i].ID, Deleted: true})
		}
	}
	return ch
}

// orOne is a phase item's quantity for a kept item: its own, 1 for a licensed item
// without one, nil for a metered one.
func orOne(q *decimal.Decimal, it *Item) *decimal.Decimal {
	if q != nil || it.Price.IsMetered() {
		return q
	}
	return Qty(1)
}

// normalized returns a copy of s whose phases hold their resolved starts and ends,
// with the spans, so that every later invoice of a forecast reads the same times.
func (s *Schedule) normalized(first time.Time) (*Schedule, []phaseSpan, error) {
	spans, err := s.resolve(first)
	if err != nil {
		return nil, nil, err
	}
	c := *s
	c.Phases = append([]Phase(nil), s.Phases...)
	for k := range c.Phases {
		c.Phases[k].Start, c.Phases[k].End, c.Phases[k].Duration = spans[k].start, spans[k].end, nil
	}
	return &c, spans, nil
}

// withSchedule prepares a request with a schedule: the schedule normalized and, for
// a new subscription given by its schedule alone, the first phase as its items.
func withSchedule(req Request) (Request, error) {
	s := req.Schedule
	sub := &req.Subscription
	fresh := sub.Period.Start.IsZero() && sub.Period.End.IsZero() && len(sub.Items) == 0
	first := sub.Period.Start
	if fresh {
		if req.Changes != nil {
			return req, fieldErr("Changes", "%w: a new subscription from a schedule takes its items from the first phase", ErrConflict)
		}
		first = req.Now
		if !s.Phases[0].Start.IsZero() {
			first = s.Phases[0].Start
		}
		if first.IsZero() {
			return req, fieldErr("Schedule.Phases[0].Start", "%w: the first phase's start (or now)", ErrMissingField)
		}
	}
	norm, _, err := s.normalized(first)
	if err != nil {
		return req, err
	}
	req.Schedule = norm
	if fresh {
		ph := &norm.Phases[0]
		ch := &Changes{StartDate: ph.Start, Behavior: ph.Behavior, Discounts: ph.Discounts, DefaultTaxRates: ph.DefaultTaxRates, TrialEnd: ph.TrialEnd}
		for k := range ph.Items {
			it := ph.Items[k]
			if it.ID != "" {
				return req, fieldErr("Schedule.Phases[0].Items["+strconv.Itoa(k)+"].ID", "%w: a phase's items have no ids", ErrInvalidRequest)
			}
			price := it.Price
			ch.Items = append(ch.Items, ItemChange{Price: &price, Quantity: it.Quantity, TaxRates: it.TaxRates, Discounts: it.Discounts})
		}
		req.Changes = ch
	}
	return req, nil
}

// phaseRenewal builds the renewal at the period end in a phase's state: the new
// items for the next period (a new interval starts its cycle there), the period's
// usage in the old state.
func (b *builder) phaseRenewal() error {
	b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
	b.issued = b.period.End
	iv, count, set, err := b.intervals(b.slots, true)
	if err != nil {
		return err
	}
	if set && (iv != b.interval || count != b.count) {
		c, err := proration.NewCycle(b.period.End, iv, count)
		if err != nil {
			return pricing.InField("Schedule", err)
		}
		b.cycle = c
	}
	return b.renewal(true)
}
