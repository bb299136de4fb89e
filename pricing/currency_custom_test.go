package pricing_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func TestNewCustomCurrency(t *testing.T) {
	cases := []struct {
		code   string
		digits int
		field  string // "" when valid
		want   string // the code
	}{
		{"credits", 4, "", "CREDITS"},
		{"Credits_2", 0, "", "CREDITS_2"},
		{"tok", 18, "", ""}, // three letters: the form of an ISO code
		{"t0k", 2, "", "T0K"},
		{"X", 2, "", "X"},
		{"abcdefghijklm", 2, "", "ABCDEFGHIJKLM"},
		{"abcdefghijklmn", 2, "Code", ""},
		{"", 2, "Code", ""},
		{"usd", 2, "Code", ""},
		{"cré", 2, "Code", ""},
		{"a b", 2, "Code", ""},
		{"credits", -1, "Digits", ""},
		{"credits", 19, "Digits", ""},
	}
	for _, c := range cases {
		got, err := pricing.NewCustomCurrency(c.code, c.digits)
		if c.code == "tok" {
			c.field = "Code"
		}
		if c.field != "" {
			var fe *pricing.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, pricing.ErrUnknownCurrency) {
				t.Errorf("%q %d: %v, want an error at %s", c.code, c.digits, err, c.field)
			}
			continue
		}
		if err != nil || got.Code() != c.want || got.Digits() != int32(c.digits) || !got.IsCustom() || got.IsZero() {
			t.Errorf("%q %d: %v %q %d", c.code, c.digits, err, got.Code(), got.Digits())
		}
	}
}

// A custom currency is a value: equal when built alike, a map key, apart from every
// ISO currency; amounts in it round to its own decimals.
func TestCustomCurrencyValue(t *testing.T) {
	a, _ := pricing.NewCustomCurrency("credits", 4)
	b, _ := pricing.NewCustomCurrency("CREDITS", 4)
	c, _ := pricing.NewCustomCurrency("credits", 2)
	if a != b || a == c || a == usd(t) {
		t.Fatal("equality")
	}
	m := map[pricing.Currency]int{a: 1, c: 2, usd(t): 3}
	if m[b] != 1 || len(m) != 3 {
		t.Fatal("map key")
	}
	if a.LowerCode() != "credits" || a.String() != "CREDITS" || usd(t).IsCustom() {
		t.Fatal("code")
	}
	got := pricing.New(dec("1.23455"), a).Round(pricing.HalfAwayFromZero)
	if got.String() != "1.2346 CREDITS" {
		t.Errorf("rounded %s", got)
	}
	if m, err := pricing.New(dec("3.7035"), a).MinorUnits(); err != nil || m != 37035 {
		t.Errorf("minor units %d %v", m, err)
	}
	p, err := pricing.NewPrice(pricing.PriceParams{Currency: a, UnitAmount: dec("1.2345")})
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.Quote(a, dec("3"))
	if err != nil || q.Amount.String() != "3.7035 CREDITS" {
		t.Errorf("quote %s %v", q.Amount, err)
	}
	if _, err := p.Quote(c, dec("3")); !errors.Is(err, pricing.ErrCurrencyUnavailable) {
		t.Errorf("another custom currency: %v", err)
	}
	var back pricing.Currency
	if err := back.UnmarshalText([]byte("CREDITS")); err == nil {
		t.Error("a custom currency's text has no decimals: it must not decode")
	}
}

func FuzzNewCustomCurrency(f *testing.F) {
	for _, s := range []string{"credits", "usd", "abc", "a_1", "", "ÿÿÿ", "abcdefghijklmnop"} {
		f.Add(s, 4)
	}
	f.Fuzz(func(t *testing.T, code string, digits int) {
		c, err := pricing.NewCustomCurrency(code, digits)
		if err != nil {
			if !errors.Is(err, pricing.ErrUnknownCurrency) {
				t.Fatalf("%v does not wrap ErrUnknownCurrency", err)
			}
			return
		}
		if _, err := pricing.ParseCurrency(code); err == nil {
			t.Fatalf("%q shadows an ISO currency", code)
		}
		again, err := pricing.NewCustomCurrency(c.LowerCode(), int(c.Digits()))
		if err != nil || again != c || int(c.Digits()) != digits {
			t.Fatalf("%q %d: rebuilt %v %v", code, digits, again, err)
		}
	})
}

func ExampleNewCustomCurrency() {
	credits, _ := pricing.NewCustomCurrency("credits", 4)
	p, _ := pricing.NewPrice(pricing.PriceParams{Currency: credits, UnitAmount: decimal.RequireFromString("0.0125")})
	q, _ := p.Quote(credits, decimal.NewFromInt(7))
	fmt.Println(q.Amount, credits.Digits())
	// Output: 0.0875 CREDITS 4
}
