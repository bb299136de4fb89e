package pricing

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// Errors of [Price.QuoteRange].
var (
	// ErrRangeUnsupported: a price cannot be quoted by range: its tiers are volume
	// tiers, or it has a minimum or maximum.
	ErrRangeUnsupported = errors.New("price cannot be quoted by range")
	// ErrInvalidRange: a range's usage is negative, or a first range has usage
	// before it.
	ErrInvalidRange = errors.New("invalid usage range")
)

// UsageRange is a part of a period's usage, billed on its own line: the Quantity
// units that follow the Before units the period's earlier ranges billed.
type UsageRange struct {
	// Before is the usage billed by the period's earlier ranges, ≥ 0; 0 for the
	// first range.
	Before decimal.Decimal
	// Quantity is the range's usage, ≥ 0.
	Quantity decimal.Decimal
	// First marks the period's first range, which bills cost(Quantity), the first
	// tier's flat amount included; Before must then be 0. false (the default): a
	// later range, which bills cost(Before + Quantity) − cost(Before), also when
	// Before is 0 (the first range had no usage).
	First bool
}

// RangeQuote is what a range of a period's usage costs: the Quantity units that come
// after the Before units already billed in the period. Amounts are in major units of
// Currency.
type RangeQuote struct {
	// Price is the id of the price quoted (may be empty).
	Price string
	// Currency is the currency quoted: the price's own or one of its options.
	Currency Currency
	// Range is the range quoted.
	Range UsageRange
	// TierRounding is the price's rounding convention.
	TierRounding TierRounding
	// Lines are the range's lines of a tiered price, one per tier it covers, in
	// order; nil for a per-unit price.
	Lines []RangeLine
	// Exact is cost(Before + Quantity) − cost(Before), unrounded (the first range of
	// a period: cost(Quantity)); with [TierRoundingEachLine], the sum of the range's
	// lines each rounded.
	Exact Money
	// Amount is what the range bills, whole in minor units: with [TierRoundingOnce],
	// the rounded amount of Before + Quantity less the rounded amount of Before, so
	// that the ranges of a period add up to the period's amount exactly; with
	// [TierRoundingEachLine], Exact.
	Amount Money

	upper, lower Money // TierRoundingOnce: the rounded amounts of Before + Quantity and of Before
}

// RangeLine is what one tier bills for a range. Amounts are in major units of the
// quote's currency.
type RangeLine struct {
	// Index is the tier's position in the price's tiers, from 0.
	Index int
	// Quantity is the range's units in the tier.
	Quantity decimal.Decimal
	// Units is what the tier bills for them: the units, or for a block tier the
	// blocks started in the range (the blocks of all the tier's units so far less
	// those billed before).
	Units decimal.Decimal
	// UnitAmount is the tier's amount per unit (per block for a block tier).
	UnitAmount decimal.Decimal
	// Amount is Units × UnitAmount: exact, or rounded with [TierRoundingEachLine].
	Amount Money
	// Flat is the tier's flat amount when the range enters the tier (the first tier's
	// in the period's first range), else zero; rounded with [TierRoundingEachLine].
	Flat Money
}

// QuoteRange prices a range of a period's usage: the r.Quantity units that follow
// the r.Before units already billed in it, cost(Before + Quantity) − cost(Before),
// as OpenMeter bills a usage line split within its period (the lines after the first
// bill only what their usage adds: openmeter/billing/service/lineservice/
// pricegraduatedtiered.go in github.com/openmeterio/openmeter). The period's first
// range (r.First) bills cost(Quantity), the first tier's flat amount included: its
// amounts are those of Quote(c, r.Quantity).
//
// A graduated tier's flat amount is billed by the range that enters the tier; a
// block tier bills the blocks its units start. With [TierRoundingEachLine] each line
// of the range is rounded on its own, as OpenMeter rounds every line it bills. Volume
// tiers price the whole quantity at one tier, so a range of it has no price of its
// own, and a minimum or maximum bounds a period, not a range: both are refused with
// [ErrRangeUnsupported].
func (p Price) QuoteRange(c Currency, rg UsageRange) (RangeQuote, error) {
	a, err := p.amountsIn(c)
	if err != nil {
		return RangeQuote{}, err
	}
	before, quantity := rg.Before, rg.Quantity
	for _, v := range []struct {
		name string
		d    decimal.Decimal
	}{{"before", before}, {"quantity", quantity}} {
		if v.d.Sign() < 0 {
			return RangeQuote{}, fmt.Errorf("%s %s: %w (%w)", v.name, text.ShortDecimal(v.d), ErrInvalidRange, ErrNegativeQuantity)
		}
		if err := CheckBounds(v.d); err != nil {
			return RangeQuote{}, fmt.Errorf("%s: %w", v.name, err)
		}
	}
	if rg.First && before.Sign() != 0 {
		return RangeQuote{}, fmt.Errorf("%w: a first range with %s units before it", ErrInvalidRange, text.ShortDecimal(before))
	}
	if p.scheme == Tiered && p.mode == Volume {
		return RangeQuote{}, fmt.Errorf("price %q: %w: volume tiers price the whole quantity", text.Truncate(p.id, 64), ErrRangeUnsupported)
	}
	if a.minimum != nil || a.maximum != nil {
		return RangeQuote{}, fmt.Errorf("price %q: %w: a minimum or maximum bounds the period, not a range", text.Truncate(p.id, 64), ErrRangeUnsupported)
	}
	hi := before.Add(quantity)
	upper, err := p.Quote(c, hi)
	if err != nil {
		return RangeQuote{}, err
	}
	first := rg.First
	lower := Quote{Exact: Money{n: numZero, currency: c}, Amount: Money{n: numZero, currency: c}, BilledQuantity: decimal.Zero}
	if !first {
		if lower, err = p.Quote(c, before); err != nil {
			return RangeQuote{}, err
		}
	}
	r := RangeQuote{Price: p.id, Currency: c, Range: rg, TierRounding: p.rounding}
	each := p.rounding == TierRoundingEachLine
	if p.scheme == Tiered {
		r.Lines = a.rangeLines(first, numOf(before), numOf(hi), each)
	}
	switch {
	case !each && first:
		r.Exact, r.Amount, r.upper, r.lower = upper.Exact, upper.Amount, upper.Amount, lower.Amount
		return r, nil
	case !each:
		r.upper, r.lower = upper.Amount, lower.Amount
		r.Exact = Money{n: upper.Exact.n.sub(lower.Exact.n), currency: c}
		r.Amount = Money{n: upper.Amount.n.sub(lower.Amount.n), currency: c}
		return r, nil
	}
	sum := numZero
	if p.scheme == Tiered {
		for _, l := range r.Lines {
			sum = sum.add(l.Amount.n).add(l.Flat.n)
		}
	} else {
		sum = numOf(upper.BilledQuantity).sub(numOf(lower.BilledQuantity)).mul(a.unitN).round(c.Digits(), HalfAwayFromZero)
	}
	r.Exact = Money{n: sum, currency: c}
	r.Amount = Money{n: sum.round(c.Digits(), HalfAwayFromZero), currency: c}
	return r, nil
}

// rangeLines returns the lines of graduated tiers for the units above lo up to hi;
// first says that lo is the period's start, whose range bills the first tier's flat
// amount.
func (a *amounts) rangeLines(first bool, lo, hi num, each bool) []RangeLine {
	c := a.currency
	round := func(v num) num {
		if each {
			return v.round(c.Digits(), HalfAwayFromZero)
		}
		return v
	}
	last := a.tierOf(hi)
	lines := make([]RangeLine, 0, last-a.tierOf(lo)+1)
	for i := a.tierOf(lo); i <= last; i++ {
		from, open := a.from(i), i == a.upTo.len()-1
		start, end := lo, hi
		if start.cmp(from) < 0 {
			start = from
		}
		if !open && end.cmp(a.upTo.at(i)) > 0 {
			end = a.upTo.at(i)
		}
		units := end.sub(start)
		if units.sign() < 0 {
			units = numZero
		}
		entered := (i == 0 && first) || (i > 0 && lo.cmp(from) <= 0 && from.cmp(hi) < 0)
		if units.sign() == 0 && !entered {
			continue
		}
		size := a.block(i)
		billed := blocksOf(end.sub(from), size).sub(blocksOf(start.sub(from), size))
		flat := numZero
		if entered {
			flat = round(a.flatAmount.at(i))
		}
		lines = append(lines, RangeLine{Index: i, Quantity: units.dec(), Units: billed.dec(), UnitAmount: a.unitAmount.at(i).decOrZero(),
			Amount: Money{n: round(billed.mul(a.unitAmount.at(i))), currency: c}, Flat: Money{n: flat, currency: c}})
	}
	return lines
}

// Explain says how the range was priced, one step per line:
//
//	usage 12 to 22 (10 units after 12):
//	  tier 3: 3 × 5 = 15 USD
//	  tier 4: 7 × 1 = 7 USD
//	rounded once: 182.00 USD for 22 less 160.00 USD for 12 = 22.00 USD
func (r RangeQuote) Explain() string { return string(r.AppendExplanation(make([]byte, 0, 128))) }

// AppendExplanation appends the text of [RangeQuote.Explain] to b and returns the
// result.
func (r RangeQuote) AppendExplanation(b []byte) []byte {
	c := r.Currency
	money := func(b []byte, m Money) []byte {
		b = Money{n: m.n, currency: c}.AppendText(b)
		b = append(b, ' ')
		return append(b, c.Code()...)
	}
	hi := r.Range.Before.Add(r.Range.Quantity)
	b = append(b, "usage "...)
	b = text.AppendDecimal(b, r.Range.Before)
	b = append(b, " to "...)
	b = text.AppendDecimal(b, hi)
	if r.Range.First {
		b = append(b, " (the period's first range)"...)
	} else {
		b = append(b, " ("...)
		b = text.AppendDecimal(b, r.Range.Quantity)
		b = append(b, " units after "...)
		b = text.AppendDecimal(b, r.Range.Before)
		b = append(b, ')')
	}
	b = append(b, ':')
	for _, l := range r.Lines {
		b = append(b, "\n  tier "...)
		b = text.AppendInt(b, int64(l.Index+1))
		b = append(b, ": "...)
		b = text.AppendDecimal(b, l.Quantity)
		if !l.Units.Equal(l.Quantity) {
			b = append(b, " units in "...)
			b = text.AppendDecimal(b, l.Units)
			b = append(b, " block(s)"...)
		}
		b = append(b, " × "...)
		b = text.AppendDecimal(b, l.UnitAmount)
		b = append(b, " = "...)
		b = money(b, l.Amount)
		if !l.Flat.IsZero() {
			b = append(b, ", flat "...)
			b = money(b, l.Flat)
		}
	}
	switch {
	case r.TierRounding == TierRoundingEachLine:
		b = append(b, "\neach line rounded half-away-from-zero: "...)
		b = money(b, r.Amount)
	case r.Range.First:
		b = append(b, "\nrounded once: "...)
		b = money(b, r.Amount)
	default:
		b = append(b, "\nrounded once: "...)
		b = money(b, r.upper)
		b = append(b, " for "...)
		b = text.AppendDecimal(b, hi)
		b = append(b, " less "...)
		b = money(b, r.lower)
		b = append(b, " for "...)
		b = text.AppendDecimal(b, r.Range.Before)
		b = append(b, " = "...)
		b = money(b, r.Amount)
	}
	return b
}
