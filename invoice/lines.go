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
		if b.arrears() { // licensed items billed at the period end: arrears.go
			if done, err := b.arrearsSlot(i, changed); done || err != nil {
				if err != nil {
					return err
				}
				continue
			}
		}
		it, p := s.old, s.oldPath
		if changed {
			it, p = s.new, s.newPath
		}
		if changed && b.atEnd {
			// The change takes effect at the period end: the period's usage is the old
			// state's, the next period the new one's.
			if isMetered(s.old) {
				if err := b.dueUsage(i, s.old, s.oldPath, b.usageFrom(), b.period.End); err != nil {
					return err
				}
			}
			if isLicensed(s.new) {
				if err := b.dueLine(i, s.new, s.newPath, next, nil); err != nil {
					return err
				}
			}
			continue
		}
		switch {
		case it == nil:
			if changed && isMetered(s.old) {
				if err := b.removedUsage(i, s.old, s.oldPath); err != nil {
					return err
				}
			}
		case isMetered(it) && changed && isMetered(s.old) && s.old != it && priceChanged(s.old.Price, it.Price):
			// The price changed in the period: classic bills only the usage since the
			// change, at the new price (as Stripe); flexible bills each part at the
			// price in effect when it was recorded.
			if b.mixed(it) || b.mixed(s.old) {
				return fieldErr(p.field("Price"), "%w: the price of metered item %q, which recurs at another interval than the subscription's, changes within its own period (not supported yet)", ErrInvalidRequest, short(s.id))
			}
			if b.req.BillingMode == Flexible {
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), b.at); err != nil {
					return err
				}
			}
			if err := b.usageLine(i, it, p, maxTime(b.usageFrom(), b.at), b.period.End); err != nil {
				return err
			}
		case isMetered(it):
			if err := b.dueUsage(i, it, p, b.usageFrom(), b.period.End); err != nil {
				return err
			}
		default:
			if err := b.dueLine(i, it, p, next, afterTrial); err != nil {
				return err
			}
		}
	}
	return nil
}

// dueLine bills licensed item it at the renewal: in full for next, the subscription's
// next period, or from the trial's end for the rest of that period (afterTrial). An
// item of a longer interval (mixed intervals) is billed for its own period when that
// starts at the renewal, or from the trial's end for the rest of it, and not at all
// when its own period goes on.
func (b *builder) dueLine(si int, it *Item, p itemPath, next proration.Period, afterTrial *proration.Factor) error {
	if b.mixed(it) {
		own, err := b.ownPeriod(it, p, b.period.End)
		if err != nil {
			return err
		}
		if own.Start.Equal(b.period.End) {
			return b.fullLine(si, it, p, own)
		}
		if afterTrial == nil && !b.trialing() {
			b.later(it, own, false) // its own period goes on: billed when it renews
			return nil
		}
		f, err := proration.NewFactorIn(own, b.period.End, b.conv)
		if err != nil {
			return pricing.InField("Subscription.TrialEnd", err)
		}
		return b.chargeRemaining(si, it, p, f)
	}
	if afterTrial != nil {
		return b.chargeRemaining(si, it, p, *afterTrial)
	}
	return b.fullLine(si, it, p, next)
}

// dueUsage bills metered item it's usage in arrears up to end, from start or, for an
// item of a longer interval, from its own period's start; such an item is billed
// only when its own period ends at end.
func (b *builder) dueUsage(si int, it *Item, p itemPath, start, end time.Time) error {
	if b.mixed(it) {
		own, err := b.ownPeriod(it, p, end.Add(-time.Nanosecond))
		if err != nil {
			return err
		}
		if !own.End.Equal(end) {
			b.later(it, own, true) // its own period goes on: billed when it ends
			return nil
		}
		start = b.usageFromOwn(own)
	}
	return b.usageLine(si, it, p, start, end)
}

// removedUsage bills the usage of metered item it, removed at the proration date, up
// to it.
func (b *builder) removedUsage(si int, it *Item, p itemPath) error {
	start, err := b.usageStart(it, p, b.at)
	if err != nil {
		return err
	}
	return b.usageLine(si, it, p, start, b.at)
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
	if before, ok := b.req.UsageBefore[it.ID]; ok {
		return b.rangeLine(si, it, p, u, before, start, end)
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
