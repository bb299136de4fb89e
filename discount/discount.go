package discount

import (
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// Discount is a coupon applied to a subscription or to one of its items from Start on.
type Discount struct {
	// Coupon is the coupon applied.
	Coupon Coupon
	// Start is when the discount started (Stripe's Discount.start). Zero: it starts
	// with the invoice being decided (a once coupon applies to it; a repeating one
	// counts its months from that invoice's billed period).
	Start time.Time
	// Until, when non-zero, ends the discount: it is not active for invoices issued at
	// or after it (Stripe's Discount.end).
	Until time.Time
}

// End returns when a repeating discount stops applying: Start + DurationInMonths
// calendar months, in UTC, the day of month clamped to the end of a shorter month
// (Jan 31 + 1 month = Feb 28). It returns false for once and forever coupons, and for
// an end beyond the year 9999 (a discount that never ends in practice).
func (d Discount) End() (time.Time, bool) {
	if d.Coupon.duration != Repeating {
		return time.Time{}, false
	}
	t, err := pricing.Month.Add(d.Start, d.Coupon.months)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// Timing is what decides which discounts apply to one invoice.
type Timing struct {
	// Issued is when the invoice is issued.
	Issued time.Time
	// PeriodStart is the start of the period the invoice's licensed lines pay for
	// (a repeating discount counts its months against it).
	PeriodStart time.Time
	// Since is when the previous invoice was issued (in a preview of a subscription:
	// its current_period_start): a once discount that started at or before it was
	// used by that invoice. Zero: there was no previous invoice.
	Since time.Time
}

// Status says whether a discount applies to an invoice, or why not.
type Status uint8

const (
	// Active: the discount applies.
	Active Status = iota
	// NotStarted: the discount starts after the invoice is issued.
	NotStarted
	// Ended: a repeating discount's months are over before the billed period starts,
	// or the discount's Until has passed when the invoice is issued.
	Ended
	// Used: a once discount was used by the invoice issued at or after its start.
	Used
)

var statusNames = [...]string{"active", "not_started", "ended", "used"}

// String returns "active", "not_started", "ended" or "used".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// StatusFor says whether the discount applies to the invoice of t:
//   - Until (when set) at or before t.Issued: Ended;
//   - a zero Start starts with this invoice: Active;
//   - Start after t.Issued: NotStarted;
//   - forever: Active;
//   - repeating: Active while t.PeriodStart is before [Discount.End], else Ended;
//   - once: Active when Start is after t.Since (no invoice was issued since it
//     started), else Used.
func (d Discount) StatusFor(t Timing) Status {
	if !d.Until.IsZero() && !t.Issued.Before(d.Until) {
		return Ended
	}
	if d.Start.IsZero() {
		return Active
	}
	if d.Start.After(t.Issued) {
		return NotStarted
	}
	switch d.Coupon.duration {
	case Forever:
		return Active
	case Repeating:
		if end, ok := d.End(); ok && !t.PeriodStart.Before(end) {
			return Ended
		}
		return Active
	default:
		if t.Since.IsZero() || d.Start.After(t.Since) {
			return Active
		}
		return Used
	}
}
