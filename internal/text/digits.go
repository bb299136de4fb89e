package text

// Decimal digits of integers, written two at a time from a table straight into the
// destination: the number formatting of amounts, dates and explanations.

import (
	"math/bits"
	"slices"

	"github.com/pricekit/pricekit/internal/intmath"
)

// pairs holds "00" to "99".
const pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// CountDigits returns the number of decimal digits of u (1 for 0).
func CountDigits(u uint64) int {
	// u|1 has the digits of u, and one for 0; floor(log10(2^bits)) is the count or
	// one less.
	u |= 1
	n := bits.Len64(u) * 1233 >> 12
	if u >= intmath.Pow10(n) {
		n++
	}
	return n
}

// PutDigits writes the len(buf) lowest decimal digits of u to buf, with leading zeros
// where u has fewer, and returns u without them (u / 10^len(buf)).
func PutDigits(buf []byte, u uint64) uint64 {
	i := len(buf)
	for ; i >= 2; i -= 2 {
		q := u / 100
		r := 2 * (u - 100*q)
		buf[i-2], buf[i-1] = pairs[r], pairs[r+1]
		u = q
	}
	if i == 1 {
		buf[0] = byte('0' + u%10)
		u /= 10
	}
	return u
}

// AppendUint appends u in decimal to b and returns the result.
func AppendUint(b []byte, u uint64) []byte {
	n := CountDigits(u)
	b = slices.Grow(b, n)
	PutDigits(b[len(b):len(b)+n], u)
	return b[:len(b)+n]
}

// AppendInt appends i in decimal to b and returns the result, as strconv.AppendInt
// in base 10.
func AppendInt(b []byte, i int64) []byte {
	u := uint64(i)
	if i < 0 {
		b = append(b, '-')
		u = -u
	}
	return AppendUint(b, u)
}
