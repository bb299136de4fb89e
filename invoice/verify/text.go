package verify

import (
	"fmt"
	"io"
	"strings"

	"github.com/pricekit/pricekit/pricing"
)

// WriteText writes the reconciliation for a finance analyst: the verdict, the lines
// that differ first (each with both amounts, the difference and its cause), then the
// matching lines, then the totals.
func (r Result) WriteText(w io.Writer) error {
	var b strings.Builder
	verdict := "MATCHES"
	if !r.Match {
		verdict = "DIFFERS"
	}
	fmt.Fprintf(&b, "Issued invoice %s what pricekit computes (%s)\n\n", verdict, r.Computed.Currency.Code())
	matched := 0
	for _, l := range r.Lines {
		if l.Status == Match {
			matched++
			continue
		}
		b.WriteString(lineText(l))
	}
	if matched > 0 {
		fmt.Fprintf(&b, "%d line(s) match:\n", matched)
		for _, l := range r.Lines {
			if l.Status == Match {
				fmt.Fprintf(&b, "  issued line %d = computed line %d: %s\n", l.Issued, l.Computed, amount(l.IssuedAmount))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("Totals (issued / computed):\n")
	for _, t := range r.Totals {
		if !t.Given {
			fmt.Fprintf(&b, "  %-22s %14s %14s  (not stated on the issued invoice)\n", t.Name, "—", amount(t.Computed))
			continue
		}
		mark := "ok"
		if !t.Match {
			d, _ := t.Issued.Sub(t.Computed)
			mark = "differs by " + amount(d)
		}
		fmt.Fprintf(&b, "  %-22s %14s %14s  %s\n", t.Name, amount(t.Issued), amount(t.Computed), mark)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func lineText(l Line) string {
	var b strings.Builder
	switch l.Status {
	case AmountDiffers:
		d, _ := l.IssuedAmount.Sub(l.ComputedAmount)
		fmt.Fprintf(&b, "DIFFERS  issued line %d: issued %s, computed %s (difference %s)\n", l.Issued, amount(l.IssuedAmount), amount(l.ComputedAmount), amount(d))
		if !l.IssuedDiscount.Equal(l.ComputedDiscount) {
			fmt.Fprintf(&b, "         discounts: issued %s, computed %s\n", amount(l.IssuedDiscount), amount(l.ComputedDiscount))
		}
		if !l.IssuedTax.Equal(l.ComputedTax) {
			fmt.Fprintf(&b, "         tax: issued %s, computed %s\n", amount(l.IssuedTax), amount(l.ComputedTax))
		}
		if l.ExplainedBy != "" {
			fmt.Fprintf(&b, "         cause: the issued amount is what %q gives\n", l.ExplainedBy)
		} else {
			b.WriteString("         cause: no documented option reproduces the issued amount\n")
		}
	case Missing:
		fmt.Fprintf(&b, "MISSING  computed line %d was not issued: %s\n", l.Computed, amount(l.ComputedAmount))
	case Unexpected:
		fmt.Fprintf(&b, "EXTRA    issued line %d was not computed: %s\n", l.Issued, amount(l.IssuedAmount))
	}
	for _, step := range strings.Split(l.Explanation(), "\n") {
		if step != "" {
			fmt.Fprintf(&b, "         · %s\n", step)
		}
	}
	b.WriteString("\n")
	return b.String()
}

func amount(m pricing.Money) string { return m.String() }
