package discount_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// NewCoupon validates a coupon once; a refusal names the field of CouponParams.
func ExampleNewCoupon() {
	usd, _ := pricing.ParseCurrency("usd")
	five := pricing.FromMinor(500, usd)
	c, _ := discount.NewCoupon(discount.CouponParams{ID: "FIVE", AmountOff: &five, Duration: discount.Forever})
	eur, _ := pricing.ParseCurrency("eur")
	_, err := c.AmountOffIn(eur)
	fmt.Println(c.ID(), c.IsPercent(), errors.Is(err, discount.ErrAmountOffCurrency))

	_, err = discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.NewFromInt(10), AppliesToProducts: []string{}})
	var fe *pricing.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, discount.ErrInvalidCoupon))
	fmt.Println(err)
	// Output:
	// FIVE false true
	// true AppliesToProducts true
	// AppliesToProducts: coupon "TEN": invalid coupon: an empty list covers nothing; leave it nil to cover every product
}

// Equal compares coupons field by field, amounts by value.
func ExampleCoupon_Equal() {
	a, _ := discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.RequireFromString("10")})
	b, _ := discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.RequireFromString("10.0")})
	c, _ := discount.NewCoupon(discount.CouponParams{ID: "TEN", PercentOff: decimal.RequireFromString("10"), Duration: discount.Forever})
	fmt.Println(a.Equal(b), a.Equal(c))
	// Output: true false
}
