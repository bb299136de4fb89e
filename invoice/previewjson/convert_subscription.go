package previewjson

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Conversion of the subscription: its period, items, legacy fields and discounts.

func (c *converter) subscription(w *subscriptionWire, path string) (invoice.Subscription, error) {
	var s invoice.Subscription
	t := &c.trace
	t.sub = path
	if w.Currency.set {
		cur, err := currencyAt(w.Currency, path, "currency")
		if err != nil {
			return s, err
		}
		if cur != c.cur {
			return s, at(join(path, "currency"), fmt.Errorf("%w: the subscription is in %s, the request in %s", ErrConflict, cur, c.cur))
		}
	}
	itemsPath := join(path, "items")
	if w.Items.list {
		itemsPath = join(itemsPath, "data")
	}
	items := w.Items.items
	if err := tooMany(len(items), maxItems, itemsPath); err != nil {
		return s, err
	}
	// Prices written as objects first, so that an item may name another's by id.
	c.subPrices = map[string]resolved{}
	prices := make([]resolved, len(items))
	paths := make([]string, len(items))
	for i, it := range items {
		ip := index(itemsPath, i)
		paths[i] = ip
		if it == nil {
			return s, at(ip, fmt.Errorf("%w: a subscription item, got null", ErrInvalidValue))
		}
		if it.Price.obj != nil {
			r, err := c.newPrice(it.Price.obj, join(ip, "price"))
			if err != nil {
				return s, err
			}
			prices[i] = r
			if _, ok := c.subPrices[r.price.ID()]; !ok && r.price.ID() != "" {
				c.subPrices[r.price.ID()] = r
			}
		}
	}
	period, own, err := c.period(w, items, path, itemsPath)
	if err != nil {
		return s, err
	}
	s.Period = period
	t.anchor = t.periodStart
	if w.BillingCycleAnchor.set {
		s.Anchor, t.anchor = w.BillingCycleAnchor.t, lazyPath{path, "billing_cycle_anchor"}
	}
	s.StartDate, t.startDate = w.StartDate.t, lazyPath{path, "start_date"}
	s.TrialStart, t.trialStart = w.TrialStart.t, lazyPath{path, "trial_start"}
	s.Items = make([]invoice.Item, len(items))
	t.items = make([]itemTrace, len(items))
	for i, it := range items {
		if s.Items[i], t.items[i], err = c.item(it, paths[i], prices[i]); err != nil {
			return s, err
		}
		prices[i] = resolved{} // built: its wire form and path need not stay in memory
		if own != nil {
			s.Items[i].Period = own[i]
		}
	}
	if err := c.legacyPlan(w, s.Items, path); err != nil {
		return s, err
	}
	if s.Discounts, t.discounts, err = c.discounts(w.Discounts, path, "discounts"); err != nil {
		return s, err
	}
	if w.Discount != nil {
		ds, dp, err := c.legacyDiscount(w, s.Discounts, t.discounts, path)
		if err != nil {
			return s, err
		}
		s.Discounts, t.discounts = ds, dp
	}
	if s.DefaultTaxRates, t.taxRates, err = c.taxRates(w.DefaultTaxRates, path, "default_tax_rates"); err != nil {
		return s, err
	}
	return s, nil
}

// period reads the current period from the subscription (API versions before
// 2025-03-31) or from its items (from 2025-03-31 on). Items of different intervals
// (flexible billing mode) have periods of different lengths: without the
// subscription's own period, its period is the one that ends first (Stripe's
// smallest item period); the item's own periods are returned too, one per item
// (zero where not written), for the preview to check against each item's cycle.
func (c *converter) period(w *subscriptionWire, items []*itemWire, path, itemsPath string) (proration.Period, []proration.Period, error) {
	t := &c.trace
	start, end := w.CurrentPeriodStart, w.CurrentPeriodEnd
	t.periodStart, t.periodEnd = lazyPath{path, "current_period_start"}, lazyPath{path, "current_period_end"}
	var own []proration.Period
	pick := -1 // the item whose period is the subscription's, when it gives none
	for i, it := range items {
		s, e := it.CurrentPeriodStart, it.CurrentPeriodEnd
		if !s.set && !e.set {
			continue
		}
		ip := index(itemsPath, i)
		if s.set != e.set {
			missing := "current_period_end"
			if !s.set {
				missing = "current_period_start"
			}
			return proration.Period{}, nil, at(join(ip, missing), ErrMissingField)
		}
		p, err := proration.NewPeriod(s.t, e.t)
		if err != nil {
			return p, nil, at(join(ip, "current_period_end"), err)
		}
		if own == nil {
			own = make([]proration.Period, len(items))
		}
		own[i] = p
		if pick < 0 || p.End.Before(own[pick].End) || p.End.Equal(own[pick].End) && p.Start.After(own[pick].Start) {
			pick = i
		}
	}
	if !start.set && !end.set && pick < 0 && len(items) == 0 && c.newSubscription {
		// A new subscription's: only its billing mode is read from it.
		return proration.Period{}, nil, nil
	}
	if !start.set && !end.set && pick >= 0 {
		ip := index(itemsPath, pick)
		start = timestamp{t: own[pick].Start, set: true}
		end = timestamp{t: own[pick].End, set: true}
		t.periodStart, t.periodEnd = lazyPath{ip, "current_period_start"}, lazyPath{ip, "current_period_end"}
	}
	if !start.set {
		return proration.Period{}, nil, at(t.periodStart.String(), ErrMissingField)
	}
	if !end.set {
		return proration.Period{}, nil, at(t.periodEnd.String(), ErrMissingField)
	}
	p, err := proration.NewPeriod(start.t, end.t)
	if err != nil {
		return p, nil, at(t.periodEnd.String(), err)
	}
	return p, own, nil
}

func (c *converter) item(w *itemWire, path string, price resolved) (invoice.Item, itemTrace, error) {
	var it invoice.Item
	tr := itemTrace{path: path, id: lazyPath{parent: path}, price: lazyPath{path, "price"}}
	if w.ID.set {
		tr.id.key = "id"
	}
	it.ID = w.ID.s
	if !w.Price.set {
		return it, tr, at(tr.price.String(), ErrMissingField)
	}
	if w.Price.obj == nil {
		var err error
		if price, err = c.priceOf(w.Price, tr.price.String()); err != nil {
			return it, tr, err
		}
	} else {
		tr.priceWire = w.Price.obj
	}
	it.Price = price.price
	if w.Plan != nil {
		pp, err := planParams(w.Plan, c.cur, join(path, "plan"))
		if err != nil {
			return it, tr, err
		}
		if !sameAmounts(pp, price.price.Params()) {
			return it, tr, at(join(path, "plan"), fmt.Errorf("%w: the legacy plan %s disagrees with the price %s", ErrConflict, quote(pp.ID), quote(price.price.ID())))
		}
	}
	q, qp, err := quantityOf(w.Quantity, w.QuantityDecimal, path)
	if err != nil {
		return it, tr, err
	}
	it.Quantity, tr.quantity = q, qp
	// Stripe writes "tax_rates": [] on an item without rates of its own: the
	// subscription's default rates apply to it.
	if len(w.TaxRates) > 0 {
		if it.TaxRates, tr.taxRates, err = c.taxRates(w.TaxRates, path, "tax_rates"); err != nil {
			return it, tr, err
		}
	}
	if it.Discounts, tr.discounts, err = c.discounts(w.Discounts, path, "discounts"); err != nil {
		return it, tr, err
	}
	return it, tr, nil
}

// legacyPlan checks the legacy plan and quantity of a single-item subscription
// against its item; a licensed item without a quantity takes the legacy one.
func (c *converter) legacyPlan(w *subscriptionWire, items []invoice.Item, path string) error {
	if w.Plan == nil && !w.Quantity.set {
		return nil
	}
	field := "plan"
	if w.Plan == nil {
		field = "quantity"
	}
	if len(items) != 1 {
		return at(join(path, field), fmt.Errorf("%w: the legacy %s of a subscription with %d items (Stripe sets it only on single-item subscriptions)", ErrConflict, field, len(items)))
	}
	if w.Plan != nil {
		pp, err := planParams(w.Plan, c.cur, join(path, "plan"))
		if err != nil {
			return err
		}
		var own pricing.PriceParams
		if r, ok := c.subPrices[items[0].Price.ID()]; ok {
			own = r.price.Params()
		} else if r, ok := c.prices[items[0].Price.ID()]; ok {
			own = r.price.Params()
		}
		if !sameAmounts(pp, own) {
			return at(join(path, "plan"), fmt.Errorf("%w: the legacy plan %s disagrees with the item's price %s", ErrConflict, quote(pp.ID), quote(items[0].Price.ID())))
		}
	}
	if w.Quantity.set {
		it := &items[0]
		switch {
		case it.Quantity != nil && !it.Quantity.Equal(decimal.NewFromInt(w.Quantity.v)):
			return at(join(path, "quantity"), fmt.Errorf("%w: the legacy quantity %d disagrees with the item's %s", ErrConflict, w.Quantity.v, it.Quantity))
		case it.Quantity == nil && !it.Price.IsMetered():
			q := decimal.NewFromInt(w.Quantity.v)
			it.Quantity = &q
			c.trace.items[0].quantity = lazyPath{path, "quantity"}
		}
	}
	return nil
}

// legacyDiscount reads the legacy single discount: null, or one of discounts (then
// not counted twice), or alone the one discount.
func (c *converter) legacyDiscount(w *subscriptionWire, ds []discount.Discount, paths []string, path string) ([]discount.Discount, []string, error) {
	lp := join(path, "discount")
	for _, r := range w.Discounts {
		if r != nil && sameDiscount(r, w.Discount) {
			return ds, paths, nil
		}
	}
	if len(w.Discounts) > 0 {
		return nil, nil, at(lp, fmt.Errorf("%w: the legacy discount is not one of discounts", ErrConflict))
	}
	d, err := c.discountOf(w.Discount, lp)
	if err != nil {
		return nil, nil, err
	}
	return []discount.Discount{d}, []string{lp}, nil
}

// sameDiscount reports whether two Discount objects are the same discount: the same
// id, or, without ids, the same coupon and start.
func sameDiscount(a, b *discountWire) bool {
	if a.ID.set && b.ID.set {
		return a.ID.s == b.ID.s
	}
	return couponOfDiscount(a) == couponOfDiscount(b) && a.Start.t.Equal(b.Start.t)
}
