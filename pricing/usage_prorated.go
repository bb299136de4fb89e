package pricing

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// This file holds prorated usage ([Recurring.Prorated]): Lago's prorated charges on
// a recurring metric (https://getlago.com/docs/guide/plans/charges/prorated-charges;
// the prorated sum aggregation of app/services/billable_metrics/prorated_aggregations
// and the event store's prorated sums in app/services/events/stores/postgres_store.rb
// in github.com/getlago/lago-api). The rule:
//
//   - Units persist: the units present at the start of the billed range are the
//     sum of the records before it (full units); records within it add (positive
//     quantity) or remove (negative) units.
//   - Days are calendar days in a time zone (Lago: the customer's). The period has
//     D days, the first to the last; a record of day d weighs
//     (last day − d + 1) ÷ D, the day of the record counted. The units carried in
//     weigh the range's days ÷ D (1 for a whole period).
//   - Each weight is the quotient rounded half up to [ProratedCoefficientScale]
//     decimals (Lago divides in PostgreSQL numeric, which keeps 20 decimals for a
//     quotient below 1); the units times their weights are summed exactly.
//   - The prorated units of a per-unit or volume price are that sum rounded up to
//     [ProratedUnitsScale] decimals (Lago's ceil(5)); a graduated price prices the
//     unrounded sum tier by tier (Lago's prorated graduated model works on each
//     event's prorated value).
//
// Known differences, where Lago computes in floating point: for a range shorter
// than the period (a termination), Lago weighs the carried units by a float
// quotient (Integer#fdiv), pricekit by the same 20-decimal quotient as the events;
// Lago's graduated model splits an event across tiers with a float coefficient
// (prorated ÷ full units, fdiv), pricekit with the exact one, so amounts can differ
// below 10^-15 of the amount (seen only at a half minor unit). Lago skips a removal
// of units that are not there; pricekit refuses it ([ErrNegativeQuantity]).

// ProratedCoefficientScale is the number of decimals a prorated record's weight
// (days present ÷ days of the period) is rounded to, half up.
const ProratedCoefficientScale = 20

// ProratedUnitsScale is the number of decimals prorated units are rounded up to
// for a per-unit or volume price.
const ProratedUnitsScale = 5

// NewSignedUsageRecord returns a record of quantity q at t that may be negative:
// units added (q > 0) or removed (q < 0) for a prorated price
// ([Recurring.Prorated]). Every other aggregation refuses a negative record. q is
// within the bounds of [CheckBounds]; an error is a [*FieldError] at "Quantity".
func NewSignedUsageRecord(t time.Time, q decimal.Decimal) (UsageRecord, error) {
	if err := CheckBounds(q); err != nil {
		return UsageRecord{}, fieldErr("Quantity", err)
	}
	if q.IsInteger() {
		return UsageRecord{timestamp: t, units: q.IntPart()}, nil
	}
	return UsageRecord{timestamp: t, exact: &q}, nil
}

// negative reports whether r removes units.
func (r *UsageRecord) negative() bool {
	return r.units < 0 || (r.exact != nil && r.exact.Sign() < 0)
}

// refuseNegative is the error of a negative record at index i for an aggregation
// that takes none.
func refuseNegative(r *UsageRecord, i int) error {
	return fieldErr(fmt.Sprintf("[%d].Quantity", i), fmt.Errorf("%w: %s: only a prorated price takes records that remove units",
		ErrNegativeQuantity, text.ShortDecimal(r.Quantity())))
}

// ProratedPeriod says over which days [AggregateProrated] weighs units.
type ProratedPeriod struct {
	// Start and End are the billed range [Start, End).
	Start, End time.Time
	// PeriodStart and PeriodEnd are the billing period [PeriodStart, PeriodEnd)
	// whose days are the weights' denominator; both zero (the default) mean the
	// range itself. The range lies within the period.
	PeriodStart, PeriodEnd time.Time
	// Location is the time zone days are counted in; nil (the default) is UTC.
	Location *time.Location
}

// ProratedChange is the units a day's records added (or removed, negative), and
// their weight.
type ProratedChange struct {
	// Day is the local midnight of the day (for the carried units, of the range's
	// first day).
	Day time.Time
	// Carried marks the units present at the range's start.
	Carried bool
	// Units is the change, full units (negative for a removal).
	Units decimal.Decimal
	// Days is the number of days the units are present, the day itself counted.
	Days int64
	// Coefficient is Days ÷ the period's days, rounded half up to
	// [ProratedCoefficientScale] decimals.
	Coefficient decimal.Decimal
	// Prorated is Units × Coefficient, exact.
	Prorated decimal.Decimal
}

// ProratedUsage is the detail of a prorated aggregation.
type ProratedUsage struct {
	// PeriodDays is the number of days of the billing period (the denominator).
	PeriodDays int64
	// Changes are the carried units (first, when there are any) and each day's
	// change within the range, in time order.
	Changes []ProratedChange
	// Full is the units present at the end of the range (full units).
	Full decimal.Decimal
	// Max is the most units present at once during the range (after any record).
	Max decimal.Decimal
	// Exact is Σ Prorated, unrounded (what a graduated price prices).
	Exact decimal.Decimal
	// Location is the time zone the days were counted in (nil for UTC).
	Location *time.Location

	events []proratedEvent // every record's change in time order, carried first
}

// proratedEvent is one record's change and its weight.
type proratedEvent struct{ full, coef decimal.Decimal }

// dayNumber is t's calendar day in loc, counted from 1970-01-01.
func dayNumber(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// lastDay is the day of the last instant before end.
func lastDay(end time.Time, loc *time.Location) int64 {
	return dayNumber(end.Add(-time.Nanosecond), loc)
}

// coefficient is days ÷ total rounded half up to ProratedCoefficientScale decimals.
func coefficient(days, total int64) decimal.Decimal {
	if days == total {
		return decimal.NewFromInt(1)
	}
	return decimal.NewFromInt(days).DivRound(decimal.NewFromInt(total), ProratedCoefficientScale)
}

// AggregateProrated computes the prorated usage of p.Start to p.End from records
// (which need not be sorted; records of one instant keep their order): Usage.Prorated
// holds the detail, and Usage.Quantity the prorated units, rounded up to
// [ProratedUnitsScale] decimals. The rule and its source are this file's comment
// above. An end before the start, or a range outside the period, wraps
// [ErrInvalidInterval]; units removed beyond those present (the running total in
// time order below zero) are a [*FieldError] at "[i].Quantity" wrapping
// [ErrNegativeQuantity].
func AggregateProrated(records []UsageRecord, p ProratedPeriod) (Usage, error) {
	u := Usage{Aggregation: AggregateSum, Start: p.Start, End: p.End, Quantity: decimal.Zero}
	if err := checkPeriod(records, p.Start, p.End); err != nil {
		return u, err
	}
	ps, pe := p.PeriodStart, p.PeriodEnd
	if ps.IsZero() && pe.IsZero() {
		ps, pe = p.Start, p.End
	}
	if p.Start.Before(ps) || pe.Before(p.End) || !ps.Before(pe) {
		return u, fmt.Errorf("prorated usage %s to %s in the period %s to %s: %w", p.Start.UTC().Format(time.RFC3339), p.End.UTC().Format(time.RFC3339),
			ps.UTC().Format(time.RFC3339), pe.UTC().Format(time.RFC3339), ErrInvalidInterval)
	}
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	first, last := dayNumber(ps, loc), lastDay(pe, loc)
	total := last - first + 1
	rangeLast := lastDay(p.End, loc)
	idx := make([]int, 0, 16)
	for i := range records {
		if records[i].timestamp.Before(p.End) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return records[idx[a]].timestamp.Before(records[idx[b]].timestamp) })
	pu := &ProratedUsage{PeriodDays: total, Full: decimal.Zero, Max: decimal.Zero, Exact: decimal.Zero, Location: p.Location}
	running := decimal.Zero
	k := 0
	for ; k < len(idx) && records[idx[k]].timestamp.Before(p.Start); k++ {
		i := idx[k]
		running = running.Add(records[i].Quantity())
		if running.Sign() < 0 {
			return u, refuseRemoval(&records[i], i)
		}
	}
	u.Records = len(idx)
	if !running.IsZero() && p.Start.Before(p.End) {
		days := rangeLast - dayNumber(p.Start, loc) + 1
		c := coefficient(days, total)
		pu.Changes = append(pu.Changes, ProratedChange{Day: localMidnight(p.Start, loc), Carried: true, Units: running, Days: days, Coefficient: c, Prorated: running.Mul(c)})
		pu.events = append(pu.events, proratedEvent{running, c})
	}
	pu.Max = running
	for ; k < len(idx); k++ {
		i := idx[k]
		r := &records[i]
		q := r.Quantity()
		running = running.Add(q)
		if running.Sign() < 0 {
			return u, refuseRemoval(r, i)
		}
		if running.GreaterThan(pu.Max) {
			pu.Max = running
		}
		d := dayNumber(r.timestamp, loc)
		days := rangeLast - d + 1
		c := coefficient(days, total)
		pu.events = append(pu.events, proratedEvent{q, c})
		if n := len(pu.Changes); n > 0 && !pu.Changes[n-1].Carried && pu.Changes[n-1].Days == days {
			ch := &pu.Changes[n-1]
			ch.Units = ch.Units.Add(q)
			ch.Prorated = ch.Units.Mul(c)
			continue
		}
		pu.Changes = append(pu.Changes, ProratedChange{Day: localMidnight(r.timestamp, loc), Units: q, Days: days, Coefficient: c, Prorated: q.Mul(c)})
	}
	for _, ch := range pu.Changes {
		pu.Exact = pu.Exact.Add(ch.Prorated)
	}
	pu.Full = running
	u.Prorated = pu
	u.Quantity = ceilScale(pu.Exact, ProratedUnitsScale)
	return u, nil
}

// refuseRemoval is the error of a record that removes units not present.
func refuseRemoval(r *UsageRecord, i int) error {
	return fieldErr(fmt.Sprintf("[%d].Quantity", i), fmt.Errorf("%w: the record of %s removes %s units, more than are present",
		ErrNegativeQuantity, r.timestamp.UTC().Format(time.RFC3339), text.ShortDecimal(r.Quantity().Neg())))
}

// localMidnight is the midnight that starts t's day in loc.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// ceilScale rounds d up (towards +∞) to scale decimals.
func ceilScale(d decimal.Decimal, scale int32) decimal.Decimal {
	r := d.Truncate(scale)
	if r.LessThan(d) {
		r = r.Add(decimal.New(1, -scale))
	}
	return r
}

// Explain says how the units were weighed, for a reader: "3 units for the whole
// period, 1 unit added on 11 Aug for 21 of 31 days: 3.67742 prorated units (3 +
// 0.67741935…, rounded up to 5 decimals)". Removals read "removed on"; a range
// shorter than the period reads "for the N days of the range". At most 12 days
// are listed, the rest summed.
func (pu *ProratedUsage) Explain() string {
	b := make([]byte, 0, 160)
	period := " of " + strconv.FormatInt(pu.PeriodDays, 10) + " days"
	for i, ch := range pu.Changes {
		if i == maxExplainedChanges {
			rest := decimal.Zero
			for _, c := range pu.Changes[i:] {
				rest = rest.Add(c.Prorated)
			}
			b = append(b, ", "...)
			b = strconv.AppendInt(b, int64(len(pu.Changes)-i), 10)
			b = append(b, " more days' changes: "...)
			b = text.AppendDecimal(b, rest.Truncate(8))
			break
		}
		if i > 0 {
			b = append(b, ", "...)
		}
		units := ch.Units.Abs()
		b = text.AppendDecimal(b, units)
		if units.Equal(decimal.NewFromInt(1)) {
			b = append(b, " unit"...)
		} else {
			b = append(b, " units"...)
		}
		switch {
		case ch.Carried && ch.Days == pu.PeriodDays:
			b = append(b, " for the whole period"...)
			continue
		case ch.Carried:
			b = append(b, " present from the start, for "...)
		case ch.Units.Sign() < 0:
			b = append(b, " removed on "...)
			b = ch.Day.AppendFormat(b, "2 Jan")
			b = append(b, ", less "...)
		default:
			b = append(b, " added on "...)
			b = ch.Day.AppendFormat(b, "2 Jan")
			b = append(b, " for "...)
		}
		b = strconv.AppendInt(b, ch.Days, 10)
		b = append(b, period...)
	}
	if len(pu.Changes) == 0 {
		b = append(b, "no units present"...)
	}
	b = append(b, ": "...)
	b = text.AppendDecimal(b, ceilScale(pu.Exact, ProratedUnitsScale))
	b = append(b, " prorated units ("...)
	b = text.AppendDecimal(b, pu.Exact.Truncate(8))
	b = append(b, "…, rounded up to 5 decimals; a unit weighs its days present ÷ the period's days"...)
	if pu.Location != nil && pu.Location != time.UTC {
		b = append(b, ", days in "...)
		b = append(b, pu.Location.String()...)
	}
	return string(append(b, ')'))
}

// maxExplainedChanges is the most changes [ProratedUsage.Explain] lists one by one.
const maxExplainedChanges = 12
