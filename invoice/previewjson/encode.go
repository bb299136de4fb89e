package previewjson

import (
	"bytes"
	"encoding/json"
	"fmt"

	textfmt "github.com/pricekit/pricekit/internal/text"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// Response is the preview format's response: Stripe's Invoice shape, amounts in
// integer minor units, timestamps in Unix seconds, the currency in lower case.
type Response struct {
	// Object is always "invoice".
	Object string `json:"object"`
	// Currency is the invoice currency, lower case ("usd").
	Currency string `json:"currency"`
	// PeriodStart is the start of the invoice's period, Unix seconds.
	PeriodStart int64 `json:"period_start"`
	// PeriodEnd is the end of the invoice's period, Unix seconds.
	PeriodEnd int64 `json:"period_end"`
	// Lines are the invoice lines, in order.
	Lines []ResponseLine `json:"lines"`
	// Subtotal is Σ line amounts, before discounts (inclusive tax inside it).
	Subtotal int64 `json:"subtotal"`
	// TotalDiscountAmounts is what each coupon took off, in order of first use.
	TotalDiscountAmounts []DiscountAmount `json:"total_discount_amounts"`
	// TotalDiscountAmount is Σ every discount amount.
	TotalDiscountAmount int64 `json:"total_discount_amount"`
	// TotalExcludingTax is subtotal − discounts − inclusive tax.
	TotalExcludingTax int64 `json:"total_excluding_tax"`
	// TotalTaxAmounts is the tax of each rate over the invoice, in order of first use.
	TotalTaxAmounts []TaxAmount `json:"total_tax_amounts"`
	// Tax is Σ every tax amount, inclusive and exclusive.
	Tax int64 `json:"tax"`
	// Total is subtotal − discounts + exclusive tax.
	Total int64 `json:"total"`
	// StartingBalance is the customer balance before the invoice (negative: credit).
	StartingBalance int64 `json:"starting_balance"`
	// EndingBalance is min(0, total + starting balance): the credit left afterwards.
	EndingBalance int64 `json:"ending_balance"`
	// AmountDue is max(0, total + starting balance).
	AmountDue int64 `json:"amount_due"`
	// UnappliedDiscounts lists each discount of the request that took nothing, in
	// the request's order, with why.
	UnappliedDiscounts []UnappliedDiscount `json:"unapplied_discounts"`
	// Forecast holds the invoices after this one when options.forecast asks for them,
	// each in this shape (without a forecast of its own).
	Forecast []Response `json:"forecast,omitempty"`
}

// ResponseLine is one invoice line.
type ResponseLine struct {
	// Description is Stripe's text for the line ("Unused time on Silver after 01 Sep 2020").
	Description string `json:"description"`
	// Amount is the line's amount before discounts and exclusive tax, minor units;
	// negative for a credit.
	Amount int64 `json:"amount"`
	// Quantity is the billed quantity, an exact decimal number.
	Quantity json.Number `json:"quantity"`
	// Proration marks a proration line.
	Proration bool `json:"proration"`
	// SubscriptionItem is the item's id.
	SubscriptionItem string `json:"subscription_item"`
	// Price is the price's id.
	Price string `json:"price"`
	// Period is the span the line bills.
	Period Period `json:"period"`
	// DiscountAmounts is what each coupon took off the line.
	DiscountAmounts []DiscountAmount `json:"discount_amounts"`
	// TaxAmounts is the line's tax per rate.
	TaxAmounts []TaxAmount `json:"tax_amounts"`
	// Explanation says how the amount, discounts and taxes were computed, one step
	// per line of text.
	Explanation string `json:"explanation"`
	// ExplanationSteps are the same steps as data, from which a program recomputes
	// amount, discount_amounts and tax_amounts (the rules are in REFERENCE.md).
	ExplanationSteps []Step `json:"explanation_steps"`
}

// Step is one step of how a line was computed (invoice.Step). Its amounts, unlike
// the rest of the response, are exact decimal numbers in major units ("12.345" for
// 12.345 USD), since steps hold values before rounding.
type Step struct {
	// Kind is quantity, usage, package, unit_price, tier, minimum, maximum,
	// proration, credit, rounding, trial, discount or tax.
	Kind string `json:"kind"`
	// Inputs are the step's named inputs, exact decimal numbers.
	Inputs map[string]json.Number `json:"inputs"`
	// Result is the step's result, an exact decimal number.
	Result json.Number `json:"result"`
	// Discount is the coupon's id, on a discount step.
	Discount string `json:"discount,omitempty"`
	// TaxRate is the tax rate's id, on a tax step.
	TaxRate string `json:"tax_rate,omitempty"`
	// Text is the step's sentence, as in explanation.
	Text string `json:"text"`
}

func steps(l *invoice.Line) []Step {
	ss := l.Steps()
	out := make([]Step, len(ss))
	for k, s := range ss {
		in := make(map[string]json.Number, len(s.Inputs))
		for _, v := range s.Inputs {
			in[v.Name] = jsonNumber(v.Value)
		}
		out[k] = Step{Kind: string(s.Kind), Inputs: in, Result: jsonNumber(s.Result), Discount: s.Coupon, TaxRate: s.TaxRate, Text: s.Text}
	}
	return out
}

// Period is a span of time, Unix seconds, [Start, End).
type Period struct {
	// Start is the first second of the span.
	Start int64 `json:"start"`
	// End is the first second after the span.
	End int64 `json:"end"`
}

// DiscountAmount is what one coupon took off, minor units.
type DiscountAmount struct {
	// Discount is the coupon's id.
	Discount string `json:"discount"`
	// Amount is what it took off, minor units.
	Amount int64 `json:"amount"`
}

// TaxAmount is the tax of one rate, minor units.
type TaxAmount struct {
	// TaxRate is the rate's id.
	TaxRate string `json:"tax_rate"`
	// Inclusive marks a rate contained in the amount.
	Inclusive bool `json:"inclusive"`
	// TaxableAmount is the amount the rate applies to, tax excluded.
	TaxableAmount int64 `json:"taxable_amount"`
	// Amount is the tax.
	Amount int64 `json:"amount"`
}

// UnappliedDiscount is a discount of the request that took nothing off the invoice.
type UnappliedDiscount struct {
	// Discount is the coupon's id.
	Discount string `json:"discount"`
	// Reason is "not_started", "ended", "used", "no_matching_line" or "nothing_left".
	Reason string `json:"reason"`
	// Explanation says why, with the dates or products involved.
	Explanation string `json:"explanation"`
}

// FromInvoice converts a computed invoice into the response. It fails only when an
// amount is not a whole number of minor units within int64, which no invoice of
// invoice.Preview has.
func FromInvoice(inv invoice.Invoice) (Response, error) {
	var e minorErr
	r := Response{
		Object:               "invoice",
		Currency:             inv.Currency.LowerCode(),
		PeriodStart:          inv.PeriodStart.Unix(),
		PeriodEnd:            inv.PeriodEnd.Unix(),
		Lines:                make([]ResponseLine, len(inv.Lines)),
		Subtotal:             e.minor(inv.Subtotal),
		TotalDiscountAmounts: discountAmounts(&e, inv.TotalDiscountAmounts),
		TotalDiscountAmount:  e.minor(inv.TotalDiscount),
		TotalExcludingTax:    e.minor(inv.TotalExcludingTax),
		TotalTaxAmounts:      taxAmounts(&e, inv.TotalTaxAmounts),
		Tax:                  e.minor(inv.Tax),
		Total:                e.minor(inv.Total),
		StartingBalance:      e.minor(inv.StartingBalance),
		EndingBalance:        e.minor(inv.EndingBalance),
		AmountDue:            e.minor(inv.AmountDue),
		UnappliedDiscounts:   make([]UnappliedDiscount, len(inv.UnappliedDiscounts)),
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		r.Lines[i] = ResponseLine{
			Description:      l.Description(),
			Amount:           e.minor(l.Amount),
			Quantity:         json.Number(textfmt.AppendDecimal(nil, l.Quantity)),
			Proration:        l.Proration,
			SubscriptionItem: l.Item,
			Price:            l.Price,
			Period:           Period{Start: l.Period.Start.Unix(), End: l.Period.End.Unix()},
			DiscountAmounts:  discountAmounts(&e, l.Discounts),
			TaxAmounts:       taxAmounts(&e, l.Taxes),
			Explanation:      l.Explanation(),
			ExplanationSteps: steps(l),
		}
	}
	for i, u := range inv.UnappliedDiscounts {
		r.UnappliedDiscounts[i] = UnappliedDiscount{Discount: u.Coupon, Reason: u.Reason.String(), Explanation: u.Explanation}
	}
	for _, f := range inv.Forecast {
		fr, err := FromInvoice(f)
		if err != nil {
			return Response{}, err
		}
		r.Forecast = append(r.Forecast, fr)
	}
	if e.err != nil {
		return Response{}, fmt.Errorf("encoding the invoice: %w", e.err)
	}
	return r, nil
}

// EncodeInvoice returns the response of inv as compact JSON (HTML characters are
// not escaped); json.Indent makes it readable.
func EncodeInvoice(inv invoice.Invoice) ([]byte, error) {
	r, err := FromInvoice(inv)
	if err != nil {
		return nil, err
	}
	return marshal(r)
}

// marshal encodes v as compact JSON without HTML escaping and without a newline.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), nil
}

// minorErr keeps the first amount that is not whole minor units within int64.
type minorErr struct{ err error }

func (e *minorErr) minor(m pricing.Money) int64 {
	v, err := m.MinorUnits()
	if err != nil && e.err == nil {
		e.err = err
	}
	return v
}

func discountAmounts(e *minorErr, ds []invoice.DiscountAmount) []DiscountAmount {
	out := make([]DiscountAmount, len(ds))
	for i, d := range ds {
		out[i] = DiscountAmount{Discount: d.Coupon, Amount: e.minor(d.Amount)}
	}
	return out
}

func taxAmounts(e *minorErr, ts []invoice.TaxAmount) []TaxAmount {
	out := make([]TaxAmount, len(ts))
	for i, t := range ts {
		out[i] = TaxAmount{TaxRate: t.TaxRate.ID(), Inclusive: t.TaxRate.Inclusive(), TaxableAmount: e.minor(t.Taxable), Amount: e.minor(t.Amount)}
	}
	return out
}

// jsonNumber writes d as an exact JSON number.
func jsonNumber(d decimal.Decimal) json.Number { return json.Number(textfmt.AppendDecimal(nil, d)) }
