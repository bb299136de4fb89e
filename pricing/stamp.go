package pricing

import (
	"time"

	"github.com/pricekit/pricekit/internal/digits"
)

// AppendDate appends t in UTC as explanations and descriptions write a date,
// "01 Nov 2026" (time's layout "02 Jan 2006"), and returns the result.
func AppendDate(b []byte, t time.Time) []byte { return appendStamp(b, t, false) }

// AppendDateTime appends t in UTC as explanations write an instant,
// "01 Nov 2026 00:00:00" (time's layout "02 Jan 2006 15:04:05"), and returns the result.
func AppendDateTime(b []byte, t time.Time) []byte { return appendStamp(b, t, true) }

// appendStamp writes time.Format's layout without parsing it (years 1000 to 9999;
// others through time.AppendFormat).
func appendStamp(b []byte, t time.Time, clock bool) []byte {
	t = t.UTC()
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		if clock {
			return t.AppendFormat(b, "02 Jan 2006 15:04:05")
		}
		return t.AppendFormat(b, "02 Jan 2006")
	}
	two := func(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	b = two(b, d)
	b = append(b, ' ')
	b = append(b, m.String()[:3]...)
	b = append(b, ' ')
	b = digits.Append(b, uint64(y))
	if clock {
		hh, mm, ss := t.Clock()
		b = append(b, ' ')
		b = two(b, hh)
		b = append(b, ':')
		b = two(b, mm)
		b = append(b, ':')
		b = two(b, ss)
	}
	return b
}
