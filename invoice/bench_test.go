package invoice

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// typicalRequest is examples/seat_upgrade.json built in Go, its usage already
// aggregated, as a service that meters usage itself would call the Go API.
func typicalRequest(tb testing.TB) Request {
	tb.Helper()
	usd, _ := pricing.ParseCurrency("usd")
	eur, _ := pricing.ParseCurrency("eur")
	must := func(p pricing.Price, err error) pricing.Price {
		if err != nil {
			tb.Fatal(err)
		}
		return p
	}
	seat := must(pricing.NewPrice(pricing.PriceParams{ID: "price_pro_seat", Product: pricing.Product{ID: "prod_pro", Name: "Pro seat"},
		Currency: usd, UnitAmount: decimal.NewFromInt(30), CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {UnitAmount: decimal.NewFromInt(28)}},
		Recurring: &pricing.Recurring{Interval: pricing.Month}}))
	agent := must(pricing.NewPrice(pricing.PriceParams{ID: "price_agent_resolution", Product: pricing.Product{ID: "prod_agent", Name: "AI agent resolution"},
		Currency: usd, UnitAmount: decimal.RequireFromString("1.05"), CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {UnitAmount: decimal.RequireFromString("0.99")}},
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}}))
	coupon, err := discount.NewCoupon(discount.CouponParams{ID: "AGENT20", Name: "20% off AI agent for 3 months", PercentOff: decimal.NewFromInt(20),
		Duration: discount.Repeating, DurationInMonths: 3, AppliesToProducts: []string{"prod_agent"}})
	if err != nil {
		tb.Fatal(err)
	}
	start, end, at := time.Unix(1793491200, 0).UTC(), time.Unix(1796083200, 0).UTC(), time.Unix(1794787200, 0).UTC()
	period, _ := proration.NewPeriod(start, end)
	return Request{Currency: eur, Now: at, CustomerBalance: pricing.Zero(eur),
		Subscription: Subscription{Period: period, Anchor: start,
			Items:           []Item{{ID: "si_seats", Price: seat, Quantity: Qty(10)}, {ID: "si_agent", Price: agent}},
			Discounts:       []discount.Discount{{Coupon: coupon, Start: start}},
			DefaultTaxRates: []TaxRate{MustTaxRate(TaxRateParams{ID: "txr_vat_fr", DisplayName: "VAT", Percentage: decimal.NewFromInt(20)})}},
		Changes:         &Changes{Items: []ItemChange{{ID: "si_seats", Quantity: Qty(15)}}, ProrationDate: at},
		AggregatedUsage: map[string]decimal.Decimal{"si_agent": decimal.NewFromInt(1240)},
	}
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

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
