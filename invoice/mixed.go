package invoice

import (
	"strconv"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Mixed intervals (Stripe's flexible billing mode only): the items of a subscription
// may recur at different intervals when each is a whole multiple of the shortest
// one (monthly, every 2 months and quarterly; weekly and every 4 weeks). Every item
// keeps its own cycle on the subscription's anchor; the subscription's period is
// the shortest interval's, and an invoice at its end bills the licensed items whose
// own period starts there and the metered items whose own period ends there.
// https://docs.stripe.com/billing/subscriptions/mixed-interval

// units returns an interval in its family's unit: months for months and years, days
// for days and weeks; family 0 is months, 1 days.
func units(iv pricing.Interval, count int) (family, n int) {
	switch iv {
	case pricing.Year:
		return 0, 12 * count
	case pricing.Day:
		return 1, count
	case pricing.Week:
		return 1, 7 * count
	}
	return 0, count
}

// intervals returns the subscription's interval for the items (in their state after
// the change when newState) and whether any item set it: the interval they all share
// or, in flexible mode, the shortest one, of which every other must be a whole
// multiple. An item that breaks the rule is an error at its price.
func (b *builder) intervals(items []slot, newState bool) (pricing.Interval, int, bool, error) {
	flexible := b.req.BillingMode == Flexible
	var iv pricing.Interval
	count, set := 0, false
	var first *Item
	for _, s := range items {
		it := s.old
		if newState {
			it = s.new
		}
		if it == nil {
			continue
		}
		r, _ := it.Price.Recurring()
		if !set {
			iv, count, set, first = r.Interval, r.IntervalCount, true, it
			continue
		}
		if r.Interval == iv && r.IntervalCount == count {
			continue
		}
		if !flexible {
			p := s.oldPath
			if newState {
				p = s.newPath
			}
			return iv, count, set, fieldErr(p.field("Price"), "%w: price %q recurs every %s, the subscription's other items every %s (in classic billing mode all items of a subscription share one interval; Stripe mixes intervals only in flexible billing mode)",
				ErrInvalidRequest, short(it.Price.ID()), every(r.Interval, r.IntervalCount), every(iv, count))
		}
		fa, na := units(r.Interval, r.IntervalCount)
		if fb, nb := units(iv, count); fa == fb && na < nb {
			iv, count, first = r.Interval, r.IntervalCount, it
		}
	}
	if !set || !flexible {
		return iv, count, set, nil
	}
	fb, nb := units(iv, count)
	for _, s := range items {
		it, p := s.old, s.oldPath
		if newState {
			it, p = s.new, s.newPath
		}
		if it == nil {
			continue
		}
		r, _ := it.Price.Recurring()
		if fa, na := units(r.Interval, r.IntervalCount); fa != fb || na%nb != 0 {
			return iv, count, set, fieldErr(p.field("Price"), "%w: price %q recurs every %s, which is not a whole multiple of every %s (price %q): the intervals of a subscription's items must be multiples of the shortest",
				ErrInvalidRequest, short(it.Price.ID()), every(r.Interval, r.IntervalCount), every(iv, count), short(first.Price.ID()))
		}
	}
	return iv, count, set, nil
}

// every returns "1 month", "3 months".
func every(iv pricing.Interval, count int) string {
	s := strconv.Itoa(count) + " " + iv.String()
	if count > 1 {
		s += "s"
	}
	return s
}

// mixed reports whether item it recurs at another interval than the subscription's.
func (b *builder) mixed(it *Item) bool {
	r, _ := it.Price.Recurring()
	return r.Interval != b.interval || r.IntervalCount != b.count
}

// hasMixed reports whether any item of either state recurs at another interval than
// the subscription's.
func (b *builder) hasMixed() bool {
	for i := range b.slots {
		s := &b.slots[i]
		if s.old != nil && b.mixed(s.old) || s.new != nil && b.mixed(s.new) {
			return true
		}
	}
	return false
}

// ownCycle is item it's billing cycle: the subscription's anchor, every the item's
// own interval.
func (b *builder) ownCycle(it *Item) (proration.Cycle, error) {
	if !b.mixed(it) {
		return b.cycle, nil
	}
	r, _ := it.Price.Recurring()
	return proration.NewCycle(b.cycle.Anchor(), r.Interval, r.IntervalCount)
}

// ownPeriod is the period of item it's own cycle that contains t.
func (b *builder) ownPeriod(it *Item, p itemPath, t time.Time) (proration.Period, error) {
	c, err := b.ownCycle(it)
	if err != nil {
		return proration.Period{}, pricing.InField(p.field("Price"), err)
	}
	pe, err := c.PeriodAt(t)
	if err != nil {
		return proration.Period{}, pricing.InField(p.field("Price"), err)
	}
	return pe, nil
}

// ownFactor is factor f for item it: f itself when the item recurs at the
// subscription's interval, else the same instant in the item's own period.
func (b *builder) ownFactor(it *Item, p itemPath, f proration.Factor, field string) (proration.Factor, error) {
	if it == nil || !b.mixed(it) {
		return f, nil
	}
	pe, err := b.ownPeriod(it, p, f.At)
	if err != nil {
		return f, err
	}
	g, err := proration.NewFactorIn(pe, f.At, b.conv)
	if err != nil {
		return f, pricing.InField(field, err)
	}
	return g, nil
}

// checkItemPeriod checks an item's own current period, when given: the period of its
// own cycle that contains the subscription's period (or, in a first period or a
// trial, the subscription's period itself).
func (b *builder) checkItemPeriod(it *Item, p itemPath) error {
	ip := it.Period
	if ip.Start.IsZero() && ip.End.IsZero() {
		return nil
	}
	sp := b.period
	if ip.Start.Equal(sp.Start) && ip.End.Equal(sp.End) {
		return nil
	}
	want, err := b.ownPeriod(it, p, sp.Start)
	if err != nil {
		return err
	}
	if ip.End.Equal(want.End) && (ip.Start.Equal(want.Start) || ip.Start.Equal(sp.Start) && !b.trialing()) {
		return nil
	}
	r, _ := it.Price.Recurring()
	if !b.mixed(it) {
		return fieldErr(p.field("Period"), "%w: the item's current period %s to %s disagrees with the subscription's current period %s to %s (items of the subscription's interval share it)",
			ErrInvalidRequest, fmtTime(ip.Start), fmtTime(ip.End), fmtTime(sp.Start), fmtTime(sp.End))
	}
	return fieldErr(p.field("Period"), "%w: the item's current period %s to %s is not its own cycle's period %s to %s (anchor %s, every %s) around the subscription's current period %s to %s",
		ErrInvalidRequest, fmtTime(ip.Start), fmtTime(ip.End), fmtTime(want.Start), fmtTime(want.End), fmtTime(b.cycle.Anchor()),
		every(r.Interval, r.IntervalCount), fmtTime(sp.Start), fmtTime(sp.End))
}

// rebase makes the interval of the changed state the subscription's, keeping the
// anchor (flexible mode): the current period becomes the new cycle's period that
// contains the proration date, so that the invoice after the change is issued at the
// new cycle's next boundary.
func (b *builder) rebase(iv pricing.Interval, count int) error {
	if b.trialing() || !b.req.Subscription.TrialEnd.IsZero() && b.req.Subscription.TrialEnd.After(b.period.Start) {
		return fieldErr("Changes.Items", "%w: a change of the subscription's shortest interval during or right after a trial (not supported yet)", ErrInvalidRequest)
	}
	c, err := proration.NewCycle(b.cycle.Anchor(), iv, count)
	if err != nil {
		return pricing.InField("Changes.Items", err)
	}
	pe, err := c.PeriodAt(b.at)
	if err != nil {
		return pricing.InField("Changes.Items", err)
	}
	b.interval, b.count, b.cycle, b.period = iv, count, c, pe
	return nil
}

// later records that item it is not billed on this invoice: its own period own,
// which contains the invoice's issue, goes on.
func (b *builder) later(it *Item, own proration.Period, metered bool) {
	r, _ := it.Price.Recurring()
	e := append([]byte("its own period of "), every(r.Interval, r.IntervalCount)...)
	e = append(e, ", "...)
	e = appendSpan(e, own.Start, own.End, nil)
	if metered {
		e = append(e, ", goes on: its usage is billed in arrears when it ends"...)
	} else {
		e = append(e, ", goes on: billed in advance for its next period on "...)
		e = instant(e, own.End)
	}
	b.inv.BilledLater = append(b.inv.BilledLater, BilledLater{Item: it.ID, Price: it.Price.ID(), Metered: metered, Period: own, Explanation: string(e)})
}
