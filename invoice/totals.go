package invoice

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

func (b *builder) finish() (Invoice, error) {
	req := &b.req
	cur := b.cur
	inv := &b.inv
	// Other engines' conventions: carried coupon rests, the commitment's true-up.
	if err := b.checkCarried(); err != nil {
		return Invoice{}, err
	}
	if err := b.trueUpLine(); err != nil {
		return Invoice{}, err
	}

	inv.Currency = cur
	inv.Lines = b.lines
	inv.IssuedAt = b.issued

	// Discounts: which are active, then how they apply.
	timing := discount.Timing{Issued: b.issued, PeriodStart: b.issued, Since: b.since}
	var dbuf [8]discount.Line // the lines as discounts see them, on the stack when few
	dlines := dbuf[:0]
	if len(b.lines) <= len(dbuf) {
		dlines = dbuf[:len(b.lines)]
	} else {
		dlines = make([]discount.Line, len(b.lines))
	}
	for i := range b.lines {
		it := b.lines[i].item
		dlines[i] = discount.Line{
			Item:      b.lines[i].Item,
			Amount:    b.lines[i].Amount,
			Proration: b.lines[i].Proration,
		}
		if it != nil { // a true-up line has no item: only the subscription's discounts
			dlines[i].Product = it.Price.Product().ID
			dlines[i].Discounts = activeDiscounts(b.withRests(it.Discounts), timing)
		}
		if b.lines[i].Credited != nil {
			// A flexible credit carries the debit's own discounts and taxes.
			dlines[i].Amount, dlines[i].Discounts = pricing.Zero(cur), nil
		}
	}
	subDiscounts := activeDiscounts(b.withRests(b.subDiscounts()), timing)
	applied, err := discount.ApplyWithOptions(cur, dlines, subDiscounts, discount.ApplyOptions{MissingCurrency: b.missingCurrency()})
	if err != nil {
		return Invoice{}, pricing.InField("Subscription.Discounts", err)
	}
	results := applied.Lines
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
			for k := range ds {
				a := &ds[k]
				l.Discounts[k] = DiscountAmount{Coupon: a.Coupon, Amount: a.Amount, applied: a}
			}
		}
	}
	inv.UnappliedDiscounts = b.unapplied(timing, dlines)
	inv.CouponRests = b.couponRests(timing, results)
	inv.PlanChange = b.planChanged

	// Taxes.
	computeTaxes(cur, b.lines, results, b.defaultTaxRates(), req.TaxRounding)
	if err := b.checkTotals(); err != nil {
		return Invoice{}, err
	}
	totals(inv, req.CustomerBalance)
	return *inv, nil
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
			if l.TrueUp != nil {
				return fieldErr("Commitment", "%w: with the commitment's true-up the invoice's totals pass ±10^15 minor units", pricing.ErrOutOfRange)
			}
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
func totals(inv *Invoice, balance pricing.Money) {
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
		for j := range l.Discounts {
			d := &l.Discounts[j]
			discounts.add(d.Amount)
			k := couponIndex.find(len(perCoupon), d.Coupon, func(k int) bool { return perCoupon[k].coupon == d.Coupon })
			if k < 0 {
				k = len(perCoupon)
				perCoupon = append(perCoupon, couponSum{coupon: d.Coupon})
				couponIndex.file(len(perCoupon), d.Coupon, func(k int) string { return perCoupon[k].coupon })
			}
			perCoupon[k].amount.add(d.Amount)
		}
		for j := range l.Taxes {
			t := &l.Taxes[j]
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
	switch {
	case due.Sign() > 0:
		inv.AmountDue, inv.EndingBalance = due, zero
	case inv.CreditNote != nil && inv.CreditNote.Refund.Sign() > 0:
		// The refunded part of a termination's credit is paid back, not kept.
		inv.AmountDue, inv.EndingBalance = zero, add(due, inv.CreditNote.Refund)
		if inv.EndingBalance.Sign() > 0 {
			inv.EndingBalance = zero
		}
	default:
		inv.AmountDue, inv.EndingBalance = zero, due
	}
}
