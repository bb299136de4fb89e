package invoice

import (
	"errors"
)

// Sentinel errors of the invoice package; test for them with errors.Is. Errors from
// decoding a request are a [*PathError] that names the JSON path of the offending
// field and wraps one of these (or a sentinel of pricing, proration or discount).
var (
	// ErrMalformedJSON: the input is not one JSON object.
	ErrMalformedJSON = errors.New("malformed JSON")
	// ErrTooLarge: the request exceeds MaxRequestBytes or MaxRequestValues.
	ErrTooLarge = errors.New("request too large")
	// ErrUnknownField: a field the preview format does not define (a typo must not pass silently).
	ErrUnknownField = errors.New("unknown field")
	// ErrMissingField: a required field is absent.
	ErrMissingField = errors.New("missing required field")
	// ErrInvalidValue: a value has the wrong type or is not one of the allowed values.
	ErrInvalidValue = errors.New("invalid value")
	// ErrTooMany: a list is longer than the documented limit.
	ErrTooMany = errors.New("too many entries")
	// ErrConflict: two fields that exclude each other are both set.
	ErrConflict = errors.New("conflicting fields")
	// ErrInvalidTaxRate: a tax percentage is negative, above 100 or too precise.
	ErrInvalidTaxRate = errors.New("invalid tax rate")
	// ErrInvalidRequest: the request is inconsistent (an unknown item, a proration
	// date outside the period, items with different billing intervals, …).
	ErrInvalidRequest = errors.New("invalid request")
)

// PathError is a bad value in a request, with the JSON path of the field
// ("subscription.items[0].price.tiers[2].up_to").
type PathError struct {
	Path string
	Err  error
}

// Error returns "path: what is wrong".
func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PathError) Unwrap() error { return e.Err }

func pathErr(p path, err error) error {
	var pe *PathError
	if errors.As(err, &pe) {
		return err
	}
	return &PathError{Path: p.String(), Err: err}
}
