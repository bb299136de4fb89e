package previewjson

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// The typical request: examples/seat_upgrade.json (two items, one metered with
// usage, a coupon, a tax rate, a change).
func typicalJSON(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../examples/seat_upgrade.json")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

var (
	sinkInvoice invoice.Invoice
	sinkBytes   []byte
	sinkRequest invoice.Request
)

// BenchmarkPreviewJSON is the JSON path of the typical request: decode, preview,
// encode. Compare with BenchmarkPreviewGo, the Go path of the same request.
func BenchmarkPreviewJSON(b *testing.B) {
	data := typicalJSON(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv, err := Preview(data)
		if err != nil {
			b.Fatal(err)
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}

// BenchmarkPreviewGo is the Go path of the typical request: invoice.Preview of the
// request built once.
func BenchmarkPreviewGo(b *testing.B) {
	req, err := DecodeRequest(typicalJSON(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv, err := invoice.Preview(req)
		if err != nil {
			b.Fatal(err)
		}
		sinkInvoice = inv
	}
}

// BenchmarkDecodeTypical is the decoding of the typical request alone.
func BenchmarkDecodeTypical(b *testing.B) {
	data := typicalJSON(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, err := DecodeRequest(data)
		if err != nil {
			b.Fatal(err)
		}
		sinkRequest = req
	}
}

// usageRequest is a request with n usage records for one metered item.
func usageRequest(n int) []byte {
	var b strings.Builder
	b.Grow(48 * n)
	b.WriteString(`{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_m","price":{"id":"m","unit_amount":1,"recurring":{"interval":"month","usage_type":"metered"}}}]},"usage":{"si_m":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"timestamp":`)
		b.WriteString(itoa(1596749288 + i%2678400))
		b.WriteString(`,"quantity":`)
		b.WriteString(itoa(i % 1000))
		b.WriteByte('}')
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// BenchmarkDecodeUsage decodes requests of 1,000 and 1,000,000 usage records and
// reports the cost per record, which must not grow with the count.
func BenchmarkDecodeUsage(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		data := usageRequest(n)
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req, err := DecodeRequest(data)
				if err != nil {
					b.Fatal(err)
				}
				sinkRequest = req
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/record")
		})
	}
}

// typicalGo builds the typical request through the Go API, as a Go caller does for
// every preview: the constructors, then the request.
func typicalGo() (invoice.Request, error) {
	usd, _ := pricing.ParseCurrency("USD")
	eur, _ := pricing.ParseCurrency("EUR")
	unix := func(s int64) time.Time { return time.Unix(s, 0).UTC() }
	month := &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
	seat, err := pricing.NewPrice(pricing.PriceParams{ID: "price_pro_seat", Product: pricing.Product{ID: "prod_pro", Name: "Pro seat"}, Currency: usd,
		UnitAmount: decimal.New(3000, -2), Recurring: month, CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {UnitAmount: decimal.New(2800, -2)}}})
	if err != nil {
		return invoice.Request{}, err
	}
	agent, err := pricing.NewPrice(pricing.PriceParams{ID: "price_agent_resolution", Product: pricing.Product{ID: "prod_agent", Name: "AI agent resolution"}, Currency: usd,
		UnitAmount: decimal.New(105, -2), Recurring: &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1, UsageType: pricing.Metered},
		CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {UnitAmount: decimal.New(99, -2)}}})
	if err != nil {
		return invoice.Request{}, err
	}
	coupon, err := discount.NewCoupon(discount.CouponParams{ID: "AGENT20", Name: "20% off AI agent for 3 months", PercentOff: decimal.NewFromInt(20),
		Duration: discount.Repeating, DurationInMonths: 3, AppliesToProducts: []string{"prod_agent"}})
	if err != nil {
		return invoice.Request{}, err
	}
	vat, err := invoice.NewTaxRate(invoice.TaxRateParams{ID: "txr_vat_fr", DisplayName: "VAT", Percentage: decimal.NewFromInt(20)})
	if err != nil {
		return invoice.Request{}, err
	}
	var recs []pricing.UsageRecord
	for _, r := range [][2]int64{{1793836800, 412}, {1794268800, 530}, {1795132800, 298}} {
		rec, err := pricing.WholeUsageRecord(unix(r[0]), r[1])
		if err != nil {
			return invoice.Request{}, err
		}
		recs = append(recs, rec)
	}
	period, err := proration.NewPeriod(unix(1793491200), unix(1796083200))
	if err != nil {
		return invoice.Request{}, err
	}
	return invoice.Request{
		Currency: eur, Now: unix(1794787200), CustomerBalance: pricing.Zero(eur),
		Subscription: invoice.Subscription{Period: period, Anchor: unix(1793491200),
			Items:           []invoice.Item{{ID: "si_seats", Price: seat, Quantity: invoice.Qty(10)}, {ID: "si_agent", Price: agent}},
			Discounts:       []discount.Discount{{Coupon: coupon, Start: unix(1793491200)}},
			DefaultTaxRates: []invoice.TaxRate{vat}},
		Changes: &invoice.Changes{Items: []invoice.ItemChange{{ID: "si_seats", Quantity: invoice.Qty(15)}}, ProrationDate: unix(1794787200)},
		Usage:   map[string][]pricing.UsageRecord{"si_agent": recs},
	}, nil
}

// BenchmarkPreviewGoBuild is the Go path with the request built in the loop, through
// the constructors, as a Go caller pays for every preview.
func BenchmarkPreviewGoBuild(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		req, err := typicalGo()
		if err != nil {
			b.Fatal(err)
		}
		inv, err := invoice.Preview(req)
		if err != nil {
			b.Fatal(err)
		}
		sinkInvoice = inv
	}
}

// The Go-built request is the typical request: both give the same invoice.
func TestTypicalGoIsTheJSONRequest(t *testing.T) {
	req, err := typicalGo()
	if err != nil {
		t.Fatal(err)
	}
	fromGo, err := invoice.Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := Preview(typicalJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := EncodeInvoice(fromGo)
	b, _ := EncodeInvoice(fromJSON)
	if string(a) != string(b) {
		t.Errorf("the Go and JSON requests differ:\n%s\n%s", a, b)
	}
}
