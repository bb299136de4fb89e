package pricing

import "errors"

// FieldError is a bad value of one field of a value being built, as a constructor
// ([NewPrice], [NewUsageRecord], and the constructors of the packages built on this
// one) reports it. Field is the field's path in Go notation, relative to the value
// being built: "UnitAmount", "Tiers[2].UpTo", "CurrencyOptions[EUR].Tiers[0].FlatAmount",
// "Subscription.Items[3].Quantity". Err is the cause and wraps one of the library's
// sentinel errors, so errors.Is works through a FieldError.
//
// A layer above (the preview format, a caller's own API) can map Field to its own
// names with [errors.As] instead of parsing messages.
type FieldError struct {
	// Field is the path of the field in Go notation, relative to the value being
	// built; empty means the value as a whole.
	Field string
	// Err is the cause, naming the value; it wraps a sentinel error.
	Err error
}

// Error returns "Field: cause".
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// InField returns err as a [*FieldError] whose path lies under parent: a FieldError
// "Tiers[0].UpTo" under "Price" becomes "Price.Tiers[0].UpTo"; any other error
// becomes a FieldError at parent. It returns nil for a nil err, and err itself for an
// empty parent.
func InField(parent string, err error) error {
	if err == nil || parent == "" {
		return err
	}
	var fe *FieldError
	if errors.As(err, &fe) && fe == err {
		sep := "."
		if len(fe.Field) > 0 && fe.Field[0] == '[' {
			sep = ""
		}
		if fe.Field == "" {
			return &FieldError{Field: parent, Err: fe.Err}
		}
		return &FieldError{Field: parent + sep + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: parent, Err: err}
}
