package pricing_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

var dec = decimal.RequireFromString

func usd(t testing.TB) pricing.Currency {
	c, err := pricing.ParseCurrency("USD")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// killBillBlocks returns tiers of Kill Bill's tiered blocks, each given as
// (block size, number of blocks, price per block); the last one is open.
func killBillBlocks(blocks ...[3]string) []pricing.Tier {
	tiers := make([]pricing.Tier, len(blocks))
	bound := decimal.Zero
	for i, b := range blocks {
		size := dec(b[0]).IntPart()
		tiers[i] = pricing.Tier{BlockSize: size, UnitAmount: dec(b[2])}
		if i == len(blocks)-1 {
			tiers[i].Inf = true
			continue
		}
		bound = bound.Add(dec(b[0]).Mul(dec(b[1])))
		tiers[i].UpTo = bound
	}
	return tiers
}

// The block tiers of Kill Bill's tests of consumable usage in arrear
// (invoice/src/test/java/org/killbill/billing/invoice/usage/
// TestContiguousIntervalConsumableInArrear.java in github.com/killbill/killbill):
// ALL_TIERS is the graduated form, TOP_TIER the volume form.
func TestKillBillBlockTiers(t *testing.T) {
	allTiers := killBillBlocks([3]string{"100", "10", "1"}, [3]string{"1000", "100", "1"})
	topTier := killBillBlocks([3]string{"100", "10", "1"}, [3]string{"1000", "100", "1"}, [3]string{"1000", "100", "0.5"})
	sizeOne := killBillBlocks([3]string{"1", "10", "1.5"}, [3]string{"1", "100", "1.0"}, [3]string{"1", "1000", "0.5"})
	unlimitedTop := killBillBlocks([3]string{"100", "10", "10"}, [3]string{"100", "-1", "1"})
	cases := []struct {
		name  string
		mode  pricing.TiersMode
		tiers []pricing.Tier
		qty   string
		want  string
	}{
		{"ALL_TIERS 5325 units: 10 blocks of 100, then 5 of 1000", pricing.Graduated, allTiers, "5325", "15"},
		{"ALL_TIERS size one 111 units", pricing.Graduated, sizeOne, "111", "115.5"},
		{"TOP_TIER 1000 units in tier 1", pricing.Volume, topTier, "1000", "10"},
		{"TOP_TIER 101000 units in tier 2", pricing.Volume, topTier, "101000", "101"},
		{"TOP_TIER 101001 units in tier 3: 102 blocks", pricing.Volume, topTier, "101001", "51"},
		{"TOP_TIER past the last tier's maximum", pricing.Volume, topTier, "300000", "150"},
		{"TOP_TIER size one 111 units", pricing.Volume, sizeOne, "111", "55.5"},
		{"TOP_TIER unlimited last tier 2000 units", pricing.Volume, unlimitedTop, "2000", "20"},
		{"graduated: one unit starts a block", pricing.Graduated, allTiers, "1", "1"},
		{"graduated: zero units take no block", pricing.Graduated, allTiers, "0", "0"},
	}
	for _, c := range cases {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "kb", Currency: usd(t), BillingScheme: pricing.Tiered, TiersMode: c.mode, Tiers: c.tiers})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		q, err := p.Quote(usd(t), dec(c.qty))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !q.Amount.Amount().Equal(dec(c.want)) {
			t.Errorf("%s: amount %s, want %s", c.name, q.Amount, c.want)
		}
		var sum decimal.Decimal
		for _, tc := range q.Breakdown() {
			sum = sum.Add(tc.Subtotal.Amount())
		}
		if !sum.Equal(q.Exact.Amount()) {
			t.Errorf("%s: breakdown adds up to %s, exact %s", c.name, sum, q.Exact)
		}
	}
}

// OpenMeter's graduated tiers (openmeter/billing/service/lineservice/
// pricegraduatedtiered_test.go in github.com/openmeterio/openmeter), whose lines are
// whole, and one whose lines round.
func TestOpenMeterTierRounding(t *testing.T) {
	omTiers := []pricing.Tier{
		{UpTo: dec("5"), FlatAmount: dec("100")},
		{UpTo: dec("10"), FlatAmount: dec("50")},
		{UpTo: dec("15"), UnitAmount: dec("10")},
		{Inf: true, UnitAmount: dec("5")},
	}
	thirds := []pricing.Tier{{UpTo: dec("3"), UnitAmount: dec("0.333")}, {Inf: true, UnitAmount: dec("0.125")}}
	cases := []struct {
		name       string
		tiers      []pricing.Tier
		qty        string
		once, each string
	}{
		{"no usage bills the first flat", omTiers, "0", "100", "100"},
		{"usage in tier 1", omTiers, "3", "100", "100"},
		{"on tier 1's bound", omTiers, "5", "100", "100"},
		{"just into tier 2", omTiers, "5.001", "150", "150"},
		{"tier 3", omTiers, "12", "170", "170"},
		{"tier 4", omTiers, "22", "235", "235"},
		{"lines of 0.999 and 0.125", thirds, "4", "1.12", "1.13"},
		{"a line of 0.0005", thirds, "3.004", "1", "1.00"},
	}
	for _, c := range cases {
		for _, r := range []pricing.TierRounding{pricing.TierRoundingOnce, pricing.TierRoundingEachLine} {
			p, err := pricing.NewPrice(pricing.PriceParams{ID: "om", Currency: usd(t), BillingScheme: pricing.Tiered, Tiers: c.tiers, TierRounding: r})
			if err != nil {
				t.Fatal(err)
			}
			q, err := p.Quote(usd(t), dec(c.qty))
			if err != nil {
				t.Fatal(err)
			}
			want := c.once
			if r == pricing.TierRoundingEachLine {
				want = c.each
			}
			if !q.Amount.Amount().Equal(dec(want)) || q.TierRounding() != r {
				t.Errorf("%s (%s): amount %s, want %s", c.name, r, q.Amount, want)
			}
		}
	}
}

// Lago's package charge with free units: its documentation's example ($5 per 100
// units, the first 100 free: 201 units cost $10) and its tests (100 per 10 units: 121
// units cost 1300, 1200 with 10 free), app/services/charge_models/package_service.rb
// and its spec in github.com/getlago/lago-api.
func TestLagoPackageFreeUnits(t *testing.T) {
	cases := []struct {
		name       string
		unit       string
		size, free int64
		round      pricing.TransformRound
		qty        string
		want       string
		packages   string
	}{
		{"documentation: 201 units", "5", 100, 100, pricing.TransformRoundUp, "201", "10", "2"},
		{"spec: 121 units, none free", "100", 10, 0, pricing.TransformRoundUp, "121", "1300", "13"},
		{"spec: 121 units, 10 free", "100", 10, 10, pricing.TransformRoundUp, "121", "1200", "12"},
		{"within the free units", "5", 100, 100, pricing.TransformRoundUp, "100", "0", "0"},
		{"no usage", "5", 100, 100, pricing.TransformRoundUp, "0", "0", "0"},
		{"one past the free units", "5", 100, 100, pricing.TransformRoundUp, "100.5", "5", "1"},
		{"rounded down", "5", 100, 100, pricing.TransformRoundDown, "299", "5", "1"},
	}
	for _, c := range cases {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "lago", Currency: usd(t), UnitAmount: dec(c.unit),
			TransformQuantity: &pricing.TransformQuantity{DivideBy: c.size, FreeUnits: c.free, Round: c.round}})
		if err != nil {
			t.Fatal(err)
		}
		q, err := p.Quote(usd(t), dec(c.qty))
		if err != nil {
			t.Fatal(err)
		}
		if !q.Amount.Amount().Equal(dec(c.want)) || !q.BilledQuantity.Equal(dec(c.packages)) {
			t.Errorf("%s: %s for %s packages, want %s for %s", c.name, q.Amount, q.BilledQuantity, c.want, c.packages)
		}
	}
}

func TestConventionRefusals(t *testing.T) {
	tiers := func(size int64, upTo string) []pricing.Tier {
		return []pricing.Tier{{UpTo: dec(upTo), UnitAmount: dec("1"), BlockSize: size}, {Inf: true, UnitAmount: dec("1")}}
	}
	cases := []struct {
		name  string
		p     pricing.PriceParams
		field string
		err   error
	}{
		{"tier not a whole number of blocks", pricing.PriceParams{BillingScheme: pricing.Tiered, Tiers: tiers(100, "250")}, "Tiers[0].BlockSize", pricing.ErrInvalidTiers},
		{"negative block size", pricing.PriceParams{BillingScheme: pricing.Tiered, Tiers: tiers(-1, "250")}, "Tiers[0].BlockSize", pricing.ErrInvalidTiers},
		{"block size too large", pricing.PriceParams{BillingScheme: pricing.Tiered, Tiers: tiers(1e15+1, "250")}, "Tiers[0].BlockSize", pricing.ErrInvalidTiers},
		{"negative free units", pricing.PriceParams{UnitAmount: dec("1"), TransformQuantity: &pricing.TransformQuantity{DivideBy: 10, FreeUnits: -1}}, "TransformQuantity.FreeUnits", pricing.ErrInvalidTransform},
		{"unknown tier rounding", pricing.PriceParams{UnitAmount: dec("1"), TierRounding: 7}, "TierRounding", pricing.ErrInvalidPrice},
	}
	for _, c := range cases {
		c.p.Currency = usd(t)
		_, err := pricing.NewPrice(c.p)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %s wrapping %v", c.name, err, c.field, c.err)
		}
	}
	// A currency option's tiers have the price's block sizes.
	eur, _ := pricing.ParseCurrency("EUR")
	_, err := pricing.NewPrice(pricing.PriceParams{Currency: usd(t), BillingScheme: pricing.Tiered, Tiers: tiers(50, "100"),
		CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {Tiers: tiers(25, "100")}}})
	var fe *pricing.FieldError
	if !errors.As(err, &fe) || fe.Field != "CurrencyOptions[EUR].Tiers[0].BlockSize" {
		t.Errorf("option with other block sizes: %v", err)
	}
}

func TestTierRoundingNames(t *testing.T) {
	for _, r := range []pricing.TierRounding{pricing.TierRoundingOnce, pricing.TierRoundingEachLine} {
		got, err := pricing.ParseTierRounding(r.String())
		if err != nil || got != r {
			t.Errorf("%s: %v %v", r, got, err)
		}
	}
	if _, err := pricing.ParseTierRounding("twice"); !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("twice: %v", err)
	}
}

// A block tier's explanation counts the blocks its units start, and its breakdown
// carries the block size.
func TestBlockTierExplanation(t *testing.T) {
	usd, _ := pricing.ParseCurrency("usd")
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "blk", Currency: usd, BillingScheme: pricing.Tiered, Tiers: []pricing.Tier{
		{UpTo: decimal.NewFromInt(10), UnitAmount: decimal.NewFromInt(1), BlockSize: 5},
		{Inf: true, UnitAmount: decimal.RequireFromString("0.5"), BlockSize: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.Quote(usd, decimal.NewFromInt(12))
	if err != nil {
		t.Fatal(err)
	}
	e := q.Explain()
	if !strings.Contains(e, "10 units = 2 blocks of 5 × 1.00") || !strings.Contains(e, "2 units = 1 block of 3 × 0.50") || q.Amount.String() != "2.50 USD" {
		t.Errorf("explanation:\n%s\namount %s", e, q.Amount)
	}
	if b := q.Breakdown(); len(b) != 2 || b[0].BlockSize != 5 || b[1].BlockSize != 3 {
		t.Errorf("breakdown %+v", b)
	}
}
