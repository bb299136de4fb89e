package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the golden file name in testdata (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run go test ./examples/verify -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after checking the change):\n%s", path, got)
	}
}

// TestExamples runs the example inputs through the command and compares the
// output with the golden files.
func TestExamples(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"-o", format, "stripe_upgrade.json"}, nil, &out, &errOut); code != exitMatch {
			t.Fatalf("%s: exit %d, stderr: %s", format, code, errOut.String())
		}
		golden(t, "stripe_upgrade."+map[string]string{"text": "txt", "json": "json"}[format], out.Bytes())
	}
	var out, errOut bytes.Buffer
	if code := runWith([]string{"-batch", "../verify_batch.ndjson"}, nil, &out, &errOut, 0); code != exitBadInput {
		t.Fatalf("batch: exit %d, want 2 (a malformed line), stderr: %s", code, errOut.String())
	}
	golden(t, "verify_batch.ndjson", out.Bytes())
	golden(t, "verify_batch.stderr", errOut.Bytes())
}

// example returns the example input decoded, for tests to alter.
func example(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("stripe_upgrade.json")
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func lines(v map[string]any) []any {
	return v["invoice"].(map[string]any)["lines"].(map[string]any)["data"].([]any)
}

func setLines(v map[string]any, ls []any) {
	inv := v["invoice"].(map[string]any)
	inv["lines"].(map[string]any)["data"] = ls
	delete(inv, "subtotal") // the totals no longer apply
	delete(inv, "total")
	delete(inv, "amount_due")
}

// verifyJSON runs the command on v with -o json and returns the exit status and
// the result.
func verifyJSON(t *testing.T, v map[string]any) (int, result) {
	t.Helper()
	in, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run([]string{"-o", "json", "-"}, bytes.NewReader(in), &out, &errOut)
	var r result
	if code <= exitDiffers {
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			t.Fatalf("result: %v\n%s", err, out.String())
		}
	} else {
		t.Logf("stderr: %s", errOut.String())
	}
	return code, r
}

type result struct {
	Match bool `json:"match"`
	Lines []struct {
		Status         string  `json:"status"`
		Issued         *int    `json:"issued"`
		Computed       *int    `json:"computed"`
		IssuedAmount   int64   `json:"issued_amount"`
		ComputedAmount int64   `json:"computed_amount"`
		Explanation    string  `json:"explanation"`
		ExplainedBy    *string `json:"explained_by"`
	} `json:"lines"`
	Totals map[string]struct {
		Issued   *int64 `json:"issued"`
		Computed int64  `json:"computed"`
		Match    bool   `json:"match"`
	} `json:"totals"`
}

func (r result) statuses() string {
	var s []string
	for _, l := range r.Lines {
		s = append(s, l.Status)
	}
	return strings.Join(s, " ")
}

// Stripe's documented upcoming invoice (−166, +541, 3252) is what the request
// computes.
func TestStripeUpgradeMatches(t *testing.T) {
	code, r := verifyJSON(t, example(t))
	if code != exitMatch || !r.Match || r.statuses() != "match match match" {
		t.Fatalf("exit %d, %s", code, r.statuses())
	}
	want := []int64{-166, 541, 3252}
	for i, l := range r.Lines {
		if l.IssuedAmount != want[i] || l.ComputedAmount != want[i] || *l.Issued != i || *l.Computed != i || l.ExplainedBy != nil {
			t.Errorf("line %d: %+v", i, l)
		}
	}
	if tot := r.Totals["total"]; tot.Issued == nil || *tot.Issued != 3627 || !tot.Match {
		t.Errorf("total %+v", tot)
	}
}

func TestOneLineAltered(t *testing.T) {
	v := example(t)
	lines(v)[1].(map[string]any)["amount"] = 542
	for _, k := range []string{"subtotal", "total", "amount_due"} {
		v["invoice"].(map[string]any)[k] = 3628
	}
	code, r := verifyJSON(t, v)
	if code != exitDiffers || r.Match || r.statuses() != "match amount_differs match" {
		t.Fatalf("exit %d, %s", code, r.statuses())
	}
	l := r.Lines[1]
	if l.IssuedAmount != 542 || l.ComputedAmount != 541 || l.ExplainedBy != nil || !strings.Contains(l.Explanation, "5.40955824") {
		t.Errorf("%+v", l)
	}
	for _, k := range []string{"subtotal", "total", "amount_due"} {
		if tot := r.Totals[k]; tot.Match || tot.Computed != 3627 || *tot.Issued != 3628 {
			t.Errorf("%s: %+v, want 3628 issued, 3627 computed", k, tot)
		}
	}
}

func TestMissingAndExtraLine(t *testing.T) {
	v := example(t)
	ls := lines(v)
	extra := map[string]any{}
	for k, x := range ls[2].(map[string]any) {
		extra[k] = x
	}
	extra["subscription_item"] = "si_9"
	setLines(v, []any{ls[0], ls[2], extra}) // the charge for Gold is missing
	code, r := verifyJSON(t, v)
	if code != exitDiffers || r.statuses() != "match match unexpected missing" {
		t.Fatalf("exit %d, %s", code, r.statuses())
	}
	un, miss := r.Lines[2], r.Lines[3]
	if *un.Issued != 2 || un.Computed != nil || un.IssuedAmount != 3252 || un.ComputedAmount != 0 {
		t.Errorf("unexpected line %+v", un)
	}
	if miss.Issued != nil || *miss.Computed != 1 || miss.ComputedAmount != 541 || miss.Explanation == "" {
		t.Errorf("missing line %+v", miss)
	}
	if tot := r.Totals["total"]; tot.Issued != nil || !tot.Match {
		t.Errorf("a total the invoice does not state is not compared: %+v", tot)
	}
}

// The same upgrade prorated by whole days (5 of 31 days remain: −194 and +629):
// each proration line is explained as such.
func TestDayProrationExplained(t *testing.T) {
	v := example(t)
	ls := lines(v)
	ls[0].(map[string]any)["amount"] = -161
	ls[1].(map[string]any)["amount"] = 525
	setLines(v, ls)
	code, r := verifyJSON(t, v)
	if code != exitDiffers || r.statuses() != "amount_differs amount_differs match" {
		t.Fatalf("exit %d, %s", code, r.statuses())
	}
	for _, l := range r.Lines[:2] {
		if l.ExplainedBy == nil || *l.ExplainedBy != "proration: day" {
			t.Errorf("%+v, want explained by proration: day", l)
		}
	}
}

func TestBatch(t *testing.T) {
	v := example(t)
	good, _ := json.Marshal(v)
	lines(v)[0].(map[string]any)["amount"] = -167
	differs, _ := json.Marshal(v)
	in := string(good) + "\n" + `{"request": {"currency": "usd"}, "invoice": {"lines": []}}` + "\n\n" + string(differs) + "\n" + `{"request": ` + "\n" + string(good)
	var out, errOut bytes.Buffer
	code := runWith([]string{"-batch", "-"}, strings.NewReader(in), &out, &errOut, 0)
	if code != exitBadInput {
		t.Errorf("exit %d, want 2", code)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != 5 {
		t.Fatalf("want 5 result lines, got %d:\n%s", len(got), out.String())
	}
	for i, want := range []string{`{"match":true,`, `{"line":2,"error":"request.subscription: missing required field`, `{"match":false,`, `{"line":5,"error":"$: malformed JSON`, `{"match":true,`} {
		if !strings.HasPrefix(got[i], want) {
			t.Errorf("result %d: %s, want it to start %s", i, got[i], want)
		}
	}
	for _, want := range []string{"5 checked, 2 matched, 1 differing, 2 malformed", "1 differing: unexplained amount"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
	// Without a malformed line, a difference exits 1; all matching, 0.
	for _, c := range []struct {
		in   string
		want int
	}{{string(good) + "\n" + string(differs), exitDiffers}, {string(good) + "\r\n" + string(good), exitMatch}} {
		out.Reset()
		errOut.Reset()
		if code := runWith([]string{"-batch", "-"}, strings.NewReader(c.in), &out, &errOut, 0); code != c.want {
			t.Errorf("exit %d, want %d: %s", code, c.want, errOut.String())
		}
	}
}

func TestUsageAndErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{{}, {"-o", "xml", "f.json"}, {"a", "b"}, {"-bogus", "f"}} {
		if code := run(args, nil, &out, &errOut); code != exitBadInput {
			t.Errorf("args %q: exit %d, want 2", args, code)
		}
	}
	if code := run([]string{"does-not-exist.json"}, nil, &out, &errOut); code != exitIO {
		t.Errorf("missing file: exit %d, want 3", code)
	}
	errOut.Reset()
	if code := run([]string{"-"}, strings.NewReader(`{"request": {}, "invoice": {}}`), &out, &errOut); code != exitBadInput ||
		!strings.HasPrefix(errOut.String(), "error: request.currency: missing required field") {
		t.Errorf("bad input: exit %d, stderr %q", code, errOut.String())
	}
	if code := runWith([]string{"-batch", "-"}, failingReader{}, &out, &errOut, 0); code != exitIO {
		t.Errorf("a read failure: exit %d, want 3", code)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, os.ErrClosed }
