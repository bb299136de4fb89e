package invoice

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
)

// computeTaxes sets, for each line's net amount (after discounts, in results) and
// its tax rates (its item's, else defaults), the tax of every rate in the line's
// Taxes, following Stripe's tax-rate rules:
//
//   - inclusive rates first: the tax contained in the net amount is
//     net − net ÷ (1 + Σ inclusive rates), split between the inclusive rates in
//     proportion to their percentages;
//   - then exclusive rates on what is left: net − Σ inclusive tax, times each rate.
//
// With RoundPerLine each line's tax is rounded half away from zero. With
// RoundPerInvoice the exact tax of each rate is summed over the invoice and rounded
// once; each line then gets its share by cumulative rounding (the rounded running
// total minus the rounded running total before it), so the lines add up exactly to
// the invoice's tax.
// hundred and one are constants (never modified).
var hundred, one = decimal.NewFromInt(100), decimal.NewFromInt(1)

func computeTaxes(cur pricing.Currency, lines []Line, results []discount.LineResult, defaults []TaxRate, mode TaxRounding) {
	n := 0
	for i := range lines {
		n += len(lineRates(&lines[i], defaults))
	}
	backing := make([]TaxAmount, n) // one allocation for every line's taxes
	take := func(k int) []TaxAmount {
		t := backing[:k:k]
		backing = backing[k:]
		return t
	}
	if mode == RoundPerInvoice {
		taxesPerInvoice(cur, lines, results, defaults, take)
		return
	}
	for i := range lines {
		rs := lineRates(&lines[i], defaults)
		if len(rs) == 0 {
			continue
		}
		net := results[i].Net
		taxes := take(len(rs))
		nIncl := 0
		for _, r := range rs {
			if r.Inclusive() {
				nIncl++
			}
		}
		// The net in minor units as a decimal, made only when a rate needs it: the
		// integer path of exclusiveTax does not.
		var base decimal.Decimal
		haveBase := nIncl > 0
		if nIncl > 0 {
			n := net.MinorDecimal()
			var inclSum decimal.Decimal
			for _, r := range rs {
				if r.Inclusive() {
					inclSum = inclSum.Add(r.Percentage())
				}
			}
			R := inclSum.Div(hundred)
			onePlus := R.Add(one)
			inclTotal := n.Mul(R).DivRound(onePlus, 0)
			base = n.Sub(inclTotal)
			shares := splitInclusive(cur, inclTotal, rs, inclSum)
			k := 0
			for j, r := range rs {
				if !r.Inclusive() {
					continue
				}
				exact := n.Mul(r.Percentage().Div(hundred)).DivRound(onePlus, 6)
				taxes[j] = TaxAmount{TaxRate: r, Taxable: pricing.FromMinorDecimal(base, cur), Amount: shares[k], Unrounded: pricing.FromMinorDecimal(exact, cur)}
				k++
			}
		}
		for j := range rs {
			r := &rs[j]
			if r.inclusive {
				continue
			}
			if nIncl == 0 && exclusiveTax(&taxes[j], net, r, cur) {
				continue
			}
			if !haveBase {
				base, haveBase = net.MinorDecimal(), true
			}
			exact := base.Mul(r.Percentage()).Shift(-2) // exact: a percentage has at most 4 places
			taxable := net
			if nIncl > 0 {
				taxable = pricing.FromMinorDecimal(base, cur)
			}
			taxes[j] = TaxAmount{TaxRate: *r, Taxable: taxable, Amount: pricing.FromMinorDecimal(exact.Round(0), cur), Unrounded: pricing.New(exact.Shift(-cur.Digits()), cur)}
		}
		lines[i].Taxes = taxes
	}
}

// exclusiveTax sets *t to the tax of the exclusive rate r on net, as the decimal path
// computes it (net × percentage ÷ 100, exact, then rounded half away from zero to
// the minor unit), in integers: ok is false when net is not a whole number of minor
// units or a product does not fit an int64.
func exclusiveTax(t *TaxAmount, net pricing.Money, r *TaxRate, cur pricing.Currency) (ok bool) {
	minor, err := net.MinorUnits()
	pe := r.percentage.Exponent()
	if err != nil || pe > 0 || pe < -4 || r.percentage.NumDigits() > 18 {
		return false
	}
	pct := r.percentage.CoefficientInt64()
	hi, lo := bits.Mul64(absInt(minor), absInt(pct))
	if hi != 0 || lo > math.MaxInt64 {
		return false
	}
	exact := int64(lo) // × 10^-(scale) minor units
	if (minor < 0) != (pct < 0) {
		exact = -exact
	}
	scale := -pe + 2
	unit := int64(1)
	for range scale {
		unit *= 10
	}
	q, rem := exact/unit, exact%unit
	if 2*absInt(rem) >= uint64(unit) { // half away from zero
		if exact < 0 {
			q--
		} else {
			q++
		}
	}
	t.TaxRate, t.Taxable, t.Amount = *r, net, pricing.FromMinor(q, cur)
	t.Unrounded = pricing.FromScaled(exact, -(scale + cur.Digits()), cur)
	return true
}

func absInt(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// lineRates returns the tax rates of l: its item's when set, else the defaults.
func lineRates(l *Line, defaults []TaxRate) []TaxRate {
	if l.Credited != nil {
		return nil // a flexible credit carries the taxes of the debit it credits
	}
	if l.item != nil && l.item.TaxRates != nil {
		return l.item.TaxRates
	}
	return defaults
}

// splitInclusive splits the inclusive tax total between the inclusive rates in
// proportion to their percentages, conserving the total.
func splitInclusive(cur pricing.Currency, total decimal.Decimal, rs []TaxRate, sum decimal.Decimal) []pricing.Money {
	var weights []decimal.Decimal
	for _, r := range rs {
		if r.Inclusive() {
			weights = append(weights, r.Percentage())
		}
	}
	if len(weights) == 1 || sum.IsZero() {
		out := make([]pricing.Money, len(weights))
		for k := range out {
			out[k] = pricing.Zero(cur)
		}
		out[0] = pricing.FromMinorDecimal(total, cur)
		return out
	}
	parts, err := pricing.Allocate(pricing.FromMinorDecimal(total, cur), weights, pricing.LargestRemainder)
	if err != nil { // unreachable: total is whole, weights valid and not all zero
		parts = make([]pricing.Money, len(weights))
		for k := range parts {
			parts[k] = pricing.Zero(cur)
		}
		parts[0] = pricing.FromMinorDecimal(total, cur)
	}
	return parts
}

type rateKey struct {
	id        string
	inclusive bool
	pct       string
}

func taxesPerInvoice(cur pricing.Currency, lines []Line, results []discount.LineResult, defaults []TaxRate, take func(int) []TaxAmount) {
	type acc struct {
		exact   *big.Rat
		rounded *big.Int
	}
	accs := map[rateKey]*acc{}
	hundred := big.NewRat(100, 1)
	one := big.NewRat(1, 1)
	for i := range lines {
		rs := lineRates(&lines[i], defaults)
		if len(rs) == 0 {
			continue
		}
		n := results[i].Net.MinorDecimal().Rat()
		inclSum := new(big.Rat)
		for _, r := range rs {
			if r.Inclusive() {
				inclSum.Add(inclSum, r.Percentage().Rat())
			}
		}
		onePlus := new(big.Rat).Add(one, new(big.Rat).Quo(inclSum, hundred))
		base := new(big.Rat).Quo(n, onePlus) // net without its inclusive tax, exact
		baseMinor := roundRat(base)
		taxes := take(len(rs))
		for j, r := range rs {
			rate := new(big.Rat).Quo(r.Percentage().Rat(), hundred)
			exact := new(big.Rat).Mul(base, rate) // inclusive: n×r/(1+R); exclusive: base×r
			k := rateKey{r.ID(), r.Inclusive(), r.Percentage().String()}
			a := accs[k]
			if a == nil {
				a = &acc{exact: new(big.Rat), rounded: new(big.Int)}
				accs[k] = a
			}
			a.exact.Add(a.exact, exact)
			now := roundRat(a.exact)
			share := new(big.Int).Sub(now, a.rounded)
			before := pricing.FromMinorDecimal(decimal.NewFromBigInt(a.rounded, 0), cur)
			a.rounded = now
			taxes[j] = TaxAmount{
				TaxRate:    r,
				Taxable:    pricing.FromMinorDecimal(decimal.NewFromBigInt(baseMinor, 0), cur),
				Amount:     pricing.FromMinorDecimal(decimal.NewFromBigInt(share, 0), cur),
				Unrounded:  pricing.New(decimal.NewFromBigRat(exact, 6).Shift(-cur.Digits()), cur),
				PerInvoice: true,
				before:     before,
			}
		}
		lines[i].Taxes = taxes
	}
}

// roundRat rounds r to an integer, half away from zero.
func roundRat(r *big.Rat) *big.Int {
	num := new(big.Int).Abs(r.Num())
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if m.Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q
}
