package pricing

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// Quote is what a quantity costs under a price, with how it was computed. Amounts are
// in major units of Currency.
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
	// Scheme is the price's billing scheme.
	Scheme BillingScheme
	// TiersMode is the price's tiers mode (meaningful for tiered prices only).
	TiersMode TiersMode
	// Transform is the package rule applied, or nil when the price has none.
	Transform *TransformQuantity
	// UnitAmount is, for a per-unit price, the amount per billed unit in major units;
	// zero for a tiered price.
	UnitAmount decimal.Decimal
	// Tiers are, for a tiered price, the tiers the quantity reached in order (volume:
	// the one tier it falls in); nil for a per-unit price.
	Tiers []TierCharge
	// Exact is the unrounded amount, after the minimum and maximum.
	Exact Money
	// Adjustment says which bound applied ("raised from … to the minimum charge",
	// "capped from … at the maximum charge"); empty when none did.
	Adjustment string
	// Amount is Exact rounded once, half away from zero, to the currency's minor unit.
	Amount Money
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
	// Subtotal is Quantity × UnitAmount + FlatAmount, exact (unrounded).
	Subtotal Money
}

// Quote prices quantity in currency c: the price's own amounts if c is its currency,
// else its currency option for c. The exact amount is computed first (quantity ×
// unit, or the tier sums), then bounded by the minimum and maximum, then rounded once,
// half away from zero, to c's minor unit.
func (p Price) Quote(c Currency, quantity decimal.Decimal) (Quote, error) {
	a, err := p.amountsIn(c)
	if err != nil {
		return Quote{}, err
	}
	if quantity.Sign() < 0 {
		return Quote{}, fmt.Errorf("quantity %s: %w", text.ShortDecimal(quantity), ErrNegativeQuantity)
	}
	if err := CheckBounds(quantity); err != nil {
		return Quote{}, fmt.Errorf("quantity: %w", err)
	}
	q := Quote{Price: p.id, Currency: c, Quantity: quantity, BilledQuantity: quantity, Scheme: p.scheme, TiersMode: p.mode, Transform: p.transform}
	var exact decimal.Decimal
	if p.scheme == PerUnit {
		if t := p.transform; t != nil {
			q.BilledQuantity = packages(quantity, t)
		}
		q.UnitAmount = a.unit
		exact = q.BilledQuantity.Mul(a.unit)
	} else if p.mode == Volume {
		exact = q.volume(a.tiers, c)
	} else {
		exact = q.graduated(a.tiers, c)
	}
	if a.minimum != nil && exact.LessThan(*a.minimum) {
		q.Adjustment = fmt.Sprintf("raised from %s to the minimum charge", New(exact, c))
		exact = *a.minimum
	}
	if a.maximum != nil && exact.GreaterThan(*a.maximum) {
		q.Adjustment = fmt.Sprintf("capped from %s at the maximum charge", New(exact, c))
		exact = *a.maximum
	}
	q.Exact = New(exact, c)
	q.Amount = q.Exact.Round(HalfAwayFromZero)
	return q, nil
}

// packages divides quantity by t.DivideBy and rounds to a whole number.
func packages(quantity decimal.Decimal, t *TransformQuantity) decimal.Decimal {
	n, rem := quantity.QuoRem(decimal.NewFromInt(t.DivideBy), 0)
	if t.Round == TransformRoundUp && rem.Sign() > 0 {
		n = n.Add(decimal.NewFromInt(1))
	}
	return n
}

func (q *Quote) volume(tiers []Tier, c Currency) decimal.Decimal {
	n := len(tiers) - 1 // the last tier is open
	i := sort.Search(n, func(k int) bool { return tiers[k].UpTo.GreaterThanOrEqual(q.Quantity) })
	t := tiers[i]
	from := decimal.Zero
	if i > 0 {
		from = tiers[i-1].UpTo
	}
	sub := q.Quantity.Mul(t.UnitAmount).Add(t.FlatAmount)
	q.Tiers = []TierCharge{{Index: i, From: from, UpTo: t.UpTo, Inf: t.Inf, Quantity: q.Quantity, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount, Subtotal: New(sub, c)}}
	return sub
}

func (q *Quote) graduated(tiers []Tier, c Currency) decimal.Decimal {
	total := decimal.Zero
	prev := decimal.Zero
	for i, t := range tiers {
		upper := q.Quantity
		if !t.Inf && t.UpTo.LessThan(upper) {
			upper = t.UpTo
		}
		slice := upper.Sub(prev)
		if i > 0 && slice.Sign() <= 0 {
			break
		}
		sub := slice.Mul(t.UnitAmount).Add(t.FlatAmount)
		total = total.Add(sub)
		q.Tiers = append(q.Tiers, TierCharge{Index: i, From: prev, UpTo: t.UpTo, Inf: t.Inf, Quantity: slice, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount, Subtotal: New(sub, c)})
		if t.Inf || q.Quantity.LessThanOrEqual(t.UpTo) {
			break
		}
		prev = t.UpTo
	}
	return total
}

// product is BilledQuantity × UnitAmount of a per-unit quote: its exact amount,
// unless a minimum or maximum replaced it.
func (q Quote) product() decimal.Decimal {
	if q.Adjustment == "" && q.Exact.Currency() == q.Currency {
		return q.Exact.Amount()
	}
	return q.BilledQuantity.Mul(q.UnitAmount)
}

// Explain says how the quote was computed, one step per line.
func (q Quote) Explain() string { return string(q.AppendExplanation(make([]byte, 0, 128))) }

// AppendExplanation appends the text of [Quote.Explain] to b and returns the result.
func (q Quote) AppendExplanation(b []byte) []byte {
	c := q.Currency
	num := func(b []byte, d decimal.Decimal) []byte { return New(d, c).AppendText(b) }
	money := func(b []byte, d decimal.Decimal) []byte {
		b = New(d, c).AppendText(b)
		b = append(b, ' ')
		return append(b, c.Code()...)
	}
	switch {
	case q.Scheme == PerUnit && q.Transform != nil:
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, " units ÷ "...)
		b = text.AppendInt(b, q.Transform.DivideBy)
		b = append(b, ", rounded "...)
		b = append(b, q.Transform.Round.String()...)
		b = append(b, " = "...)
		b = text.AppendDecimal(b, q.BilledQuantity)
		b = append(b, " packages × "...)
		b = num(b, q.UnitAmount)
		b = append(b, " = "...)
		b = money(b, q.product())
	case q.Scheme == PerUnit:
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, " × "...)
		b = num(b, q.UnitAmount)
		b = append(b, " = "...)
		b = money(b, q.product())
	default:
		b = append(b, q.TiersMode.String()...)
		b = append(b, " tiers, quantity "...)
		b = text.AppendDecimal(b, q.Quantity)
		b = append(b, ':')
		sum := decimal.Zero
		for _, t := range q.Tiers {
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
			b = append(b, " × "...)
			b = num(b, t.UnitAmount)
			b = append(b, " + "...)
			b = num(b, t.FlatAmount)
			b = append(b, " flat = "...)
			b = money(b, t.Subtotal.Amount())
			sum = sum.Add(t.Subtotal.Amount())
		}
		if len(q.Tiers) > 1 {
			b = append(b, "\n  total "...)
			b = money(b, sum)
		}
	}
	if q.Adjustment != "" {
		b = append(b, '\n')
		b = append(b, q.Adjustment...)
	}
	if !q.Exact.Equal(q.Amount) {
		b = append(b, '\n')
		b = money(b, q.Exact.Amount())
		b = append(b, " rounded half-away-from-zero to "...)
		b = money(b, q.Amount.Amount())
	}
	return b
}
