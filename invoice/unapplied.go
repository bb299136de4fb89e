package invoice

// UnappliedReason says why a discount of the request took nothing off the invoice.
type UnappliedReason uint8

const (
	// NotStarted: the discount starts after the invoice is issued.
	NotStarted UnappliedReason = iota
	// Ended: a repeating discount's months are over, or its end has passed.
	Ended
	// Used: a once discount was used by an invoice issued before this one.
	Used
	// NoMatchingLine: no line of the invoice is one the coupon covers (its
	// applies_to products, or, for amount_off, no line that is not a proration).
	NoMatchingLine
	// NothingLeft: the lines it covers had nothing left after the discounts before it.
	NothingLeft
	// NoAmountInCurrency: an amount_off coupon without an amount in the invoice
	// currency, skipped (Request.MissingCouponCurrency; Lago's rule).
	NoAmountInCurrency
)

var unappliedNames = [...]string{"not_started", "ended", "used", "no_matching_line", "nothing_left", "no_amount_in_currency"}

// String returns the preview format's name: "not_started", "ended", "used",
// "no_matching_line", "nothing_left" or "no_amount_in_currency".
func (r UnappliedReason) String() string {
	if int(r) < len(unappliedNames) {
		return unappliedNames[r]
	}
	return "unknown"
}

// UnappliedDiscount is a discount of the request that took no amount on the invoice,
// with why, so that nothing disappears in silence.
type UnappliedDiscount struct {
	// Coupon is the coupon's ID.
	Coupon string
	// CouponName is the coupon's name, empty when it has none.
	CouponName string
	// Item is the subscription item whose discount it is; empty for a subscription
	// discount.
	Item string
	// Reason says why it took nothing.
	Reason UnappliedReason
	// Explanation says the same in words, with the dates or products involved.
	Explanation string
}
