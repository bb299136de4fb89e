package pricing_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// OpenMeter's split lines of a graduated price (openmeter/billing/service/
// lineservice/pricegraduatedtiered_test.go in github.com/openmeterio/openmeter): a
// line bills what its usage adds to what the period billed before it.
func TestOpenMeterSplitLines(t *testing.T) {
	lineTiers := []pricing.Tier{ // TestTieredGraduatedCalculation's tiers
		{UpTo: dec("5"), FlatAmount: dec("100")},
		{UpTo: dec("10"), FlatAmount: dec("50")},
		{UpTo: dec("15"), UnitAmount: dec("5")},
		{Inf: true, UnitAmount: dec("1")},
	}
	calcTiers := []pricing.Tier{ // TestTieredPriceCalculator's tiers
		{UpTo: dec("5"), FlatAmount: dec("100")},
		{UpTo: dec("10"), FlatAmount: dec("50")},
		{UpTo: dec("15"), UnitAmount: dec("10")},
		{Inf: true, UnitAmount: dec("5")},
	}
	thirds := []pricing.Tier{{UpTo: dec("3"), UnitAmount: dec("0.333")}, {Inf: true, UnitAmount: dec("0.125")}}
	blocks := []pricing.Tier{{UpTo: dec("1000"), UnitAmount: dec("1"), BlockSize: 100}, {Inf: true, UnitAmount: dec("1"), BlockSize: 1000}}
	cases := []struct {
		name        string
		tiers       []pricing.Tier
		rounding    pricing.TierRounding
		before, qty string
		first       bool
		want        string
		lines       []int // tiers of the lines
		flats       []int // tiers whose flat amount the range bills
	}{
		{"mid period, tiers 3 and 4", lineTiers, pricing.TierRoundingEachLine, "12", "10", false, "22", []int{2, 3}, nil},
		{"mid tier, flat only: nothing", lineTiers, pricing.TierRoundingEachLine, "7", "1", false, "0", []int{1}, nil},
		{"the whole period in one line", lineTiers, pricing.TierRoundingEachLine, "0", "22", true, "182", []int{0, 1, 2, 3}, []int{0, 1}},
		{"no usage in the first line bills the first flat", calcTiers, pricing.TierRoundingEachLine, "0", "0", true, "100", []int{0}, []int{0}},
		{"3 to 7 enters tier 2: its flat", calcTiers, pricing.TierRoundingEachLine, "3", "4", false, "50", []int{0, 1}, []int{1}},
		{"from a tier's bound: the next tier's flat", calcTiers, pricing.TierRoundingEachLine, "5", "1", false, "50", []int{1}, []int{1}},
		{"rounded once: what the total adds", thirds, pricing.TierRoundingOnce, "1", "1", false, "0.34", []int{0}, nil},
		{"each line rounded", thirds, pricing.TierRoundingEachLine, "1", "1", false, "0.33", []int{0}, nil},
		{"a later range from 0 bills no first flat", calcTiers, pricing.TierRoundingEachLine, "0", "3", false, "0", []int{0}, nil},
		{"Kill Bill blocks: 5325 after 250", blocks, pricing.TierRoundingOnce, "250", "5075", false, "12", []int{0, 1}, nil},
	}
	for _, c := range cases {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "om", Currency: usd(t), BillingScheme: pricing.Tiered, Tiers: c.tiers, TierRounding: c.rounding})
		if err != nil {
			t.Fatal(err)
		}
		r, err := p.QuoteRange(usd(t), pricing.UsageRange{Before: dec(c.before), Quantity: dec(c.qty), First: c.first})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !r.Amount.Amount().Equal(dec(c.want)) {
			t.Errorf("%s: %s, want %s", c.name, r.Amount, c.want)
		}
		if len(r.Lines) != len(c.lines) {
			t.Fatalf("%s: lines %+v, want tiers %v", c.name, r.Lines, c.lines)
		}
		var flats []int
		for k, l := range r.Lines {
			if l.Index != c.lines[k] {
				t.Errorf("%s: line %d: %+v", c.name, k, l)
			}
			if !l.Flat.IsZero() {
				flats = append(flats, l.Index)
			}
		}
		if !slices.Equal(flats, c.flats) {
			t.Errorf("%s: flats of tiers %v, want %v", c.name, flats, c.flats)
		}
	}
}

func TestQuoteRangeRefusals(t *testing.T) {
	min := dec("1")
	tiers := []pricing.Tier{{UpTo: dec("5"), UnitAmount: dec("1")}, {Inf: true, UnitAmount: dec("1")}}
	volume := mustPrice(pricing.PriceParams{Currency: usd(t), BillingScheme: pricing.Tiered, TiersMode: pricing.Volume, Tiers: tiers})
	bounded := mustPrice(pricing.PriceParams{Currency: usd(t), UnitAmount: dec("1"), Minimum: &min})
	unit := mustPrice(pricing.PriceParams{Currency: usd(t), UnitAmount: dec("1")})
	for _, c := range []struct {
		name        string
		p           pricing.Price
		before, qty string
		first       bool
		err         error
	}{
		{"volume", volume, "1", "1", false, pricing.ErrRangeUnsupported},
		{"minimum", bounded, "1", "1", false, pricing.ErrRangeUnsupported},
		{"negative before", unit, "-1", "1", false, pricing.ErrNegativeQuantity},
		{"negative quantity", unit, "1", "-1", false, pricing.ErrInvalidRange},
		{"huge", unit, "1e30", "1", false, pricing.ErrOutOfRange},
		{"a first range after usage", unit, "1", "1", true, pricing.ErrInvalidRange},
	} {
		if _, err := c.p.QuoteRange(usd(t), pricing.UsageRange{Before: dec(c.before), Quantity: dec(c.qty), First: c.first}); !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", c.name, err, c.err)
		}
	}
	if _, err := (pricing.Price{}).QuoteRange(usd(t), pricing.UsageRange{Quantity: dec("1"), First: true}); !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("zero price: %v", err)
	}
}

// rangeable returns pp with its conventions, made quotable by range: graduated, no
// minimum or maximum.
func rangeable(pp pricing.PriceParams, seed int64) pricing.PriceParams {
	pp = withConventions(pp, seed)
	pp.TiersMode, pp.Minimum, pp.Maximum = pricing.Graduated, nil, nil
	opts := make(map[pricing.Currency]pricing.CurrencyOption, len(pp.CurrencyOptions))
	for c, o := range pp.CurrencyOptions {
		o.Minimum, o.Maximum = nil, nil
		opts[c] = o
	}
	pp.CurrencyOptions = opts
	return pp
}

// checkRanges returns "" when p's ranges of x then y obey the laws of QuoteRange in c.
func checkRanges(p pricing.Price, c pricing.Currency, x, y decimal.Decimal) string {
	whole, err := p.Quote(c, x.Add(y))
	if err != nil || pricing.CheckBounds(x) != nil || pricing.CheckBounds(y) != nil {
		return "" // out of bounds: refused, as the tests of Quote check
	}
	firstOnly, err1 := p.QuoteRange(c, pricing.UsageRange{Quantity: x.Add(y), First: true})
	a, err2 := p.QuoteRange(c, pricing.UsageRange{Quantity: x, First: true})
	b, err3 := p.QuoteRange(c, pricing.UsageRange{Before: x, Quantity: y})
	if err1 != nil || err2 != nil || err3 != nil {
		return "a range failed"
	}
	if s := sameOrDiff("first range's exact", firstOnly.Exact.Amount(), whole.Exact.Amount()); s != "" {
		return s
	}
	if s := sameOrDiff("first range's amount", firstOnly.Amount.Amount(), whole.Amount.Amount()); s != "" {
		return s
	}
	if !a.Amount.Amount().Add(b.Amount.Amount()).Equal(whole.Amount.Amount()) && whole.TierRounding() == pricing.TierRoundingOnce {
		return "ranges rounded once do not add up: " + a.Amount.String() + " + " + b.Amount.String() + " ≠ " + whole.Amount.String()
	}
	for _, r := range []pricing.RangeQuote{a, b} {
		if r.Amount.Sign() < 0 || !r.Amount.MinorDecimal().IsInteger() {
			return "range amount " + r.Amount.String()
		}
		if r.Lines == nil {
			continue
		}
		sum := decimal.Zero
		for _, l := range r.Lines {
			sum = sum.Add(l.Amount.Amount()).Add(l.Flat.Amount())
		}
		if !sum.Equal(r.Exact.Amount()) {
			return "lines add up to " + sum.String() + ", exact " + r.Exact.String()
		}
	}
	return ""
}

func TestQuoteRangeProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	quantity := gen.OneGenOf(pricingtest.Quantity(), gen.Int64Range(0, 600).Map(func(v int64) decimal.Decimal { return decimal.NewFromInt(v) }))
	props.Property("the first range is the quote; ranges rounded once add up to the period; lines add up to the range", prop.ForAll(
		func(pp pricing.PriceParams, seed int64, x, y decimal.Decimal, pick int) string {
			p, err := pricing.NewPrice(rangeable(pp, seed))
			if err != nil {
				return err.Error()
			}
			cs := p.Currencies()
			return checkRanges(p, cs[pick%len(cs)], x, y)
		}, pricingtest.PriceParams(), gen.Int64(), quantity, quantity, gen.IntRange(0, 2)))
	props.TestingRun(t)
}

// FuzzQuoteRange checks the laws of QuoteRange on a three-tier price of fuzzed
// amounts, bounds and block sizes, and on a per-unit price with packages.
func FuzzQuoteRange(f *testing.F) {
	f.Add(int64(333), int8(-3), int64(1), int64(1), int8(0), int64(3), int64(1), uint8(1))
	f.Add(int64(1), int8(0), int64(250), int64(5075), int8(0), int64(100), int64(10), uint8(0))
	f.Fuzz(func(t *testing.T, unit int64, unitExp int8, x, y int64, qtyExp int8, size, blocks int64, opts uint8) {
		usd, _ := pricing.ParseCurrency("usd")
		u := decimal.New(unit, int32(unitExp)%16)
		qx, qy := decimal.New(x, int32(qtyExp)%16), decimal.New(y, int32(qtyExp)%16)
		span := decimal.NewFromInt(size).Mul(decimal.NewFromInt(blocks))
		rounding := pricing.TierRounding(opts & 1)
		pps := []pricing.PriceParams{
			{Currency: usd, BillingScheme: pricing.Tiered, TierRounding: rounding, Tiers: []pricing.Tier{
				{UpTo: span, UnitAmount: u, FlatAmount: u, BlockSize: size},
				{UpTo: span.Add(span), UnitAmount: u.Add(u), FlatAmount: u},
				{Inf: true, UnitAmount: u, BlockSize: size},
			}},
			{Currency: usd, UnitAmount: u, TierRounding: rounding, TransformQuantity: &pricing.TransformQuantity{DivideBy: size, FreeUnits: blocks, Round: pricing.TransformRound(opts >> 1 & 1)}},
		}
		for _, pp := range pps {
			p, err := pricing.NewPrice(pp)
			if err != nil {
				continue
			}
			if qx.Sign() < 0 || qy.Sign() < 0 {
				if _, err := p.QuoteRange(usd, pricing.UsageRange{Before: qx, Quantity: qy}); err == nil {
					t.Fatalf("negative range: %v", err)
				}
				continue
			}
			if s := checkRanges(p, usd, qx, qy); s != "" {
				t.Fatalf("x=%s y=%s: %s", qx, qy, s)
			}
		}
	})
}

func TestRangeExplanation(t *testing.T) {
	tiers := []pricing.Tier{
		{UpTo: dec("5"), FlatAmount: dec("100")},
		{UpTo: dec("10"), FlatAmount: dec("50")},
		{UpTo: dec("15"), UnitAmount: dec("5"), BlockSize: 5},
		{Inf: true, UnitAmount: dec("1")},
	}
	cases := []struct {
		rounding pricing.TierRounding
		r        pricing.UsageRange
		want     string
	}{
		{pricing.TierRoundingOnce, pricing.UsageRange{Before: dec("7"), Quantity: dec("15")}, "usage 7 to 22 (15 units after 7):\n" +
			"  tier 2: 3 × 0 = 0.00 USD\n  tier 3: 5 units in 1 block(s) × 5 = 5.00 USD\n  tier 4: 7 × 1 = 7.00 USD\n" +
			"rounded once: 162.00 USD for 22 less 150.00 USD for 7 = 12.00 USD"},
		{pricing.TierRoundingEachLine, pricing.UsageRange{Quantity: dec("6"), First: true}, "usage 0 to 6 (the period's first range):\n" +
			"  tier 1: 5 × 0 = 0.00 USD, flat 100.00 USD\n  tier 2: 1 × 0 = 0.00 USD, flat 50.00 USD\n" +
			"each line rounded half-away-from-zero: 150.00 USD"},
	}
	for _, c := range cases {
		p := mustPrice(pricing.PriceParams{Currency: usd(t), BillingScheme: pricing.Tiered, Tiers: tiers, TierRounding: c.rounding})
		r, err := p.QuoteRange(usd(t), c.r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Explain(); got != c.want {
			t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
		}
	}
}
