package invoice

import (
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

func (b *builder) init() error {
	req := &b.req
	b.cur = req.Currency
	if req.Currency.IsZero() {
		return fieldErr("Currency", "%w: currency", ErrMissingField)
	}
	sub := &req.Subscription
	if !sub.Period.End.After(sub.Period.Start) {
		return fieldErr("Subscription.Period.End", "%w: %s is not after current_period_start %s: %w",
			ErrInvalidRequest, fmtTime(sub.Period.End), fmtTime(sub.Period.Start), proration.ErrInvalidPeriod)
	}
	b.period = sub.Period
	if len(sub.Items) > MaxItems {
		return fieldErr("Subscription.Items", "%w: %d items, more than the limit of %d", ErrTooMany, len(sub.Items), MaxItems)
	}
	if !req.CustomerBalance.IsZero() && req.CustomerBalance.Currency() != b.cur {
		return fieldErr("CustomerBalance", "%w: balance in %s, invoice in %s", pricing.ErrCurrencyMismatch, req.CustomerBalance.Currency(), b.cur)
	}
	if err := pricing.CheckMoneyBounds(req.CustomerBalance); err != nil {
		return pricing.InField("CustomerBalance", err)
	}
	conv, err := convention(req)
	if err != nil {
		return err
	}
	b.conv = conv
	nChanges := 0
	if req.Changes != nil {
		nChanges = len(req.Changes.Items)
		if nChanges > MaxItems {
			return fieldErr("Changes.Items", "%w: %d item changes, more than the limit of %d", ErrTooMany, nChanges, MaxItems)
		}
	}
	// IDs: every given ID is taken; items without one are named si_N.
	taken := make(map[string]int, len(sub.Items)+nChanges)
	for i := range sub.Items {
		if id := sub.Items[i].ID; id != "" {
			if _, dup := taken[id]; dup {
				return fieldErr(itemPath{i: i}.field("ID"), "%w: duplicate item id %q", ErrInvalidRequest, short(id))
			}
			taken[id] = i
		}
	}
	if ch := req.Changes; ch != nil {
		for j := range ch.Items {
			if id := ch.Items[j].ID; id != "" {
				if _, ok := taken[id]; !ok {
					taken[id] = -1 // not an item: refused below, but never generated
				}
			}
		}
	}
	b.items = sub.Items // only read, unless an ID is filled in: then a copy
	for i := range sub.Items {
		if sub.Items[i].ID == "" {
			b.items = append([]Item(nil), sub.Items...)
			break
		}
	}
	b.slots = make([]slot, 0, len(sub.Items)+nChanges)
	ids := make(map[string]int, len(sub.Items))
	for i := range b.items {
		it := &b.items[i]
		if it.ID == "" {
			it.ID = generatedID("si_", i+1, taken)
			taken[it.ID] = i
		}
		p := itemPath{i: i}
		if err := b.checkItem(it, p); err != nil {
			return err
		}
		ids[it.ID] = i
		b.slots = append(b.slots, slot{id: it.ID, old: it, new: it, oldPath: p, newPath: p})
	}
	if err := b.checkTaxRates(sub.DefaultTaxRates, "Subscription.DefaultTaxRates"); err != nil {
		return err
	}
	if err := b.checkMode(); err != nil {
		return err
	}
	if err := b.checkDiscounts(sub.Discounts, "Subscription.Discounts"); err != nil {
		return err
	}
	// The subscription's interval: the one every item shares, or the shortest
	// (flexible mode).
	iv, count, set, err := b.intervals(b.slots, false)
	if err != nil {
		return err
	}
	if !set {
		iv, count = pricing.Month, 1
	}
	b.interval, b.count = iv, count
	anchor := sub.Anchor
	if anchor.IsZero() {
		anchor = sub.Period.Start
	}
	cycle, err := proration.NewCycle(anchor, b.interval, b.count)
	if err != nil {
		return pricing.InField("Subscription.Anchor", err)
	}
	b.cycle = cycle
	if err := b.checkPeriod(); err != nil {
		return err
	}
	for i := range b.items {
		if err := b.checkItemPeriod(&b.items[i], itemPath{i: i}); err != nil {
			return err
		}
	}
	if ch := req.Changes; ch != nil {
		if err := b.applyChanges(ch, ids, taken); err != nil {
			return err
		}
	}
	// A period line per item, and at most a credit and a charge per changed item.
	b.lines = make([]Line, 0, len(b.slots)+2*nChanges)
	b.lineSlots = make([]int, 0, len(b.slots)+2*nChanges)
	b.quotes = make([]pricing.Quote, 0, len(b.slots))
	if nChanges > 0 {
		b.prorated = make([]proration.Line, 0, 2*nChanges)
		b.sides = make([]proration.Side, 0, 2*nChanges)
	}
	if err := b.checkUsageBefore(); err != nil {
		return err
	}
	return b.checkUsage()
}

// checkUsage refuses usage for an item that does not exist or is not metered: it
// would be ignored.
func (b *builder) checkUsage() error {
	check := func(id, kind string) error {
		s := b.slotOf(id)
		if s == nil {
			return b.noSuchItem("Usage["+short(id)+"]", id, false)
		}
		if !isMetered(s.old) && !isMetered(s.new) {
			return fieldErr("Usage["+short(id)+"]", "%w: %s for item %q, whose price %q is licensed (billed by quantity, not usage): usage is only for metered prices",
				ErrInvalidRequest, kind, short(id), short(s.new.Price.ID()))
		}
		return nil
	}
	for id := range b.req.Usage {
		if err := check(id, "usage"); err != nil {
			return err
		}
	}
	if err := b.checkBucketZone(); err != nil {
		return err
	}
	for id, q := range b.req.AggregatedUsage {
		if err := check(id, "aggregated usage"); err != nil {
			return err
		}
		if err := b.checkAggregatedModel(id); err != nil {
			return err
		}
		if q.Sign() < 0 {
			return fieldErr("AggregatedUsage["+short(id)+"]", "%w: aggregated usage %s is negative", pricing.ErrNegativeQuantity, q)
		}
		if err := pricing.CheckBounds(q); err != nil {
			return pricing.InField("AggregatedUsage["+short(id)+"]", err)
		}
	}
	return nil
}

// slotOf returns the slot of the item id, before or after the change, or nil.
func (b *builder) slotOf(id string) *slot {
	for i := range b.slots {
		if b.slots[i].id == id {
			return &b.slots[i]
		}
	}
	return nil
}

func (b *builder) applyChanges(ch *Changes, ids, taken map[string]int) error {
	req := &b.req
	b.at, b.atField = ch.ProrationDate, "Changes.ProrationDate"
	if b.at.IsZero() {
		b.at, b.atField = req.Now, "Now"
		if b.at.IsZero() && (ch.CancelAtPeriodEnd || !ch.CancelAt.IsZero()) {
			b.at = b.period.Start // a cancellation at a given instant needs no "now"
		}
		if b.at.IsZero() {
			return fieldErr("Now", "%w: now (required with changes)", ErrMissingField)
		}
	}
	if b.atEnd {
		b.at, b.atField = b.period.End, "Schedule"
	} else if !b.period.Contains(b.at) {
		what := "the proration date"
		if b.atField == "Now" {
			what = "now (the default proration date)"
		}
		return fieldErr(b.atField, "%w: %s %s is outside the current period [%s, %s): %w",
			ErrInvalidRequest, what, fmtTime(b.at), fmtTime(b.period.Start), fmtTime(b.period.End), proration.ErrOutsidePeriod)
	}
	if ch.Behavior > proration.None {
		return fieldErr("Changes.Behavior", "%w: proration behavior %d", proration.ErrInvalidBehavior, ch.Behavior)
	}
	if err := b.checkLifecycle(ch); err != nil {
		return err
	}
	if ch.Discounts != nil {
		if err := b.checkDiscounts(ch.Discounts, "Changes.Discounts"); err != nil {
			return err
		}
	}
	if ch.DefaultTaxRates != nil {
		if err := b.checkTaxRates(ch.DefaultTaxRates, "Changes.DefaultTaxRates"); err != nil {
			return err
		}
	}
	seen := make(map[string]bool, len(ch.Items))
	for j := range ch.Items {
		c := &ch.Items[j]
		p := itemPath{change: true, i: j}
		if c.ID != "" {
			if seen[c.ID] {
				return fieldErr(p.field("ID"), "%w: item %q changed twice", ErrInvalidRequest, short(c.ID))
			}
			seen[c.ID] = true
		}
		i, exists := ids[c.ID]
		if c.ID != "" && !exists {
			return b.noSuchItem(p.field("ID"), c.ID, true)
		}
		if c.Quantity != nil {
			if c.Quantity.Sign() < 0 {
				return fieldErr(p.field("Quantity"), "%w: quantity %s is negative", pricing.ErrNegativeQuantity, *c.Quantity)
			}
			if err := pricing.CheckBounds(*c.Quantity); err != nil {
				return pricing.InField(p.field("Quantity"), err)
			}
		}
		if c.ID == "" {
			if c.Deleted {
				return fieldErr(p.field("ID"), "%w: a deletion names the item to delete", ErrMissingField)
			}
			if c.Price == nil {
				return fieldErr(p.field("Price"), "%w: price (required for a new item)", ErrMissingField)
			}
			it := &Item{ID: generatedID("new_", j+1, taken), Price: *c.Price, Quantity: c.Quantity, TaxRates: c.TaxRates, Discounts: c.Discounts}
			taken[it.ID] = -1
			if err := b.checkItem(it, p); err != nil {
				return err
			}
			b.slots = append(b.slots, slot{id: it.ID, new: it, newPath: p, changed: true})
			continue
		}
		s := &b.slots[i]
		if c.Deleted {
			if c.Price != nil || c.Quantity != nil || c.TaxRates != nil || c.Discounts != nil {
				return fieldErr(p.field("Deleted"), "%w: a deleted item takes no price, quantity, tax rates or discounts", ErrConflict)
			}
			s.new, s.changed, s.newPath = nil, true, p
			continue
		}
		it := *s.old
		if c.Price != nil {
			it.Price = *c.Price
			if it.Price.IsMetered() && c.Quantity == nil {
				it.Quantity = nil // a metered price takes no quantity
			}
		}
		if c.Quantity != nil {
			it.Quantity = c.Quantity
		}
		if c.TaxRates != nil {
			it.TaxRates = c.TaxRates
		}
		if c.Discounts != nil {
			it.Discounts = c.Discounts
		}
		if err := b.checkItem(&it, p); err != nil {
			return err
		}
		s.new, s.newPath = &it, p
		s.changed = c.Price != nil && priceChanged(s.old.Price, it.Price) || !it.quantity().Equal(s.old.quantity())
	}
	return nil
}

// priceChanged reports whether replacing old by new changes what the item bills: a
// price without an ID is never the same as another, two prices of one ID are the
// same (the identity check has made sure they are identical).
func priceChanged(old, new pricing.Price) bool {
	return old.ID() == "" || new.ID() == "" || old.ID() != new.ID()
}

// usageFor aggregates the usage of a metered item over [start, end), as its price
// says (pricing.Price.AggregateUsage: by quantity, per bucket, the records'
// amounts, or the records as transactions).
func (b *builder) usageFor(it *Item, start, end time.Time) (pricing.Usage, error) {
	r, _ := it.Price.Recurring()
	if q, ok := b.req.AggregatedUsage[it.ID]; ok {
		return pricing.Usage{Quantity: q, Aggregation: r.AggregateUsage, Start: start, End: end}, nil
	}
	var (
		u   pricing.Usage
		err error
	)
	if it.Price.IsProrated() {
		u, err = pricing.AggregateProrated(b.req.Usage[it.ID], b.proratedPeriod(start, end))
	} else {
		u, err = it.Price.AggregateUsage(b.req.Usage[it.ID], start, end)
	}
	if err != nil {
		return pricing.Usage{}, pricing.InField("Usage["+short(it.ID)+"]", err)
	}
	return u, nil
}

func isMetered(it *Item) bool  { return it != nil && it.Price.IsMetered() }
func isLicensed(it *Item) bool { return it != nil && !it.Price.IsMetered() }
