package previewjson

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pricekit/pricekit/invoice/verify"
)

// FuzzVerify feeds arbitrary bytes to Verify: nothing may panic; every error is a
// PathError; an accepted input decodes the same on the fast path and by the member
// loop, and its result is consistent (every issued line once, in order; a match
// only when every line and total matches) and encodes.
func FuzzVerify(f *testing.F) {
	if data, err := os.ReadFile("../../examples/verify/stripe_upgrade.json"); err == nil {
		f.Add(data)
	}
	if file, err := os.Open("../../examples/verify_batch.ndjson"); err == nil {
		s := bufio.NewScanner(file)
		s.Buffer(nil, 1<<20)
		for s.Scan() {
			f.Add(append([]byte(nil), s.Bytes()...))
		}
		file.Close()
	}
	for _, v := range []string{"2024-06-20", "2025-09-30.clover"} {
		f.Add([]byte(verifyInput(f, "{{invoice_request}}", "{{invoice_"+v+"}}")))
	}
	f.Add([]byte(`{"request":{"currency":"usd"},"invoice":{"lines":{"object":"list","data":[null],"has_more":false}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		r, err := Verify(data)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("not a PathError with a path: %v", err)
			}
			return
		}
		_, _, fastIs, err := decodeVerify(data)
		if err != nil {
			t.Fatalf("verified, then refused: %v", err)
		}
		_, _, slowIs, err := decodeVerifySlow(data)
		if err != nil {
			t.Fatalf("the member loop refuses what was verified: %v", err)
		}
		if d := cmp.Diff(fastIs.inv, slowIs.inv, cmpIssued...); d != "" {
			t.Fatalf("the fast path and the member loop differ:\n%s", d)
		}
		match := true
		for i, l := range r.Lines {
			if i < len(fastIs.inv.Lines) && l.Issued != i || i >= len(fastIs.inv.Lines) && l.Status != verify.Missing {
				t.Fatalf("line %d: %+v", i, l)
			}
			match = match && l.Status == verify.Match
		}
		for _, tt := range r.Totals {
			match = match && tt.Match
		}
		if match != r.Match {
			t.Fatalf("match %t, lines and totals say %t", r.Match, match)
		}
		if _, err := EncodeResult(r); err != nil {
			t.Fatalf("encode: %v", err)
		}
	})
}

// FuzzRevenue feeds arbitrary bytes to Revenue: nothing may panic; every error is a
// PathError; an accepted input's months add up to its lines, net of credit notes.
func FuzzRevenue(f *testing.F) {
	files, _ := filepath.Glob("../../examples/revenue/*.json")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(fill(f, `{"invoices":[{{invoice_2024-06-20}},{{invoice_2025-09-30.clover}}],"granularity":"month_even","time_zone":"Europe/Paris",`+
		`"credit_notes":[{"invoice":1,"line":0,"amount":100,"created":1770000000}]}`)))
	f.Add([]byte(`{"invoice":{"currency":"jpy","lines":[{"amount":-7,"period":{"start":0,"end":1}}]},"granularity":"month_even_prorated"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		s, in, err := Revenue(data)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path == "" {
				t.Fatalf("not a PathError with a path: %v", err)
			}
			return
		}
		var lines, months int64
		for _, l := range s.Lines {
			v, _ := l.Amount.MinorUnits()
			lines += v
		}
		for _, m := range s.Months {
			v, _ := m.Amount.MinorUnits()
			months += v
		}
		if lines != months {
			t.Fatalf("months add up to %d, lines to %d", months, lines)
		}
		out, err := EncodeSchedule(s, in)
		if err != nil || !bytes.HasPrefix(out, []byte(`{"currency":`)) {
			t.Fatalf("encode: %v %s", err, out)
		}
	})
}
