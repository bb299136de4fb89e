package discount

import (
	"maps"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// couponParams returns the params of generated coupon fields, with fresh maps,
// slices and pointers.
func couponParams(f pricingtest.CouponFields) CouponParams {
	p := CouponParams{ID: f.ID, Name: f.Name, PercentOff: f.PercentOff, Duration: Duration(f.Duration),
		DurationInMonths: f.DurationInMonths, CurrencyOptions: maps.Clone(f.CurrencyOptions),
		MaxDiscount: maps.Clone(f.MaxDiscount), AppliesToProducts: slices.Clone(f.AppliesToProducts)}
	if f.AmountOff != nil {
		m := *f.AmountOff
		p.AmountOff = &m
	}
	return p
}

// couponMutations each change one field of valid params to another valid value, or
// report false where the change does not apply.
var couponMutations = []struct {
	name   string
	mutate func(p *CouponParams) bool
}{
	{"ID", func(p *CouponParams) bool { p.ID += "x"; return true }},
	{"Name", func(p *CouponParams) bool { p.Name += "x"; return true }},
	{"PercentOff", func(p *CouponParams) bool {
		if p.PercentOff.IsZero() {
			return false
		}
		p.PercentOff = p.PercentOff.Div(decimal.NewFromInt(2)).Round(4)
		return !p.PercentOff.IsZero()
	}},
	{"AmountOff", func(p *CouponParams) bool {
		if p.AmountOff == nil {
			return false
		}
		m, err := p.AmountOff.Add(pricing.FromMinor(1, p.AmountOff.Currency()))
		*p.AmountOff = m
		return err == nil
	}},
	{"CurrencyOptions", func(p *CouponParams) bool {
		for c, v := range p.CurrencyOptions {
			p.CurrencyOptions[c] = v.Add(pricing.FromMinor(1, c).Amount())
			return true
		}
		return false
	}},
	{"CurrencyOptions drop", func(p *CouponParams) bool {
		for c := range p.CurrencyOptions {
			delete(p.CurrencyOptions, c)
			return true
		}
		return false
	}},
	{"MaxDiscount", func(p *CouponParams) bool {
		for c, v := range p.MaxDiscount {
			p.MaxDiscount[c] = v.Add(pricing.FromMinor(1, c).Amount())
			return true
		}
		return false
	}},
	{"MaxDiscount drop", func(p *CouponParams) bool {
		for c := range p.MaxDiscount {
			delete(p.MaxDiscount, c)
			return true
		}
		return false
	}},
	{"Duration", func(p *CouponParams) bool {
		switch p.Duration {
		case Once:
			p.Duration = Forever
		case Forever:
			p.Duration = Once
		default:
			p.Duration, p.DurationInMonths = Once, 0
		}
		return true
	}},
	{"DurationInMonths", func(p *CouponParams) bool {
		p.DurationInMonths = p.DurationInMonths%MaxDurationInMonths + 1
		return p.Duration == Repeating
	}},
	{"AppliesToProducts", func(p *CouponParams) bool {
		if p.AppliesToProducts == nil {
			p.AppliesToProducts = []string{"prod_other"}
		} else {
			p.AppliesToProducts = append(p.AppliesToProducts, "prod_other")
		}
		return true
	}},
	{"AppliesToProducts nil", func(p *CouponParams) bool {
		if p.AppliesToProducts == nil {
			return false
		}
		p.AppliesToProducts = nil
		return true
	}},
}

func TestCouponEqualProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("generated coupons are valid, and Equal is reflexive", prop.ForAll(func(f pricingtest.CouponFields) string {
		c, err := NewCoupon(couponParams(f))
		if err != nil {
			return err.Error()
		}
		if !c.Equal(c) {
			return "c ≠ c"
		}
		return ""
	}, pricingtest.Coupon()))
	props.Property("a coupon built twice from the same params is Equal", prop.ForAll(func(f pricingtest.CouponFields) string {
		c, err1 := NewCoupon(couponParams(f))
		d, err2 := NewCoupon(couponParams(f))
		if err1 != nil || err2 != nil {
			return "invalid"
		}
		if !c.Equal(d) || !d.Equal(c) {
			return "unequal"
		}
		return ""
	}, pricingtest.Coupon()))
	props.Property("changing any one field makes the coupon unequal", prop.ForAll(func(f pricingtest.CouponFields, k int) string {
		m := couponMutations[k]
		changed := couponParams(f)
		if !m.mutate(&changed) {
			return ""
		}
		c, err1 := NewCoupon(couponParams(f))
		d, err2 := NewCoupon(changed)
		if err1 != nil || err2 != nil {
			return m.name + ": invalid: " + errString(err1) + errString(err2)
		}
		if c.Equal(d) || d.Equal(c) {
			return m.name + " changed, still Equal"
		}
		return ""
	}, pricingtest.Coupon(), gen.IntRange(0, len(couponMutations)-1)))
	props.TestingRun(t)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error() + " "
}

func TestCouponEqualCases(t *testing.T) {
	five := pricing.FromMinor(500, usd)
	fiveWide := pricing.New(decimal.RequireFromString("5.000"), usd)
	cases := []struct {
		name string
		a, b CouponParams
		want bool
	}{
		{"5.00 and 5.000 USD", CouponParams{ID: "c", AmountOff: &five}, CouponParams{ID: "c", AmountOff: &fiveWide}, true},
		{"10 and 10.0 percent", CouponParams{ID: "c", PercentOff: decimal.RequireFromString("10")}, CouponParams{ID: "c", PercentOff: decimal.RequireFromString("10.0")}, true},
		{"products in another order", CouponParams{ID: "c", PercentOff: decimal.NewFromInt(1), AppliesToProducts: []string{"a", "b"}}, CouponParams{ID: "c", PercentOff: decimal.NewFromInt(1), AppliesToProducts: []string{"b", "a"}}, false},
		{"percent and amount", CouponParams{ID: "c", PercentOff: decimal.NewFromInt(5)}, CouponParams{ID: "c", AmountOff: &five}, false},
	}
	for _, c := range cases {
		a, b := mustCoupon(t, c.a), mustCoupon(t, c.b)
		if got := a.Equal(b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.want)
		}
	}
	if !(Coupon{}).Equal(Coupon{}) {
		t.Error("two zero coupons are not Equal")
	}
}
