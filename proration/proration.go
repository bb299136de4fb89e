// Package proration answers what a change in the middle of a billing period costs or
// credits, the way Stripe bills it.
//
// A [Cycle] (anchor, interval, count) fixes every period boundary; month-end anchors
// clamp and return (Jan 31 → Feb 28/29 → Mar 31 → Apr 30), the anchor's time of day
// is kept, and all arithmetic is in UTC.
//
// A [Factor] is the exact fraction of a period left after a change, in one of two
// granularities:
//
//   - [BySecond] (the default; Stripe): (end − change) ÷ (end − start) in seconds.
//   - [ByDay] (Lago and day-based engines): remaining whole UTC calendar days ÷ days in
//     the period; the day of the change counts as remaining, so the new plan pays
//     for it.
//
// The two agree when the period and the change fall on UTC midnights.
//
// A [Convention] counts a factor as another engine does, each choice an explicit
// field whose zero value is Stripe's: days in a time zone (Lago, Flexprice), the day
// of a change counted as used (Lago's terminations), fixed 30- or 28-day months and a
// fraction rounded to 9 places (Kill Bill), the billing period a partial period lies
// in as the denominator (Kill Bill). [NewFactorIn] counts the remaining part of a
// period by a convention, [NewUsedFactor] the used part (a fee in arrears, up to a
// termination); the factor names its convention in String and in explanations.
//
// A [Change] of one subscription item gives Stripe's pair of lines: a credit "Unused
// time on {old} after {date}" for the whole old quantity and a charge "Remaining time
// on {new} after {date}" for the whole new quantity, each round(full amount × factor)
// on its own, half away from zero. The caller passes full-period amounts; this package
// knows nothing of price models.
//
// Constructors report a refusal as a [*pricing.FieldError] naming the field at fault
// ("End", "At"). proration imports pricing, the module's internal packages,
// shopspring/decimal, rickb777/date and the standard library.
package proration

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/intmath"
	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// Sentinel errors, wrapped with the offending values (test with errors.Is).
var (
	// ErrInvalidPeriod: a period's end is not after its start, or a by-day period
	// spans no whole UTC day.
	ErrInvalidPeriod = errors.New("invalid period")
	// ErrInvalidCycle: a cycle's interval, count or anchor is not accepted.
	ErrInvalidCycle = errors.New("invalid billing cycle")
	// ErrOutsidePeriod: the instant of a change is not within the period.
	ErrOutsidePeriod = errors.New("instant outside the period")
	// ErrInvalidBehavior: an unknown proration behavior name.
	ErrInvalidBehavior = errors.New("invalid proration behavior")
	// ErrInvalidGranularity: an unknown proration granularity.
	ErrInvalidGranularity = errors.New("invalid proration granularity")
	// ErrEmptyChange: a [Change] with neither From nor To.
	ErrEmptyChange = errors.New("change has neither old nor new state")
)

// fieldErr returns err as a [*pricing.FieldError] at field.
func fieldErr(field string, err error) error { return &pricing.FieldError{Field: field, Err: err} }

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Period is the half-open interval [Start, End) of a billing period. [NewPeriod]
// builds one in UTC with End after Start; the zero Period is empty.
type Period struct {
	// Start is the first instant of the period.
	Start time.Time
	// End is the first instant after the period (the next period's Start).
	End time.Time
}

// NewPeriod returns [start, end) in UTC; end must be after start. An error is a
// [*pricing.FieldError] at "End" wrapping [ErrInvalidPeriod].
func NewPeriod(start, end time.Time) (Period, error) {
	if !end.After(start) {
		return Period{}, fieldErr("End", fmt.Errorf("%w: end %s is not after start %s", ErrInvalidPeriod, fmtTime(end), fmtTime(start)))
	}
	return Period{Start: start.UTC(), End: end.UTC()}, nil
}

// Contains reports whether Start ≤ t < End.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Seconds returns the period's length in seconds.
func (p Period) Seconds() int64 { return p.End.Unix() - p.Start.Unix() }

// String formats the period as "2020-08-06T21:28:08Z/2020-09-06T21:28:08Z".
func (p Period) String() string { return fmtTime(p.Start) + "/" + fmtTime(p.End) }

// Granularity is the unit proration counts in. The zero value is [BySecond].
type Granularity uint8

const (
	// BySecond prorates to the second (Stripe).
	BySecond Granularity = iota
	// ByDay prorates in whole UTC calendar days (Lago and day-based engines).
	ByDay
)

// String returns "second" or "day".
func (g Granularity) String() string {
	if g == ByDay {
		return "day"
	}
	return "second"
}

// ParseGranularity parses "second" or "day".
func ParseGranularity(s string) (Granularity, error) {
	switch s {
	case "second":
		return BySecond, nil
	case "day":
		return ByDay, nil
	}
	return 0, fmt.Errorf("%w: %q (want second or day)", ErrInvalidGranularity, text.Truncate(s, 32))
}

// Behavior says what a change produces. The zero value is [CreateProrations].
type Behavior uint8

const (
	// CreateProrations adds proration lines to the next (renewal) invoice.
	CreateProrations Behavior = iota
	// AlwaysInvoice invoices the proration lines at once.
	AlwaysInvoice
	// None creates no proration lines: the new state bills from the next renewal.
	None
)

var behaviorNames = [...]string{"create_prorations", "always_invoice", "none"}

// String returns the Stripe name.
func (b Behavior) String() string {
	if int(b) < len(behaviorNames) {
		return behaviorNames[b]
	}
	return fmt.Sprintf("Behavior(%d)", uint8(b))
}

// ParseBehavior parses "create_prorations", "always_invoice" or "none".
func ParseBehavior(s string) (Behavior, error) {
	for i, n := range behaviorNames {
		if n == s {
			return Behavior(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want create_prorations, always_invoice or none)", ErrInvalidBehavior, text.Truncate(s, 32))
}

// Factor is the fraction Remaining/Total of a period left after At (or, for a used
// factor, used before At), counted by a [Convention].
type Factor struct {
	// Period is the period prorated.
	Period Period
	// At is the instant of the change, in UTC, within [Period.Start, Period.End].
	At time.Time
	// Granularity is the unit Remaining and Total count in; the zero value is
	// [BySecond]. It equals Convention.Granularity.
	Granularity Granularity
	// Remaining is the time the factor covers, in seconds or whole days: from At to
	// the period's end (the day of At counted as the Convention's ChangeDay says),
	// or, when Used is set, from the period's start to At.
	Remaining int64
	// Total is the length divided by, in the same unit: the period's, or the one the
	// Convention's Denominator or FixedMonth sets; a Factor with Total 0 (the zero
	// Factor) prorates everything to 0.
	Total int64
	// Convention is how the factor was counted; the zero value is Stripe's.
	Convention Convention
	// Used is true for a factor of the used part of the period ([NewUsedFactor]),
	// false for the remaining part ([NewFactor], [NewFactorIn]).
	Used bool
	// Fraction is Remaining/Total rounded as the Convention says
	// ([RoundedFraction]), the value Apply multiplies by; zero when the fraction is
	// applied exactly.
	Fraction decimal.Decimal
}

// rounded reports whether Apply multiplies by the rounded Fraction.
func (f Factor) rounded() bool {
	return f.Convention.FractionRounding == RoundedFraction && f.Total != 0
}

// decimals returns Remaining and Total as decimals, for the arithmetic beyond int64.
func (f Factor) decimals() (decimal.Decimal, decimal.Decimal) {
	return decimal.NewFromInt(f.Remaining), decimal.NewFromInt(f.Total)
}

// NewFactor returns the fraction of p left after at, which must lie in
// [p.Start, p.End] (at p.End the factor is 0), by Stripe's convention (BySecond) or
// in whole UTC days (ByDay): [NewFactorIn] with Convention{Granularity: g}. An error
// is a [*pricing.FieldError] named after the [Factor] field at fault: "Period.End"
// ([ErrInvalidPeriod]: p is empty or, by day, spans no whole UTC day), "At"
// ([ErrOutsidePeriod]) or "Granularity" ([ErrInvalidGranularity]).
func NewFactor(p Period, at time.Time, g Granularity) (Factor, error) {
	f, err := newFactor(p, at, Convention{Granularity: g}, false)
	var fe *pricing.FieldError
	if errors.As(err, &fe) && fe.Field == "Convention.Granularity" {
		return Factor{}, fieldErr("Granularity", fe.Err)
	}
	return f, err
}

// Rat returns the factor as an exact fraction: the rounded Fraction when the
// Convention rounds it, Remaining/Total otherwise.
func (f Factor) Rat() *big.Rat {
	if f.Total == 0 {
		return new(big.Rat)
	}
	if f.rounded() {
		return f.Fraction.Rat()
	}
	return big.NewRat(f.Remaining, f.Total)
}

// String returns "445540/2678400 s" or "21/31 days" for the conventions of
// [NewFactor]; with another convention it adds it, and the rounded fraction:
// "22/30 days used (by day, 30-day months) = 0.733333333".
func (f Factor) String() string {
	unit := "s"
	if f.Granularity == ByDay {
		unit = "days"
	}
	s := fmt.Sprintf("%d/%d %s", f.Remaining, f.Total, unit)
	if f.Used {
		s += " used"
	}
	if !f.Convention.isPlain() {
		s += " (" + f.Convention.String() + ")"
	}
	if f.rounded() {
		s += " = " + f.Fraction.String()
	}
	return s
}

// Apply returns full × factor rounded once, half away from zero, to the minor unit of
// full's currency, computed exactly; with a rounded fraction ([RoundedFraction]),
// full × Fraction.
func (f Factor) Apply(full pricing.Money) pricing.Money {
	if f.Total == 0 {
		return pricing.Zero(full.Currency())
	}
	digits := full.Currency().Digits()
	if f.rounded() {
		return pricing.New(full.Amount().Mul(f.Fraction).Round(digits), full.Currency())
	}
	if c, e, ok := full.Scaled(); ok {
		if q, ok := mulDivRoundInt(c, e, f.Remaining, f.Total, digits, false); ok {
			return pricing.FromScaled(q, -digits, full.Currency())
		}
	}
	if v, ok := mulDivRound(full.Amount(), f.Remaining, f.Total, digits, false); ok {
		return pricing.New(v, full.Currency())
	}
	rem, total := f.decimals()
	return pricing.New(full.Amount().Mul(rem).DivRound(total, digits), full.Currency())
}

// exact returns ±full × factor (negated if neg), for explanations: exactly for a
// rounded fraction (a product of two decimals ends), else to 12 more places than
// the currency's.
func (f Factor) exact(full pricing.Money, neg bool) decimal.Decimal {
	if f.Total == 0 {
		return decimal.Zero
	}
	scale := full.Currency().Digits() + 12
	if f.rounded() {
		v := full.Amount().Mul(f.Fraction)
		if neg {
			return v.Neg()
		}
		return v
	}
	if v, ok := mulDivRound(full.Amount(), f.Remaining, f.Total, scale, neg); ok {
		return v
	}
	rem, total := f.decimals()
	v := full.Amount().Mul(rem).DivRound(total, scale)
	if neg {
		return v.Neg()
	}
	return v
}

// mulDivRound returns ±a × n / d (negated if neg) rounded half away from zero to
// scale places, as Decimal.DivRound does, in 128-bit integer arithmetic; ok is false
// when a's coefficient or an intermediate value does not fit, and the caller falls
// back to decimals.
func mulDivRound(a decimal.Decimal, n, d int64, scale int32, neg bool) (v decimal.Decimal, ok bool) {
	if a.NumDigits() > 18 {
		return v, false
	}
	q, ok := mulDivRoundInt(a.CoefficientInt64(), a.Exponent(), n, d, scale, neg)
	if !ok {
		return v, false
	}
	return decimal.New(q, -scale), true
}

// mulDivRoundInt returns the coefficient of ±c × 10^e × n / d (negated if neg)
// rounded half away from zero to scale places: the result is it × 10^-scale.
func mulDivRoundInt(c int64, e int32, n, d int64, scale int32, neg bool) (int64, bool) {
	k := e + scale // c × 10^e × n / d = c × n × 10^k / d × 10^-scale
	if n < 0 || d <= 0 || k < 0 || k >= intmath.NumPow10 || c == math.MinInt64 {
		return 0, false
	}
	if c < 0 {
		c, neg = -c, !neg
	}
	hi, lo := bits.Mul64(uint64(c), uint64(n))
	h2, lo := bits.Mul64(lo, intmath.Pow10(k))
	h1, l1 := bits.Mul64(hi, intmath.Pow10(k))
	hi, carry := bits.Add64(l1, h2, 0)
	if h1 != 0 || carry != 0 || hi >= uint64(d) {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, uint64(d))
	if 2*r >= uint64(d) { // r < d < 2^63: no overflow
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// Side is one state of a subscription item in a change: what a whole period of it costs.
type Side struct {
	// Name is what descriptions call the item ("Gold"); it may be empty.
	Name string
	// PriceID is the id of the side's price (may be empty); lines carry it.
	PriceID string
	// Quantity is the item's quantity, shown in descriptions when it is not 1.
	Quantity decimal.Decimal
	// Amount is what a whole period costs for the whole quantity, unrounded, in major
	// units (10.50 USD, not 1050).
	Amount pricing.Money
}

// Change is a change of one item: From nil adds it, To nil removes it.
type Change struct {
	// ItemID is the subscription item's id, carried by the lines.
	ItemID string
	// From is the state before the change, or nil when the change adds the item; To
	// is the state after it, or nil when the change removes the item. At least one is
	// set.
	From, To *Side
}

// Line is a proration line: a credit for unused time or a charge for remaining time.
// Its texts (Description, Explain) are built only when asked for.
type Line struct {
	// ItemID is the changed item's id.
	ItemID string
	// Side is the state the line prorates: the old one for a credit, the new one for a
	// charge.
	Side Side
	// Credit is true for the credit of unused time, false for the charge of the
	// remaining time.
	Credit bool
	// Period is the time prorated, [Factor.At, the period's End).
	Period Period
	// Factor is the fraction of the period the line covers.
	Factor Factor
	// Amount is Side.Amount × Factor rounded half away from zero to the minor unit,
	// major units; negative for a credit.
	Amount pricing.Money
}

// Exact returns ±full × factor before rounding, to 12 more places than the currency's.
func (l Line) Exact() decimal.Decimal { return l.Factor.exact(l.Side.Amount, l.Credit) }

// Description returns Stripe's text for the line: "Unused time on Silver after 01 Sep
// 2020" for a credit, "Remaining time on 3 × Gold after 01 Sep 2020" for a charge (the
// quantity is shown when it is not 1). The date is the change's in UTC, or in the
// Convention's Location when days are counted there.
func (l Line) Description() string { return string(l.AppendDescription(make([]byte, 0, 64))) }

// AppendDescription appends the text of [Line.Description] to b and returns the result.
func (l Line) AppendDescription(b []byte) []byte {
	if l.Credit {
		b = append(b, "Unused time on "...)
	} else {
		b = append(b, "Remaining time on "...)
	}
	if !l.Side.Quantity.Equal(one) {
		b = text.AppendDecimal(b, l.Side.Quantity)
		b = append(b, " × "...)
	}
	b = append(b, l.Side.Name...)
	b = append(b, " after "...)
	return text.AppendDateIn(b, l.Factor.At, l.Factor.Convention.Location) // the day where days were counted
}

// one is the quantity descriptions leave out (never modified).
var one = decimal.NewFromInt(1)

// Lines returns the credit for the old state (if any), then the charge for the new
// state (if any), each rounded on its own.
func (c Change) Lines(f Factor) ([]Line, error) { return c.AppendLines(make([]Line, 0, 2), f) }

// AppendLines appends the lines of [Change.Lines] to dst and returns the result.
func (c Change) AppendLines(dst []Line, f Factor) ([]Line, error) {
	if c.From == nil && c.To == nil {
		return dst, fmt.Errorf("item %q: %w", c.ItemID, ErrEmptyChange)
	}
	if f.Used {
		return dst, fmt.Errorf("item %q: %w: a change prorates the time remaining, not a used factor", c.ItemID, ErrInvalidConvention)
	}
	if c.From != nil && c.To != nil && c.From.Amount.Currency() != c.To.Amount.Currency() {
		return dst, fmt.Errorf("item %q: %w: %s and %s", c.ItemID, pricing.ErrCurrencyMismatch, c.From.Amount.Currency(), c.To.Amount.Currency())
	}
	period := Period{Start: f.At, End: f.Period.End}
	// Each line is filled in place: a Line is large to build and then copy.
	if s := c.From; s != nil {
		dst = append(dst, Line{})
		l := &dst[len(dst)-1]
		l.ItemID, l.Side, l.Credit, l.Period, l.Factor = c.ItemID, *s, true, period, f
		l.Amount = f.Apply(s.Amount).Neg()
	}
	if s := c.To; s != nil {
		dst = append(dst, Line{})
		l := &dst[len(dst)-1]
		l.ItemID, l.Side, l.Period, l.Factor = c.ItemID, *s, period, f
		l.Amount = f.Apply(s.Amount)
	}
	return dst, nil
}

// Explain says how the line was computed: the dates, the time remaining out of the
// period's, the factor, the full amount, the unrounded result and the rounding.
func (l Line) Explain() string { return string(l.AppendExplanation(make([]byte, 0, 256))) }

// AppendExplanation appends the text of [Line.Explain] to b and returns the result.
func (l Line) AppendExplanation(b []byte) []byte {
	if l.Credit {
		b = append(b, "credit: -"...)
	} else {
		b = append(b, "charge: "...)
	}
	b = text.AppendMoney(b, l.Side.Amount)
	b = append(b, " × "...)
	start := len(b)
	b = strconv.AppendInt(b, l.Factor.Remaining, 10)
	slash := len(b)
	b = append(b, '/')
	b = strconv.AppendInt(b, l.Factor.Total, 10)
	end := len(b)
	b = append(b, " ("...)
	b = append(b, b[start:slash]...) // the remaining and total time, written once
	b = append(b, " of "...)
	b = append(b, b[slash+1:end]...)
	conv := l.Factor.Convention
	if l.Factor.Granularity == ByDay {
		b = append(b, " days"...)
	} else {
		b = append(b, " seconds"...)
	}
	if conv.FixedMonth != 0 {
		b = fmt.Appendf(b, " (%d-day months)", conv.FixedMonth)
	}
	b = append(b, " remain from "...)
	b = text.AppendInstant(b, l.Factor.At, conv.Location)
	b = append(b, " to "...)
	b = text.AppendInstant(b, l.Factor.Period.End, conv.Location)
	b = append(b, ", in the period from "...)
	b = text.AppendInstant(b, l.Factor.Period.Start, conv.Location)
	if !conv.isPlain() {
		b = l.Factor.appendConvention(b)
	}
	b = append(b, ") = "...)
	exact := l.Exact()
	b = text.AppendMoney(b, pricing.New(exact, l.Amount.Currency()))
	if !exact.Equal(l.Amount.Amount()) {
		b = append(b, ", rounded half away from zero to "...)
		b = text.AppendMoney(b, l.Amount)
	}
	return b
}

// appendConvention appends, for an explanation, what the Convention changed: the
// zone days are counted in, the side of the change day, the billing period divided
// by, and the rounding of the fraction.
func (f Factor) appendConvention(b []byte) []byte {
	conv := f.Convention
	if conv.Location != nil {
		b = append(b, "; days counted in "...)
		b = append(b, conv.Location.String()...)
	}
	if conv.ChangeDay == ChangeDayUsed {
		b = append(b, "; the day of the change counted as used"...)
	}
	if conv.Denominator != PeriodLength {
		if lo, hi, err := conv.span(f.Period); err == nil {
			b = fmt.Appendf(b, "; out of the billing period of %d %s from ", conv.IntervalCount, conv.Interval)
			b = text.AppendInstant(b, lo, conv.Location)
			b = append(b, " to "...)
			b = text.AppendInstant(b, hi, conv.Location)
		}
	}
	if f.rounded() {
		b = fmt.Appendf(b, "; the fraction rounded %s to %d places is ", conv.Mode, conv.Scale)
		b = append(b, f.Fraction.String()...)
	}
	return b
}
