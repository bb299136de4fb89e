package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/invoice/previewjson"
)

// wellFormed parses page as XML, strictly, and returns the elements it holds by
// name, or the first error.
func wellFormed(page []byte) (map[string]int, error) {
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	seen := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return seen, nil
		}
		if err != nil {
			return seen, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			seen[se.Name.Local]++
			for _, a := range se.Attr {
				if a.Name.Local == "src" || a.Name.Local == "href" || strings.HasPrefix(a.Name.Local, "on") {
					return seen, &xml.SyntaxError{Msg: "attribute " + a.Name.Local + " on " + se.Name.Local}
				}
			}
		}
	}
}

// Every example's page is well-formed XHTML, self-contained (no script, link,
// image or external reference), with one <details> per line holding its steps.
func TestHTMLExamples(t *testing.T) {
	files, err := filepath.Glob("../*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		var out, errOut bytes.Buffer
		if code := run([]string{"-o", "html", f}, nil, &out, &errOut); code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errOut.String())
		}
		seen, err := wellFormed(out.Bytes())
		if err != nil {
			t.Errorf("%s: not well-formed: %v", f, err)
			continue
		}
		for _, banned := range []string{"script", "link", "img", "iframe", "object"} {
			if seen[banned] > 0 {
				t.Errorf("%s: a <%s> element", f, banned)
			}
		}
		if seen["details"] != seen["section"] || seen["section"] == 0 || seen["li"] < 2*seen["section"] {
			t.Errorf("%s: %d lines, %d details, %d steps", f, seen["section"], seen["details"], seen["li"])
		}
		if !bytes.Contains(out.Bytes(), []byte(`name="viewport"`)) || !bytes.Contains(out.Bytes(), []byte("@media print")) {
			t.Errorf("%s: not made for phones and print", f)
		}
	}
}

// Texts of the request cannot break the page: markup, control characters and
// noncharacters in ids and explanations are escaped.
func TestHTMLEscapes(t *testing.T) {
	inv, err := previewjson.Preview([]byte(req("", "", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	inv.Lines[0].Item = "si_<script>alert(1)</script>\x1b]0;x\x07\uFFFE"
	inv.Lines[0].Price = "p_\"&'"
	inv.UnappliedDiscounts = append(inv.UnappliedDiscounts,
		invoice.UnappliedDiscount{Coupon: "<b>EVIL</b>", Reason: invoice.Used, Explanation: "line one\nline two \x00"})
	var out bytes.Buffer
	if err := inv.WriteHTML(&out); err != nil {
		t.Fatal(err)
	}
	seen, err := wellFormed(out.Bytes())
	if err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out.String())
	}
	if seen["script"] > 0 || seen["b"] > 0 {
		t.Errorf("markup of the request reached the page: %v", seen)
	}
	if !strings.Contains(out.String(), "EVIL") || !strings.Contains(out.String(), `\x1b`) {
		t.Errorf("the texts are not shown, escaped:\n%s", out.String())
	}
}
