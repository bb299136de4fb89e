package invoice

import (
	"math/bits"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping off: control
// characters, quotes, backslashes, U+2028 and U+2029 escaped, invalid UTF-8 replaced.
// A string with nothing to escape, as IDs and codes are, is checked whole and copied.
func appendJSONString[T ~string | ~[]byte](b []byte, s T) []byte {
	b = append(b, '"')
	if plainPrefix(s) == len(s) {
		b = append(b, s...)
	} else {
		b = appendJSONBody(b, s)
	}
	return append(b, '"')
}

// plainPrefix is the length of the longest prefix of s that is printable ASCII
// with no quote or backslash (a JSON string body as it is), checked eight bytes at a
// time; the last eight bytes of a string of eight or more are checked as one word.
func plainPrefix[T ~string | ~[]byte](s T) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if m := specials(word(s[i : i+8])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	if i < len(s) && len(s) >= 8 {
		// The last word overlaps bytes already found plain, which are not flagged.
		i = len(s) - 8
		if m := specials(word(s[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		return len(s)
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || !safeASCII[c] {
			break
		}
	}
	return i
}

// word reads eight bytes as a little-endian uint64, in one load.
func word[T ~string | ~[]byte](t T) uint64 {
	_ = t[7]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// specials flags, in the high bit of its byte, every byte of x below 0x20, equal
// to '"' or '\\', or not ASCII; exactly for the lowest such byte (below it nothing
// borrows and no high bit is set, and that byte sets its own), possibly wrongly
// above it. It is zero when x has none.
func specials(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	q, k := x^(ones*'"'), x^(ones*'\\')
	return ((x - ones*0x20) | (q - ones) | (k - ones) | x) & highs
}

// appendJSONBody appends s escaped as the inside of a JSON string.
func appendJSONBody[T ~string | ~[]byte](b []byte, s T) []byte {
	i, start := 0, 0
	for i < len(s) {
		if i += plainPrefix(s[i:]); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// needsEscape reports whether appendJSONBody would write s otherwise than as it is.
func needsEscape(s []byte) bool {
	for i := 0; i < len(s); {
		if i += plainPrefix(s[i:]); i == len(s) {
			return false
		}
		if s[i] < utf8.RuneSelf {
			return true
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return true
		}
		i += size
	}
	return false
}

// decodeRune decodes the first rune of s, a string or bytes, as utf8.DecodeRune.
func decodeRune[T ~string | ~[]byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	return utf8.DecodeRune(buf[:copy(buf[:], s)])
}

// safeASCII marks the ASCII bytes JSON strings carry unescaped.
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
