package invoice

import (
	"fmt"

	"io"
	"strings"
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// minorErr collects the first failure to express an amount in integer minor units;
// every amount of a computed Invoice is whole and in bounds, so it stays nil.
type minorErr struct{ err error }

func (e *minorErr) minor(m pricing.Money) int64 {
	v, err := m.MinorUnits()
	if err != nil && e.err == nil {
		e.err = err
	}
	return v
}

// MarshalJSON encodes the invoice in the preview format's response (amounts in
// integer minor units, timestamps in Unix seconds, the currency in lower case, and
// every line's explanation) as compact JSON; [encoding/json.Indent] makes it readable.
func (inv Invoice) MarshalJSON() ([]byte, error) {
	var e minorErr
	w := jsonWriter{b: make([]byte, 0, 512+768*len(inv.Lines))}
	w.open("", '{')
	w.str("object", "invoice")
	w.str("currency", inv.Currency.LowerCode())
	w.int("period_start", inv.PeriodStart.Unix())
	w.int("period_end", inv.PeriodEnd.Unix())
	w.open("lines", '[')
	scratch := make([]byte, 0, 512)
	for i := range inv.Lines {
		l := &inv.Lines[i]
		w.open("", '{')
		w.key("description")
		scratch = w.lineText(l, false, scratch)
		w.int("amount", e.minor(l.Amount))
		w.key("quantity")
		w.b = pricing.AppendDecimal(w.b, l.Quantity)
		w.bool("proration", l.Proration)
		w.str("subscription_item", l.Item)
		w.str("price", l.Price)
		w.open("period", '{')
		w.int("start", l.Period.Start.Unix())
		w.int("end", l.Period.End.Unix())
		w.close('}')
		writeDiscounts(&w, &e, l.Discounts)
		writeTaxes(&w, &e, l.Taxes)
		w.key("explanation")
		scratch = w.lineText(l, true, scratch)
		w.close('}')
	}
	w.close(']')
	w.int("subtotal", e.minor(inv.Subtotal))
	writeDiscounts(&w, &e, inv.TotalDiscountAmounts)
	w.int("total_discount_amount", e.minor(inv.TotalDiscount))
	w.int("total_excluding_tax", e.minor(inv.TotalExcludingTax))
	writeTaxes(&w, &e, inv.TotalTaxAmounts)
	w.int("tax", e.minor(inv.Tax))
	w.int("total", e.minor(inv.Total))
	w.int("starting_balance", e.minor(inv.StartingBalance))
	w.int("ending_balance", e.minor(inv.EndingBalance))
	w.int("amount_due", e.minor(inv.AmountDue))
	w.close('}')
	if e.err != nil {
		return nil, fmt.Errorf("encoding invoice: %w", e.err)
	}
	return w.b, nil
}

func writeDiscounts(w *jsonWriter, e *minorErr, ds []DiscountAmount) {
	name := "discount_amounts"
	if w.depth == 1 {
		name = "total_discount_amounts"
	}
	w.open(name, '[')
	for _, d := range ds {
		w.open("", '{')
		w.str("discount", d.Coupon)
		w.int("amount", e.minor(d.Amount))
		w.close('}')
	}
	w.close(']')
}

func writeTaxes(w *jsonWriter, e *minorErr, ts []TaxAmount) {
	name := "tax_amounts"
	if w.depth == 1 {
		name = "total_tax_amounts"
	}
	w.open(name, '[')
	for _, t := range ts {
		w.open("", '{')
		w.str("tax_rate", t.TaxRate.ID)
		w.bool("inclusive", t.TaxRate.Inclusive)
		w.int("taxable_amount", e.minor(t.Taxable))
		w.int("amount", e.minor(t.Amount))
		w.close('}')
	}
	w.close(']')
}

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
		row(l.Description(), l.Amount.Amount().StringFixed(inv.Currency.Digits()))
		fmt.Fprintf(&b, "    %s to %s · item %s · price %s\n", fmtDate(l.Period.Start), fmtDate(l.Period.End), l.Item, l.Price)
		for _, step := range strings.Split(l.Explanation(), "\n") {
			b.WriteString("    · ")
			b.WriteString(step)
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
		row("Discount "+d.Coupon, f(d.Amount.Neg()))
	}
	row("Total excluding tax", f(inv.TotalExcludingTax))
	for _, t := range inv.TotalTaxAmounts {
		row("Tax "+taxLabel(t.TaxRate)+" on "+f(t.Taxable), f(t.Amount))
	}
	row("Total", f(inv.Total))
	row("Starting balance", f(inv.StartingBalance))
	row("Amount due ("+cur+")", f(inv.AmountDue))
	row("Ending balance (credit)", f(inv.EndingBalance))
	_, err := io.WriteString(w, b.String())
	return err
}

func fmtDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }
