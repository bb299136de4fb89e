package previewjson

import (
	"encoding/json"
	"testing"
)

// A step input's name written as it is is what encoding/json writes for it; any
// other name is written by encoding/json.
func FuzzPlainName(f *testing.F) {
	for _, s := range []string{"percent", "invoice_before", "a1", "", "Percent", "a b", "<", "é", "\x00", "\"", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		want, err := json.Marshal(name)
		if err != nil {
			t.Skip()
		}
		if plainName(name) && string(want) != `"`+name+`"` {
			t.Fatalf("%q written as it is, encoding/json writes %s", name, want)
		}
		got, err := StepInputs{{Name: name, Value: "1"}}.MarshalJSON()
		if err != nil || string(got) != "{"+string(want)+":1}" {
			t.Fatalf("inputs %s (%v), want {%s:1}", got, err, want)
		}
	})
}
