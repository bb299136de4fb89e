package revenue

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func TestFromInvoice(t *testing.T) {
	vat := invoice.MustTaxRate(invoice.TaxRateParams{ID: "vat", Percentage: decimal.NewFromInt(20), Inclusive: true})
	sales := invoice.MustTaxRate(invoice.TaxRateParams{ID: "sales", Percentage: decimal.NewFromInt(10)})
	p := period(utc(2024, 6, 1, 0), utc(2024, 7, 1, 0))
	m := func(x int64) pricing.Money { return pricing.FromMinor(x, usd) }
	inv := invoice.Invoice{Currency: usd, Lines: []invoice.Line{
		// 1200 with 200 off: 1000 including 20 % VAT (166.67 → 167): 833 of revenue.
		{Amount: m(1200), Period: p, Discounts: []invoice.DiscountAmount{{Coupon: "c", Amount: m(200)}},
			Taxes: []invoice.TaxAmount{{TaxRate: vat, Taxable: m(833), Amount: m(167)}}},
		// Exclusive tax is on top of the amount: not subtracted.
		{Amount: m(500), Period: p, Taxes: []invoice.TaxAmount{{TaxRate: sales, Taxable: m(500), Amount: m(50)}}},
		{Amount: m(-300), Period: p}, // a proration credit
	}}
	got := FromInvoice(inv)
	want := []Line{{Amount: m(833), Period: p}, {Amount: m(500), Period: p}, {Amount: m(-300), Period: p}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b pricing.Money) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("FromInvoice (-want +got):\n%s", diff)
	}
	if _, err := Recognize(Request{Lines: got}); err != nil {
		t.Errorf("the invoice's lines are refused: %v", err)
	}
}

// The package's allocation is pricing.Allocate's largest-remainder rule (ties to
// the earlier part), in integers.
func TestAllocateIsPricingAllocate(t *testing.T) {
	params := pricingtest.Parameters(2000)
	props := gopter.NewProperties(params)
	props.Property("allocate = pricing.Allocate(LargestRemainder)", prop.ForAll(
		func(total int64, ws []uint64) bool {
			var sum uint64
			for _, w := range ws {
				sum += w
			}
			if sum == 0 {
				return true
			}
			got := make([]int64, len(ws))
			allocate(total, ws, got, nil)
			dw := make([]decimal.Decimal, len(ws))
			for i, w := range ws {
				dw[i] = decimal.NewFromUint64(w)
			}
			ref, err := pricing.Allocate(pricing.FromMinor(total, usd), dw, pricing.LargestRemainder)
			if err != nil {
				t.Log(err)
				return false
			}
			for i := range ref {
				if u, _ := ref[i].MinorUnits(); u != got[i] {
					t.Logf("part %d: %d, pricing.Allocate %d (total %d, weights %v)", i, got[i], u, total, ws)
					return false
				}
			}
			return true
		},
		pricingtest.MinorUnits(MaxAmount),
		gen.SliceOf(gen.Frequency(map[int]gopter.Gen{
			2: gen.UInt64Range(0, 3), // small weights: many ties
			1: gen.UInt64Range(0, 1e12),
		})).SuchThat(func(ws []uint64) bool { return len(ws) > 0 && len(ws) <= 100 }),
	))
	props.TestingRun(t)
}

// Ties go to the earlier part; the sign is applied to the magnitude's parts.
func TestAllocateTies(t *testing.T) {
	tests := []struct {
		total int64
		w     []uint64
		want  []int64
	}{
		{100, []uint64{1, 1, 1}, []int64{34, 33, 33}},
		{-100, []uint64{1, 1, 1}, []int64{-34, -33, -33}},
		{2, []uint64{1, 1, 1}, []int64{1, 1, 0}},
		{5, []uint64{0, 1, 0, 1}, []int64{0, 3, 0, 2}},
		{1, []uint64{3, 5}, []int64{0, 1}}, // larger remainder wins over the earlier part
	}
	for _, tt := range tests {
		got := make([]int64, len(tt.w))
		allocate(tt.total, tt.w, got, nil)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("allocate(%d, %v) (-want +got):\n%s", tt.total, tt.w, diff)
		}
	}
	// More than 64 parts take the sorting path.
	w := make([]uint64, 100)
	for i := range w {
		w[i] = 1
	}
	got := make([]int64, 100)
	allocate(150, w, got, nil)
	for i, g := range got {
		if want := int64(1 + btoi(i < 50)); g != want {
			t.Fatalf("part %d of 150 over 100 equal weights: %d, want %d", i, g, want)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Recognized within a month follows the granularity.
func TestRecognizedWithinMonth(t *testing.T) {
	line := Line{Amount: pricing.FromMinor(12000, usd), Period: period(utc(2024, 6, 15, 12), utc(2024, 10, 13, 12))}
	at := utc(2024, 7, 10, 6) // 9.25 days into July
	tests := []struct {
		g    Granularity
		want int64
	}{
		{Second, 1550 + 925},
		{Day, 1600 + 1000}, // July 1 to 10: the 10th is recognized at its midnight
		{MonthEven, 3000 + 3000},
		{MonthEvenProrated, 1582 + 913}, // 3061 × 9.25/31 = 913.4
	}
	for _, tt := range tests {
		s, err := Recognize(Request{Lines: []Line{line}, Options: options(t, tt.g, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if got := minor(t, s.Recognized(at)); got != tt.want {
			t.Errorf("%s: Recognized = %d, want %d", tt.g, got, tt.want)
		}
		if got := minor(t, s.Deferred(at)); got != 12000-tt.want {
			t.Errorf("%s: Deferred = %d, want %d", tt.g, got, 12000-tt.want)
		}
	}
}
