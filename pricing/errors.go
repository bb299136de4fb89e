package pricing

import "errors"

// Sentinel errors returned (wrapped, with the offending value) by this package.
// Test for them with errors.Is.
var (
	// ErrUnknownCurrency: the code is not an active ISO 4217 currency.
	ErrUnknownCurrency = errors.New("unknown currency")
	// ErrCurrencyMismatch: two amounts in different currencies were combined.
	ErrCurrencyMismatch = errors.New("currency mismatch")
	// ErrSyntax: a number is not a plain decimal (digits, optional point, optional exponent).
	ErrSyntax = errors.New("invalid decimal syntax")
	// ErrOutOfRange: a value is beyond the library's bounds (±10^15 minor units) or
	// does not fit the requested integer type.
	ErrOutOfRange = errors.New("value out of range")
	// ErrTooPrecise: a value has more decimal places than allowed (12 in minor units).
	ErrTooPrecise = errors.New("too many decimal places")
	// ErrNotWholeMinorUnits: an amount is not a whole number of the currency's minor unit
	// where one is required (conversion to integer minor units, allocation).
	ErrNotWholeMinorUnits = errors.New("amount is not a whole number of minor units")
	// ErrInvalidWeights: allocation weights are empty, negative, or all zero.
	ErrInvalidWeights = errors.New("invalid allocation weights")
	// ErrInvalidRate: an exchange rate or rounding increment is zero or negative.
	ErrInvalidRate = errors.New("invalid rate")
	// ErrInvalidRoundingMode: a RoundingMode or AllocationRule value is not one of the
	// declared constants.
	ErrInvalidRoundingMode = errors.New("invalid rounding mode")
)
