package invoice

import (
	"strconv"

	"github.com/pricekit/pricekit/discount"
)

// activeDiscounts returns the discounts of ds active for the invoice of t, in order.
func activeDiscounts(ds []discount.Discount, t discount.Timing) []discount.Discount {
	var out []discount.Discount // nil while ds itself is the answer
	for k, d := range ds {
		active := d.StatusFor(t) == discount.Active
		if out == nil {
			if active {
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

// unapplied lists every discount of the request that took nothing, with why: the
// items' discounts in item order (the state whose lines they applied to), then the
// subscription's.
func (b *builder) unapplied(t discount.Timing, dlines []discount.Line) []UnappliedDiscount {
	var out []UnappliedDiscount
	for i := range b.slots {
		s := &b.slots[i]
		if s.new != nil {
			out = b.unappliedOf(out, s.new.Discounts, s.id, s.new, t)
		}
		if s.old != nil && (s.new == nil || !sameSlice(s.old.Discounts, s.new.Discounts)) {
			out = b.unappliedOf(out, s.old.Discounts, s.id, s.old, t)
		}
	}
	return b.unappliedOf(out, b.subDiscounts(), "", nil, t)
}

// sameSlice reports whether a and b are the same list (one backing array).
func sameSlice(a, b []discount.Discount) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// unappliedOf appends the discounts of ds that took nothing on the lines of the item
// state it (every line when it is nil).
func (b *builder) unappliedOf(out []UnappliedDiscount, ds []discount.Discount, item string, it *Item, t discount.Timing) []UnappliedDiscount {
	for _, d := range ds {
		c := d.Coupon
		u := UnappliedDiscount{Coupon: c.ID(), CouponName: c.Name(), Item: item}
		d, usedUp, _ := b.restOf(d)
		if usedUp {
			u.Reason, u.Explanation = Used, whyUsedUp
			out = append(out, u)
			continue
		}
		switch st := d.StatusFor(t); st {
		case discount.NotStarted:
			u.Reason, u.Explanation = NotStarted, whyNotStarted(d.Start, t.Issued)
		case discount.Ended:
			u.Reason = Ended
			if !d.Until.IsZero() && !t.Issued.Before(d.Until) {
				u.Explanation = whyEndedAt(d.Until, t.Issued)
			} else {
				end, _ := d.End()
				u.Explanation = whyMonthsEnded(c.DurationInMonths(), d.Start, end, t.PeriodStart)
			}
		case discount.Used:
			u.Reason, u.Explanation = Used, whyUsed(d.Start, t.Since)
		default:
			if b.skipsMissingCurrency() && !c.IsPercent() {
				if _, err := c.AmountOffIn(b.cur); err != nil {
					u.Reason, u.Explanation = NoAmountInCurrency, noAmountText(c, b.cur)
					break
				}
			}
			covered, took := b.coverage(c, it)
			switch {
			case covered == 0:
				u.Reason, u.Explanation = NoMatchingLine, noMatchText(c)
			case took:
				continue
			case b.allTrial():
				u.Reason, u.Explanation = NothingLeft, whyTrial
			default:
				u.Reason, u.Explanation = NothingLeft, whyNothingLeft
			}
		}
		out = append(out, u)
	}
	return out
}

// coverage returns how many lines of item state it (all lines when nil) coupon c
// covers, and whether it took a non-zero amount off any of them.
func (b *builder) coverage(c discount.Coupon, it *Item) (covered int, took bool) {
	var buf [32]int
	var lines []int
	switch {
	case it != nil && len(b.lines) <= len(buf): // few lines: a scan costs less than an index
		lines = buf[:0]
		for i := range b.lines {
			if b.lines[i].item == it {
				lines = append(lines, i)
			}
		}
	case it != nil:
		if b.linesOf == nil { // the lines of each item state, indexed once per invoice
			b.linesOf = make(map[*Item][]int, len(b.slots))
			for i := range b.lines {
				b.linesOf[b.lines[i].item] = append(b.linesOf[b.lines[i].item], i)
			}
		}
		lines = b.linesOf[it]
	case len(b.lines) <= len(buf):
		lines = buf[:len(b.lines)]
		for i := range lines {
			lines[i] = i
		}
	default:
		if b.allLines == nil {
			b.allLines = make([]int, len(b.lines))
			for i := range b.allLines {
				b.allLines[i] = i
			}
		}
		lines = b.allLines
	}
	for _, i := range lines {
		l := &b.lines[i]
		product := "" // a true-up line has no item, so no product
		if l.item != nil {
			product = l.item.Price.Product().ID
		}
		if !c.AppliesTo(product) || !c.IsPercent() && l.Proration {
			continue
		}
		covered++
		for _, d := range l.Discounts {
			if d.Coupon == c.ID() && !d.Amount.IsZero() {
				took = true
			}
		}
	}
	return covered, took
}

func noMatchText(c discount.Coupon) string {
	if ps := c.AppliesToProducts(); len(ps) > 0 {
		s := "no line of the invoice is for one of its products ("
		for k, p := range ps {
			if k == 3 {
				s += ", …"
				break
			}
			if k > 0 {
				s += ", "
			}
			s += short(p)
		}
		s += ")"
		if !c.IsPercent() {
			s += " outside prorations"
		}
		return s
	}
	if !c.IsPercent() {
		return "an amount_off coupon covers no proration line, and the invoice has no other line"
	}
	return "the invoice has no line"
}

func plural(n int, what string) string {
	s := strconv.Itoa(n) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}

// subDiscounts are the subscription's discounts on the invoice: the change's when it
// replaces them.
func (b *builder) subDiscounts() []discount.Discount {
	if ch := b.req.Changes; ch != nil && ch.Discounts != nil {
		return ch.Discounts
	}
	return b.req.Subscription.Discounts
}

// defaultTaxRates are the subscription's default tax rates on the invoice: the
// change's when it replaces them.
func (b *builder) defaultTaxRates() []TaxRate {
	if ch := b.req.Changes; ch != nil && ch.DefaultTaxRates != nil {
		return ch.DefaultTaxRates
	}
	return b.req.Subscription.DefaultTaxRates
}

// allTrial reports whether every line of the invoice is a trial line.
func (b *builder) allTrial() bool {
	for i := range b.lines {
		if !b.lines[i].Trial {
			return false
		}
	}
	return len(b.lines) > 0
}
