package pricing_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// refQuote is a quote computed by referenceQuote: what Price.Quote must give.
type refQuote struct {
	pp                     pricing.PriceParams
	currency               pricing.Currency
	quantity, billed, unit decimal.Decimal
	tiers                  []pricing.TierCharge
	adjustment             string
	exact, amount          pricing.Money
}

// referenceQuote quotes quantity under pp in currency c the plain way, in
// shopspring/decimal only: every tier in turn from decimal.Zero, the breakdown kept.
// Price.Quote must give the same decimals, breakdown and explanation.
func referenceQuote(pp pricing.PriceParams, c pricing.Currency, quantity decimal.Decimal) refQuote {
	unit, tiers, min, max := pp.UnitAmount, pp.Tiers, pp.Minimum, pp.Maximum
	if c != pp.Currency {
		o := pp.CurrencyOptions[c]
		unit, tiers, min, max = o.UnitAmount, o.Tiers, o.Minimum, o.Maximum
	}
	q := refQuote{pp: pp, currency: c, quantity: quantity, billed: quantity}
	var exact decimal.Decimal
	switch {
	case pp.BillingScheme == pricing.PerUnit:
		if t := pp.TransformQuantity; t != nil {
			n, rem := quantity.QuoRem(decimal.NewFromInt(t.DivideBy), 0)
			if t.Round == pricing.TransformRoundUp && rem.Sign() > 0 {
				n = n.Add(decimal.NewFromInt(1))
			}
			q.billed = n
		}
		q.unit = unit
		exact = q.billed.Mul(unit)
	case pp.TiersMode == pricing.Volume:
		i := sort.Search(len(tiers)-1, func(k int) bool { return tiers[k].UpTo.GreaterThanOrEqual(quantity) })
		t := tiers[i]
		from := decimal.Zero
		if i > 0 {
			from = tiers[i-1].UpTo
		}
		exact = quantity.Mul(t.UnitAmount).Add(t.FlatAmount)
		q.tiers = []pricing.TierCharge{{Index: i, From: from, UpTo: t.UpTo, Inf: t.Inf, Quantity: quantity, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount, Subtotal: pricing.New(exact, c)}}
	default:
		exact = decimal.Zero
		prev := decimal.Zero
		for i, t := range tiers {
			upper := quantity
			if !t.Inf && t.UpTo.LessThan(upper) {
				upper = t.UpTo
			}
			slice := upper.Sub(prev)
			sub := slice.Mul(t.UnitAmount).Add(t.FlatAmount)
			exact = exact.Add(sub)
			q.tiers = append(q.tiers, pricing.TierCharge{Index: i, From: prev, UpTo: t.UpTo, Inf: t.Inf, Quantity: slice, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount, Subtotal: pricing.New(sub, c)})
			if t.Inf || quantity.LessThanOrEqual(t.UpTo) {
				break
			}
			prev = t.UpTo
		}
	}
	if min != nil && exact.LessThan(*min) {
		q.adjustment = fmt.Sprintf("raised from %s to the minimum charge", pricing.New(exact, c))
		exact = *min
	}
	if max != nil && exact.GreaterThan(*max) {
		q.adjustment = fmt.Sprintf("capped from %s at the maximum charge", pricing.New(exact, c))
		exact = *max
	}
	q.exact = pricing.New(exact, c)
	q.amount = pricing.New(exact.Round(c.Digits()), c)
	return q
}

// explain is the text Quote.Explain must give for q, written out from the
// reference's own values.
func (q refQuote) explain() string {
	c := q.currency
	amount := func(d decimal.Decimal) string { return string(pricing.New(d, c).AppendText(nil)) }
	plain := func(d decimal.Decimal) string { return string(text.AppendDecimal(nil, d)) }
	money := func(m pricing.Money) string { return string(m.AppendText(nil)) + " " + c.Code() }
	var b strings.Builder
	switch {
	case q.pp.BillingScheme == pricing.PerUnit:
		product := pricing.New(q.billed.Mul(q.unit), c)
		if t := q.pp.TransformQuantity; t != nil {
			fmt.Fprintf(&b, "%s units ÷ %d, rounded %s = %s packages × %s = %s", plain(q.quantity), t.DivideBy, t.Round, plain(q.billed), amount(q.unit), money(product))
		} else {
			fmt.Fprintf(&b, "%s × %s = %s", plain(q.quantity), amount(q.unit), money(product))
		}
	default:
		fmt.Fprintf(&b, "%s tiers, quantity %s:", q.pp.TiersMode, plain(q.quantity))
		sum := decimal.Zero
		for _, t := range q.tiers {
			upTo := "inf"
			if !t.Inf {
				upTo = plain(t.UpTo)
			}
			fmt.Fprintf(&b, "\n  tier %d (above %s up to %s): %s × %s + %s flat = %s", t.Index+1, plain(t.From), upTo,
				plain(t.Quantity), amount(t.UnitAmount), amount(t.FlatAmount), money(t.Subtotal))
			sum = sum.Add(t.Subtotal.Amount())
		}
		if len(q.tiers) > 1 {
			fmt.Fprintf(&b, "\n  total %s", money(pricing.New(sum, c)))
		}
	}
	if q.adjustment != "" {
		b.WriteString("\n" + q.adjustment)
	}
	if !q.exact.Equal(q.amount) {
		fmt.Fprintf(&b, "\n%s rounded half away from zero to %s", money(q.exact), money(q.amount))
	}
	return b.String()
}

// sameQuote returns "" when got has the decimals (coefficient and exponent), the
// terms, the breakdown and the explanation of want, else the first difference.
func sameQuote(got pricing.Quote, want refQuote) string {
	for _, c := range []struct {
		what string
		g, w decimal.Decimal
	}{
		{"exact", got.Exact.Amount(), want.exact.Amount()},
		{"amount", got.Amount.Amount(), want.amount.Amount()},
		{"billed quantity", got.BilledQuantity, want.billed},
		{"unit amount", got.UnitAmount(), want.unit},
	} {
		if s := sameOrDiff(c.what, c.g, c.w); s != "" {
			return s
		}
	}
	if got.Adjustment() != want.adjustment || got.Exact.Currency() != want.exact.Currency() || got.Amount.Currency() != want.amount.Currency() {
		return fmt.Sprintf("adjustment or currency: got %q %s, want %q %s", got.Adjustment(), got.Amount, want.adjustment, want.amount)
	}
	if got.Scheme != want.pp.BillingScheme || got.TiersMode() != want.pp.TiersMode || got.TierRounding() != want.pp.TierRounding || got.Dynamic() ||
		(got.Transform() == nil) != (want.pp.TransformQuantity == nil) || got.Transform() != nil && *got.Transform() != *want.pp.TransformQuantity {
		return fmt.Sprintf("terms: got %s %s %v %v, want %+v", got.Scheme, got.TiersMode(), got.TierRounding(), got.Transform(), want.pp)
	}
	gb, wb := got.Breakdown(), want.tiers
	if len(gb) != len(wb) {
		return fmt.Sprintf("breakdown of %d tiers, want %d", len(gb), len(wb))
	}
	for i := range gb {
		g, w := gb[i], wb[i]
		if g.Index != w.Index || g.Inf != w.Inf || !same(g.UpTo, w.UpTo) || !same(g.From, w.From) || !same(g.Quantity, w.Quantity) ||
			!same(g.UnitAmount, w.UnitAmount) || !same(g.FlatAmount, w.FlatAmount) || !same(g.Subtotal.Amount(), w.Subtotal.Amount()) || g.Subtotal.Currency() != w.Subtotal.Currency() {
			return fmt.Sprintf("tier %d: got %+v, want %+v", i, g, w)
		}
	}
	if g, w := got.Explain(), want.explain(); g != w {
		return fmt.Sprintf("explanation:\n%s\nwant:\n%s", g, w)
	}
	return ""
}

func TestQuoteAgreesWithDecimalReference(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(1000))
	// Whole and decimal quantities, and some of 12 places whose products with the
	// amounts go past int64 (the decimal fallback).
	quantity := gen.OneGenOf(
		pricingtest.Quantity(),
		pricingtest.Quantity(),
		pricingtest.NonNegativeDecimal(3, 12),
		pricingtest.NonNegativeDecimal(15, 0),
		gen.Int64Range(0, 600).Map(func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }), // on and near the bounds
	)
	props.Property("Quote gives the plain decimal computation's decimals, breakdown and explanation", prop.ForAll(
		func(pp pricing.PriceParams, q decimal.Decimal, pick int) string {
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
			return sameQuote(got, referenceQuote(pp, c, q))
		}, pricingtest.PriceParams(), quantity, gen.IntRange(0, 2)))
	props.TestingRun(t)
}

func TestQuoteWideAmounts(t *testing.T) {
	usd, _ := pricing.ParseCurrency("usd")
	d := decimal.RequireFromString
	// Amounts and quantities whose products have more than 18 digits, and bounds with
	// 12 places: every step in the decimal fallback, and back.
	tiers := []pricing.Tier{
		{UpTo: d("0.000000000001"), UnitAmount: d("9999999999999.99"), FlatAmount: d("0.00000000000001")},
		{UpTo: d("999999999.999999999999"), UnitAmount: d("0.00000000000001"), FlatAmount: d("9999999999999.99")},
		{UpTo: d("1000000000000000"), UnitAmount: d("9999999999999.99")},
		{Inf: true, UnitAmount: d("1")},
	}
	min, max := d("0.01"), d("9999999999999.99")
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		pp := pricing.PriceParams{ID: "wide", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers, Minimum: &min, Maximum: &max}
		p, err := pricing.NewPrice(pp)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"0", "0.000000000001", "0.000000000002", "123456789.123456789012", "999999999.999999999999", "1000000000", "1000000000000000"} {
			got, err := p.Quote(usd, d(q))
			if err != nil {
				t.Fatal(err)
			}
			if s := sameQuote(got, referenceQuote(pp, usd, d(q))); s != "" {
				t.Errorf("%s q=%s: %s", mode, q, s)
			}
		}
	}
	// Bounds and amounts of positive exponents (1e8): exponents follow decimal's,
	// from decimal.Zero's up.
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		pp := pricing.PriceParams{ID: "exp", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: []pricing.Tier{
			{UpTo: decimal.New(1, 8), UnitAmount: decimal.New(49, -4), FlatAmount: decimal.New(1, 3)},
			{UpTo: decimal.New(2, 8), UnitAmount: decimal.New(0, 2)},
			{Inf: true, UnitAmount: decimal.New(1, 1), FlatAmount: decimal.New(5, 2)},
		}}
		p, err := pricing.NewPrice(pp)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []decimal.Decimal{decimal.New(0, 3), decimal.New(1, 8), decimal.New(15, 7), decimal.New(1234567, 6)} {
			got, err := p.Quote(usd, q)
			if err != nil {
				t.Fatal(err)
			}
			if s := sameQuote(got, referenceQuote(pp, usd, q)); s != "" {
				t.Errorf("%s q=%s: %s", mode, q, s)
			}
		}
	}
	pp := pricing.PriceParams{ID: "unit", Currency: usd, UnitAmount: d("9999999999999.999999999999"), TransformQuantity: &pricing.TransformQuantity{DivideBy: 1e15}}
	p, err := pricing.NewPrice(pp)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"0", "1", "999999999999999.999999999999", "1000000000000000"} {
		got, err := p.Quote(usd, d(q))
		if err != nil {
			t.Fatal(err)
		}
		if s := sameQuote(got, referenceQuote(pp, usd, d(q))); s != "" {
			t.Errorf("per unit q=%s: %s", q, s)
		}
	}
}

// FuzzQuoteReference quotes a quantity under a per-unit price (with or without
// packages) and a three-tier price of both modes made of the fuzzed amounts, and
// compares each with the plain decimal computation.
func FuzzQuoteReference(f *testing.F) {
	f.Add(int64(1250), int8(-2), int64(17), int8(0), int64(5), int64(300), uint8(0))
	f.Add(int64(999999999999999), int8(-12), int64(999999999999999), int8(-12), int64(1), int64(1), uint8(3))
	f.Add(int64(49), int8(-4), int64(1234567), int8(0), int64(100), int64(0), uint8(1))
	f.Fuzz(func(t *testing.T, unit int64, unitExp int8, qty int64, qtyExp int8, bound, flat int64, opts uint8) {
		usd, _ := pricing.ParseCurrency("usd")
		u, q := decimal.New(unit, int32(unitExp)%16), decimal.New(qty, int32(qtyExp)%16)
		b, fl := decimal.New(bound, int32(qtyExp)%16), decimal.New(flat, int32(unitExp)%16)
		pps := []pricing.PriceParams{{ID: "u", Currency: usd, UnitAmount: u}}
		if opts&1 != 0 {
			pps[0].TransformQuantity = &pricing.TransformQuantity{DivideBy: 1 + (bound&0xffff)%1000, Round: pricing.TransformRound(opts >> 1 & 1)}
		}
		if opts&4 != 0 {
			pps[0].Minimum, pps[0].Maximum = &fl, &u
		}
		tiers := []pricing.Tier{{UpTo: b, UnitAmount: u, FlatAmount: fl}, {UpTo: b.Add(b), UnitAmount: fl}, {Inf: true, UnitAmount: u, FlatAmount: u}}
		for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
			pps = append(pps, pricing.PriceParams{ID: "t", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers})
		}
		for _, pp := range pps {
			p, err := pricing.NewPrice(pp)
			if err != nil {
				continue // amounts out of bounds or tiers out of order: refused, nothing to compare
			}
			got, err := p.Quote(usd, q)
			if err != nil {
				if q.Sign() >= 0 && pricing.CheckBounds(q) == nil {
					t.Fatalf("quote of a valid quantity %s: %v", q, err)
				}
				continue
			}
			if s := sameQuote(got, referenceQuote(pp, usd, q)); s != "" {
				t.Fatalf("%s %s q=%s: %s", pp.BillingScheme, pp.TiersMode, q, s)
			}
		}
	})
}
