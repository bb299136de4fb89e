package invoice

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// fieldErr returns a [*pricing.FieldError] at field with the cause format, args.
func fieldErr(field string, format string, args ...any) error {
	return &pricing.FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// itemPath is the Go path of an item ("Subscription.Items[2]") or of a change entry
// ("Changes.Items[0]"), built into a string only when an error needs it.
type itemPath struct {
	change bool
	i      int
}

func (p itemPath) String() string {
	if p.change {
		return "Changes.Items[" + strconv.Itoa(p.i) + "]"
	}
	return "Subscription.Items[" + strconv.Itoa(p.i) + "]"
}

// field returns the path of one of the item's fields.
func (p itemPath) field(name string) string { return p.String() + "." + name }

// identities checks that one ID names one definition across the request: every
// price, coupon and tax rate given twice under one ID must be identical (Stripe's
// objects are immutable), so that a typo'd copy never bills in silence.
type identities struct {
	prices  idSet[pricing.Price]
	coupons idSet[discount.Coupon]
	rates   idSet[TaxRate]
}

// idSet maps IDs to the first definition given under each: a few in place, more in
// a map. The definitions are the request's own values, never copied.
type idSet[T any] struct {
	n     int
	small [8]struct {
		id string
		v  *T
	}
	big map[string]*T
}

func (s *idSet[T]) lookup(id string) (*T, bool) {
	if s.big != nil {
		v, ok := s.big[id]
		return v, ok
	}
	for i := 0; i < s.n; i++ {
		if s.small[i].id == id {
			return s.small[i].v, true
		}
	}
	return nil, false
}

func (s *idSet[T]) add(id string, v *T) {
	if s.big == nil && s.n < len(s.small) {
		s.small[s.n].id, s.small[s.n].v = id, v
		s.n++
		return
	}
	if s.big == nil {
		s.big = make(map[string]*T, 4*len(s.small))
		for _, e := range s.small[:s.n] {
			s.big[e.id] = e.v
		}
	}
	s.big[id] = v
}

func (ids *identities) price(p *pricing.Price) error {
	id := p.ID()
	if id == "" {
		return nil
	}
	if q, ok := ids.prices.lookup(id); ok {
		if !q.Equal(*p) {
			return fmt.Errorf("%w: price %q is given twice with different contents (one ID, one definition: give the new price its own ID)", ErrInvalidRequest, short(id))
		}
		return nil
	}
	ids.prices.add(id, p)
	return nil
}

func (ids *identities) coupon(c *discount.Coupon) error {
	id := c.ID()
	if id == "" {
		return nil
	}
	if d, ok := ids.coupons.lookup(id); ok {
		if !d.Equal(*c) {
			return fmt.Errorf("%w: coupon %q is given twice with different contents (one ID, one definition)", ErrInvalidRequest, short(id))
		}
		return nil
	}
	ids.coupons.add(id, c)
	return nil
}

func (ids *identities) rate(r *TaxRate) error {
	id := r.ID()
	if id == "" {
		return nil
	}
	if s, ok := ids.rates.lookup(id); ok {
		if !s.Equal(*r) {
			return fmt.Errorf("%w: tax rate %q is given twice with different contents (%s%% and %s%%: one ID, one definition)",
				ErrInvalidRequest, short(id), s.Percentage(), r.Percentage())
		}
		return nil
	}
	ids.rates.add(id, r)
	return nil
}

// short returns s cut to 40 bytes for an error message.
func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:40] + "…"
}

// checkDiscounts checks a list of discounts: its length, the coupons' identities and
// that every amount_off coupon has an amount in the invoice currency.
func (b *builder) checkDiscounts(ds []discount.Discount, field string) error {
	if len(ds) > MaxDiscounts {
		return fieldErr(field, "%w: %d discounts, more than the limit of %d", ErrTooMany, len(ds), MaxDiscounts)
	}
	for i, d := range ds {
		f := func(sub string) string { return field + "[" + strconv.Itoa(i) + "]" + sub } // built for an error only
		if d.Coupon.ID() == "" && d.Coupon.Duration() == 0 && d.Coupon.IsPercent() && d.Coupon.PercentOff().IsZero() {
			return fieldErr(f(".Coupon"), "%w: zero Coupon (use discount.NewCoupon)", ErrMissingField)
		}
		if err := b.ids.coupon(&ds[i].Coupon); err != nil {
			return pricing.InField(f(".Coupon"), err)
		}
		if !d.Until.IsZero() && !d.Start.IsZero() && !d.Until.After(d.Start) {
			return fieldErr(f(".Until"), "%w: the discount ends at %s, not after its start %s", ErrInvalidRequest, fmtTime(d.Until), fmtTime(d.Start))
		}
		if d.Coupon.IsPercent() || b.skipsMissingCurrency() {
			continue
		}
		if _, err := d.Coupon.AmountOffIn(b.cur); err != nil {
			return pricing.InField(f(".Coupon"), err)
		}
	}
	return nil
}

func (b *builder) checkTaxRates(rates []TaxRate, field string) error {
	if len(rates) > MaxTaxRates {
		return fieldErr(field, "%w: %d tax rates, more than the limit of %d", ErrTooMany, len(rates), MaxTaxRates)
	}
	for i := range rates {
		if err := b.ids.rate(&rates[i]); err != nil {
			return pricing.InField(field+"["+strconv.Itoa(i)+"]", err)
		}
	}
	return nil
}

// checkItem checks what an item must be, wherever it comes from: a recurring price,
// a quantity for licensed prices only, whole lists within their limits.
func (b *builder) checkItem(it *Item, p itemPath) error {
	if it.Price.Currency().IsZero() {
		return fieldErr(p.field("Price"), "%w: price (a price built with pricing.NewPrice)", ErrMissingField)
	}
	if _, ok := it.Price.Recurring(); !ok {
		return fieldErr(p.field("Price"), "%w: price %q is a one-time price (no recurring): a subscription item needs a recurring price; bill a one-time charge as an invoice item",
			ErrInvalidRequest, short(it.Price.ID()))
	}
	if err := b.ids.price(&it.Price); err != nil {
		return pricing.InField(p.field("Price"), err)
	}
	if it.Quantity != nil {
		if it.Price.IsMetered() {
			return fieldErr(p.field("Quantity"), "%w: quantity %s on a metered price (%q): a metered item bills its usage, leave the quantity out",
				ErrInvalidRequest, it.Quantity, short(it.Price.ID()))
		}
		if it.Quantity.Sign() < 0 {
			return fieldErr(p.field("Quantity"), "%w: quantity %s is negative", pricing.ErrNegativeQuantity, it.Quantity)
		}
		if err := pricing.CheckBounds(*it.Quantity); err != nil {
			return pricing.InField(p.field("Quantity"), err)
		}
	}
	if len(it.TaxRates) > 0 {
		if err := b.checkTaxRates(it.TaxRates, p.field("TaxRates")); err != nil {
			return err
		}
	}
	if len(it.Discounts) == 0 {
		return nil
	}
	return b.checkDiscounts(it.Discounts, p.field("Discounts"))
}

// generatedID returns prefix_N for the smallest N ≥ from that no ID in taken has.
func generatedID(prefix string, from int, taken map[string]int) string {
	for n := from; ; n++ {
		id := prefix + strconv.Itoa(n)
		if _, ok := taken[id]; !ok {
			return id
		}
	}
}

// checkPeriod checks that the current period is the period of the cycle that
// contains its start, or the first period of the subscription (starting at its start
// date or trial start) and ending at a boundary of the cycle.
func (b *builder) checkPeriod() error {
	sub := &b.req.Subscription
	pe, err := b.cycle.PeriodAt(b.period.Start)
	if err != nil {
		return pricing.InField("Subscription.Anchor", err)
	}
	if pe.Start.Equal(b.period.Start) && pe.End.Equal(b.period.End) {
		return nil
	}
	first := !sub.StartDate.IsZero() && sub.StartDate.Equal(b.period.Start) ||
		!sub.TrialStart.IsZero() && sub.TrialStart.Equal(b.period.Start) ||
		!sub.TrialEnd.IsZero() && sub.TrialEnd.Equal(b.period.Start)
	if first && pe.End.Equal(b.period.End) {
		return nil
	}
	if b.trialing() && (first || pe.Start.Equal(b.period.Start)) {
		return nil // a trial's period ends at the trial's end, wherever the cycle is
	}
	return fieldErr("Subscription.Period.End", "%w: the current period %s to %s is not a period of the billing cycle (anchor %s, every %s): the cycle's period containing %s is %s to %s%s",
		ErrInvalidRequest, fmtTime(b.period.Start), fmtTime(b.period.End), fmtTime(b.cycle.Anchor()), b.every(), fmtTime(b.period.Start),
		fmtTime(pe.Start), fmtTime(pe.End), periodHint(first, sub))
}

func periodHint(first bool, sub *Subscription) string {
	if first {
		return "; a first period may start late, but it ends at a boundary of the cycle"
	}
	if sub.StartDate.IsZero() {
		return "; if this is the subscription's first period, give its start_date"
	}
	return ""
}

// every returns the subscription's interval: "1 month", "3 months".
func (b *builder) every() string { return every(b.interval, b.count) }

// noSuchItem is the error of a change or usage naming an item the subscription does
// not have, listing the ones it has.
func (b *builder) noSuchItem(field, id string, change bool) error {
	var names []string
	for i := range b.slots {
		if b.slots[i].old != nil {
			names = append(names, strconv.Quote(short(b.slots[i].id)))
		}
		if len(names) == 5 {
			names = append(names, "…")
			break
		}
	}
	list := "it has no items"
	if len(names) > 0 {
		list = "its items are " + strings.Join(names, ", ")
	}
	hint := ""
	if change {
		hint = "; to add an item, leave its id out"
	}
	return fieldErr(field, "%w: %q is not an item of the subscription (%s)%s", ErrInvalidRequest, short(id), list, hint)
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
