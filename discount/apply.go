package discount

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// Apply applies the item discounts of each line, then the invoice discounts, in cur.
// Every line amount must be in cur and whole in minor units. The results, one per
// line, conserve exactly: Net + Σ discounts = Amount.
func Apply(cur pricing.Currency, lines []Line, invoiceDiscounts []Discount) ([]LineResult, error) {
	out := make([]LineResult, len(lines))
	for i, l := range lines {
		if l.Amount.Currency() != cur {
			return nil, fmt.Errorf("line %d: %w: %s, invoice in %s", i, pricing.ErrCurrencyMismatch, l.Amount.Currency(), cur)
		}
		if _, err := l.Amount.MinorUnits(); err != nil {
			return nil, fmt.Errorf("line %d: %w", i, err)
		}
		out[i].Net = l.Amount
	}
	// Item discounts, in the order they first appear; a discount on several lines of
	// one item is applied once over all of them.
	type group struct {
		d     Discount
		lines []int
	}
	var groups []group
	for i, l := range lines {
		for _, d := range l.Discounts {
			found := false
			for g := range groups {
				if groups[g].d.Coupon.id == d.Coupon.id && groups[g].d.Start.Equal(d.Start) && lines[groups[g].lines[0]].Item == l.Item {
					groups[g].lines = append(groups[g].lines, i)
					found = true
					break
				}
			}
			if !found {
				groups = append(groups, group{d: d, lines: []int{i}})
			}
		}
	}
	for _, g := range groups {
		if err := applyOne(cur, g.d, lines, g.lines, out); err != nil {
			return nil, err
		}
	}
	all := make([]int, len(lines))
	for i := range all {
		all[i] = i
	}
	for _, d := range invoiceDiscounts {
		if err := applyOne(cur, d, lines, all, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func applyOne(cur pricing.Currency, d Discount, lines []Line, idx []int, out []LineResult) error {
	c := d.Coupon
	var covered []int
	for _, i := range idx {
		if c.AppliesTo(lines[i].Product) {
			covered = append(covered, i)
		}
	}
	if c.IsPercent() {
		return applyPercent(cur, c, covered, out)
	}
	return applyAmount(cur, c, lines, covered, out)
}

func applyPercent(cur pricing.Currency, c Coupon, covered []int, out []LineResult) error {
	rate := c.percent.Shift(-2) // exact
	applied := make([]Applied, len(covered))
	total := decimal.Zero
	for k, i := range covered {
		a := out[i].Net.Mul(rate).Round(pricing.HalfAwayFromZero)
		applied[k] = Applied{Coupon: c.id, Amount: a, how: how{percent: c.percent, base: out[i].Net}}
		total = total.Add(a.Amount())
	}
	if capv, ok := c.caps[cur]; ok && total.GreaterThan(capv) {
		capm := pricing.New(capv, cur).Round(pricing.Down)
		// Credits keep their (negative) discount; the positive ones share the rest.
		target := capm
		var pos []int
		var weights []decimal.Decimal
		pl := &pool{amount: capm}
		for k := range applied {
			if applied[k].Amount.Sign() > 0 {
				pos = append(pos, k)
				weights = append(weights, applied[k].Amount.MinorDecimal())
				pl.weights = append(pl.weights, applied[k].Amount)
			} else {
				target, _ = target.Sub(applied[k].Amount)
			}
		}
		if len(pos) > 0 {
			parts, err := pricing.Allocate(target, weights, pricing.FloorLargestFirst)
			if err != nil {
				return fmt.Errorf("coupon %q: cap: %w", c.id, err)
			}
			for n, k := range pos {
				applied[k].how.uncapped, applied[k].how.pool = applied[k].Amount, pl
				applied[k].Amount = parts[n]
			}
		}
	}
	for k, i := range covered {
		record(out, i, applied[k])
	}
	return nil
}

func applyAmount(cur pricing.Currency, c Coupon, lines []Line, covered []int, out []LineResult) error {
	amt, err := c.AmountOffIn(cur)
	if err != nil {
		return err
	}
	amt = amt.Round(pricing.Down)
	var idx []int
	var weights []decimal.Decimal
	pl := &pool{amount: amt, dropped: pricing.Zero(cur)}
	sum := decimal.Zero
	for _, i := range covered {
		if lines[i].Proration || out[i].Net.Sign() <= 0 {
			continue
		}
		idx = append(idx, i)
		weights = append(weights, out[i].Net.MinorDecimal())
		pl.weights = append(pl.weights, out[i].Net)
		sum = sum.Add(out[i].Net.Amount())
	}
	if len(idx) == 0 {
		return nil
	}
	usable := amt
	if amt.Amount().GreaterThan(sum) {
		usable = pricing.New(sum, cur)
		pl.dropped, _ = amt.Sub(usable)
	}
	parts, err := pricing.Allocate(usable, weights, pricing.FloorLargestFirst)
	if err != nil {
		return fmt.Errorf("coupon %q: %w", c.id, err)
	}
	for k, i := range idx {
		record(out, i, Applied{Coupon: c.id, Amount: parts[k], how: how{pool: pl}})
	}
	return nil
}

func record(out []LineResult, i int, a Applied) {
	out[i].Discounts = append(out[i].Discounts, a)
	out[i].Net, _ = out[i].Net.Sub(a.Amount)
}
