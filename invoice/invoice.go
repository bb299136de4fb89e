package invoice

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
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
//	EndingBalance     = min(0, Total + StartingBalance + CreditNote.Refund)
type Invoice struct {
	// Currency is the invoice currency; every amount below is in it.
	Currency pricing.Currency
	// PeriodStart and PeriodEnd are the invoice's own period, as Stripe's upcoming
	// invoice gives it: the current period for a renewal, the proration date twice for
	// an invoice issued at a change (always_invoice), the period start to the change for
	// an anchor reset. Each line has its own service period.
	PeriodStart time.Time
	// PeriodEnd is the end of the invoice's own period (see PeriodStart).
	PeriodEnd time.Time
	// Lines are the invoice's lines: proration lines by item (credit before charge),
	// then period lines in item order.
	Lines []Line
	// Subtotal is Σ line Amount, before discounts (inclusive tax is inside it).
	Subtotal pricing.Money
	// TotalDiscountAmounts is what each coupon took off the invoice, in order of first use.
	TotalDiscountAmounts []DiscountAmount
	// TotalDiscount is Σ of every line's discount amounts.
	TotalDiscount pricing.Money
	// TotalExcludingTax is Subtotal − TotalDiscount − inclusive tax.
	TotalExcludingTax pricing.Money
	// TotalTaxAmounts is the tax of each rate over the invoice, in order of first use.
	TotalTaxAmounts []TaxAmount
	// Tax is Σ of every line's tax amounts, inclusive and exclusive.
	Tax pricing.Money
	// Total is Subtotal − TotalDiscount + exclusive tax; negative when credits exceed charges.
	Total pricing.Money
	// StartingBalance is the customer balance before the invoice (Request.CustomerBalance):
	// negative is a credit the customer holds.
	StartingBalance pricing.Money
	// EndingBalance is min(0, Total + StartingBalance), less what a termination's
	// credit note refunds (CreditNote.Refund): the credit the customer still
	// holds after the invoice (zero or negative).
	EndingBalance pricing.Money
	// AmountDue is max(0, Total + StartingBalance): what the customer pays.
	AmountDue pricing.Money
	// IssuedAt is when the invoice is issued: the period end for a renewal, the
	// proration date for an invoice issued at a change, the start for a new
	// subscription's first invoice.
	IssuedAt time.Time
	// Forecast holds the invoices after this one when [Request.Forecast] asks for them.
	Forecast []Invoice
	// UnappliedDiscounts lists every discount of the request that took no amount, in
	// the order the request gives them (items' discounts in item order, then the
	// subscription's), with why.
	UnappliedDiscounts []UnappliedDiscount

	// CouponRests lists, for each once amount_off coupon of the invoice that carries
	// its rest (discount.RestCarried), what it leaves for later invoices, in the
	// order the request gives the discounts; empty when there is none.
	CouponRests []CouponRest
	// PlanChange, under Request.PlanChange's yearly-amount rule, says whether the
	// previewed change was an upgrade (applied at once) or a downgrade (scheduled at
	// the period end); nil otherwise.
	PlanChange *PlanChange
	// BilledLater lists the items this invoice does not bill because their own period
	// (of a longer interval than the subscription's, flexible billing mode) goes on
	// past it, in item order, each with when it is billed.
	BilledLater []BilledLater
	// CreditNote, on a termination whose credit is priced from the history
	// (Request.CreditFromHistory, or the lago preset with Invoices), is how that
	// credit is settled: refunded (Request.TerminationRefund) or left as a credit
	// balance; nil otherwise.
	CreditNote *CreditNote
}

// BilledLater is an item left off an invoice because its own period goes on.
type BilledLater struct {
	// Item and Price are the item's ID and its price's ID.
	Item, Price string
	// Metered marks a metered item, billed in arrears at its own period's end; a
	// licensed one is billed in advance when its next own period starts (at the same
	// instant).
	Metered bool
	// Period is the item's own current period: the item is next billed at its End.
	Period proration.Period
	// Explanation says so in words: "its own period of 3 months, … to …, goes on:
	// billed in advance for its next period on …".
	Explanation string
}

// Line is one invoice line with everything needed to explain it.
type Line struct {
	// Amount is the line's amount before discounts and exclusive tax, in whole minor
	// units; negative for a proration credit.
	Amount pricing.Money
	// Quantity is the quantity billed: the item's quantity, or the aggregated usage of
	// a metered line.
	Quantity decimal.Decimal
	// Trial marks a trial line: "Trial period for {product}", billed 0 for Period.
	Trial bool
	// Proration marks a proration line (a credit for unused time or a charge for the
	// remaining time after a change).
	Proration bool
	// Item is the subscription item's ID.
	Item string
	// Price is the price's ID.
	Price string
	// Period is the line's service period: the next period for a licensed line billed
	// in advance, the current one for usage billed in arrears, the remaining time for
	// a proration.
	Period proration.Period
	// Discounts are what each coupon took off the line, in the order they applied.
	Discounts []DiscountAmount
	// Taxes are the line's tax amounts, one per tax rate of its item (or the defaults).
	Taxes []TaxAmount

	// CappedFrom, on a classic credit capped by Request.CapCredits, is the credit
	// before the cap; Amount is what the history debited for the time.
	CappedFrom *pricing.Money
	// Credited, on a flexible-mode credit, says which debit of the history it credits;
	// its Discounts and Taxes are the debit's, credited in the same proportion.
	Credited *FlexibleCredit
	// How the amount was computed: exactly one of Quote (with Usage for a metered
	// line) and Prorated is set. A tiered quote builds its tier breakdown only when
	// asked for (Quote.Breakdown), so memory stays bounded on invoices of many lines.
	Quote *pricing.Quote
	// Usage is a metered line's aggregated usage (with Quote).
	Usage *pricing.Usage
	// Prorated is a proration line's computation: its factor and full amount.
	Prorated *proration.Line
	// Range, on a metered line billed after usage earlier lines of the period billed
	// (Request.UsageBefore), is its quote: cost(before + usage) − cost(before). Quote
	// is then nil; Usage is set.
	Range *pricing.RangeQuote
	// TrueUp, on a minimum commitment's true-up line (Request.Commitment), is how it
	// was computed; the line then has no item, price or quote.
	TrueUp *TrueUp

	item *Item // for the description; texts are built only when asked for
}

// Description returns Stripe's text for the line: "Unused time on Silver after 01 Sep
// 2020" for a proration, "3 × Gold at 10.00 USD per unit per month" for a period
// line, "1240 × API calls at 0.99 EUR per unit of usage" for usage, "250 × Storage,
// volume tiers, per month" for a tiered price.
func (l Line) Description() string { return string(l.AppendDescription(make([]byte, 0, 64))) }

// AppendDescription appends the text of [Line.Description] to b and returns the result.
func (l Line) AppendDescription(b []byte) []byte {
	switch {
	case l.TrueUp != nil:
		return appendTrueUpDescription(b, l.TrueUp)
	case l.Trial && l.item != nil:
		return appendTrialDescription(b, l.item)
	case l.Credited != nil && l.item != nil:
		return appendCreditedDescription(b, &l)
	case l.Prorated != nil:
		return appendProrationDescription(b, l.Prorated)
	case l.Quote != nil && l.item != nil:
		return appendDescription(b, l.item, l.Quote)
	case l.Range != nil && l.item != nil:
		return appendRangeDescription(b, l.item, l.Range)
	}
	return append(b, l.Price...)
}

// DiscountAmount is what one coupon took off a line (or the invoice, in
// Invoice.TotalDiscountAmounts).
type DiscountAmount struct {
	// Coupon is the coupon's ID.
	Coupon string
	// Amount is what it took off, in whole minor units; negative on a credit line (the
	// credit shrinks).
	Amount  pricing.Money
	applied *discount.Applied // how Amount was computed, shared with discount.Apply's result; nil when not computed by a coupon's rule
	credit  *pricing.Money    // on a flexible credit: the debit's discount it credits a share of
}

// noApplied is the computation of an amount no coupon rule computed (never written).
var noApplied discount.Applied

// how returns how the amount was computed: the zero Applied when no coupon rule
// computed it (the invoice's totals, a credit).
func (d *DiscountAmount) how() *discount.Applied {
	if d.applied == nil {
		return &noApplied
	}
	return d.applied
}

// Rule says how the amount was computed (empty in the invoice's totals).
func (d DiscountAmount) Rule() string { return string(d.AppendRule(nil)) }

// AppendRule appends the text of [DiscountAmount.Rule] to b and returns the result.
func (d DiscountAmount) AppendRule(b []byte) []byte { return d.how().AppendRule(b) }

// TaxAmount is the tax of one rate on a line (or over the invoice, in
// Invoice.TotalTaxAmounts).
type TaxAmount struct {
	// TaxRate is the rate applied.
	TaxRate TaxRate
	// Taxable is the amount the rate applies to, tax excluded, in whole minor units.
	Taxable pricing.Money
	// Amount is the tax, in whole minor units.
	Amount pricing.Money
	// Unrounded is the tax before rounding, in major units of the invoice currency (to
	// 6 more places where it does not end), for the explanation.
	Unrounded pricing.Money
	// PerInvoice marks a tax rounded once per invoice and rate (tax_rounding
	// "invoice"), this line holding its share, not rounded per line.
	PerInvoice bool

	before pricing.Money // PerInvoice: the rate's rounded invoice total before this line
	credit *TaxAmount    // on a flexible credit: the debit's tax it credits a share of
}

// Net returns the line's amount after its discounts.
func (l Line) Net() pricing.Money {
	net := l.Amount
	for _, d := range l.Discounts {
		net, _ = net.Sub(d.Amount)
	}
	return net
}

// Explanation returns how the line's amount, discounts and taxes were computed, for
// a support agent: the Text of each of [Line.Steps], one sentence per line of text.
func (l Line) Explanation() string {
	return string(l.AppendExplanation(make([]byte, 0, 512)))
}

// AppendExplanation appends the text of [Line.Explanation] to b.
func (l Line) AppendExplanation(b []byte) []byte {
	for k, s := range l.Steps() {
		if k > 0 {
			b = append(b, '\n')
		}
		b = append(b, s.Text...)
	}
	return b
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
