package pricingtest

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func TestGenerators(t *testing.T) {
	props := gopter.NewProperties(Parameters(200))
	props.Property("money is whole and in bounds", prop.ForAll(func(m pricing.Money) bool {
		_, err := m.MinorUnits()
		return err == nil && pricing.CheckMoneyBounds(m) == nil && !m.Currency().IsZero()
	}, Money()))
	props.Property("decimals are in bounds", prop.ForAll(func(d decimal.Decimal) bool {
		return pricing.CheckBounds(d) == nil && d.Exponent() >= -6 && d.Abs().LessThan(decimal.New(1, 9))
	}, Decimal(9, 6)))
	props.Property("quantities are non-negative", prop.ForAll(func(q decimal.Decimal) bool {
		return q.Sign() >= 0 && pricing.CheckBounds(q) == nil
	}, Quantity()))
	props.Property("weights are usable", prop.ForAll(func(ws []decimal.Decimal) bool {
		pos := false
		for _, w := range ws {
			if w.Sign() < 0 || pricing.CheckBounds(w) != nil {
				return false
			}
			pos = pos || w.Sign() > 0
		}
		return pos && len(ws) >= 1 && len(ws) <= 20
	}, Weights()))
	props.Property("price params are valid", prop.ForAll(func(pp pricing.PriceParams) string {
		if _, err := pricing.NewPrice(pp); err != nil {
			return err.Error()
		}
		return ""
	}, PriceParams()))
	props.Property("coupon fields set exactly one of percent and amount off", prop.ForAll(func(f CouponFields) bool {
		return f.ID != "" && (f.PercentOff.IsZero() != (f.AmountOff == nil)) && (f.Duration == 1) == (f.DurationInMonths > 0)
	}, Coupon()))
	props.TestingRun(t)
}
