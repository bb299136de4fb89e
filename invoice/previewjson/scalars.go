package previewjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// The format's scalars. Each decodes one JSON value (null included: null leaves it
// unset, as Stripe writes absent fields) and refuses every other form with a message
// that names the value and, where the mistake is a likely one, the fix.

// maxUnix is 9999-12-31T23:59:59Z, the last instant a timestamp may name.
const maxUnix = 253402300799

// millisFrom is the smallest integer read as a timestamp in milliseconds by mistake
// (10^11 seconds is the year 5138).
const millisFrom = 100_000_000_000

// integer is a strict JSON integer: no fraction, no exponent, no quotes; |v| ≤ 10^15.
type integer struct {
	v   int64
	set bool
}

// notInteger is the error for a JSON number with a fraction or an exponent; the
// object holding it adds a hint that depends on the field.
type notInteger struct{ text string }

func (e *notInteger) Error() string {
	return fmt.Sprintf("%s: %s is not an integer", ErrInvalidValue, shorten(e.text, 40))
}

func (e *notInteger) Unwrap() error { return ErrInvalidValue }

func (n *integer) UnmarshalJSON(b []byte) error {
	*n = integer{}
	switch b[0] {
	case 'n':
		return nil
	case '"':
		s, _ := unquote(b)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return fmt.Errorf("%w: %s is a string: drop the quotes (write %s)", ErrInvalidValue, quote(s), s)
		}
		return fmt.Errorf("%w: want an integer, got the string %s", ErrInvalidValue, quote(s))
	case 't', 'f', '[', '{':
		return fmt.Errorf("%w: want an integer, got %s", ErrInvalidValue, kindOf(b))
	}
	if bytes.ContainsAny(b, ".eE") {
		return &notInteger{text: string(b)}
	}
	v, err := strconv.ParseInt(string(b), 10, 64) // the string is not kept: no copy
	if err != nil || v > 1e15 || v < -1e15 {
		return fmt.Errorf("%w: %s is beyond ±10^15", pricing.ErrOutOfRange, shorten(string(b), 40))
	}
	n.v, n.set = v, true
	return nil
}

// decimalNum is an exact decimal, written as a JSON number or a decimal string, within
// the library's bounds (|x| ≤ 10^15, at most 12 decimal places).
type decimalNum struct {
	v   decimal.Decimal
	set bool
}

func (n *decimalNum) UnmarshalJSON(b []byte) error {
	*n = decimalNum{}
	var s string
	switch b[0] {
	case 'n':
		return nil
	case '"':
		s, _ = unquote(b)
	case 't', 'f', '[', '{':
		return fmt.Errorf("%w: want a number or a decimal string, got %s", ErrInvalidValue, kindOf(b))
	default:
		s = string(b)
	}
	v, err := pricing.ParseDecimal(s)
	if err != nil {
		return err
	}
	n.v, n.set = v, true
	return nil
}

// timestamp is an instant: integer Unix seconds, or an RFC 3339 string with whole
// seconds and an offset within ±23:59, between 1970 and 9999.
type timestamp struct {
	t   time.Time
	set bool
}

func (ts *timestamp) UnmarshalJSON(b []byte) error {
	*ts = timestamp{}
	switch b[0] {
	case 'n':
		return nil
	case 't', 'f', '[', '{':
		return fmt.Errorf("%w: want Unix seconds or an RFC 3339 string, got %s", ErrInvalidValue, kindOf(b))
	case '"':
		s, _ := unquote(b)
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return fmt.Errorf("%w: %s is a string: drop the quotes (Unix seconds are a JSON integer)", ErrInvalidValue, quote(s))
		}
		t, err := parseRFC3339(s)
		if err != nil {
			return err
		}
		ts.t, ts.set = t, true
		return nil
	}
	if bytes.ContainsAny(b, ".eE") {
		return fmt.Errorf("%w: %s is not whole Unix seconds", ErrInvalidValue, shorten(string(b), 40))
	}
	v, err := strconv.ParseInt(string(b), 10, 64) // the string is not kept: no copy
	if err != nil || v >= millisFrom || v < 0 {
		s := string(b)
		switch {
		case err == nil && v >= millisFrom:
			return fmt.Errorf("%w: %s looks like milliseconds: timestamps are Unix seconds (write %s)", ErrInvalidValue, shorten(s, 40), shorten(s[:len(s)-3], 40))
		case err != nil || v >= millisFrom:
			return fmt.Errorf("%w: %s looks like milliseconds: timestamps are Unix seconds", ErrInvalidValue, shorten(s, 40))
		}
		return fmt.Errorf("%w: %s is before 1970", ErrInvalidValue, s)
	}
	ts.t, ts.set = time.Unix(v, 0).UTC(), true
	return nil
}

// parseRFC3339 parses an RFC 3339 time with whole seconds and an offset within
// ±23:59, in the years 1970 to 9999, and returns it in UTC.
func parseRFC3339(s string) (time.Time, error) {
	bad := func(why string) (time.Time, error) {
		return time.Time{}, fmt.Errorf("%w: %s %s", ErrInvalidValue, quote(s), why)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return bad("is not Unix seconds or an RFC 3339 time (2006-01-02T15:04:05Z)")
	}
	if strings.IndexByte(s, '.') >= 0 {
		return bad("has a fraction of a second: timestamps are whole seconds")
	}
	if n := len(s); s[n-1] != 'Z' && s[n-1] != 'z' {
		off := s[n-5:] // "hh:mm"
		if off[0] > '2' || off[0] == '2' && off[1] > '3' || off[3] > '5' {
			return bad("has an offset beyond ±23:59")
		}
	}
	if u := t.Unix(); u < 0 || u > maxUnix {
		return bad("is outside the years 1970 to 9999")
	}
	return t.UTC(), nil
}

// text is a string of at most MaxTextBytes bytes.
type text struct {
	s   string
	set bool
}

func (t *text) UnmarshalJSON(b []byte) error {
	*t = text{}
	if b[0] == 'n' {
		return nil
	}
	if b[0] != '"' {
		return fmt.Errorf("%w: want a string, got %s", ErrInvalidValue, kindOf(b))
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	if len(s) > MaxTextBytes {
		return fmt.Errorf("%w: a string of %d bytes, more than the limit of %d", ErrTooLarge, len(s), MaxTextBytes)
	}
	t.s, t.set = s, true
	return nil
}

// ident is an id: a non-empty string of at most MaxIDBytes bytes.
type ident struct {
	s   string
	set bool
}

func (t *ident) UnmarshalJSON(b []byte) error {
	*t = ident{}
	if b[0] == 'n' {
		return nil
	}
	if b[0] != '"' {
		return fmt.Errorf("%w: want an id string, got %s", ErrInvalidValue, kindOf(b))
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	if len(s) > MaxIDBytes {
		return fmt.Errorf("%w: an id of %d bytes, more than the limit of %d", ErrInvalidValue, len(s), MaxIDBytes)
	}
	if s == "" {
		return fmt.Errorf("%w: an empty id (leave the field out instead)", ErrInvalidValue)
	}
	t.s, t.set = s, true
	return nil
}

// flag is a JSON boolean.
type flag struct {
	v, set bool
}

func (f *flag) UnmarshalJSON(b []byte) error {
	*f = flag{}
	switch string(b) {
	case "null":
		return nil
	case "true":
		f.v, f.set = true, true
		return nil
	case "false":
		f.set = true
		return nil
	}
	return fmt.Errorf("%w: want true or false, got %s", ErrInvalidValue, kindOf(b))
}

// ignored accepts any value and keeps nothing: a field that cannot change an amount.
type ignored struct{}

func (*ignored) UnmarshalJSON([]byte) error { return nil }

// unquote returns the string a JSON string literal denotes.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		if inner := b[1 : len(b)-1]; !containsEscape(inner) {
			return string(inner), nil
		}
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidValue, err)
	}
	return s, nil
}

func containsEscape(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c < 0x20 {
			return true
		}
	}
	return false
}

// kindOf names the JSON type of the value b for a message: "a string", "true", …
func kindOf(b []byte) string {
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return string(b)
	case 'n':
		return "null"
	}
	return "a number"
}

// valueText names a value for a message: a scalar as written (shortened), an
// object or array by its kind.
func valueText(b []byte) string {
	switch b[0] {
	case '{', '[':
		return kindOf(b)
	case '"':
		s, _ := unquote(b)
		return quote(s)
	}
	return shorten(string(b), 40)
}
