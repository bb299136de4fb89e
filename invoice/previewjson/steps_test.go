package previewjson

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/stepcheck"
	"github.com/pricekit/pricekit/invoice"
)

// checkStepsGo recomputes every line of inv and of its forecast from the Go steps.
func checkStepsGo(inv invoice.Invoice) error {
	if err := stepcheck.Invoice(inv.Currency.Digits(), goLines(inv)); err != nil {
		return err
	}
	for _, f := range inv.Forecast {
		if err := checkStepsGo(f); err != nil {
			return err
		}
	}
	return nil
}

// goLines converts inv's lines and their Go steps for stepcheck.
func goLines(inv invoice.Invoice) []stepcheck.Line {
	lines := make([]stepcheck.Line, len(inv.Lines))
	for i := range inv.Lines {
		l := &inv.Lines[i]
		cl := stepcheck.Line{Amount: l.Amount.Amount()}
		for _, d := range l.Discounts {
			cl.Discounts = append(cl.Discounts, d.Amount.Amount())
		}
		for _, t := range l.Taxes {
			cl.Taxes = append(cl.Taxes, t.Amount.Amount())
		}
		for _, s := range l.Steps() {
			in := map[string]decimal.Decimal{}
			for _, v := range s.Inputs {
				in[v.Name] = v.Value
			}
			cl.Steps = append(cl.Steps, stepcheck.Step{Kind: string(s.Kind), Key: s.Coupon + s.TaxRate, Inputs: in, Result: s.Result})
		}
		lines[i] = cl
	}
	return lines
}

// checkStepsJSON recomputes every line of an encoded response from its
// explanation_steps alone, amounts in minor units against steps in major units.
func checkStepsJSON(digits int32, data []byte) error {
	var r struct {
		Lines []struct {
			Amount    int64 `json:"amount"`
			Discounts []struct {
				Amount int64 `json:"amount"`
			} `json:"discount_amounts"`
			Taxes []struct {
				Amount int64 `json:"amount"`
			} `json:"tax_amounts"`
			Steps []struct {
				Kind     string      `json:"kind"`
				Inputs   StepInputs  `json:"inputs"`
				Result   json.Number `json:"result"`
				Discount string      `json:"discount"`
				TaxRate  string      `json:"tax_rate"`
				Text     string      `json:"text"`
			} `json:"explanation_steps"`
		} `json:"lines"`
		Forecast []json.RawMessage `json:"forecast"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	minor := func(v int64) decimal.Decimal { return decimal.New(v, -digits) }
	var lines []stepcheck.Line
	for _, l := range r.Lines {
		cl := stepcheck.Line{Amount: minor(l.Amount)}
		for _, d := range l.Discounts {
			cl.Discounts = append(cl.Discounts, minor(d.Amount))
		}
		for _, x := range l.Taxes {
			cl.Taxes = append(cl.Taxes, minor(x.Amount))
		}
		for _, s := range l.Steps {
			if s.Text == "" {
				return fmt.Errorf("a %s step without text", s.Kind)
			}
			in := map[string]decimal.Decimal{}
			for _, v := range s.Inputs {
				d, err := decimal.NewFromString(string(v.Value))
				if err != nil {
					return fmt.Errorf("input %s: %w", v.Name, err)
				}
				in[v.Name] = d
			}
			res, err := decimal.NewFromString(string(s.Result))
			if err != nil {
				return fmt.Errorf("result: %w", err)
			}
			cl.Steps = append(cl.Steps, stepcheck.Step{Kind: s.Kind, Key: s.Discount + s.TaxRate, Inputs: in, Result: res})
		}
		lines = append(lines, cl)
	}
	if err := stepcheck.Invoice(digits, lines); err != nil {
		return fmt.Errorf("from explanation_steps: %w", err)
	}
	for _, f := range r.Forecast {
		if err := checkStepsJSON(digits, f); err != nil {
			return fmt.Errorf("forecast: %w", err)
		}
	}
	return nil
}

// Every line of every example recomputes from its steps, in Go and in JSON.
func TestStepsRecomputeExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := Preview(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := checkStepsGo(inv); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkStepsJSON(inv.Currency.Digits(), out); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Every line of random requests (every currency, tiers, usage, coupons, taxes
// inclusive and exclusive, rounded per line or per invoice, changes) recomputes from
// its steps, in Go and in JSON.
func TestStepsRecomputeProperty(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 300
	params.Rng.Seed(19)
	props := gopter.NewProperties(params)
	props.Property("every line recomputes from its steps", prop.ForAll(func(seed int64) string {
		s := randomSpec(seed)
		inv, err := Preview([]byte(s.json()))
		if err != nil {
			return "preview: " + err.Error()
		}
		if err := checkStepsGo(inv); err != nil {
			return err.Error() + "\n" + s.json()
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			return err.Error()
		}
		if err := checkStepsJSON(inv.Currency.Digits(), out); err != nil {
			return err.Error() + "\n" + s.json()
		}
		return ""
	}, gen.Int64()))
	props.TestingRun(t)
}

// The check is not vacuous: a result or an input off by one minor unit, or a step
// left out, is caught, on every step of every line of the examples.
func TestStepsCheckCatchesErrors(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := Preview(data)
		if err != nil {
			t.Fatal(err)
		}
		d := inv.Currency.Digits()
		unit := decimal.New(1, -d)
		lines := goLines(inv)
		for i := range lines {
			for k := range lines[i].Steps {
				s := &lines[i].Steps[k]
				if s.Kind == "usage" { // the aggregated usage is a datum, not computed
					continue
				}
				was := s.Result
				s.Result = was.Add(unit)
				if stepcheck.Invoice(d, lines) == nil {
					t.Errorf("%s line %d: step %d (%s) with result %s passes", f, i, k, s.Kind, s.Result)
				}
				s.Result = was
				checked++
			}
			if n := len(lines[i].Steps); n > 1 {
				all := lines[i].Steps
				lines[i].Steps = all[:n-1]
				if stepcheck.Invoice(d, lines) == nil {
					t.Errorf("%s line %d: without its last step (%s), passes", f, i, all[n-1].Kind)
				}
				lines[i].Steps = all
			}
		}
		if err := stepcheck.Invoice(d, lines); err != nil {
			t.Fatalf("%s: restored steps fail: %v", f, err)
		}
	}
	if checked < 20 {
		t.Errorf("only %d steps checked", checked)
	}
}

// EncodeInvoice, which writes one line at a time, is the JSON of FromInvoice.
func TestEncodeInvoiceIsFromInvoice(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	for range 60 {
		files = append(files, "random")
	}
	for k, f := range files {
		var data []byte
		if f == "random" {
			data = []byte(randomSpec(int64(k)).json())
		} else {
			var err error
			if data, err = os.ReadFile(f); err != nil {
				t.Fatal(err)
			}
		}
		inv, err := Preview(data)
		if err != nil {
			continue
		}
		r, err := FromInvoice(inv)
		if err != nil {
			t.Fatal(err)
		}
		want, err := marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := EncodeInvoice(inv)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("%s: EncodeInvoice\n%s\nFromInvoice\n%s", f, got, want)
		}
	}
}

// FuzzStepInputs: decoding any bytes as step inputs never panics, and what decodes
// encodes back to inputs that decode the same.
func FuzzStepInputs(f *testing.F) {
	f.Add([]byte(`{"quantity":15,"unit_amount":28.5}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Add([]byte(`[1]`))
	f.Add([]byte(`{"a":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var in StepInputs
		if err := json.Unmarshal(data, &in); err != nil {
			return
		}
		out, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("%q: encode: %v", data, err)
		}
		var again StepInputs
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%q → %s: %v", data, out, err)
		}
		if len(again) != len(in) {
			t.Fatalf("%q → %s: %d inputs, then %d", data, out, len(in), len(again))
		}
		for k := range in {
			if again[k].Name != in[k].Name || again[k].Value != in[k].Value {
				t.Fatalf("%q → %s: input %d %v, then %v", data, out, k, in[k], again[k])
			}
		}
	})
}
