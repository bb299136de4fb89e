package pricing_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func cur(t testing.TB, code string) pricing.Currency {
	t.Helper()
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestRoundingModes(t *testing.T) {
	in := []string{"1.5", "2.5", "-1.5", "-2.5", "1.49", "-1.51"}
	want := map[pricing.RoundingMode][]string{
		pricing.HalfAwayFromZero: {"2", "3", "-2", "-3", "1", "-2"},
		pricing.HalfEven:         {"2", "2", "-2", "-2", "1", "-2"},
		pricing.HalfTowardZero:   {"1", "2", "-1", "-2", "1", "-2"},
		pricing.Up:               {"2", "3", "-2", "-3", "2", "-2"},
		pricing.Down:             {"1", "2", "-1", "-2", "1", "-1"},
		pricing.Ceiling:          {"2", "3", "-1", "-2", "2", "-1"},
		pricing.Floor:            {"1", "2", "-2", "-3", "1", "-2"},
	}
	for mode, outs := range want {
		for i, s := range in {
			for _, scale := range []int32{0, 2, -1} {
				// The same digits shifted to the scale must round the same way.
				x := d(s).Shift(-scale)
				got := pricing.Round(x, scale, mode)
				exp := d(outs[i]).Shift(-scale)
				if !got.Equal(exp) {
					t.Errorf("%s: Round(%s, %d) = %s, want %s", mode, x, scale, got, exp)
				}
			}
		}
	}
}

func TestRoundToIncrement(t *testing.T) {
	inc := d("0.05")
	cases := []struct {
		in   string
		mode pricing.RoundingMode
		want string
	}{
		{"1.025", pricing.HalfAwayFromZero, "1.05"}, {"1.024", pricing.HalfAwayFromZero, "1.00"},
		{"1.025", pricing.HalfEven, "1.00"}, {"1.075", pricing.HalfEven, "1.10"},
		{"1.025", pricing.HalfTowardZero, "1.00"}, {"-1.025", pricing.HalfAwayFromZero, "-1.05"},
		{"1.01", pricing.Up, "1.05"}, {"1.04", pricing.Down, "1.00"},
		{"-1.01", pricing.Ceiling, "-1.00"}, {"-1.01", pricing.Floor, "-1.05"}, {"1.05", pricing.Up, "1.05"},
	}
	for _, c := range cases {
		got, err := pricing.RoundToIncrement(d(c.in), inc, c.mode)
		if err != nil || !got.Equal(d(c.want)) {
			t.Errorf("%s %s: got %s (%v), want %s", c.in, c.mode, got, err, c.want)
		}
	}
	if _, err := pricing.RoundToIncrement(d("1"), decimal.Zero, pricing.Up); !errors.Is(err, pricing.ErrInvalidRate) {
		t.Errorf("zero increment: %v", err)
	}
}

func TestAllocateExamples(t *testing.T) {
	usd := cur(t, "usd")
	minors := func(ms []pricing.Money) []int64 {
		out := make([]int64, len(ms))
		for i, m := range ms {
			out[i], _ = m.MinorUnits()
		}
		return out
	}
	eq := func(a, b []int64) bool {
		return strings.Trim(strings.Join(strings.Fields(fmtInts(a)), ","), "") == strings.Join(strings.Fields(fmtInts(b)), ",")
	}
	cases := []struct {
		name  string
		total int64
		w     []int64
		rule  pricing.AllocationRule
		want  []int64
	}{
		{"stripe 166/334", 500, []int64{1000, 2000}, pricing.FloorLargestFirst, []int64{166, 334}},
		{"hamilton 167/333", 500, []int64{1000, 2000}, pricing.LargestRemainder, []int64{167, 333}},
		{"zero weight gets zero", 100, []int64{0, 1, 1}, pricing.LargestRemainder, []int64{0, 50, 50}},
		{"negative total", -500, []int64{1000, 2000}, pricing.FloorLargestFirst, []int64{-166, -334}},
		{"exact shares skipped", 5, []int64{4, 3, 3}, pricing.FloorLargestFirst, []int64{2, 2, 1}},
	}
	for _, c := range cases {
		got, err := pricing.Allocate(pricing.FromMinor(c.total, usd), pricing.Weights(c.w...), c.rule)
		if err != nil || !eq(minors(got), c.want) {
			t.Errorf("%s: got %v (%v), want %v", c.name, minors(got), err, c.want)
		}
	}
	split, _ := pricing.Split(pricing.FromMinor(100, usd), 3)
	if !eq(minors(split), []int64{34, 33, 33}) {
		t.Errorf("split 100/3: %v", minors(split))
	}
	errCases := []struct {
		total pricing.Money
		w     []decimal.Decimal
		want  error
	}{
		{pricing.FromMinor(1, usd), pricing.Weights(0, 0), pricing.ErrInvalidWeights},
		{pricing.FromMinor(1, usd), pricing.Weights(-1, 2), pricing.ErrInvalidWeights},
		{pricing.FromMinor(1, usd), nil, pricing.ErrInvalidWeights},
		{pricing.New(d("0.005"), usd), pricing.Weights(1), pricing.ErrNotWholeMinorUnits},
		{pricing.FromMinor(1, usd), []decimal.Decimal{decimal.New(1, 99999)}, pricing.ErrOutOfRange},
	}
	for i, c := range errCases {
		if _, err := pricing.Allocate(c.total, c.w, pricing.LargestRemainder); !errors.Is(err, c.want) {
			t.Errorf("error case %d: %v, want %v", i, err, c.want)
		}
	}
	if _, err := pricing.Split(pricing.FromMinor(1, usd), 0); !errors.Is(err, pricing.ErrInvalidWeights) {
		t.Errorf("split 0: %v", err)
	}
}

func fmtInts(v []int64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestMoney(t *testing.T) {
	usd, eur := cur(t, "USD"), cur(t, "eur")
	a := pricing.FromMinor(1050, usd)
	if a.String() != "10.50 USD" || !a.Amount().Equal(d("10.5")) {
		t.Errorf("FromMinor: %s", a)
	}
	if _, err := a.Add(pricing.FromMinor(1, eur)); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("mixing currencies: %v", err)
	}
	if _, err := a.Cmp(pricing.Money{}); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("zero Money: %v", err)
	}
	if _, err := pricing.New(d("10.005"), usd).MinorUnits(); !errors.Is(err, pricing.ErrNotWholeMinorUnits) {
		t.Errorf("10.005 USD: %v", err)
	}
	if _, err := pricing.New(decimal.New(1, 20), usd).MinorUnits(); !errors.Is(err, pricing.ErrOutOfRange) {
		t.Errorf("1e20 USD: %v", err)
	}
	conv, err := a.Convert(eur, d("0.9"))
	if err != nil || !conv.Equal(pricing.New(d("9.45"), eur)) {
		t.Errorf("convert: %s %v", conv, err)
	}
	for _, rate := range []string{"0", "-1"} {
		if _, err := a.Convert(eur, d(rate)); !errors.Is(err, pricing.ErrInvalidRate) {
			t.Errorf("rate %s: %v", rate, err)
		}
	}
	if (pricing.Money{}).String() == "" {
		t.Error("zero Money has no String")
	}
	if _, err := json.Marshal(pricing.Money{}); err == nil {
		t.Error("zero Money marshalled")
	}
	var m pricing.Money
	if err := json.Unmarshal([]byte(`{"amount":"1e999999999","currency":"USD"}`), &m); !errors.Is(err, pricing.ErrOutOfRange) {
		t.Errorf("huge JSON amount: %v", err)
	}
	if _, err := pricing.ParseMoney("10000000000000", usd); err != nil {
		t.Errorf("10^13 USD (10^15 cents): %v", err)
	}
	if _, err := pricing.ParseMoney("10000000000000.01", usd); !errors.Is(err, pricing.ErrOutOfRange) {
		t.Errorf("10^13 + 0.01 USD: %v", err)
	}
}

// TestMinorUnitsProperty checks MinorUnits against the exact decimal in minor units,
// whatever the amount's exponent: the same integer when it is whole and fits.
func TestMinorUnitsProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	props.Property("MinorUnits is MinorDecimal when whole", prop.ForAll(
		func(coef int64, exp int, code string) string {
			c, _ := pricing.ParseCurrency(code)
			m := pricing.New(decimal.New(coef, int32(exp)), c)
			want := m.MinorDecimal()
			got, err := m.MinorUnits()
			switch {
			case err == nil && !decimal.NewFromInt(got).Equal(want):
				return fmt.Sprintf("%s: %d, want %s", m, got, want)
			case err != nil && want.IsInteger() && want.Abs().LessThan(decimal.New(1, 15)):
				return fmt.Sprintf("%s: %v, want %s", m, err, want)
			}
			return ""
		}, gen.Int64Range(-1e15, 1e15), gen.IntRange(-6, 6), gen.OneConstOf("USD", "JPY", "KWD", "CLF")))
	props.TestingRun(t)
}

func TestCurrencies(t *testing.T) {
	for code, digits := range map[string]int32{"usd": 2, "USD": 2, "Jpy": 0, "KWD": 3, "clf": 4, "BHD": 3, "krw": 0, "UYW": 4} {
		if c := cur(t, code); c.Digits() != digits || c.Code() != strings.ToUpper(code) {
			t.Errorf("%s: %s digits %d", code, c.Code(), c.Digits())
		}
	}
	for _, bad := range []string{"usd1", "", "XXX", "xau", "€", "US", "u d"} {
		if _, err := pricing.ParseCurrency(bad); !errors.Is(err, pricing.ErrUnknownCurrency) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	prev := ""
	for _, c := range pricing.Currencies() {
		code := c.Code()
		if len(code) != 3 || strings.ToUpper(code) != code || code <= prev {
			t.Errorf("table out of order or malformed at %q after %q", code, prev)
		}
		prev = code
	}
}

func TestIntervalAdd(t *testing.T) {
	at := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 13, 14, 15, 0, time.UTC) }
	cases := []struct {
		from time.Time
		iv   pricing.Interval
		n    int
		want time.Time
	}{
		{at(2025, 1, 31), pricing.Month, 1, at(2025, 2, 28)},
		{at(2024, 1, 31), pricing.Month, 1, at(2024, 2, 29)},
		{at(2025, 1, 31), pricing.Month, 2, at(2025, 3, 31)},
		{at(2025, 1, 31), pricing.Month, 3, at(2025, 4, 30)},
		{at(2024, 2, 29), pricing.Year, 1, at(2025, 2, 28)},
		{at(2024, 2, 29), pricing.Year, 4, at(2028, 2, 29)},
		{at(2025, 3, 31), pricing.Month, -1, at(2025, 2, 28)},
		{at(2025, 1, 1), pricing.Month, -13, at(2023, 12, 1)},
		{at(2025, 1, 1), pricing.Week, 2, at(2025, 1, 15)},
		{at(2025, 1, 1), pricing.Day, -1, at(2024, 12, 31)},
	}
	for _, c := range cases {
		got, err := c.iv.Add(c.from, c.n)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s + %d %s = %s (%v), want %s", c.from, c.n, c.iv, got, err, c.want)
		}
	}
	if _, err := pricing.Year.Add(at(2025, 1, 1), 9000); !errors.Is(err, pricing.ErrInvalidInterval) {
		t.Errorf("year 11025: %v", err)
	}
}

func TestParseBounds(t *testing.T) {
	bad := map[string]error{
		"1e999999999": pricing.ErrOutOfRange, "-1e999999999": pricing.ErrOutOfRange, "1e-999999999": pricing.ErrTooPrecise,
		"99999999999999999": pricing.ErrOutOfRange, "0.0000000000001": pricing.ErrTooPrecise, "1e16": pricing.ErrOutOfRange,
		"NaN": pricing.ErrSyntax, "Inf": pricing.ErrSyntax, "0x10": pricing.ErrSyntax, "1_000": pricing.ErrSyntax,
		" 1": pricing.ErrSyntax, "": pricing.ErrSyntax, "--1": pricing.ErrSyntax, "1e+": pricing.ErrSyntax,
		strings.Repeat("9", 1<<20): pricing.ErrSyntax,
	}
	for s, want := range bad {
		if _, err := pricing.ParseDecimal(s); !errors.Is(err, want) {
			t.Errorf("ParseDecimal(%.20q): %v, want %v", s, err, want)
		}
	}
	for _, s := range []string{"1e15", "-1e15", "0.000000000001", "1.50", "1E3", "0e999999999", "1000000000000000"} {
		v, err := pricing.ParseDecimal(s)
		if err != nil || !v.Equal(d(strings.Replace(s, "0e999999999", "0", 1))) {
			t.Errorf("ParseDecimal(%q) = %s, %v", s, v, err)
		}
	}
	// Hostile input fails fast: a thousand tries take well under the generous limit.
	huge := strings.Repeat("7", 1<<20)
	start := time.Now()
	for i := 0; i < 1000; i++ {
		_, _ = pricing.ParseDecimal("1e999999999")
		_, _ = pricing.ParseDecimal(huge)
		_ = pricing.CheckBounds(decimal.New(1, 999999999))
		_ = pricing.CheckBounds(decimal.New(1, -999999999))
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("1000 hostile parses took %s", el)
	}
	if err := pricing.CheckBounds(decimal.New(1, -999999999)); !errors.Is(err, pricing.ErrTooPrecise) {
		t.Errorf("1e-999999999: %v", err)
	}
	if err := pricing.CheckBounds(decimal.New(5000, -15)); err != nil {
		t.Errorf("trailing zeros count as places: %v", err)
	}
}

func TestFoundationProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	rules := gen.OneConstOf(pricing.LargestRemainder, pricing.FloorLargestFirst)
	props.Property("allocation conserves the total and stays within one unit of each share", prop.ForAll(
		func(total pricing.Money, ws []decimal.Decimal, rule pricing.AllocationRule) string {
			parts, err := pricing.Allocate(total, ws, rule)
			if err != nil {
				return err.Error()
			}
			neg, _ := pricing.Allocate(total.Neg(), ws, rule)
			sum := pricing.Zero(total.Currency())
			wsum := decimal.Sum(decimal.Zero, ws...)
			for i, p := range parts {
				sum, _ = sum.Add(p)
				exact := total.Amount().Mul(ws[i]).DivRound(wsum, 30)
				if p.Amount().Sub(exact).Abs().Shift(total.Currency().Digits()).GreaterThanOrEqual(decimal.NewFromInt(1)) {
					return "part " + p.String() + " is a whole unit from its share " + exact.String()
				}
				if !neg[i].Equal(p.Neg()) {
					return "Allocate(−x) ≠ −Allocate(x)"
				}
			}
			if !sum.Equal(total) {
				return "parts sum to " + sum.String() + ", not " + total.String()
			}
			return ""
		}, pricingtest.Money(), pricingtest.Weights(), rules))
	modes := gen.IntRange(0, 6).Map(func(i int) pricing.RoundingMode { return pricing.RoundingMode(i) })
	props.Property("rounding is idempotent, has the scale's places and moves less than one unit", prop.ForAll(
		func(x decimal.Decimal, scale int, mode pricing.RoundingMode) bool {
			r := pricing.Round(x, int32(scale), mode)
			return pricing.Round(r, int32(scale), mode).Equal(r) && r.Equal(r.Truncate(int32(max(scale, 0)))) &&
				r.Sub(x).Abs().LessThan(decimal.New(1, -int32(scale)))
		}, pricingtest.Decimal(9, 6), gen.IntRange(-2, 5), modes))
	props.Property("money arithmetic is exact: a + b − b = a", prop.ForAll(func(a pricing.Money, b int64) bool {
		bm := pricing.FromMinor(b, a.Currency())
		s, err1 := a.Add(bm)
		back, err2 := s.Sub(bm)
		return err1 == nil && err2 == nil && back.Equal(a)
	}, pricingtest.Money(), pricingtest.MinorUnits(1e12)))
	props.Property("minor units round-trip", prop.ForAll(func(v int64, c pricing.Currency) bool {
		got, err := pricing.FromMinor(v, c).MinorUnits()
		return err == nil && got == v
	}, pricingtest.MinorUnits(1e15), pricingtest.Currency()))
	props.Property("JSON round-trips exactly", prop.ForAll(func(m pricing.Money) bool {
		b, err := json.Marshal(m)
		if err != nil {
			return false
		}
		var back pricing.Money
		if json.Unmarshal(b, &back) != nil {
			return false
		}
		b2, _ := json.Marshal(back)
		return back.Equal(m) && string(b) == string(b2)
	}, pricingtest.Money()))
	props.Property("ParseDecimal reads back String", prop.ForAll(func(x decimal.Decimal) bool {
		v, err := pricing.ParseDecimal(x.String())
		return err == nil && v.Equal(x)
	}, pricingtest.Decimal(12, 6)))
	props.Property("String reads back exactly, with at least the currency's places", prop.ForAll(func(x decimal.Decimal, c pricing.Currency) string {
		m := pricing.New(x, c)
		text := strings.TrimSuffix(m.String(), " "+c.Code())
		back, err := decimal.NewFromString(text)
		if err != nil || !back.Equal(x) {
			return "String " + text + " does not read back as " + x.String()
		}
		if i := strings.IndexByte(text, '.'); c.Digits() > 0 && (i < 0 || int32(len(text)-i-1) < c.Digits()) {
			return "String " + text + " has fewer places than " + c.Code()
		}
		return ""
	}, pricingtest.Decimal(12, 8), pricingtest.Currency()))
	props.TestingRun(t)
}
