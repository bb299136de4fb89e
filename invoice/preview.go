package invoice

import (
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Preview computes the invoice a request describes, as Stripe's upcoming invoice
// (classic billing mode):
//
//   - no Changes: the renewal invoice at the end of the current period: licensed
//     items in advance for the next period, metered items in arrears for the current one;
//   - create_prorations: the renewal in the changed state, preceded by the proration
//     lines of each changed, added or deleted licensed item;
//   - always_invoice: only the proration lines, as an invoice issued at the proration date;
//   - none: the renewal in the changed state without proration lines;
//   - ResetAnchor, or a change that moves every item to another interval: the invoice
//     issued at the proration date: credits for the unused time of the old licensed
//     items (unless none), the new licensed items in full for a new period from the
//     proration date, and the metered usage up to it.
//
// The request is computed exactly as given or refused: every rule a request must
// follow (in the package documentation) is checked before any amount is computed.
// Errors are [*pricing.FieldError] values whose Field is the Go path of the field in
// Request ("Subscription.Items[1].Price", "Changes.Items[0].ID", "Usage[si_3]") and
// which wrap a sentinel of this package or of pricing, proration or discount.
//
// Preview is a pure function of req: it reads no clock and is safe for concurrent use.
func Preview(req Request) (Invoice, error) {
	if req.Forecast < 0 || req.Forecast > MaxForecast {
		return Invoice{}, fieldErr("Forecast", "%w: %d invoices (want 0 to %d)", ErrTooMany, req.Forecast, MaxForecast)
	}
	if req.PreviewMode > PreviewRecurring {
		return Invoice{}, fieldErr("PreviewMode", "%w: preview mode %d", ErrInvalidValue, req.PreviewMode)
	}
	if req.Schedule != nil {
		var err error
		if req, err = withSchedule(req); err != nil {
			return Invoice{}, err
		}
	}
	inv, next, err := previewOnce(req)
	if err != nil {
		return Invoice{}, err
	}
	if req.PreviewMode == PreviewRecurring {
		if inv, next, err = recurringInvoice(req, inv, next); err != nil {
			return Invoice{}, err
		}
	}
	for k := 0; k < req.Forecast && next != nil; k++ {
		next.CustomerBalance = lastBalance(inv, k)
		if next.BillingMode == Flexible {
			prev := inv
			if k > 0 {
				prev = inv.Forecast[k-1]
			}
			next.Invoices = append(append([]IssuedInvoice(nil), next.Invoices...), prev.Issued())
		}
		f, n, err := previewOnce(*next)
		if err != nil {
			return Invoice{}, pricing.InField("Forecast["+strconv.Itoa(k)+"]", err)
		}
		inv.Forecast = append(inv.Forecast, f)
		next = n
	}
	return inv, nil
}

// lastBalance is the ending balance of the invoice before forecast invoice k.
func lastBalance(inv Invoice, k int) pricing.Money {
	if k == 0 {
		return inv.EndingBalance
	}
	return inv.Forecast[k-1].EndingBalance
}

// previewOnce computes one invoice and the request of the one after it (nil where
// the subscription ends).
func previewOnce(req Request) (Invoice, *Request, error) {
	if s := req.Schedule; s != nil && req.Changes == nil {
		spans, err := s.resolve(time.Time{})
		if err != nil {
			return Invoice{}, nil, err
		}
		req = scheduled(req, spans)
	}
	if isNew(&req) {
		return previewNew(req)
	}
	b := builder{req: req}
	if err := b.init(); err != nil {
		return Invoice{}, nil, err
	}
	b.since = b.period.Start
	if err := b.build(); err != nil {
		return Invoice{}, nil, err
	}
	next, err := b.next()
	if err != nil {
		return Invoice{}, nil, err
	}
	inv, err := b.finish()
	return inv, next, err
}

// slot is an item in the order the invoice lists it, with its state before and after
// the change (nil when it does not exist on that side).
type slot struct {
	id       string
	old, new *Item
	oldPath  itemPath // Go path of the old state, for errors
	newPath  itemPath // Go path of the new state (a change entry or the same item)
	changed  bool     // price or quantity differ, or added, or deleted
}

type builder struct {
	req      Request
	cur      pricing.Currency
	period   proration.Period
	cycle    proration.Cycle
	interval pricing.Interval
	count    int
	slots    []slot
	reset    bool // the change restarts the billing cycle at the proration date
	ids      identities
	items    []Item // the subscription's items with their IDs filled in

	at        time.Time // the proration date, with changes
	atField   string    // the field at came from: Changes.ProrationDate or Now
	issued    time.Time // the instant the invoice is issued, for discount activity
	since     time.Time // when the previous invoice was issued (zero: none)
	quotes    []pricing.Quote
	inv       Invoice
	lines     []Line
	lineSlots []int // the slot of each line, for errors
	// the proration lines and their sides, each allocated together (a line's
	// Prorated points into prorated)
	prorated []proration.Line
	sides    []proration.Side
}

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
	b.items = append([]Item(nil), sub.Items...)
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
	// The subscription's interval: every recurring price shares it.
	iv, count, _, set, err := sharedInterval(b.slots, false)
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
	for id, q := range b.req.AggregatedUsage {
		if err := check(id, "aggregated usage"); err != nil {
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
		if b.at.IsZero() {
			return fieldErr("Now", "%w: now (required with changes)", ErrMissingField)
		}
	}
	if ch.atPeriodEnd {
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

// usageFor aggregates the usage of a metered item over [start, end).
func (b *builder) usageFor(it *Item, start, end time.Time) (pricing.Usage, error) {
	r, _ := it.Price.Recurring()
	if q, ok := b.req.AggregatedUsage[it.ID]; ok {
		return pricing.Usage{Quantity: q, Aggregation: r.AggregateUsage, Start: start, End: end}, nil
	}
	u, err := pricing.Aggregate(b.req.Usage[it.ID], start, end, r.AggregateUsage)
	if err != nil {
		return pricing.Usage{}, pricing.InField("Usage["+short(it.ID)+"]", err)
	}
	return u, nil
}

func isMetered(it *Item) bool  { return it != nil && it.Price.IsMetered() }
func isLicensed(it *Item) bool { return it != nil && !it.Price.IsMetered() }

func (b *builder) build() error {
	req := &b.req
	ch := req.Changes
	if ch == nil {
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		return b.renewal(false)
	}

	if done, err := b.buildLifecycle(ch); done || err != nil {
		return err
	}
	if ch.atPeriodEnd {
		return b.phaseRenewal()
	}
	at := b.at
	// Every recurring item of the new state shares one interval (as Stripe requires);
	// a new interval restarts the cycle.
	newInterval, newCount, _, set, err := sharedInterval(b.slots, true)
	if err != nil {
		return err
	}
	reset := ch.ResetAnchor
	if set && (newInterval != b.interval || newCount != b.count) {
		if req.BillingMode == Flexible {
			return fieldErr("Changes.Items", "%w: in flexible mode an interval change keeps the anchor and mixes intervals, which is not supported yet", ErrInvalidRequest)
		}
		reset = true
	} else if !set {
		newInterval, newCount = b.interval, b.count
	}
	factor, err := proration.NewFactor(b.period, at, req.Proration)
	if err != nil {
		return pricing.InField(b.atField, err)
	}
	b.reset = reset
	if reset {
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, at
		b.issued = at
		if ch.Behavior != proration.None {
			for i := range b.slots {
				s := &b.slots[i]
				if isLicensed(s.old) {
					if err := b.prorate(i, factor, true, false); err != nil {
						return err
					}
				}
			}
		}
		field := "Changes.ResetAnchor"
		if !ch.ResetAnchor {
			field = "Changes.Items"
		}
		cycle, err := proration.NewCycle(at, newInterval, newCount)
		if err != nil {
			return pricing.InField(field, err)
		}
		end, err := cycle.Boundary(1)
		if err != nil {
			return pricing.InField(field, err)
		}
		newPeriod, err := proration.NewPeriod(at, end)
		if err != nil {
			return pricing.InField(field, err)
		}
		for i := range b.slots {
			s := &b.slots[i]
			switch {
			case isLicensed(s.new):
				if err := b.fullLine(i, s.new, s.newPath, newPeriod); err != nil {
					return err
				}
			case isMetered(s.new):
				if err := b.usageLine(i, s.new, s.newPath, b.usageFrom(), at); err != nil {
					return err
				}
			case s.new == nil && isMetered(s.old):
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), at); err != nil {
					return err
				}
			}
		}
		return nil
	}
	switch ch.Behavior {
	case proration.AlwaysInvoice:
		b.inv.PeriodStart, b.inv.PeriodEnd = at, at
		b.issued = at
		if err := b.prorations(factor); err != nil {
			return err
		}
		for i := range b.slots {
			s := &b.slots[i]
			if s.new == nil && isMetered(s.old) {
				if err := b.usageLine(i, s.old, s.oldPath, b.usageFrom(), at); err != nil {
					return err
				}
			}
		}
		return nil
	case proration.None:
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		return b.renewal(true)
	default:
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		if err := b.prorations(factor); err != nil {
			return err
		}
		return b.renewal(true)
	}
}

// prorations adds the proration lines of every changed licensed item: the credit for
// the old state, then the charge for the new.
func (b *builder) prorations(f proration.Factor) error {
	if b.trialing() {
		return nil // the trial bills 0: a change during it prorates nothing
	}
	for i := range b.slots {
		s := &b.slots[i]
		if !s.changed {
			continue
		}
		if err := b.prorate(i, f, isLicensed(s.old), isLicensed(s.new)); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) side(it *Item, p itemPath) (proration.Side, error) {
	q, err := it.Price.Quote(b.cur, it.quantity())
	if err != nil {
		return proration.Side{}, pricing.InField(p.field("Price"), err)
	}
	return proration.Side{Name: it.Price.DisplayName(), PriceID: it.Price.ID(), Quantity: it.quantity(), Amount: q.Exact}, nil
}

func (b *builder) prorate(si int, f proration.Factor, credit, charge bool) error {
	s := &b.slots[si]
	c := proration.Change{ItemID: s.id}
	if credit && b.req.BillingMode == Flexible {
		if err := b.flexibleCredits(si, f.At); err != nil {
			return err
		}
		credit = false
	}
	if credit {
		side, err := b.side(s.old, s.oldPath)
		if err != nil {
			return err
		}
		b.sides = append(b.sides, side)
		c.From = &b.sides[len(b.sides)-1]
	}
	if charge {
		side, err := b.side(s.new, s.newPath)
		if err != nil {
			return err
		}
		b.sides = append(b.sides, side)
		c.To = &b.sides[len(b.sides)-1]
	}
	if c.From == nil && c.To == nil {
		return nil
	}
	start := len(b.prorated)
	var err error
	if b.prorated, err = c.AppendLines(b.prorated, f); err != nil {
		return pricing.InField(s.newPath.String(), err)
	}
	for k := start; k < len(b.prorated); k++ {
		l := &b.prorated[k]
		it, p := s.new, s.newPath
		if l.Credit {
			it, p = s.old, s.oldPath
		}
		line := Line{
			Amount:    l.Amount,
			Quantity:  l.Side.Quantity,
			Proration: true,
			Item:      s.id,
			Price:     l.Side.PriceID,
			Period:    l.Period,
			Prorated:  l,
		}
		if l.Credit && b.req.CapCredits {
			b.capCredit(&line, s.id)
		}
		if err := b.add(si, p, line, it); err != nil {
			return err
		}
	}
	return nil
}

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
		f, err := proration.NewFactor(next, b.period.End, proration.BySecond)
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
		if changed && b.req.Changes.atPeriodEnd {
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
	q, err := it.Price.Quote(b.cur, u.Quantity)
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

// keptTiers is the most tiers a quote keeps for its explanation; a line of a price
// with more recomputes them when it is explained, so that memory stays bounded.
const keptTiers = 16

// quote keeps q with the builder's other quotes, allocated together, and returns it.
func (b *builder) quote(q pricing.Quote) *pricing.Quote {
	if len(q.Tiers) > keptTiers {
		q.Tiers = nil
	}
	b.quotes = append(b.quotes, q)
	return &b.quotes[len(b.quotes)-1]
}

// appendDescription appends Stripe's line description: "3 × Gold (at 10.00 USD / month)".
func appendDescription(b []byte, it *Item, q *pricing.Quote) []byte {
	b = text.AppendDecimal(b, q.Quantity)
	b = append(b, " × "...)
	b = append(b, it.Price.DisplayName()...)
	if q.Scheme == pricing.Tiered {
		b = append(b, " (tiered, "...)
		b = append(b, q.TiersMode.String()...)
	} else {
		b = append(b, " (at "...)
		b = pricing.New(q.UnitAmount, q.Currency).AppendText(b)
		b = append(b, ' ')
		b = append(b, q.Currency.Code()...)
	}
	if r, ok := it.Price.Recurring(); ok {
		b = append(b, " / "...)
		if r.IntervalCount > 1 {
			b = strconv.AppendInt(b, int64(r.IntervalCount), 10)
			b = append(b, ' ')
			b = append(b, r.Interval.String()...)
			b = append(b, 's')
		} else {
			b = append(b, r.Interval.String()...)
		}
	}
	return append(b, ')')
}

func (b *builder) finish() (Invoice, error) {
	req := &b.req
	cur := b.cur
	inv := &b.inv
	inv.Currency = cur
	inv.Lines = b.lines
	inv.IssuedAt = b.issued

	// Discounts: which are active, then how they apply.
	timing := discount.Timing{Issued: b.issued, PeriodStart: b.issued, Since: b.since}
	dlines := make([]discount.Line, len(b.lines))
	for i := range b.lines {
		it := b.lines[i].item
		dlines[i] = discount.Line{
			Item:      b.lines[i].Item,
			Amount:    b.lines[i].Amount,
			Product:   it.Price.Product().ID,
			Proration: b.lines[i].Proration,
			Discounts: activeDiscounts(it.Discounts, timing),
		}
		if b.lines[i].Credited != nil {
			// A flexible credit carries the debit's own discounts and taxes.
			dlines[i].Amount, dlines[i].Discounts = pricing.Zero(cur), nil
		}
	}
	subDiscounts := activeDiscounts(b.subDiscounts(), timing)
	results, err := discount.Apply(cur, dlines, subDiscounts)
	if err != nil {
		return Invoice{}, pricing.InField("Subscription.Discounts", err)
	}
	n := 0
	for i := range results {
		n += len(results[i].Discounts)
	}
	amounts := make([]DiscountAmount, n) // every line's discounts, in one array
	for i := range b.lines {
		if b.lines[i].Credited != nil {
			results[i].Net = b.lines[i].Net()
			continue
		}
		if ds := results[i].Discounts; len(ds) > 0 {
			l := &b.lines[i]
			l.Discounts, amounts = amounts[:len(ds):len(ds)], amounts[len(ds):]
			for k, a := range ds {
				l.Discounts[k] = DiscountAmount{Coupon: a.Coupon, Amount: a.Amount, applied: a}
			}
		}
	}
	inv.UnappliedDiscounts = b.unapplied(timing, dlines)

	// Taxes.
	computeTaxes(cur, b.lines, results, b.defaultTaxRates(), req.TaxRounding)
	if err := b.checkTotals(); err != nil {
		return Invoice{}, err
	}
	return totals(*inv, req.CustomerBalance), nil
}

// checkTotals refuses an invoice whose lines or running totals pass ±10^15 minor
// units, naming the item whose line passes them.
func (b *builder) checkTotals() error {
	var sub, total, due int64
	if m, err := b.req.CustomerBalance.MinorUnits(); err == nil {
		due = m
	}
	for i := range b.lines {
		l := &b.lines[i]
		a, _ := l.Amount.MinorUnits()
		t := a
		for _, d := range l.Discounts {
			m, _ := d.Amount.MinorUnits()
			t -= m
		}
		for _, x := range l.Taxes {
			if !x.TaxRate.Inclusive() {
				m, _ := x.Amount.MinorUnits()
				t += m
			}
		}
		sub += a
		total += t
		due += t
		if t > maxMinor || t < -maxMinor || sub > maxMinor || sub < -maxMinor || total > maxMinor || total < -maxMinor || due > maxMinor || due < -maxMinor {
			s := &b.slots[b.lineSlots[i]]
			p := s.newPath
			if l.Proration && s.new == nil || l.Prorated != nil && l.Prorated.Credit {
				p = s.oldPath
			}
			return fieldErr(p.String(), "%w: with this item's line the invoice's totals pass ±10^15 minor units", pricing.ErrOutOfRange)
		}
	}
	return nil
}

// lookup finds an entry of a list that grows, among entries filed under a key: by
// scanning them all while there are few, through a map from key to entries once
// there are many, so that thousands of coupons or rates are summed in linear time.
type lookup[K comparable] struct{ byKey map[K][]int }

// lookupScan is how many entries are scanned before they are filed in a map.
const lookupScan = 8

// find returns the first of the n entries filed under k for which same holds, or -1.
func (l *lookup[K]) find(n int, k K, same func(int) bool) int {
	if l.byKey == nil {
		for i := 0; i < n; i++ {
			if same(i) {
				return i
			}
		}
		return -1
	}
	for _, i := range l.byKey[k] {
		if same(i) {
			return i
		}
	}
	return -1
}

// file files the last of n entries under k; keyOf gives the key of an earlier one,
// filed at once when n first passes lookupScan.
func (l *lookup[K]) file(n int, k K, keyOf func(int) K) {
	switch {
	case n <= lookupScan:
	case l.byKey == nil:
		l.byKey = make(map[K][]int, 2*n)
		for i := 0; i < n; i++ {
			kk := keyOf(i)
			l.byKey[kk] = append(l.byKey[kk], i)
		}
	default:
		l.byKey[k] = append(l.byKey[k], n-1)
	}
}

// minorSum adds whole-minor-unit amounts in int64, switching to exact decimals only
// if a sum would overflow.
type minorSum struct {
	v     int64
	d     decimal.Decimal
	exact bool // v overflowed: the sum is in d
}

func (s *minorSum) add(m pricing.Money) {
	if !s.exact {
		x, err := m.MinorUnits()
		if err == nil && !(x > 0 && s.v > math.MaxInt64-x) && !(x < 0 && s.v < math.MinInt64-x) {
			s.v += x
			return
		}
		s.exact, s.d = true, decimal.NewFromInt(s.v)
	}
	s.d = s.d.Add(m.MinorDecimal())
}

func (s *minorSum) money(c pricing.Currency) pricing.Money {
	if s.exact {
		return pricing.FromMinorDecimal(s.d, c)
	}
	return pricing.FromMinor(s.v, c)
}

// totals fills in the invoice's sums from its lines.
func totals(inv Invoice, balance pricing.Money) Invoice {
	cur := inv.Currency
	var subtotal, discounts, inclusive, exclusive minorSum
	type rateSum struct {
		rate            TaxRate
		amount, taxable minorSum
	}
	type couponSum struct {
		coupon string
		amount minorSum
	}
	var couponBuf [4]couponSum
	var rateBuf [4]rateSum
	perCoupon, perRate := couponBuf[:0], rateBuf[:0]
	type rateKey struct {
		id        string
		inclusive bool
	}
	var couponIndex lookup[string]
	var rateIndex lookup[rateKey]
	for i := range inv.Lines {
		l := &inv.Lines[i]
		subtotal.add(l.Amount)
		for _, d := range l.Discounts {
			discounts.add(d.Amount)
			k := couponIndex.find(len(perCoupon), d.Coupon, func(k int) bool { return perCoupon[k].coupon == d.Coupon })
			if k < 0 {
				k = len(perCoupon)
				perCoupon = append(perCoupon, couponSum{coupon: d.Coupon})
				couponIndex.file(len(perCoupon), d.Coupon, func(k int) string { return perCoupon[k].coupon })
			}
			perCoupon[k].amount.add(d.Amount)
		}
		for _, t := range l.Taxes {
			if t.TaxRate.Inclusive() {
				inclusive.add(t.Amount)
			} else {
				exclusive.add(t.Amount)
			}
			key := rateKey{t.TaxRate.ID(), t.TaxRate.Inclusive()}
			k := rateIndex.find(len(perRate), key, func(k int) bool {
				r := &perRate[k].rate
				return r.ID() == t.TaxRate.ID() && r.Inclusive() == t.TaxRate.Inclusive() && r.Percentage().Equal(t.TaxRate.Percentage())
			})
			if k < 0 {
				k = len(perRate)
				perRate = append(perRate, rateSum{rate: t.TaxRate})
				rateIndex.file(len(perRate), key, func(k int) rateKey { return rateKey{perRate[k].rate.ID(), perRate[k].rate.Inclusive()} })
			}
			perRate[k].amount.add(t.Amount)
			perRate[k].taxable.add(t.Taxable)
		}
	}
	inv.Subtotal, inv.TotalDiscount = subtotal.money(cur), discounts.money(cur)
	inv.TotalDiscountAmounts = make([]DiscountAmount, len(perCoupon))
	for k := range perCoupon {
		inv.TotalDiscountAmounts[k] = DiscountAmount{Coupon: perCoupon[k].coupon, Amount: perCoupon[k].amount.money(cur)}
	}
	inv.TotalTaxAmounts = make([]TaxAmount, len(perRate))
	for k := range perRate {
		inv.TotalTaxAmounts[k] = TaxAmount{TaxRate: perRate[k].rate, Taxable: perRate[k].taxable.money(cur), Amount: perRate[k].amount.money(cur)}
	}
	const limit = 1 << 60 // int64 sums of four such values cannot overflow
	small := func(s minorSum) bool { return !s.exact && s.v < limit && s.v > -limit }
	if small(subtotal) && small(discounts) && small(inclusive) && small(exclusive) {
		after := subtotal.v - discounts.v
		inv.Tax = pricing.FromMinor(inclusive.v+exclusive.v, cur)
		inv.TotalExcludingTax = pricing.FromMinor(after-inclusive.v, cur)
		inv.Total = pricing.FromMinor(after+exclusive.v, cur)
	} else {
		incl, excl := inclusive.money(cur), exclusive.money(cur)
		inv.Tax = add(incl, excl)
		afterDiscount := sub(inv.Subtotal, inv.TotalDiscount)
		inv.TotalExcludingTax = sub(afterDiscount, incl)
		inv.Total = add(afterDiscount, excl)
	}
	zero := pricing.Zero(cur)
	if balance.Currency().IsZero() {
		balance = zero
	}
	inv.StartingBalance = balance
	due := add(inv.Total, balance)
	if due.Sign() > 0 {
		inv.AmountDue, inv.EndingBalance = due, zero
	} else {
		inv.AmountDue, inv.EndingBalance = zero, due
	}
	return inv
}
