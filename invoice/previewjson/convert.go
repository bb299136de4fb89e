package previewjson

import (
	"fmt"

	"github.com/shopspring/decimal"

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
	cur          pricing.Currency
	tierRounding pricing.TierRounding             // options.tier_rounding, for every price
	taxIDs       map[string]bool                  // ids of the request's tax rates
	generated    map[string]invoice.TaxRateParams // txr_N given to rates without an id
	rates        map[string]invoice.TaxRate       // the request's tax rates, by id
	prices       map[string]resolved              // the prices array, by id
	subPrices    map[string]resolved              // prices written on the subscription's items, by id
	// newSubscription: the request has changes, so a subscription without period
	// and items is a new one's (it gives its billing mode)
	newSubscription bool
	trace           trace

	// invoice conventions
	lago  bool                     // options.engine is lago: its defaults apply
	rests map[string]pricing.Money // the discounts' amount_off_remaining, by coupon id
}

// resolved is a converted price with where it was written.
type resolved struct {
	price pricing.Price
	path  string
}

// trace is where the user wrote what Preview may name in an error.
type trace struct {
	nowSet        bool
	sub           string // "subscription"
	periodStart   lazyPath
	periodEnd     lazyPath
	anchor        lazyPath // billing_cycle_anchor, or current_period_start when not written
	startDate     lazyPath
	trialStart    lazyPath
	items         []itemTrace
	discounts     []string
	taxRates      []string
	changes       []itemTrace
	prorationDate lazyPath // changes.proration_date, or "now" when not written
	behavior      lazyPath
	resetAnchor   lazyPath
	usage         map[string]string // item id → path of its usage records
	usageBefore   map[string]string // item id → path of its usage_before quantity

	trialEnd        string        // subscription.trial_end
	billingMode     string        // subscription.billing_mode
	cancel          string        // the subscription's cancel_at or cancel_at_period_end, made a change
	anchorChange    string        // changes.billing_cycle_anchor (a timestamp) or its config
	changeDiscounts []string      // changes.discounts
	changeTaxRates  []string      // changes.default_tax_rates
	phases          []phaseTrace  // schedule.phases
	invoices        []issuedTrace // the history's invoices

	rests map[string]string // coupon id → path of its discount's amount_off_remaining
}

type itemTrace struct {
	path                string
	id, price, quantity lazyPath
	priceWire           *priceWire // the Price object, when written as one
	discounts, taxRates []string
	coupons             []*couponWire
}

// lazyPath is the path of the member key of the value at parent (of the value at
// parent itself when key is ""), joined when it is asked for: most are never.
type lazyPath struct{ parent, key string }

// String returns the path, joined.
func (p lazyPath) String() string {
	if p.key == "" {
		return p.parent
	}
	return join(p.parent, p.key)
}

func (c *converter) request(w *requestWire) (invoice.Request, error) {
	var req invoice.Request
	c.taxIDs = map[string]bool{}
	c.generated = map[string]invoice.TaxRateParams{}
	collectTaxIDs(w, c.taxIDs)
	if !w.Currency.set {
		return req, at("currency", ErrMissingField)
	}
	cur, err := requestCurrency(w)
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
		if err := c.lifecycleOptions(o, &req); err != nil {
			return req, err
		}
		if err := c.conventionOptions(o, &req); err != nil {
			return req, err
		}
		if err := terminationOptions(o, &req); err != nil {
			return req, err
		}
		c.lago = req.Engine == invoice.EngineLago
	}
	if err := c.priceList(w.Prices); err != nil {
		return req, err
	}
	if w.Subscription == nil && w.Changes == nil && w.Schedule == nil {
		return req, at("subscription", fmt.Errorf("%w: subscription (or, for a new subscription, changes.items or a schedule)", ErrMissingField))
	}
	c.newSubscription = w.Changes != nil
	if w.Subscription != nil {
		if req.Subscription, err = c.subscription(w.Subscription, "subscription"); err != nil {
			return req, err
		}
	}
	if w.Changes != nil {
		if !w.Now.set && (w.Subscription != nil || !w.Changes.StartDate.set) {
			return req, at("now", fmt.Errorf("%w: now is required with changes (a new subscription may give changes.start_date instead)", ErrMissingField))
		}
		ch, err := c.changes(w.Changes, "changes")
		if err != nil {
			return req, err
		}
		if err := c.changesLife(w.Changes, &ch, "changes"); err != nil {
			return req, err
		}
		req.Changes = &ch
	}
	if w.Subscription != nil {
		if err := c.subscriptionLife(w.Subscription, &req.Subscription, &req, "subscription"); err != nil {
			return req, err
		}
	}
	if w.Schedule != nil {
		if req.Schedule, err = c.schedule(w.Schedule, "schedule"); err != nil {
			return req, err
		}
	}
	if w.Usage != nil {
		if req.Usage, err = c.usage(w.Usage, "usage"); err != nil {
			return req, err
		}
	}
	if w.UsageBefore != nil {
		if req.UsageBefore, err = c.usageBefore(w.UsageBefore, "usage_before"); err != nil {
			return req, err
		}
	}
	if w.Invoices != nil {
		if req.Invoices, err = c.history(w, "invoices"); err != nil {
			return req, err
		}
	}
	req.CouponRests = c.rests
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
	if params.BillingScheme == pricing.Tiered {
		params.TierRounding = c.tierRounding // options.tier_rounding is a rule of tiered prices
	}
	if pc := params.Percentage; pc != nil && c.lago && !w.Percentage.FixedFeeOnZeroTotal.set {
		pc.NoFixedFeeOnZeroTotal = true // Lago's percentage charge takes no fixed fee on a zero total
	}
	p, err := pricing.NewPrice(params)
	if err != nil {
		return resolved{}, fromField(err, path, func(f string) string { return priceField(w, f) })
	}
	// The price holds its tiers: the wire's are let go while the rest of the request
	// is converted (most of a long request is tiers), keeping only which amounts
	// each tier wrote as integers, for a later error to name the field written.
	w.tierForms = make([]tierForm, len(w.Tiers))
	for i := range w.Tiers {
		w.tierForms[i] = tierForm{unitAmount: w.Tiers[i].UnitAmount.set, flatAmount: w.Tiers[i].FlatAmount.set}
	}
	w.Tiers = nil
	return resolved{price: p, path: path}, nil
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
			if !samePrice(prev.price.Params(), r.price.Params()) {
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
func quantityOf(q integer, qd decimalNum, path string) (*decimal.Decimal, lazyPath, error) {
	switch {
	case q.set && qd.set:
		return nil, lazyPath{}, at(join(path, "quantity_decimal"), fmt.Errorf("%w: quantity and quantity_decimal are both given", ErrConflict))
	case q.set:
		d := decimal.NewFromInt(q.v)
		return &d, lazyPath{path, "quantity"}, nil
	case qd.set:
		d := qd.v
		return &d, lazyPath{path, "quantity_decimal"}, nil
	}
	return nil, lazyPath{path, "quantity"}, nil
}
