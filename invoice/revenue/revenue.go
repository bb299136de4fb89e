package revenue

import (
	"errors"
	"fmt"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Sentinel errors, wrapped (with the offending values) in a [*pricing.FieldError]
// that names the field. Test for them with errors.Is. Amounts are refused with the
// pricing package's sentinels: [pricing.ErrOutOfRange] beyond ±10^15 minor units,
// [pricing.ErrNotWholeMinorUnits], [pricing.ErrCurrencyMismatch] and
// [pricing.ErrUnknownCurrency] (no currency).
var (
	// ErrInvalidPeriod: a line's period is empty or inverted, is not in whole
	// seconds, or touches more than MaxMonths calendar months; or a period asked of
	// [Schedule.ByPeriods] does not end after it starts.
	ErrInvalidPeriod = errors.New("invalid service period")
	// ErrInvalidCredit: a credit note's amount is not positive, or its date is not
	// in whole seconds.
	ErrInvalidCredit = errors.New("invalid credit note")
	// ErrCreditExceedsLine: the credit notes of a line add up to more than the
	// line's amount (a line of zero or negative amount takes no credit note).
	ErrCreditExceedsLine = errors.New("credit notes exceed the line")
	// ErrUnknownLine: a credit note names a line index that is not in the request.
	ErrUnknownLine = errors.New("unknown line")
	// ErrInvalidOptions: a nil time zone or an unknown granularity.
	ErrInvalidOptions = errors.New("invalid options")
	// ErrTooLarge: the schedule would hold more than MaxEntries month parts, or the
	// lines' magnitudes add up to more than MaxTotal minor units.
	ErrTooLarge = errors.New("schedule too large")
)

// Bounds on what [Recognize] accepts; beyond them it refuses with the path of the
// line that passes them, so that memory stays bounded and no sum overflows.
const (
	// MaxAmount is the largest magnitude of a line or credit note, in minor units.
	MaxAmount = 1_000_000_000_000_000 // 10^15
	// MaxTotal is the largest sum of the magnitudes of all lines, in minor units.
	MaxTotal = MaxAmount
	// MaxMonths is the most calendar months one line's period may touch (100 years
	// and a partial month).
	MaxMonths = 1201
	// MaxEntries is the most month parts a schedule holds, over all lines and the
	// credit notes recognized after payment.
	MaxEntries = 1 << 20
)

// Granularity is how a line's amount is spread over its service period; the
// values are Stripe Revenue Recognition's amortization settings. The zero value is
// [Second].
type Granularity uint8

const (
	// Second (the default): every second of the period weighs the same.
	Second Granularity = iota
	// Day: every calendar day of the period (in the time zone) weighs the same; the
	// day the period starts counts whole, the day it ends does not (a period inside
	// one day gives that day everything).
	Day
	// MonthEven: every calendar month of the period (in the time zone) weighs the
	// same; the month the period starts counts whole, the month it ends does not (a
	// period inside one month gives that month everything; a period ending exactly
	// at the start of a month ends in the month before, which counts).
	MonthEven
	// MonthEvenProrated: every full calendar month weighs the same, and the first and
	// last months, when partial, weigh the fraction of the month (by the second)
	// that the period covers. A period inside one month gives it everything.
	MonthEvenProrated
	numGranularities
)

// String returns the name used in the preview format: "second", "day",
// "month_even" or "month_even_prorated".
func (g Granularity) String() string {
	switch g {
	case Second:
		return "second"
	case Day:
		return "day"
	case MonthEven:
		return "month_even"
	case MonthEvenProrated:
		return "month_even_prorated"
	}
	return fmt.Sprintf("Granularity(%d)", uint8(g))
}

// ParseGranularity returns the granularity named s (as [Granularity.String]
// writes it); an unknown name wraps [ErrInvalidOptions].
func ParseGranularity(s string) (Granularity, error) {
	for g := Second; g < numGranularities; g++ {
		if g.String() == s {
			return g, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown granularity %q (want second, day, month_even or month_even_prorated)", ErrInvalidOptions, s)
}

// Options are how [Recognize] spreads amounts, built by [NewOptions]. The zero
// value recognizes by the second in UTC.
type Options struct {
	granularity Granularity
	loc         *time.Location
}

// NewOptions returns the options of granularity g in time zone loc, in which
// calendar months and days are counted. A nil loc is a [*pricing.FieldError] at
// "Location", an unknown g one at "Granularity", both wrapping [ErrInvalidOptions].
func NewOptions(g Granularity, loc *time.Location) (Options, error) {
	if g >= numGranularities {
		return Options{}, &pricing.FieldError{Field: "Granularity", Err: fmt.Errorf("%w: %s", ErrInvalidOptions, g)}
	}
	if loc == nil {
		return Options{}, &pricing.FieldError{Field: "Location", Err: fmt.Errorf("%w: nil time zone (use time.UTC)", ErrInvalidOptions)}
	}
	return Options{granularity: g, loc: loc}, nil
}

// Granularity returns how amounts are spread ([Second] by default).
func (o Options) Granularity() Granularity { return o.granularity }

// Location returns the time zone of months and days (UTC by default).
func (o Options) Location() *time.Location {
	if o.loc == nil {
		return time.UTC
	}
	return o.loc
}

// Line is one amount to recognize over its service period.
type Line struct {
	// ID is the caller's name for the line (an invoice line id); optional, only
	// carried into the schedule.
	ID string
	// Amount is the revenue of the line: whole minor units of its currency, net of
	// discounts and excluding tax, within ±10^15 minor units. Negative for a credit
	// (a proration's unused time), which recognizes negatively. Every line of a
	// request has the same currency.
	Amount pricing.Money
	// Period is the service period [Start, End) over which Amount is recognized:
	// End after Start, both in whole seconds, touching at most MaxMonths months.
	Period proration.Period
	// PaidAt is when the line's invoice was paid; zero if it is not paid. It decides
	// how the line's credit notes are recognized (see the package documentation).
	PaidAt time.Time
}

// CreditNote is an amount credited against one line (Stripe's credit note line
// for an invoice line).
type CreditNote struct {
	// Line is the index of the credited line in [Request.Lines].
	Line int
	// Amount is the credit: positive, whole minor units of the line's currency, net
	// of discounts and excluding tax. A line's credit notes may not add up to more
	// than its amount.
	Amount pricing.Money
	// Created is when the credit note was issued, in whole seconds. Before the
	// line's PaidAt (or when the line is not paid) it is a credit before payment,
	// otherwise a credit after payment.
	Created time.Time
}

// Request is what [Recognize] schedules.
type Request struct {
	// Lines are the amounts to recognize, each over its own period.
	Lines []Line
	// CreditNotes are credits against the lines (optional).
	CreditNotes []CreditNote
	// Options are the granularity and time zone (the zero value: by the second, UTC).
	Options Options
}

// Month is a calendar month in the schedule's time zone.
type Month struct {
	// Year is the calendar year (2024).
	Year int
	// Month is the month of the year.
	Month time.Month
}

// String returns the month as "2024-06".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Before reports whether m is an earlier month than n.
func (m Month) Before(n Month) bool { return m.index() < n.index() }

func (m Month) index() int64 { return int64(m.Year)*12 + int64(m.Month) - 1 }

func (m Month) next() Month {
	if m.Month == time.December {
		return Month{m.Year + 1, time.January}
	}
	return Month{m.Year, m.Month + 1}
}

func (m Month) prev() Month {
	if m.Month == time.January {
		return Month{m.Year - 1, time.December}
	}
	return Month{m.Year, m.Month - 1}
}

// start returns the first instant of m in loc.
func (m Month) start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// Entry is what one line recognizes in one calendar month.
type Entry struct {
	// Month is the calendar month, in the schedule's time zone.
	Month Month
	// Start and End are the part [Start, End) of the line's period in the month.
	// For a credit note after payment dated outside the period (after it ends),
	// the month of its date gets an entry with Start = End = the credit's date.
	Start, End time.Time
	// Amount is what the line recognizes in the month, in whole minor units (a
	// credit note after payment included: see the package documentation).
	Amount pricing.Money
}

// LineSchedule is the schedule of one line.
type LineSchedule struct {
	// Line is the line's index in [Request.Lines]; ID its Line.ID.
	Line int
	// ID is the line's Line.ID.
	ID string
	// Billed is the line's amount as invoiced (Line.Amount).
	Billed pricing.Money
	// Amount is what the line recognizes in all: Billed less its credit notes; the
	// entries sum exactly to it.
	Amount pricing.Money
	// Entries has one entry per calendar month the period touches, in order (with
	// a zero amount where the granularity gives the month nothing), and one more
	// for the month of a credit note after payment dated after the period.
	Entries []Entry
}

// MonthAmount is what all lines recognize in one month.
type MonthAmount struct {
	// Month is the calendar month.
	Month Month
	// Amount is what the lines recognize in it.
	Amount pricing.Money
}
