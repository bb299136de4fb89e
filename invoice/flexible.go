package invoice

import (
	"math/big"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// FlexibleCredit is how a flexible-mode credit was priced: from one debit of the
// history, round(−Debit × Seconds ÷ DebitPeriod's seconds), half away from zero.
type FlexibleCredit struct {
	// Invoice is the index of the debit's invoice in Request.Invoices, Line its index
	// in that invoice's lines; InvoiceID its ID, if given.
	Invoice, Line int
	// InvoiceID is the debit's invoice ID, if given.
	InvoiceID string
	// Debit is the amount credited from: the debit's net amount (proration discounts
	// included) or its gross amount (itemized).
	Debit pricing.Money
	// DebitPeriod is the service period the debit paid for.
	DebitPeriod proration.Period
	// Seconds is the credited time within DebitPeriod: the unused time, less the
	// time earlier credits of the history already credited. Zero on a termination's
	// credit priced from the history (Factor set).
	Seconds int64
	// Factor, on a termination's credit priced from the history
	// (Request.CreditFromHistory), is the unused part of DebitPeriod, counted by the
	// request's proration convention (seconds or days); nil on a flexible-mode
	// credit. The credit is then round(−Debit × Factor + Earlier), and Debit is the
	// debit's amount before its discounts, which are credited in the proportion of
	// the credit to Debit, as its taxes are.
	Factor *proration.Factor
	// Earlier, with Factor, is what earlier credits of the history (of the same item
	// and price, for time within DebitPeriod) already credited, positive, deducted
	// from the unused share (Lago deducts the credit notes issued on the fee).
	Earlier pricing.Money
	// Exact is the credit before rounding (negative).
	Exact decimal.Decimal
}

// flexibleCredits adds, for the old state of slot si, a credit per debit of the
// history whose period overlaps [at, period end): what that debit paid for the
// credited time. Nothing debited, nothing credited.
func (b *builder) flexibleCredits(si int, at time.Time) error {
	s := &b.slots[si]
	own, err := b.ownPeriod(s.old, s.oldPath, at)
	if err != nil {
		return err
	}
	end := own.End
	for i := range b.req.Invoices {
		inv := &b.req.Invoices[i]
		for j := range inv.Lines {
			l := &inv.Lines[j]
			if l.Item != s.id || l.Amount.Sign() <= 0 {
				continue
			}
			secs := b.creditable(l, at, end)
			if secs <= 0 {
				continue
			}
			base := l.net()
			if b.req.ProrationDiscounts == Itemized {
				base = l.Amount
			}
			if base.IsZero() {
				continue
			}
			total := l.Period.Seconds()
			amount, exact := share(base, -secs, total)
			c := &FlexibleCredit{Invoice: i, Line: j, InvoiceID: inv.ID, Debit: base, DebitPeriod: l.Period, Seconds: secs, Exact: exact}
			line := Line{
				Amount: amount, Quantity: l.Quantity, Proration: true, Item: s.id, Price: l.Price,
				Period:   proration.Period{Start: maxTime(at, l.Period.Start), End: minTime(end, l.Period.End)},
				Credited: c,
			}
			if b.req.ProrationDiscounts == Itemized {
				for _, d := range l.Discounts {
					a, _ := share(d.Amount, -secs, total)
					from := d.Amount
					line.Discounts = append(line.Discounts, DiscountAmount{Coupon: d.Coupon, Amount: a, credit: &from})
				}
			}
			for _, t := range l.Taxes {
				a, _ := share(t.Amount, -secs, total)
				tx, _ := share(t.Taxable, -secs, total)
				from := t
				line.Taxes = append(line.Taxes, TaxAmount{TaxRate: t.TaxRate, Taxable: tx, Amount: a, Unrounded: a, credit: &from})
			}
			if err := b.add(si, s.oldPath, line, s.old); err != nil {
				return err
			}
		}
	}
	return nil
}

// creditable is the time of debit l within [at, end) that no earlier credit of the
// history (same item and price, negative amount) already credited, in seconds.
func (b *builder) creditable(l *IssuedLine, at, end time.Time) int64 {
	lo, hi := maxTime(at, l.Period.Start), minTime(end, l.Period.End)
	if !hi.After(lo) {
		return 0
	}
	type span struct{ a, b int64 }
	var done []span
	for i := range b.req.Invoices {
		for _, c := range b.req.Invoices[i].Lines {
			if c.Item != l.Item || c.Price != l.Price || c.Amount.Sign() >= 0 {
				continue
			}
			ca, cb := maxTime(lo, c.Period.Start), minTime(hi, c.Period.End)
			if cb.After(ca) {
				done = append(done, span{ca.Unix(), cb.Unix()})
			}
		}
	}
	slices.SortFunc(done, func(x, y span) int { return int(x.a - y.a) })
	covered, reach := int64(0), lo.Unix()
	for _, d := range done {
		if d.b <= reach {
			continue
		}
		covered += d.b - max(d.a, reach)
		reach = d.b
	}
	return hi.Unix() - lo.Unix() - covered
}

// share returns round(m × num ÷ den), half away from zero, in m's currency, and the
// exact value in major units (to 6 more places where it does not end).
func share(m pricing.Money, num, den int64) (pricing.Money, decimal.Decimal) {
	if m.Currency().IsZero() || den == 0 {
		return m, decimal.Zero
	}
	r := new(big.Rat).Mul(m.MinorDecimal().Rat(), big.NewRat(num, den))
	rounded := roundRat(r)
	cur := m.Currency()
	return pricing.FromMinorDecimal(decimal.NewFromBigInt(rounded, 0), cur), decimal.NewFromBigRat(r, 6).Shift(-cur.Digits())
}

// debitedFor is what the history debited for item's time in [at, end), less what
// it already credited for it (in minor units, ≥ 0): the cap of a credit.
func (b *builder) debitedFor(item string, at, end time.Time) decimal.Decimal {
	sum := decimal.Zero
	for i := range b.req.Invoices {
		for j := range b.req.Invoices[i].Lines {
			l := &b.req.Invoices[i].Lines[j]
			if l.Item != item || l.Amount.Sign() <= 0 {
				continue
			}
			if secs := b.creditable(l, at, end); secs > 0 {
				a, _ := share(l.net(), secs, l.Period.Seconds())
				sum = sum.Add(a.MinorDecimal())
			}
		}
	}
	return sum
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
