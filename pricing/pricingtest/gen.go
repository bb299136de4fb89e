// Package pricingtest provides gopter generators of pricekit values, shared by every
// package's property tests.
package pricingtest

import (
	"math"
	"math/big"
	"os"
	"strconv"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// Parameters returns gopter parameters with minSuccessful tests and a fixed seed, so
// that a failure reproduces; set PRICEKIT_SEED to explore other seeds.
func Parameters(minSuccessful int) *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = minSuccessful
	seed := int64(20260101)
	if s, err := strconv.ParseInt(os.Getenv("PRICEKIT_SEED"), 10, 64); err == nil {
		seed = s
	}
	p.Rng.Seed(seed)
	return p
}

var byDigits = func() map[int32][]pricing.Currency {
	m := map[int32][]pricing.Currency{}
	for _, c := range pricing.Currencies() {
		m[c.Digits()] = append(m[c.Digits()], c)
	}
	return m
}()

// Currency generates any supported currency; 0-, 2-, 3- and 4-digit currencies are
// equally likely.
func Currency() gopter.Gen {
	return gen.OneConstOf(int32(0), int32(2), int32(3), int32(4)).FlatMap(func(v interface{}) gopter.Gen {
		cs := byDigits[v.(int32)]
		vals := make([]interface{}, len(cs))
		for i, c := range cs {
			vals[i] = c
		}
		return gen.OneConstOf(vals...)
	}, nil)
}

// MinorUnits generates an int64 in [−max, max], often small.
func MinorUnits(max int64) gopter.Gen {
	return gen.Frequency(map[int]gopter.Gen{
		3: gen.Int64Range(-100, 100),
		7: gen.Int64Range(-max, max),
	})
}

// NonNegativeMinorUnits generates an int64 in [0, max].
func NonNegativeMinorUnits(max int64) gopter.Gen {
	return gen.Frequency(map[int]gopter.Gen{
		3: gen.Int64Range(0, 100),
		7: gen.Int64Range(0, max),
	})
}

// MoneyIn generates a whole-minor-unit amount of c with |minor| ≤ 10^12.
func MoneyIn(c pricing.Currency) gopter.Gen {
	return MinorUnits(1e12).Map(func(v int64) pricing.Money { return pricing.FromMinor(v, c) })
}

// NonNegativeMoneyIn generates a whole-minor-unit amount of c in [0, 10^12] minor units.
func NonNegativeMoneyIn(c pricing.Currency) gopter.Gen {
	return NonNegativeMinorUnits(1e12).Map(func(v int64) pricing.Money { return pricing.FromMinor(v, c) })
}

// Money generates a whole-minor-unit amount, |minor| ≤ 10^12, in a random currency.
func Money() gopter.Gen {
	return Currency().FlatMap(func(c interface{}) gopter.Gen { return MoneyIn(c.(pricing.Currency)) }, nil)
}

func decimalGen(maxIntDigits, scale int, signed bool) gopter.Gen {
	lim := int64(1)
	for i := 0; i < maxIntDigits+scale && i < 18; i++ {
		lim *= 10
	}
	lim--
	lo := int64(0)
	if signed {
		lo = -lim
	}
	return gopter.CombineGens(gen.Int64Range(lo, lim), gen.IntRange(0, scale)).Map(func(v []interface{}) decimal.Decimal {
		places := v[1].(int)
		d := decimal.New(v[0].(int64), -int32(scale))
		return d.Truncate(int32(places)) // fewer places, same integer digits
	})
}

// Decimal generates a decimal with at most maxIntDigits integer digits and scale
// decimal places, either sign.
func Decimal(maxIntDigits, scale int) gopter.Gen { return decimalGen(maxIntDigits, scale, true) }

// NonNegativeDecimal is [Decimal] restricted to values ≥ 0.
func NonNegativeDecimal(maxIntDigits, scale int) gopter.Gen {
	return decimalGen(maxIntDigits, scale, false)
}

// Coefficient generates an integer coefficient of every size that formatting code
// must handle: zero, small, 18- and 19-digit, the int64 extremes and beyond int64,
// of either sign.
func Coefficient() gopter.Gen {
	beyond := new(big.Int).Lsh(big.NewInt(1), 64)
	return gen.Frequency(map[int]gopter.Gen{
		2: gen.OneConstOf(big.NewInt(0), big.NewInt(1), big.NewInt(-1), big.NewInt(math.MaxInt64), big.NewInt(math.MinInt64),
			big.NewInt(999999999999999999), big.NewInt(-1000000000000000000), new(big.Int).Neg(beyond)),
		4: gen.Int64Range(-9999, 9999).Map(big.NewInt),
		5: gen.Int64Range(-999999999999999999, 999999999999999999).Map(big.NewInt),
		3: gen.Int64().Map(big.NewInt),
		1: gen.Int64().Map(func(v int64) *big.Int {
			return new(big.Int).Add(new(big.Int).Mul(big.NewInt(v), beyond), big.NewInt(v))
		}),
	})
}

// AnyDecimal generates a decimal of any [Coefficient] with an exponent from −45 to
// 45, often a small negative one: not only amounts in bounds, for formatting code.
func AnyDecimal() gopter.Gen {
	exp := gen.Frequency(map[int]gopter.Gen{
		3: gen.Int32Range(-6, 0),
		2: gen.Int32Range(-45, 45),
		1: gen.Int32Range(-20, -16),
	})
	return gopter.CombineGens(Coefficient(), exp).Map(func(v []interface{}) decimal.Decimal {
		return decimal.NewFromBigInt(v[0].(*big.Int), v[1].(int32))
	})
}

// Quantity generates a quantity ≥ 0 and ≤ 10^6: mostly whole, sometimes with up to
// three decimals.
func Quantity() gopter.Gen {
	return gen.Frequency(map[int]gopter.Gen{
		7: gen.Int64Range(0, 1e6).Map(func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }),
		3: NonNegativeDecimal(6, 3),
	})
}

// Weights generates 1 to 20 non-negative allocation weights, not all zero, with some
// zeros and some decimals.
func Weights() gopter.Gen {
	w := gen.Frequency(map[int]gopter.Gen{
		2: gen.Const(decimal.Zero),
		6: gen.Int64Range(1, 1e9).Map(func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }),
		3: NonNegativeDecimal(4, 4),
	})
	return gen.SliceOfN(20, w).FlatMap(func(v interface{}) gopter.Gen {
		ws := v.([]decimal.Decimal)
		return gen.IntRange(1, 20).Map(func(n int) []decimal.Decimal {
			out := append([]decimal.Decimal(nil), ws[:n]...)
			for _, x := range out {
				if x.Sign() > 0 {
					return out
				}
			}
			out[0] = decimal.NewFromInt(1)
			return out
		})
	}, nil)
}

// Instant generates a UTC time between 2000 and 2100, in whole seconds.
func Instant() gopter.Gen {
	lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return gen.Int64Range(lo, hi).Map(func(v int64) time.Time { return time.Unix(v, 0).UTC() })
}

// AnyInstant generates an instant from year −2000 to 12000 in a fixed zone of up to
// ±14 hours, with or without nanoseconds: often within two days of 1 March of a
// year from 1000 to 9999 (leap days, century rules) or of the ends of the
// four-digit years, for date formatting code.
func AnyInstant() gopter.Gen {
	unix := func(y int) int64 { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Unix() }
	near := func(at int64) gopter.Gen { return gen.Int64Range(at-2*86400, at+2*86400) }
	sec := gen.Frequency(map[int]gopter.Gen{
		3: gen.Int64Range(unix(-2000), unix(12000)),
		4: gen.IntRange(1000, 9999).FlatMap(func(y interface{}) gopter.Gen {
			return near(time.Date(y.(int), 3, 1, 0, 0, 0, 0, time.UTC).Unix())
		}, nil),
		2: gen.OneGenOf(near(unix(1000)), near(unix(10000)), near(0)),
	})
	return gopter.CombineGens(sec, gen.Int64Range(0, 999999999), gen.IntRange(-14*60, 14*60)).Map(func(v []interface{}) time.Time {
		ns := v[1].(int64)
		if ns%3 == 0 {
			ns = 0
		}
		return time.Unix(v[0].(int64), ns).In(time.FixedZone("", v[2].(int)*60))
	})
}

// ArithmeticDecimal generates a decimal for testing exact arithmetic at and across
// the boundary where a coefficient stops fitting an int64: a [Coefficient], or one
// within 1,000 of ±10^k (k from 15 to 20) or of ±(2^63 − 1)/10^k (k from 0 to 4),
// with an exponent from −20 to 4, often −2 to 0.
func ArithmeticDecimal() gopter.Gen {
	near := func(base *big.Int) gopter.Gen {
		return gopter.CombineGens(gen.Int64Range(-1000, 1000), gen.Bool()).Map(func(v []interface{}) *big.Int {
			c := new(big.Int).Add(base, big.NewInt(v[0].(int64)))
			if v[1].(bool) {
				c.Neg(c)
			}
			return c
		})
	}
	var bases []gopter.Gen
	for k := int64(15); k <= 20; k++ {
		bases = append(bases, near(new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil)))
	}
	for k := int64(0); k <= 4; k++ {
		bases = append(bases, near(new(big.Int).Quo(big.NewInt(math.MaxInt64), new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))))
	}
	coef := gen.Frequency(map[int]gopter.Gen{
		4: Coefficient(),
		3: gen.OneGenOf(bases...),
	})
	exp := gen.Frequency(map[int]gopter.Gen{
		3: gen.Int32Range(-2, 0),
		2: gen.Int32Range(-20, 4),
	})
	return gopter.CombineGens(coef, exp).Map(func(v []interface{}) decimal.Decimal {
		return decimal.NewFromBigInt(v[0].(*big.Int), v[1].(int32))
	})
}
