package invoice

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// WriteText writes the invoice as a readable document: its own dates, then one row
// per line with its amount and, under it, how it bills (in advance, in arrears,
// proration or trial), its service period and how it was computed, step by step;
// then the totals, the balances labelled by what they mean for the customer, and
// the discounts that took nothing with why.
func (inv Invoice) WriteText(w io.Writer) error {
	var b strings.Builder
	cur := inv.Currency.Code()
	b.Write(appendHeader(nil, &inv))
	b.WriteString("\n\n")
	const width = 64
	row := func(label string, amount string) {
		pad := width - len([]rune(label))
		if pad < 2 {
			pad = 2
		}
		fmt.Fprintf(&b, "%s%s%14s\n", label, strings.Repeat(" ", pad), amount)
	}
	if len(inv.Lines) == 0 {
		b.WriteString(phraseNoLines + "\n")
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		row(printable(l.Description()), l.Amount.Amount().StringFixed(inv.Currency.Digits()))
		b.WriteString("    ")
		b.WriteString(printable(string(appendLineFacts(nil, l))))
		b.WriteString("\n")
		for _, step := range l.Steps() {
			b.WriteString("    · ")
			b.WriteString(printable(step.Text))
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	f := func(m interface{ String() string }) string {
		s := m.String()
		return strings.TrimSuffix(s, " "+cur)
	}
	row(phraseSubtotal, f(inv.Subtotal))
	for _, d := range inv.TotalDiscountAmounts {
		row(phraseDiscount+" "+printable(couponLabel(d.Coupon, inv.couponName(d.Coupon))), f(d.Amount.Neg()))
	}
	row(phraseTotalExclTax, f(inv.TotalExcludingTax))
	for _, t := range inv.TotalTaxAmounts {
		row(phraseTax+" "+printable(taxLabel(t.TaxRate))+" "+phraseTaxOn+" "+f(t.Taxable), f(t.Amount))
	}
	row(phraseTotal, f(inv.Total))
	row(balanceLabel(phraseStartingBalance, inv.StartingBalance), f(inv.StartingBalance))
	row(phraseAmountDue+" ("+cur+")", f(inv.AmountDue))
	if !inv.EndingBalance.IsZero() {
		row(phraseEndingBalance, f(inv.EndingBalance))
	}
	if len(inv.UnappliedDiscounts) > 0 {
		b.WriteString("\n" + phraseNotApplied + "\n")
		for _, u := range inv.UnappliedDiscounts {
			on := ""
			if u.Item != "" {
				on = " " + phraseOnItem + " " + printable(u.Item)
			}
			fmt.Fprintf(&b, "    %s%s: %s — %s\n", printable(couponLabel(u.Coupon, u.CouponName)), on, u.Reason, printable(u.Explanation))
		}
	}
	if cn := inv.CreditNote; cn != nil {
		fmt.Fprintf(&b, "\n%s %s: %s %s, %s %s\n    %s\n", phraseCreditNote, f(cn.Total), phraseRefunded, f(cn.Refund), phraseCredited, f(cn.Credit), printable(cn.Explanation))
	}
	if len(inv.BilledLater) > 0 {
		b.WriteString("\n" + phraseBilledLater + "\n")
		for _, l := range inv.BilledLater {
			fmt.Fprintf(&b, "    %s %s: %s\n", phraseItem, printable(l.Item), printable(l.Explanation))
		}
	}
	for k, f := range inv.Forecast {
		b.WriteString("\n" + forecastTitle(k+1, len(inv.Forecast), f.IssuedAt) + "\n")
		if err := f.WriteText(&b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

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
