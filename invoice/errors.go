package invoice

import (
	"errors"
)

// Sentinel errors of the invoice package; test for them with errors.Is. An error of
// [Preview] is a [*pricing.FieldError] naming the field of the [Request] (its Go
// path) and wrapping one of these, or a sentinel of pricing, proration or discount.
var (
	// ErrMissingField: a required field is absent.
	ErrMissingField = errors.New("missing required field")
	// ErrInvalidValue: a value is not one of the allowed values.
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
