package pricing_test

import (
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// tiersFrom builds valid tiers from random non-negative amounts (cents) and bound steps.
func tiersFrom(amounts []int64) []pricing.Tier {
	n := len(amounts)/2 + 1
	tiers := make([]pricing.Tier, n)
	bound := int64(0)
	for i := range tiers {
		unit, flat := int64(0), int64(0)
		if 2*i < len(amounts) {
			unit = amounts[2*i]
		}
		if 2*i+1 < len(amounts) {
			flat = amounts[2*i+1]
		}
		tiers[i] = pricing.Tier{UnitAmount: decimal.New(unit, -2), FlatAmount: decimal.New(flat, -2)}
		if i == n-1 {
			tiers[i].Inf = true
		} else {
			bound += 1 + (unit+flat)%17
			tiers[i].UpTo = decimal.NewFromInt(bound)
		}
	}
	return tiers
}

func priceOf(t *testing.T, mode pricing.TiersMode, tiers []pricing.Tier) pricing.Price {
	usd, _ := pricing.ParseCurrency("usd")
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "p", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPriceProperties(t *testing.T) {
	usd, _ := pricing.ParseCurrency("usd")
	props := gopter.NewProperties(pricingtest.Parameters(200))
	amounts := gen.SliceOfN(12, pricingtest.NonNegativeMinorUnits(100000))
	props.Property("graduated is non-decreasing in quantity and its tiers add up", prop.ForAll(func(a []int64, q1, q2 decimal.Decimal) string {
		p := priceOf(t, pricing.Graduated, tiersFrom(a))
		if q1.GreaterThan(q2) {
			q1, q2 = q2, q1
		}
		x, err1 := p.Quote(usd, q1)
		y, err2 := p.Quote(usd, q2)
		if err1 != nil || err2 != nil {
			return fmt.Sprint(err1, err2)
		}
		if x.Exact.Amount().GreaterThan(y.Exact.Amount()) {
			return fmt.Sprintf("cost(%s)=%s > cost(%s)=%s", q1, x.Exact, q2, y.Exact)
		}
		sum, qty := decimal.Zero, decimal.Zero
		for _, tc := range y.Breakdown() {
			sum = sum.Add(tc.Subtotal.Amount())
			qty = qty.Add(tc.Quantity)
		}
		if !sum.Equal(y.Exact.Amount()) || !qty.Equal(q2) {
			return "tier subtotals or quantities do not add up"
		}
		return ""
	}, amounts, pricingtest.Quantity(), pricingtest.Quantity()))
	props.Property("graduated equals volume with one tier", prop.ForAll(func(unit, flat int64, q decimal.Decimal) bool {
		tiers := []pricing.Tier{{Inf: true, UnitAmount: decimal.New(unit, -2), FlatAmount: decimal.New(flat, -2)}}
		g, _ := priceOf(t, pricing.Graduated, tiers).Quote(usd, q)
		v, _ := priceOf(t, pricing.Volume, tiers).Quote(usd, q)
		return g.Exact.Equal(v.Exact) && g.Amount.Equal(v.Amount)
	}, pricingtest.NonNegativeMinorUnits(1e6), pricingtest.NonNegativeMinorUnits(1e6), pricingtest.Quantity()))
	props.Property("per-unit is linear before rounding", prop.ForAll(func(unit decimal.Decimal, a, b decimal.Decimal) bool {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "u", Currency: usd, UnitAmount: unit})
		if err != nil {
			return false
		}
		x, _ := p.Quote(usd, a)
		y, _ := p.Quote(usd, b)
		z, _ := p.Quote(usd, a.Add(b))
		s, _ := x.Exact.Add(y.Exact)
		return s.Equal(z.Exact)
	}, pricingtest.NonNegativeDecimal(4, 6), pricingtest.Quantity(), pricingtest.Quantity()))
	props.Property("packages rounded up ≥ down, by at most one", prop.ForAll(func(q decimal.Decimal, by int64) bool {
		up, _ := pricing.NewPrice(pricing.PriceParams{ID: "u", Currency: usd, UnitAmount: decimal.NewFromInt(1), TransformQuantity: &pricing.TransformQuantity{DivideBy: by}})
		down, _ := pricing.NewPrice(pricing.PriceParams{ID: "d", Currency: usd, UnitAmount: decimal.NewFromInt(1), TransformQuantity: &pricing.TransformQuantity{DivideBy: by, Round: pricing.TransformRoundDown}})
		a, _ := up.Quote(usd, q)
		b, _ := down.Quote(usd, q)
		diff := a.BilledQuantity.Sub(b.BilledQuantity)
		return diff.Sign() >= 0 && diff.LessThanOrEqual(decimal.NewFromInt(1)) && a.BilledQuantity.IsInteger()
	}, pricingtest.Quantity(), gen.Int64Range(1, 1000)))
	props.Property("aggregations agree with a naive reference and sum/max ignore order", prop.ForAll(func(seed int64, agg int) string {
		r := rand.New(rand.NewSource(seed))
		start := time.Unix(1_700_000_000, 0).UTC()
		end := start.Add(30 * 24 * time.Hour)
		recs := make([]pricing.UsageRecord, r.Intn(50))
		for i := range recs {
			recs[i], _ = pricing.NewUsageRecord(start.Add(time.Duration(r.Int63n(int64(40*24*time.Hour)))-5*24*time.Hour), decimal.New(r.Int63n(1e6), -int32(r.Intn(3))))
		}
		a := pricing.Aggregation(agg)
		got, err := pricing.Aggregate(recs, start, end, a)
		if err != nil {
			return err.Error()
		}
		want := naiveAggregate(recs, start, end, a)
		if !got.Quantity.Equal(want) {
			return fmt.Sprintf("%s: got %s, want %s", a, got.Quantity, want)
		}
		if a == pricing.AggregateSum || a == pricing.AggregateMax {
			shuffled := append([]pricing.UsageRecord(nil), recs...)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			again, _ := pricing.Aggregate(shuffled, start, end, a)
			if !again.Quantity.Equal(got.Quantity) {
				return "order changed the result"
			}
		}
		return ""
	}, gen.Int64(), gen.IntRange(0, 3)))
	props.TestingRun(t)
}

func naiveAggregate(recs []pricing.UsageRecord, start, end time.Time, a pricing.Aggregation) decimal.Decimal {
	var in []int
	for i, r := range recs {
		if r.Timestamp().Before(end) && (a == pricing.AggregateLastEver || !r.Timestamp().Before(start)) {
			in = append(in, i)
		}
	}
	out := decimal.Zero
	switch a {
	case pricing.AggregateSum:
		for _, i := range in {
			out = out.Add(recs[i].Quantity())
		}
	case pricing.AggregateMax:
		for _, i := range in {
			out = decimal.Max(out, recs[i].Quantity())
		}
	default:
		sort.SliceStable(in, func(x, y int) bool { return recs[in[x]].Timestamp().Before(recs[in[y]].Timestamp()) })
		if len(in) > 0 {
			out = recs[in[len(in)-1]].Quantity()
		}
	}
	return out
}

func FuzzTiers(f *testing.F) {
	f.Add([]byte{5, 1, 2, 10, 3, 4, 255, 1, 1}, "12", true)
	f.Add([]byte{0, 0, 0}, "0", false)
	f.Add([]byte{3, 1, 1, 2, 1, 1}, "1e999999999", false)
	f.Fuzz(func(t *testing.T, raw []byte, qty string, volume bool) {
		usd, _ := pricing.ParseCurrency("usd")
		var tiers []pricing.Tier
		for len(raw) >= 3 && len(tiers) < 20 {
			tier := pricing.Tier{UpTo: decimal.NewFromInt(int64(raw[0])), UnitAmount: decimal.New(int64(int8(raw[1])), -2), FlatAmount: decimal.New(int64(raw[2]), -1)}
			tier.Inf = raw[0] == 255
			tiers = append(tiers, tier)
			raw = raw[3:]
		}
		mode := pricing.Graduated
		if volume {
			mode = pricing.Volume
		}
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "f", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers})
		if err != nil {
			if !isSentinel(err, pricing.ErrTierOrder, pricing.ErrTiersOpenEnd, pricing.ErrInvalidTiers, pricing.ErrNegativeAmount) {
				t.Fatalf("tier error without a sentinel: %v", err)
			}
			return
		}
		q, err := pricing.ParseDecimal(qty)
		if err != nil {
			return
		}
		quote, err := p.Quote(usd, q)
		if err != nil {
			if !errors.Is(err, pricing.ErrNegativeQuantity) {
				t.Fatalf("quote error: %v", err)
			}
			return
		}
		if quote.Amount.IsNegative() || quote.Explain() == "" {
			t.Fatalf("bad quote %s", quote.Amount)
		}
	})
}
