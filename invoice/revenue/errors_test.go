package revenue

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

func TestRefusals(t *testing.T) {
	eur := mustCurrency("eur")
	jun1, jul1 := utc(2024, 6, 1, 0), utc(2024, 7, 1, 0)
	ok := Line{Amount: pricing.FromMinor(1000, usd), Period: period(jun1, jul1)}
	paid := ok
	paid.PaidAt = jun1
	with := func(f func(*Line)) []Line {
		l := ok
		f(&l)
		return []Line{ok, l}
	}
	credit := func(line int, amount int64) CreditNote {
		return CreditNote{Line: line, Amount: pricing.FromMinor(amount, usd), Created: jun1}
	}
	tests := []struct {
		name  string
		req   Request
		field string
		err   error
		msg   string
	}{
		{"empty period", Request{Lines: with(func(l *Line) { l.Period.End = l.Period.Start })}, "Lines[1].Period", ErrInvalidPeriod, "is not after start"},
		{"inverted period", Request{Lines: with(func(l *Line) { l.Period = period(jul1, jun1) })}, "Lines[1].Period", ErrInvalidPeriod, "2024-06-01T00:00:00Z"},
		{"zero period", Request{Lines: with(func(l *Line) { l.Period = period(time.Time{}, time.Time{}) })}, "Lines[1].Period", ErrInvalidPeriod, ""},
		{"sub-second", Request{Lines: with(func(l *Line) { l.Period.End = jul1.Add(time.Millisecond) })}, "Lines[1].Period", ErrInvalidPeriod, "whole seconds"},
		{"too long", Request{Lines: with(func(l *Line) { l.Period.End = utc(2124, 7, 2, 0) })}, "Lines[1].Period", ErrInvalidPeriod, "touches 1202 calendar months"},
		{"no currency", Request{Lines: with(func(l *Line) { l.Amount = pricing.Money{} })}, "Lines[1].Amount", pricing.ErrUnknownCurrency, ""},
		{"mixed currencies", Request{Lines: with(func(l *Line) { l.Amount = pricing.FromMinor(1, eur) })}, "Lines[1].Amount", pricing.ErrCurrencyMismatch, "EUR"},
		{"beyond 10^15", Request{Lines: with(func(l *Line) { l.Amount = pricing.FromMinor(MaxAmount+1, usd) })}, "Lines[1].Amount", pricing.ErrOutOfRange, ""},
		{"below -10^15", Request{Lines: with(func(l *Line) { l.Amount = pricing.FromMinor(-MaxAmount-1, usd) })}, "Lines[1].Amount", pricing.ErrOutOfRange, ""},
		{"fraction of a cent", Request{Lines: with(func(l *Line) { l.Amount = pricing.New(decimal.RequireFromString("0.005"), usd) })}, "Lines[1].Amount", pricing.ErrNotWholeMinorUnits, ""},
		{"total too large", Request{Lines: []Line{
			{Amount: pricing.FromMinor(MaxAmount, usd), Period: ok.Period},
			{Amount: pricing.FromMinor(-1, usd), Period: ok.Period},
		}}, "Lines[1].Amount", ErrTooLarge, ""},
		{"unknown line", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{credit(0, 1), credit(1, 1)}}, "CreditNotes[1].Line", ErrUnknownLine, "1 lines"},
		{"negative line index", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{credit(-1, 1)}}, "CreditNotes[0].Line", ErrUnknownLine, ""},
		{"credit larger than the line", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{credit(0, 600), credit(0, 401)}}, "CreditNotes[1].Amount", ErrCreditExceedsLine, "1001"},
		{"credit after payment larger than the line", Request{Lines: []Line{paid}, CreditNotes: []CreditNote{credit(0, 1001)}}, "CreditNotes[0].Amount", ErrCreditExceedsLine, ""},
		{"credit on a negative line", Request{Lines: []Line{{Amount: pricing.FromMinor(-5, usd), Period: ok.Period}}, CreditNotes: []CreditNote{credit(0, 1)}}, "CreditNotes[0].Amount", ErrCreditExceedsLine, ""},
		{"zero credit", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{credit(0, 0)}}, "CreditNotes[0].Amount", ErrInvalidCredit, "not positive"},
		{"negative credit", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{credit(0, -3)}}, "CreditNotes[0].Amount", ErrInvalidCredit, ""},
		{"credit in another currency", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{{Amount: pricing.FromMinor(1, eur)}}}, "CreditNotes[0].Amount", pricing.ErrCurrencyMismatch, ""},
		{"credit without currency", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{{}}}, "CreditNotes[0].Amount", pricing.ErrCurrencyMismatch, "no currency"},
		{"credit sub-second", Request{Lines: []Line{ok}, CreditNotes: []CreditNote{{Amount: pricing.FromMinor(1, usd), Created: jun1.Add(time.Microsecond)}}}, "CreditNotes[0].Created", ErrInvalidCredit, "whole second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Recognize(tt.req)
			checkFieldError(t, err, tt.field, tt.err, tt.msg)
			if s != nil {
				t.Errorf("a schedule with the error: %v", s)
			}
		})
	}
}

func checkFieldError(t *testing.T, err error, field string, sentinel error, msg string) {
	t.Helper()
	var fe *pricing.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *pricing.FieldError", err, err)
	}
	if fe.Field != field {
		t.Errorf("field %q, want %q (%v)", fe.Field, field, err)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %v does not wrap %v", err, sentinel)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q does not say %q", err, msg)
	}
}

func TestOptionsRefusals(t *testing.T) {
	_, err := NewOptions(Day, nil)
	checkFieldError(t, err, "Location", ErrInvalidOptions, "nil time zone")
	_, err = NewOptions(numGranularities, time.UTC)
	checkFieldError(t, err, "Granularity", ErrInvalidOptions, "Granularity(4)")
	if _, err := ParseGranularity("monthly"); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("ParseGranularity(monthly): %v", err)
	}
	for g := Second; g < numGranularities; g++ {
		if got, err := ParseGranularity(g.String()); err != nil || got != g {
			t.Errorf("ParseGranularity(%q) = %v, %v", g, got, err)
		}
	}
	var zero Options
	if zero.Granularity() != Second || zero.Location() != time.UTC {
		t.Errorf("zero Options: %v in %v, want second in UTC", zero.Granularity(), zero.Location())
	}
}

func TestByPeriodsRefusal(t *testing.T) {
	s, err := Recognize(Request{Lines: []Line{{Amount: pricing.FromMinor(1000, usd), Period: period(utc(2024, 6, 1, 0), utc(2024, 7, 1, 0))}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ByPeriods([]proration.Period{period(utc(2024, 6, 1, 0), utc(2024, 6, 2, 0)), period(utc(2024, 6, 2, 0), utc(2024, 6, 2, 0))})
	checkFieldError(t, err, "[1]", ErrInvalidPeriod, "is not after start")
}

// More month parts than MaxEntries are refused at the line that passes the bound.
func TestTooManyEntries(t *testing.T) {
	long := Line{Amount: pricing.FromMinor(1, usd), Period: period(utc(2000, 1, 1, 0), utc(2100, 1, 1, 0))} // 1200 months
	lines := make([]Line, MaxEntries/1200+1)
	for i := range lines {
		lines[i] = long
	}
	_, err := Recognize(Request{Lines: lines})
	checkFieldError(t, err, "Lines[873].Period", ErrTooLarge, "month parts")
}
