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
		if r := l.Amount.Round(pricing.Down); !r.Equal(l.Amount) {
			return nil, fmt.Errorf("line %d: %w: %s", i, pricing.ErrNotWholeMinorUnits, l.Amount)
		}
		out[i].Net = l.Amount
	}
	// Item discounts, in the order they first appear; a discount shared by several
	// lines (the lines of one item) is applied once over all of them.
	type group struct {
		d     Discount
		lines []int
	}
	var groups []group
	for i, l := range lines {
		for _, d := range l.Discounts {
			found := false
			for g := range groups {
				if groups[g].d.Coupon.id == d.Coupon.id && groups[g].d.Start.Equal(d.Start) && sameItem(lines, groups[g].lines[0], i) {
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

// sameItem reports whether lines i and j carry the same discount list (the lines of
// one item).
func sameItem(lines []Line, i, j int) bool {
	a, b := lines[i].Discounts, lines[j].Discounts
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
	rate := c.percent.Div(decimal.NewFromInt(100)) // exact: percent has few places
	amounts := make([]pricing.Money, len(covered))
	total := pricing.Zero(cur)
	for k, i := range covered {
		amounts[k] = out[i].Net.Mul(rate).Round(pricing.HalfAwayFromZero)
		total, _ = total.Add(amounts[k])
	}
	rules := make([]string, len(covered))
	for k, i := range covered {
		rules[k] = fmt.Sprintf("%s%% of %s = %s", c.percent, out[i].Net, amounts[k])
	}
	if capv, ok := c.caps[cur]; ok && total.Amount().GreaterThan(capv) {
		capm := pricing.New(capv, cur).Round(pricing.Down)
		// Credits keep their (negative) discount; the positive ones share the rest.
		target := capm
		var pos []int
		var weights []decimal.Decimal
		for k := range covered {
			if amounts[k].Sign() > 0 {
				pos = append(pos, k)
				weights = append(weights, amounts[k].MinorDecimal())
			} else {
				target, _ = target.Sub(amounts[k])
			}
		}
		if len(pos) > 0 {
			parts, err := pricing.Allocate(target, weights, pricing.FloorLargestFirst)
			if err != nil {
				return fmt.Errorf("coupon %q: cap: %w", c.id, err)
			}
			for n, k := range pos {
				rules[k] += fmt.Sprintf(", reduced to %s: share of the %s cap in proportion to %s (floor, leftover to largest)", parts[n], capm, joinAmounts(amounts[k:k+1]))
				amounts[k] = parts[n]
			}
		}
	}
	for k, i := range covered {
		record(out, i, c.id, amounts[k], rules[k])
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
	var shown []pricing.Money
	sum := pricing.Zero(cur)
	for _, i := range covered {
		if lines[i].Proration || out[i].Net.Sign() <= 0 {
			continue
		}
		idx = append(idx, i)
		weights = append(weights, out[i].Net.MinorDecimal())
		shown = append(shown, out[i].Net)
		sum, _ = sum.Add(out[i].Net)
	}
	if len(idx) == 0 {
		return nil
	}
	usable := amt
	dropped := ""
	if cmp, _ := amt.Cmp(sum); cmp > 0 {
		usable = sum
		rest, _ := amt.Sub(sum)
		dropped = fmt.Sprintf("; %s could not be used and is dropped", rest)
	}
	parts, err := pricing.Allocate(usable, weights, pricing.FloorLargestFirst)
	if err != nil {
		return fmt.Errorf("coupon %q: %w", c.id, err)
	}
	for k, i := range idx {
		rule := fmt.Sprintf("%s off spread over %d line(s) in proportion to %s (floor, leftover to largest) = %s%s", amt, len(idx), joinAmounts(shown), parts[k], dropped)
		record(out, i, c.id, parts[k], rule)
	}
	return nil
}

func record(out []LineResult, i int, coupon string, amount pricing.Money, rule string) {
	out[i].Discounts = append(out[i].Discounts, Applied{Coupon: coupon, Amount: amount, Rule: rule})
	out[i].Net, _ = out[i].Net.Sub(amount)
}
