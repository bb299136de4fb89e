package pricing_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func isSentinel(err error, sentinels ...error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-1e15", "1e999999999", "0.000000000001", "1e-13", "+.5", "5.", "abc", "", "1e+", "9999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := pricing.ParseDecimal(s)
		if err != nil {
			if !isSentinel(err, pricing.ErrSyntax, pricing.ErrOutOfRange, pricing.ErrTooPrecise) {
				t.Fatalf("%q: error without a sentinel: %v", s, err)
			}
			return
		}
		if err := pricing.CheckBounds(v); err != nil {
			t.Fatalf("%q parsed to %s, out of bounds: %v", s, v, err)
		}
		back, err := pricing.ParseDecimal(v.String())
		if err != nil || !back.Equal(v) {
			t.Fatalf("%q: %s does not read back (%v)", s, v, err)
		}
		// The same value and, unless zero, the same exponent as shopspring's parser
		// (explanations print the decimal places the input had).
		if ref, err := decimal.NewFromString(s); err == nil && (!ref.Equal(v) || !v.IsZero() && ref.Exponent() != v.Exponent()) {
			t.Fatalf("%q: %s (exponent %d), shopspring reads %s (exponent %d)", s, v, v.Exponent(), ref, ref.Exponent())
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	f.Add("10.50", "usd")
	f.Add("1e999999999", "jpy")
	f.Add("0.0001", "kwd")
	f.Fuzz(func(t *testing.T, s, code string) {
		c, err := pricing.ParseCurrency(code)
		if err != nil {
			return
		}
		m, err := pricing.ParseMoney(s, c)
		if err == nil {
			if pricing.CheckMoneyBounds(m) != nil {
				t.Fatalf("%q %s out of bounds", s, code)
			}
		}
	})
}

func FuzzMoneyUnmarshalJSON(f *testing.F) {
	f.Add([]byte(`{"amount":"10.50","currency":"USD"}`))
	f.Add([]byte(`{"amount":"1e999999999","currency":"usd"}`))
	f.Add([]byte(`{"amount":1,"currency":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m pricing.Money
		if err := json.Unmarshal(b, &m); err != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("decoded %s but cannot encode: %v", m, err)
		}
		var back pricing.Money
		if err := json.Unmarshal(out, &back); err != nil || !back.Equal(m) {
			t.Fatalf("round trip: %s → %s → %s (%v)", b, out, back, err)
		}
	})
}

func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{"usd", "JPY", "xau", "", "€€€", "usdd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := pricing.ParseCurrency(s)
		if err != nil {
			if !errors.Is(err, pricing.ErrUnknownCurrency) {
				t.Fatal(err)
			}
			return
		}
		if again, err := pricing.ParseCurrency(c.LowerCode()); err != nil || again != c {
			t.Fatalf("%q → %s does not parse back", s, c)
		}
	})
}

func FuzzAllocate(f *testing.F) {
	f.Add(int64(500), []byte{0, 0, 3, 232, 0, 0, 7, 208}, true)
	f.Add(int64(-7), []byte{0, 0, 0, 0}, false)
	f.Fuzz(func(t *testing.T, total int64, raw []byte, stripe bool) {
		usd, _ := pricing.ParseCurrency("usd")
		var ws []decimal.Decimal
		for len(raw) >= 4 && len(ws) < 50 {
			ws = append(ws, decimal.New(int64(int32(binary.BigEndian.Uint32(raw))), -2))
			raw = raw[4:]
		}
		rule := pricing.LargestRemainder
		if stripe {
			rule = pricing.FloorLargestFirst
		}
		m := pricing.FromMinor(total, usd)
		parts, err := pricing.Allocate(m, ws, rule)
		if err != nil {
			if !isSentinel(err, pricing.ErrInvalidWeights, pricing.ErrOutOfRange, pricing.ErrTooPrecise, pricing.ErrNotWholeMinorUnits) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		sum, _ := pricing.Sum(usd, parts...)
		if !sum.Equal(m) {
			t.Fatalf("parts sum to %s, not %s", sum, m)
		}
	})
}
