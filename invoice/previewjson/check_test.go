package previewjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCheckInput(t *testing.T) {
	cases := []struct {
		name, in string
		err      error // nil: accepted
		path     string
	}{
		{"object", `{"a":1,"b":[true,false,null,"x",{"c":-1.5e3}]}`, nil, ""},
		{"escaped strings", `{"a\"b":"\u00e9\ud83d\ude00\n"}`, nil, ""},
		{"same key in two objects", `{"a":{"k":1},"b":{"k":2}}`, nil, ""},
		{"many distinct keys", `{` + manyKeys(40, false) + `}`, nil, ""},
		{"malformed", `{"a":}`, ErrMalformedJSON, "$"},
		{"two values", `{} {}`, ErrMalformedJSON, "$"},
		{"missing value", `{"a":}`, ErrMalformedJSON, "$"},
		{"missing colon", `{"a" 1}`, ErrMalformedJSON, "$"},
		{"trailing comma", `[1,]`, ErrMalformedJSON, "$"},
		{"unterminated string", `{"a":"x`, ErrMalformedJSON, "$"},
		{"short escape", `"\u00"`, ErrMalformedJSON, "$"},
		{"raw control character", "\"a\x01\"", ErrMalformedJSON, "$"},
		{"empty", ``, ErrMalformedJSON, "$"},
		{"duplicate key", `{"a":1,"b":2,"a":3}`, ErrMalformedJSON, "a"},
		{"duplicate key nested", `{"x":[{},{"k":1,"k":2}]}`, ErrMalformedJSON, "x[1].k"},
		{"duplicate key by escape", `{"k":1,"\u006b":2}`, ErrMalformedJSON, "k"},
		{"duplicate among many keys", `{` + manyKeys(40, true) + `}`, ErrMalformedJSON, "k0"},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", ErrMalformedJSON, "a"},
		{"invalid UTF-8 in a key", "{\"\xc3\":1}", ErrMalformedJSON, "$"},
		{"truncated UTF-8", "{\"a\":[\"ok\",\"\xe2\x82\"]}", ErrMalformedJSON, "a[1]"},
		{"lone high surrogate", `{"a":"\ud800"}`, ErrMalformedJSON, "a"},
		{"lone low surrogate", `{"a":"x\udc00"}`, ErrMalformedJSON, "a"},
		{"high surrogate then a letter", `{"a":"\ud800\u0041"}`, ErrMalformedJSON, "a"},
		{"depth at the limit", strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth), nil, ""},
		{"depth beyond the limit", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), ErrTooLarge, "$"},
		{"too long", `"` + strings.Repeat("x", MaxRequestBytes) + `"`, ErrTooLarge, "$"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := checkInput([]byte(c.in))
			if c.err == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var pe *PathError
			if !errors.Is(err, c.err) || !errors.As(err, &pe) || pe.Path != c.path {
				t.Fatalf("got %v, want %v at %s", err, c.err, c.path)
			}
		})
	}
}

func manyKeys(n int, dup bool) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + itoa(i) + `":1`)
	}
	if dup {
		b.WriteString(`,"k0":2`)
	}
	return b.String()
}

// The value limit is checked with bounded work: a request of MaxValues+1 values is
// refused at once.
func TestCheckInputValueLimit(t *testing.T) {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < MaxValues; i++ { // the array and MaxValues elements
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('0')
	}
	b.WriteByte(']')
	_, err := checkInput([]byte(b.String()))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "JSON values") {
		t.Fatalf("got %v, want ErrTooLarge for the values", err)
	}
	if _, err := checkInput([]byte(b.String()[:b.Len()-3] + "]")); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}

// FuzzCheckInput checks the pre-pass against encoding/json: on invalid JSON it
// either refuses it as malformed or lets it through to encoding/json, which refuses
// it (DecodeRequest always does: see FuzzDecodeRequest); it refuses valid JSON only
// for a reason of its own (a repeated key, bad UTF-8 or a lone surrogate, a limit).
func FuzzCheckInput(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `{"a":"\ud800"}`, "{\"a\":\"\xff\"}", `[[[[]]]]`, `{"a":[1,{"b":null}],"c":"\u00e9"}`, `{"k":1,"\u006b":2}`, `"\ud83d\ude00"`, `1e5`, ` {"a" : [ ] } `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := checkInput(data)
		valid := json.Valid(data)
		if !valid {
			if err != nil && !errors.Is(err, ErrMalformedJSON) {
				t.Fatalf("invalid JSON refused, but not as malformed: %v", err)
			}
			return
		}
		if err == nil {
			return
		}
		msg := err.Error()
		for _, why := range []string{"duplicate key", "invalid UTF-8", "lone surrogate", "nesting deeper", "JSON values"} {
			if strings.Contains(msg, why) {
				return
			}
		}
		t.Fatalf("valid JSON refused: %v", err)
	})
}
