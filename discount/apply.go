package discount

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// Line is an invoice line as discounts see it.
type Line struct {
	// Amount is the line's rounded amount, in the invoice currency; negative for a
	// proration credit.
	Amount pricing.Money
	// Product is the line's product id, matched against a coupon's applies_to.
	Product string
	// Proration marks a proration line: percent coupons apply to it, amount_off
	// coupons do not.
	Proration bool
	// Item identifies the subscription item of the line. The lines of one item that
	// carry the same discount list share its item-level discounts: an amount_off is
	// spread over them together. Empty: the line is an item of its own.
	Item string
	// Discounts are the item-level discounts of the line's item, already filtered to
	// the active ones, in the order they apply.
	Discounts []Discount
}

// Applied is what one discount took off one line.
type Applied struct {
	// Coupon is the coupon id.
	Coupon string
	// Amount is what the discount takes off the line: positive reduces a charge,
	// negative shrinks a credit.
	Amount pricing.Money
	how    how
}

// LineResult is a line's discounts, in the order they applied, and what is left.
// Net = Amount − Σ Discounts[k].Amount, exactly.
type LineResult struct {
	// Discounts are the discounts taken off the line, in the order they applied;
	// empty when none applied.
	Discounts []Applied
	// Net is what is left of the line's amount, in the invoice currency, major units,
	// whole in minor units.
	Net pricing.Money
}

// Apply applies discounts to the lines of one invoice in currency cur: first each
// line's item-level discounts, then invoiceDiscounts (the subscription's), each list
// in order and each discount on the amount left after the ones before it. It returns
// one result per line, in order.
//
// Every line amount must be in cur and a whole number of minor units within the
// library's bounds ([ErrInvalidLine]); every discount must hold a coupon built by
// [NewCoupon] ([ErrInvalidCoupon]); every amount_off coupon must have an amount in cur
// ([ErrAmountOffCurrency], naming the coupon). The rules are in the package
// documentation. The results always conserve: Σ Net + Σ discounts = Σ Amount.
func Apply(cur pricing.Currency, lines []Line, invoiceDiscounts []Discount) ([]LineResult, error) {
	if cur.IsZero() {
		return nil, fmt.Errorf("invoice currency: %w", pricing.ErrUnknownCurrency)
	}
	for k, d := range invoiceDiscounts {
		if err := checkDiscount(cur, d); err != nil {
			return nil, fmt.Errorf("invoice discount %d: %w", k, err)
		}
	}
	out := make([]LineResult, len(lines))
	items := false
	room := 0 // results' discounts, all taken from one backing array
	for i := range lines {
		room += mayApply(&lines[i], lines[i].Discounts) + mayApply(&lines[i], invoiceDiscounts)
	}
	backing := make([]Applied, 0, room)
	for i := range lines {
		l := &lines[i]
		if l.Amount.Currency() != cur {
			return nil, fmt.Errorf("line %d: amount %s: %w (%w): the invoice is in %s", i, shortMoney(l.Amount), ErrInvalidLine, pricing.ErrCurrencyMismatch, cur.Code())
		}
		if _, err := l.Amount.MinorUnits(); err != nil {
			return nil, fmt.Errorf("line %d: amount %s: %w (%w)", i, shortMoney(l.Amount), ErrInvalidLine, err)
		}
		for k, d := range l.Discounts {
			if err := checkDiscount(cur, d); err != nil {
				return nil, fmt.Errorf("line %d: discount %d: %w", i, k, err)
			}
		}
		out[i].Net = l.Amount
		if n := mayApply(l, l.Discounts) + mayApply(l, invoiceDiscounts); n > 0 {
			out[i].Discounts = backing[len(backing) : len(backing) : len(backing)+n]
			backing = backing[:len(backing)+n]
		}
		items = items || len(l.Discounts) > 0
	}
	a := applier{cur: cur, lines: lines, out: out}
	if items {
		for _, g := range itemGroups(lines) {
			for _, d := range lines[g.lines[0]].Discounts {
				if err := a.apply(d, g.lines); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(invoiceDiscounts) > 0 {
		all := make([]int, len(lines))
		for i := range all {
			all[i] = i
		}
		for _, d := range invoiceDiscounts {
			if err := a.apply(d, all); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// mayApply returns how many of ds can take an amount off line l: those whose coupon
// covers its product, a proration line only for percent coupons.
func mayApply(l *Line, ds []Discount) int {
	n := 0
	for k := range ds {
		c := &ds[k].Coupon
		if c.AppliesTo(l.Product) && (c.IsPercent() || !l.Proration) {
			n++
		}
	}
	return n
}

// checkDiscount verifies that d holds a coupon built by NewCoupon and, for an
// amount_off coupon, that it has an amount in cur.
func checkDiscount(cur pricing.Currency, d Discount) error {
	c := d.Coupon
	if c.id == "" {
		return fmt.Errorf("coupon id %q: %w: not built by NewCoupon", c.id, ErrInvalidCoupon)
	}
	if !c.IsPercent() {
		if _, err := c.AmountOffIn(cur); err != nil {
			return err
		}
	}
	return nil
}

// group is the lines of one item that share one discount list.
type group struct {
	item  string
	lines []int
}

// itemGroups groups the lines that carry item discounts: lines with the same
// non-empty Item and the same discount list (coupon ids and starts) form one group;
// a line without Item is a group of its own. Groups are in order of first line.
func itemGroups(lines []Line) []group {
	var groups []group
	var byItem map[string][]int // item → indices into groups
	for i := range lines {
		l := &lines[i]
		if len(l.Discounts) == 0 {
			continue
		}
		if l.Item == "" {
			groups = append(groups, group{lines: []int{i}})
			continue
		}
		if byItem == nil {
			byItem = map[string][]int{}
		}
		found := false
		for _, g := range byItem[l.Item] {
			if sameList(lines[groups[g].lines[0]].Discounts, l.Discounts) {
				groups[g].lines = append(groups[g].lines, i)
				found = true
				break
			}
		}
		if !found {
			byItem[l.Item] = append(byItem[l.Item], len(groups))
			groups = append(groups, group{item: l.Item, lines: []int{i}})
		}
	}
	return groups
}

func sameList(a, b []Discount) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].Coupon.id != b[k].Coupon.id || !a[k].Start.Equal(b[k].Start) {
			return false
		}
	}
	return true
}

// applier carries the state of one Apply call.
type applier struct {
	cur     pricing.Currency
	lines   []Line
	out     []LineResult
	capLeft map[string]decimal.Decimal // coupon id → what its cap still allows on this invoice
}

// apply applies one discount to the lines idx (an item's lines, or all of them).
func (a *applier) apply(d Discount, idx []int) error {
	c := d.Coupon
	covered := idx
	if len(c.products) > 0 {
		covered = make([]int, 0, len(idx))
		for _, i := range idx {
			if c.AppliesTo(a.lines[i].Product) {
				covered = append(covered, i)
			}
		}
	}
	if len(covered) == 0 {
		return nil
	}
	if c.IsPercent() {
		return a.percent(c, covered)
	}
	return a.amountOff(c, covered)
}

// percent takes round(left × p / 100) off every covered line, then applies the
// coupon's cap in the invoice currency, if any.
func (a *applier) percent(c Coupon, covered []int) error {
	capm, capped := c.caps[a.cur]
	if !capped { // each line's discount as it is
		for _, i := range covered {
			a.record(i, a.percentOf(c, i))
		}
		return nil
	}
	applied := make([]Applied, len(covered))
	total := decimal.Zero
	for k, i := range covered {
		applied[k] = a.percentOf(c, i)
		total = total.Add(applied[k].Amount.Amount())
	}
	if a.capLeft == nil {
		a.capLeft = map[string]decimal.Decimal{}
	}
	left, seen := a.capLeft[c.id]
	if !seen {
		left = capm.Amount()
	}
	if total.GreaterThan(left) {
		if err := a.capDiscounts(c, applied, capm, left); err != nil {
			return err
		}
		total = left
	}
	a.capLeft[c.id] = left.Sub(total)
	for k, i := range covered {
		a.record(i, applied[k])
	}
	return nil
}

// capDiscounts reduces applied so that it totals left exactly: discounts on credit
// lines (negative) stay; the positive ones share left − Σ negative ones in
// proportion to their uncapped amounts, floored, leftover units to the largest.
func (a *applier) capDiscounts(c Coupon, applied []Applied, capm pricing.Money, left decimal.Decimal) error {
	target := left
	var pos []int
	var weights []decimal.Decimal
	pl := &pool{cap: capm}
	for k := range applied {
		if applied[k].Amount.Sign() > 0 {
			pos = append(pos, k)
			weights = append(weights, applied[k].Amount.MinorDecimal())
			pl.weights = append(pl.weights, applied[k].Amount)
		} else {
			target = target.Sub(applied[k].Amount.Amount())
		}
	}
	pl.amount = pricing.New(target, a.cur)
	parts, err := pricing.Allocate(pl.amount, weights, pricing.FloorLargestFirst)
	if err != nil {
		return fmt.Errorf("coupon %q: max_discount %s: %w", text.Truncate(c.id, 64), capm, err)
	}
	pl.total = pricing.New(sumAmounts(pl.weights), a.cur)
	for n, k := range pos {
		h := &applied[k].how
		h.kind, h.uncapped, h.pool, h.share = ruleCapped, applied[k].Amount, pl, n
		applied[k].Amount = parts[n]
	}
	return nil
}

// amountOff spreads the coupon's amount over the covered non-proration lines with a
// positive amount left, in proportion to those amounts (floor, leftover units to the
// largest lines first); what exceeds their sum is dropped.
func (a *applier) amountOff(c Coupon, covered []int) error {
	amt, err := c.AmountOffIn(a.cur)
	if err != nil {
		return err
	}
	n := 0
	for _, i := range covered {
		if !a.lines[i].Proration && a.out[i].Net.Sign() > 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	idx := make([]int, 0, n)
	weights := make([]decimal.Decimal, 0, n)
	pl := &pool{amount: amt, weights: make([]pricing.Money, 0, n)}
	sum := decimal.Zero
	for _, i := range covered {
		if net := a.out[i].Net; !a.lines[i].Proration && net.Sign() > 0 {
			idx = append(idx, i)
			weights = append(weights, net.MinorDecimal())
			pl.weights = append(pl.weights, net)
			sum = sum.Add(net.Amount())
		}
	}
	pl.total = pricing.New(sum, a.cur)
	usable := amt
	if amt.Amount().GreaterThan(sum) {
		usable = pl.total
	}
	pl.used = usable
	parts, err := pricing.Allocate(usable, weights, pricing.FloorLargestFirst)
	if err != nil {
		return fmt.Errorf("coupon %q: amount_off %s: %w", text.Truncate(c.id, 64), amt, err)
	}
	for k, i := range idx {
		a.record(i, Applied{Coupon: c.id, Amount: parts[k], how: how{kind: ruleAmountOff, pool: pl, share: k, name: c.name}})
	}
	return nil
}

// percentOf is the percent coupon c's discount on what is left of line i, rounded
// half away from zero, before any cap.
func (a *applier) percentOf(c Coupon, i int) Applied {
	base := a.out[i].Net
	exact := base.Mul(c.rate)
	return Applied{Coupon: c.id, Amount: exact.Round(pricing.HalfAwayFromZero), how: how{kind: rulePercent, percent: c.percent, base: base, exact: exact, name: c.name}}
}

func (a *applier) record(i int, ap Applied) {
	r := &a.out[i]
	r.Discounts = append(r.Discounts, ap)
	r.Net, _ = r.Net.Sub(ap.Amount) // same currency by construction
}

func sumAmounts(ms []pricing.Money) decimal.Decimal {
	s := decimal.Zero
	for _, m := range ms {
		s = s.Add(m.Amount())
	}
	return s
}
