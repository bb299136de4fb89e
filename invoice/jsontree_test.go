package invoice

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestParseTreeDuplicateKeys checks that a repeated key is refused in small objects
// (scanned) and large ones (checked by a set), wherever the repetition falls.
func TestParseTreeDuplicateKeys(t *testing.T) {
	for _, n := range []int{2, 15, 16, 17, 40, 1000} {
		for _, dup := range []int{1, n / 2, n - 1} {
			var b strings.Builder
			b.WriteString("{")
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%q: [%d]", fmt.Sprintf("k%d", i), i)
			}
			// valid first: every key distinct
			tree, err := parseTree([]byte(b.String()+"}"), nil)
			if err != nil {
				t.Fatalf("n=%d: distinct keys refused: %v", n, err)
			}
			last := tree.kid(n - 1)
			if int(tree.t.nodes[0].n) != n || tree.t.key(last.i) != fmt.Sprintf("k%d", n-1) || last.kid(0).text() != fmt.Sprint(n-1) {
				t.Fatalf("n=%d: tree has %d members, last %q", n, tree.t.nodes[0].n, tree.t.key(last.i))
			}
			_, err = parseTree([]byte(b.String()+fmt.Sprintf(", %q: 0}", fmt.Sprintf("k%d", dup))), nil)
			if !errors.Is(err, ErrMalformedJSON) || !strings.Contains(err.Error(), fmt.Sprintf("duplicate key \"k%d\"", dup)) {
				t.Errorf("n=%d dup=%d: err = %v, want a duplicate key error", n, dup, err)
			}
		}
	}
}

// TestParseTreeNesting checks that members and elements of nested containers stay
// with their own container when they share the parser's slabs.
func TestParseTreeNesting(t *testing.T) {
	tree, err := parseTree([]byte(`{"a": [1, {"b": [2, 3], "c": {}}, []], "d": {"e": [4]}, "f": "x"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	var dump func(v val) string
	dump = func(v val) string {
		var parts []string
		for _, m := range v.kids() {
			if v.kind() == kObject {
				parts = append(parts, v.t.key(m.i)+":"+dump(m))
			} else {
				parts = append(parts, dump(m))
			}
		}
		switch v.kind() {
		case kObject:
			return "{" + strings.Join(parts, ",") + "}"
		case kArray:
			return "[" + strings.Join(parts, ",") + "]"
		default:
			return v.text()
		}
	}
	if got, want := dump(tree), "{a:[1,{b:[2,3],c:{}},[]],d:{e:[4]},f:x}"; got != want {
		t.Errorf("tree %s, want %s", got, want)
	}
}

// TestPathString checks the text of paths to present and absent values: a node, a
// member or element of it, and a value below an absent one.
func TestPathString(t *testing.T) {
	tree, err := parseTree([]byte(`{"items": [{"price": {"tiers": [{}, {"up_to": 5}]}}], "k": null}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	root := nodePath(tree)
	items := root.field("items")
	tiers := items.at(0).field("price").field("tiers")
	cases := []struct {
		p    path
		want string
	}{
		{root, "$"},
		{items, "items"},
		{items.at(0), "items[0]"},
		{tiers.at(1).field("up_to"), "items[0].price.tiers[1].up_to"},
		{nodePath(tiers.target().kid(1).kid(0)), "items[0].price.tiers[1].up_to"},
		{tiers.at(0).field("flat_amount"), "items[0].price.tiers[0].flat_amount"},
		{tiers.at(7), "items[0].price.tiers[7]"},
		{root.field("missing").field("deeper").at(2), "missing.deeper[2]"},
		{root.field("k"), "k"},
		{items.at(3).field("id"), "items[3].id"},
	}
	for _, c := range cases {
		if got := c.p.String(); got != c.want {
			t.Errorf("path %q, want %q", got, c.want)
		}
	}
}

// TestParseTreeSchemaKeys checks the matching of keys to a schema's fields: as
// written, escaped, as a prefix of a longer key, and repeated in either form.
func TestParseTreeSchemaKeys(t *testing.T) {
	for _, c := range []struct {
		in    string
		field int // of the first member, -1 for none
		dup   bool
	}{
		{`{"currency":"usd"}`, requestCurrency, false},
		{`{"\u0063urrency":"usd"}`, requestCurrency, false},
		{`{"currencyx":"usd"}`, -1, false},
		{`{"curr":"usd"}`, -1, false},
		{`{"now":1,"currency":"usd","now":2}`, requestNow, true},
		{`{"currency":"usd","\u0063urrency":"eur"}`, requestCurrency, true},
		{`{"x\"":1,"x\"":2}`, -1, true},
	} {
		tree, err := parseTree([]byte(c.in), &requestSchema)
		if c.dup {
			if !errors.Is(err, ErrMalformedJSON) || !strings.Contains(err.Error(), "duplicate key") {
				t.Errorf("%s: err = %v, want a duplicate key", c.in, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if got := int(tree.t.nodes[tree.kid(0).i].field); got != c.field {
			t.Errorf("%s: field %d, want %d", c.in, got, c.field)
		}
	}
}

// TestParseTreeValueLimit checks the limit of values in a request: a text of exactly
// the limit parses, one value more is ErrTooLarge (not malformed JSON), whether the
// node slice is still in its first allocation or has grown.
func TestParseTreeValueLimit(t *testing.T) {
	small := []byte(`{"a":[1,2,{"b":null}],"c":"x"}`)          // 7 values
	zeros := []byte("[" + strings.Repeat("0,", 199999) + "0]") // 200,001 values
	for _, c := range []struct {
		in     []byte
		values int
	}{{small, 7}, {zeros, 200001}} {
		for _, limit := range []int{1, c.values - 1, c.values, c.values + 1, 1 << 20} {
			tree, err := parseTreeWithin(c.in, nil, limit)
			switch {
			case limit < c.values:
				if !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformedJSON) {
					t.Errorf("%d values, limit %d: err = %v, want ErrTooLarge only", c.values, limit, err)
				}
			case err != nil:
				t.Errorf("%d values, limit %d: %v", c.values, limit, err)
			case len(tree.t.nodes) != c.values:
				t.Errorf("%d values, limit %d: %d nodes", c.values, limit, len(tree.t.nodes))
			}
		}
	}
}
