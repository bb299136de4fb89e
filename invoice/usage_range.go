package invoice

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Usage billed after what earlier lines of the period billed, as OpenMeter bills a
// usage line split within its period (progressive billing, or a line cut at a
// change): the line's usage is priced as the units that follow the units already
// billed, cost(before + usage) − cost(before), so that the period's lines add up to
// what its whole usage costs (pricing.Price.QuoteRange;
// https://openmeter.io/docs/billing/progressive-billing). Stripe prices each
// invoice's usage on its own; Request.UsageBefore is empty then.

// checkUsageBefore refuses what Request.UsageBefore cannot mean: an item that is not
// a metered item of the request, a negative or unbounded quantity, a price whose
// usage is not priced by units (dynamic, percentage, prorated).
func (b *builder) checkUsageBefore() error {
	for id, q := range b.req.UsageBefore {
		f := "UsageBefore[" + short(id) + "]"
		s := b.slotOf(id)
		if s == nil {
			return b.noSuchItem(f, id, false)
		}
		if !isMetered(s.old) && !isMetered(s.new) {
			return fieldErr(f, "%w: usage billed before for item %q, whose price is licensed: it is for metered prices", ErrInvalidRequest, short(id))
		}
		if q.Sign() < 0 {
			return fieldErr(f, "%w: usage billed before %s is negative", pricing.ErrNegativeQuantity, q)
		}
		if err := pricing.CheckBounds(q); err != nil {
			return pricing.InField(f, err)
		}
		for _, it := range []*Item{s.old, s.new} {
			if it == nil || !it.Price.IsMetered() {
				continue
			}
			if _, pct := it.Price.Percentage(); pct || it.Price.IsDynamic() || it.Price.IsProrated() {
				return fieldErr(f, "%w: price %q is priced from its records' amounts or time, not by units: usage billed before has no meaning for it", ErrInvalidRequest, short(it.Price.ID()))
			}
			if it.Price.Params().TransformQuantity != nil {
				return fieldErr(f, "%w: usage billed before a package price's usage (%q, transform_quantity) is not supported", ErrInvalidRequest, short(it.Price.ID()))
			}
		}
	}
	return nil
}

// rangeLine adds metered item it's usage u over [start, end) as the range after the
// before units earlier lines of the period billed.
func (b *builder) rangeLine(si int, it *Item, p itemPath, u pricing.Usage, before decimal.Decimal, start, end time.Time) error {
	rq, err := it.Price.QuoteRange(b.cur, pricing.UsageRange{Before: before, Quantity: u.Quantity})
	if err != nil {
		return pricing.InField("UsageBefore["+short(it.ID)+"]", err)
	}
	return b.add(si, p, Line{
		Amount:   rq.Amount,
		Quantity: u.Quantity,
		Item:     it.ID,
		Price:    it.Price.ID(),
		Period:   proration.Period{Start: start, End: end},
		Usage:    &u,
		Range:    &rq,
	}, it)
}

// appendRangeDescription appends "50 × API calls after 100 billed earlier in the
// period".
func appendRangeDescription(b []byte, it *Item, r *pricing.RangeQuote) []byte {
	b = text.AppendDecimal(b, r.Range.Quantity)
	b = append(b, " × "...)
	b = append(b, it.Price.DisplayName()...)
	b = append(b, " after "...)
	b = text.AppendDecimal(b, r.Range.Before)
	return append(b, " billed earlier in the period"...)
}

// rangeSteps adds the steps of a range line: its usage, the range, each tier's part
// of it (or the unit price), then the rounding: of each tier's line, or of the
// range as the rounded cost of all the period's usage less that of the usage before.
func (s *stepper) rangeSteps(r *pricing.RangeQuote, u *pricing.Usage, it *Item, amount pricing.Money) {
	s.add(StepUsage, u.Quantity, usageText(u), inInt("records", int64(u.Records)))
	s.add(StepRange, r.Range.Quantity, rangeText(r), in("before", r.Range.Before), in("quantity", r.Range.Quantity))
	cur := amount.Currency()
	if len(r.Lines) == 0 {
		unit := decimal.Zero
		if it != nil {
			unit = unitAmountIn(it.Price, cur)
		}
		s.add(StepUnitPrice, r.Exact.Amount(), rangeUnitText(r, unit, cur), in("quantity", r.Range.Quantity), in("unit_amount", unit))
	}
	each := r.TierRounding == pricing.TierRoundingEachLine
	sofar := decimal.Zero
	for _, l := range r.Lines {
		exact := l.Units.Mul(l.UnitAmount).Add(l.Flat.Amount())
		st := s.add(StepTier, exact, rangeTierText(l, cur), inInt("tier", int64(l.Index+1)),
			in("quantity", l.Quantity), in("unit_amount", l.UnitAmount), in("flat_amount", l.Flat.Amount()))
		if !l.Units.Equal(l.Quantity) {
			st.Inputs = append(st.Inputs, in("units", l.Units))
		}
		if each {
			before := sofar
			sofar = sofar.Add(l.Amount.Amount()).Add(l.Flat.Amount())
			s.rounding(before.Add(exact), pricing.New(sofar, cur))
		}
	}
	if each || it == nil {
		return
	}
	lower, err := it.Price.Quote(cur, r.Range.Before)
	if err != nil {
		return // unreachable: QuoteRange priced the same usage
	}
	if r.Exact.Amount().Equal(amount.Amount()) {
		return
	}
	s.add(StepRangeRounding, amount.Amount(), rangeRoundingText(lower.Exact, r.Exact, amount), in("lower", lower.Exact.Amount()), in("amount", r.Exact.Amount()))
}

// rangeText is "Billed after the 100 units the period's earlier lines billed: what
// 150 units cost less what 100 cost.".
func rangeText(r *pricing.RangeQuote) string {
	total := r.Range.Before.Add(r.Range.Quantity)
	return "Billed after the " + number(r.Range.Before) + " units the period's earlier lines billed: what " + number(total) +
		" units cost less what " + number(r.Range.Before) + " cost."
}

func rangeUnitText(r *pricing.RangeQuote, unit decimal.Decimal, cur pricing.Currency) string {
	return number(r.Range.Quantity) + " × " + money(pricing.New(unit, cur)) + " = " + unrounded(r.Exact.Amount(), cur) + "."
}

func rangeTierText(l pricing.RangeLine, cur pricing.Currency) string {
	t := "Tier " + strconv.Itoa(l.Index+1) + ": " + number(l.Quantity) + " units of the range"
	if !l.Units.Equal(l.Quantity) {
		t += ", " + number(l.Units) + " blocks started"
	}
	t += " × " + money(pricing.New(l.UnitAmount, cur))
	if !l.Flat.IsZero() {
		t += " + " + money(l.Flat) + " flat (the range enters the tier)"
	}
	return t + " = " + unrounded(l.Units.Mul(l.UnitAmount).Add(l.Flat.Amount()), cur) + "."
}

func rangeRoundingText(lower, exact, amount pricing.Money) string {
	cur := amount.Currency()
	upper := lower.Amount().Add(exact.Amount())
	return "Rounded as the period's whole usage: " + unrounded(upper, cur) + " rounds to " +
		money(pricing.New(upper, cur).Round(pricing.HalfAwayFromZero)) + ", less the " + unrounded(lower.Amount(), cur) +
		" before, which rounds to " + money(lower.Round(pricing.HalfAwayFromZero)) + ": " + money(amount) + "."
}

// unitAmountIn is a per-unit price's amount per unit in currency c (its own or a
// currency option's).
func unitAmountIn(p pricing.Price, c pricing.Currency) decimal.Decimal {
	pp := p.Params()
	if o, ok := pp.CurrencyOptions[c]; ok && c != pp.Currency {
		return o.UnitAmount
	}
	return pp.UnitAmount
}
