package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// Quote is what a quantity costs under a price, with how it was computed. Amounts are
// in major units of Currency. The price's terms that the quote applied (unit amount,
// tiers mode, package rule, rounding, bounds) are given by methods, read from the
// price when asked for: a Quote stays small to copy.
type Quote struct {
	// Price is the id of the price quoted (may be empty).
	Price string
	// Currency is the currency quoted: the price's own or one of its options.
	Currency Currency
	// Quantity is the quantity as given.
	Quantity decimal.Decimal
	// BilledQuantity is the quantity priced: whole packages after the price's
	// TransformQuantity, else Quantity.
	BilledQuantity decimal.Decimal
	// Exact is the unrounded amount (with [TierRoundingEachLine], the sum of the
	// lines each rounded to the minor unit), after the minimum and maximum.
	Exact Money
	// Amount is Exact rounded once, half away from zero, to the currency's minor unit.
	Amount Money
	// Percentage is a percentage price's detail (transactions, base, fees), nil for
	// any other price; Exact and Amount are its own.
	Percentage *PercentageQuote
	// Scheme is the price's billing scheme.
	Scheme BillingScheme

	// bound says which of the price's bounds replaced the exact amount.
	bound quoteBound
	// tier is, for a tiered quote, the index of the last tier reached.
	tier int32
	// a is the price's amounts in Currency, with its terms (shared with the price,
	// never written); nil in a Quote not made by [Price.Quote].
	a *amounts
	// charges is a breakdown the quote computed itself (a prorated tiered price's,
	// whose tiers price weighted units), returned by Breakdown; nil otherwise.
	charges *[]TierCharge
}

// quoteBound says which bound of a price applied to a quote.
type quoteBound uint8

const (
	boundNone    quoteBound = iota
	boundMinimum            // raised to the minimum charge
	boundMaximum            // capped at the maximum charge
)

// TiersMode returns the price's tiers mode (meaningful for tiered prices only).
func (q Quote) TiersMode() TiersMode {
	if q.a == nil {
		return Graduated
	}
	return q.a.mode
}

// Transform returns the package rule applied, or nil when the price has none. It is
// the price's own: do not modify it.
func (q Quote) Transform() *TransformQuantity {
	if q.a == nil {
		return nil
	}
	return q.a.transform
}

// UnitAmount returns, for a per-unit price, the amount per billed unit in major
// units (1 for a dynamic price); zero for a tiered or a percentage price.
func (q Quote) UnitAmount() decimal.Decimal {
	switch {
	case q.a == nil || q.Scheme != PerUnit || q.Percentage != nil:
		return decimal.Decimal{}
	case q.a.dynamic:
		return decimal.NewFromInt(1)
	}
	return q.a.unit
}

// TierRounding returns the price's rounding convention: with [TierRoundingEachLine],
// Exact is the sum of the lines each rounded.
func (q Quote) TierRounding() TierRounding {
	if q.a == nil {
		return TierRoundingOnce
	}
	return q.a.rounding
}

// Dynamic reports whether the quote is a dynamic price's: Quantity is the amounts
// the usage records carry, summed, billed as it is (UnitAmount 1).
func (q Quote) Dynamic() bool { return q.a != nil && q.a.dynamic && q.Percentage == nil }

// Adjustment says which bound applied ("raised from … to the minimum charge",
// "capped from … at the maximum charge"), with the exact amount before it; empty
// when none did.
func (q Quote) Adjustment() string {
	switch q.bound {
	case boundMinimum:
		return "raised from " + Money{n: q.unbounded(), currency: q.Currency}.String() + " to the minimum charge"
	case boundMaximum:
		return "capped from " + Money{n: q.unbounded(), currency: q.Currency}.String() + " at the maximum charge"
	}
	return ""
}

// TierCharge is what one tier contributed to a tiered quote. Amounts are in major
// units of the quote's currency.
type TierCharge struct {
	// Index is the tier's position in the price's tiers, from 0.
	Index int
	// From is the bound the tier starts above (0 for the first tier).
	From decimal.Decimal
	// UpTo is the tier's inclusive upper bound; ignored when Inf.
	UpTo decimal.Decimal
	// Inf marks the open last tier.
	Inf bool
	// Quantity is the quantity priced at this tier (volume: the whole quantity).
	Quantity decimal.Decimal
	// UnitAmount is the tier's amount per unit, major units.
	UnitAmount decimal.Decimal
	// FlatAmount is the tier's flat amount, charged once, major units.
	FlatAmount decimal.Decimal
	// BlockSize is the tier's block size (Kill Bill's block tiers), 1 for a tier
	// priced per unit: UnitAmount is then per block, every started block billed.
	BlockSize int64
	// Subtotal is Quantity × UnitAmount + FlatAmount (a block tier: ⌈Quantity ÷
	// BlockSize⌉ × UnitAmount + FlatAmount), exact (unrounded).
	Subtotal Money
}

// Quote prices quantity in currency c: the price's own amounts if c is its currency,
// else its currency option for c. The exact amount is computed first (quantity ×
// unit, or the tier sums), then bounded by the minimum and maximum, then rounded once,
// half away from zero, to c's minor unit. A tiered price finds the quantity's tier by
// binary search and adds the cost of the tiers below, computed when the price was
// built; [Quote.Breakdown] gives the tiers' detail.
func (p Price) Quote(c Currency, quantity decimal.Decimal) (q Quote, err error) {
	// q is the result itself, filled in place.
	var a *amounts
	if len(p.amounts) > 0 && p.amounts[0].currency == c { // the price's own currency
		a = &p.amounts[0]
	} else if a, err = p.amountsIn(c); err != nil {
		return Quote{}, err
	}
	if p.percentage != nil {
		return Quote{}, fmt.Errorf("price %q: %w: a percentage price charges transactions, not a quantity (use QuoteUsage)", p.id, ErrInvalidPrice)
	}
	qty := numOf(quantity)
	if qty.sign() < 0 {
		return Quote{}, fmt.Errorf("quantity %s: %w", text.ShortDecimal(quantity), ErrNegativeQuantity)
	}
	if err := qty.checkBounds(0); err != nil {
		return Quote{}, fmt.Errorf("quantity: %w", err)
	}
	q.Price, q.Currency, q.Quantity, q.BilledQuantity, q.Scheme, q.a = p.id, c, quantity, quantity, p.scheme, a
	if t := p.transform; t != nil && p.scheme == PerUnit {
		qty, q.BilledQuantity = packages(qty, quantity, t)
	}
	if p.scheme != PerUnit {
		i := a.tierOf(qty)
		q.tier = int32(i)
	}
	var exact num
	if a.scheme == PerUnit && !a.dynamic && a.rounding == TierRoundingOnce {
		exact = qty.mul(a.unitN) // exactOf's most common case, without the call
	} else {
		exact = a.exactOf(qty, int(q.tier))
	}
	if a.minimum != nil && exact.cmp(a.minimumN) < 0 {
		q.bound, exact = boundMinimum, a.minimumN
	}
	if a.maximum != nil && exact.cmp(a.maximumN) > 0 {
		q.bound, exact = boundMaximum, a.maximumN
	}
	// Field by field: a Money built whole and then copied stalls the store buffer.
	q.Exact.n, q.Exact.currency = exact, c
	q.Amount.n, q.Amount.currency = exact.round(c.Digits(), HalfAwayFromZero), c
	return q, nil
}

// exactOf returns the exact amount of the billed quantity qty, before the minimum
// and maximum: for a tiered price, with qty in tier i.
func (a *amounts) exactOf(qty num, i int) num {
	if a.scheme == PerUnit {
		exact := qty.mul(a.unitN)
		if a.dynamic {
			exact = qty
		}
		if a.rounding == TierRoundingEachLine {
			exact = exact.round(a.currency.Digits(), HalfAwayFromZero)
		}
		return exact
	}
	switch {
	case a.conv != nil:
		return a.conv.cost(a, a.mode, i, qty)
	case a.mode == Volume:
		return qty.mul(a.unitAmount.at(i)).add(a.flatAmount.at(i))
	}
	return a.below.at(i).add(qty.sub(a.from(i)).mul(a.unitAmount.at(i)).add(a.flatAmount.at(i)))
}

// unbounded returns the quote's exact amount before the minimum or maximum replaced
// it, computed again from the price's amounts.
func (q Quote) unbounded() num {
	if q.a == nil {
		return q.Exact.n
	}
	if q.Scheme == PerUnit {
		return q.a.exactOf(numOf(q.BilledQuantity), 0)
	}
	return q.a.exactOf(numOf(q.Quantity), int(q.tier))
}

// tierOf returns the index of the tier quantity falls in: the first whose UpTo is at
// or above it, else the open last tier.
func (a *amounts) tierOf(quantity num) int {
	lo, hi := 0, a.upTo.len()-1 // the last tier is open
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a.upTo.at(m).cmp(quantity) >= 0 {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// from returns the bound tier i starts above: decimal.Zero for the first tier.
func (a *amounts) from(i int) num {
	if i == 0 {
		return numZero
	}
	return a.upTo.at(i - 1)
}

// packages divides quantity by t.DivideBy and rounds to a whole number (exponent 0),
// returned as num and as decimal.
func packages(qty num, quantity decimal.Decimal, t *TransformQuantity) (num, decimal.Decimal) {
	if t.FreeUnits != 0 {
		return packagesAfterFree(quantity, t)
	}
	if qty.form != formWide && qty.e <= 0 && qty.e > -int32(len(pow10s)) {
		// quantity = c / 10^−e ≥ 0, so the packages are c / (DivideBy × 10^−e).
		if by, ok := mulInt(t.DivideBy, pow10s[-qty.e]); ok {
			n, rem := qty.c/by, qty.c%by
			if t.Round == TransformRoundUp && rem > 0 {
				n++
			}
			return num{c: n}, decimal.NewFromInt(n)
		}
	}
	n, rem := quantity.QuoRem(decimal.NewFromInt(t.DivideBy), 0)
	if t.Round == TransformRoundUp && rem.Sign() > 0 {
		n = n.Add(decimal.NewFromInt(1))
	}
	return numOf(n), n
}

// Breakdown returns, for a tiered quote, the tiers the quantity reached in order
// (volume: the one tier it falls in), built on each call from the price's tiers and
// Quantity; nil for a per-unit quote.
func (q Quote) Breakdown() []TierCharge {
	if q.charges != nil {
		return *q.charges
	}
	a := q.a
	if a == nil || q.Scheme != Tiered || a.upTo.len() == 0 {
		return nil
	}
	tier := int(q.tier)
	c := q.Currency
	qty := numOf(q.Quantity)
	charge := func(i int, from decimal.Decimal, n num) TierCharge {
		t := a.tier(i)
		sub := blocksOf(n, a.block(i)).mul(a.unitAmount.at(i)).add(a.flatAmount.at(i))
		return TierCharge{Index: i, From: from, UpTo: t.UpTo, Inf: t.Inf, Quantity: n.dec(), UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount,
			BlockSize: a.block(i), Subtotal: Money{n: sub, currency: c}}
	}
	if a.mode == Volume {
		from := decimal.Zero
		if tier > 0 {
			from = a.upTo.at(tier - 1).decOrZero()
		}
		return []TierCharge{charge(tier, from, qty)}
	}
	out := make([]TierCharge, 0, tier+1)
	prev, prevD := numZero, decimal.Zero
	for i := 0; i <= tier; i++ {
		upper := qty
		if i < tier {
			upper = a.upTo.at(i)
		}
		ch := charge(i, prevD, upper.sub(prev))
		out = append(out, ch)
		prev, prevD = upper, ch.UpTo
	}
	return out
}

// product is BilledQuantity × UnitAmount of a per-unit quote: its exact amount,
// unless a minimum or maximum replaced it.
func (q Quote) product() Money {
	if q.bound == boundNone && q.Exact.Currency() == q.Currency {
		return q.Exact
	}
	return Money{n: numOf(q.BilledQuantity).mul(numOf(q.UnitAmount())), currency: q.Currency}
}

// Explain says how the quote was computed, one step per line.
func (q Quote) Explain() string { return string(q.AppendExplanation(make([]byte, 0, 128))) }

// AppendExplanation appends the text of [Quote.Explain] to b and returns the result.
func (q Quote) AppendExplanation(b []byte) []byte {
	c := q.Currency
	num := func(b []byte, d decimal.Decimal) []byte { return New(d, c).AppendText(b) }
	money := func(b []byte, m Money) []byte {
		b = Money{n: m.n, currency: c}.AppendText(b)
		b = append(b, ' ')
		return append(b, c.Code()...)
	}
	switch {
	case q.Percentage != nil:
		return q.Percentage.AppendExplanation(b)
	case q.Dynamic():
		b = append(b, "the amounts carried by the usage records, summed: "...)
		b = money(b, q.product())
	case q.Scheme == PerUnit && q.Transform() != nil:
		t := q.Transform()
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, " units ÷ "...)
		b = text.AppendInt(b, t.DivideBy)
		b = append(b, ", rounded "...)
		b = append(b, t.Round.String()...)
		b = append(b, " = "...)
		b = text.AppendDecimal(b, q.BilledQuantity)
		b = append(b, " packages × "...)
		b = num(b, q.UnitAmount())
		b = append(b, " = "...)
		b = money(b, q.product())
	case q.Scheme == PerUnit:
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, " × "...)
		b = num(b, q.UnitAmount())
		b = append(b, " = "...)
		b = money(b, q.product())
	default:
		b = append(b, q.TiersMode().String()...)
		b = append(b, " tiers, quantity "...)
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, ':')
		sum := Money{n: numZero}
		tiers := q.Breakdown()
		for _, t := range tiers {
			b = append(b, "\n  tier "...)
			b = text.AppendInt(b, int64(t.Index+1))
			b = append(b, " (above "...)
			b = text.AppendDecimal(b, t.From)
			b = append(b, " up to "...)
			if t.Inf {
				b = append(b, "inf"...)
			} else {
				b = text.AppendDecimal(b, t.UpTo)
			}
			b = append(b, "): "...)
			b = text.AppendDecimal(b, t.Quantity)
			if t.BlockSize > 1 {
				blocks := blocksOf(numOf(t.Quantity), t.BlockSize).dec()
				b = append(b, " units = "...)
				b = text.AppendDecimal(b, blocks)
				if blocks.Equal(decimal.NewFromInt(1)) {
					b = append(b, " block of "...)
				} else {
					b = append(b, " blocks of "...)
				}
				b = text.AppendInt(b, t.BlockSize)
			}
			b = append(b, " × "...)
			b = num(b, t.UnitAmount)
			b = append(b, " + "...)
			b = num(b, t.FlatAmount)
			b = append(b, " flat = "...)
			b = money(b, t.Subtotal)
			sum.n = sum.n.add(t.Subtotal.n)
		}
		if len(tiers) > 1 {
			b = append(b, "\n  total "...)
			b = money(b, sum)
		}
	}
	if q.bound != boundNone {
		b = append(b, '\n')
		b = append(b, q.Adjustment()...)
	}
	if !q.Exact.Equal(q.Amount) {
		b = append(b, '\n')
		b = money(b, q.Exact)
		b = append(b, " rounded half away from zero to "...)
		b = money(b, q.Amount)
	}
	return b
}
