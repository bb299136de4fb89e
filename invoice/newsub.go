package invoice

import (
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// isNew reports whether req asks for a new subscription: no current period, no
// items, and changes that list the new items.
func isNew(req *Request) bool {
	s := &req.Subscription
	return req.Changes != nil && s.Period.Start.IsZero() && s.Period.End.IsZero() && len(s.Items) == 0
}

// newPlan is a new subscription's timeline: when it starts, its trial, its anchor.
type newPlan struct {
	start, trialEnd, anchor time.Time
	iv                      pricing.Interval
	count                   int
}

// paidStart is when paid billing starts: the trial's end, or the start.
func (p *newPlan) paidStart() time.Time {
	if !p.trialEnd.IsZero() {
		return p.trialEnd
	}
	return p.start
}

// previewNew computes a new subscription's first invoice, issued at its start (a
// trial's 0 invoice, or the first period in full or prorated to the anchor), and the
// request of the invoice after it. With Behavior none and an anchor, the period up to
// the anchor is free and the first invoice is the one issued at the anchor.
func previewNew(req Request, wantNext bool) (Invoice, *Request, error) {
	b := builder{req: req}
	plan, err := b.initNew()
	if err != nil {
		return Invoice{}, nil, err
	}
	ch := req.Changes
	items := make([]Item, 0, len(b.slots))
	for i := range b.slots {
		items = append(items, *b.slots[i].new)
	}
	sub := Subscription{StartDate: plan.start, Anchor: plan.anchor, Items: items,
		Discounts: fixStarts(ch.Discounts, plan.start), DefaultTaxRates: ch.DefaultTaxRates}
	next := &Request{Currency: req.Currency, Now: plan.start, Proration: req.Proration, TaxRounding: req.TaxRounding,
		Subscription: sub, Usage: req.Usage, Schedule: req.Schedule, Convention: req.Convention, Engine: req.Engine,
		BillingMode: req.BillingMode, ProrationDiscounts: req.ProrationDiscounts}
	first := proration.Period{Start: plan.paidStart(), End: plan.anchor}
	b.inv.PeriodStart, b.inv.PeriodEnd = plan.start, plan.start
	b.issued = plan.start
	switch {
	case !plan.trialEnd.IsZero():
		trial := proration.Period{Start: plan.start, End: plan.trialEnd}
		for i := range b.slots {
			if s := &b.slots[i]; isLicensed(s.new) {
				b.trialLine(i, s.new, s.newPath, trial)
			}
		}
		next.Subscription.Period = trial
		next.Subscription.TrialStart, next.Subscription.TrialEnd = plan.start, plan.trialEnd
	case plan.anchor.After(plan.start) && ch.Behavior == proration.None:
		// The period up to the anchor is free: no invoice at the start (Stripe).
		next.Subscription.Period = first
		next.CustomerBalance = req.CustomerBalance
		return previewOnce(*next, wantNext)
	case plan.anchor.After(plan.start):
		// Each item is billed from the start to the anchor, prorated over the period of
		// its own interval that ends at the anchor.
		for i := range b.slots {
			s := &b.slots[i]
			if !isLicensed(s.new) {
				continue
			}
			r, _ := s.new.Price.Recurring()
			prev, err := r.Interval.Add(plan.anchor, -r.IntervalCount)
			if err != nil {
				return Invoice{}, nil, pricing.InField("Changes.Anchor", err)
			}
			full, err := proration.NewPeriod(prev, plan.anchor)
			if err != nil {
				return Invoice{}, nil, pricing.InField("Changes.Anchor", err)
			}
			f, err := proration.NewFactorIn(full, plan.start, b.conv)
			if err != nil {
				return Invoice{}, nil, pricing.InField("Changes.Anchor", err)
			}
			if err := b.chargeRemaining(i, s.new, s.newPath, f); err != nil {
				return Invoice{}, nil, err
			}
		}
		next.Subscription.Period = first
	default:
		period, err := firstPeriod(plan.start, plan.iv, plan.count, "Changes.Items")
		if err != nil {
			return Invoice{}, nil, err
		}
		for i := range b.slots {
			s := &b.slots[i]
			if !isLicensed(s.new) {
				continue
			}
			own := period
			if r, _ := s.new.Price.Recurring(); b.mixed(s.new) {
				if own, err = firstPeriod(plan.start, r.Interval, r.IntervalCount, "Changes.Items"); err != nil {
					return Invoice{}, nil, err
				}
			}
			if err := b.fullLine(i, s.new, s.newPath, own); err != nil {
				return Invoice{}, nil, err
			}
		}
		next.Subscription.Period = period
	}
	inv, err := b.finish()
	if !wantNext {
		next = nil
	}
	return inv, next, err
}

// initNew checks a new subscription's request and fills the builder with its items
// (as items added by the change) and its timeline.
func (b *builder) initNew() (newPlan, error) {
	req := &b.req
	ch := req.Changes
	var plan newPlan
	b.cur = req.Currency
	if b.cur.IsZero() {
		return plan, fieldErr("Currency", "%w: currency", ErrMissingField)
	}
	if !req.CustomerBalance.IsZero() && req.CustomerBalance.Currency() != b.cur {
		return plan, fieldErr("CustomerBalance", "%w: balance in %s, invoice in %s", pricing.ErrCurrencyMismatch, req.CustomerBalance.Currency(), b.cur)
	}
	if err := pricing.CheckMoneyBounds(req.CustomerBalance); err != nil {
		return plan, pricing.InField("CustomerBalance", err)
	}
	if len(ch.Items) == 0 {
		return plan, fieldErr("Changes.Items", "%w: a new subscription needs at least one item", ErrMissingField)
	}
	if err := checkNewSubscription(&req.Subscription); err != nil {
		return plan, err
	}
	if len(req.Invoices) > 0 {
		return plan, fieldErr("Invoices", "%w: a new subscription has no invoices issued yet", ErrInvalidRequest)
	}
	if len(ch.Items) > MaxItems {
		return plan, fieldErr("Changes.Items", "%w: %d items, more than the limit of %d", ErrTooMany, len(ch.Items), MaxItems)
	}
	switch {
	case ch.ResetAnchor:
		return plan, fieldErr("Changes.ResetAnchor", "%w: a new subscription has no cycle to restart (give its anchor)", ErrInvalidRequest)
	case !ch.ProrationDate.IsZero():
		return plan, fieldErr("Changes.ProrationDate", "%w: a new subscription starts at start_date", ErrInvalidRequest)
	case ch.CancelAtPeriodEnd || !ch.CancelAt.IsZero() || ch.CancelNow || ch.Prorate || ch.InvoiceNow:
		return plan, fieldErr("Changes.CancelAt", "%w: cancelling a subscription that does not exist yet", ErrInvalidRequest)
	case ch.Behavior == proration.AlwaysInvoice:
		return plan, fieldErr("Changes.Behavior", "%w: always_invoice is for changes of an existing subscription", ErrInvalidRequest)
	}
	conv, err := convention(req)
	if err != nil {
		return plan, err
	}
	b.conv = conv
	plan.start = ch.StartDate
	if plan.start.IsZero() {
		plan.start = req.Now
		if plan.start.IsZero() {
			return plan, fieldErr("Now", "%w: now (or start_date) is required for a new subscription", ErrMissingField)
		}
	}
	if err := b.checkTaxRates(ch.DefaultTaxRates, "Changes.DefaultTaxRates"); err != nil {
		return plan, err
	}
	if err := b.checkDiscounts(ch.Discounts, "Changes.Discounts"); err != nil {
		return plan, err
	}
	taken := map[string]int{}
	b.slots = make([]slot, 0, len(ch.Items))
	for j := range ch.Items {
		c := &ch.Items[j]
		p := itemPath{change: true, i: j}
		switch {
		case c.ID != "":
			return plan, fieldErr(p.field("ID"), "%w: %q: a new subscription has no items yet; leave the id out", ErrInvalidRequest, short(c.ID))
		case c.Deleted:
			return plan, fieldErr(p.field("Deleted"), "%w: a new subscription has no items to delete", ErrInvalidRequest)
		case c.Price == nil:
			return plan, fieldErr(p.field("Price"), "%w: price (required for a new item)", ErrMissingField)
		}
		it := &Item{ID: generatedID("new_", j+1, taken), Price: *c.Price, Quantity: c.Quantity, TaxRates: c.TaxRates, Discounts: c.Discounts}
		taken[it.ID] = j
		if err := b.checkItem(it, p); err != nil {
			return plan, err
		}
		b.slots = append(b.slots, slot{id: it.ID, new: it, newPath: p, changed: true})
	}
	iv, count, _, err := b.intervals(b.slots, true)
	if err != nil {
		return plan, err
	}
	plan.iv, plan.count = iv, count
	b.interval, b.count = iv, count
	if err := b.newTrial(&plan); err != nil {
		return plan, err
	}
	if err := b.newAnchor(&plan); err != nil {
		return plan, err
	}
	cycle, err := proration.NewCycle(plan.anchor, iv, count)
	if err != nil {
		return plan, pricing.InField("Changes.Anchor", err)
	}
	b.cycle = cycle
	b.lines = make([]Line, 0, len(b.slots))
	b.lineSlots = make([]int, 0, len(b.slots))
	b.quotes = make([]pricing.Quote, 0, len(b.slots))
	for id := range req.Usage {
		if s := b.slotOf(id); s == nil {
			return plan, fieldErr("Usage["+short(id)+"]", "%w: %q is not an item of the new subscription (its items are named new_N, N their position in changes.items)", ErrInvalidRequest, short(id))
		}
	}
	return plan, b.checkUsage()
}

// newTrial sets a new subscription's trial end from TrialEnd or TrialPeriodDays.
func (b *builder) newTrial(plan *newPlan) error {
	ch := b.req.Changes
	switch {
	case !ch.TrialEnd.IsZero() && ch.TrialPeriodDays != 0:
		return fieldErr("Changes.TrialPeriodDays", "%w: give trial_end or trial_period_days, not both", ErrConflict)
	case ch.TrialEndNow && (ch.TrialPeriodDays != 0 || !ch.TrialEnd.IsZero()):
		return fieldErr("Changes.TrialEndNow", "%w: trial_end \"now\" means no trial", ErrConflict)
	case ch.TrialPeriodDays < 0 || ch.TrialPeriodDays > MaxTrialDays:
		return fieldErr("Changes.TrialPeriodDays", "%w: %d days (want 0 to %d)", ErrInvalidValue, ch.TrialPeriodDays, MaxTrialDays)
	case ch.TrialPeriodDays > 0:
		plan.trialEnd = plan.start.Add(time.Duration(ch.TrialPeriodDays) * 24 * time.Hour)
	case !ch.TrialEnd.IsZero():
		if !ch.TrialEnd.After(plan.start) {
			return fieldErr("Changes.TrialEnd", "%w: trial_end %s is not after the start %s", ErrInvalidRequest, fmtTime(ch.TrialEnd), fmtTime(plan.start))
		}
		if ch.TrialEnd.Sub(plan.start) > MaxTrialDays*24*time.Hour {
			return fieldErr("Changes.TrialEnd", "%w: a trial of more than %d days", ErrInvalidRequest, MaxTrialDays)
		}
		plan.trialEnd = ch.TrialEnd
	}
	return nil
}

// newAnchor sets a new subscription's anchor: Anchor, AnchorConfig's first instant
// on or after the paid start, or the paid start itself.
func (b *builder) newAnchor(plan *newPlan) error {
	ch := b.req.Changes
	from := plan.paidStart()
	switch {
	case !ch.Anchor.IsZero() && ch.AnchorConfig != nil:
		return fieldErr("Changes.AnchorConfig", "%w: give billing_cycle_anchor or billing_cycle_anchor_config, not both", ErrConflict)
	case ch.AnchorConfig != nil:
		a, err := configAnchor(*ch.AnchorConfig, from, plan.iv)
		if err != nil {
			return err
		}
		plan.anchor = a
	case !ch.Anchor.IsZero():
		plan.anchor = ch.Anchor
	default:
		plan.anchor = from
		return nil
	}
	limit, err := plan.iv.Add(from, plan.count)
	if err != nil {
		return pricing.InField("Changes.Anchor", err)
	}
	if plan.anchor.Before(from) || plan.anchor.After(limit) {
		what := "the start"
		if !plan.trialEnd.IsZero() {
			what = "the trial end"
		}
		return fieldErr("Changes.Anchor", "%w: billing_cycle_anchor %s is not within one billing period after %s (%s to %s)",
			ErrInvalidRequest, fmtTime(plan.anchor), what, fmtTime(from), fmtTime(limit))
	}
	return nil
}

// configAnchor is the first instant on or after from at the day of month and time of
// day of c (and its month, for yearly prices), the day clamped to the month's length.
func configAnchor(c AnchorConfig, from time.Time, iv pricing.Interval) (time.Time, error) {
	switch {
	case c.DayOfMonth < 1 || c.DayOfMonth > 31:
		return time.Time{}, fieldErr("Changes.AnchorConfig.DayOfMonth", "%w: %d (want 1 to 31)", ErrInvalidValue, c.DayOfMonth)
	case c.Month < 0 || c.Month > 12:
		return time.Time{}, fieldErr("Changes.AnchorConfig.Month", "%w: %d (want 1 to 12)", ErrInvalidValue, c.Month)
	case c.Month != 0 && iv != pricing.Year:
		return time.Time{}, fieldErr("Changes.AnchorConfig.Month", "%w: month is for yearly prices", ErrInvalidValue)
	case iv != pricing.Month && iv != pricing.Year:
		return time.Time{}, fieldErr("Changes.AnchorConfig", "%w: billing_cycle_anchor_config is for monthly and yearly prices", ErrInvalidValue)
	case c.Hour < 0 || c.Hour > 23:
		return time.Time{}, fieldErr("Changes.AnchorConfig.Hour", "%w: %d (want 0 to 23)", ErrInvalidValue, c.Hour)
	case c.Minute < 0 || c.Minute > 59:
		return time.Time{}, fieldErr("Changes.AnchorConfig.Minute", "%w: %d (want 0 to 59)", ErrInvalidValue, c.Minute)
	case c.Second < 0 || c.Second > 59:
		return time.Time{}, fieldErr("Changes.AnchorConfig.Second", "%w: %d (want 0 to 59)", ErrInvalidValue, c.Second)
	}
	from = from.UTC()
	at := func(y int, m time.Month) time.Time {
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return time.Date(y, m, min(c.DayOfMonth, last), c.Hour, c.Minute, c.Second, 0, time.UTC)
	}
	for k := 0; k < 25; k++ {
		y, m := from.Year(), from.Month()+time.Month(k)
		t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		if c.Month != 0 && t.Month() != time.Month(c.Month) {
			continue
		}
		if a := at(t.Year(), t.Month()); !a.Before(from) {
			return a, nil
		}
	}
	return time.Time{}, fieldErr("Changes.AnchorConfig", "%w: no such instant within two years", ErrInvalidValue)
}

// recurringInvoice advances from the next invoice to the steady-state recurring one: the
// first invoice without trial or proration lines (a change's prorations left out).
func recurringInvoice(req Request, inv Invoice, next *Request) (Invoice, *Request, error) {
	if ch := req.Changes; ch != nil && ch.Behavior == proration.CreateProrations && !isNew(&req) &&
		ch.TrialEnd.IsZero() && !ch.TrialEndNow && !ch.ResetAnchor && !ch.CancelNow && ch.CancelAt.IsZero() && !ch.CancelAtPeriodEnd {
		c := *ch
		c.Behavior = proration.None
		r := req
		r.Changes = &c
		var err error
		if inv, next, err = previewOnce(r, true); err != nil {
			return Invoice{}, nil, err
		}
	}
	for k := 0; k < 4; k++ {
		if isRecurringInvoice(inv) {
			return inv, next, nil
		}
		if next == nil {
			break
		}
		next.CustomerBalance = inv.EndingBalance
		var err error
		if inv, next, err = previewOnce(*next, true); err != nil {
			return Invoice{}, nil, pricing.InField("PreviewMode", err)
		}
	}
	if isRecurringInvoice(inv) {
		return inv, next, nil
	}
	return Invoice{}, nil, fieldErr("PreviewMode", "%w: the subscription has no recurring invoice (it ends first)", ErrInvalidRequest)
}

func isRecurringInvoice(inv Invoice) bool {
	for _, l := range inv.Lines {
		if l.Trial || l.Proration {
			return false
		}
	}
	return len(inv.Lines) > 0
}

// checkNewSubscription refuses the fields of a new subscription's (zero) Subscription
// that only an existing one has: its changes give them.
func checkNewSubscription(s *Subscription) error {
	switch {
	case len(s.Discounts) > 0:
		return fieldErr("Subscription.Discounts", "%w: a new subscription's discounts are Changes.Discounts", ErrInvalidRequest)
	case len(s.DefaultTaxRates) > 0:
		return fieldErr("Subscription.DefaultTaxRates", "%w: a new subscription's default tax rates are Changes.DefaultTaxRates", ErrInvalidRequest)
	case !s.Anchor.IsZero():
		return fieldErr("Subscription.Anchor", "%w: a new subscription's anchor is Changes.Anchor", ErrInvalidRequest)
	case !s.StartDate.IsZero():
		return fieldErr("Subscription.StartDate", "%w: a new subscription's start is Changes.StartDate", ErrInvalidRequest)
	case !s.TrialStart.IsZero() || !s.TrialEnd.IsZero():
		return fieldErr("Subscription.TrialEnd", "%w: a new subscription's trial is Changes.TrialEnd or TrialPeriodDays", ErrInvalidRequest)
	}
	return nil
}
