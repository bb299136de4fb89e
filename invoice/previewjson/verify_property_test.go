package previewjson

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/invoice/verify"
)

// Properties of verification through the format, over random requests: the
// response of a request, as the issued invoice, always matches it; changing any
// one issued line's amount by one minor unit is always found, on that line alone.
func TestVerifyProperties(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 100
	params.Rng.Seed(20260)
	props := gopter.NewProperties(params)
	props.Property("an invoice matches its own preview; one minor unit off is found on its line", prop.ForAll(func(seed int64) string {
		req := randomSpec(seed).json()
		inv, err := Preview([]byte(req))
		if err != nil {
			return "preview: " + err.Error()
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			return "encode: " + err.Error()
		}
		r, err := Verify([]byte(`{"request":` + req + `,"invoice":` + string(out) + `}`))
		if err != nil {
			return "verify: " + err.Error()
		}
		if !r.Match {
			return "an invoice does not match its own preview: " + string(out)
		}
		if len(inv.Lines) == 0 {
			return ""
		}
		var resp map[string]any
		if err := json.Unmarshal(out, &resp); err != nil {
			return err.Error()
		}
		rnd := rand.New(rand.NewSource(seed))
		k, delta := rnd.Intn(len(inv.Lines)), float64(1-2*rnd.Intn(2))
		line := resp["lines"].([]any)[k].(map[string]any)
		line["amount"] = line["amount"].(float64) + delta // small integers: exact in float64
		altered, _ := json.Marshal(resp)
		r, err = Verify([]byte(`{"request":` + req + `,"invoice":` + string(altered) + `}`))
		if err != nil {
			return "verify altered: " + err.Error()
		}
		for _, l := range r.Lines {
			want := verify.Match
			if l.Issued == k {
				want = verify.AmountDiffers
			}
			if l.Status != want {
				return "line " + itoa(k) + " changed: line " + itoa(l.Issued) + " is " + l.Status.String() + "\n" + string(altered)
			}
		}
		if r.Match {
			return "an altered invoice matches"
		}
		return ""
	}, gen.Int64()))
	props.TestingRun(t)
}
