package discount

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by this package wrap one of them (test with
// errors.Is) and name the coupon, the field and the offending value. Every coupon
// validation error also matches [ErrInvalidCoupon].
var (
	// ErrInvalidCoupon: the coupon parameters are not acceptable (empty id, both or
	// neither of percent_off and amount_off, a coupon not built by [NewCoupon], …).
	ErrInvalidCoupon = errors.New("invalid coupon")
	// ErrPercentRange: percent_off is not in (0, 100] or has too many decimals.
	ErrPercentRange = fmt.Errorf("%w: percent_off must be in (0, 100]", ErrInvalidCoupon)
	// ErrInvalidAmountOff: amount_off (or a currency option of it) is not a positive
	// whole number of minor units within the library's bounds, or has no currency.
	ErrInvalidAmountOff = fmt.Errorf("%w: amount_off must be a positive whole number of minor units", ErrInvalidCoupon)
	// ErrInvalidMaxDiscount: a cap is negative, not whole in minor units, out of
	// bounds, has no currency, or is set on an amount_off coupon.
	ErrInvalidMaxDiscount = fmt.Errorf("%w: max discount must be a whole number of minor units ≥ 0 on a percent coupon", ErrInvalidCoupon)
	// ErrInvalidDuration: an unknown duration, or duration_in_months not matching it
	// (1 to 1200 for repeating, 0 otherwise).
	ErrInvalidDuration = fmt.Errorf("%w: duration", ErrInvalidCoupon)
	// ErrAmountOffCurrency: an amount_off coupon has no amount in the invoice currency
	// (neither its own currency nor one of its currency options).
	ErrAmountOffCurrency = errors.New("coupon has no amount_off in this currency")
	// ErrInvalidLine: a line handed to [Apply] is not in the invoice currency or not a
	// whole number of minor units within the library's bounds.
	ErrInvalidLine = errors.New("invalid discount line")
)
