package previewjson

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// A repeated member is refused whether it names a field of the format's object
// (seen by the field) or not (seen by its text), among few members or many.
func TestCheckDuplicateFields(t *testing.T) {
	names := fieldNames(reflect.TypeFor[subscriptionWire]())
	var many strings.Builder
	for _, n := range names {
		fmt.Fprintf(&many, "%q:null,", n)
	}
	for _, c := range []struct{ name, in, path string }{
		{"a field twice", `{"currency":"usd","currency":"eur"}`, "currency"},
		{"a field twice among every field", `{"subscription":{` + many.String() + `"` + names[len(names)-1] + `":null}}`, "subscription." + names[len(names)-1]},
		{"the first field again after every field", `{"subscription":{` + many.String() + `"` + names[0] + `":null}}`, "subscription." + names[0]},
		{"an unknown key twice beside fields", `{"subscription":{"id":null,"zz":1,"items":null,"zz":2}}`, "subscription.zz"},
	} {
		_, err := checkInput([]byte(c.in))
		var pe *PathError
		if !errors.Is(err, ErrMalformedJSON) || !errors.As(err, &pe) || pe.Path != c.path || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("%s: got %v, want a duplicate key at %s", c.name, err, c.path)
		}
	}
	if _, err := checkInput([]byte(`{"subscription":{` + strings.TrimSuffix(many.String(), ",") + `}}`)); err != nil {
		t.Errorf("every field once: %v", err)
	}
}

// fieldNames returns the JSON names of the fields of the wire struct t.
func fieldNames(t reflect.Type) []string {
	info := structOf(t)
	out := make([]string, len(info.fields))
	for i, f := range info.fields {
		out[i] = f.name
	}
	return out
}

// The pre-pass refuses an object of the format exactly when a member repeats, at the
// second occurrence of the first one that does, whatever mix of fields and other keys.
func TestCheckDuplicatesProperty(t *testing.T) {
	names := append(fieldNames(reflect.TypeFor[subscriptionWire]()), "zz", "x_1", "Items")
	props := gopter.NewProperties(pricingtest.Parameters(500))
	props.Property("refused at the first repeat", prop.ForAll(func(picks []int) string {
		var b strings.Builder
		b.WriteString(`{"subscription":{`)
		seen := map[string]bool{}
		want := ""
		for k, p := range picks {
			n := names[p%len(names)]
			if seen[n] && want == "" {
				want = "subscription." + n
			}
			seen[n] = true
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:null", n)
		}
		b.WriteString(`}}`)
		_, err := checkInput([]byte(b.String()))
		var pe *PathError
		switch {
		case want == "" && err != nil:
			return fmt.Sprintf("no repeat, refused: %v", err)
		case want != "" && (!errors.As(err, &pe) || pe.Path != want || !strings.Contains(err.Error(), "duplicate key")):
			return fmt.Sprintf("got %v, want a duplicate key at %s", err, want)
		}
		return ""
	}, gen.SliceOf(gen.IntRange(0, 1000))))
	props.TestingRun(t)
}
