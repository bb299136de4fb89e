package previewjson

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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
		// The fast path (encoding/json alone) and the member loop agree.
		if err == nil {
			if _, serr := checkInput(data); serr == nil {
				slow, _, serr := decodeSlow(data)
				if serr != nil {
					t.Fatalf("the fast path accepts what the member loop refuses: %v", serr)
				}
				if diff := cmp.Diff(normal(req), normal(slow), sameRequest); diff != "" {
					t.Fatalf("the fast path and the member loop differ (-fast +loop):\n%s", diff)
				}
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

// agreementInputs are the requests the decoding paths are compared on: Stripe's
// objects in two API versions, every example and 50 random requests.
func agreementInputs(t *testing.T) []string {
	ins := []string{
		fill(t, `{"currency":"usd","subscription":{{subscription_2024-06-20}}}`),
		fill(t, `{"currency":"eur","subscription":{{subscription_2025-09-30.clover}},"usage":{"si_TAagent0002":[{"timestamp":1761000000,"quantity":"7.5"}]}}`),
		fill(t, `{"currency":"usd","prices":[{{price_2025-09-30.clover}}],"subscription":{"current_period_start":1760486400,"current_period_end":1763164800,"items":[{"id":"si_1","price":"price_1SAstorage0002","quantity":250}]}}`),
	}
	files, _ := filepath.Glob("../../examples/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, string(data))
	}
	for seed := int64(0); seed < 50; seed++ {
		ins = append(ins, randomSpec(seed).json())
	}
	return ins
}

// TestFastPathAgrees decodes every request of the tests both ways: the fast path
// (encoding/json alone) and the member loop give equal requests.
func TestFastPathAgrees(t *testing.T) {
	ins := agreementInputs(t)
	fastOnes := 0
	for _, in := range ins {
		fastOK, err := checkInput([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		var w requestWire
		if !fastOK || fast.decodeValue([]byte(in), &w) != nil {
			continue
		}
		fastOnes++
		var c converter
		req, err := c.request(&w)
		if err != nil {
			t.Fatal(err)
		}
		slow, _, err := decodeSlow([]byte(in))
		if err != nil {
			t.Fatalf("the member loop refuses: %v", err)
		}
		if diff := cmp.Diff(normal(req), normal(slow), sameRequest); diff != "" {
			t.Errorf("the two paths differ (-fast +loop):\n%s", diff)
		}
	}
	if fastOnes < len(ins)/2 {
		t.Errorf("only %d of %d requests took the fast path", fastOnes, len(ins))
	}
}
