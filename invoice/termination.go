package invoice

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// This file holds a termination's credit priced from what was billed, as Lago
// prices the credit note of a terminated subscription
// (app/services/credit_notes/create_from_termination.rb of
// https://github.com/getlago/lago-api): the unused share of each debit the history
// holds for the current period, less what earlier credits already credited of it,
// with the debit's coupons and taxes in the same proportion; and its split into a
// refund, by what was paid of the debit beyond the value of the time used, and a
// credit balance for the rest.

// CreditNote is how a termination's credit priced from the history
// ([Request.CreditFromHistory]) is settled. Every amount is positive, in whole minor
// units of the invoice currency.
type CreditNote struct {
	// Total is what the termination credits: Σ over its credit lines of −(amount −
	// discounts + exclusive tax). Total = Refund + Credit.
	Total pricing.Money
	// Refund is the part paid back (Lago's refund_amount): Σ of each debit's refund;
	// zero unless [Request.TerminationRefund].
	Refund pricing.Money
	// Credit is Total − Refund: the part left to the customer as a credit balance
	// for later invoices (Lago's credit_amount).
	Credit pricing.Money
	// Debits are the credited debits of the history, in the order of the credit lines
	// as built (item order, then the history's order).
	Debits []CreditNoteDebit
	// Explanation says how Total was split, in one sentence per debit.
	Explanation string
}

// CreditNoteDebit is the settlement of the credit of one debit of the history.
type CreditNoteDebit struct {
	// Invoice is the index of the debit's invoice in Request.Invoices, Line its index
	// in that invoice's lines; InvoiceID its ID, if given.
	Invoice, Line int
	InvoiceID     string
	// Item is the subscription item credited.
	Item string
	// Total is the credit of the debit: −(amount − discounts + exclusive tax) of its
	// credit line.
	Total pricing.Money
	// Paid is the debit's share of what was paid of its invoice, exact (in major
	// units, to 6 more places than the currency's where it does not end): the
	// invoice's AmountPaid × the debit's billed amount (after its discounts, with
	// its exclusive tax) ÷ the invoice's total. Zero unless Request.TerminationRefund.
	Paid decimal.Decimal
	// Used is the value of the time used of the debit's period, up to the
	// termination (its day counted as the credit counts it): the debit's billed
	// amount × the used part of its period, rounded half away from zero. Zero unless
	// Request.TerminationRefund.
	Used pricing.Money
	// Refund is round(Paid − Used), at least 0 and at most Total: what was paid
	// beyond the time used (Lago's rule); Credit is Total − Refund.
	Refund, Credit pricing.Money
}

// terminates reports whether the change is a termination that credits unused time.
func terminates(ch *Changes) bool {
	return ch != nil && (!ch.CancelAt.IsZero() && ch.Behavior != proration.None || ch.CancelNow && ch.Prorate)
}

// creditFromHistory reports whether a termination's credit is priced from the
// history: asked for, or by the lago preset when the history is given in classic
// mode (and credits are not capped instead).
func (b *builder) creditFromHistory() bool {
	r := &b.req
	return r.CreditFromHistory || r.Engine == EngineLago && r.BillingMode == Classic && len(r.Invoices) > 0 && !r.CapCredits && r.LicensedBilling == InAdvance
}

// checkTermination checks CreditFromHistory and TerminationRefund against the rest
// of the request.
func (b *builder) checkTermination() error {
	req := &b.req
	if req.TerminationRefund && !b.creditFromHistory() {
		return fieldErr("TerminationRefund", "%w: the refund is split from a termination's credit priced from the history: set CreditFromHistory and give Invoices", ErrInvalidRequest)
	}
	if b.creditFromHistory() && terminates(req.Changes) && req.BillingMode == Classic && !b.historyCovers(b.period) {
		for i := range req.Subscription.Items {
			if isLicensed(&req.Subscription.Items[i]) {
				return fieldErr("Invoices", "%w: a termination's credit is priced from what was billed, and no invoice of the history bills the current period %s to %s (give the invoices issued for it; never a silent zero credit)",
					ErrMissingField, fmtTime(b.period.Start), fmtTime(b.period.End))
			}
		}
	}
	if !req.CreditFromHistory && !req.TerminationRefund {
		return nil
	}
	field := "CreditFromHistory"
	if !req.CreditFromHistory {
		field = "TerminationRefund"
	}
	switch {
	case req.CreditFromHistory && req.BillingMode == Flexible:
		return fieldErr(field, "%w: flexible mode prices every credit from the history already", ErrConflict)
	case req.CreditFromHistory && req.CapCredits:
		return fieldErr(field, "%w: a credit priced from the history is at most what was debited already (leave CapCredits out)", ErrConflict)
	case req.CreditFromHistory && len(req.Invoices) == 0:
		return fieldErr("Invoices", "%w: a credit priced from the history needs the invoices already issued", ErrMissingField)
	case req.LicensedBilling == InArrears:
		return fieldErr(field, "%w: billing in arrears credits nothing at a termination", ErrConflict)
	case !terminates(req.Changes):
		return fieldErr(field, "%w: it prices a termination's credit for unused time: give Changes.CancelAt (not with proration behavior none) or Changes.CancelNow with Prorate", ErrInvalidRequest)
	}
	return nil
}

// terminationConv is the convention a termination's credit counts time by, priced
// from the history or from the current price: the request's, with the day of the
// termination counted as used under the
// lago preset when days are counted (Lago credits from the day after the
// termination: remaining_duration in create_from_termination.rb).
func (b *builder) terminationConv() proration.Convention {
	c := b.conv
	if b.req.Engine == EngineLago && b.req.Convention.ChangeDay == proration.ChangeDayRemaining && c.Granularity == proration.ByDay {
		c.ChangeDay = proration.ChangeDayUsed
	}
	return c
}

// terminationUsedConv is the convention the time used up to a termination at end is
// billed in arrears by: the request's, with the day of the termination counted as
// used under the lago preset when days are counted and end falls within that day
// (Lago bills the days up to a termination rounded up: terminated_amount in
// fees/subscription_service.rb). A termination at the start of a day leaves that day
// unbilled, as Lago does; its credit in advance counts it as used all the same.
func (b *builder) terminationUsedConv(end time.Time) proration.Convention {
	c := b.terminationConv()
	if c.ChangeDay == proration.ChangeDayUsed && b.conv.ChangeDay != proration.ChangeDayUsed {
		loc := c.Location
		if loc == nil {
			loc = time.UTC
		}
		t := end.In(loc)
		if y, m, d := t.Date(); t.Equal(time.Date(y, m, d, 0, 0, 0, 0, loc)) { // the day's first instant
			c.ChangeDay = b.conv.ChangeDay
		}
	}
	return c
}

// terminationCredits adds, for the old state of slot si terminated at at, a credit
// per debit of the history whose period overlaps [at, the item's period end): the
// debit's unused share less what earlier credits credited of it, its discounts and
// taxes in proportion, and, with TerminationRefund, its refund.
func (b *builder) terminationCredits(si int, at time.Time) error {
	s := &b.slots[si]
	own, err := b.ownPeriod(s.old, s.oldPath, at)
	if err != nil {
		return err
	}
	end := own.End
	conv := b.terminationConv()
	for i := range b.req.Invoices {
		inv := &b.req.Invoices[i]
		for j := range inv.Lines {
			l := &inv.Lines[j]
			if l.Item != s.id || l.Amount.Sign() <= 0 || !l.Period.End.After(at) || !l.Period.Start.Before(end) {
				continue
			}
			f := "Invoices[" + strconv.Itoa(i) + "].Lines[" + strconv.Itoa(j) + "]"
			from := maxTime(at, l.Period.Start)
			fac, err := proration.NewFactorIn(l.Period, from, conv)
			if err != nil {
				return pricing.InField(f, err)
			}
			debit := l.Amount.MinorDecimal().Rat()
			earlier := b.earlierCredits(l)
			base := new(big.Rat).Mul(debit, fac.Rat())
			base.Sub(base, earlier.Rat())
			if base.Sign() <= 0 {
				continue
			}
			base.Neg(base)
			cur := l.Amount.Currency()
			amount := pricing.FromMinorDecimal(decimal.NewFromBigInt(roundRat(base), 0), cur)
			if amount.IsZero() {
				continue
			}
			c := &FlexibleCredit{Invoice: i, Line: j, InvoiceID: inv.ID, Debit: l.Amount, DebitPeriod: l.Period, Factor: &fac,
				Earlier: pricing.FromMinorDecimal(earlier, cur), Exact: decimal.NewFromBigRat(base, 6).Shift(-cur.Digits())}
			line := Line{Amount: amount, Quantity: l.Quantity, Proration: true, Item: s.id, Price: l.Price,
				Period: proration.Period{Start: from, End: minTime(end, l.Period.End)}, Credited: c}
			for _, d := range l.Discounts {
				from := d.Amount
				line.Discounts = append(line.Discounts, DiscountAmount{Coupon: d.Coupon, Amount: shareOf(d.Amount, amount, l.Amount), credit: &from})
			}
			for _, t := range l.Taxes {
				from := t
				a := shareOf(t.Amount, amount, l.Amount)
				line.Taxes = append(line.Taxes, TaxAmount{TaxRate: t.TaxRate, Taxable: shareOf(t.Taxable, amount, l.Amount), Amount: a, Unrounded: a, credit: &from})
			}
			if err := b.settle(i, j, f, &line, from, conv); err != nil {
				return err
			}
			if err := b.add(si, s.oldPath, line, s.old); err != nil {
				return err
			}
		}
	}
	return nil
}

// earlierCredits is what the history's credits of debit l's item and price, for
// time within its period, credited (in minor units, ≥ 0): Lago deducts the credit
// notes already issued on a fee from its termination credit.
func (b *builder) earlierCredits(l *IssuedLine) decimal.Decimal {
	sum := decimal.Zero
	for i := range b.req.Invoices {
		for _, c := range b.req.Invoices[i].Lines {
			if c.Item == l.Item && c.Price == l.Price && c.Amount.Sign() < 0 && c.Period.End.After(l.Period.Start) && c.Period.Start.Before(l.Period.End) {
				sum = sum.Sub(c.Amount.MinorDecimal())
			}
		}
	}
	return sum
}

// shareOf returns round(m × num ÷ den), half away from zero, in m's currency: the
// share of a debit's discount or tax m that a credit of num out of the debit's den
// credits.
func shareOf(m, num, den pricing.Money) pricing.Money {
	if m.Currency().IsZero() || den.IsZero() {
		return pricing.Zero(num.Currency())
	}
	r := new(big.Rat).Mul(m.MinorDecimal().Rat(), num.MinorDecimal().Rat())
	r.Quo(r, den.MinorDecimal().Rat())
	return pricing.FromMinorDecimal(decimal.NewFromBigInt(roundRat(r), 0), m.Currency())
}

// billed is what a line of the history billed: its amount after its discounts,
// with its exclusive taxes (in minor units).
func billed(l *IssuedLine) *big.Rat {
	n := l.net().MinorDecimal()
	for _, t := range l.Taxes {
		if !t.TaxRate.Inclusive() {
			n = n.Add(t.Amount.MinorDecimal())
		}
	}
	return n.Rat()
}

// lineTotal is −(amount − discounts + exclusive tax) of a credit line: what it
// credits, positive.
func lineTotal(l *Line) pricing.Money {
	n := l.Net()
	for _, t := range l.Taxes {
		if !t.TaxRate.Inclusive() {
			n = add(n, t.Amount)
		}
	}
	return n.Neg()
}

// settle records the credit line of debit j of invoice i in the credit note: its
// total and, with TerminationRefund, its refund and credit.
func (b *builder) settle(i, j int, f string, line *Line, from time.Time, conv proration.Convention) error {
	inv := &b.req.Invoices[i]
	l := &inv.Lines[j]
	cur := line.Amount.Currency()
	zero := pricing.Zero(cur)
	d := CreditNoteDebit{Invoice: i, Line: j, InvoiceID: inv.ID, Item: line.Item, Total: lineTotal(line), Used: zero, Refund: zero}
	d.Credit = d.Total
	if b.req.TerminationRefund {
		if inv.AmountPaid == nil {
			return fieldErr("Invoices["+strconv.Itoa(i)+"].AmountPaid", "%w: the refund of a termination's credit is split by what was paid of the invoice it credits: give its amount paid", ErrMissingField)
		}
		used, err := proration.NewUsedFactor(l.Period, from, conv)
		if err != nil {
			return pricing.InField(f, err)
		}
		bl := billed(l)
		u := new(big.Rat).Mul(bl, used.Rat())
		d.Used = pricing.FromMinorDecimal(decimal.NewFromBigInt(roundRat(u), 0), cur)
		paid := new(big.Rat)
		if total := issuedTotal(inv); total.Sign() > 0 && inv.AmountPaid.Sign() > 0 {
			paid.Mul(inv.AmountPaid.MinorDecimal().Rat(), bl)
			paid.Quo(paid, total)
		}
		d.Paid = decimal.NewFromBigRat(paid, 6).Shift(-cur.Digits())
		refund := roundRat(new(big.Rat).Sub(paid, d.Used.MinorDecimal().Rat()))
		if refund.Sign() < 0 {
			refund.SetInt64(0)
		}
		r := pricing.FromMinorDecimal(decimal.NewFromBigInt(refund, 0), cur)
		if r.MinorDecimal().GreaterThan(d.Total.MinorDecimal()) {
			r = d.Total
		}
		d.Refund, d.Credit = r, sub(d.Total, r)
	}
	cn := b.inv.CreditNote
	if cn == nil {
		cn = &CreditNote{Total: zero, Refund: zero, Credit: zero}
		b.inv.CreditNote = cn
	}
	cn.Total, cn.Refund, cn.Credit = add(cn.Total, d.Total), add(cn.Refund, d.Refund), add(cn.Credit, d.Credit)
	cn.Debits = append(cn.Debits, d)
	cn.Explanation = cn.explain(b.req.TerminationRefund)
	return nil
}

// issuedTotal is an issued invoice's total, in minor units: its Totals.Total when
// given, else Σ of what its lines billed.
func issuedTotal(inv *IssuedInvoice) *big.Rat {
	if t := inv.Totals; t != nil && t.Total != nil {
		return t.Total.MinorDecimal().Rat()
	}
	sum := new(big.Rat)
	for j := range inv.Lines {
		sum.Add(sum, billed(&inv.Lines[j]))
	}
	return sum
}

// explain says how the credit note's total was split.
func (cn *CreditNote) explain(refund bool) string {
	var sb strings.Builder
	sb.WriteString("Credit for unused time of ")
	sb.WriteString(money(cn.Total))
	if !refund {
		sb.WriteString(", all of it left as a credit balance (no refund asked).")
		return sb.String()
	}
	sb.WriteString(": ")
	sb.WriteString(money(cn.Refund))
	sb.WriteString(" refunded and ")
	sb.WriteString(money(cn.Credit))
	sb.WriteString(" left as a credit balance.")
	for _, d := range cn.Debits {
		sb.WriteString(" Invoice ")
		sb.WriteString(invoiceLine(d.InvoiceID, d.Invoice, d.Line))
		sb.WriteString(": its share of the payment ")
		sb.WriteString(unrounded(d.Paid, d.Total.Currency()))
		sb.WriteString(" less ")
		sb.WriteString(money(d.Used))
		sb.WriteString(" for the time used gives a refund of ")
		sb.WriteString(money(d.Refund))
		sb.WriteString(" (at least 0, at most its credit of ")
		sb.WriteString(money(d.Total))
		sb.WriteString("), ")
		sb.WriteString(money(d.Credit))
		sb.WriteString(" kept as credit.")
	}
	return sb.String()
}

// historyCreditText is the credit step of a termination's credit priced from the
// history: "Credit of what invoice in_1 line 0 debited (€31.00 for …) for the 16 of
// its 31 days left unused, less €2.00 credited earlier: …".
func (l Line) historyCreditText() string {
	c := l.Credited
	f := c.Factor
	unit := " seconds"
	if f.Granularity == proration.ByDay {
		unit = " days"
	}
	var sb strings.Builder
	sb.WriteString(creditOf(c, f.Convention.Location))
	sb.WriteString(strconv.FormatInt(f.Remaining, 10))
	sb.WriteString(" of its ")
	sb.WriteString(strconv.FormatInt(f.Total, 10))
	sb.WriteString(unit)
	sb.WriteString(" left unused")
	if !c.Earlier.IsZero() {
		sb.WriteString(", less ")
		sb.WriteString(money(c.Earlier))
		sb.WriteString(" credited earlier")
	}
	sb.WriteString(": ")
	sb.WriteString(money(c.Debit.Neg()))
	sb.WriteString(" × ")
	sb.WriteString(f.String())
	if !c.Earlier.IsZero() {
		sb.WriteString(" + ")
		sb.WriteString(money(c.Earlier))
	}
	sb.WriteString(" = ")
	sb.WriteString(unrounded(c.Exact, l.Amount.Currency()))
	sb.WriteString(".")
	return sb.String()
}

// historyCredit adds the credit step of a termination's credit priced from
// the history: inputs debit, remaining, total (or fraction, when the convention
// rounds it) and earlier; Result = −debit × remaining ÷ total + earlier.
func (s *stepper) historyCredit(l Line) {
	c := l.Credited
	f := c.Factor
	ins := []StepInput{in("debit", c.Debit.Amount())}
	if f.Convention.FractionRounding == proration.RoundedFraction {
		ins = append(ins, in("fraction", f.Fraction))
	} else {
		ins = append(ins, inInt("remaining", f.Remaining), inInt("total", f.Total))
	}
	ins = append(ins, in("earlier", c.Earlier.Amount()))
	s.add(StepCredit, c.Exact, l.historyCreditText(), ins...)
	s.rounding(c.Exact, l.Amount)
}

// historyShare returns the inputs of a discount or tax step of a termination's
// credit priced from the history: the debit's amount of it, the credit line's
// amount and the debit's amount; Result = debit × credited ÷ debited, rounded.
func historyShare(l Line, debit decimal.Decimal) []StepInput {
	return []StepInput{in("debit", debit), in("credited", l.Amount.Amount()), in("debited", l.Credited.Debit.Amount())}
}
