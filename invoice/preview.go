package invoice

import (
	"fmt"
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
// (classic billing mode) and ../shared/PREVIEW.md define it:
//
//   - no Changes: the renewal invoice at the end of the current period: licensed
//     items in advance for the next period, metered items in arrears for the current one;
//   - create_prorations: the renewal in the changed state, preceded by the proration
//     lines of each changed, added or deleted licensed item;
//   - always_invoice: only the proration lines, as an invoice issued at the proration date;
//   - none: the renewal in the changed state without proration lines;
//   - ResetAnchor, or a change of a licensed item's interval: the invoice issued at the
//     proration date: credits for the unused time of the old licensed items (unless
//     none), the new licensed items in full for a new period from the proration date,
//     and the metered usage up to it.
//
// Preview is a pure function of req: it reads no clock and is safe for concurrent use.
// Errors are [*PathError] values naming the request field (in the preview format's
// JSON path: "subscription.items[1].price") and wrapping a sentinel.
func Preview(req Request) (Invoice, error) {
	b := builder{req: req}
	if err := b.init(); err != nil {
		return Invoice{}, err
	}
	if err := b.build(); err != nil {
		return Invoice{}, err
	}
	return b.finish()
}

// slot is an item in the order the invoice lists it, with its state before and after
// the change (nil when it does not exist on that side).
type slot struct {
	id       string
	old, new *Item
	oldPath  itemPath // JSON path of the old state, for errors
	newPath  itemPath // JSON path of the new state (a change entry or the same item)
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

	issued time.Time       // the instant the invoice is issued, for discount activity
	quotes []pricing.Quote // the period lines' quotes, allocated together
	inv    Invoice
	lines  []Line
	// the proration lines and their sides, each allocated together (a line's
	// Prorated points into prorated)
	prorated []proration.Line
	sides    []proration.Side
}

func (b *builder) init() error {
	req := &b.req
	b.cur = req.Currency
	if req.Currency.IsZero() {
		return &PathError{Path: "currency", Err: fmt.Errorf("%w: currency", ErrMissingField)}
	}
	sub := &req.Subscription
	if !sub.Period.End.After(sub.Period.Start) {
		return &PathError{Path: "subscription.current_period_end", Err: fmt.Errorf("%w: %s is not after current_period_start %s: %w",
			ErrInvalidRequest, fmtTime(sub.Period.End), fmtTime(sub.Period.Start), proration.ErrInvalidPeriod)}
	}
	b.period = sub.Period
	if len(sub.Items) > MaxItems {
		return &PathError{Path: "subscription.items", Err: fmt.Errorf("%w: %d items, more than the limit of %d", ErrTooMany, len(sub.Items), MaxItems)}
	}
	if !req.CustomerBalance.IsZero() && req.CustomerBalance.Currency() != b.cur {
		return &PathError{Path: "customer_balance", Err: fmt.Errorf("%w: balance in %s, invoice in %s", pricing.ErrCurrencyMismatch, req.CustomerBalance.Currency(), b.cur)}
	}
	if err := checkTaxRates(sub.DefaultTaxRates, itemPath{kind: pathSubscription}, "default_tax_rates"); err != nil {
		return err
	}
	if err := checkDiscounts(sub.Discounts, itemPath{kind: pathSubscription}, "discounts", b.cur); err != nil {
		return err
	}
	nChanges := 0
	if req.Changes != nil {
		nChanges = len(req.Changes.Items)
	}
	b.slots = make([]slot, 0, len(sub.Items)+nChanges)
	ids := make(map[string]int, len(sub.Items))
	for i := range sub.Items {
		it := &sub.Items[i]
		p := itemPath{kind: pathItem, i: i}
		if err := checkItem(it, p); err != nil {
			return err
		}
		if err := checkDiscounts(it.Discounts, p, "discounts", b.cur); err != nil {
			return err
		}
		if _, dup := ids[it.ID]; dup {
			return &PathError{Path: p.String() + ".id", Err: fmt.Errorf("%w: duplicate item id %q", ErrInvalidRequest, it.ID)}
		}
		ids[it.ID] = i
		b.slots = append(b.slots, slot{id: it.ID, old: it, new: it, oldPath: p, newPath: p})
	}
	// The subscription's interval: every recurring price must share it.
	if err := b.setInterval(); err != nil {
		return err
	}
	anchor := sub.Anchor
	if anchor.IsZero() {
		anchor = sub.Period.Start
	}
	cycle, err := proration.NewCycle(anchor, b.interval, b.count)
	if err != nil {
		return &PathError{Path: "subscription.billing_cycle_anchor", Err: err}
	}
	b.cycle = cycle
	if ch := req.Changes; ch != nil {
		if err := b.applyChanges(ch, ids); err != nil {
			return err
		}
	}
	// A period line per item, and at most a credit and a charge per changed item.
	b.lines = make([]Line, 0, len(b.slots)+2*nChanges)
	b.quotes = make([]pricing.Quote, 0, len(b.slots))
	if nChanges > 0 {
		b.prorated = make([]proration.Line, 0, 2*nChanges)
		b.sides = make([]proration.Side, 0, 2*nChanges)
	}
	for id := range req.Usage {
		if !b.hasItem(id) {
			return &PathError{Path: "usage." + text.Truncate(id, 40), Err: fmt.Errorf("%w: no subscription item %q", ErrInvalidRequest, text.Truncate(id, 40))}
		}
	}
	return nil
}

// hasItem reports whether id names an item before or after the change.
func (b *builder) hasItem(id string) bool {
	for i := range b.slots {
		if b.slots[i].id == id {
			return true
		}
	}
	return false
}

func (b *builder) setInterval() error {
	set := false
	for _, s := range b.slots {
		r, ok := s.old.Price.Recurring()
		if !ok {
			continue
		}
		count := r.IntervalCount // NewPrice made it ≥ 1
		if !set {
			b.interval, b.count, set = r.Interval, count, true
			continue
		}
		if r.Interval != b.interval || count != b.count {
			return &PathError{Path: s.oldPath.String() + ".price.recurring", Err: fmt.Errorf("%w: every %d %s differs from the subscription's every %d %s",
				ErrInvalidRequest, count, r.Interval, b.count, b.interval)}
		}
	}
	if !set {
		b.interval, b.count = pricing.Month, 1
	}
	return nil
}

func checkItem(it *Item, p itemPath) error {
	if it.quantity().Sign() < 0 {
		return &PathError{Path: p.String() + ".quantity", Err: fmt.Errorf("%w: %s is negative", ErrInvalidValue, it.quantity())}
	}
	if err := pricing.CheckBounds(it.quantity()); err != nil {
		return &PathError{Path: p.String() + ".quantity", Err: err}
	}
	if it.Price.ID() == "" && it.Price.Currency().IsZero() {
		return &PathError{Path: p.String() + ".price", Err: fmt.Errorf("%w: price", ErrMissingField)}
	}
	if err := checkTaxRates(it.TaxRates, p, "tax_rates"); err != nil {
		return err
	}
	return nil
}

// itemPath is the JSON path of an item (or of the subscription), built into a string
// only when an error needs it.
type itemPath struct {
	kind uint8
	i    int
}

const (
	pathItem         = iota // subscription.items[i]
	pathChange              // changes.items[i]
	pathSubscription        // subscription
)

func (p itemPath) String() string {
	switch p.kind {
	case pathItem:
		return "subscription.items[" + strconv.Itoa(p.i) + "]"
	case pathChange:
		return "changes.items[" + strconv.Itoa(p.i) + "]"
	}
	return "subscription"
}

// checkDiscounts verifies the number of discounts and that every amount_off coupon
// has an amount in the invoice currency.
func checkDiscounts(ds []discount.Discount, p itemPath, field string, cur pricing.Currency) error {
	if len(ds) > MaxDiscounts {
		return &PathError{Path: p.String() + "." + field, Err: fmt.Errorf("%w: %d discounts, more than the limit of %d", ErrTooMany, len(ds), MaxDiscounts)}
	}
	for i, d := range ds {
		if d.Coupon.IsPercent() {
			continue
		}
		if _, err := d.Coupon.AmountOffIn(cur); err != nil {
			return &PathError{Path: fmt.Sprintf("%s.%s[%d].coupon", p, field, i), Err: err}
		}
	}
	return nil
}

func checkTaxRates(rates []TaxRate, p itemPath, field string) error {
	if len(rates) > MaxTaxRates {
		return &PathError{Path: p.String() + "." + field, Err: fmt.Errorf("%w: %d tax rates, more than the limit of %d", ErrTooMany, len(rates), MaxTaxRates)}
	}
	return nil
}

func (b *builder) applyChanges(ch *Changes, ids map[string]int) error {
	req := &b.req
	if len(ch.Items) > MaxItems {
		return &PathError{Path: "changes.items", Err: fmt.Errorf("%w: %d item changes, more than the limit of %d", ErrTooMany, len(ch.Items), MaxItems)}
	}
	at := ch.ProrationDate
	if at.IsZero() {
		at = req.Now
		if at.IsZero() {
			return &PathError{Path: "now", Err: fmt.Errorf("%w: now (required with changes)", ErrMissingField)}
		}
	}
	if !b.period.Contains(at) {
		return &PathError{Path: "changes.proration_date", Err: fmt.Errorf("%w: %s is outside the current period [%s, %s): %w",
			ErrInvalidRequest, fmtTime(at), fmtTime(b.period.Start), fmtTime(b.period.End), proration.ErrOutsidePeriod)}
	}
	seen := make(map[string]bool, len(ch.Items))
	for j := range ch.Items {
		c := &ch.Items[j]
		p := itemPath{kind: pathChange, i: j}
		if c.ID != "" {
			if seen[c.ID] {
				return &PathError{Path: p.String() + ".id", Err: fmt.Errorf("%w: item %q changed twice", ErrInvalidRequest, c.ID)}
			}
			seen[c.ID] = true
		}
		if c.Quantity != nil {
			if c.Quantity.Sign() < 0 {
				return &PathError{Path: p.String() + ".quantity", Err: fmt.Errorf("%w: %s is negative", ErrInvalidValue, *c.Quantity)}
			}
			if err := pricing.CheckBounds(*c.Quantity); err != nil {
				return &PathError{Path: p.String() + ".quantity", Err: err}
			}
		}
		if err := checkTaxRates(c.TaxRates, p, "tax_rates"); err != nil {
			return err
		}
		if err := checkDiscounts(c.Discounts, p, "discounts", b.cur); err != nil {
			return err
		}
		i, exists := ids[c.ID]
		if c.ID == "" || !exists {
			if c.Deleted {
				return &PathError{Path: p.String() + ".id", Err: fmt.Errorf("%w: cannot delete unknown item %q", ErrInvalidRequest, c.ID)}
			}
			if c.Price == nil {
				return &PathError{Path: p.String() + ".price", Err: fmt.Errorf("%w: price (required for a new item)", ErrMissingField)}
			}
			it := &Item{ID: c.ID, Price: *c.Price, TaxRates: c.TaxRates, Discounts: c.Discounts}
			if it.ID == "" {
				it.ID = fmt.Sprintf("new_%d", j+1)
			}
			it.Quantity = c.Quantity
			b.slots = append(b.slots, slot{id: it.ID, new: it, newPath: p, changed: true})
			continue
		}
		s := &b.slots[i]
		if c.Deleted {
			s.new, s.changed, s.newPath = nil, true, p
			continue
		}
		it := *s.old
		if c.Price != nil {
			it.Price = *c.Price
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
		s.new, s.newPath = &it, p
		s.changed = it.Price.ID() != s.old.Price.ID() || !it.quantity().Equal(s.old.quantity())
	}
	return nil
}

// usageFor aggregates the usage of a metered item over [start, end).
func (b *builder) usageFor(it *Item, start, end time.Time) (pricing.Usage, error) {
	r, _ := it.Price.Recurring()
	if q, ok := b.req.AggregatedUsage[it.ID]; ok {
		if q.Sign() < 0 {
			return pricing.Usage{}, &PathError{Path: "usage." + text.Truncate(it.ID, 40), Err: fmt.Errorf("%w: aggregated usage %s is negative", ErrInvalidValue, q)}
		}
		if err := pricing.CheckBounds(q); err != nil {
			return pricing.Usage{}, &PathError{Path: "usage." + text.Truncate(it.ID, 40), Err: err}
		}
		return pricing.Usage{Quantity: q, Aggregation: r.AggregateUsage, Start: start, End: end}, nil
	}
	u, err := pricing.Aggregate(b.req.Usage[it.ID], start, end, r.AggregateUsage)
	if err != nil {
		return pricing.Usage{}, &PathError{Path: "usage." + text.Truncate(it.ID, 40), Err: err}
	}
	return u, nil
}

func isMetered(it *Item) bool { return it != nil && it.Price.IsMetered() }
func isLicensed(it *Item) bool {
	if it == nil {
		return false
	}
	_, recurring := it.Price.Recurring()
	return recurring && !it.Price.IsMetered()
}

func (b *builder) build() error {
	req := &b.req
	ch := req.Changes
	if ch == nil {
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		return b.renewal(false, time.Time{})
	}
	at := ch.ProrationDate
	if at.IsZero() {
		at = req.Now
	}
	reset := ch.ResetAnchor
	newInterval, newCount := b.interval, b.count
	for _, s := range b.slots {
		if !isLicensed(s.new) {
			continue
		}
		r, _ := s.new.Price.Recurring()
		c := r.IntervalCount
		if r.Interval != b.interval || c != b.count {
			if s.old != nil && s.old.Price.ID() == s.new.Price.ID() {
				continue
			}
			reset = true
			newInterval, newCount = r.Interval, c
		}
	}
	// Every recurring item of the new state must share one interval (as Stripe requires).
	for _, s := range b.slots {
		if s.new == nil {
			continue
		}
		r, ok := s.new.Price.Recurring()
		if !ok {
			continue
		}
		c := r.IntervalCount
		if r.Interval != newInterval || c != newCount {
			return &PathError{Path: s.newPath.String() + ".price.recurring", Err: fmt.Errorf("%w: every %d %s differs from the new billing interval, every %d %s",
				ErrInvalidRequest, c, r.Interval, newCount, newInterval)}
		}
	}
	factor, err := proration.NewFactor(b.period, at, req.Proration)
	if err != nil {
		return &PathError{Path: "changes.proration_date", Err: err}
	}
	if reset {
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, at
		b.issued = at
		if ch.Behavior != proration.None {
			for i := range b.slots {
				s := &b.slots[i]
				if isLicensed(s.old) {
					if err := b.prorate(s, factor, true, false); err != nil {
						return err
					}
				}
			}
		}
		cycle, err := proration.NewCycle(at, newInterval, newCount)
		if err != nil {
			return &PathError{Path: "changes.items", Err: err}
		}
		end, err := cycle.Boundary(1)
		if err != nil {
			return &PathError{Path: "changes.items", Err: err}
		}
		newPeriod, err := proration.NewPeriod(at, end)
		if err != nil {
			return &PathError{Path: "changes.items", Err: err}
		}
		for i := range b.slots {
			s := &b.slots[i]
			switch {
			case isLicensed(s.new):
				if err := b.fullLine(s.new, s.newPath, newPeriod); err != nil {
					return err
				}
			case isMetered(s.new):
				if err := b.usageLine(s.new, s.newPath, b.period.Start, at); err != nil {
					return err
				}
			case s.new == nil && isMetered(s.old):
				if err := b.usageLine(s.old, s.oldPath, b.period.Start, at); err != nil {
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
				if err := b.usageLine(s.old, s.oldPath, b.period.Start, at); err != nil {
					return err
				}
			}
		}
		return nil
	case proration.None:
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		return b.renewal(true, at)
	default:
		b.inv.PeriodStart, b.inv.PeriodEnd = b.period.Start, b.period.End
		b.issued = b.period.End
		if err := b.prorations(factor); err != nil {
			return err
		}
		return b.renewal(true, at)
	}
}

// prorations adds the proration lines of every changed licensed item: the credit for
// the old state, then the charge for the new.
func (b *builder) prorations(f proration.Factor) error {
	for i := range b.slots {
		s := &b.slots[i]
		if !s.changed {
			continue
		}
		if err := b.prorate(s, f, isLicensed(s.old), isLicensed(s.new)); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) side(it *Item, p itemPath) (proration.Side, error) {
	q, err := it.Price.Quote(b.cur, it.quantity())
	if err != nil {
		return proration.Side{}, &PathError{Path: p.String() + ".price", Err: err}
	}
	return proration.Side{Name: it.Price.DisplayName(), PriceID: it.Price.ID(), Quantity: it.quantity(), Amount: q.Exact}, nil
}

func (b *builder) prorate(s *slot, f proration.Factor, credit, charge bool) error {
	c := proration.Change{ItemID: s.id}
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
		return &PathError{Path: s.newPath.String(), Err: err}
	}
	for k := start; k < len(b.prorated); k++ {
		l := &b.prorated[k]
		it := s.new
		if l.Credit {
			it = s.old
		}
		b.add(Line{
			Amount:    l.Amount,
			Quantity:  l.Side.Quantity,
			Proration: true,
			Item:      s.id,
			Price:     l.Side.PriceID,
			Period:    l.Period,
			Prorated:  l,
		}, it)
	}
	return nil
}

// renewal adds the period lines of the renewal invoice at the end of the current
// period, in the changed state when changed is true (deleted metered items bill their
// usage up to at).
func (b *builder) renewal(changed bool, at time.Time) error {
	next, err := b.cycle.PeriodAt(b.period.End)
	if err != nil {
		return &PathError{Path: "subscription.current_period_end", Err: err}
	}
	if !next.Start.Equal(b.period.End) {
		// current_period_end is not a boundary of the anchor's cycle: the next period
		// runs from it to the next boundary.
		if next, err = proration.NewPeriod(b.period.End, next.End); err != nil {
			return &PathError{Path: "subscription.current_period_end", Err: err}
		}
	}
	for i := range b.slots {
		s := &b.slots[i]
		it, p := s.old, s.oldPath
		if changed {
			it, p = s.new, s.newPath
		}
		switch {
		case it == nil:
			if changed && isMetered(s.old) {
				if err := b.usageLine(s.old, s.oldPath, b.period.Start, at); err != nil {
					return err
				}
			}
		case isMetered(it):
			if err := b.usageLine(it, p, b.period.Start, b.period.End); err != nil {
				return err
			}
		default:
			if err := b.fullLine(it, p, next); err != nil {
				return err
			}
		}
	}
	return nil
}

// fullLine adds a licensed (or one-time) item billed in full for period.
func (b *builder) fullLine(it *Item, p itemPath, period proration.Period) error {
	q, err := it.Price.Quote(b.cur, it.quantity())
	if err != nil {
		return &PathError{Path: p.String() + ".price", Err: err}
	}
	b.add(Line{
		item:     it,
		Amount:   q.Amount,
		Quantity: it.quantity(),
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   period,
		Quote:    b.quote(q),
	}, it)
	return nil
}

// usageLine adds a metered item's usage over [start, end), billed in arrears.
func (b *builder) usageLine(it *Item, p itemPath, start, end time.Time) error {
	u, err := b.usageFor(it, start, end)
	if err != nil {
		return err
	}
	q, err := it.Price.Quote(b.cur, u.Quantity)
	if err != nil {
		return &PathError{Path: p.String() + ".price", Err: err}
	}
	period := proration.Period{Start: start, End: end}
	b.add(Line{
		item:     it,
		Amount:   q.Amount,
		Quantity: u.Quantity,
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   period,
		Quote:    b.quote(q),
		Usage:    &u,
	}, it)
	return nil
}

// add appends a line of item it (the old state's item for a credit).
func (b *builder) add(l Line, it *Item) {
	l.item = it
	b.lines = append(b.lines, l)
}

// quote keeps q with the builder's other quotes, allocated together, and returns it.
func (b *builder) quote(q pricing.Quote) *pricing.Quote {
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

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// activeDiscounts returns the discounts active for this invoice, in order. A discount
// with a zero Start counts from the current period's start (as in the preview format).
func (b *builder) activeDiscounts(ds []discount.Discount) []discount.Discount {
	var out []discount.Discount // nil while ds itself is the answer
	for k, d := range ds {
		given := !d.Start.IsZero()
		if !given {
			d.Start = b.period.Start
		}
		active := d.ActiveFor(b.issued, b.period.Start)
		if out == nil {
			if active && given {
				continue
			}
			out = append(make([]discount.Discount, 0, len(ds)), ds[:k]...)
		}
		if active {
			out = append(out, d)
		}
	}
	if out == nil {
		return ds
	}
	return out
}

func (b *builder) finish() (Invoice, error) {
	req := &b.req
	cur := b.cur
	inv := &b.inv
	inv.Currency = cur
	inv.Lines = b.lines

	// Discounts.
	dlines := make([]discount.Line, len(b.lines))
	for i := range b.lines {
		it := b.lines[i].item
		dlines[i] = discount.Line{
			Item:      b.lines[i].Item,
			Amount:    b.lines[i].Amount,
			Product:   it.Price.Product().ID,
			Proration: b.lines[i].Proration,
			Discounts: b.activeDiscounts(it.Discounts),
		}
	}
	results, err := discount.Apply(cur, dlines, b.activeDiscounts(req.Subscription.Discounts))
	if err != nil {
		return Invoice{}, &PathError{Path: "discounts", Err: err}
	}
	n := 0
	for i := range results {
		n += len(results[i].Discounts)
	}
	amounts := make([]DiscountAmount, n) // every line's discounts, in one array
	for i := range b.lines {
		if ds := results[i].Discounts; len(ds) > 0 {
			l := &b.lines[i]
			l.Discounts, amounts = amounts[:len(ds):len(ds)], amounts[len(ds):]
			for k, a := range ds {
				l.Discounts[k] = DiscountAmount{Coupon: a.Coupon, Amount: a.Amount, applied: a}
			}
		}
	}

	// Taxes.
	computeTaxes(cur, b.lines, results, req.Subscription.DefaultTaxRates, req.TaxRounding)
	return totals(*inv, req.CustomerBalance), nil
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
