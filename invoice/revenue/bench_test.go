package revenue

import (
	"testing"
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// benchLines returns n lines of a year's invoices: monthly and annual periods,
// prorations and credits, starting at various instants.
func benchLines(n int) []Line {
	lines := make([]Line, n)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range lines {
		start := base.Add(time.Duration(i*7919) * time.Minute)
		end := start.AddDate(0, 1+i%12, 0)
		amount := int64(1000 + i*37)
		if i%10 == 9 {
			amount = -amount // a proration credit
		}
		lines[i] = Line{Amount: pricing.FromMinor(amount, usd), Period: period(start, end)}
	}
	return lines
}

// BenchmarkRecognize1000 is the schedule of a 1,000-line invoice (periods of one to
// twelve months), with the aggregate by month and a deferred balance.
func BenchmarkRecognize1000(b *testing.B) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Fatal(err)
	}
	lines := benchLines(1000)
	for _, bc := range []struct {
		name string
		g    Granularity
		loc  *time.Location
	}{{"second/UTC", Second, time.UTC}, {"day/New_York", Day, ny}, {"month_even_prorated/UTC", MonthEvenProrated, time.UTC}} {
		opts, err := NewOptions(bc.g, bc.loc)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				s, err := Recognize(Request{Lines: lines, Options: opts})
				if err != nil {
					b.Fatal(err)
				}
				_ = s.Deferred(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
			}
		})
	}
}
