package previewjson

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// The limits of the format's lists, as the wire types' max tags give them; the
// conversion checks them again for the fast path, which has no tags.
const (
	maxItems     = 10000 // subscription items, item changes
	maxTaxRates  = 10    // per list
	maxDiscounts = 20    // per list
	maxAppliesTo = 1000  // products of a coupon's applies_to
)

// tooMany refuses a list of n entries at path beyond max.
func tooMany(n, max int, path string) error {
	if n > max {
		return at(path, fmt.Errorf("%w: more than %d entries", ErrTooMany, max))
	}
	return nil
}

// converter turns a decoded requestWire into an invoice.Request, keeping in trace
// the JSON path of every value that Preview may name in an error.
type converter struct {
	cur       pricing.Currency
	taxIDs    map[string]bool                  // ids of the request's tax rates
	generated map[string]invoice.TaxRateParams // txr_N given to rates without an id
	prices    map[string]resolved              // the prices array, by id
	subPrices map[string]resolved              // prices written on the subscription's items, by id
	trace     trace
}

// resolved is a converted price with where it was written.
type resolved struct {
	price  pricing.Price
	params pricing.PriceParams
	path   string
}

// trace is where the user wrote what Preview may name in an error.
type trace struct {
	nowSet        bool
	sub           string // "subscription"
	periodStart   string
	periodEnd     string
	anchor        string // billing_cycle_anchor, or current_period_start when not written
	startDate     string
	trialStart    string
	items         []itemTrace
	discounts     []string
	taxRates      []string
	changes       []itemTrace
	prorationDate string // changes.proration_date, or "now" when not written
	behavior      string
	resetAnchor   string
	usage         map[string]string // item id → path of its usage records
}

type itemTrace struct {
	path, id, price, quantity string
	priceWire                 *priceWire // the Price object, when written as one
	discounts, taxRates       []string
	coupons                   []*couponWire
}

func (c *converter) request(w *requestWire) (invoice.Request, error) {
	var req invoice.Request
	c.taxIDs = map[string]bool{}
	c.generated = map[string]invoice.TaxRateParams{}
	collectTaxIDs(w, c.taxIDs)
	if !w.Currency.set {
		return req, at("currency", ErrMissingField)
	}
	cur, err := currencyAt(w.Currency, "currency")
	if err != nil {
		return req, err
	}
	c.cur, req.Currency = cur, cur
	req.Now, c.trace.nowSet = w.Now.t, w.Now.set
	req.CustomerBalance = pricing.FromMinor(w.CustomerBalance.v, cur)
	if o := w.Options; o != nil {
		if o.Proration.set {
			if req.Proration, err = proration.ParseGranularity(o.Proration.s); err != nil {
				return req, at("options.proration", err)
			}
		}
		if o.TaxRounding.set {
			switch o.TaxRounding.s {
			case "line":
				req.TaxRounding = invoice.RoundPerLine
			case "invoice":
				req.TaxRounding = invoice.RoundPerInvoice
			default:
				return req, at("options.tax_rounding", fmt.Errorf("%w: %s (want line or invoice)", ErrInvalidValue, quote(o.TaxRounding.s)))
			}
		}
	}
	if err := c.priceList(w.Prices); err != nil {
		return req, err
	}
	if w.Subscription == nil {
		return req, at("subscription", fmt.Errorf("%w: subscription (previews of new subscriptions are not computed yet)", ErrMissingField))
	}
	if req.Subscription, err = c.subscription(w.Subscription, "subscription"); err != nil {
		return req, err
	}
	if w.Changes != nil {
		if !w.Now.set {
			return req, at("now", fmt.Errorf("%w: now is required with changes", ErrMissingField))
		}
		ch, err := c.changes(w.Changes, "changes")
		if err != nil {
			return req, err
		}
		req.Changes = &ch
	}
	if w.Usage != nil {
		if req.Usage, err = c.usage(w.Usage, "usage"); err != nil {
			return req, err
		}
	}
	return req, nil
}

// collectTaxIDs records the id of every tax rate of the request.
func collectTaxIDs(w *requestWire, ids map[string]bool) {
	add := func(rs []taxRateWire) {
		for i := range rs {
			if rs[i].ID.set {
				ids[rs[i].ID.s] = true
			}
		}
	}
	if s := w.Subscription; s != nil {
		add(s.DefaultTaxRates)
		for _, it := range s.Items.items {
			if it != nil {
				add(it.TaxRates)
			}
		}
	}
	if ch := w.Changes; ch != nil {
		for _, it := range ch.Items {
			if it != nil {
				add(it.TaxRates)
			}
		}
	}
}

// newPrice converts the Price object at path and builds it.
func (c *converter) newPrice(w *priceWire, path string) (resolved, error) {
	params, err := priceParams(w, c.cur, path)
	if err != nil {
		return resolved{}, err
	}
	p, err := pricing.NewPrice(params)
	if err != nil {
		return resolved{}, fromField(err, path, func(f string) string { return priceField(w, f) })
	}
	return resolved{price: p, params: params, path: path}, nil
}

// priceList converts the request's prices array: each an identified Price; one id,
// one definition.
func (c *converter) priceList(ws []*priceWire) error {
	if err := tooMany(len(ws), MaxPrices, "prices"); err != nil {
		return err
	}
	c.prices = make(map[string]resolved, len(ws))
	for i, w := range ws {
		pp := index("prices", i)
		if w == nil {
			return at(pp, fmt.Errorf("%w: a Price object, got null", ErrInvalidValue))
		}
		if !w.ID.set {
			return at(join(pp, "id"), fmt.Errorf("%w: a price of prices needs its id", ErrMissingField))
		}
		r, err := c.newPrice(w, pp)
		if err != nil {
			return err
		}
		if prev, dup := c.prices[w.ID.s]; dup {
			if !samePrice(prev.params, r.params) {
				return at(join(pp, "id"), fmt.Errorf("%w: price %s is defined twice, differently (also at %s)", ErrConflict, quote(w.ID.s), prev.path))
			}
			continue
		}
		c.prices[w.ID.s] = r
	}
	return nil
}

// samePrice reports whether two definitions of a price are identical.
func samePrice(a, b pricing.PriceParams) bool {
	return sameAmounts(a, b) && a.Nickname == b.Nickname && a.Product.Name == b.Product.Name
}

// priceOf resolves an item's price: the object written there, or the price an id
// names (in prices, else on the subscription).
func (c *converter) priceOf(r priceRef, path string) (resolved, error) {
	switch {
	case r.obj != nil:
		return c.newPrice(r.obj, path)
	case r.id.set:
		if p, ok := c.prices[r.id.s]; ok {
			p.path = path
			return p, nil
		}
		if p, ok := c.subPrices[r.id.s]; ok {
			p.path = path
			return p, nil
		}
		return resolved{}, at(path, fmt.Errorf("%w: no price %s in prices or on the subscription's items", ErrInvalidValue, quote(r.id.s)))
	}
	return resolved{}, at(path, ErrMissingField)
}

// quantityOf returns the quantity written as quantity (a whole number) or
// quantity_decimal, nil when neither, and the path of the one written.
func quantityOf(q integer, qd decimalNum, path string) (*decimal.Decimal, string, error) {
	switch {
	case q.set && qd.set:
		return nil, "", at(join(path, "quantity_decimal"), fmt.Errorf("%w: quantity and quantity_decimal are both given", ErrConflict))
	case q.set:
		d := decimal.NewFromInt(q.v)
		return &d, join(path, "quantity"), nil
	case qd.set:
		d := qd.v
		return &d, join(path, "quantity_decimal"), nil
	}
	return nil, join(path, "quantity"), nil
}

func (c *converter) subscription(w *subscriptionWire, path string) (invoice.Subscription, error) {
	var s invoice.Subscription
	t := &c.trace
	t.sub = path
	if w.Currency.set {
		cur, err := currencyAt(w.Currency, join(path, "currency"))
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
	for i, it := range items {
		ip := index(itemsPath, i)
		if it == nil {
			return s, at(ip, fmt.Errorf("%w: a subscription item, got null", ErrInvalidValue))
		}
		if it.Price.obj != nil {
			r, err := c.newPrice(it.Price.obj, join(ip, "price"))
			if err != nil {
				return s, err
			}
			prices[i] = r
			if _, ok := c.subPrices[r.params.ID]; !ok && r.params.ID != "" {
				c.subPrices[r.params.ID] = r
			}
		}
	}
	period, err := c.period(w, items, path, itemsPath)
	if err != nil {
		return s, err
	}
	s.Period = period
	t.anchor = t.periodStart
	if w.BillingCycleAnchor.set {
		s.Anchor, t.anchor = w.BillingCycleAnchor.t, join(path, "billing_cycle_anchor")
	}
	s.StartDate, t.startDate = w.StartDate.t, join(path, "start_date")
	s.TrialStart, t.trialStart = w.TrialStart.t, join(path, "trial_start")
	if w.TrialEnd.set && w.TrialEnd.t.After(period.Start) {
		return s, at(join(path, "trial_end"), fmt.Errorf("%w: a trial that ends at %d, after current_period_start: trials are not computed yet", ErrUnsupported, w.TrialEnd.t.Unix()))
	}
	s.Items = make([]invoice.Item, len(items))
	t.items = make([]itemTrace, len(items))
	for i, it := range items {
		if s.Items[i], t.items[i], err = c.item(it, index(itemsPath, i), prices[i]); err != nil {
			return s, err
		}
	}
	if err := c.legacyPlan(w, s.Items, path); err != nil {
		return s, err
	}
	if s.Discounts, t.discounts, err = c.discounts(w.Discounts, join(path, "discounts"), "discounts"); err != nil {
		return s, err
	}
	if w.Discount != nil {
		ds, dp, err := c.legacyDiscount(w, s.Discounts, t.discounts, path)
		if err != nil {
			return s, err
		}
		s.Discounts, t.discounts = ds, dp
	}
	if s.DefaultTaxRates, t.taxRates, err = c.taxRates(w.DefaultTaxRates, join(path, "default_tax_rates")); err != nil {
		return s, err
	}
	return s, nil
}

// period reads the current period from the subscription (API versions before
// 2025-03-31) or from its items (from 2025-03-31 on); where both or several items
// give it, they must agree.
func (c *converter) period(w *subscriptionWire, items []*itemWire, path, itemsPath string) (proration.Period, error) {
	t := &c.trace
	start, end := w.CurrentPeriodStart, w.CurrentPeriodEnd
	t.periodStart, t.periodEnd = join(path, "current_period_start"), join(path, "current_period_end")
	fromSub := start.set || end.set
	for i, it := range items {
		ip := index(itemsPath, i)
		for _, f := range []struct {
			name      string
			have, own *timestamp
			tp        *string
		}{{"current_period_start", &start, &it.CurrentPeriodStart, &t.periodStart}, {"current_period_end", &end, &it.CurrentPeriodEnd, &t.periodEnd}} {
			if !f.own.set {
				continue
			}
			if f.have.set && !f.have.t.Equal(f.own.t) {
				return proration.Period{}, at(join(ip, f.name), fmt.Errorf("%w: %d disagrees with %d at %s", ErrConflict, f.own.t.Unix(), f.have.t.Unix(), *f.tp))
			}
			if !f.have.set {
				*f.have = *f.own
				if !fromSub {
					*f.tp = join(ip, f.name)
				}
			}
		}
	}
	if !start.set {
		return proration.Period{}, at(t.periodStart, ErrMissingField)
	}
	if !end.set {
		return proration.Period{}, at(t.periodEnd, ErrMissingField)
	}
	p, err := proration.NewPeriod(start.t, end.t)
	if err != nil {
		return p, at(t.periodEnd, err)
	}
	return p, nil
}

func (c *converter) item(w *itemWire, path string, price resolved) (invoice.Item, itemTrace, error) {
	var it invoice.Item
	tr := itemTrace{path: path, id: join(path, "id"), price: join(path, "price")}
	it.ID = w.ID.s
	if !w.Price.set {
		return it, tr, at(join(path, "price"), ErrMissingField)
	}
	if w.Price.obj == nil {
		var err error
		if price, err = c.priceOf(w.Price, join(path, "price")); err != nil {
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
		if !sameAmounts(pp, price.params) {
			return it, tr, at(join(path, "plan"), fmt.Errorf("%w: the legacy plan %s disagrees with the price %s", ErrConflict, quote(pp.ID), quote(price.params.ID)))
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
		if it.TaxRates, tr.taxRates, err = c.taxRates(w.TaxRates, join(path, "tax_rates")); err != nil {
			return it, tr, err
		}
	}
	if it.Discounts, tr.discounts, err = c.discounts(w.Discounts, join(path, "discounts"), "items.data.discounts"); err != nil {
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
			own = r.params
		} else if r, ok := c.prices[items[0].Price.ID()]; ok {
			own = r.params
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
			c.trace.items[0].quantity = join(path, "quantity")
		}
	}
	return nil
}

// legacyDiscount reads the legacy single discount: null, or one of discounts (then
// not counted twice), or alone the one discount.
func (c *converter) legacyDiscount(w *subscriptionWire, ds []discount.Discount, paths []string, path string) ([]discount.Discount, []string, error) {
	lp := join(path, "discount")
	for i, r := range w.Discounts {
		if r.obj != nil && sameDiscount(r.obj, w.Discount) {
			_ = i
			return ds, paths, nil
		}
	}
	if len(w.Discounts) > 0 {
		return nil, nil, at(lp, fmt.Errorf("%w: the legacy discount is not one of discounts", ErrConflict))
	}
	d, err := discountOf(w.Discount, lp, "discount")
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
	ca, cb := a.Coupon, b.Coupon
	if a.Source != nil && !ca.set {
		ca = a.Source.Coupon
	}
	if b.Source != nil && !cb.set {
		cb = b.Source.Coupon
	}
	return couponID(ca) == couponID(cb) && a.Start.t.Equal(b.Start.t)
}

func (c *converter) changes(w *changesWire, path string) (invoice.Changes, error) {
	var ch invoice.Changes
	t := &c.trace
	t.prorationDate, t.behavior, t.resetAnchor = "now", path, path
	if err := tooMany(len(w.Items), maxItems, join(path, "items")); err != nil {
		return ch, err
	}
	ch.Items = make([]invoice.ItemChange, len(w.Items))
	t.changes = make([]itemTrace, len(w.Items))
	for i, it := range w.Items {
		ip := index(join(path, "items"), i)
		if it == nil {
			return ch, at(ip, fmt.Errorf("%w: an item change, got null", ErrInvalidValue))
		}
		var err error
		if ch.Items[i], t.changes[i], err = c.itemChange(it, ip); err != nil {
			return ch, err
		}
	}
	if w.ProrationBehavior.set {
		b, err := proration.ParseBehavior(w.ProrationBehavior.s)
		if err != nil {
			return ch, at(join(path, "proration_behavior"), err)
		}
		ch.Behavior, t.behavior = b, join(path, "proration_behavior")
	}
	if w.ProrationDate.set {
		ch.ProrationDate, t.prorationDate = w.ProrationDate.t, join(path, "proration_date")
	}
	if w.BillingCycleAnchor.set {
		ch.ResetAnchor, t.resetAnchor = w.BillingCycleAnchor.s == "now", join(path, "billing_cycle_anchor")
	}
	return ch, nil
}

func (c *converter) itemChange(w *itemChangeWire, path string) (invoice.ItemChange, itemTrace, error) {
	var ch invoice.ItemChange
	tr := itemTrace{path: path, id: join(path, "id"), price: join(path, "price")}
	ch.ID, ch.Deleted = w.ID.s, w.Deleted.v
	if w.Price.set {
		if ch.Deleted {
			return ch, tr, at(join(path, "price"), fmt.Errorf("%w: price with deleted", ErrConflict))
		}
		r, err := c.priceOf(w.Price, join(path, "price"))
		if err != nil {
			return ch, tr, err
		}
		ch.Price, tr.priceWire = &r.price, w.Price.obj
	}
	if ch.Deleted && (w.Quantity.set || w.QuantityDecimal.set) {
		return ch, tr, at(join(path, amountName(w.Quantity, "quantity")), fmt.Errorf("%w: quantity with deleted", ErrConflict))
	}
	q, qp, err := quantityOf(w.Quantity, w.QuantityDecimal, path)
	if err != nil {
		return ch, tr, err
	}
	ch.Quantity, tr.quantity = q, qp
	if w.TaxRates != nil {
		if ch.TaxRates, tr.taxRates, err = c.taxRates(w.TaxRates, join(path, "tax_rates")); err != nil {
			return ch, tr, err
		}
		if ch.TaxRates == nil {
			ch.TaxRates = []invoice.TaxRate{}
		}
	}
	if w.Discounts != nil {
		if ch.Discounts, tr.discounts, err = c.discounts(w.Discounts, join(path, "discounts"), "discounts"); err != nil {
			return ch, tr, err
		}
		if ch.Discounts == nil {
			ch.Discounts = []discount.Discount{}
		}
	}
	return ch, tr, nil
}

func (c *converter) usage(w keyed[records], path string) (map[string][]pricing.UsageRecord, error) {
	out := make(map[string][]pricing.UsageRecord, len(w))
	c.trace.usage = make(map[string]string, len(w))
	total := 0
	for _, m := range w {
		total += len(m.value.list)
	}
	if total > MaxUsageRecords {
		return nil, at(path, fmt.Errorf("%w: more than %d usage records in the request", ErrTooMany, MaxUsageRecords))
	}
	for _, m := range w {
		if !m.value.set {
			continue
		}
		kp := join(path, m.key)
		c.trace.usage[m.key] = kp
		recs := make([]pricing.UsageRecord, len(m.value.list))
		for i := range m.value.list {
			r, rp := &m.value.list[i], index(kp, i)
			if !r.Timestamp.set {
				return nil, at(join(rp, "timestamp"), ErrMissingField)
			}
			if !r.Quantity.set {
				return nil, at(join(rp, "quantity"), ErrMissingField)
			}
			var err error
			if q := r.Quantity.v; q.IsInteger() && q.Sign() >= 0 && q.Exponent() >= 0 && q.NumDigits() <= 15 {
				recs[i], err = pricing.WholeUsageRecord(r.Timestamp.t, q.IntPart())
			} else {
				recs[i], err = pricing.NewUsageRecord(r.Timestamp.t, q)
			}
			if err != nil {
				var fe *pricing.FieldError
				if errors.As(err, &fe) {
					return nil, fromField(err, rp, func(f string) string { return snakePath(f, "") })
				}
				return nil, at(join(rp, "quantity"), err)
			}
		}
		out[m.key] = recs
	}
	return out, nil
}

// unixOrZero is the Unix time of t, or 0 for the zero time.
func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
