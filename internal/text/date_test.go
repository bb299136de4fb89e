package text_test

import (
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// TestAppendStamp checks the hand-written layouts against time.Format over the
// years 1 to 9999, from a time zone other than UTC.
func TestAppendStamp(t *testing.T) {
	loc := time.FixedZone("UTC+5:30", 5*3600+1800)
	start := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	end := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	for u := start; u <= end; u += 7919 * 3607 * 11 {
		at := time.Unix(u, 0).In(loc)
		if got, want := string(text.AppendDateTime(nil, at)), at.UTC().Format("02 Jan 2006 15:04:05"); got != want {
			t.Fatalf("%d: %q, want %q", u, got, want)
		}
		if got, want := string(text.AppendDate([]byte("x"), at)), "x"+at.UTC().Format("02 Jan 2006"); got != want {
			t.Fatalf("%d: %q, want %q", u, got, want)
		}
	}
}

// TestAppendStampProperty checks the integer date arithmetic against time.Format,
// for instants around leap days and the ends of the four-digit years and beyond.
func TestAppendStampProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(5000))
	props.Property("AppendDateTime and AppendDate are time.Format in UTC", prop.ForAll(
		func(at time.Time) string {
			if got, want := string(text.AppendDateTime([]byte("x"), at)), "x"+at.UTC().Format("02 Jan 2006 15:04:05"); got != want {
				return got + ", want " + want
			}
			if got, want := string(text.AppendDate(nil, at)), at.UTC().Format("02 Jan 2006"); got != want {
				return got + ", want " + want
			}
			return ""
		}, pricingtest.AnyInstant()))
	props.TestingRun(t)
}

func TestAppendInstant(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	at := time.Date(2026, 11, 15, 23, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    time.Time
		loc  *time.Location
		want string
	}{
		{at, nil, "15 Nov 2026 23:00 UTC"},
		{at.Add(5 * time.Second), time.UTC, "15 Nov 2026 23:00:05 UTC"},
		{at, paris, "15 Nov 2026 23:00 UTC / 16 Nov 2026 00:00 Europe/Paris"},
	} {
		if got := string(text.AppendInstant(nil, c.t, c.loc)); got != c.want {
			t.Errorf("AppendInstant(%v, %v) = %q, want %q", c.t, c.loc, got, c.want)
		}
	}
	if got := string(text.AppendDateIn(nil, at, paris)); got != "16 Nov 2026" {
		t.Errorf("AppendDateIn = %q", got)
	}
}
