package previewjson

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
)

// FuzzDecodeRequest feeds arbitrary bytes to the decoder and, when they decode, to
// invoice.Preview and the encoder: nothing may panic; the decoder refuses exactly
// what encoding/json refuses, and besides only for the pre-pass's reasons; every
// error is a PathError with a path; every invoice's totals add up.
func FuzzDecodeRequest(f *testing.F) {
	files, _ := filepath.Glob("../../examples/*.json")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for seed := int64(0); seed < 8; seed++ {
		f.Add([]byte(randomSpec(seed).json()))
	}
	f.Add([]byte(fill(f, `{"currency":"usd","subscription":{{subscription_2024-06-20}}}`)))
	f.Add([]byte(fill(f, `{"currency":"eur","subscription":{{subscription_2025-09-30.clover}},"usage":{"si_TAagent0002":[{"timestamp":1761000000,"quantity":"7.5"}]}}`)))
	f.Add([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,"items":[{"id":"a","price":{"id":"p","unit_amount":1e999999999}}]}}`))
	f.Add([]byte(`{"currency":"usd","subscription":{"current_period_start":1,"current_period_end":2,"items":[{"price":{"billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":null,"flat_amount":1}],"recurring":{"interval":"month"}},"quantity_decimal":"0.5"}]}}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		req, err := DecodeRequest(data)
		switch valid := json.Valid(data); {
		case !valid && !errors.Is(err, ErrMalformedJSON):
			t.Fatalf("invalid JSON not refused as malformed: %v", err)
		case valid && errors.Is(err, ErrMalformedJSON):
			ok := false
			for _, why := range []string{"duplicate key", "invalid UTF-8", "lone surrogate"} {
				ok = ok || strings.Contains(err.Error(), why)
			}
			if !ok {
				t.Fatalf("valid JSON refused as malformed: %v", err)
			}
		}
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("decode error is not a PathError with a path: %v", err)
			}
			return
		}
		inv, err := Preview(data)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("preview error is not a PathError with a path: %v", err)
			}
			if _, err2 := invoice.Preview(req); err2 == nil {
				t.Fatalf("Preview refused what invoice.Preview accepts: %v", err)
			}
			return
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		var r Response
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatal(err)
		}
		if msg := totalsProblem(r); msg != "" {
			t.Fatal(msg)
		}
	})
}
