package invoice

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// This file holds Lago's minimum commitment, which Stripe has none of: a plan's
// minimum spend per billing period. When the fees of a period fall short, the
// invoice that closes it gets a true-up line for the difference, prorated by days
// when the period is partial (https://getlago.com/docs/guide/plans/commitment; in
// github.com/getlago/lago-api, app/services/commitments/minimum/ and
// app/services/commitments/calculate_prorated_coefficient_service.rb).

// Commitment is a minimum the fees of each billing period must reach.
type Commitment struct {
	// Amount is the minimum for a full billing period, in the invoice currency:
	// positive, whole minor units.
	Amount pricing.Money
	// Items are the IDs of the subscription items whose fees count towards it; empty
	// counts every item.
	Items []string
	// Invoiced is what earlier invoices billed the counted items for the period the
	// invoice closes (a licensed fee billed in advance at its start): it counts
	// towards the commitment. The zero value counts nothing. A forecast fills it in
	// for each invoice from the lines the invoice before billed in advance.
	Invoiced pricing.Money
}

// TrueUp is how a minimum commitment's true-up line was computed.
type TrueUp struct {
	// Commitment is Commitment.Amount, the minimum of a full period.
	Commitment pricing.Money
	// Days is the length of the period the invoice closes, in whole days (of the
	// convention's time zone, UTC by default), and PeriodDays that of the full
	// billing period it lies in; they are equal unless the period is partial.
	Days, PeriodDays int64
	// Exact is Commitment × Days ÷ PeriodDays before rounding, Minimum it rounded
	// half away from zero to the minor unit: the minimum of this period.
	Exact decimal.Decimal
	// Minimum is Exact rounded to the minor unit: the minimum of this period.
	Minimum pricing.Money
	// Fees are the counted fees: Commitment.Invoiced plus every charge of the
	// invoice's counted items for a time within the period, before discounts and
	// exclusive tax. Credits do not lower them (Lago issues them as credit notes).
	Fees pricing.Money
}

// Prorated reports whether the minimum was prorated for a partial period.
func (t *TrueUp) Prorated() bool { return t.Days != t.PeriodDays }

// checkCommitment checks req.Commitment.
func (b *builder) checkCommitment() error {
	c := b.req.Commitment
	if c == nil {
		return nil
	}
	switch {
	case c.Amount.Currency() != b.cur:
		return fieldErr("Commitment.Amount", "%w: the commitment is in %s, the invoice in %s", ErrInvalidValue, c.Amount.Currency().Code(), b.cur.Code())
	case c.Amount.Sign() <= 0:
		return fieldErr("Commitment.Amount", "%w: a commitment of %s (want a positive amount)", ErrInvalidValue, c.Amount)
	case !c.Invoiced.Currency().IsZero() && c.Invoiced.Currency() != b.cur:
		return fieldErr("Commitment.Invoiced", "%w: in %s, the invoice in %s", ErrInvalidValue, c.Invoiced.Currency().Code(), b.cur.Code())
	case c.Invoiced.Sign() < 0:
		return fieldErr("Commitment.Invoiced", "%w: a negative amount %s", ErrInvalidValue, c.Invoiced)
	}
	if m, err := c.Amount.MinorUnits(); err != nil || m > maxMinor {
		return fieldErr("Commitment.Amount", "%w: %s is not whole minor units within 10^15", pricing.ErrOutOfRange, c.Amount)
	}
	if !c.Invoiced.Currency().IsZero() {
		if m, err := c.Invoiced.MinorUnits(); err != nil || m > maxMinor {
			return fieldErr("Commitment.Invoiced", "%w: %s is not whole minor units within 10^15", pricing.ErrOutOfRange, c.Invoiced)
		}
	}
	if len(c.Items) > MaxItems {
		return fieldErr("Commitment.Items", "%w: %d items, more than the limit of %d", ErrTooMany, len(c.Items), MaxItems)
	}
	for k, id := range c.Items {
		if !b.hasItem(id) {
			return fieldErr("Commitment.Items["+strconv.Itoa(k)+"]", "%w: no item %q on the subscription", ErrInvalidRequest, short(id))
		}
	}
	return nil
}

// hasItem reports whether id is an item of the invoice, before or after the change.
func (b *builder) hasItem(id string) bool {
	for i := range b.slots {
		if b.slots[i].id == id {
			return true
		}
	}
	return false
}

// counts reports whether the fees of item id count towards the commitment.
func (c *Commitment) counts(id string) bool {
	if len(c.Items) == 0 {
		return true
	}
	for _, x := range c.Items {
		if x == id {
			return true
		}
	}
	return false
}

// closedPeriod returns the billing period the invoice closes, if it closes one:
// issued at the end of its period, which is not a trial.
func (b *builder) closedPeriod() (start, end time.Time, ok bool) {
	start, end = b.inv.PeriodStart, b.inv.PeriodEnd
	if !end.After(start) || !b.issued.Equal(end) || b.trialing() {
		return start, end, false
	}
	return start, end, true
}

// trueUpLine adds the commitment's true-up line when the invoice closes a period
// whose counted fees fall short of the commitment.
func (b *builder) trueUpLine() error {
	c := b.req.Commitment
	if c == nil {
		return nil
	}
	if err := b.checkCommitment(); err != nil {
		return err
	}
	start, end, ok := b.closedPeriod()
	if !ok {
		return nil
	}
	full, err := b.cycle.PeriodAt(start)
	if err != nil {
		return pricing.InField("Commitment", err)
	}
	t := TrueUp{Commitment: c.Amount, Days: days(start, end, b.conv.Location), PeriodDays: days(full.Start, full.End, b.conv.Location)}
	if t.Days > t.PeriodDays {
		t.Days = t.PeriodDays // a first period longer than the cycle's cannot raise the minimum
	}
	t.Exact = c.Amount.Amount()
	if t.Prorated() {
		t.Exact = c.Amount.Amount().Mul(decimal.NewFromInt(t.Days)).DivRound(decimal.NewFromInt(t.PeriodDays), b.cur.Digits()+12)
	}
	t.Minimum = pricing.New(t.Exact, b.cur).Round(pricing.HalfAwayFromZero)
	var fees minorSum
	if !c.Invoiced.Currency().IsZero() {
		fees.add(c.Invoiced)
	}
	for i := range b.lines {
		l := &b.lines[i]
		if l.TrueUp == nil && !l.Trial && l.Amount.Sign() > 0 && c.counts(l.Item) && !l.Period.Start.Before(start) && !l.Period.End.After(end) {
			fees.add(l.Amount)
		}
	}
	t.Fees = fees.money(b.cur)
	if !t.Fees.Amount().LessThan(t.Minimum.Amount()) {
		return nil
	}
	b.lines = append(b.lines, Line{
		Amount:   sub(t.Minimum, t.Fees),
		Quantity: one,
		Period:   proration.Period{Start: start, End: end},
		TrueUp:   &t,
	})
	b.lineSlots = append(b.lineSlots, -1)
	return nil
}

// days is the number of days from start to end in loc (UTC when nil), a partial day
// counted whole, as Lago counts them (Utils::Datetime.date_diff_with_timezone).
func days(start, end time.Time, loc *time.Location) int64 {
	if loc == nil {
		loc = time.UTC
	}
	_, off0 := start.In(loc).Zone()
	_, off1 := end.In(loc).Zone()
	d := end.Sub(start) + time.Duration(off1-off0)*time.Second
	n := int64(d / (24 * time.Hour))
	if d%(24*time.Hour) > 0 {
		n++
	}
	return n
}

// invoicedAfter is what inv billed the commitment's counted items in advance, for a
// time from the end of its period on: the next invoice's Commitment.Invoiced.
func invoicedAfter(c *Commitment, inv *Invoice) pricing.Money {
	var s minorSum
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if l.TrueUp == nil && !l.Trial && l.Amount.Sign() > 0 && c.counts(l.Item) && !l.Period.Start.Before(inv.PeriodEnd) {
			s.add(l.Amount)
		}
	}
	return s.money(inv.Currency)
}

// appendTrueUpDescription appends the true-up line's description.
func appendTrueUpDescription(b []byte, t *TrueUp) []byte {
	b = append(b, "Minimum commitment true-up ("...)
	b = append(b, money(t.Minimum)...)
	return append(b, ')')
}

// StepCommitment, on a minimum commitment's true-up line: inputs minimum (the
// period's minimum, the amount so far when a proration step prorated it) and fees
// (the counted fees); Result = minimum − fees, the line's amount. A partial period
// first prorates the commitment in a proration step (remaining and total are the
// period's days and the full period's), then rounds it.
const StepCommitment StepKind = "commitment"

// trueUp adds the steps of a true-up line.
func (s *stepper) trueUp(t *TrueUp, amount pricing.Money) {
	if t.Prorated() {
		s.add(StepProration, t.Exact, trueUpProrationText(t), in("amount", t.Commitment.Amount()), inInt("remaining", t.Days), inInt("total", t.PeriodDays))
		s.rounding(t.Exact, t.Minimum)
	}
	s.add(StepCommitment, amount.Amount(), trueUpText(t, amount), in("minimum", t.Minimum.Amount()), in("fees", t.Fees.Amount()))
}

func trueUpProrationText(t *TrueUp) string {
	return "Minimum commitment " + money(t.Commitment) + " prorated for a partial period: " + strconv.FormatInt(t.Days, 10) + " of the period's " +
		strconv.FormatInt(t.PeriodDays, 10) + " days gives " + unrounded(t.Exact, t.Commitment.Currency()) + "."
}

func trueUpText(t *TrueUp, amount pricing.Money) string {
	return "Minimum commitment " + money(t.Minimum) + ", fees " + money(t.Fees) + ", true-up " + money(amount) + "."
}
