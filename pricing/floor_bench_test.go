package pricing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The floor benchmarks do by hand, in int64, the work that BenchmarkQuotePerUnit and
// BenchmarkAggregate do through the library: the physical floor the library's
// figures are compared with.

// The inputs of BenchmarkQuotePerUnit (12.50 USD × 17), in variables so that the
// compiler cannot fold them.
var (
	floorUnit, floorUnitExp         = int64(1250), int32(-2)
	floorQuantity, floorQuantityExp = int64(17), int32(0)
	floorDigits                     = int32(2)
	floorSink                       int64
)

// BenchmarkFloorPerUnitInt64 multiplies a unit amount by a quantity (coefficients and
// exponents) and rounds the product half away from zero to the currency's decimals,
// in int64.
func BenchmarkFloorPerUnitInt64(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c, exp := floorUnit*floorQuantity, floorUnitExp+floorQuantityExp
		// to the currency's decimals: scale up, or divide with half away from zero
		for ; exp > -floorDigits; exp-- {
			c *= 10
		}
		if exp < -floorDigits {
			p := int64(1)
			for ; exp < -floorDigits; exp++ {
				p *= 10
			}
			q, r := c/p, c%p
			if 2*r >= p {
				q++
			} else if 2*r <= -p {
				q--
			}
			c = q
		}
		floorSink = c
	}
}

// BenchmarkFloorAggregateInt64 sums the whole quantities of the records of
// BenchmarkAggregate that lie in the period, in int64, over the same records.
func BenchmarkFloorAggregateInt64(b *testing.B) {
	b.Run("records=1000000", func(b *testing.B) {
		start := time.Unix(1_700_000_000, 0).UTC()
		recs := make([]UsageRecord, 1_000_000)
		for i := range recs {
			recs[i], _ = WholeUsageRecord(start.Add(time.Duration(i)*time.Second), int64(i%97))
		}
		end := start.Add(30 * 24 * time.Hour)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			var sum int64
			for j := range recs {
				r := &recs[j]
				if !r.timestamp.Before(start) && r.timestamp.Before(end) {
					sum += r.units
				}
			}
			floorSink = sum
		}
	})
}

// quoteOf returns a Quote whose fields are filled as Price.Quote fills them for
// BenchmarkQuotePerUnit, from the price p, with no look-up, check or arithmetic.
//
//go:noinline
func quoteOf(p Price, c Currency, quantity decimal.Decimal) (q Quote, err error) {
	a := &p.amounts[0]
	q.Price, q.Currency, q.Quantity, q.BilledQuantity, q.Scheme, q.a = p.id, c, quantity, quantity, p.scheme, a
	q.Exact.n, q.Exact.currency = a.unitN, c
	q.Amount.n, q.Amount.currency = a.unitN, c
	return q, nil
}

var floorQuote Quote

// BenchmarkFloorQuoteResult is BenchmarkQuotePerUnit's loop with the quote's work
// taken out: passing the Price, returning the Quote and storing it. What
// BenchmarkQuotePerUnit takes beyond it is the quote's own arithmetic and checks.
func BenchmarkFloorQuoteResult(b *testing.B) {
	usd, _ := ParseCurrency("usd")
	p, _ := NewPrice(PriceParams{ID: "u", Currency: usd, UnitAmount: decimal.RequireFromString("12.50")})
	qty := decimal.NewFromInt(17)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		q, err := quoteOf(p, usd, qty)
		if err != nil {
			b.Fatal(err)
		}
		floorQuote = q
	}
}
