package invoice

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

type periodJSON struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

type discountAmountJSON struct {
	Discount string `json:"discount"`
	Amount   int64  `json:"amount"`
}

type taxAmountJSON struct {
	TaxRate       string `json:"tax_rate"`
	Inclusive     bool   `json:"inclusive"`
	TaxableAmount int64  `json:"taxable_amount"`
	Amount        int64  `json:"amount"`
}

type lineJSON struct {
	Description      string               `json:"description"`
	Amount           int64                `json:"amount"`
	Quantity         json.Number          `json:"quantity"`
	Proration        bool                 `json:"proration"`
	SubscriptionItem string               `json:"subscription_item"`
	Price            string               `json:"price"`
	Period           periodJSON           `json:"period"`
	DiscountAmounts  []discountAmountJSON `json:"discount_amounts"`
	TaxAmounts       []taxAmountJSON      `json:"tax_amounts"`
	Explanation      string               `json:"explanation"`
}

type invoiceJSON struct {
	Object               string               `json:"object"`
	Currency             string               `json:"currency"`
	PeriodStart          int64                `json:"period_start"`
	PeriodEnd            int64                `json:"period_end"`
	Lines                []lineJSON           `json:"lines"`
	Subtotal             int64                `json:"subtotal"`
	TotalDiscountAmounts []discountAmountJSON `json:"total_discount_amounts"`
	TotalDiscountAmount  int64                `json:"total_discount_amount"`
	TotalExcludingTax    int64                `json:"total_excluding_tax"`
	TotalTaxAmounts      []taxAmountJSON      `json:"total_tax_amounts"`
	Tax                  int64                `json:"tax"`
	Total                int64                `json:"total"`
	StartingBalance      int64                `json:"starting_balance"`
	EndingBalance        int64                `json:"ending_balance"`
	AmountDue            int64                `json:"amount_due"`
}

// minor returns m in minor units; every amount of an Invoice is whole and in bounds.
type minorErr struct{ err error }

func (e *minorErr) minor(m interface{ MinorUnits() (int64, error) }) int64 {
	v, err := m.MinorUnits()
	if err != nil && e.err == nil {
		e.err = err
	}
	return v
}

// MarshalJSON encodes the invoice in the preview format's response (amounts in
// integer minor units, timestamps in Unix seconds, the currency in lower case, and
// every line's explanation).
func (inv Invoice) MarshalJSON() ([]byte, error) {
	var e minorErr
	out := invoiceJSON{
		Object:               "invoice",
		Currency:             inv.Currency.LowerCode(),
		PeriodStart:          inv.PeriodStart.Unix(),
		PeriodEnd:            inv.PeriodEnd.Unix(),
		Lines:                make([]lineJSON, len(inv.Lines)),
		Subtotal:             e.minor(inv.Subtotal),
		TotalDiscountAmounts: make([]discountAmountJSON, len(inv.TotalDiscountAmounts)),
		TotalDiscountAmount:  e.minor(inv.TotalDiscount),
		TotalExcludingTax:    e.minor(inv.TotalExcludingTax),
		TotalTaxAmounts:      make([]taxAmountJSON, len(inv.TotalTaxAmounts)),
		Tax:                  e.minor(inv.Tax),
		Total:                e.minor(inv.Total),
		StartingBalance:      e.minor(inv.StartingBalance),
		EndingBalance:        e.minor(inv.EndingBalance),
		AmountDue:            e.minor(inv.AmountDue),
	}
	for i, d := range inv.TotalDiscountAmounts {
		out.TotalDiscountAmounts[i] = discountAmountJSON{Discount: d.Coupon, Amount: e.minor(d.Amount)}
	}
	for i, t := range inv.TotalTaxAmounts {
		out.TotalTaxAmounts[i] = taxAmountJSON{TaxRate: t.TaxRate.ID, Inclusive: t.TaxRate.Inclusive, TaxableAmount: e.minor(t.Taxable), Amount: e.minor(t.Amount)}
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		lj := lineJSON{
			Description:      l.Description(),
			Amount:           e.minor(l.Amount),
			Quantity:         json.Number(l.Quantity.String()),
			Proration:        l.Proration,
			SubscriptionItem: l.Item,
			Price:            l.Price,
			Period:           periodJSON{Start: l.Period.Start.Unix(), End: l.Period.End.Unix()},
			DiscountAmounts:  make([]discountAmountJSON, len(l.Discounts)),
			TaxAmounts:       make([]taxAmountJSON, len(l.Taxes)),
			Explanation:      l.Explanation(),
		}
		for k, d := range l.Discounts {
			lj.DiscountAmounts[k] = discountAmountJSON{Discount: d.Coupon, Amount: e.minor(d.Amount)}
		}
		for k, t := range l.Taxes {
			lj.TaxAmounts[k] = taxAmountJSON{TaxRate: t.TaxRate.ID, Inclusive: t.TaxRate.Inclusive, TaxableAmount: e.minor(t.Taxable), Amount: e.minor(t.Amount)}
		}
		out.Lines[i] = lj
	}
	if e.err != nil {
		return nil, fmt.Errorf("encoding invoice: %w", e.err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
