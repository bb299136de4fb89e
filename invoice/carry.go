package invoice

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// This file holds two discount conventions of Lago, each off by default:
//
//   - a once amount_off coupon that carries its unused rest
//     ([discount.RestCarried]) applies, on each invoice, up to what the earlier
//     invoices left of it ([Request.CouponRests]); the invoice says what it leaves
//     ([Invoice.CouponRests]) and a forecast carries that to the next invoice
//     (https://getlago.com/docs/guide/coupons: a fixed-amount coupon of frequency
//     once stays applied until its amount is used up; in github.com/getlago/lago-api,
//     app/services/credits/applied_coupon_service.rb);
//   - an amount_off coupon without an amount in the invoice currency is skipped and
//     listed with reason [NoAmountInCurrency] ([Request.MissingCouponCurrency]),
//     where Stripe refuses the request (Lago skips it silently:
//     app/services/credits/applied_coupons_service.rb).

// CouponRest is what a once amount_off coupon that carries its rest has left after
// an invoice.
type CouponRest struct {
	// Coupon is the coupon's ID.
	Coupon string
	// Remaining is what the coupon can still take off later invoices, in whole minor
	// units of the invoice currency: zero when it is used up.
	Remaining pricing.Money
}

// skipsMissingCurrency reports whether an amount_off coupon without an amount in the
// invoice currency is skipped rather than refused.
func (b *builder) skipsMissingCurrency() bool {
	return b.missingCurrency() == discount.MissingCurrencySkipped
}

// missingCurrency is the request's MissingCouponCurrency; engine lago always skips.
func (b *builder) missingCurrency() discount.MissingCurrency {
	if b.req.Engine == EngineLago {
		return discount.MissingCurrencySkipped
	}
	return b.req.MissingCouponCurrency
}

// refuseLagoCoupons refuses, for engine lago, a once amount_off coupon that drops
// its rest: Lago carries it (build the coupon with discount.RestCarried).
func refuseLagoCoupons(req *Request) error {
	check := func(ds []discount.Discount, field string) error {
		for k, d := range ds {
			c := d.Coupon
			if !c.IsPercent() && c.Duration() == discount.Once && !carries(c) {
				return fieldErr(field+"["+strconv.Itoa(k)+"].Coupon", "%w: engine lago carries the unused rest of a once amount_off coupon to later invoices: coupon %q drops it (build it with AmountOffRest RestCarried; the format's amount_off_rest)", ErrInvalidRequest, short(c.ID()))
			}
		}
		return nil
	}
	if err := check(req.Subscription.Discounts, "Subscription.Discounts"); err != nil {
		return err
	}
	for i := range req.Subscription.Items {
		if err := check(req.Subscription.Items[i].Discounts, itemPath{i: i}.field("Discounts")); err != nil {
			return err
		}
	}
	if ch := req.Changes; ch != nil {
		if err := check(ch.Discounts, "Changes.Discounts"); err != nil {
			return err
		}
		for j := range ch.Items {
			if err := check(ch.Items[j].Discounts, itemPath{change: true, i: j}.field("Discounts")); err != nil {
				return err
			}
		}
	}
	return nil
}

// carries reports whether c is a once amount_off coupon that carries its rest.
func carries(c discount.Coupon) bool {
	return c.AmountOffRest() == discount.RestCarried
}

// checkCarried checks the conventions of this file: MissingCouponCurrency is a
// declared value; a coupon that carries its rest is on one list of the request,
// once; every entry of CouponRests names such a coupon and is a rest it can have.
func (b *builder) checkCarried() error {
	req := &b.req
	if req.MissingCouponCurrency > discount.MissingCurrencySkipped {
		return fieldErr("MissingCouponCurrency", "%w: missing coupon currency %d (want MissingCurrencyRefused or MissingCurrencySkipped)", ErrInvalidValue, req.MissingCouponCurrency)
	}
	if len(req.CouponRests) == 0 && !b.anyCarried() {
		return nil
	}
	coupons := map[string]discount.Coupon{} // carried coupons, by ID
	owner := map[string]int{}               // the slot whose lists hold it; -1: the subscription's
	see := func(ds []discount.Discount, slot int, field string) error {
		inList := map[string]bool{}
		for _, d := range ds {
			c := d.Coupon
			if !carries(c) {
				continue
			}
			id := c.ID()
			if prev, ok := owner[id]; (ok && prev != slot) || inList[id] {
				return fieldErr(field, "%w: coupon %q carries its rest and is on more than one discount list (or twice on one): its amount would be given more than once", ErrConflict, short(id))
			}
			inList[id], owner[id], coupons[id] = true, slot, c
		}
		return nil
	}
	for i := range b.slots {
		s := &b.slots[i]
		if s.new != nil {
			if err := see(s.new.Discounts, i, s.newPath.field("Discounts")); err != nil {
				return err
			}
		}
		if s.old != nil && (s.new == nil || !sameSlice(s.old.Discounts, s.new.Discounts)) {
			if err := see(s.old.Discounts, i, s.oldPath.field("Discounts")); err != nil {
				return err
			}
		}
	}
	subField := "Subscription.Discounts"
	if ch := req.Changes; ch != nil && ch.Discounts != nil {
		subField = "Changes.Discounts"
	}
	if err := see(b.subDiscounts(), -1, subField); err != nil {
		return err
	}
	ids := make([]string, 0, len(req.CouponRests))
	for id := range req.CouponRests {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rest, f := req.CouponRests[id], "CouponRests["+id+"]"
		c, ok := coupons[id]
		switch {
		case !ok:
			return fieldErr(f, "%w: no once amount_off coupon %q that carries its rest is on the invoice's discounts", ErrInvalidRequest, short(id))
		case rest.Currency() != b.cur:
			return fieldErr(f, "%w: the rest is in %s, the invoice in %s", ErrInvalidValue, rest.Currency().Code(), b.cur.Code())
		case rest.Sign() < 0:
			return fieldErr(f, "%w: a negative rest %s", ErrInvalidValue, rest)
		}
		if _, err := rest.MinorUnits(); err != nil {
			return pricing.InField(f, err)
		}
		if rest.Sign() > 0 {
			if _, err := c.WithRest(rest); err != nil {
				return pricing.InField(f, err)
			}
		}
	}
	return nil
}

// anyCarried reports whether a discount of the request carries its coupon's rest.
func (b *builder) anyCarried() bool {
	has := func(ds []discount.Discount) bool {
		for _, d := range ds {
			if carries(d.Coupon) {
				return true
			}
		}
		return false
	}
	for i := range b.slots {
		s := &b.slots[i]
		if s.new != nil && has(s.new.Discounts) || s.old != nil && has(s.old.Discounts) {
			return true
		}
	}
	return has(b.subDiscounts())
}

// restOf returns d as the invoice applies it: with a carried coupon's amount off
// replaced by the rest the request gives, active from the invoice on (an earlier
// invoice used part of it, not all). usedUp is true when the rest given is zero.
func (b *builder) restOf(d discount.Discount) (out discount.Discount, usedUp, changed bool) {
	if len(b.req.CouponRests) == 0 || !carries(d.Coupon) {
		return d, false, false
	}
	rest, ok := b.req.CouponRests[d.Coupon.ID()]
	if !ok {
		return d, false, false
	}
	if rest.IsZero() {
		return d, true, true
	}
	c, err := d.Coupon.WithRest(rest)
	if err != nil { // unreachable: checkCarried checked it
		return d, true, true
	}
	d.Coupon, d.Start = c, time.Time{}
	return d, false, true
}

// withRests returns ds as the invoice applies them ([builder.restOf]), without the
// used-up ones; ds itself when none changes.
func (b *builder) withRests(ds []discount.Discount) []discount.Discount {
	if len(b.req.CouponRests) == 0 {
		return ds
	}
	var out []discount.Discount
	for k, d := range ds {
		r, usedUp, changed := b.restOf(d)
		if out == nil && changed {
			out = append(make([]discount.Discount, 0, len(ds)), ds[:k]...)
		}
		if out != nil && !usedUp {
			out = append(out, r)
		}
	}
	if out == nil {
		return ds
	}
	return out
}

// couponRests returns what each carried coupon of the invoice leaves, in request
// order: the coupon's amount (or the rest given) less what this invoice took, for
// one active on it; zero for one used up before; the rest given for one not active
// on this invoice.
func (b *builder) couponRests(t discount.Timing, results []discount.LineResult) []CouponRest {
	var out []CouponRest
	seen := map[string]bool{}
	visit := func(ds []discount.Discount) {
		for _, d := range ds {
			if !carries(d.Coupon) || seen[d.Coupon.ID()] {
				continue
			}
			seen[d.Coupon.ID()] = true
			r, usedUp, _ := b.restOf(d)
			rest := pricing.Zero(b.cur)
			given, hasRest := b.req.CouponRests[d.Coupon.ID()]
			switch {
			case usedUp:
			case r.StatusFor(t) == discount.Active:
				left, err := discount.RestAfter(r.Coupon, b.cur, results)
				if err != nil {
					continue // no amount in the invoice currency: skipped, nothing carried
				}
				rest = left
			case hasRest:
				rest = given
			default:
				continue
			}
			out = append(out, CouponRest{Coupon: d.Coupon.ID(), Remaining: rest})
		}
	}
	for i := range b.slots {
		s := &b.slots[i]
		if s.new != nil {
			visit(s.new.Discounts)
		}
		if s.old != nil {
			visit(s.old.Discounts)
		}
	}
	visit(b.subDiscounts())
	return out
}

// restsFor returns the rests of inv as the next invoice's CouponRests (nil when it
// has none).
func restsFor(inv *Invoice) map[string]pricing.Money {
	if len(inv.CouponRests) == 0 {
		return nil
	}
	m := make(map[string]pricing.Money, len(inv.CouponRests))
	for _, r := range inv.CouponRests {
		m[r.Coupon] = r.Remaining
	}
	return m
}

// noAmountText explains a coupon skipped for having no amount in cur.
func noAmountText(c discount.Coupon, cur pricing.Currency) string {
	var sb strings.Builder
	sb.WriteString("the coupon has no amount off in ")
	sb.WriteString(cur.Code())
	sb.WriteString(" (the invoice's currency), so it was skipped")
	return sb.String()
}

// whyUsedUp explains a carried coupon whose rest is zero.
const whyUsedUp = "its amount off was used up by earlier invoices"

// carryForward sets what forecast invoice k inherits from the invoice before it
// under these conventions: the carried coupons' rests and what it billed in
// advance towards the commitment.
func carryForward(next *Request, inv Invoice, k int) {
	prev := &inv
	if k > 0 {
		prev = &inv.Forecast[k-1]
	}
	if len(prev.CouponRests) > 0 || len(next.CouponRests) > 0 {
		next.CouponRests = restsFor(prev)
	}
	if c := next.Commitment; c != nil {
		cc := *c
		cc.Invoiced = invoicedAfter(c, prev)
		next.Commitment = &cc
	}
}

// conventionsInto copies the options of these conventions into the request of the
// next invoice (the forecast then sets what each invoice leaves to the next).
func (b *builder) conventionsInto(next *Request) {
	next.MissingCouponCurrency = b.req.MissingCouponCurrency
	next.Commitment = b.req.Commitment
	next.CouponRests = b.req.CouponRests
	next.LicensedBilling = b.req.LicensedBilling
	next.PlanChange = b.req.PlanChange
}
