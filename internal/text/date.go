package text

import (
	"time"
)

// AppendDate appends t in UTC as explanations and descriptions write a date,
// "01 Nov 2026" (time's layout "02 Jan 2006"), and returns the result.
func AppendDate(b []byte, t time.Time) []byte { return appendStamp(b, t, false) }

// AppendDateTime appends t in UTC as explanations write an instant,
// "01 Nov 2026 00:00:00" (time's layout "02 Jan 2006 15:04:05"), and returns the result.
func AppendDateTime(b []byte, t time.Time) []byte { return appendStamp(b, t, true) }

// Unix seconds of 1000-01-01 and 10000-01-01 00:00:00 UTC: the instants whose year
// has four digits.
const (
	minStamp = -30610224000
	endStamp = 253402300800
)

const monthAbbrevs = "JanFebMarAprMayJunJulAugSepOctNovDec"

// appendStamp writes time.Format's layout without parsing it, from the Unix
// seconds of t with integer arithmetic (years 1000 to 9999; others through
// time.AppendFormat).
func appendStamp(b []byte, t time.Time, clock bool) []byte {
	sec := t.Unix()
	if sec < minStamp || sec >= endStamp {
		if clock {
			return t.UTC().AppendFormat(b, "02 Jan 2006 15:04:05")
		}
		return t.UTC().AppendFormat(b, "02 Jan 2006")
	}
	since := uint64(sec - minStamp) // seconds since 1000-01-01 00:00:00 UTC
	y, m, d := civil(since/86400 + civil1000)
	secs := since % 86400
	var out [len("02 Jan 2006 15:04:05")]byte
	PutDigits(out[0:2], d)
	out[2] = ' '
	out[3], out[4], out[5] = monthAbbrevs[3*m-3], monthAbbrevs[3*m-2], monthAbbrevs[3*m-1]
	out[6] = ' '
	PutDigits(out[7:11], y)
	if !clock {
		return append(b, out[:len("02 Jan 2006")]...)
	}
	out[11] = ' '
	PutDigits(out[12:14], secs/3600)
	out[14] = ':'
	PutDigits(out[15:17], secs/60%60)
	out[17] = ':'
	PutDigits(out[18:20], secs%60)
	return append(b, out[:]...)
}

// civil1000 is the day 1000-01-01 as civil counts it.
const civil1000 = 365183

// civil returns the proleptic Gregorian date of day z, counted from 0000-03-01
// (Howard Hinnant's days-to-civil algorithm with 400-year eras starting on 1 March).
func civil(z uint64) (year, month, day uint64) {
	era := z / 146097
	doe := z - era*146097                                  // day of the era, [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era, [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from 1 March, [0, 365]
	mp := (5*doy + 2) / 153                                // month from March, [0, 11]
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	year = yoe + era*400
	if mp >= 10 { // January and February belong to the next civil year
		month -= 12
		year++
	}
	return year, month, day
}

// AppendInstant appends t as every explanation writes an instant, in UTC with its
// zone: "16 Nov 2026 00:30 UTC", with ":05" seconds only when they are not zero.
// When loc is set and is not UTC, the same instant in loc follows:
// "15 Nov 2026 23:00 UTC / 16 Nov 2026 00:00 Europe/Paris".
func AppendInstant(b []byte, t time.Time, loc *time.Location) []byte {
	b = appendMinute(b, t.UTC())
	b = append(b, " UTC"...)
	if loc == nil || loc == time.UTC || loc.String() == "UTC" {
		return b
	}
	b = append(b, " / "...)
	b = appendMinute(b, t.In(loc))
	b = append(b, ' ')
	return append(b, loc.String()...)
}

// appendMinute appends t in its own zone as "16 Nov 2026 00:30", or
// "16 Nov 2026 00:30:05" when its seconds are not zero.
func appendMinute(b []byte, t time.Time) []byte {
	if t.Second() != 0 {
		return t.AppendFormat(b, "02 Jan 2006 15:04:05")
	}
	return t.AppendFormat(b, "02 Jan 2006 15:04")
}

// AppendDateIn appends the calendar date of t in loc (UTC when loc is nil), "16 Nov 2026".
func AppendDateIn(b []byte, t time.Time, loc *time.Location) []byte {
	if loc == nil {
		return AppendDate(b, t)
	}
	return t.In(loc).AppendFormat(b, "02 Jan 2006")
}
