package discount

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func TestNewCouponRejects(t *testing.T) {
	m := pricing.FromMinor(100, usd)
	neg := pricing.FromMinor(-100, usd)
	frac := pricing.New(decimal.RequireFromString("1.005"), usd)
	huge := pricing.New(decimal.New(1, 999999999), usd)
	noCur := pricing.New(decimal.NewFromInt(1), pricing.Currency{})
	d := decimal.RequireFromString
	cases := []struct {
		name string
		p    CouponParams
		want error
		text string // the error must contain it (field and value)
	}{
		{"empty id", CouponParams{PercentOff: d("10")}, ErrInvalidCoupon, "id"},
		{"neither", CouponParams{ID: "x"}, ErrInvalidCoupon, "neither"},
		{"both", CouponParams{ID: "x", PercentOff: d("10"), AmountOff: &m}, ErrInvalidCoupon, "percent_off 10 with amount_off 1.00 USD"},
		{"percent above 100", CouponParams{ID: "x", PercentOff: d("100.5")}, ErrPercentRange, "percent_off 100.5"},
		{"negative percent", CouponParams{ID: "x", PercentOff: d("-5")}, ErrPercentRange, "percent_off -5"},
		{"percent with 13 decimals", CouponParams{ID: "x", PercentOff: d("0.0000000000001")}, pricing.ErrTooPrecise, "percent_off"},
		{"hostile percent", CouponParams{ID: "x", PercentOff: decimal.New(1, 999999999)}, pricing.ErrOutOfRange, "1e999999999"},
		{"hostile tiny percent", CouponParams{ID: "x", PercentOff: decimal.New(1, -999999999)}, ErrPercentRange, "1e-999999999"},
		{"negative amount", CouponParams{ID: "x", AmountOff: &neg}, ErrInvalidAmountOff, "amount_off -1.00 USD"},
		{"fractional amount", CouponParams{ID: "x", AmountOff: &frac}, ErrInvalidAmountOff, "amount_off 1.005 USD"},
		{"hostile amount", CouponParams{ID: "x", AmountOff: &huge}, pricing.ErrOutOfRange, "amount_off 1e999999999 USD"},
		{"amount without currency", CouponParams{ID: "x", AmountOff: &noCur}, ErrInvalidAmountOff, "no currency"},
		{"currency options on a percent coupon", CouponParams{ID: "x", PercentOff: d("5"), CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: d("1")}}, ErrInvalidCoupon, "currency_options"},
		{"zero currency option", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: d("0")}}, ErrInvalidAmountOff, "currency_options.eur.amount_off 0.00 EUR"},
		{"fractional currency option", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{jpy: d("1.5")}}, ErrInvalidAmountOff, "currency_options.jpy.amount_off 1.5 JPY"},
		{"currency option without currency", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{{}: d("1")}}, ErrInvalidAmountOff, "no currency"},
		{"currency option contradicting amount_off", CouponParams{ID: "x", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{usd: d("2")}}, ErrInvalidAmountOff, "differs"},
		{"cap on an amount coupon", CouponParams{ID: "x", AmountOff: &m, MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("1")}}, ErrInvalidMaxDiscount, "max_discount"},
		{"negative cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("-1")}}, ErrInvalidMaxDiscount, "max_discount.usd -1.00 USD"},
		{"fractional cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: d("0.001")}}, ErrInvalidMaxDiscount, "max_discount.usd 0.001 USD"},
		{"hostile cap", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: decimal.New(1, 999999999)}}, pricing.ErrOutOfRange, "max_discount.usd"},
		{"cap without currency", CouponParams{ID: "x", PercentOff: d("5"), MaxDiscount: map[pricing.Currency]decimal.Decimal{{}: d("1")}}, ErrInvalidMaxDiscount, "no currency"},
		{"repeating without months", CouponParams{ID: "x", PercentOff: d("5"), Duration: Repeating}, ErrInvalidDuration, "duration_in_months 0"},
		{"repeating too long", CouponParams{ID: "x", PercentOff: d("5"), Duration: Repeating, DurationInMonths: 1201}, ErrInvalidDuration, "duration_in_months 1201"},
		{"months without repeating", CouponParams{ID: "x", PercentOff: d("5"), DurationInMonths: 3}, ErrInvalidDuration, "duration_in_months 3"},
		{"months with forever", CouponParams{ID: "x", PercentOff: d("5"), Duration: Forever, DurationInMonths: 3}, ErrInvalidDuration, "forever"},
		{"unknown duration", CouponParams{ID: "x", PercentOff: d("5"), Duration: Duration(7)}, ErrInvalidDuration, "Duration(7)"},
		{"empty product", CouponParams{ID: "x", PercentOff: d("5"), AppliesToProducts: []string{"p", ""}}, ErrInvalidCoupon, "applies_to.products[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := NewCoupon(c.p)
			if !errors.Is(err, c.want) || !errors.Is(err, ErrInvalidCoupon) {
				t.Fatalf("%v, want %v (and ErrInvalidCoupon)", err, c.want)
			}
			if !strings.Contains(err.Error(), c.text) {
				t.Errorf("%q does not name %q", err, c.text)
			}
			if c.p.ID != "" && !strings.Contains(err.Error(), `coupon "x"`) {
				t.Errorf("%q does not name the coupon", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %s", d)
			}
		})
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
