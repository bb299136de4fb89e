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

// TestExamples runs the example inputs (Stripe's documented example, by the
// second and by the day) through the command and compares the output with the
// golden files.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("want the example inputs, got %v (%v)", files, err)
	}
	for _, f := range files {
		for _, format := range []string{"text", "json"} {
			var out, errOut bytes.Buffer
			if code := run([]string{"-o", format, f}, nil, &out, &errOut); code != exitOK {
				t.Fatalf("%s %s: exit %d, stderr: %s", f, format, code, errOut.String())
			}
			ext := map[string]string{"text": ".txt", "json": ".json"}[format]
			path := filepath.Join("testdata", strings.TrimSuffix(f, ".json")+ext)
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("golden file: %v (run go test ./examples/revenue -update)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s (run with -update after checking the change):\n%s", path, out.String())
			}
		}
	}
}

type result struct {
	Currency string `json:"currency"`
	Months   []struct {
		Month  string `json:"month"`
		Amount int64  `json:"amount"`
	} `json:"months"`
	Lines []struct {
		Invoice  *int `json:"invoice"`
		Line     int  `json:"line"`
		Schedule []struct {
			Start, End, Amount int64
		} `json:"schedule"`
	} `json:"lines"`
}

func revenueJSON(t *testing.T, in string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run([]string{"-o", "json", "-"}, strings.NewReader(in), &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r result) months() string {
	var s []string
	for _, m := range r.Months {
		s = append(s, m.Month+":"+itoa(m.Amount))
	}
	return strings.Join(s, " ")
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// Stripe's documented example: 12000 over June 15 12:00 to October 13 12:00 UTC.
func TestStripeExample(t *testing.T) {
	for g, want := range map[string]string{
		"second": "2024-06:1550 2024-07:3100 2024-08:3100 2024-09:3000 2024-10:1250",
		"day":    "2024-06:1600 2024-07:3100 2024-08:3100 2024-09:3000 2024-10:1200",
	} {
		data, err := os.ReadFile("stripe_example_" + g + ".json")
		if err != nil {
			t.Fatal(err)
		}
		r := revenueJSON(t, string(data))
		if got := r.months(); got != want || r.Currency != "usd" || len(r.Lines) != 1 || len(r.Lines[0].Schedule) != 5 || r.Lines[0].Invoice != nil {
			t.Errorf("%s: %s, want %s (%+v)", g, got, want, r)
		}
	}
}

// line is an invoice line of amount over [start, end) in this format's response
// shape, with a discount and an inclusive tax.
func line(amount, discount, inclTax int64, start, end string) string {
	return `{"amount":` + itoa(amount) + `,"subscription_item":"si_1","price":"p","quantity":1,"period":{"start":"` + start + `","end":"` + end + `"},` +
		`"discount_amounts":[{"discount":"c","amount":` + itoa(discount) + `}],` +
		`"tax_amounts":[{"tax_rate":"vat","inclusive":true,"taxable_amount":0,"amount":` + itoa(inclTax) + `}]}`
}

// Stripe's credit-note examples: 120 over January to March 2026 by the day with
// 30 credited before payment recognizes 31, 28, 31; 90 with 45 credited on
// February 1 after payment recognizes 31, −1.5 (rounded: −2 or −1) and 15.5.
// Amounts are net of discounts and inclusive tax.
func TestCreditNotesAndNet(t *testing.T) {
	inv := `{"currency":"usd","lines":[` + line(13000, 500, 500, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z") + `]}`
	r := revenueJSON(t, `{"invoice":`+inv+`,"granularity":"day","paid_at":"2026-01-15T00:00:00Z",
		"credit_notes":[{"line":0,"amount":3000,"created":"2026-01-10T00:00:00Z"}]}`)
	if got := r.months(); got != "2026-01:3100 2026-02:2800 2026-03:3100" {
		t.Errorf("before payment: %s", got)
	}
	inv = `{"currency":"usd","status_transitions":{"paid_at":"2026-01-01T00:00:00Z"},"lines":[` + line(9000, 0, 0, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z") + `]}`
	r = revenueJSON(t, `{"invoices":[`+inv+`],"granularity":"day","credit_notes":[{"invoice":0,"line":0,"amount":4500,"created":"2026-02-01T00:00:00Z"}]}`)
	if got := r.months(); got != "2026-01:3100 2026-02:-150 2026-03:1550" {
		t.Errorf("after payment: %s", got)
	}
	if r.Lines[0].Invoice == nil || *r.Lines[0].Invoice != 0 {
		t.Errorf("a history names each line's invoice: %+v", r.Lines[0])
	}
}

// A time zone moves amounts between months, never the total.
func TestTimeZone(t *testing.T) {
	inv := `{"currency":"usd","lines":[` + line(3100, 0, 0, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z") + `]}`
	r := revenueJSON(t, `{"invoice":`+inv+`,"time_zone":"America/New_York","granularity":"day"}`)
	if got := r.months(); got != "2025-12:100 2026-01:3000" {
		t.Errorf("New York: %s", got)
	}
}

func TestBadInput(t *testing.T) {
	inv := `{"currency":"usd","lines":[` + line(1000, 0, 0, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z") + `]}`
	for _, c := range []struct{ in, want string }{
		{`{}`, "error: invoice: missing required field"},
		{`{"invoice":` + inv + `,"time_zone":"Mars/Olympus"}`, "error: time_zone: invalid value"},
		{`{"invoice":` + inv + `,"time_zone":"Local"}`, "error: time_zone: invalid value"},
		{`{"invoice":` + inv + `,"granularity":"hour"}`, "error: granularity: invalid value"},
		{`{"invoice":` + inv + `,"credit_notes":[{"line":1,"amount":5,"created":1}]}`, "error: credit_notes[0].line: invalid value"},
		{`{"invoice":` + inv + `,"credit_notes":[{"line":0,"amount":5000,"created":1}]}`, "error: credit_notes[0]"},
		{`{"invoice":` + strings.Replace(inv, `"2026-02-01T00:00:00Z"`, `"2026-01-01T00:00:00Z"`, 1) + `}`, "error: invoice.lines[0].period: invalid service period"},
		{`{"invoice":` + inv + `,"invoices":[]}`, "error: invoices: conflicting fields"},
		{`{"invoice":` + inv + `,"granularty":"day"}`, `error: granularty: unknown field "granularty": did you mean "granularity"?`},
	} {
		var out, errOut bytes.Buffer
		if code := run([]string{"-"}, strings.NewReader(c.in), &out, &errOut); code != exitBadInput || !strings.HasPrefix(errOut.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q, want it to start %q", c.in, code, errOut.String(), c.want)
		}
	}
	var out, errOut bytes.Buffer
	for _, args := range [][]string{{}, {"-o", "xml", "f"}, {"-x"}} {
		if code := run(args, nil, &out, &errOut); code != exitBadInput {
			t.Errorf("%q: exit %d", args, code)
		}
	}
	if code := run([]string{"no-such-file.json"}, nil, &out, &errOut); code != exitIO {
		t.Errorf("missing file: exit %d, want 3", code)
	}
}
