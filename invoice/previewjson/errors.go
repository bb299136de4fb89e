package previewjson

import (
	"errors"
	"strings"
)

// Limits of a request. Beyond them DecodeRequest fails with [ErrTooLarge] or
// [ErrTooMany] after bounded work, whatever the input.
const (
	// MaxRequestBytes is the largest request accepted, in bytes (64 MiB).
	MaxRequestBytes = 64 << 20
	// MaxDepth is the deepest nesting of JSON objects and arrays accepted.
	MaxDepth = 32
	// MaxValues is the most JSON values (objects, arrays, strings, numbers, true,
	// false, null; keys not counted) a request may hold.
	MaxValues = 1 << 23
	// MaxUsageRecords is the most usage records over the whole request.
	MaxUsageRecords = 1_000_000
	// MaxPrices is the most entries of the request's prices array.
	MaxPrices = 10_000
	// MaxIDBytes is the longest id (of an item, price, product, coupon, tax rate,
	// discount), in bytes.
	MaxIDBytes = 255
	// MaxTextBytes is the longest other string (a name, a nickname), in bytes.
	MaxTextBytes = 5000
)

// Sentinel errors of the format. Every error of [DecodeRequest] and [Preview] is a
// [*PathError] wrapping one of these, or a sentinel of the packages below (pricing,
// discount, proration, invoice); test with errors.Is.
var (
	// ErrMalformedJSON: the input is not one JSON value, is not valid UTF-8, holds a
	// lone surrogate escape, or repeats a key within one object.
	ErrMalformedJSON = errors.New("malformed JSON")
	// ErrTooLarge: the input passes MaxRequestBytes, MaxDepth or MaxValues, or a
	// string passes MaxTextBytes.
	ErrTooLarge = errors.New("request too large")
	// ErrUnknownField: a name the format does not define (a typo must not pass
	// silently); the message suggests the nearest known name.
	ErrUnknownField = errors.New("unknown field")
	// ErrUnsupported: a field that could change an amount, set to a value pricekit
	// does not compute yet (automatic tax, trials, cancellations, thresholds, …).
	ErrUnsupported = errors.New("not supported")
	// ErrMissingField: a required field is absent (or null).
	ErrMissingField = errors.New("missing required field")
	// ErrInvalidValue: a value has the wrong JSON type, form or range, or is not one
	// of the allowed names.
	ErrInvalidValue = errors.New("invalid value")
	// ErrTooMany: a list is longer than its documented limit.
	ErrTooMany = errors.New("too many entries")
	// ErrConflict: two fields exclude each other, or two fields that must agree
	// (unit_amount and unit_amount_decimal, a price and its legacy plan) do not.
	ErrConflict = errors.New("conflicting fields")
)

// PathError is a bad request, with the JSON path of the field the user wrote:
// "subscription.items[0].price.tiers[2].up_to", "usage.si_3[4].quantity", or "$"
// for the input as a whole. Err says what is wrong and wraps a sentinel.
type PathError struct {
	// Path is the JSON path of the offending field: members joined by ".", array
	// indexes in brackets, keys that are not plain words quoted in brackets
	// (`usage["a.b"]`); "$" is the whole input.
	Path string
	// Err is the cause; it wraps one of the sentinels of this package or of the
	// packages below.
	Err error
}

// Error returns "path: what is wrong".
func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *PathError) Unwrap() error { return e.Err }

// at returns err as a PathError at path, or err itself when it already is one.
func at(path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *PathError
	if errors.As(err, &pe) {
		return err
	}
	if path == "" {
		path = "$"
	}
	return &PathError{Path: path, Err: err}
}

// within prefixes the path of err (a PathError from inside a value) with seg, the
// member or index holding that value; any other error gets the path seg.
func within(seg string, err error) error {
	if err == nil {
		return nil
	}
	var pe *PathError
	if !errors.As(err, &pe) || pe != err {
		return &PathError{Path: seg, Err: err}
	}
	switch {
	case pe.Path == "$": // the input as a whole (a limit): no member to name
		return err
	case pe.Path == "":
		return &PathError{Path: seg, Err: pe.Err}
	case strings.HasPrefix(pe.Path, "["):
		return &PathError{Path: seg + pe.Path, Err: pe.Err}
	}
	return &PathError{Path: seg + "." + pe.Path, Err: pe.Err}
}

// join returns the path of member key inside the value at path.
func join(path, key string) string {
	seg := keySegment(key)
	switch {
	case path == "" || path == "$":
		if seg[0] == '[' {
			return "$" + seg
		}
		return seg
	case seg[0] == '[':
		return path + seg
	}
	return path + "." + seg
}

// index returns the path of element i of the array at path.
func index(path string, i int) string {
	return path + "[" + itoa(i) + "]"
}

// keySegment writes a member name as a path segment: plain words (letters, digits,
// '_' and '-') as they are, anything else quoted in brackets, shortened.
func keySegment(key string) string {
	plain := key != ""
	for i := 0; i < len(key) && plain; i++ {
		c := key[i]
		plain = c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	if plain && len(key) <= 64 {
		return key
	}
	return "[" + quote(key) + "]"
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
