package invoice

import "testing"

// plainPrefixByBytes is plainPrefix one byte at a time.
func plainPrefixByBytes(s []byte) int {
	for i, c := range s {
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return i
		}
	}
	return len(s)
}

// TestPlainPrefixWords checks the eight-byte scanner against the byte loop for every
// byte value, alone or followed by any other, at every offset of a run of plain
// bytes of every kind (so that borrows and near misses such as '!', '#', '[', ']'
// and DEL are exercised), as bytes and as a string.
func TestPlainPrefixWords(t *testing.T) {
	plain := make([]byte, 0, 96)
	for c := byte(0x20); c < 0x80; c++ {
		if c != '"' && c != '\\' {
			plain = append(plain, c)
		}
	}
	check := func(s []byte) {
		t.Helper()
		want := plainPrefixByBytes(s)
		if got := plainPrefix(s); got != want {
			t.Fatalf("%q: %d, want %d", s, got, want)
		}
		if got := plainPrefix(string(s)); got != want {
			t.Fatalf("%q as a string: %d, want %d", s, got, want)
		}
	}
	s := make([]byte, 20)
	for off := 0; off < len(plain)-len(s); off += 13 {
		for p := 0; p < len(s); p++ {
			for c := 0; c < 256; c++ {
				copy(s, plain[off:])
				s[p] = byte(c)
				check(s)
				if p+1 < len(s) {
					for d := 0; d < 256; d += 5 {
						s[p+1] = byte(d)
						check(s)
					}
				}
			}
		}
	}
}
