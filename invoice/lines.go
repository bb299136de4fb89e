package invoice

import (
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// renewal adds the period lines of the renewal invoice at the end of the current
// period, in the changed state when changed is true (deleted metered items bill their
// usage up to the proration date).
func (b *builder) renewal(changed bool) error {
	end, err := b.cycle.PeriodAt(b.period.End)
	if err != nil {
		return pricing.InField("Subscription.Period.End", err)
	}
	next := end // current_period_end is a boundary (checkPeriod), or a trial's end
	var afterTrial *proration.Factor
	if !next.Start.Equal(b.period.End) {
		// A trial that ends before the anchor's boundary: the first paid period runs
		// from the trial end to the boundary, prorated over the cycle's period.
		f, err := proration.NewFactorIn(next, b.period.End, b.conv)
		if err != nil {
			return pricing.InField("Subscription.TrialEnd", err)
		}
		afterTrial = &f
	}
	for i := range b.slots {
		s := &b.slots[i]
		it, p := s.old, s.oldPath
		if changed {
			it, p = s.new, s.newPath
		}
		if changed && b.atEnd {
			// The change takes effect at the period end: the period's usage is the old
			// state's, the next period the new one's.
			if isMetered(s.old) {
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), b.period.End); err != nil {
					return err
				}
			}
			if isLicensed(s.new) {
				if err := b.fullLine(i, s.new, s.newPath, next); err != nil {
					return err
				}
			}
			continue
		}
		switch {
		case it == nil:
			if changed && isMetered(s.old) {
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), b.at); err != nil {
					return err
				}
			}
		case isMetered(it) && changed && isMetered(s.old) && s.old != it && priceChanged(s.old.Price, it.Price):
			// The price changed in the period: classic bills only the usage since the
			// change, at the new price (as Stripe); flexible bills each part at the
			// price in effect when it was recorded.
			if b.req.BillingMode == Flexible {
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), b.at); err != nil {
					return err
				}
			}
			if err := b.usageLine(i, it, p, maxTime(b.usageFrom(), b.at), b.period.End); err != nil {
				return err
			}
		case isMetered(it):
			if err := b.usageLine(i, it, p, b.usageFrom(), b.period.End); err != nil {
				return err
			}
		case afterTrial != nil:
			if err := b.chargeRemaining(i, it, p, *afterTrial); err != nil {
				return err
			}
		default:
			if err := b.fullLine(i, it, p, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// fullLine adds a licensed item billed in full for period.
func (b *builder) fullLine(si int, it *Item, p itemPath, period proration.Period) error {
	q, err := it.Price.Quote(b.cur, it.quantity())
	if err != nil {
		return pricing.InField(p.field("Price"), err)
	}
	return b.add(si, p, Line{
		Amount:   q.Amount,
		Quantity: it.quantity(),
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   period,
		Quote:    b.quote(q),
	}, it)
}

// usageLine adds a metered item's usage over [start, end), billed in arrears.
func (b *builder) usageLine(si int, it *Item, p itemPath, start, end time.Time) error {
	if start.After(end) {
		start = end // a trial covers the whole range: nothing to bill
	}
	u, err := b.usageFor(it, start, end)
	if err != nil {
		return err
	}
	q, err := it.Price.QuoteUsage(b.cur, u)
	if err != nil {
		return pricing.InField(p.field("Price"), err)
	}
	return b.add(si, p, Line{
		Amount:   q.Amount,
		Quantity: u.Quantity,
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   proration.Period{Start: start, End: end},
		Quote:    b.quote(q),
		Usage:    &u,
	}, it)
}

// maxMinor is the largest magnitude of an amount, a line or a total: 10^15 minor units.
const maxMinor = 1e15

// add appends a line of item it (the old state's item for a credit) after checking
// that its amount stays within the bounds.
func (b *builder) add(si int, p itemPath, l Line, it *Item) error {
	if m, err := l.Amount.MinorUnits(); err != nil || m > maxMinor || m < -maxMinor {
		return fieldErr(p.String(), "%w: the line's amount %s %s is beyond ±10^15 minor units", pricing.ErrOutOfRange, l.Amount.String(), b.cur.Code())
	}
	l.item = it
	b.lines = append(b.lines, l)
	b.lineSlots = append(b.lineSlots, si)
	return nil
}

// quote keeps q with the builder's other quotes, allocated together, and returns it.
func (b *builder) quote(q pricing.Quote) *pricing.Quote {
	b.quotes = append(b.quotes, q)
	return &b.quotes[len(b.quotes)-1]
}
