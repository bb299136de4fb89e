package discount

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

var (
	usd = mustCurrency("usd")
	eur = mustCurrency("eur")
	gbp = mustCurrency("gbp")
	jpy = mustCurrency("jpy")
)

func mustCurrency(code string) pricing.Currency {
	c, err := pricing.ParseCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustCoupon(t testing.TB, p CouponParams) Coupon {
	t.Helper()
	c, err := NewCoupon(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pct is a forever percent discount.
func pct(t testing.TB, id string, p string) Discount {
	t.Helper()
	return Discount{Coupon: mustCoupon(t, CouponParams{ID: id, PercentOff: decimal.RequireFromString(p), Duration: Forever})}
}

// off is a forever amount_off discount of minor USD cents.
func off(t testing.TB, id string, minor int64) Discount {
	t.Helper()
	m := pricing.FromMinor(minor, usd)
	return Discount{Coupon: mustCoupon(t, CouponParams{ID: id, AmountOff: &m, Duration: Forever})}
}

// usdLines returns lines of the given USD cents, products prod_0, prod_1, ….
func usdLines(minors ...int64) []Line {
	out := make([]Line, len(minors))
	for i, m := range minors {
		out[i] = Line{Amount: pricing.FromMinor(m, usd), Product: fmt.Sprintf("prod_%d", i)}
	}
	return out
}

func minor(m pricing.Money) int64 {
	v, err := m.MinorUnits()
	if err != nil {
		panic(err)
	}
	return v
}

// perLine returns each line's total discount and the invoice's, in minor units.
func perLine(rs []LineResult) (per []int64, total int64) {
	per = make([]int64, len(rs))
	for i, r := range rs {
		for _, a := range r.Discounts {
			per[i] += minor(a.Amount)
		}
		total += per[i]
	}
	return per, total
}

// nets returns each line's net amount in minor units.
func nets(rs []LineResult) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = minor(r.Net)
	}
	return out
}

// checkConserves fails unless every line's Net + Σ discounts = Amount, every
// discount is in the line's currency and has a rule text.
func checkConserves(t testing.TB, lines []Line, rs []LineResult) {
	t.Helper()
	if len(rs) != len(lines) {
		t.Fatalf("%d results for %d lines", len(rs), len(lines))
	}
	for i, r := range rs {
		sum := r.Net
		for _, a := range r.Discounts {
			var err error
			if sum, err = sum.Add(a.Amount); err != nil {
				t.Fatalf("line %d: %v", i, err)
			}
			if a.Rule() == "" {
				t.Errorf("line %d: discount %s has no rule text", i, a.Coupon)
			}
		}
		if !sum.Equal(lines[i].Amount) {
			t.Fatalf("line %d: net %s + discounts = %s, want %s", i, r.Net, sum, lines[i].Amount)
		}
	}
}
