package invoice

import (
	"fmt"
	"strconv"

	"github.com/pricekit/pricekit/internal/text"
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
	b := make([]byte, 0, 512+768*len(inv.Lines))
	b = append(b, `{"object":"invoice","currency":`...)
	b = appendLowerCode(b, inv.Currency)
	b = appendInt(b, `,"period_start":`, inv.PeriodStart.Unix())
	b = appendInt(b, `,"period_end":`, inv.PeriodEnd.Unix())
	b = append(b, `,"lines":[`...)
	scratch := make([]byte, 0, 512)
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"description":"`...)
		start := len(b)
		b = l.AppendDescription(b)
		b = escapeFrom(b, start)
		b = appendInt(b, `,"amount":`, e.minor(l.Amount))
		b = append(b, `,"quantity":`...)
		b = text.AppendDecimal(b, l.Quantity)
		b = append(b, `,"proration":`...)
		b = strconv.AppendBool(b, l.Proration)
		b = append(b, `,"subscription_item":`...)
		b = appendJSONString(b, l.Item)
		b = append(b, `,"price":`...)
		b = appendJSONString(b, l.Price)
		b = appendInt(b, `,"period":{"start":`, l.Period.Start.Unix())
		b = appendInt(b, `,"end":`, l.Period.End.Unix())
		b = append(b, `},"discount_amounts":`...)
		b = appendDiscounts(b, &e, l.Discounts)
		b = append(b, `,"tax_amounts":`...)
		b = appendTaxes(b, &e, l.Taxes)
		b = append(b, `,"explanation":"`...)
		scratch = l.AppendExplanation(scratch[:0])
		b = appendJSONBody(b, scratch) // lines of text: escaped newlines at least
		b = append(b, `"}`...)
	}
	b = appendInt(b, `],"subtotal":`, e.minor(inv.Subtotal))
	b = append(b, `,"total_discount_amounts":`...)
	b = appendDiscounts(b, &e, inv.TotalDiscountAmounts)
	b = appendInt(b, `,"total_discount_amount":`, e.minor(inv.TotalDiscount))
	b = appendInt(b, `,"total_excluding_tax":`, e.minor(inv.TotalExcludingTax))
	b = append(b, `,"total_tax_amounts":`...)
	b = appendTaxes(b, &e, inv.TotalTaxAmounts)
	b = appendInt(b, `,"tax":`, e.minor(inv.Tax))
	b = appendInt(b, `,"total":`, e.minor(inv.Total))
	b = appendInt(b, `,"starting_balance":`, e.minor(inv.StartingBalance))
	b = appendInt(b, `,"ending_balance":`, e.minor(inv.EndingBalance))
	b = appendInt(b, `,"amount_due":`, e.minor(inv.AmountDue))
	b = append(b, '}')
	if e.err != nil {
		return nil, fmt.Errorf("encoding invoice: %w", e.err)
	}
	return b, nil
}

// appendLowerCode appends c's code in lower case as a JSON string, as
// Currency.LowerCode does but without allocating for a three-letter code.
func appendLowerCode(b []byte, c pricing.Currency) []byte {
	code := c.Code()
	var lower [3]byte
	if len(code) != len(lower) {
		return appendJSONString(b, c.LowerCode())
	}
	for i := range lower {
		lower[i] = code[i]
		if 'A' <= lower[i] && lower[i] <= 'Z' {
			lower[i] += 'a' - 'A'
		}
	}
	return appendJSONString(b, lower[:])
}

// appendInt appends a member's key (with its comma and colon) and an integer value.
func appendInt(b []byte, key string, v int64) []byte {
	b = append(b, key...)
	return strconv.AppendInt(b, v, 10)
}

// escapeFrom makes b[start:], text just appended, the body of a JSON string and
// closes it: in place, unless it has something to escape.
func escapeFrom(b []byte, start int) []byte {
	if needsEscape(b[start:]) {
		text := string(b[start:])
		b = appendJSONBody(b[:start], text)
	}
	return append(b, '"')
}

func appendDiscounts(b []byte, e *minorErr, ds []DiscountAmount) []byte {
	b = append(b, '[')
	for i, d := range ds {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"discount":`...)
		b = appendJSONString(b, d.Coupon)
		b = appendInt(b, `,"amount":`, e.minor(d.Amount))
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendTaxes(b []byte, e *minorErr, ts []TaxAmount) []byte {
	b = append(b, '[')
	for i, t := range ts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"tax_rate":`...)
		b = appendJSONString(b, t.TaxRate.ID())
		b = append(b, `,"inclusive":`...)
		b = strconv.AppendBool(b, t.TaxRate.Inclusive())
		b = appendInt(b, `,"taxable_amount":`, e.minor(t.Taxable))
		b = appendInt(b, `,"amount":`, e.minor(t.Amount))
		b = append(b, '}')
	}
	return append(b, ']')
}
