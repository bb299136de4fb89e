package text_test

import (
	"math"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func TestAppendDecimal(t *testing.T) {
	for in, want := range map[string]string{"15": "15", "1.50": "1.5", "-0.0005": "-0.0005", "0": "0", "1e-39": "0.000000000000000000000000000000000000001",
		"123456789012345678": "123456789012345678", "1234567890123456789.5": "1234567890123456789.5", "1e40": "10000000000000000000000000000000000000000"} {
		if got := string(text.AppendDecimal(nil, decimal.RequireFromString(in))); got != want {
			t.Errorf("AppendDecimal(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestAppendDecimalProperty checks the formatting fast path against shopspring's
// own: exactly d.String() without places, and the places (a currency's digits) at least, for
// every coefficient and any exponent that is written out (within ±40).
func TestAppendDecimalProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(2000))
	props.Property("AppendDecimal is String, AppendDecimalPlaces pads to the places", prop.ForAll(
		func(d decimal.Decimal, places int32) string {
			if e := d.Exponent(); e > 40 || e < -40 {
				return "" // written short: TestAppendDecimalHostile
			}
			if got := string(text.AppendDecimal([]byte("x"), d)); got != "x"+d.String() {
				return "AppendDecimal " + got + ", want x" + d.String()
			}
			want := d.String()
			if i := strings.IndexByte(want, '.'); (i < 0 && places > 0) || (i >= 0 && int32(len(want)-i-1) < places) {
				want = d.StringFixed(places)
			}
			if got := string(text.AppendDecimalPlaces(nil, d, places)); got != want {
				return "AppendDecimalPlaces " + got + ", want " + want
			}
			return ""
		}, gen.OneGenOf(pricingtest.Decimal(15, 14), pricingtest.AnyDecimal()), gen.OneConstOf(int32(0), int32(2), int32(3), int32(4))))
	props.TestingRun(t)
}

// TestAppendDecimalHostile checks that an exponent far from zero is written short,
// not expanded.
func TestAppendDecimalHostile(t *testing.T) {
	for _, exp := range []int32{41, -41, 999999, -999999} {
		for _, coef := range []int64{0, 7, -123456789} {
			if got := text.AppendDecimal(nil, decimal.New(coef, exp)); len(got) > 40 {
				t.Errorf("%de%d: %d bytes", coef, exp, len(got))
			}
		}
	}
}

// testMoney is a Money of a fixed currency, as pricing.Money would be.
type testMoney struct {
	amount decimal.Decimal
	cur    testCurrency
}

type testCurrency struct {
	code   string
	digits int32
}

func (c testCurrency) Digits() int32        { return c.digits }
func (c testCurrency) Code() string         { return c.code }
func (m testMoney) Amount() decimal.Decimal { return m.amount }
func (m testMoney) Currency() testCurrency  { return m.cur }
func (m testMoney) Scaled() (int64, int32, bool) {
	if m.amount.NumDigits() > 18 {
		return 0, 0, false
	}
	return m.amount.CoefficientInt64(), m.amount.Exponent(), true
}

func TestAppendMoney(t *testing.T) {
	cases := []struct {
		amount string
		places int32
		code   string
		want   string
	}{{"10.5", 2, "USD", "10.50 USD"}, {"-3", 0, "JPY", "-3 JPY"}, {"0.0005", 2, "USD", "0.0005 USD"}, {"1.2", 3, "KWD", "1.200 KWD"}}
	for _, c := range cases {
		m := testMoney{decimal.RequireFromString(c.amount), testCurrency{c.code, c.places}}
		if got := string(text.AppendMoney([]byte("x"), m)); got != "x"+c.want {
			t.Errorf("AppendMoney(%s %s) = %q, want %q", c.amount, c.code, got, "x"+c.want)
		}
	}
}

func TestShortDecimalAndTruncate(t *testing.T) {
	cases := []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.RequireFromString("-12.5"), "-12.5"},
		{decimal.New(7, 31), "7e31"},
		{decimal.New(1, -999999999), "1e-999999999"},
		{decimal.RequireFromString("1234567890123456789012345678901"), "12345678901234567890…e0"},
	}
	for _, c := range cases {
		if got := text.ShortDecimal(c.d); got != c.want {
			t.Errorf("ShortDecimal = %q, want %q", got, c.want)
		}
	}
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{{"abc", 3, "abc"}, {"abcd", 3, "abc…"}, {"", 0, ""}, {"ab", 0, "…"}} {
		if got := text.Truncate(c.s, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// TestAppendScaledProperty checks that AppendScaled writes a coefficient and exponent
// exactly as AppendDecimalPlaces writes the decimal made of them, every int64
// coefficient (MinInt64 and 19 digits included) and exponent from −45 to 45.
func TestAppendScaledProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(2000))
	coef := gen.OneGenOf(gen.Int64(), gen.Int64Range(-99999, 99999), gen.OneConstOf(int64(0), int64(math.MaxInt64), int64(math.MinInt64), int64(999999999999999999)))
	props.Property("AppendScaled is AppendDecimalPlaces of decimal.New", prop.ForAll(
		func(c int64, exp, places int32) string {
			want := string(text.AppendDecimalPlaces([]byte("x"), decimal.New(c, exp), places))
			if got := string(text.AppendScaled([]byte("x"), c, exp, places)); got != want {
				return "AppendScaled " + got + ", want " + want
			}
			return ""
		}, coef, gen.Int32Range(-45, 45), gen.OneConstOf(int32(0), int32(2), int32(3), int32(4), int32(21))))
	props.TestingRun(t)
}
