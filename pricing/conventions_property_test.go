package pricing_test

import (
	"math/rand"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// referenceConvention quotes quantity under pp in c the plain way, in
// shopspring/decimal only, with the engine conventions: every started block of a
// block tier billed whole, each line rounded on its own under TierRoundingEachLine,
// free units taken off before packages. It returns the exact and the rounded amount.
func referenceConvention(pp pricing.PriceParams, c pricing.Currency, quantity decimal.Decimal) (exact, amount decimal.Decimal) {
	unit, tiers, min, max := pp.UnitAmount, pp.Tiers, pp.Minimum, pp.Maximum
	if c != pp.Currency {
		o := pp.CurrencyOptions[c]
		unit, tiers, min, max = o.UnitAmount, o.Tiers, o.Minimum, o.Maximum
	}
	each := pp.TierRounding == pricing.TierRoundingEachLine
	roundLine := func(v decimal.Decimal) decimal.Decimal {
		if each {
			return v.Round(c.Digits())
		}
		return v
	}
	ceilDiv := func(n decimal.Decimal, by int64) decimal.Decimal {
		q, r := n.QuoRem(decimal.NewFromInt(by), 0)
		if r.Sign() > 0 {
			q = q.Add(decimal.NewFromInt(1))
		}
		return q
	}
	line := func(t pricing.Tier, n decimal.Decimal) decimal.Decimal {
		if t.BlockSize > 1 {
			n = ceilDiv(n, t.BlockSize)
		}
		return roundLine(n.Mul(t.UnitAmount)).Add(roundLine(t.FlatAmount))
	}
	switch {
	case pp.BillingScheme == pricing.PerUnit:
		billed := quantity
		if t := pp.TransformQuantity; t != nil {
			billed = decimal.Max(quantity.Sub(decimal.NewFromInt(t.FreeUnits)), decimal.Zero)
			n, rem := billed.QuoRem(decimal.NewFromInt(t.DivideBy), 0)
			if t.Round == pricing.TransformRoundUp && rem.Sign() > 0 {
				n = n.Add(decimal.NewFromInt(1))
			}
			billed = n
		}
		exact = roundLine(billed.Mul(unit))
	case pp.TiersMode == pricing.Volume:
		i := 0
		for !tiers[i].Inf && tiers[i].UpTo.LessThan(quantity) {
			i++
		}
		exact = line(tiers[i], quantity)
	default:
		prev := decimal.Zero
		for _, t := range tiers {
			upper := quantity
			if !t.Inf && t.UpTo.LessThan(upper) {
				upper = t.UpTo
			}
			exact = exact.Add(line(t, upper.Sub(prev)))
			if t.Inf || quantity.LessThanOrEqual(t.UpTo) {
				break
			}
			prev = t.UpTo
		}
	}
	if min != nil && exact.LessThan(*min) {
		exact = *min
	}
	if max != nil && exact.GreaterThan(*max) {
		exact = *max
	}
	return exact, exact.Round(c.Digits())
}

// withConventions sets random engine conventions on pp, from seed: a tier rounding,
// block sizes that divide each tier's span (the same in every currency), free units
// on packages. The generated bounds are whole numbers.
func withConventions(pp pricing.PriceParams, seed int64) pricing.PriceParams {
	r := rand.New(rand.NewSource(seed))
	pp.TierRounding = pricing.TierRounding(r.Intn(2))
	if t := pp.TransformQuantity; t != nil {
		tc := *t
		tc.FreeUnits = r.Int63n(200)
		pp.TransformQuantity = &tc
	}
	if len(pp.Tiers) == 0 {
		return pp
	}
	sizes := make([]int64, len(pp.Tiers))
	prev := int64(0)
	for i, t := range pp.Tiers {
		if t.Inf {
			sizes[i] = r.Int63n(50)
			continue
		}
		span := t.UpTo.IntPart() - prev
		prev = t.UpTo.IntPart()
		k := 1 + r.Int63n(span)
		for span%k != 0 {
			k--
		}
		sizes[i] = k
	}
	setSizes := func(tiers []pricing.Tier) []pricing.Tier {
		out := append([]pricing.Tier(nil), tiers...)
		for i := range out {
			out[i].BlockSize = sizes[i]
		}
		return out
	}
	pp.Tiers = setSizes(pp.Tiers)
	opts := make(map[pricing.Currency]pricing.CurrencyOption, len(pp.CurrencyOptions))
	for c, o := range pp.CurrencyOptions {
		o.Tiers = setSizes(o.Tiers)
		opts[c] = o
	}
	pp.CurrencyOptions = opts
	return pp
}

// identityConventions sets every convention to a value that changes nothing: block
// sizes of 1, no free units, rounding once.
func identityConventions(pp pricing.PriceParams) pricing.PriceParams {
	pp.TierRounding = pricing.TierRoundingOnce
	ones := func(tiers []pricing.Tier) []pricing.Tier {
		out := append([]pricing.Tier(nil), tiers...)
		for i := range out {
			out[i].BlockSize = 1
		}
		return out
	}
	pp.Tiers = ones(pp.Tiers)
	if t := pp.TransformQuantity; t != nil {
		tc := *t
		tc.FreeUnits = 0
		pp.TransformQuantity = &tc
	}
	return pp
}

func TestConventionProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	quantity := gen.OneGenOf(pricingtest.Quantity(), gen.Int64Range(0, 600).Map(func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }))
	props.Property("the conventions at their Stripe values quote as today, decimals, breakdown and explanation", prop.ForAll(
		func(pp pricing.PriceParams, q decimal.Decimal, pick int) string {
			p, err := pricing.NewPrice(identityConventions(pp))
			if err != nil {
				return err.Error()
			}
			cs := p.Currencies()
			c := cs[pick%len(cs)]
			got, err := p.Quote(c, q)
			if err != nil {
				return err.Error()
			}
			return sameQuote(got, referenceQuote(pp, c, q))
		}, pricingtest.PriceParams(), quantity, gen.IntRange(0, 2)))
	props.Property("blocks, lines rounded each and free units quote as the plain computation", prop.ForAll(
		func(pp pricing.PriceParams, seed int64, q decimal.Decimal, pick int) string {
			pp = withConventions(pp, seed)
			p, err := pricing.NewPrice(pp)
			if err != nil {
				return err.Error()
			}
			cs := p.Currencies()
			c := cs[pick%len(cs)]
			got, err := p.Quote(c, q)
			if err != nil {
				return err.Error()
			}
			exact, amount := referenceConvention(pp, c, q)
			if s := sameOrDiff("exact", got.Exact.Amount(), exact); s != "" {
				return s
			}
			if !p.Equal(mustPrice(p.Params())) {
				return "Params does not round-trip"
			}
			return sameOrDiff("amount", got.Amount.Amount(), amount)
		}, pricingtest.PriceParams(), gen.Int64(), quantity, gen.IntRange(0, 2)))
	props.Property("free units quote as the quantity less them", prop.ForAll(
		func(pp pricing.PriceParams, free int64, q decimal.Decimal) string {
			if pp.BillingScheme != pricing.PerUnit {
				return ""
			}
			t := pricing.TransformQuantity{DivideBy: 7, FreeUnits: free}
			if pp.TransformQuantity != nil {
				t.DivideBy, t.Round = pp.TransformQuantity.DivideBy, pp.TransformQuantity.Round
			}
			withFree, none := pp, pp
			withFree.TransformQuantity, none.TransformQuantity = &t, &pricing.TransformQuantity{DivideBy: t.DivideBy, Round: t.Round}
			a, b := mustPrice(withFree), mustPrice(none)
			qa, errA := a.Quote(pp.Currency, q)
			qb, errB := b.Quote(pp.Currency, decimal.Max(q.Sub(decimal.NewFromInt(free)), decimal.Zero))
			if errA != nil || errB != nil {
				return "quote failed"
			}
			return sameOrDiff("amount", qa.Amount.Amount(), qb.Amount.Amount())
		}, pricingtest.PriceParams(), gen.Int64Range(0, 1000), quantity))
	props.TestingRun(t)
}

func mustPrice(pp pricing.PriceParams) pricing.Price {
	p, err := pricing.NewPrice(pp)
	if err != nil {
		panic(err)
	}
	return p
}

// FuzzConventions quotes a fuzzed quantity under a three-tier price with fuzzed
// block sizes and rounding, both modes, and under a package with free units, and
// compares each with the plain decimal computation.
func FuzzConventions(f *testing.F) {
	f.Add(int64(125), int8(-3), int64(5325), int8(0), int64(100), int64(10), int64(1000), uint8(1))
	f.Add(int64(1), int8(0), int64(101001), int8(0), int64(1000), int64(1), int64(7), uint8(0))
	f.Add(int64(333), int8(-3), int64(3004), int8(-3), int64(1), int64(3), int64(0), uint8(3))
	f.Fuzz(func(t *testing.T, unit int64, unitExp int8, qty int64, qtyExp int8, size, blocks, free int64, opts uint8) {
		usd, _ := pricing.ParseCurrency("usd")
		u, q := decimal.New(unit, int32(unitExp)%16), decimal.New(qty, int32(qtyExp)%16)
		span := decimal.NewFromInt(size).Mul(decimal.NewFromInt(blocks))
		tiers := []pricing.Tier{
			{UpTo: span, UnitAmount: u, FlatAmount: u, BlockSize: size},
			{UpTo: span.Add(span), UnitAmount: u.Add(u), BlockSize: size},
			{Inf: true, UnitAmount: u, BlockSize: free},
		}
		var pps []pricing.PriceParams
		for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
			pps = append(pps, pricing.PriceParams{ID: "t", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers, TierRounding: pricing.TierRounding(opts & 1)})
		}
		pps = append(pps, pricing.PriceParams{ID: "u", Currency: usd, UnitAmount: u, TierRounding: pricing.TierRounding(opts & 1),
			TransformQuantity: &pricing.TransformQuantity{DivideBy: size, FreeUnits: free, Round: pricing.TransformRound(opts >> 1 & 1)}})
		for _, pp := range pps {
			p, err := pricing.NewPrice(pp)
			if err != nil {
				continue // refused: nothing to compare
			}
			got, err := p.Quote(usd, q)
			if err != nil {
				if q.Sign() >= 0 && pricing.CheckBounds(q) == nil {
					t.Fatalf("quote of a valid quantity %s: %v", q, err)
				}
				continue
			}
			exact, amount := referenceConvention(pp, usd, q)
			if !got.Exact.Amount().Equal(exact) || !got.Amount.Amount().Equal(amount) {
				t.Fatalf("%s %s q=%s: got %s / %s, want %s / %s", pp.BillingScheme, pp.TiersMode, q, got.Exact.Amount(), got.Amount.Amount(), exact, amount)
			}
		}
	})
}
