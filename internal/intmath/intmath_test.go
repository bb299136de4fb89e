package intmath

import (
	"math"
	"math/big"
	"strconv"
	"testing"
)

func TestPow10(t *testing.T) {
	for n := 0; n < NumPow10; n++ {
		if got, want := strconv.FormatUint(Pow10(n), 10), "1"+zeros(n); got != want {
			t.Errorf("Pow10(%d) = %s, want %s", n, got, want)
		}
	}
	if NumPow10 != len(strconv.FormatUint(math.MaxUint64, 10)) {
		t.Errorf("NumPow10 = %d, want the digits of MaxUint64", NumPow10)
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// TestFloorDivMod compares FloorDiv and FloorMod with big.Int's Euclidean division,
// which agrees with floored division for a positive divisor, and the negated
// identities for a negative one.
func TestFloorDivMod(t *testing.T) {
	vals := []int64{0, 1, -1, 2, -2, 7, -7, 11, -11, 12, -12, 13, -13, 100, -100, math.MaxInt64, math.MinInt64 + 1}
	for _, a := range vals {
		for _, b := range vals {
			if b == 0 {
				continue
			}
			q, m := FloorDiv(a, b), FloorMod(a, b)
			// floor(a / b) exactly, with big.Rat.
			r := new(big.Rat).SetFrac(big.NewInt(a), big.NewInt(b))
			want := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean on a positive denominator: the floor
			if q != want.Int64() {
				t.Errorf("FloorDiv(%d, %d) = %d, want %s", a, b, q, want)
			}
			if m != a-q*b || (m != 0 && (m < 0) != (b < 0)) {
				t.Errorf("FloorMod(%d, %d) = %d", a, b, m)
			}
		}
	}
	cases := []struct{ a, b, q, m int }{{-7, 2, -4, 1}, {7, 2, 3, 1}, {-7, 12, -1, 5}, {7, -2, -4, -1}, {-12, 12, -1, 0}}
	for _, c := range cases {
		if q, m := FloorDiv(c.a, c.b), FloorMod(c.a, c.b); q != c.q || m != c.m {
			t.Errorf("FloorDiv, FloorMod(%d, %d) = %d, %d; want %d, %d", c.a, c.b, q, m, c.q, c.m)
		}
	}
}
