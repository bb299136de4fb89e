package invoice

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// typicalRequest is examples/seat_upgrade.json with its usage already aggregated,
// as a service that meters usage itself would call the Go API.
func typicalRequest(tb testing.TB) Request {
	tb.Helper()
	data, err := os.ReadFile("../examples/seat_upgrade.json")
	if err != nil {
		tb.Fatal(err)
	}
	req, err := DecodeRequest(data)
	if err != nil {
		tb.Fatal(err)
	}
	req.AggregatedUsage = map[string]decimal.Decimal{}
	for id, recs := range req.Usage {
		u, err := pricing.Aggregate(recs, req.Subscription.Period.Start, req.Subscription.Period.End, pricing.AggregateSum)
		if err != nil {
			tb.Fatal(err)
		}
		req.AggregatedUsage[id] = u.Quantity
	}
	req.Usage = nil
	return req
}

// TestFloorMatchesPreview checks that the floor benchmark computes the same invoice.
func TestFloorMatchesPreview(t *testing.T) {
	inv, err := Preview(typicalRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	f := floorTypical(&typicalFloorInput)
	minor := func(m pricing.Money) decimal.Decimal { return m.MinorDecimal() }
	if len(inv.Lines) != 4 {
		t.Fatalf("%d lines, want 4", len(inv.Lines))
	}
	for i, l := range inv.Lines {
		if !minor(l.Amount).Equal(f.lines[i]) {
			t.Errorf("line %d: preview %s, floor %s", i, minor(l.Amount), f.lines[i])
		}
	}
	if !minor(inv.Subtotal).Equal(f.subtotal) || !minor(inv.TotalDiscount).Equal(f.discount) || !minor(inv.Tax).Equal(f.tax) || !minor(inv.Total).Equal(f.total) {
		t.Errorf("preview subtotal %s discount %s tax %s total %s; floor %s %s %s %s",
			minor(inv.Subtotal), minor(inv.TotalDiscount), minor(inv.Tax), minor(inv.Total), f.subtotal, f.discount, f.tax, f.total)
	}
}

var sinkInvoice Invoice
var sinkFloor floorResult

func BenchmarkPreviewTypical(b *testing.B) { previewLoop(b, typicalRequest(b), nil) }

// previewLoop times the preview of req, checking each invoice with check if not nil.
func previewLoop(b *testing.B, req Request, check func(Invoice) error) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv, err := Preview(req)
		if err == nil && check != nil {
			err = check(inv)
		}
		if err != nil {
			b.Fatal(err)
		}
		sinkInvoice = inv
	}
}

// reportPerLine reports the time per line of an invoice of n lines.
func reportPerLine(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
}

func BenchmarkFloorTypical(b *testing.B) {
	in := typicalFloorInput
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkFloor = floorTypical(&in)
	}
}

// linesRequest is a subscription with n per-seat items and a 20 % tax rate.
func linesRequest(tb testing.TB, n int) Request {
	usd, _ := pricing.ParseCurrency("USD")
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, start.AddDate(0, 1, 0))
	req := Request{Currency: usd, Subscription: Subscription{Period: period,
		DefaultTaxRates: []TaxRate{MustTaxRate(TaxRateParams{ID: "vat", Percentage: decimal.NewFromInt(20)})}}}
	for i := 0; i < n; i++ {
		p, err := pricing.NewPrice(pricing.PriceParams{ID: fmt.Sprintf("p%d", i), Currency: usd,
			UnitAmount: decimal.New(int64(1000+i), -2), Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}})
		if err != nil {
			tb.Fatal(err)
		}
		req.Subscription.Items = append(req.Subscription.Items, Item{ID: fmt.Sprintf("si_%d", i), Price: p, Quantity: Qty(int64(1 + i%7))})
	}
	return req
}

func BenchmarkPreviewLines(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			previewLoop(b, linesRequest(b, n), nil)
			reportPerLine(b, n)
		})
	}
}

// BenchmarkPreviewDistinct is BenchmarkPreviewLines with a coupon and a tax rate of
// its own on every item, so that the invoice totals sum n coupons and n rates: the
// cost per line must not grow with n.
func BenchmarkPreviewDistinct(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			req := linesRequest(b, n)
			for i := range req.Subscription.Items {
				it := &req.Subscription.Items[i]
				c, err := discount.NewCoupon(discount.CouponParams{ID: fmt.Sprintf("c%d", i), PercentOff: decimal.NewFromInt(10), Duration: discount.Forever})
				if err != nil {
					b.Fatal(err)
				}
				it.Discounts = []discount.Discount{{Coupon: c}}
				it.TaxRates = []TaxRate{MustTaxRate(TaxRateParams{ID: fmt.Sprintf("t%d", i), Percentage: decimal.NewFromInt(int64(5 + i%20))})}
			}
			previewLoop(b, req, func(inv Invoice) error {
				if len(inv.TotalDiscountAmounts) != n || len(inv.TotalTaxAmounts) != n {
					return fmt.Errorf("%d coupons and %d rates in the totals, want %d", len(inv.TotalDiscountAmounts), len(inv.TotalTaxAmounts), n)
				}
				return nil
			})
			reportPerLine(b, n)
		})
	}
}

var sinkBytes []byte

func BenchmarkPreviewJSON(b *testing.B) {
	data, err := os.ReadFile("../examples/seat_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		jsonPath(b, data)
	}
}

// jsonPath is the JSON path: decode, preview, encode.
func jsonPath(b *testing.B, data []byte) {
	req, err := DecodeRequest(data)
	if err != nil {
		b.Fatal(err)
	}
	inv, err := Preview(req)
	if err != nil {
		b.Fatal(err)
	}
	if sinkBytes, err = inv.MarshalJSON(); err != nil {
		b.Fatal(err)
	}
}

// The parts of the JSON path, to see where its time goes.

func BenchmarkDecodeRequest(b *testing.B) {
	data, err := os.ReadFile("../examples/seat_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeRequest(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeUsage decodes the typical request with n usage records for its
// metered item, up to the limit of the format; the cost per record must not grow
// with n (every element is reached once, not by walking its array again).
func BenchmarkDecodeUsage(b *testing.B) {
	data, err := os.ReadFile("../examples/seat_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	const first = `{ "timestamp": 1793836800, "quantity": 412 },`
	if !bytes.Contains(data, []byte(first)) {
		b.Fatal("the example's first usage record is not where the benchmark expects it")
	}
	for _, n := range []int{1000, MaxUsageRecords - 2} {
		var recs bytes.Buffer
		for i := 0; i < n; i++ {
			recs.WriteString(`{"timestamp":1793836800,"quantity":1},`)
		}
		in := bytes.Replace(data, []byte(first), recs.Bytes(), 1)
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req, err := DecodeRequest(in)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(req.Usage["si_agent"]); got != n+2 {
					b.Fatalf("%d records, want %d", got, n+2)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
		})
	}
}

func BenchmarkMarshalInvoice(b *testing.B) {
	inv, err := Preview(typicalRequest(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if sinkBytes, err = inv.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatios measures the goals of the performance issue as ratios within one
// run: the typical preview against the floor, and the JSON path against the Go API
// path. The three are timed in alternating batches, so that a change of the shared
// machine's speed during the run touches all of them alike; the metrics are the
// medians of the per-batch ratios.
func BenchmarkRatios(b *testing.B) {
	req := typicalRequest(b)
	data, err := os.ReadFile("../examples/seat_upgrade.json")
	if err != nil {
		b.Fatal(err)
	}
	in := typicalFloorInput
	const batch = 32
	var overFloor, jsonOverGo []float64
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for k := 0; k < batch; k++ {
			if sinkInvoice, err = Preview(req); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		for k := 0; k < batch; k++ {
			sinkFloor = floorTypical(&in)
		}
		t2 := time.Now()
		for k := 0; k < batch; k++ {
			jsonPath(b, data)
		}
		t3 := time.Now()
		goPath := float64(t1.Sub(t0))
		overFloor = append(overFloor, goPath/float64(t2.Sub(t1)))
		jsonOverGo = append(jsonOverGo, float64(t3.Sub(t2))/goPath)
	}
	b.ReportMetric(median(overFloor), "preview/floor")
	b.ReportMetric(median(jsonOverGo), "json/go")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
