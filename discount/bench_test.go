package discount

import (
	"fmt"
	"testing"

	"github.com/pricekit/pricekit/pricing"
)

// BenchmarkApply applies an item-level amount_off, a 10% invoice coupon restricted
// to one product and a 5.00 invoice amount_off to 1,000 lines of 500 items.
func BenchmarkApply(b *testing.B) {
	item := off(b, "item5", 500)
	inv := []Discount{pct(b, "ten", "10"), off(b, "five", 500)}
	inv[0].Coupon.products = []string{"prod_1"}
	lines := make([]Line, 1000)
	for i := range lines {
		lines[i] = Line{Amount: pricing.FromMinor(int64(1000+i), usd), Product: fmt.Sprintf("prod_%d", i%3), Item: fmt.Sprintf("si_%d", i/2), Proration: i%7 == 0}
		if i%2 == 0 {
			lines[i].Amount = lines[i].Amount.Neg()
		}
		if i%10 == 0 {
			lines[i].Discounts = []Discount{item}
		}
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		rs, err := Apply(usd, lines, inv)
		if err != nil || len(rs) != len(lines) {
			b.Fatal(err)
		}
	}
}

// BenchmarkRule renders the explanation of one spread amount.
func BenchmarkRule(b *testing.B) {
	rs, err := Apply(usd, usdLines(1000, 2000, 3000), []Discount{off(b, "five", 500)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if rs[1].Discounts[0].Rule() == "" {
			b.Fatal("no rule")
		}
	}
}
