package invoice

import (
	"strconv"
	"time"

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
// In flexible billing mode ([Request.BillingMode]) credits are priced from the
// history ([Request.Invoices]), an interval change keeps the anchor, and items may
// recur at different intervals (each a whole multiple of the shortest): a renewal
// then bills the items whose own period starts or ends there and lists the others in
// [Invoice.BilledLater].
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
	if req.Engine == EngineFlexprice && req.BillingMode == Classic && len(req.Invoices) > 0 {
		req.CapCredits = true // Flexprice caps a credit at what was paid less earlier credits
	}
	if req.Schedule != nil {
		var err error
		if req, err = withSchedule(req); err != nil {
			return Invoice{}, err
		}
	}
	inv, next, err := previewOnce(req, req.Forecast > 0 || req.PreviewMode == PreviewRecurring)
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
		carryForward(next, inv, k)
		f, n, err := previewOnce(*next, k+1 < req.Forecast)
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

// previewOnce computes one invoice and, when wantNext, the request of the one after
// it (nil where the subscription ends).
func previewOnce(req Request, wantNext bool) (Invoice, *Request, error) {
	atEnd := false
	if s := req.Schedule; s != nil && req.Changes == nil {
		spans, err := s.resolve(time.Time{})
		if err != nil {
			return Invoice{}, nil, err
		}
		req, atEnd = scheduled(req, spans)
	}
	if isNew(&req) {
		return previewNew(req, wantNext)
	}
	b := builder{req: req, atEnd: atEnd}
	if err := b.init(); err != nil {
		return Invoice{}, nil, err
	}
	b.since = b.period.Start
	if err := b.build(); err != nil {
		return Invoice{}, nil, err
	}
	var next *Request
	if wantNext {
		var err error
		if next, err = b.next(); err != nil {
			return Invoice{}, nil, err
		}
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
	conv     proration.Convention // how proration counts time
	atEnd    bool                 // the change takes effect at the period's end (a schedule's phase)
	linesOf  map[*Item][]int      // the lines of each item state, for the unapplied discounts
	allLines []int                // every line's index, for the subscription's discounts
	reset    bool                 // the change restarts the billing cycle at the proration date
	ids      identities
	items    []Item // the subscription's items with their IDs filled in (never written: the caller's own when every item has an ID)

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

	planChanged *PlanChange // what Request.PlanChange made of the change (planchange.go)
}

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
	ch, err := b.planChange(ch) // Lago's upgrade/downgrade rule: planchange.go
	if err != nil {
		return err
	}
	if b.atEnd {
		return b.phaseRenewal()
	}
	at := b.at
	// The new state's interval: the one its items share (classic mode: a new one
	// restarts the cycle) or the shortest (flexible mode: the anchor stays).
	newInterval, newCount, set, err := b.intervals(b.slots, true)
	if err != nil {
		return err
	}
	reset := ch.ResetAnchor
	if set && (newInterval != b.interval || newCount != b.count) {
		if req.BillingMode == Flexible {
			// Flexible mode keeps the anchor: the subscription's interval becomes the
			// new shortest one, and the next invoice is at its next boundary.
			if err := b.rebase(newInterval, newCount); err != nil {
				return err
			}
		} else {
			reset = true
		}
	} else if !set {
		newInterval, newCount = b.interval, b.count
	}
	factor, err := proration.NewFactorIn(b.period, at, b.conv)
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
				period := newPeriod
				if r, _ := s.new.Price.Recurring(); r.Interval != newInterval || r.IntervalCount != newCount {
					if period, err = firstPeriod(at, r.Interval, r.IntervalCount, field); err != nil {
						return err
					}
				}
				if err := b.fullLine(i, s.new, s.newPath, period); err != nil {
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
	if b.trialing() || b.arrears() {
		return nil // the trial bills 0: a change during it prorates nothing; in arrears the renewal bills each part
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
		var err error
		if f, err = b.ownFactor(s.new, s.newPath, f, b.atField); err != nil {
			return err
		}
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
