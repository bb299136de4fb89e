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
