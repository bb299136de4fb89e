package invoice

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// WriteText writes the invoice as a readable document: one row per line with its
// amount and, under it, how it was computed; then the totals.
func (inv Invoice) WriteText(w io.Writer) error {
	var b strings.Builder
	cur := inv.Currency.Code()
	fmt.Fprintf(&b, "Invoice preview (%s), period %s to %s\n\n", cur, fmtDate(inv.PeriodStart), fmtDate(inv.PeriodEnd))
	const width = 64
	row := func(label string, amount string) {
		pad := width - len([]rune(label))
		if pad < 2 {
			pad = 2
		}
		fmt.Fprintf(&b, "%s%s%14s\n", label, strings.Repeat(" ", pad), amount)
	}
	if len(inv.Lines) == 0 {
		b.WriteString("(no lines)\n")
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		row(printable(l.Description()), l.Amount.Amount().StringFixed(inv.Currency.Digits()))
		fmt.Fprintf(&b, "    %s to %s · item %s · price %s\n", fmtDate(l.Period.Start), fmtDate(l.Period.End), printable(l.Item), printable(l.Price))
		for _, step := range strings.Split(l.Explanation(), "\n") {
			b.WriteString("    · ")
			b.WriteString(printable(step))
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	f := func(m interface{ String() string }) string {
		s := m.String()
		return strings.TrimSuffix(s, " "+cur)
	}
	row("Subtotal", f(inv.Subtotal))
	for _, d := range inv.TotalDiscountAmounts {
		row("Discount "+printable(d.Coupon), f(d.Amount.Neg()))
	}
	row("Total excluding tax", f(inv.TotalExcludingTax))
	for _, t := range inv.TotalTaxAmounts {
		row("Tax "+printable(taxLabel(t.TaxRate))+" on "+f(t.Taxable), f(t.Amount))
	}
	row("Total", f(inv.Total))
	row("Starting balance", f(inv.StartingBalance))
	row("Amount due ("+cur+")", f(inv.AmountDue))
	row("Ending balance (credit)", f(inv.EndingBalance))
	if len(inv.UnappliedDiscounts) > 0 {
		b.WriteString("\nDiscounts not applied:\n")
		for _, u := range inv.UnappliedDiscounts {
			on := ""
			if u.Item != "" {
				on = " on item " + printable(u.Item)
			}
			fmt.Fprintf(&b, "    %s%s (%s): %s\n", printable(u.Coupon), on, u.Reason, printable(u.Explanation))
		}
	}
	for k, f := range inv.Forecast {
		fmt.Fprintf(&b, "\n──── Forecast %d of %d: the invoice issued %s ────\n", k+1, len(inv.Forecast), fmtDate(f.IssuedAt))
		if err := f.WriteText(&b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func fmtDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// printable returns s with control characters escaped (\n, \x1b, \u2028), so that
// no text of a request can forge rows or terminal sequences in the text output.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
