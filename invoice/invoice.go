package invoice

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Invoice is a computed invoice preview. Every amount is in whole minor units of
// Currency. The totals obey, exactly:
//
//	Subtotal          = Σ line Amount (inclusive tax is inside it)
//	TotalDiscount     = Σ every line's discount amounts
//	Tax               = Σ every line's tax amounts, inclusive and exclusive
//	TotalExcludingTax = Subtotal − TotalDiscount − inclusive tax
//	Total             = Subtotal − TotalDiscount + exclusive tax
//	AmountDue         = max(0, Total + StartingBalance)
//	EndingBalance     = min(0, Total + StartingBalance)
type Invoice struct {
	Currency             pricing.Currency
	PeriodStart          time.Time
	PeriodEnd            time.Time
	Lines                []Line
	Subtotal             pricing.Money
	TotalDiscountAmounts []DiscountAmount // per coupon, in order of first use
	TotalDiscount        pricing.Money
	TotalExcludingTax    pricing.Money
	TotalTaxAmounts      []TaxAmount // per tax rate, in order of first use
	Tax                  pricing.Money
	Total                pricing.Money
	StartingBalance      pricing.Money
	EndingBalance        pricing.Money
	AmountDue            pricing.Money
	// UnappliedDiscounts lists every discount of the request that took no amount, in
	// the order the request gives them (items' discounts in item order, then the
	// subscription's), with why.
	UnappliedDiscounts []UnappliedDiscount
}

// Line is one invoice line with everything needed to explain it.
type Line struct {
	// Amount is the line's amount before discounts and exclusive tax, in whole minor
	// units; negative for a proration credit.
	Amount    pricing.Money
	Quantity  decimal.Decimal
	Proration bool
	Item      string // subscription item ID
	Price     string // price ID
	Period    proration.Period
	Discounts []DiscountAmount
	Taxes     []TaxAmount

	// How the amount was computed: exactly one of Quote (with Usage for a metered
	// line) and Prorated is set.
	Quote    *pricing.Quote
	Usage    *pricing.Usage
	Prorated *proration.Line

	item *Item // for the description; texts are built only when asked for
}

// Description returns Stripe's text for the line: "Unused time on Silver after 01 Sep
// 2020" for a proration, "3 × Gold (at 10.00 USD / month)" for a period line.
func (l Line) Description() string { return string(l.AppendDescription(make([]byte, 0, 64))) }

// AppendDescription appends the text of [Line.Description] to b and returns the result.
func (l Line) AppendDescription(b []byte) []byte {
	switch {
	case l.Prorated != nil:
		return l.Prorated.AppendDescription(b)
	case l.Quote != nil && l.item != nil:
		return appendDescription(b, l.item, l.Quote)
	}
	return append(b, l.Price...)
}

// DiscountAmount is what one coupon took off a line (or the invoice, in
// Invoice.TotalDiscountAmounts).
type DiscountAmount struct {
	Coupon  string
	Amount  pricing.Money
	applied discount.Applied
}

// Rule says how the amount was computed (empty in the invoice's totals).
func (d DiscountAmount) Rule() string { return string(d.AppendRule(nil)) }

// AppendRule appends the text of [DiscountAmount.Rule] to b and returns the result.
func (d DiscountAmount) AppendRule(b []byte) []byte { return d.applied.AppendRule(b) }

// TaxAmount is the tax of one rate on a line (or over the invoice, in
// Invoice.TotalTaxAmounts).
type TaxAmount struct {
	TaxRate    TaxRate
	Taxable    pricing.Money // the amount the rate applies to, tax excluded
	Amount     pricing.Money
	Unrounded  decimal.Decimal // the tax before rounding (to 6 more places where it does not end), for the explanation
	PerInvoice bool            // rounded once per invoice and rate, not per line
}

// Net returns the line's amount after its discounts.
func (l Line) Net() pricing.Money {
	net := l.Amount
	for _, d := range l.Discounts {
		net, _ = net.Sub(d.Amount)
	}
	return net
}

// Explanation returns how the line's amount, discounts and taxes were computed, one
// step per line of text, for a support agent.
func (l Line) Explanation() string {
	return string(l.AppendExplanation(make([]byte, 0, 512)))
}

// AppendExplanation appends the text of [Line.Explanation] to b.
func (l Line) AppendExplanation(b []byte) []byte {
	switch {
	case l.Prorated != nil:
		b = l.Prorated.AppendExplanation(b)
	case l.Quote != nil:
		if l.Usage != nil {
			b = l.Usage.AppendExplanation(b)
			b = append(b, '\n')
		}
		b = l.Quote.AppendExplanation(b)
	}
	for _, d := range l.Discounts {
		b = append(b, "\ndiscount "...)
		b = append(b, d.Coupon...)
		b = append(b, ": "...)
		b = d.AppendRule(b)
	}
	for _, t := range l.Taxes {
		var buf [24]byte
		pct := text.AppendDecimal(buf[:0], t.TaxRate.Percentage()) // for the label and the rule
		b = append(b, "\ntax "...)
		b = appendTaxLabel(b, t.TaxRate, pct)
		b = append(b, ": "...)
		if t.TaxRate.Inclusive() {
			b = append(b, "included in "...)
			b = text.AppendMoney(b, add(t.Taxable, t.Amount))
			b = append(b, ", "...)
		} else {
			b = append(b, pct...)
			b = append(b, "% of "...)
			b = text.AppendMoney(b, t.Taxable)
			b = append(b, " = "...)
		}
		b = text.AppendMoney(b, pricing.New(t.Unrounded, t.Amount.Currency()))
		if t.PerInvoice {
			b = append(b, ", this line's share of the rate's invoice total rounded once (cumulative rounding): "...)
		} else {
			b = append(b, ", rounded half-away-from-zero to "...)
		}
		b = text.AppendMoney(b, t.Amount)
	}
	return b
}

// appendTaxLabel appends "VAT 20% exclusive" for r, whose percentage pct is
// already written out.
func appendTaxLabel(b []byte, r TaxRate, pct []byte) []byte {
	if r.DisplayName() != "" {
		b = append(b, r.DisplayName()...)
	} else {
		b = append(b, r.ID()...)
	}
	b = append(b, ' ')
	b = append(b, pct...)
	if r.Inclusive() {
		return append(b, "% inclusive"...)
	}
	return append(b, "% exclusive"...)
}

func taxLabel(r TaxRate) string {
	return string(appendTaxLabel(nil, r, text.AppendDecimal(nil, r.Percentage())))
}

// add returns a + b for amounts known to share a currency.
func add(a, b pricing.Money) pricing.Money {
	s, _ := a.Add(b)
	return s
}

// sub returns a − b for amounts known to share a currency.
func sub(a, b pricing.Money) pricing.Money {
	s, _ := a.Sub(b)
	return s
}
