package invoice

import (
	"strconv"
	"unicode/utf8"
)

// jsonWriter appends indented JSON (two spaces, as encoding/json's Indent) without
// reflection. Objects and arrays are opened and closed explicitly; commas and
// newlines are placed automatically.
type jsonWriter struct {
	b     []byte
	depth int
	first bool // no value yet in the current container
}

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for i := 0; i < w.depth; i++ {
		w.b = append(w.b, ' ', ' ')
	}
}

// key starts a member (or an array element when name is "").
func (w *jsonWriter) key(name string) {
	if w.depth > 0 {
		if !w.first {
			w.b = append(w.b, ',')
		}
		w.newline()
	}
	w.first = false
	if name != "" {
		w.b = appendJSONString(w.b, name)
		w.b = append(w.b, ':', ' ')
	}
}

func (w *jsonWriter) open(name string, delim byte) {
	w.key(name)
	w.b = append(w.b, delim)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(delim byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
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
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if safeASCII[c] {
				i++
				continue
			}
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
		r, size := utf8.DecodeRuneInString(s[i:])
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
	b = append(b, s[start:]...)
	return append(b, '"')
}

// safeASCII marks the ASCII bytes JSON strings carry unescaped.
var safeASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
