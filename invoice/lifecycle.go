package invoice

import (
	"time"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// trialing reports whether the current period is a trial (it ends at TrialEnd).
func (b *builder) trialing() bool {
	te := b.req.Subscription.TrialEnd
	return !te.IsZero() && te.Equal(b.period.End)
}

// usageFrom is where billable usage of the current period starts: its start, or the
// end of a trial within it (usage in a trial is not billed).
func (b *builder) usageFrom() time.Time {
	te := b.req.Subscription.TrialEnd
	if !te.IsZero() && te.After(b.period.Start) {
		return te
	}
	return b.period.Start
}

// usageFromOwn is where billable usage of an item's own period starts: its start, or
// the end of a trial within it.
func (b *builder) usageFromOwn(own proration.Period) time.Time {
	if te := b.req.Subscription.TrialEnd; te.After(own.Start) {
		return te
	}
	return own.Start
}

// usageStart is where metered item it's billable usage starts for a range that
// contains t: usageFrom, or, for an item of a longer interval, usageFromOwn of its
// own period around t.
func (b *builder) usageStart(it *Item, p itemPath, t time.Time) (time.Time, error) {
	if !b.mixed(it) {
		return b.usageFrom(), nil
	}
	own, err := b.ownPeriod(it, p, t)
	if err != nil {
		return time.Time{}, err
	}
	return b.usageFromOwn(own), nil
}

// checkLifecycle checks the trial and cancellation fields of a change of an existing
// subscription.
func (b *builder) checkLifecycle(ch *Changes) error {
	switch {
	case !ch.StartDate.IsZero():
		return fieldErr("Changes.StartDate", "%w: start_date is for a new subscription (leave subscription out)", ErrInvalidRequest)
	case !ch.Anchor.IsZero() || ch.AnchorConfig != nil:
		return fieldErr("Changes.Anchor", "%w: a timestamp anchor is for a new subscription; to restart the cycle of this one, use billing_cycle_anchor \"now\"", ErrInvalidRequest)
	case ch.TrialPeriodDays != 0:
		return fieldErr("Changes.TrialPeriodDays", "%w: trial_period_days is for a new subscription; give trial_end", ErrInvalidRequest)
	}
	n := 0
	for _, set := range []bool{ch.CancelAtPeriodEnd, !ch.CancelAt.IsZero(), ch.CancelNow, !ch.TrialEnd.IsZero(), ch.TrialEndNow} {
		if set {
			n++
		}
	}
	if n > 1 {
		return fieldErr("Changes", "%w: cancel_at_period_end, cancel_at, cancel_now, trial_end and trial_end \"now\" exclude each other", ErrConflict)
	}
	if (ch.Prorate || ch.InvoiceNow) && !ch.CancelNow {
		return fieldErr("Changes.Prorate", "%w: prorate and invoice_now are options of cancel_now", ErrConflict)
	}
	cancel := ch.CancelAtPeriodEnd || !ch.CancelAt.IsZero() || ch.CancelNow
	if cancel && len(ch.Items) > 0 {
		return fieldErr("Changes.Items", "%w: preview a cancellation without item changes (a canceled subscription's items change nothing)", ErrConflict)
	}
	if cancel && ch.ResetAnchor {
		return fieldErr("Changes.ResetAnchor", "%w: a cancellation does not restart the cycle", ErrConflict)
	}
	if t := ch.CancelAt; !t.IsZero() && !b.period.Contains(t) {
		return fieldErr("Changes.CancelAt", "%w: cancel_at %s is outside the current period [%s, %s)", ErrInvalidRequest, fmtTime(t), fmtTime(b.period.Start), fmtTime(b.period.End))
	}
	if t := ch.TrialEnd; !t.IsZero() {
		if b.trialing() {
			return fieldErr("Changes.TrialEnd", "%w: moving the end of a running trial is not supported; end it with trial_end \"now\"", ErrInvalidRequest)
		}
		if !t.After(b.at) {
			return fieldErr("Changes.TrialEnd", "%w: trial_end %s is not after the change at %s", ErrInvalidRequest, fmtTime(t), fmtTime(b.at))
		}
		if t.Sub(b.at) > MaxTrialDays*24*time.Hour {
			return fieldErr("Changes.TrialEnd", "%w: a trial of more than %d days", ErrInvalidRequest, MaxTrialDays)
		}
	}
	if ch.CancelAtPeriodEnd && b.hasMixed() {
		return fieldErr("Changes.CancelAtPeriodEnd", "%w: the items of this subscription have periods of different lengths, so its period end is ambiguous (not supported yet): give cancel_at", ErrInvalidRequest)
	}
	if ch.TrialEndNow && !b.trialing() {
		return fieldErr("Changes.TrialEndNow", "%w: trial_end \"now\" ends a trial, and the subscription is not trialing", ErrInvalidRequest)
	}
	return nil
}

// buildLifecycle builds the invoice of a trial or a cancellation; done is false for
// any other change.
func (b *builder) buildLifecycle(ch *Changes) (done bool, err error) {
	if (!ch.TrialEnd.IsZero() || ch.TrialEndNow) && b.hasMixed() {
		return true, fieldErr("Changes.TrialEnd", "%w: a trial on a subscription whose items recur at different intervals (not supported yet)", ErrInvalidRequest)
	}
	switch {
	case ch.CancelAtPeriodEnd:
		// The final invoice, at the period end: metered usage only.
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		if b.arrears() {
			if err := b.arrearsFinal(b.period.End); err != nil {
				return true, err
			}
		}
		return true, b.usageLines(b.period.End)
	case !ch.CancelAt.IsZero() || ch.CancelNow:
		at := ch.CancelAt
		credit := ch.Behavior != proration.None
		usage := true
		if ch.CancelNow {
			at, credit, usage = b.at, ch.Prorate, ch.InvoiceNow
		}
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, at
		b.issued = at
		if b.arrears() {
			if err := b.arrearsFinal(at); err != nil {
				return true, err
			}
		} else if credit && !b.trialing() && b.creditFromHistory() {
			for i := range b.slots {
				if isLicensed(b.slots[i].old) {
					if err := b.terminationCredits(i, at); err != nil {
						return true, err
					}
				}
			}
		} else if credit && !b.trialing() {
			f, err := proration.NewFactorIn(b.period, at, b.terminationConv())
			if err != nil {
				return true, pricing.InField("Changes.CancelAt", err)
			}
			for i := range b.slots {
				if isLicensed(b.slots[i].old) {
					if err := b.prorate(i, f, true, false); err != nil {
						return true, err
					}
				}
			}
		}
		if usage {
			return true, b.usageLines(at)
		}
		return true, nil
	case !ch.TrialEnd.IsZero():
		// A trial added to an active subscription: issued now, the unused time
		// credited, the trial from now to its end.
		at := b.at
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, at
		b.issued = at
		if _, _, _, err := b.intervals(b.slots, true); err != nil {
			return true, err
		}
		if ch.Behavior != proration.None {
			f, err := proration.NewFactorIn(b.period, at, b.conv)
			if err != nil {
				return true, pricing.InField(b.atField, err)
			}
			for i := range b.slots {
				if isLicensed(b.slots[i].old) {
					if err := b.prorate(i, f, true, false); err != nil {
						return true, err
					}
				}
			}
		}
		trial := proration.Period{Start: at, End: ch.TrialEnd}
		for i := range b.slots {
			s := &b.slots[i]
			switch {
			case isLicensed(s.new):
				b.trialLine(i, s.new, s.newPath, trial)
			case isMetered(s.new):
				if err := b.usageLine(i, s.new, s.newPath, b.usageFrom(), at); err != nil {
					return true, err
				}
			case s.new == nil && isMetered(s.old):
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), at); err != nil {
					return true, err
				}
			}
		}
		return true, nil
	case ch.TrialEndNow:
		// The trial ends now: the first paid invoice, a full period from now.
		at := b.at
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, at
		b.issued = at
		iv, count, set, err := b.intervals(b.slots, true)
		if err != nil {
			return true, err
		}
		if !set {
			iv, count = b.interval, b.count
		}
		period, err := firstPeriod(at, iv, count, "Changes.TrialEndNow")
		if err != nil {
			return true, err
		}
		for i := range b.slots {
			if s := &b.slots[i]; isLicensed(s.new) {
				if err := b.fullLine(i, s.new, s.newPath, period); err != nil {
					return true, err
				}
			}
		}
		return true, nil
	}
	return false, nil
}

// usageLines adds the usage line of every metered item (of the state before the
// change) up to end.
func (b *builder) usageLines(end time.Time) error {
	for i := range b.slots {
		s := &b.slots[i]
		if isMetered(s.old) {
			start, err := b.usageStart(s.old, s.oldPath, end.Add(-time.Nanosecond))
			if err != nil {
				return err
			}
			if err := b.usageLine(i, s.old, s.oldPath, start, end); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstPeriod is the period of one interval from start.
func firstPeriod(start time.Time, iv pricing.Interval, count int, field string) (proration.Period, error) {
	cycle, err := proration.NewCycle(start, iv, count)
	if err != nil {
		return proration.Period{}, pricing.InField(field, err)
	}
	end, err := cycle.Boundary(1)
	if err != nil {
		return proration.Period{}, pricing.InField(field, err)
	}
	p, err := proration.NewPeriod(start, end)
	if err != nil {
		return proration.Period{}, pricing.InField(field, err)
	}
	return p, nil
}

// trialLine adds a trial line of item it: its quantity, billed 0 for period.
func (b *builder) trialLine(si int, it *Item, p itemPath, period proration.Period) {
	b.lines = append(b.lines, Line{
		Amount:   pricing.Zero(b.cur),
		Quantity: it.quantity(),
		Trial:    true,
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   period,
		item:     it,
	})
	b.lineSlots = append(b.lineSlots, si)
}

// chargeRemaining adds a charge for the remaining time of factor f's period for item
// it (the first paid period after a trial, or a new subscription's first period up
// to its anchor).
func (b *builder) chargeRemaining(si int, it *Item, p itemPath, f proration.Factor) error {
	side, err := b.side(it, p)
	if err != nil {
		return err
	}
	b.sides = append(b.sides, side)
	c := proration.Change{ItemID: it.ID, To: &b.sides[len(b.sides)-1]}
	start := len(b.prorated)
	if b.prorated, err = c.AppendLines(b.prorated, f); err != nil {
		return pricing.InField(p.String(), err)
	}
	for k := start; k < len(b.prorated); k++ {
		l := &b.prorated[k]
		if err := b.add(si, p, Line{Amount: l.Amount, Quantity: l.Side.Quantity, Proration: true, Item: it.ID,
			Price: l.Side.PriceID, Period: l.Period, Prorated: l}, it); err != nil {
			return err
		}
	}
	return nil
}

// fixStarts returns ds with every zero Start set to at: a discount that started with
// the previewed invoice has started at its issue when the next invoices are computed.
func fixStarts(ds []discount.Discount, at time.Time) []discount.Discount {
	var out []discount.Discount
	for k, d := range ds {
		if d.Start.IsZero() {
			if out == nil {
				out = append([]discount.Discount(nil), ds...)
			}
			out[k].Start = at
		}
	}
	if out == nil {
		return ds
	}
	return out
}

// next returns the request of the invoice after the one built, or nil when the
// subscription ends with it.
func (b *builder) next() (*Request, error) {
	req := b.req
	ch := req.Changes
	if ch != nil && (ch.CancelAtPeriodEnd || !ch.CancelAt.IsZero() || ch.CancelNow) {
		return nil, nil
	}
	issued := b.issued
	sub := Subscription{StartDate: req.Subscription.StartDate, DefaultTaxRates: b.defaultTaxRates(),
		Discounts: b.subDiscounts(), Anchor: b.cycle.Anchor()}
	for i := range b.slots {
		s := &b.slots[i]
		it := s.old
		if ch != nil {
			it = s.new
		}
		if it == nil {
			continue
		}
		c := *it
		c.Discounts = fixStarts(c.Discounts, issued)
		c.Period = proration.Period{} // the next invoice's own periods follow from the cycle
		sub.Items = append(sub.Items, c)
	}
	sub.Discounts = fixStarts(sub.Discounts, issued)
	iv, count, set, err := b.intervals(b.slotsOf(sub.Items), false)
	if err != nil {
		return nil, err
	}
	if !set {
		iv, count = b.interval, b.count
	}
	switch {
	case ch == nil || ch.Behavior != proration.AlwaysInvoice && !b.reset && ch.TrialEnd.IsZero() && !ch.TrialEndNow:
		// A renewal at the period end: the next period follows it.
		cycle, err := proration.NewCycle(sub.Anchor, iv, count)
		if err != nil {
			return nil, err
		}
		p, err := cycle.PeriodAt(b.period.End)
		if err != nil {
			return nil, err
		}
		sub.Period = proration.Period{Start: b.period.End, End: p.End}
		if te := req.Subscription.TrialEnd; !te.IsZero() && te.Equal(b.period.End) {
			sub.TrialEnd = te // the period right after the trial
		}
	case !ch.TrialEnd.IsZero():
		sub.Period = proration.Period{Start: b.at, End: ch.TrialEnd}
		sub.TrialStart, sub.TrialEnd, sub.Anchor = b.at, ch.TrialEnd, ch.TrialEnd
	case ch.TrialEndNow || b.reset:
		p, err := firstPeriod(b.at, iv, count, "Changes")
		if err != nil {
			return nil, err
		}
		sub.Period, sub.Anchor = p, b.at
	default: // always_invoice: the renewal at the current period's end comes next, in the new state
		sub.Period = b.period
		sub.TrialStart, sub.TrialEnd = req.Subscription.TrialStart, req.Subscription.TrialEnd
		if !sub.Anchor.Equal(b.period.Start) && sub.StartDate.IsZero() {
			sub.StartDate = req.Subscription.StartDate
		}
	}
	out := &Request{Currency: req.Currency, Now: issued, CustomerBalance: pricing.Zero(req.Currency), Proration: req.Proration,
		TaxRounding: req.TaxRounding, Subscription: sub, Usage: req.Usage, Schedule: req.Schedule,
		BillingMode: req.BillingMode, ProrationDiscounts: req.ProrationDiscounts, Invoices: req.Invoices, CapCredits: req.CapCredits,
		Convention: req.Convention, Engine: req.Engine}
	b.conventionsInto(out)
	return out, nil
}

// slotsOf wraps items as slots of the state before a change, for sharedInterval.
func (b *builder) slotsOf(items []Item) []slot {
	out := make([]slot, len(items))
	for i := range items {
		out[i] = slot{id: items[i].ID, old: &items[i], oldPath: itemPath{i: i}}
	}
	return out
}
