package invoice

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodeAndPreview feeds arbitrary bytes to the decoder and, when they decode,
// to Preview: neither may panic, every error must be a PathError with a path, and
// every invoice must satisfy the totals' identities.
func FuzzDecodeAndPreview(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.json")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for seed := int64(0); seed < 10; seed++ {
		f.Add([]byte(randomSpec(seed).json()))
	}
	f.Add([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,"items":[{"id":"a","price":{"id":"p","unit_amount":1e999999999}}]}}`))
	f.Add([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,"items":[{"price":{"billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":"inf","flat_amount":1}]},"quantity":"0.5"}]}}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeRequest(data)
		// The parser agrees with encoding/json on what is JSON; it refuses, besides,
		// only duplicate keys and nesting beyond its limit.
		switch valid := json.Valid(data); {
		case !valid && !errors.Is(err, ErrMalformedJSON):
			t.Fatalf("invalid JSON not refused as malformed: %v", err)
		case valid && errors.Is(err, ErrMalformedJSON) && !strings.Contains(err.Error(), "duplicate key") && !strings.Contains(err.Error(), "nesting deeper"):
			t.Fatalf("valid JSON refused as malformed: %v", err)
		}
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("decode error is not a PathError with a path: %v", err)
			}
			return
		}
		inv, err := Preview(req)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("preview error is not a PathError with a path: %v", err)
			}
			return
		}
		out, err := inv.MarshalJSON()
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		var r response
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatal(err)
		}
		if msg := totalsProblem(r); msg != "" {
			t.Fatal(msg)
		}
	})
}

// FuzzAppendJSONString checks the hand-written string encoder against encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "line\nbreak\ttab\x01", "× − ·", "\u2028\u2029", "\xff\xfe", "<html>&",
		"eight by\x7f then a quote\"", "0123456\\", "01234567\x1f89", "seven b\u00e9", "a long plain ASCII run of text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(buf.String(), "\n")
		if got := string(appendJSONString(nil, s)); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if got := string(appendJSONString(nil, []byte(s))); got != want {
			t.Fatalf("%q as bytes: got %s, want %s", s, got, want)
		}
		if got := string(escapeFrom(append([]byte(`"`), s...), 1)); got != want {
			t.Fatalf("%q written in place: got %s, want %s", s, got, want)
		}
		if needsEscape([]byte(s)) != (want != `"`+s+`"`) {
			t.Fatalf("%q: needsEscape %v, but encoding/json gives %s", s, needsEscape([]byte(s)), want)
		}
		n := plainPrefix(s)
		if n < len(s) && s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' && s[n] != '\\' {
			t.Fatalf("%q: plain prefix stops at %d, before a plain byte %q", s, n, s[n])
		}
		var head bytes.Buffer
		enc = json.NewEncoder(&head)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s[:n]); err != nil || head.String() != `"`+s[:n]+"\"\n" {
			t.Fatalf("%q: plain prefix %q, but encoding/json gives %s", s, s[:n], head.String())
		}
	})
}
