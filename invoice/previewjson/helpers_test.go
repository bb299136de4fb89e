package previewjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
)

// fill replaces every {{name}} in tmpl with the contents of testdata/name.json.
func fill(t testing.TB, tmpl string) string {
	t.Helper()
	return regexp.MustCompile(`\{\{([^}]+)\}\}`).ReplaceAllStringFunc(tmpl, func(m string) string {
		data, err := os.ReadFile(filepath.Join("testdata", m[2:len(m)-2]+".json"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	})
}

// previewResponse runs a request through Preview and EncodeInvoice and returns the
// response decoded, after checking the identities of its totals.
func previewResponse(t testing.TB, in string) Response {
	t.Helper()
	inv, err := Preview([]byte(in))
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	out, err := EncodeInvoice(inv)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var r Response
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, out)
	}
	if msg := totalsProblem(r); msg != "" {
		t.Fatalf("%s\n%s", msg, out)
	}
	return r
}

// totalsProblem checks the identities of the response's totals; "" when they hold.
func totalsProblem(r Response) string {
	var sum, disc, tax, incl, excl int64
	for _, l := range r.Lines {
		if l.Explanation == "" {
			return "line " + l.Description + " has no explanation"
		}
		sum += l.Amount
		for _, d := range l.DiscountAmounts {
			disc += d.Amount
		}
		for _, x := range l.TaxAmounts {
			tax += x.Amount
			if x.Inclusive {
				incl += x.Amount
			} else {
				excl += x.Amount
			}
		}
	}
	if sum != r.Subtotal || disc != r.TotalDiscountAmount || tax != r.Tax ||
		r.TotalExcludingTax != r.Subtotal-disc-incl || r.Total != r.Subtotal-disc+excl {
		return "totals do not add up"
	}
	due := r.Total + r.StartingBalance
	ending := r.EndingBalance
	if cn := r.CreditNote; cn != nil && due < 0 {
		ending -= min(cn.RefundAmount, -due) // the refunded part of a termination's credit is paid back
	}
	if r.AmountDue < 0 || r.AmountDue+ending != due || (due > 0 && r.EndingBalance != 0) || (due <= 0 && r.AmountDue != 0) {
		return "balances do not add up"
	}
	return ""
}

func amounts(r Response) []int64 {
	out := make([]int64, len(r.Lines))
	for i, l := range r.Lines {
		out[i] = l.Amount
	}
	return out
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

type invoiceRequest = invoice.Request

var decOne = decimal.NewFromInt(1)
