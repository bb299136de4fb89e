package text

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// AppendDecimal appends d exactly, without trailing zeros ("15", "1.5", "-0.0005"),
// as d.String() but without allocating for values of up to 18 digits; an exponent
// beyond ±40 is written short, as [ShortDecimal] writes it.
func AppendDecimal(b []byte, d decimal.Decimal) []byte { return AppendDecimalPlaces(b, d, 0) }

// AppendDecimalPlaces appends d with at least places decimals, more if d has them
// ("10.50" for 10.5 and 2 places, "0.0005" for 0.0005 and 2).
func AppendDecimalPlaces(b []byte, d decimal.Decimal, places int32) []byte {
	n, exp := d.NumDigits(), d.Exponent()
	if n > 18 || exp > 0 || exp <= -40 || places > 20 {
		return appendDecimalSlow(b, d, places)
	}
	return appendCoefficient(b, d.CoefficientInt64(), exp, n, places)
}

// AppendScaled appends c × 10^exp as [AppendDecimalPlaces] appends the decimal of
// that coefficient and exponent, without making one where it can.
func AppendScaled(b []byte, c int64, exp, places int32) []byte {
	n := CountDigits(absUint(c))
	if n > 18 || exp > 0 || exp <= -40 || places > 20 {
		return appendDecimalSlow(b, decimal.New(c, exp), places)
	}
	return appendCoefficient(b, c, exp, n, places)
}

func absUint(c int64) uint64 {
	if c < 0 {
		return -uint64(c)
	}
	return uint64(c)
}

// appendCoefficient is AppendDecimalPlaces for a coefficient c of n ≤ 18 digits and
// an exponent from −39 to 0.
func appendCoefficient(b []byte, c int64, exp int32, n int, places int32) []byte {
	// A coefficient that fits an int64, formatted without big.Int; its integer
	// digits, at least one, do not change as trailing zeros are dropped.
	scale, whole := -exp, max(n+int(exp), 1)
	// Drop zeros beyond the wanted places, eight, four, then one at a time.
	if scale > places {
		for scale-places >= 8 && c%1e8 == 0 {
			c /= 1e8
			scale -= 8
		}
		for scale-places >= 4 && c%1e4 == 0 {
			c /= 1e4
			scale -= 4
		}
		for scale > places && c%10 == 0 {
			c /= 10
			scale--
		}
	}
	u := uint64(c)
	if c < 0 {
		u = -u
	}
	// Right to left: the padding zeros, the fraction's scale digits, the point, the
	// integer digits and the sign.
	var buf [64]byte
	i := len(buf)
	for pad := places - scale; pad > 0; pad-- {
		i--
		buf[i] = '0'
	}
	if scale > 0 || places > 0 {
		i -= int(scale)
		u = PutDigits(buf[i:i+int(scale)], u)
		i--
		buf[i] = '.'
	}
	i -= whole
	PutDigits(buf[i:i+whole], u)
	if c < 0 {
		i--
		buf[i] = '-'
	}
	return append(b, buf[i:]...)
}

// appendDecimalSlow is AppendDecimalPlaces for a coefficient beyond int64 or an exponent
// above zero or far below.
func appendDecimalSlow(b []byte, d decimal.Decimal, places int32) []byte {
	if exp := d.Exponent(); exp > 40 || exp < -40 { // never expand a hostile exponent
		return append(b, ShortDecimal(d)...)
	}
	str := d.String() // exact, without trailing zeros
	if i := strings.IndexByte(str, '.'); (i >= 0 && int32(len(str)-i-1) >= places) || (i < 0 && places == 0) {
		return append(b, str...)
	}
	return append(b, d.StringFixed(places)...)
}

// Currency is what [AppendMoney] needs of a currency; pricing.Currency has it.
type Currency interface {
	// Digits is the currency's minor-unit exponent (2 for USD).
	Digits() int32
	// Code is the ISO 4217 code ("USD").
	Code() string
}

// Money is what [AppendMoney] needs of an amount; pricing.Money has it (this package
// lies below pricing and cannot name its types).
type Money[C Currency] interface {
	// Amount is the amount in major units.
	Amount() decimal.Decimal
	// Currency is the amount's currency.
	Currency() C
	// Scaled is the amount in major units as coefficient × 10^exponent, with ok,
	// when the coefficient fits an int64 (without making a decimal); else ok is false.
	Scaled() (coefficient int64, exponent int32, ok bool)
}

// AppendMoney appends m as explanations write money: the amount in major units with
// at least its currency's decimals, a space and the currency code ("10.50 USD").
func AppendMoney[C Currency, M Money[C]](b []byte, m M) []byte {
	c := m.Currency()
	// b is not passed to m's methods, which generic code calls indirectly: it would
	// escape to the heap.
	if coef, exp, ok := m.Scaled(); ok {
		b = AppendScaled(b, coef, exp, c.Digits())
	} else {
		b = AppendDecimalPlaces(b, m.Amount(), c.Digits())
	}
	b = append(b, ' ')
	return append(b, c.Code()...)
}

// ShortDecimal formats d for an error message without ever expanding a huge exponent:
// d.String() when d has at most 30 digits and an exponent within ±30, else the first
// 20 digits of the coefficient, "…", "e" and the exponent ("12345678901234567890…e-45").
func ShortDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e > 30 || e < -30 || d.NumDigits() > 30 {
		c := d.Coefficient().String()
		return Truncate(c, 20) + "e" + fmt.Sprint(e)
	}
	return d.String()
}

// Truncate shortens s to its first n bytes and "…" when it is longer, so that a
// hostile input does not make a hostile error message.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
