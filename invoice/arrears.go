package invoice

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// This file holds billing in arrears for licensed items, as Lago bills a plan with
// pay_in_advance false (https://getlago.com/docs/guide/plans/plan-model: "the
// subscription fee is billed at the end of the period") and Kill Bill an IN_ARREAR
// recurring phase (https://docs.killbill.io/latest/userguide_subscription.html):
// the fee of a period is billed by the invoice at its end, a change bills each
// state's part of the period, and a termination bills the part used up to it and
// credits nothing. Stripe bills licensed items in advance (the default).

// LicensedBilling says when a licensed item's fee is billed.
type LicensedBilling uint8

const (
	// InAdvance bills the fee of a period at its start: a renewal invoice bills the
	// next period, a change prorates (Stripe; the default).
	InAdvance LicensedBilling = iota
	// InArrears bills the fee of a period at its end: a renewal invoice bills the
	// period that ends (prorated by the time used when the period is partial); a
	// change bills, on the invoice at the period end, the old state's part of the
	// period up to the change and the new state's part after it; a cancellation's
	// final invoice bills the part used up to it, and nothing is credited.
	InArrears
)

// String returns "in_advance" or "in_arrears".
func (l LicensedBilling) String() string {
	if l == InArrears {
		return "in_arrears"
	}
	return "in_advance"
}

// arrears reports whether licensed items are billed in arrears.
func (b *builder) arrears() bool { return b.req.LicensedBilling == InArrears }

// checkArrears refuses what billing in arrears does not compute yet, rather than
// computing it in advance.
func checkArrears(req *Request) error {
	if req.LicensedBilling == InAdvance {
		return nil
	}
	if req.LicensedBilling > InArrears {
		return fieldErr("LicensedBilling", "%w: licensed billing %d (want InAdvance or InArrears)", ErrInvalidValue, req.LicensedBilling)
	}
	unsupported := func(field, what string) error {
		return fieldErr(field, "%w: billing in arrears with %s is not supported", ErrInvalidRequest, what)
	}
	switch {
	case req.BillingMode == Flexible:
		return unsupported("BillingMode", "the flexible billing mode")
	case req.Schedule != nil:
		return unsupported("Schedule", "a schedule")
	case isNew(req):
		return unsupported("Changes", "a new subscription (its first invoice would bill no licensed fee)")
	case req.PreviewMode == PreviewRecurring:
		return unsupported("PreviewMode", "the recurring preview mode")
	}
	if ch := req.Changes; ch != nil {
		switch {
		case ch.Behavior == proration.AlwaysInvoice && !ch.CancelNow:
			return unsupported("Changes.Behavior", "always_invoice (the new state's part would be billed by the next invoice)")
		case ch.Behavior == proration.None && !ch.CancelAtPeriodEnd && ch.CancelAt.IsZero() && !ch.CancelNow:
			return unsupported("Changes.Behavior", "proration behavior none")
		case ch.ResetAnchor:
			return unsupported("Changes.ResetAnchor", "a reset of the billing cycle anchor")
		case !ch.TrialEnd.IsZero() || ch.TrialEndNow:
			return unsupported("Changes.TrialEnd", "a trial change")
		}
	}
	return nil
}

// arrearsSlot bills, in arrears, slot si of a renewal invoice at the period end
// (the changed state when changed): done is false for an item with a metered side,
// which the renewal bills as usual.
func (b *builder) arrearsSlot(si int, changed bool) (done bool, err error) {
	s := &b.slots[si]
	if isMetered(s.old) || isMetered(s.new) {
		if (isLicensed(s.old) || isLicensed(s.new)) && changed {
			return true, fieldErr(s.newPath.String(), "%w: billing in arrears with an item that changes between licensed and metered is not supported", ErrInvalidRequest)
		}
		return false, nil
	}
	if b.trialing() {
		return true, nil // the trial's time is free
	}
	if changed && b.atEnd { // the change applies at the period end: the old state used all of it
		if s.old == nil {
			return true, nil
		}
		return true, b.usedLine(si, s.old, s.oldPath, b.period.End, b.conv)
	}
	if !changed || !s.changed {
		it, p := s.old, s.oldPath
		if changed {
			it, p = s.new, s.newPath
		}
		if it == nil {
			return true, nil
		}
		return true, b.usedLine(si, it, p, b.period.End, b.conv)
	}
	if isLicensed(s.old) {
		if err := b.usedLine(si, s.old, s.oldPath, b.at, b.conv); err != nil {
			return true, err
		}
	}
	if isLicensed(s.new) {
		f, err := proration.NewFactorIn(b.fullPeriod(), maxTime(b.at, b.period.Start), b.conv)
		if err != nil {
			return true, pricing.InField(b.atField, err)
		}
		if f.Remaining == 0 {
			return true, nil
		}
		return true, b.chargeRemaining(si, s.new, s.newPath, f)
	}
	return true, nil
}

// fullPeriod is the cycle's full period that holds the current one (the current
// period itself unless it is a first period cut short).
func (b *builder) fullPeriod() proration.Period {
	p, err := b.cycle.PeriodAt(b.period.Start)
	if err != nil || !p.End.Equal(b.period.End) {
		return b.period
	}
	return p
}

// usedLine bills item it for the current period from its start up to end: in full
// when that is the cycle's whole period, else the part used, prorated over it and
// counted by conv.
func (b *builder) usedLine(si int, it *Item, p itemPath, end time.Time, conv proration.Convention) error {
	full := b.fullPeriod()
	late := !b.period.Start.Equal(full.Start) // a first period that started after the cycle's boundary
	switch {
	case !end.After(b.period.Start):
		return nil
	case !late && end.Equal(full.End):
		return b.fullLine(si, it, p, b.period)
	case late && end.Equal(full.End):
		f, err := proration.NewFactorIn(full, b.period.Start, b.conv)
		if err != nil {
			return pricing.InField("Subscription.Period.Start", err)
		}
		return b.chargeRemaining(si, it, p, f)
	case late:
		return fieldErr(p.String(), "%w: billing in arrears up to a change or a cancellation within a first period that started after the cycle's boundary is not supported", ErrInvalidRequest)
	}
	f, err := proration.NewUsedFactor(full, end, conv)
	if err != nil {
		return pricing.InField(b.atField, err)
	}
	side, err := b.side(it, p)
	if err != nil {
		return err
	}
	b.prorated = append(b.prorated, proration.Line{ItemID: it.ID, Side: side,
		Period: proration.Period{Start: full.Start, End: end}, Factor: f, Amount: f.Apply(side.Amount)})
	l := &b.prorated[len(b.prorated)-1]
	return b.add(si, p, Line{Amount: l.Amount, Quantity: l.Side.Quantity, Proration: true, Item: it.ID,
		Price: l.Side.PriceID, Period: l.Period, Prorated: l}, it)
}

// arrearsFinal bills, on a cancellation's final invoice, every licensed item of
// the state before it for the part of the period used up to end.
func (b *builder) arrearsFinal(end time.Time) error {
	if b.trialing() {
		return nil
	}
	for i := range b.slots {
		if s := &b.slots[i]; isLicensed(s.old) {
			if err := b.usedLine(i, s.old, s.oldPath, end, b.terminationUsedConv(end)); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendUsedDescription appends "Time used on 3 × Gold until 16 Nov 2026", the
// description of a fee billed in arrears for part of a period.
func appendUsedDescription(b []byte, l *proration.Line) []byte {
	b = append(b, "Time used on "...)
	if !l.Side.Quantity.Equal(one) {
		b = text.AppendDecimal(b, l.Side.Quantity)
		b = append(b, " × "...)
	}
	b = append(b, l.Side.Name...)
	b = append(b, " until "...)
	return text.AppendDateIn(b, l.Factor.At, l.Factor.Convention.Location)
}

// usedText is the proration step of a fee billed in arrears for part of a period.
func usedText(p *proration.Line, exact decimal.Decimal) string {
	f := p.Factor
	unit := " seconds"
	if f.Granularity == proration.ByDay {
		unit = " days"
	}
	return "Billed in arrears for the time used from " + string(appendSpan(nil, f.Period.Start, f.At, f.Convention.Location)) + ": " +
		strconv.FormatInt(f.Remaining, 10) + " of the period's " + strconv.FormatInt(f.Total, 10) + unit + " × " + money(p.Side.Amount) + " = " +
		unrounded(exact, p.Side.Amount.Currency()) + "."
}
