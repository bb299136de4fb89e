package previewjson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mutations returns doc with, at every member and element in turn, one change:
// removed, null, or a value of another kind; every stride-th of them (stride 0:
// none), and how many there are.
func mutations(doc any, stride int) ([]any, int) {
	var out []any
	count := 0
	keep := func() {
		if stride > 0 && count%stride == 0 {
			out = append(out, clone(doc))
		}
		count++
	}
	replacements := []any{nil, "x", json.Number("1.5"), json.Number("-1"), true, map[string]any{}, []any{}, json.Number("1e3"), "2020-01-01T00:00:00Z"}
	var walk func(v any, set func(any))
	walk = func(v any, set func(any)) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys) // the same mutations in every run
			for _, k := range keys {
				child := x[k]
				delete(x, k)
				keep()
				x[k] = child
				for _, r := range replacements {
					x[k] = r
					keep()
				}
				x[k] = child
				walk(child, func(n any) { x[k] = n })
			}
		case []any:
			for i, child := range x {
				for _, r := range replacements[:3] {
					x[i] = r
					keep()
				}
				x[i] = child
				walk(child, func(n any) { x[i] = n })
			}
		}
	}
	walk(doc, nil)
	return out, count
}

func clone(v any) any {
	data, _ := json.Marshal(v)
	var out any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.Decode(&out)
	return out
}

// The fast path and the member loop agree on mutations of the example and
// verbatim requests: the same request, or the same error.
func TestFastPathAgreesOnMutations(t *testing.T) {
	var docs [][]byte
	files, _ := filepath.Glob("../../examples/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	docs = append(docs, []byte(fill(t, `{"currency":"usd","subscription":{{subscription_2024-06-20}}}`)),
		[]byte(fill(t, `{"currency":"eur","prices":[{{price_2025-09-30.clover}}],"subscription":{{subscription_2025-09-30.clover}},"usage":{"si_TAagent0002":[{"timestamp":1761000000,"quantity":"7.5"}]}}`)))
	n := 0
	for _, data := range docs {
		var doc any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		_, total := mutations(doc, 0)
		ms, _ := mutations(doc, 1+total/120) // about 120 per request, spread over it
		for _, m := range ms {
			in, _ := json.Marshal(m)
			n++
			got, _, gerr := decode(in)
			want, _, werr := decodeSlow(in)
			switch {
			case (gerr == nil) != (werr == nil):
				t.Fatalf("%s\nfast path %v, member loop %v", in, gerr, werr)
			case gerr != nil && gerr.Error() != werr.Error():
				t.Fatalf("%s\nerrors differ: %v / %v", in, gerr, werr)
			case gerr == nil:
				if diff := cmp.Diff(normal(got), normal(want), sameRequest); diff != "" {
					t.Fatalf("%s\nrequests differ (-fast +loop):\n%s", in, diff)
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d mutations", n)
	}
}
