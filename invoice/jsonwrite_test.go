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
// byte value at every offset of runs of plain bytes of every kind (so that borrows
// and near misses such as '!', '#', '[', ']' and DEL are exercised) and of every
// length up to 20, and followed by other bytes, as bytes and as a string.
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
	for off := 0; off < len(plain)-20; off += 13 {
		for n := 0; n <= 20; n++ {
			s := make([]byte, n)
			copy(s, plain[off:])
			check(s)
			for p := 0; p < n; p++ {
				for c := 0; c < 256; c++ {
					copy(s, plain[off:])
					s[p] = byte(c)
					check(s)
					if p+1 < n && n == 20 {
						for d := 0; d < 256; d += 5 {
							s[p+1] = byte(d)
							check(s)
						}
					}
				}
			}
		}
	}
}
