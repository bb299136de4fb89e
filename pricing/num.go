package pricing

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// num is an exact decimal number: c × 10^e in an int64 where the coefficient fits,
// else the decimal.Decimal d (wide). Every operation gives the coefficient and the
// exponent that shopspring/decimal gives for the same operands (so the decimals at
// the API, their text and their exponent do not depend on the path taken): it is
// computed in integers when the operands are narrow and the result fits, else with
// decimal.Decimal, whose result is narrowed again when it fits.
//
// A narrow coefficient is never math.MinInt64, so that it can always be negated.
type num struct {
	c    int64
	e    int32
	form numForm
	d    decimal.Decimal // the value when wide; the same as c and e when kept
}

// numForm says where a num's value is.
type numForm uint8

const (
	formNarrow numForm = iota // in c and e
	formKept                  // in c and e, and in d, the decimal it was made from
	formWide                  // in d only: the coefficient does not fit an int64
)

// maxNarrowDigits is the most digits a coefficient taken from a decimal.Decimal keeps
// narrow: every 18-digit number fits an int64.
const maxNarrowDigits = 18

// numOf returns d as a num, narrow when its coefficient has at most 18 digits.
func numOf(d decimal.Decimal) num {
	if d.NumDigits() <= maxNarrowDigits {
		return num{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	return num{form: formWide, d: d}
}

// numKept is numOf(d) keeping d, for a value whose decimal will be asked for (a
// Money's amount): dec returns it without making one. Arithmetic uses numOf: the
// copies of d would cost every operation.
func numKept(d decimal.Decimal) num {
	n := numOf(d)
	if n.form != formWide {
		n.form, n.d = formKept, d
	}
	return n
}

// numInt returns the integer v (exponent 0), as decimal.NewFromInt(v).
func numInt(v int64) num {
	if v == math.MinInt64 {
		return num{form: formWide, d: decimal.NewFromInt(v)}
	}
	return num{c: v}
}

// numZero is decimal.Zero, with its exponent, as num.
var numZero = numOf(decimal.Zero)

// dec returns n as a decimal.Decimal (allocating for a narrow n).
func (n num) dec() decimal.Decimal {
	if n.form != formNarrow {
		return n.d
	}
	return decimal.New(n.c, n.e)
}

// decOrZero is dec, with the zero value of decimal.Decimal for a narrow 0 × 10^0
// (equal in value and exponent, and not allocated).
func (n num) decOrZero() decimal.Decimal {
	if n.form == formNarrow && n.c == 0 && n.e == 0 {
		return decimal.Decimal{}
	}
	return n.dec()
}

// pow10s are the powers of ten that fit an int64.
var pow10s = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// narrowInt reports whether an int64 result may be held narrow.
func narrowInt(v int64) bool { return v != math.MinInt64 }

// scaleUp returns c × 10^k and whether it fits (k ≥ 0).
func scaleUp(c int64, k int64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k >= int64(len(pow10s)) {
		return 0, false
	}
	return mulInt(c, pow10s[k])
}

// mulInt returns a × b and whether it fits an int64 other than math.MinInt64.
func mulInt(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// absU returns |v| as a uint64 (exact for every int64).
func absU(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// aligned returns the coefficients of a and b at the smaller of their exponents, as
// decimal.Decimal's Add does, and whether they fit.
func aligned(a, b num) (ac, bc int64, e int32, ok bool) {
	switch {
	case a.e == b.e:
		return a.c, b.c, a.e, true
	case a.e < b.e:
		bc, ok = scaleUp(b.c, int64(b.e)-int64(a.e))
		return a.c, bc, a.e, ok
	default:
		ac, ok = scaleUp(a.c, int64(a.e)-int64(b.e))
		return ac, b.c, b.e, ok
	}
}

// add returns a + b, as decimal.Decimal's Add.
func (a num) add(b num) num {
	if a.form != formWide && b.form != formWide {
		if ac, bc, e, ok := aligned(a, b); ok {
			// The sum wraps on overflow: then it has the other sign than both operands.
			if v := ac + bc; (ac^v)&(bc^v) >= 0 && narrowInt(v) {
				return num{c: v, e: e}
			}
		}
	}
	return numOf(a.dec().Add(b.dec()))
}

// neg returns −a, as decimal.Decimal's Neg.
func (a num) neg() num {
	if a.form == formWide {
		return numOf(a.d.Neg())
	}
	return num{c: -a.c, e: a.e}
}

// sub returns a − b, as decimal.Decimal's Sub.
func (a num) sub(b num) num { return a.add(b.neg()) }

// abs returns |a|, as decimal.Decimal's Abs.
func (a num) abs() num {
	if a.sign() < 0 {
		return a.neg()
	}
	return a
}

// mul returns a × b, as decimal.Decimal's Mul.
func (a num) mul(b num) num {
	if a.form != formWide && b.form != formWide {
		if e := int64(a.e) + int64(b.e); e >= math.MinInt32 && e <= math.MaxInt32 {
			if c, ok := mulInt(a.c, b.c); ok {
				return num{c: c, e: int32(e)}
			}
		}
	}
	return numOf(a.dec().Mul(b.dec()))
}

// sign returns −1, 0 or +1.
func (a num) sign() int {
	switch {
	case a.form == formWide:
		return a.d.Sign()
	case a.c < 0:
		return -1
	case a.c > 0:
		return 1
	}
	return 0
}

// cmp compares a and b by value: −1, 0 or +1.
func (a num) cmp(b num) int {
	if a.form != formWide && b.form != formWide {
		if ac, bc, _, ok := aligned(a, b); ok {
			switch {
			case ac < bc:
				return -1
			case ac > bc:
				return 1
			}
			return 0
		}
		// One coefficient overflowed when scaled: it is the larger in magnitude,
		// unless the signs differ or it is zero, which aligned never fails on.
		if sa, sb := a.sign(), b.sign(); sa != sb {
			if sa < sb {
				return -1
			}
			return 1
		}
	}
	return a.dec().Cmp(b.dec())
}

// round rounds a to scale decimal places with mode, as [Round] does with decimals:
// the result has the exponent −scale.
func (a num) round(scale int32, mode RoundingMode) num {
	if a.form != formWide {
		k := -int64(scale) - int64(a.e) // digits to drop
		switch {
		case k == 0: // already at the scale (an amount times a whole quantity)
			return num{c: a.c, e: a.e}
		case k < 0:
			if c, ok := scaleUp(a.c, -k); ok {
				return num{c: c, e: -scale}
			}
		case k < int64(len(pow10s)):
			p := pow10s[k]
			q, r := a.c/p, a.c%p
			twice := 2 * int64(absU(r)) // < 2×10^18: fits
			var away bool
			switch mode {
			case HalfEven:
				away = twice > p || (twice == p && q%2 != 0)
			case HalfTowardZero:
				away = twice > p
			case Up:
				away = r != 0
			case Down:
			case Ceiling:
				away = r > 0
			case Floor:
				away = r < 0
			default:
				away = twice >= p
			}
			if away {
				if a.c < 0 {
					q--
				} else {
					q++
				}
			}
			return num{c: q, e: -scale}
		}
	}
	return numOf(Round(a.dec(), scale, mode))
}

// equal reports whether a and b have the same value.
func (a num) equal(b num) bool { return a.cmp(b) == 0 }
