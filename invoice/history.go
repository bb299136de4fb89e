package invoice

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// BillingMode is how a change's credits are priced (Stripe's billing_mode).
type BillingMode uint8

const (
	// Classic prices a credit for unused time from the item's current price,
	// quantity and discounts (Stripe's classic mode).
	Classic BillingMode = iota
	// Flexible prices a credit from what was actually debited for the credited time,
	// read from [Request.Invoices] (Stripe's flexible mode, its default from API
	// version 2025-09-30).
	Flexible
)

// String returns "classic" or "flexible".
func (m BillingMode) String() string {
	if m == Flexible {
		return "flexible"
	}
	return "classic"
}

// ProrationDiscounts says how a flexible credit carries the discounts of the debit it
// credits (Stripe's proration_discounts). The zero value is unset: included.
type ProrationDiscounts uint8

const (
	// ProrationDiscountsDefault is unset: Included in flexible mode.
	ProrationDiscountsDefault ProrationDiscounts = iota
	// Included credits the debit's net amount (after its discounts), with no
	// discount amounts of its own.
	Included
	// Itemized credits the debit's gross amount and lists its discounts, credited in
	// the same proportion, as the credit's discount amounts.
	Itemized
)

// String returns "included", "itemized", or "" when unset.
func (p ProrationDiscounts) String() string {
	switch p {
	case Included:
		return "included"
	case Itemized:
		return "itemized"
	}
	return ""
}

// IssuedInvoice is an invoice already issued for the subscription, as its history:
// what each line debited or credited, for which service period.
type IssuedInvoice struct {
	// ID is the invoice's ID (Stripe's in_…), for explanations; may be empty.
	ID string
	// Lines are its lines, in order.
	Lines []IssuedLine
	// Totals are the invoice's totals as issued, where known (verification compares
	// them); nil when not given.
	Totals *IssuedTotals
	// AmountPaid is what the customer paid of the invoice, in whole minor units of
	// the request's currency (Stripe's amount_paid; 0 for an open invoice); nil when
	// not known. Request.TerminationRefund needs it for every invoice it credits.
	AmountPaid *pricing.Money
}

// IssuedTotals are an issued invoice's totals, in whole minor units; a nil field was
// not given.
type IssuedTotals struct {
	// Subtotal is Σ line amounts, before discounts.
	Subtotal *pricing.Money
	// TotalDiscount is Σ discount amounts.
	TotalDiscount *pricing.Money
	// Tax is Σ tax amounts, inclusive and exclusive.
	Tax *pricing.Money
	// Total is subtotal − discounts + exclusive tax.
	Total *pricing.Money
	// AmountDue is what the customer was asked to pay.
	AmountDue *pricing.Money
}

// IssuedLine is one line of an issued invoice.
type IssuedLine struct {
	// Item is the subscription item the line billed.
	Item string
	// Price is the line's price ID.
	Price string
	// Amount is what the line billed before discounts and exclusive tax, in whole
	// minor units of the request's currency: positive for a debit, negative for a credit.
	Amount pricing.Money
	// Quantity is the line's quantity.
	Quantity decimal.Decimal
	// Period is the service period the line billed.
	Period proration.Period
	// Proration marks a proration line.
	Proration bool
	// Discounts are what each coupon took off the line.
	Discounts []DiscountAmount
	// Taxes are the line's taxes.
	Taxes []TaxAmount
}

// net returns the line's amount after its discounts.
func (l *IssuedLine) net() pricing.Money {
	n := l.Amount
	for _, d := range l.Discounts {
		n = sub(n, d.Amount)
	}
	return n
}

// MaxIssuedLines is the most lines over every invoice of a request's history.
const MaxIssuedLines = 100000

// checkHistory checks the billing history: every amount in the invoice currency and
// whole, every period not empty.
func (b *builder) checkHistory() error {
	req := &b.req
	n := 0
	for i := range req.Invoices {
		inv := &req.Invoices[i]
		if p := inv.AmountPaid; p != nil {
			f := "Invoices[" + strconv.Itoa(i) + "].AmountPaid"
			if err := b.checkIssuedMoney(*p, f); err != nil {
				return err
			}
			if p.Sign() < 0 {
				return fieldErr(f, "%w: %s paid is negative", ErrInvalidRequest, p.String())
			}
		}
		n += len(inv.Lines)
		if n > MaxIssuedLines {
			return fieldErr("Invoices", "%w: more than %d lines in the history", ErrTooMany, MaxIssuedLines)
		}
		for j := range inv.Lines {
			l := &inv.Lines[j]
			f := "Invoices[" + strconv.Itoa(i) + "].Lines[" + strconv.Itoa(j) + "]"
			if err := b.checkIssuedMoney(l.Amount, f+".Amount"); err != nil {
				return err
			}
			for k, d := range l.Discounts {
				if err := b.checkIssuedMoney(d.Amount, f+".Discounts["+strconv.Itoa(k)+"].Amount"); err != nil {
					return err
				}
			}
			for k, t := range l.Taxes {
				if err := b.checkIssuedMoney(t.Amount, f+".Taxes["+strconv.Itoa(k)+"].Amount"); err != nil {
					return err
				}
			}
			if l.Amount.Sign() > 0 && l.net().Sign() < 0 {
				return fieldErr(f+".Discounts", "%w: the line's discounts (%s) exceed its amount %s", ErrInvalidRequest, sub(l.Amount, l.net()).String(), l.Amount.String())
			}
			if !l.Period.End.After(l.Period.Start) {
				return fieldErr(f+".Period", "%w: the line's period %s to %s is empty", ErrInvalidRequest, fmtTime(l.Period.Start), fmtTime(l.Period.End))
			}
			if l.Item == "" {
				return fieldErr(f+".Item", "%w: the line's subscription item", ErrMissingField)
			}
			if err := b.checkIssuedPeriod(l, f); err != nil {
				return err
			}
		}
	}
	return b.checkDoubleDebits()
}

// checkIssuedPeriod refuses a history line that bills time outside the
// subscription's life: before it started, or from after the end of the current
// period (an invoice that cannot have been issued yet; the renewal issued at the
// period's end bills from it).
func (b *builder) checkIssuedPeriod(l *IssuedLine, f string) error {
	sub := &b.req.Subscription
	if st := sub.StartDate; !st.IsZero() && l.Period.Start.Before(st) {
		return fieldErr(f+".Period", "%w: the line bills from %s, before the subscription started (%s)", ErrInvalidRequest, fmtTime(l.Period.Start), fmtTime(st))
	}
	if l.Period.Start.After(b.period.End) {
		return fieldErr(f+".Period", "%w: the line bills from %s, after the end of the current period (%s): the history holds the invoices already issued",
			ErrInvalidRequest, fmtTime(l.Period.Start), fmtTime(b.period.End))
	}
	return nil
}

// checkDoubleDebits refuses two period debits (not prorations) of one item and price
// for overlapping time: an item renews once per period, so the second is a duplicated
// invoice, which would be credited twice.
func (b *builder) checkDoubleDebits() error {
	type debit struct {
		inv, line int
		l         *IssuedLine
	}
	var ds []debit
	for i := range b.req.Invoices {
		for j := range b.req.Invoices[i].Lines {
			if l := &b.req.Invoices[i].Lines[j]; !l.Proration && l.Amount.Sign() > 0 {
				ds = append(ds, debit{i, j, l})
			}
		}
	}
	slices.SortStableFunc(ds, func(x, y debit) int {
		if c := strings.Compare(x.l.Item, y.l.Item); c != 0 {
			return c
		}
		if c := strings.Compare(x.l.Price, y.l.Price); c != 0 {
			return c
		}
		return x.l.Period.Start.Compare(y.l.Period.Start)
	})
	far := 0 // the debit of the current item and price that reaches furthest
	for k := 1; k < len(ds); k++ {
		a, c := ds[far], ds[k]
		if a.l.Item != c.l.Item || a.l.Price != c.l.Price {
			far = k
			continue
		}
		if a.l.Period.End.After(c.l.Period.Start) {
			return fieldErr("Invoices["+strconv.Itoa(c.inv)+"].Lines["+strconv.Itoa(c.line)+"]",
				"%w: item %q is billed twice for the same time: this line (%s to %s) and Invoices[%d].Lines[%d] (%s to %s) are both period debits of price %q (is an invoice in the history twice?)",
				ErrInvalidRequest, short(c.l.Item), fmtTime(c.l.Period.Start), fmtTime(c.l.Period.End), a.inv, a.line,
				fmtTime(a.l.Period.Start), fmtTime(a.l.Period.End), short(c.l.Price))
		}
		if c.l.Period.End.After(a.l.Period.End) {
			far = k
		}
	}
	return nil
}

func (b *builder) checkIssuedMoney(m pricing.Money, field string) error {
	if m.Currency().IsZero() {
		return nil // a zero amount
	}
	if m.Currency() != b.cur {
		return fieldErr(field, "%w: %s in %s, the invoice is in %s", pricing.ErrCurrencyMismatch, m.String(), m.Currency(), b.cur)
	}
	if v, err := m.MinorUnits(); err != nil || v > maxMinor || v < -maxMinor {
		return fieldErr(field, "%w: %s is not a whole number of minor units within ±10^15", pricing.ErrOutOfRange, m.String())
	}
	return nil
}

// checkMode checks the billing mode's options against the history.
func (b *builder) checkMode() error {
	req := &b.req
	switch {
	case req.BillingMode > Flexible:
		return fieldErr("BillingMode", "%w: billing mode %d", ErrInvalidValue, req.BillingMode)
	case req.ProrationDiscounts > Itemized:
		return fieldErr("ProrationDiscounts", "%w: %d", ErrInvalidValue, req.ProrationDiscounts)
	case req.BillingMode == Classic && req.ProrationDiscounts != ProrationDiscountsDefault:
		return fieldErr("ProrationDiscounts", "%w: proration_discounts is an option of flexible billing mode", ErrInvalidRequest)
	case req.CapCredits && req.BillingMode == Flexible:
		return fieldErr("CapCredits", "%w: flexible credits are what was debited already", ErrConflict)
	case req.CapCredits && len(req.Invoices) == 0:
		return fieldErr("CapCredits", "%w: capping credits by what was paid needs the invoices already issued", ErrMissingField)
	}
	if err := b.checkHistory(); err != nil {
		return err
	}
	if err := b.checkTermination(); err != nil {
		return err
	}
	if req.BillingMode == Flexible && req.Changes != nil && !b.historyCovers(b.period) {
		return fieldErr("Invoices", "%w: flexible mode prices credits from what was billed, and no invoice of the history bills the current period %s to %s (give the invoices issued for it; never a silent zero credit)",
			ErrMissingField, fmtTime(b.period.Start), fmtTime(b.period.End))
	}
	return nil
}

// historyCovers reports whether a line of the history bills time within p.
func (b *builder) historyCovers(p proration.Period) bool {
	for i := range b.req.Invoices {
		for _, l := range b.req.Invoices[i].Lines {
			if l.Period.End.After(p.Start) && l.Period.Start.Before(p.End) {
				return true
			}
		}
	}
	return false
}

// capCredit caps a classic credit line at what the history debited for its time.
func (b *builder) capCredit(l *Line, item string) {
	debited := b.debitedFor(item, l.Period.Start, l.Period.End)
	if l.Amount.MinorDecimal().Neg().GreaterThan(debited) {
		was := l.Amount
		l.CappedFrom = &was
		l.Amount = pricing.FromMinorDecimal(debited.Neg(), l.Amount.Currency())
	}
}

// Issued returns the invoice as an issued invoice of a history: its lines and totals.
func (inv Invoice) Issued() IssuedInvoice {
	out := IssuedInvoice{Lines: make([]IssuedLine, len(inv.Lines))}
	for k, l := range inv.Lines {
		out.Lines[k] = IssuedLine{Item: l.Item, Price: l.Price, Amount: l.Amount, Quantity: l.Quantity, Period: l.Period,
			Proration: l.Proration, Discounts: l.Discounts, Taxes: l.Taxes}
	}
	sub, disc, tax, total, due := inv.Subtotal, inv.TotalDiscount, inv.Tax, inv.Total, inv.AmountDue
	out.Totals = &IssuedTotals{Subtotal: &sub, TotalDiscount: &disc, Tax: &tax, Total: &total, AmountDue: &due}
	return out
}
