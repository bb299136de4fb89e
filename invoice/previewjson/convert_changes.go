package previewjson

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Conversion of the changes and of the usage records.

func (c *converter) changes(w *changesWire, path string) (invoice.Changes, error) {
	var ch invoice.Changes
	t := &c.trace
	t.prorationDate, t.behavior, t.resetAnchor = lazyPath{parent: "now"}, lazyPath{parent: path}, lazyPath{parent: path}
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
		ch.Behavior, t.behavior = b, lazyPath{path, "proration_behavior"}
	}
	if w.ProrationDate.set {
		ch.ProrationDate, t.prorationDate = w.ProrationDate.t, lazyPath{path, "proration_date"}
	}
	if w.BillingCycleAnchor.set {
		ch.ResetAnchor, t.resetAnchor = w.BillingCycleAnchor.s == "now", lazyPath{path, "billing_cycle_anchor"}
	}
	return ch, nil
}

func (c *converter) itemChange(w *itemChangeWire, path string) (invoice.ItemChange, itemTrace, error) {
	var ch invoice.ItemChange
	tr := itemTrace{path: path, id: lazyPath{parent: path}, price: lazyPath{path, "price"}}
	if w.ID.set {
		tr.id.key = "id"
	}
	ch.ID, ch.Deleted = w.ID.s, w.Deleted.v
	if w.Price.set {
		if ch.Deleted {
			return ch, tr, at(join(path, "price"), fmt.Errorf("%w: price with deleted", ErrConflict))
		}
		r, err := c.priceOf(w.Price, tr.price.String())
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
		if ch.TaxRates, tr.taxRates, err = c.taxRates(w.TaxRates, path, "tax_rates"); err != nil {
			return ch, tr, err
		}
		if ch.TaxRates == nil {
			ch.TaxRates = []invoice.TaxRate{}
		}
	}
	if w.Discounts != nil {
		if ch.Discounts, tr.discounts, err = c.discounts(w.Discounts, path, "discounts"); err != nil {
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
		total += len(m.value)
	}
	if total > MaxUsageRecords {
		return nil, at(path, fmt.Errorf("%w: more than %d usage records in the request", ErrTooMany, MaxUsageRecords))
	}
	for _, m := range w {
		if m.value == nil { // null
			continue
		}
		kp := join(path, m.key)
		c.trace.usage[m.key] = kp
		recs := make([]pricing.UsageRecord, len(m.value))
		for i := range m.value {
			var err error
			if recs[i], err = recordOf(&m.value[i], kp, i); err != nil {
				return nil, err
			}
		}
		out[m.key] = recs
	}
	return out, nil
}

// usageBefore converts usage_before: per metered item, the usage of its period that
// earlier lines billed.
func (c *converter) usageBefore(w keyed[decimalNum], path string) (map[string]decimal.Decimal, error) {
	if err := tooMany(len(w), maxItems, path); err != nil {
		return nil, err
	}
	out := make(map[string]decimal.Decimal, len(w))
	if c.trace.usageBefore == nil {
		c.trace.usageBefore = make(map[string]string, len(w))
	}
	for _, m := range w {
		kp := join(path, m.key)
		if !m.value.set {
			return nil, at(kp, fmt.Errorf("%w: a quantity (the usage earlier lines billed), got null", ErrInvalidValue))
		}
		c.trace.usageBefore[m.key] = kp
		out[m.key] = m.value.v
	}
	return out, nil
}
