package invoice

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
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
