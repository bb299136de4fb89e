package previewjson

import "fmt"

// The two field types that classify a field rather than hold a value: a field that
// could change an amount and is not computed yet, and Stripe's "object" member.

// unsupported is a field that could change an amount and that pricekit does not
// compute yet: null and the "off" values of O pass, anything else is refused with
// ErrUnsupported (the field's `why` tag says what is not computed).
type unsupported[O offValues] struct{}

func (*unsupported[O]) UnmarshalJSON(b []byte) error {
	if b[0] == 'n' {
		return nil
	}
	var o O
	for _, v := range o.offValues() {
		if string(b) == v {
			return nil
		}
	}
	return &unsupportedError{value: valueText(b)}
}

// unsupportedError says that a value is not supported, and why: "true is not
// supported: automatic tax … is not computed". It wraps ErrUnsupported.
type unsupportedError struct{ value, why string }

func (e *unsupportedError) Error() string {
	if e.why == "" {
		return e.value + " is not supported"
	}
	return e.value + " is not supported: " + e.why
}

func (e *unsupportedError) Unwrap() error { return ErrUnsupported }

func (*unsupported[O]) unsupportedField() {}

// offs returns the JSON texts besides null that leave the field off.
func (*unsupported[O]) offs() []string {
	var o O
	return o.offValues()
}

// offValues lists, as JSON texts, the values besides null that mean "off" for an
// unsupported field: false, an empty list, or Stripe's documented default.
type offValues interface{ offValues() []string }

type (
	offNone          struct{}
	offFalse         struct{}
	offZero          struct{}
	offEmpty         struct{}
	offUnspecified   struct{}
	offStripe        struct{}
	offPercentage    struct{}
	offNext          struct{}
	offCreateInvoice struct{}
	offClassic       struct{}
	offUTC           struct{}
	offActive        struct{}
)

func (offNone) offValues() []string          { return nil }
func (offFalse) offValues() []string         { return []string{"false"} }
func (offZero) offValues() []string          { return []string{"0"} }
func (offEmpty) offValues() []string         { return []string{"[]"} }
func (offUnspecified) offValues() []string   { return []string{`"unspecified"`} }
func (offStripe) offValues() []string        { return []string{`"stripe"`} }
func (offPercentage) offValues() []string    { return []string{`"percentage"`} }
func (offNext) offValues() []string          { return []string{`"next"`} }
func (offCreateInvoice) offValues() []string { return []string{`"create_invoice"`} }
func (offClassic) offValues() []string       { return []string{`"classic"`} }
func (offUTC) offValues() []string           { return []string{`"UTC"`} }
func (offActive) offValues() []string {
	return []string{`"active"`, `"past_due"`, `"unpaid"`, `"incomplete"`}
}

// objectName is Stripe's "object" member: it must name the object N expected there
// (or be null), so that a Price pasted where a Coupon belongs is caught.
type objectName[N objectNamer] struct{}

func (*objectName[N]) UnmarshalJSON(b []byte) error {
	var n N
	if b[0] == 'n' {
		return nil
	}
	if s, err := unquote(b); b[0] != '"' || err != nil || s != n.objectName() {
		return fmt.Errorf("%w: object here is a Stripe %q object, got %s", ErrInvalidValue, n.objectName(), valueText(b))
	}
	return nil
}

// objectNamer names a Stripe object, as its "object" member does.
type objectNamer interface{ objectName() string }

type (
	isSubscription     struct{}
	isSubscriptionItem struct{}
	isList             struct{}
	isPrice            struct{}
	isProduct          struct{}
	isPlan             struct{}
	isCoupon           struct{}
	isDiscount         struct{}
	isTaxRate          struct{}
	isUsageRecord      struct{}
)

func (isSubscription) objectName() string     { return "subscription" }
func (isSubscriptionItem) objectName() string { return "subscription_item" }
func (isList) objectName() string             { return "list" }
func (isPrice) objectName() string            { return "price" }
func (isProduct) objectName() string          { return "product" }
func (isPlan) objectName() string             { return "plan" }
func (isCoupon) objectName() string           { return "coupon" }
func (isDiscount) objectName() string         { return "discount" }
func (isTaxRate) objectName() string          { return "tax_rate" }
func (isUsageRecord) objectName() string      { return "usage_record" }
