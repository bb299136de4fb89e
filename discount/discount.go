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

// ActiveFor reports whether the discount applies to an invoice whose billed period
// starts at periodStart, the previous invoice having been issued at since (in a
// preview: since is the subscription's current_period_start). Never before Start
// (Start after periodStart: false); forever: true; repeating: periodStart before
// [Discount.End]; once: Start at or after since (the first invoice at or after Start
// has not been issued yet).
func (d Discount) ActiveFor(periodStart, since time.Time) bool {
	if d.Start.After(periodStart) {
		return false
	}
	switch d.Coupon.duration {
	case Forever:
		return true
	case Repeating:
		end, ok := d.End()
		return !ok || periodStart.Before(end)
	default:
		return !d.Start.Before(since)
	}
}
