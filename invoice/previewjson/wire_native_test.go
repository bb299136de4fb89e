package previewjson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The plain types (requestNative) and the wire types with their own decoding read
// every request the pre-pass gives to the plain ones alike, and the member loop
// agrees with both.
func TestNativePathAgrees(t *testing.T) {
	ins := []string{
		`{"currency":"usd","subscription":{"items":[null,{"id":"a","price":null},{"id":"b"}]},"prices":[null],"usage":{},"usage_before":null}`,
		`{"currency":"usd","subscription":{"items":[]},"usage":null,"prices":[]}`,
		`{"currency":"usd","subscription":{"items":{"object":"list","data":[{"id":"a","price":{"id":"p","product":"x"}}],"has_more":false}}}`,
		`{"currency":"usd","subscription":{"items":{"object":"list","data":[],"has_more":true}}}`,
		`{"currency":"usd","subscription":{"items":{"object":"list"}}}`,
		`{"currency":"usd","subscription":{"items":null}}`,
	}
	ins = append(ins, agreementInputs(t)...)
	natives, lists := 0, 0
	for _, in := range ins {
		chk, err := check([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if !chk.native {
			continue
		}
		natives++
		if chk.list {
			lists++
		}
		n, nerr := decodeNative([]byte(in), chk)
		var w requestWire
		ferr := fast.decodeValue([]byte(in), &w)
		if (nerr == nil) != (ferr == nil) {
			t.Fatalf("%.80s: plain types %v, wire types %v", in, nerr, ferr)
		}
		if nerr != nil {
			continue
		}
		var cn, cw converter
		rn, nerr := cn.request(n)
		rw, ferr := cw.request(&w)
		if (nerr == nil) != (ferr == nil) || nerr != nil && nerr.Error() != ferr.Error() {
			t.Fatalf("%.80s: plain types %v, wire types %v", in, nerr, ferr)
		}
		if nerr != nil {
			continue
		}
		if diff := cmp.Diff(normal(rn), normal(rw), sameRequest); diff != "" {
			t.Errorf("%.80s: the plain and wire types differ (-plain +wire):\n%s", in, diff)
		}
		slow, _, err := decodeSlow([]byte(in))
		if err != nil {
			t.Fatalf("the member loop refuses: %v", err)
		}
		if diff := cmp.Diff(normal(rn), normal(slow), sameRequest); diff != "" {
			t.Errorf("%.80s: the plain types and the member loop differ (-plain +loop):\n%s", in, diff)
		}
	}
	if natives < len(ins)/2 || lists < 3 {
		t.Errorf("only %d of %d requests took the plain types, %d with a list object", natives, len(ins), lists)
	}
}

// The pre-pass gives the plain types only requests whose subscription items' prices
// are objects, and tells whether a product is an id.
func TestNativeForms(t *testing.T) {
	cases := []struct {
		in               string
		native, products bool
	}{
		{`{"subscription":{"items":[{"price":{"id":"p"}}]}}`, true, false},
		{`{"subscription":{"items":null}}`, true, false},
		{`{"subscription":{"items":[{"price":null}]}}`, true, false},
		{`{"subscription":{"items":{"object":"list","data":[]}}}`, true, false},
		{`{"subscription":{"items":"si"}}`, false, false},
		{`{"subscription":{"items":[{"price":"p"}]}}`, false, false},
		{`{"changes":{"items":[{"price":"p"}]}}`, true, false},
		{`{"subscription":{"items":[{"price":{"product":"prod"}}]}}`, true, true},
		{`{"prices":[{"product":"prod"}]}`, true, true},
		{`{"prices":[{"product":{"id":"prod"}}]}`, true, false},
		{`{"subscription":{"items":[{"price":{"id":"p"}}]},"sub":1}`, false, false}, // unknown: not even the fast path
	}
	for _, c := range cases {
		chk, err := check([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if chk.native != c.native || chk.products != c.products {
			t.Errorf("%s: native %v, products %v, want %v, %v", c.in, chk.native, chk.products, c.native, c.products)
		}
	}
}
