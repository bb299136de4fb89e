package pricing_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

var sinkQuote pricing.Quote

func benchTiers(n int) []pricing.Tier {
	tiers := make([]pricing.Tier, n)
	for i := range tiers {
		tiers[i] = pricing.Tier{UpTo: decimal.NewFromInt(int64(10 * (i + 1))), UnitAmount: decimal.New(int64(1000-i%900), -2), FlatAmount: decimal.New(int64(i%3), 0)}
	}
	tiers[n-1].Inf = true
	return tiers
}

func benchQuote(b *testing.B, p pricing.Price, qty decimal.Decimal) {
	usd, _ := pricing.ParseCurrency("usd")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q, err := p.Quote(usd, qty)
		if err != nil {
			b.Fatal(err)
		}
		sinkQuote = q
	}
}

func BenchmarkQuotePerUnit(b *testing.B) {
	usd, _ := pricing.ParseCurrency("usd")
	p, _ := pricing.NewPrice(pricing.PriceParams{ID: "u", Currency: usd, UnitAmount: decimal.RequireFromString("12.50")})
	benchQuote(b, p, decimal.NewFromInt(17))
}

func BenchmarkQuoteGraduated(b *testing.B) {
	usd, _ := pricing.ParseCurrency("usd")
	for _, n := range []int{5, 1000} {
		b.Run(fmt.Sprintf("tiers=%d", n), func(b *testing.B) {
			p, err := pricing.NewPrice(pricing.PriceParams{ID: "g", Currency: usd, BillingScheme: pricing.Tiered, Tiers: benchTiers(n)})
			if err != nil {
				b.Fatal(err)
			}
			benchQuote(b, p, decimal.NewFromInt(int64(10*n-5))) // crosses every tier
		})
	}
}

func BenchmarkQuoteVolume(b *testing.B) {
	usd, _ := pricing.ParseCurrency("usd")
	b.Run("tiers=1000", func(b *testing.B) {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: "v", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: pricing.Volume, Tiers: benchTiers(1000)})
		if err != nil {
			b.Fatal(err)
		}
		benchQuote(b, p, decimal.NewFromInt(7777))
	})
}

var sinkUsage pricing.Usage

func BenchmarkAggregate(b *testing.B) {
	b.Run("records=1000000", func(b *testing.B) {
		start := time.Unix(1_700_000_000, 0).UTC()
		recs := make([]pricing.UsageRecord, 1_000_000)
		for i := range recs {
			recs[i], _ = pricing.WholeUsageRecord(start.Add(time.Duration(i)*time.Second), int64(i%97))
		}
		end := start.Add(30 * 24 * time.Hour)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			u, err := pricing.Aggregate(recs, start, end, pricing.AggregateSum)
			if err != nil {
				b.Fatal(err)
			}
			sinkUsage = u
		}
	})
}
