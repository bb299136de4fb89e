package invoice

import (
	"strconv"
	"unicode/utf8"
)

// jsonWriter appends compact JSON without reflection. Objects and arrays are opened
// and closed explicitly; commas are placed automatically.
type jsonWriter struct {
	b     []byte
	depth int
	first bool // no value yet in the current container
}

// key starts a member (or an array element when name is ""). Names are the
// format's own field names, plain ASCII that needs no escaping.
func (w *jsonWriter) key(name string) {
	if !w.first && w.depth > 0 {
		w.b = append(w.b, ',')
	}
	w.first = false
	if name != "" {
		w.b = append(w.b, '"')
		w.b = append(w.b, name...)
		w.b = append(w.b, '"', ':')
	}
}

// lineText writes the line's description, or its explanation when explain is set,
// as a JSON string: the text is built in scratch, which is returned for reuse, and
// copied escaped.
func (w *jsonWriter) lineText(l *Line, explain bool, scratch []byte) []byte {
	if explain {
		scratch = l.AppendExplanation(scratch[:0])
	} else {
		scratch = l.AppendDescription(scratch[:0])
	}
	w.b = appendJSONString(w.b, scratch)
	return scratch
}

func (w *jsonWriter) open(name string, delim byte) {
	w.key(name)
	w.b = append(w.b, delim)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(delim byte) {
	w.depth--
	w.b = append(w.b, delim)
	w.first = false
}

func (w *jsonWriter) str(name, v string) {
	w.key(name)
	w.b = appendJSONString(w.b, v)
}

func (w *jsonWriter) int(name string, v int64) {
	w.key(name)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) raw(name, v string) {
	w.key(name)
	w.b = append(w.b, v...)
}

func (w *jsonWriter) bool(name string, v bool) {
	w.key(name)
	w.b = strconv.AppendBool(w.b, v)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping off: control
// characters, quotes, backslashes, U+2028 and U+2029 escaped, invalid UTF-8 replaced.
func appendJSONString[T ~string | ~[]byte](b []byte, s T) []byte {
	b = append(b, '"')
	b = appendJSONBody(b, s)
	return append(b, '"')
}

// plainPrefix is the length of the longest prefix of s that is printable ASCII
// with no quote or backslash (a JSON string body as it is), checked eight bytes at a
// time while it can.
func plainPrefix[T ~string | ~[]byte](s T) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		quote = ones * '"'
		bslsh = ones * '\\'
		below = ones * 0x20
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		q, k := x^quote, x^bslsh
		// a byte below 0x20, equal to '"' or '\\', or with its high bit set
		if ((x-below)&^x|(q-ones)&^q|(k-ones)&^k|x)&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || !safeASCII[c] {
			break
		}
	}
	return i
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
