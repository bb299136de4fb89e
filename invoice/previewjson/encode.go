package previewjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

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
	// AmountOffRemaining lists, for each coupon with amount_off_rest "carry", what it
	// leaves for later invoices; absent when there is none.
	AmountOffRemaining []DiscountAmount `json:"amount_off_remaining,omitempty"`
	// PlanChange, under options.plan_change "yearly_amount" (or engine lago), says
	// whether the change was an upgrade, applied at once, or a downgrade, scheduled
	// at the period end; absent otherwise.
	PlanChange *PlanChange `json:"plan_change,omitempty"`
	// CreditNote, on a termination whose credit is priced from the history
	// (options.credit_from "history", or engine lago with invoices), says how much
	// of it is refunded and how much left as a credit balance; absent otherwise.
	CreditNote *CreditNote `json:"credit_note,omitempty"`
	// BilledLater lists the items this invoice leaves off because their own period
	// (mixed intervals, flexible billing mode) goes on past it; absent when none.
	BilledLater []BilledLater `json:"billed_later,omitempty"`
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
	// Kind is "commitment_true_up" on a minimum commitment's true-up line (which has
	// no subscription item or price); absent on every other line.
	Kind string `json:"kind,omitempty"`
}

// Step is one step of how a line was computed (invoice.Step). Its amounts, unlike
// the rest of the response, are exact decimal numbers in major units ("12.345" for
// 12.345 USD), since steps hold values before rounding.
type Step struct {
	// Kind is quantity, usage, prorated_units, prorated_sum, package, unit_price,
	// percentage, range, tier, tiers, range_rounding, minimum, maximum, proration,
	// credit, rounding, trial, commitment, discount or tax (the reference's
	// "Explanation steps" gives each one's rule).
	Kind string `json:"kind"`
	// Inputs are the step's named inputs, exact decimal numbers, in the order the
	// text gives them.
	Inputs StepInputs `json:"inputs"`
	// Result is the step's result, an exact decimal number.
	Result json.Number `json:"result"`
	// Discount is the coupon's id, on a discount step.
	Discount string `json:"discount,omitempty"`
	// TaxRate is the tax rate's id, on a tax step.
	TaxRate string `json:"tax_rate,omitempty"`
	// Text is the step's sentence, as in explanation.
	Text string `json:"text"`
}

// StepInputs are a step's inputs, encoded as one JSON object of exact numbers in
// their order ({"quantity": 15, "unit_amount": 28}).
type StepInputs []StepInput

// StepInput is one named input of a step.
type StepInput struct {
	// Name is the input's name.
	Name string
	// Value is its exact value.
	Value json.Number
}

// MarshalJSON writes the inputs as one object, in order.
func (in StepInputs) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+24*len(in))
	b = append(b, '{')
	for k, v := range in {
		if k > 0 {
			b = append(b, ',')
		}
		if plainName(v.Name) {
			b = append(append(append(b, '"'), v.Name...), '"')
		} else {
			name, err := json.Marshal(v.Name)
			if err != nil {
				return nil, err
			}
			b = append(b, name...)
		}
		b = append(b, ':')
		b = append(b, v.Value...)
	}
	return append(b, '}'), nil
}

// plainName reports whether name is a JSON string's text as it is: every input the
// billing names is ("percent", "invoice_before"), so that it is written without
// encoding/json escaping it.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// UnmarshalJSON reads an object of numbers, in its order (duplicate names are
// kept as they come); any other value is an error.
func (in *StepInputs) UnmarshalJSON(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("step inputs: want an object")
	}
	*in = (*in)[:0]
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		var v json.Number
		if err := d.Decode(&v); err != nil {
			return fmt.Errorf("step input %q: %w", name, err)
		}
		if v == "" {
			return fmt.Errorf("step input %q: want a number", name)
		}
		*in = append(*in, StepInput{Name: name, Value: v})
	}
	_, err := d.Token()
	return err
}

// steps returns the line's steps for the response and its explanation, built once.
func steps(l *invoice.Line) ([]Step, string) {
	ss := l.Steps()
	out := make([]Step, len(ss))
	// Every number of the steps is written into one text, and each is a part of it:
	// one allocation for them all, and one for all the inputs.
	nText, nInputs := 0, 0
	for k := range ss {
		nText += len(ss[k].Text) + 1
		nInputs += len(ss[k].Inputs)
	}
	var expl strings.Builder
	expl.Grow(nText)
	nums := make([]byte, 0, 16*(nInputs+len(ss)))
	ends := make([]int, 0, nInputs+len(ss))
	for k := range ss {
		for _, v := range ss[k].Inputs {
			nums = textfmt.AppendDecimal(nums, v.Value)
			ends = append(ends, len(nums))
		}
		nums = textfmt.AppendDecimal(nums, ss[k].Result)
		ends = append(ends, len(nums))
	}
	text := string(nums)
	inputs := make(StepInputs, nInputs)
	at, e := 0, 0
	next := func() json.Number {
		v := json.Number(text[at:ends[e]])
		at, e = ends[e], e+1
		return v
	}
	for k := range ss {
		s := &ss[k]
		in := inputs[:len(s.Inputs):len(s.Inputs)]
		inputs = inputs[len(s.Inputs):]
		for j := range s.Inputs {
			in[j] = StepInput{Name: s.Inputs[j].Name, Value: next()}
		}
		out[k] = Step{Kind: string(s.Kind), Inputs: in, Result: next(), Discount: s.Coupon, TaxRate: s.TaxRate, Text: s.Text}
		if k > 0 {
			expl.WriteByte('\n')
		}
		expl.WriteString(s.Text)
	}
	return out, expl.String()
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
	// Reason is "not_started", "ended", "used", "no_matching_line", "nothing_left" or
	// "no_amount_in_currency".
	Reason string `json:"reason"`
	// Explanation says why, with the dates or products involved.
	Explanation string `json:"explanation"`
}

// BilledLater is an item left off the invoice because its own period goes on.
type BilledLater struct {
	// SubscriptionItem and Price are the item's id and its price's id.
	SubscriptionItem string `json:"subscription_item"`
	// Price is the item's price id.
	Price string `json:"price"`
	// Metered marks a metered item (billed in arrears when its period ends).
	Metered bool `json:"metered"`
	// Period is the item's own current period: it is next billed at its end.
	Period Period `json:"period"`
	// Explanation says so in words.
	Explanation string `json:"explanation"`
}

// FromInvoice converts a computed invoice into the response. It fails only when an
// amount is not a whole number of minor units within int64, which no invoice of
// invoice.Preview has.
func FromInvoice(inv invoice.Invoice) (Response, error) {
	var e minorErr
	r := head(&e, &inv)
	r.Lines = make([]ResponseLine, len(inv.Lines))
	for i := range inv.Lines {
		r.Lines[i] = line(&e, &inv.Lines[i])
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

// head returns the response of inv without its lines and forecast.
func head(e *minorErr, inv *invoice.Invoice) Response {
	r := Response{
		Object:               "invoice",
		Currency:             inv.Currency.LowerCode(),
		PeriodStart:          inv.PeriodStart.Unix(),
		PeriodEnd:            inv.PeriodEnd.Unix(),
		Lines:                []ResponseLine{},
		Subtotal:             e.minor(inv.Subtotal),
		TotalDiscountAmounts: discountAmounts(e, inv.TotalDiscountAmounts),
		TotalDiscountAmount:  e.minor(inv.TotalDiscount),
		TotalExcludingTax:    e.minor(inv.TotalExcludingTax),
		TotalTaxAmounts:      taxAmounts(e, inv.TotalTaxAmounts),
		Tax:                  e.minor(inv.Tax),
		Total:                e.minor(inv.Total),
		StartingBalance:      e.minor(inv.StartingBalance),
		EndingBalance:        e.minor(inv.EndingBalance),
		AmountDue:            e.minor(inv.AmountDue),
		UnappliedDiscounts:   make([]UnappliedDiscount, len(inv.UnappliedDiscounts)),
	}
	for i, u := range inv.UnappliedDiscounts {
		r.UnappliedDiscounts[i] = UnappliedDiscount{Discount: u.Coupon, Reason: u.Reason.String(), Explanation: u.Explanation}
	}
	r.AmountOffRemaining, r.PlanChange, r.CreditNote = remaining(e, inv.CouponRests), planChange(inv), creditNote(e, inv)
	for _, l := range inv.BilledLater {
		r.BilledLater = append(r.BilledLater, BilledLater{SubscriptionItem: l.Item, Price: l.Price, Metered: l.Metered,
			Period: Period{Start: l.Period.Start.Unix(), End: l.Period.End.Unix()}, Explanation: l.Explanation})
	}
	return r
}

// line returns the response line of l.
func line(e *minorErr, l *invoice.Line) ResponseLine {
	st, expl := steps(l)
	return ResponseLine{
		Description:      l.Description(),
		Amount:           e.minor(l.Amount),
		Quantity:         json.Number(textfmt.AppendDecimal(nil, l.Quantity)),
		Proration:        l.Proration,
		SubscriptionItem: l.Item,
		Price:            l.Price,
		Period:           Period{Start: l.Period.Start.Unix(), End: l.Period.End.Unix()},
		DiscountAmounts:  discountAmounts(e, l.Discounts),
		TaxAmounts:       taxAmounts(e, l.Taxes),
		Explanation:      expl,
		ExplanationSteps: st,
		Kind:             lineKind(l),
	}
}

// EncodeInvoice returns the response of inv as compact JSON (HTML characters are
// not escaped); json.Indent makes it readable. It is the JSON of [FromInvoice],
// written one line at a time, so that only one line's explanation steps are held
// at once.
func EncodeInvoice(inv invoice.Invoice) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeInvoice(&b, &inv); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// linesKey is where the lines go in the encoding of a head: the first field after
// object, currency (three letters) and the two period numbers, so it occurs once.
const linesKey = `"lines":[]`

func encodeInvoice(b *bytes.Buffer, inv *invoice.Invoice) error {
	var e minorErr
	h, err := marshal(head(&e, inv))
	if err != nil {
		return err
	}
	at := bytes.Index(h, []byte(linesKey))
	if at < 0 || h[len(h)-1] != '}' { // unreachable: the head's fields are fixed
		return fmt.Errorf("encoding the invoice: no lines field")
	}
	b.Write(h[:at+len(linesKey)-1])
	for i := range inv.Lines {
		if i > 0 {
			b.WriteByte(',')
		}
		l, err := marshal(line(&e, &inv.Lines[i]))
		if err != nil {
			return err
		}
		b.Write(l)
	}
	b.Write(h[at+len(linesKey)-1 : len(h)-1])
	if len(inv.Forecast) > 0 {
		b.WriteString(`,"forecast":[`)
		for k := range inv.Forecast {
			if k > 0 {
				b.WriteByte(',')
			}
			if err := encodeInvoice(b, &inv.Forecast[k]); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	if e.err != nil {
		return fmt.Errorf("encoding the invoice: %w", e.err)
	}
	return nil
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
