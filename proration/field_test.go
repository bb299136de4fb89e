package proration

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// TestConstructorFieldErrors checks that NewPeriod, NewCycle and NewFactor report the
// field at fault as a *pricing.FieldError wrapping the sentinel.
func TestConstructorFieldErrors(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	t1 := t0.AddDate(0, 1, 0)
	p := Period{Start: t0, End: t1}
	cases := []struct {
		name  string
		err   error
		field string
		want  error
		text  string
	}{
		{"period end at start", second(NewPeriod(t0, t0)), "End", ErrInvalidPeriod, "is not after start"},
		{"period end before start", second(NewPeriod(t1, t0)), "End", ErrInvalidPeriod, "2026-03-01T00:00:00Z"},
		{"cycle interval", second(NewCycle(t0, pricing.Interval(9), 1)), "Interval", ErrInvalidCycle, ""},
		{"cycle count 0", second(NewCycle(t0, pricing.Month, 0)), "Count", ErrInvalidCycle, "every 0 month"},
		{"cycle count too large", second(NewCycle(t0, pricing.Month, 37)), "Count", ErrInvalidCycle, "want 1 to 36"},
		{"cycle anchor", second(NewCycle(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), pricing.Month, 1)), "Anchor", ErrInvalidCycle, "years 1 to 9999"},
		{"factor empty period", second(NewFactor(Period{Start: t0, End: t0}, t0, BySecond)), "Period.End", ErrInvalidPeriod, ""},
		{"factor before period", second(NewFactor(p, t0.Add(-time.Second), BySecond)), "At", ErrOutsidePeriod, "2026-02-28T23:59:59Z"},
		{"factor after period", second(NewFactor(p, t1.Add(time.Second), ByDay)), "At", ErrOutsidePeriod, ""},
		{"factor no whole day", second(NewFactor(Period{Start: t0, End: t0.Add(time.Hour)}, t0, ByDay)), "Period.End", ErrInvalidPeriod, "no whole UTC day"},
		{"factor granularity", second(NewFactor(p, t0, Granularity(5))), "Granularity", ErrInvalidGranularity, "5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fe *pricing.FieldError
			if !errors.As(c.err, &fe) {
				t.Fatalf("%v (%T), want a *pricing.FieldError", c.err, c.err)
			}
			if fe.Field != c.field {
				t.Errorf("Field %q, want %q (%v)", fe.Field, c.field, c.err)
			}
			if !errors.Is(c.err, c.want) {
				t.Errorf("%v does not wrap %v", c.err, c.want)
			}
			if !strings.HasPrefix(c.err.Error(), c.field+": ") || !strings.Contains(c.err.Error(), c.text) {
				t.Errorf("%q does not start with %q and name %q", c.err, c.field, c.text)
			}
		})
	}
}

// second returns the error of a constructor's result.
func second[T any](_ T, err error) error { return err }
