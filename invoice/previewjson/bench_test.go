package previewjson

import (
	"os"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
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
