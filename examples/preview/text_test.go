package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/invoice/previewjson"
)

// The text output lists the discounts that took nothing under the totals, with
// control characters of ids and explanations escaped.
func TestTextUnappliedDiscounts(t *testing.T) {
	inv, err := previewjson.Preview([]byte(req("", "", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	if err := inv.WriteText(&plain); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "Discounts not applied") {
		t.Errorf("a section without unapplied discounts:\n%s", plain.String())
	}
	inv.Lines[0].Item = "si_\x1b]0;owned\x07"
	inv.UnappliedDiscounts = append(inv.UnappliedDiscounts,
		invoice.UnappliedDiscount{Coupon: "SPRING", Reason: invoice.NoMatchingLine, Explanation: "applies to prod_x, which no line bills"},
		invoice.UnappliedDiscount{Coupon: "EVIL\x1b[2J", Reason: invoice.Used, Explanation: "line one\nline two"})
	var out bytes.Buffer
	if err := inv.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	totals := strings.Index(s, "Amount due")
	section := strings.Index(s, "Discounts not applied:")
	if totals < 0 || section < totals {
		t.Fatalf("no section under the totals:\n%s", s)
	}
	for _, want := range []string{
		"    SPRING: no_matching_line — applies to prod_x, which no line bills\n",
		`    EVIL\x1b[2J: used — line one\nline two` + "\n",
	} {
		if !strings.Contains(s[section:], want) {
			t.Errorf("section lacks %q:\n%s", want, s[section:])
		}
	}
	if !strings.Contains(s, `item si_\x1b]0;owned\a`) {
		t.Errorf("the item id is not escaped:\n%s", s)
	}
	if strings.ContainsRune(s, '\x1b') || strings.ContainsRune(s, '\a') {
		t.Errorf("a control character reached the terminal")
	}
}
