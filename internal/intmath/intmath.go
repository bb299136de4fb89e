// Package intmath holds the integer helpers that pricekit's packages share and their
// users need not see: powers of ten that fit a uint64, and division rounded towards
// minus infinity. It imports only the standard library.
package intmath

// NumPow10 is the count of powers of ten that fit a uint64: 10^0 to 10^19.
const NumPow10 = 20

// pow10 holds 10^0 to 10^19.
var pow10 = [NumPow10]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Pow10 returns 10^n for 0 ≤ n < [NumPow10]; the caller checks n (another n is out
// of the table's range and panics, as an index would).
func Pow10[T ~int | ~int32 | ~int64 | ~uint64](n T) uint64 { return pow10[n] }

// Signed is the integer types [FloorDiv] and [FloorMod] accept.
type Signed interface{ ~int | ~int32 | ~int64 }

// FloorDiv returns a ÷ b rounded towards minus infinity (b ≠ 0): FloorDiv(-7, 2) is
// -4 where Go's a / b is -3.
func FloorDiv[T Signed](a, b T) T {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// FloorMod returns a − FloorDiv(a, b) × b: the remainder with the sign of b
// (FloorMod(-7, 12) is 5).
func FloorMod[T Signed](a, b T) T { return a - FloorDiv(a, b)*b }
