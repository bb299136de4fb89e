package proration

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/date/v2/gregorian"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/intmath"
	"github.com/pricekit/pricekit/pricing"
)

// ErrInvalidConvention: a [Convention] field has an unknown value, or a value that
// has no effect with the other fields (a setting that would be silently ignored).
var ErrInvalidConvention = errors.New("invalid proration convention")

// ChangeDay says, when counting whole days, which side the day of the change (the
// calendar day holding the instant At) belongs to. The zero value is
// [ChangeDayRemaining].
type ChangeDay uint8

const (
	// ChangeDayRemaining counts the day of the change as remaining: the new state pays
	// for it. Stripe's day granularity in pricekit, Lago's upgrades
	// (https://getlago.com/docs/guide/subscriptions/upgrades-downgrades), Kill Bill
	// (days between dates, the start date included) and Flexprice (remaining days
	// counted from the change date inclusive).
	ChangeDayRemaining ChangeDay = iota
	// ChangeDayUsed counts the day of the change as used: the old state paid for it.
	// Lago's terminations: a subscription terminated on the 15th bills the 15th, and
	// the credit for unused days starts on the 16th.
	ChangeDayUsed
)

// String returns "remaining" or "used".
func (d ChangeDay) String() string {
	switch d {
	case ChangeDayRemaining:
		return "remaining"
	case ChangeDayUsed:
		return "used"
	}
	return fmt.Sprintf("ChangeDay(%d)", uint8(d))
}

// Denominator says which length a factor divides by. The zero value is
// [PeriodLength].
type Denominator uint8

const (
	// PeriodLength divides by the length of the period prorated (Stripe, Lago,
	// Flexprice).
	PeriodLength Denominator = iota
	// IntervalBeforeEnd divides by the billing period that ends where the period
	// prorated ends: from End moved back by one [Convention.Interval] ×
	// [Convention.IntervalCount], with month arithmetic that clamps to the month's
	// last day, to End. Kill Bill's leading proration (before the first billing cycle
	// date): with a billing day of 31, the partial period ending on Feb 28 lies in
	// Jan 28 → Feb 28, 31 days (calculateProRationBeforeFirstBillingPeriod in
	// invoice/.../generator/InvoiceDateUtils.java, https://github.com/killbill/killbill).
	IntervalBeforeEnd
	// IntervalAfterStart divides by the billing period that starts where the period
	// prorated starts: from Start to Start moved on by one interval, clamped the same
	// way. Kill Bill's trailing proration (after the last billing cycle date, up to a
	// cancellation: calculateProRationAfterLastBillingCycleDate, same file).
	IntervalAfterStart
)

// String returns "period", "interval before end" or "interval after start".
func (d Denominator) String() string {
	switch d {
	case PeriodLength:
		return "period"
	case IntervalBeforeEnd:
		return "interval before end"
	case IntervalAfterStart:
		return "interval after start"
	}
	return fmt.Sprintf("Denominator(%d)", uint8(d))
}

// FractionRounding says whether the fraction is rounded before it is applied. The
// zero value is [ExactFraction].
type FractionRounding uint8

const (
	// ExactFraction applies the exact fraction; the amount is rounded once, to the
	// currency (Stripe, Lago).
	ExactFraction FractionRounding = iota
	// RoundedFraction rounds the fraction to [Convention.Scale] decimals with
	// [Convention.Mode] first, then rounds the amount to the currency. Kill Bill: 9
	// decimals, half up (its KillBillMoney.MAX_SCALE and ROUNDING_METHOD,
	// https://github.com/killbill/killbill, InvoiceDateUtils); Flexprice: 16 decimals
	// half away from zero (shopspring/decimal's Div, https://github.com/flexprice/flexprice,
	// internal/domain/proration).
	RoundedFraction
)

// Convention is the way a proration factor is counted, as an engine counts it. The
// zero value is Stripe's: the remaining seconds ÷ the period's seconds, exact; it
// gives the same Factor as [NewFactor] with [BySecond]. Each field is one documented
// choice of an engine; a field set where it has no effect is refused
// ([ErrInvalidConvention]), never ignored.
type Convention struct {
	// Granularity is the unit counted: [BySecond] (default) or [ByDay] (whole calendar
	// days in Location).
	Granularity Granularity
	// Location is the time zone whose calendar days are counted: a day runs from one
	// midnight in the zone to the next, so a daylight-saving day of 23 or 25 hours
	// counts as one day. nil means UTC. Lago and Flexprice count days in the
	// customer's time zone (https://getlago.com/docs/guide/customers/invoice-customer,
	// https://docs.flexprice.io/docs/customers/timezone-aware-billing); Kill Bill
	// counts the account's local dates. It needs Granularity ByDay, or a
	// Denominator other than PeriodLength (whose month arithmetic it sets).
	Location *time.Location
	// ChangeDay is the side the day of the change counts on, in days; the default
	// [ChangeDayRemaining] is today's day granularity. [ChangeDayUsed] needs ByDay.
	ChangeDay ChangeDay
	// FixedMonth is 0 (months of their actual length, default), 30 or 28: every
	// month counts that many days, the period's total is FixedMonth × its number of
	// months, and a day of the month past FixedMonth counts as day FixedMonth (the
	// 30/360 convention). Kill Bill's org.killbill.invoice.proration.fixed.days
	// (util/.../config/definition/InvoiceConfig.java, https://github.com/killbill/killbill),
	// whose numbers this reproduces when the billing day is at most FixedMonth (past
	// it, Kill Bill's count can fall below zero; pricekit's stays in [0, 1]). It needs ByDay, a
	// period of whole months, and Denominator PeriodLength.
	FixedMonth int
	// Denominator is the length divided by: the period prorated (default) or the
	// billing interval it lies in ([IntervalBeforeEnd], [IntervalAfterStart]).
	Denominator Denominator
	// Interval and IntervalCount are the billing interval of the Denominator (1 to
	// Interval.MaxIntervalCount()); both must be left zero with PeriodLength.
	Interval pricing.Interval
	// IntervalCount is the number of Intervals in one billing period; see Interval.
	IntervalCount int
	// FractionRounding says whether the fraction is rounded before it is applied; the
	// default [ExactFraction] applies it exactly.
	FractionRounding FractionRounding
	// Scale is the number of decimals the fraction is rounded to (0 to 30) with
	// RoundedFraction; 0 otherwise.
	Scale int32
	// Mode is the rounding mode of the fraction with RoundedFraction (Kill Bill's
	// HALF_UP is [pricing.HalfAwayFromZero], the zero value); left zero otherwise.
	Mode pricing.RoundingMode
}

// maxScale bounds Convention.Scale.
const maxScale = 30

// isPlain reports whether c is the zero Convention, optionally with ByDay: the two
// granularities of [NewFactor], which explanations describe without a convention.
func (c Convention) isPlain() bool {
	return c == Convention{Granularity: c.Granularity}
}

// Check reports the first field of c that is not accepted, as a
// [*pricing.FieldError] at the field's name ("FixedMonth", "Scale", ...) wrapping
// [ErrInvalidConvention] (or [ErrInvalidGranularity] for Granularity).
func (c Convention) Check() error {
	bad := func(field, format string, args ...any) error {
		return fieldErr(field, fmt.Errorf("%w: "+format, append([]any{ErrInvalidConvention}, args...)...))
	}
	byDay := c.Granularity == ByDay
	switch {
	case c.Granularity > ByDay:
		return fieldErr("Granularity", fmt.Errorf("%w: %d", ErrInvalidGranularity, c.Granularity))
	case c.Location != nil && !byDay && c.Denominator == PeriodLength:
		return bad("Location", "%s has no effect by second; set Granularity ByDay", c.Location)
	case c.ChangeDay > ChangeDayUsed:
		return bad("ChangeDay", "%s", c.ChangeDay)
	case c.ChangeDay == ChangeDayUsed && !byDay:
		return bad("ChangeDay", "the change day is counted only by day; set Granularity ByDay")
	case c.FixedMonth != 0 && c.FixedMonth != 28 && c.FixedMonth != 30:
		return bad("FixedMonth", "%d (want 0, 28 or 30)", c.FixedMonth)
	case c.FixedMonth != 0 && !byDay:
		return bad("FixedMonth", "fixed months count days; set Granularity ByDay")
	case c.Denominator > IntervalAfterStart:
		return bad("Denominator", "%s", c.Denominator)
	case c.FixedMonth != 0 && c.Denominator != PeriodLength:
		return bad("Denominator", "%s with FixedMonth %d: the fixed month is the denominator", c.Denominator, c.FixedMonth)
	case c.Denominator == PeriodLength && c.Interval != 0:
		return bad("Interval", "%s is used only by a Denominator other than the period", c.Interval)
	case c.Denominator == PeriodLength && c.IntervalCount != 0:
		return bad("IntervalCount", "%d is used only by a Denominator other than the period", c.IntervalCount)
	case c.Denominator != PeriodLength && !c.Interval.Valid():
		return bad("Interval", "%s", c.Interval)
	case c.Denominator != PeriodLength && (c.IntervalCount < 1 || c.IntervalCount > c.Interval.MaxIntervalCount()):
		return bad("IntervalCount", "every %d %s (want 1 to %d)", c.IntervalCount, c.Interval, c.Interval.MaxIntervalCount())
	case c.FractionRounding > RoundedFraction:
		return bad("FractionRounding", "%d", c.FractionRounding)
	case c.FractionRounding == ExactFraction && c.Scale != 0:
		return bad("Scale", "%d is used only with RoundedFraction", c.Scale)
	case c.FractionRounding == ExactFraction && c.Mode != 0:
		return bad("Mode", "%s is used only with RoundedFraction", c.Mode)
	case c.Scale < 0 || c.Scale > maxScale:
		return bad("Scale", "%d (want 0 to %d)", c.Scale, maxScale)
	case !c.Mode.Valid():
		return bad("Mode", "%s", c.Mode)
	}
	return nil
}

// location returns c.Location, UTC when nil.
func (c Convention) location() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// String describes the convention for explanations: "by second" for the zero
// value, otherwise its unit and each choice that differs from Stripe's
// ("by day in Europe/Paris, 30-day months, change day used").
func (c Convention) String() string { return string(c.appendTo(nil)) }

func (c Convention) appendTo(b []byte) []byte {
	if c.Granularity == ByDay {
		b = append(b, "by day"...)
	} else {
		b = append(b, "by second"...)
	}
	if c.Location != nil {
		b = append(b, " in "...)
		b = append(b, c.Location.String()...)
	}
	if c.FixedMonth != 0 {
		b = fmt.Appendf(b, ", %d-day months", c.FixedMonth)
	}
	if c.ChangeDay == ChangeDayUsed {
		b = append(b, ", change day used"...)
	}
	if c.Denominator != PeriodLength {
		side := "ending at the period's end"
		if c.Denominator == IntervalAfterStart {
			side = "starting at the period's start"
		}
		b = fmt.Appendf(b, ", out of the %d-%s billing period %s", c.IntervalCount, c.Interval, side)
	}
	if c.FractionRounding == RoundedFraction {
		b = fmt.Appendf(b, ", fraction rounded %s to %d places", c.Mode, c.Scale)
	}
	return b
}

// NewFactorIn returns the fraction of p left after at, counted by conv; at must lie
// in [p.Start, p.End]. NewFactorIn(p, at, Convention{Granularity: g}) equals
// NewFactor(p, at, g). An error is a [*pricing.FieldError] named after the [Factor]
// field at fault: "Period.End" or "Period.Start" ([ErrInvalidPeriod]: p is empty,
// spans no whole day in the zone, is not whole months with FixedMonth, or does not
// lie in the billing period of the Denominator), "At" ([ErrOutsidePeriod]) or
// "Convention.<field>" (see [Convention.Check]).
func NewFactorIn(p Period, at time.Time, conv Convention) (Factor, error) {
	return newFactor(p, at, conv, false)
}

// NewUsedFactor returns the fraction of p used before at, counted by conv: the part
// [p.Start, at) of the period, for a fee billed in arrears or up to a termination
// (Lago bills a plan paid in arrears for the days up to its termination; Kill Bill
// bills the days from the last billing cycle date to a cancellation). With the
// default Denominator and an exact fraction, a used and a remaining factor at the
// same instant sum to exactly 1. Errors are those of [NewFactorIn].
func NewUsedFactor(p Period, at time.Time, conv Convention) (Factor, error) {
	return newFactor(p, at, conv, true)
}

func newFactor(p Period, at time.Time, conv Convention, used bool) (Factor, error) {
	if !p.End.After(p.Start) {
		return Factor{}, fieldErr("Period.End", fmt.Errorf("%w: end %s is not after start %s", ErrInvalidPeriod, fmtTime(p.End), fmtTime(p.Start)))
	}
	if at.Before(p.Start) || at.After(p.End) {
		return Factor{}, fieldErr("At", fmt.Errorf("%w: %s is not within %s", ErrOutsidePeriod, fmtTime(at), p))
	}
	if err := conv.Check(); err != nil {
		return Factor{}, pricing.InField("Convention", err)
	}
	f := Factor{Period: p, At: at.UTC(), Granularity: conv.Granularity, Convention: conv, Used: used}
	var err error
	if f.Remaining, f.Total, err = conv.count(p, f.At, used); err != nil {
		return Factor{}, err
	}
	if conv.FractionRounding == RoundedFraction {
		f.Fraction = roundFraction(f.Remaining, f.Total, conv.Scale, conv.Mode)
	}
	return f, nil
}

// count returns the counted part (remaining after at, or used before it) and the
// denominator.
func (c Convention) count(p Period, at time.Time, used bool) (part, total int64, err error) {
	lo, hi, err := c.span(p)
	if err != nil {
		return 0, 0, err
	}
	if c.Granularity == BySecond {
		if used {
			return at.Unix() - p.Start.Unix(), hi.Unix() - lo.Unix(), nil
		}
		return p.End.Unix() - at.Unix(), hi.Unix() - lo.Unix(), nil
	}
	loc := c.location()
	dLo, dHi := date.NewAt(lo.In(loc)), date.NewAt(hi.In(loc))
	dS, dE, dA := date.NewAt(p.Start.In(loc)), date.NewAt(p.End.In(loc)), date.NewAt(at.In(loc))
	if dE <= dS {
		if c.Location == nil {
			return 0, 0, fieldErr("Period.End", fmt.Errorf("%w: %s spans no whole UTC day; prorate by second", ErrInvalidPeriod, p))
		}
		return 0, 0, fieldErr("Period.End", fmt.Errorf("%w: %s spans no whole day in %s; prorate by second", ErrInvalidPeriod, p, c.Location))
	}
	// usedDays counts the days of the period before the change day (or through it).
	var usedDays, inPeriod int64
	if c.FixedMonth != 0 {
		months, ok := wholeMonths(dS, dE)
		if !ok {
			return 0, 0, fieldErr("Period.End", fmt.Errorf("%w: %s is not a period of whole months in %s, as FixedMonth needs", ErrInvalidPeriod, p, loc))
		}
		total = int64(c.FixedMonth) * months
		inPeriod = total
		if dA >= dE {
			usedDays = total
		} else {
			usedDays = min(max(days360(dS, dA, c.FixedMonth), 0), total)
		}
	} else {
		total = int64(dHi - dLo)
		inPeriod = int64(dE - dS)
		usedDays = int64(dA - dS)
	}
	if c.ChangeDay == ChangeDayUsed && dA < dE {
		usedDays = min(usedDays+1, inPeriod)
	}
	if used {
		return usedDays, total, nil
	}
	return inPeriod - usedDays, total, nil
}

// span returns the billing period the denominator measures: p itself, or one
// interval before its end or after its start; p must lie within it.
func (c Convention) span(p Period) (lo, hi time.Time, err error) {
	n := c.IntervalCount
	switch c.Denominator {
	case IntervalBeforeEnd:
		lo, err = addLocal(p.End, c.Interval, -n, c.location())
		if err == nil && lo.After(p.Start) {
			err = fieldErr("Period.Start", fmt.Errorf("%w: %s starts before its billing period %s/%s (every %d %s)", ErrInvalidPeriod, p, fmtTime(lo), fmtTime(p.End), n, c.Interval))
		}
		return lo, p.End, err
	case IntervalAfterStart:
		hi, err = addLocal(p.Start, c.Interval, n, c.location())
		if err == nil && hi.Before(p.End) {
			err = fieldErr("Period.End", fmt.Errorf("%w: %s ends after its billing period %s/%s (every %d %s)", ErrInvalidPeriod, p, fmtTime(p.Start), fmtTime(hi), n, c.Interval))
		}
		return p.Start, hi, err
	}
	return p.Start, p.End, nil
}

// addLocal moves t by n intervals on the wall clock of loc, clamping a month's day
// to its last day (Jan 31 + 1 month = Feb 28; Feb 28 − 1 month = Jan 28).
func addLocal(t time.Time, iv pricing.Interval, n int, loc *time.Location) (time.Time, error) {
	l := t.In(loc)
	y, m, d := l.Date()
	switch iv {
	case pricing.Day:
		d += n
	case pricing.Week:
		d += 7 * n
	default:
		months := n
		if iv == pricing.Year {
			months = 12 * n
		}
		total := int(m) - 1 + months
		y, m = y+intmath.FloorDiv(total, 12), time.Month(intmath.FloorMod(total, 12)+1)
		d = min(d, gregorian.DaysIn(y, m))
	}
	out := time.Date(y, m, d, l.Hour(), l.Minute(), l.Second(), 0, loc).UTC()
	if out.Year() < 1 || out.Year() > 9999 {
		return time.Time{}, fieldErr("Period", fmt.Errorf("%w: %d × %s from %s leaves the years 1 to 9999", ErrInvalidPeriod, n, iv, fmtTime(t)))
	}
	return out, nil
}

// wholeMonths returns the number of months from s to e if the period is whole
// months: e's day of the month equals s's, or the smaller of the two is its month's
// last day (a clamped month-end anchor, Jan 31 → Feb 28 → Mar 31).
func wholeMonths(s, e date.Date) (int64, bool) {
	ys, ms, ds := s.Date()
	ye, me, de := e.Date()
	n := int64(12*(ye-ys) + int(me) - int(ms))
	whole := ds == de || (de < ds && de == gregorian.DaysIn(ye, me)) || (ds < de && ds == gregorian.DaysIn(ys, ms))
	return n, n >= 1 && whole
}

// days360 counts the days from a to b with months of fixed days each, a day of the
// month past fixed counting as day fixed.
func days360(a, b date.Date, fixed int) int64 {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	months := int64(12*(yb-ya) + int(mb) - int(ma))
	return int64(fixed)*months + int64(min(db, fixed)-min(da, fixed))
}

// roundFraction returns part/total rounded to scale places with mode, exactly: the
// quotient is truncated to scale+1 digits and, when a remainder is left, marked by
// one more digit, which decides every mode as the exact value would.
func roundFraction(part, total int64, scale int32, mode pricing.RoundingMode) decimal.Decimal {
	num := new(big.Int).Mul(big.NewInt(part), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)+1), nil))
	q, r := new(big.Int).QuoRem(num, big.NewInt(total), new(big.Int))
	exp := -(scale + 1)
	if r.Sign() != 0 {
		q.Mul(q, big.NewInt(10)).Add(q, big.NewInt(1))
		exp--
	}
	return pricing.Round(decimal.NewFromBigInt(q, exp), scale, mode)
}
