package discount

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// TestNewCouponRejects checks that every refusal of NewCoupon is a FieldError at the
// Go field path of CouponParams, wraps its sentinels and names the coupon and the value.
func TestNewCouponRejects(t *testing.T) {
	m := pricing.FromMinor(100, usd)
	neg := pricing.FromMinor(-100, usd)
	frac := pricing.New(decimal.RequireFromString("1.005"), usd)
	huge := pricing.New(decimal.New(1, 999999999), usd)
	noCur := pricing.New(decimal.NewFromInt(1), pricing.Currency{})
	d := decimal.RequireFromString
	cases := []struct {
		name  string
		p     CouponParams
		field string
		want  error
		text  string // the error must contain it (the value)
	}{
		{"empty id", CouponParams{PercentOff: d("10")}, "ID", ErrInvalidCoupon, "id is empty"},
		{"neither", CouponParams{ID: "x"}, "PercentOff", ErrInvalidCoupon, "neither"},
		{"both", CouponParams{ID: "x", PercentOff: d("10"), AmountOff: &m}, "AmountOff", ErrInvalidCoupon, "amount_off 1.00 USD with percent_off 10"},
		{"percent above 100", CouponParams{ID: "x", PercentOff: d("100.5")}, "PercentOff", ErrPercentRange, "100.5"},
		{"negative percent", CouponParams{ID: "x", PercentOff: d("-5")}, "PercentOff", ErrPercentRange, "-5"},
		{"percent with 13 decimals", CouponParams{ID: "x", PercentOff: d("0.0000000000001")}, "PercentOff", pricing.ErrTooPrecise, "0.0000000000001"},
		{"hostile percent", CouponParams{ID: "x", PercentOff: decimal.New(1, 999999999)}, "PercentOff", pricing.ErrOutOfRange, "1e999999999"},
		{"hostile tiny percent", CouponParams{ID: "x", PercentOff: decimal.New(1, -999999999)}, "PercentOff", ErrPercentRange, "1e-999999999"},
		{"negative amount", CouponParams{ID: "x", AmountOff: &neg}, "AmountOff", ErrInvalidAmountOff, "-1.00 USD"},
		{"fractional amount", CouponParams{ID: "x", AmountOff: &frac}, "AmountOff", ErrInvalidAmountOff, "1.005 USD"},
		{"hostile amount", CouponParams{ID: "x", AmountOff: &huge}, "AmountOff", pricing.ErrOutOfRange, "1e999999999 USD"},
		{"amount without currency", CouponParams{ID: "x", AmountOff: &noCur}, "AmountOff", ErrInvalidAmountOff, "no currency"},
		{"currency options on a percent coupon", CouponParams{ID: "x", PercentOff: d("5"), CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: d("1")}}, "CurrencyOptions", ErrInvalidCoupon, "only an amount_off coupon"},
		{"zero currency option", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: d("0")}}, "CurrencyOptions[EUR]", ErrInvalidAmountOff, "0.00 EUR"},
		{"fractional currency option", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{jpy: d("1.5")}}, "CurrencyOptions[JPY]", ErrInvalidAmountOff, "1.5 JPY"},
		{"currency option without currency", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{{}: d("1")}}, "CurrencyOptions", ErrInvalidAmountOff, "no currency"},
		{"currency option contradicting amount_off", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{usd: d("2")}}, "CurrencyOptions[USD]", ErrInvalidAmountOff, "2.00 USD differs"},
		{"cap on an amount coupon", CouponParams{ID: "x", AmountOff: &m, MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("1")}}, "MaxDiscount", ErrInvalidMaxDiscount, "no cap"},
		{"negative cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("-1")}}, "MaxDiscount[USD]", ErrInvalidMaxDiscount, "-1.00 USD"},
		{"fractional cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("0.001")}}, "MaxDiscount[USD]", ErrInvalidMaxDiscount, "0.001 USD"},
		{"hostile cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{eur: decimal.New(1, 999999999)}}, "MaxDiscount[EUR]", pricing.ErrOutOfRange, "1e999999999 EUR"},
		{"cap without currency", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{{}: d("1")}}, "MaxDiscount", ErrInvalidMaxDiscount, "no currency"},
		{"repeating without months", CouponParams{ID: "x", PercentOff: d("5"), Duration: Repeating}, "DurationInMonths", ErrInvalidDuration, "0 months"},
		{"repeating too long", CouponParams{ID: "x", PercentOff: d("5"), Duration: Repeating, DurationInMonths: 1201}, "DurationInMonths", ErrInvalidDuration, "1201 months"},
		{"months without repeating", CouponParams{ID: "x", PercentOff: d("5"), DurationInMonths: 3}, "DurationInMonths", ErrInvalidDuration, "3 months"},
		{"months with forever", CouponParams{ID: "x", PercentOff: d("5"), Duration: Forever, DurationInMonths: 3}, "DurationInMonths", ErrInvalidDuration, "forever"},
		{"unknown duration", CouponParams{ID: "x", PercentOff: d("5"), Duration: Duration(7)}, "Duration", ErrInvalidDuration, "Duration(7)"},
		{"empty product list", CouponParams{ID: "x", PercentOff: d("5"), AppliesToProducts: []string{}}, "AppliesToProducts", ErrInvalidCoupon, "an empty list covers nothing; leave it nil to cover every product"},
		{"empty product", CouponParams{ID: "x", PercentOff: d("5"), AppliesToProducts: []string{"p", ""}}, "AppliesToProducts[1]", ErrInvalidCoupon, "empty product id"},
		{"empty product far in", CouponParams{ID: "x", PercentOff: d("5"), AppliesToProducts: []string{"a", "b", "c", ""}}, "AppliesToProducts[3]", ErrInvalidCoupon, "empty product id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewCoupon(c.p)
			var fe *pricing.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%v (%T), want a *pricing.FieldError", err, err)
			}
			if fe.Field != c.field {
				t.Errorf("Field %q, want %q (%v)", fe.Field, c.field, err)
			}
			if !errors.Is(err, c.want) || !errors.Is(err, ErrInvalidCoupon) {
				t.Errorf("%v, want %v (and ErrInvalidCoupon)", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), c.field+": ") || !strings.Contains(err.Error(), c.text) {
				t.Errorf("%q does not start with %q and name %q", err, c.field, c.text)
			}
			if c.p.ID != "" && !strings.Contains(err.Error(), `coupon "x"`) {
				t.Errorf("%q does not name the coupon", err)
			}
		})
	}
}

// A nil product list covers every product; a list covers only its products.
func TestAppliesToProductsNil(t *testing.T) {
	all := mustCoupon(t, CouponParams{ID: "all", PercentOff: decimal.NewFromInt(5)})
	some := mustCoupon(t, CouponParams{ID: "some", PercentOff: decimal.NewFromInt(5), AppliesToProducts: []string{"prod_a"}})
	for _, c := range []struct {
		coupon  Coupon
		product string
		want    bool
	}{{all, "prod_a", true}, {all, "", true}, {some, "prod_a", true}, {some, "prod_b", false}} {
		if got := c.coupon.AppliesTo(c.product); got != c.want {
			t.Errorf("coupon %s AppliesTo(%q) = %v, want %v", c.coupon.ID(), c.product, got, c.want)
		}
	}
}

func TestCouponAccessors(t *testing.T) {
	m := pricing.FromMinor(500, usd)
	products := []string{"a", "b"}
	c := mustCoupon(t, CouponParams{ID: "five", Name: "Five off", AmountOff: &m, Duration: Repeating, DurationInMonths: 3,
		CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: decimal.RequireFromString("4.5"), usd: decimal.NewFromInt(5)}, AppliesToProducts: products})
	products[0] = "changed" // the coupon keeps its own copy
	if c.ID() != "five" || c.Name() != "Five off" || c.IsPercent() || !c.PercentOff().IsZero() || c.Duration() != Repeating || c.DurationInMonths() != 3 {
		t.Errorf("accessors: %+v", c)
	}
	if a, ok := c.AmountOff(); !ok || !a.Equal(m) {
		t.Errorf("AmountOff %s %v", a, ok)
	}
	if !c.AppliesTo("a") || !c.AppliesTo("b") || c.AppliesTo("changed") || c.AppliesTo("") {
		t.Errorf("applies to: %v", c.AppliesToProducts())
	}
	if got := c.AppliesToProducts(); len(got) != 2 || got[0] != "a" {
		t.Errorf("AppliesToProducts %v", got)
	}
	if a, err := c.AmountOffIn(usd); err != nil || !a.Equal(m) {
		t.Errorf("own currency: %s %v", a, err)
	}
	if a, err := c.AmountOffIn(eur); err != nil || !a.Equal(pricing.FromMinor(450, eur)) {
		t.Errorf("EUR option: %s %v", a, err)
	}
	_, err := c.AmountOffIn(gbp)
	if !errors.Is(err, ErrAmountOffCurrency) || !strings.Contains(err.Error(), `coupon "five"`) || !strings.Contains(err.Error(), "gbp") {
		t.Errorf("GBP: %v", err)
	}
	p := mustCoupon(t, CouponParams{ID: "p", PercentOff: decimal.RequireFromString("12.5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: decimal.NewFromInt(50)}})
	if !p.IsPercent() || !p.PercentOff().Equal(decimal.RequireFromString("12.5")) || !p.AppliesTo("anything") || p.Duration() != Once {
		t.Errorf("percent coupon: %+v", p)
	}
	if cp, ok := p.MaxDiscountIn(usd); !ok || !cp.Equal(pricing.FromMinor(5000, usd)) {
		t.Errorf("cap %s %v", cp, ok)
	}
	if _, ok := p.MaxDiscountIn(eur); ok {
		t.Error("cap in EUR")
	}
	if _, ok := p.AmountOff(); ok {
		t.Error("a percent coupon has an amount off")
	}
	if _, err := p.AmountOffIn(usd); !errors.Is(err, ErrInvalidCoupon) {
		t.Errorf("AmountOffIn on a percent coupon: %v", err)
	}
	// Long product lists use a set.
	long := make([]string, 20)
	for i := range long {
		long[i] = string(rune('a' + i))
	}
	lc := mustCoupon(t, CouponParams{ID: "l", PercentOff: decimal.NewFromInt(1), AppliesToProducts: long})
	if !lc.AppliesTo("t") || lc.AppliesTo("z") {
		t.Error("long product list")
	}
	// 100% is allowed.
	mustCoupon(t, CouponParams{ID: "all", PercentOff: decimal.NewFromInt(100)})
}

func TestDuration(t *testing.T) {
	for _, d := range []Duration{Once, Repeating, Forever} {
		got, err := ParseDuration(d.String())
		if err != nil || got != d || !d.Valid() {
			t.Errorf("%s: %v %v", d, got, err)
		}
	}
	if Duration(0) != Once {
		t.Error("the zero Duration is not once")
	}
	for _, s := range []string{"", "Once", "weekly", strings.Repeat("x", 1000)} {
		_, err := ParseDuration(s)
		if !errors.Is(err, ErrInvalidDuration) || len(err.Error()) > 200 {
			t.Errorf("%.20q: %v", s, err)
		}
	}
	if Duration(9).Valid() || Duration(9).String() != "Duration(9)" {
		t.Error("undeclared duration")
	}
}
