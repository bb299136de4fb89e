package pricing

import "github.com/shopspring/decimal"

// The exact arithmetic of num, for the external tests: each function takes decimals
// through num (narrow where they fit) and returns the result as a decimal.

// NumAdd is a + b through num.
func NumAdd(a, b decimal.Decimal) decimal.Decimal { return numOf(a).add(numOf(b)).dec() }

// NumSub is a − b through num.
func NumSub(a, b decimal.Decimal) decimal.Decimal { return numOf(a).sub(numOf(b)).dec() }

// NumMul is a × b through num.
func NumMul(a, b decimal.Decimal) decimal.Decimal { return numOf(a).mul(numOf(b)).dec() }

// NumCmp compares a and b through num.
func NumCmp(a, b decimal.Decimal) int { return numOf(a).cmp(numOf(b)) }

// NumRound rounds a through num.
func NumRound(a decimal.Decimal, scale int32, mode RoundingMode) decimal.Decimal {
	return numOf(a).round(scale, mode).dec()
}

// NumNeg and NumAbs are −a and |a| through num.
func NumNeg(a decimal.Decimal) decimal.Decimal { return numOf(a).neg().dec() }

// NumAbs is |a| through num.
func NumAbs(a decimal.Decimal) decimal.Decimal { return numOf(a).abs().dec() }

// NumNarrow reports whether a is held in an int64 by num.
func NumNarrow(a decimal.Decimal) bool { return numOf(a).form != formWide }

// CheckScaledDecimal is the bounds check of an amount shifted by shift digits, on
// the decimal alone.
func CheckScaledDecimal(d decimal.Decimal, shift int32) error { return checkScaled(d, shift) }

// NumListRoundTrip stores ds in a numList, in order, and reads them back.
func NumListRoundTrip(ds []decimal.Decimal) []decimal.Decimal {
	l := makeNumLists(len(ds), 1)[0]
	for i, d := range ds {
		l.set(i, numOf(d))
	}
	out := make([]decimal.Decimal, l.len())
	for i := range out {
		out[i] = l.at(i).dec()
	}
	return out
}
