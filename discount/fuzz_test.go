package discount

import (
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// byteReader hands out fuzz bytes; past the end it returns zeros.
type byteReader struct{ b []byte }

func (r *byteReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *byteReader) int64() int64 {
	var buf [8]byte
	for i := range buf {
		buf[i] = r.byte()
	}
	return int64(binary.LittleEndian.Uint64(buf[:]))
}

// amount returns an amount in minor units within the library's bounds, often small,
// sometimes at the bounds.
func (r *byteReader) amount() int64 {
	const bound = 1_000_000_000_000_000 // 10^15
	switch k := r.byte() % 8; k {
	case 0:
		return bound
	case 1:
		return -bound
	case 2, 3:
		return r.int64() % (bound + 1)
	default:
		return int64(int8(r.byte())) * int64(1+r.byte())
	}
}

// coupon builds a valid coupon from the bytes.
func (r *byteReader) coupon(t *testing.T, id string, cur pricing.Currency) Discount {
	p := CouponParams{ID: id, Duration: Forever}
	if r.byte()%2 == 0 {
		// 0 < p ≤ 100 with up to 12 decimals.
		v := decimal.New(1+(r.int64()&0x7fffffffffffffff)%100_000_000_000_000, -12)
		p.PercentOff = v
		if r.byte()%3 == 0 {
			p.MaxDiscount = map[pricing.Currency]decimal.Decimal{cur: pricing.FromMinor(abs(r.amount()), cur).Amount()}
		}
	} else {
		a := abs(r.amount())
		if a == 0 {
			a = 1
		}
		m := pricing.FromMinor(a, cur)
		p.AmountOff = &m
	}
	if r.byte()%3 == 0 {
		p.AppliesToProducts = []string{fmt.Sprintf("prod_%d", r.byte()%3)}
	}
	c, err := NewCoupon(p)
	if err != nil {
		t.Fatalf("valid coupon refused: %v", err)
	}
	return Discount{Coupon: c}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// FuzzApply applies random coupons over random lines: Apply never panics and always
// conserves (Σ Net + Σ discounts = Σ Amount, per line and in total), and no
// discount exceeds the amount it applies to or flips a line's sign.
func FuzzApply(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 4, 0x10, 0x27, 0, 0, 0, 0, 0, 0, 1, 2, 0xf4, 0x01, 0, 0, 0, 0, 0, 0, 1, 1, 1})
	f.Add([]byte{8, 0, 0, 1, 0, 1, 5, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("percent, amount off, cap, products, items, prorations and credits, all mixed"))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{b: data}
		cur := []pricing.Currency{usd, jpy, mustCurrency("kwd"), mustCurrency("clf")}[r.byte()%4]
		var items [3][]Discount
		for k := range items {
			for n := int(r.byte() % 3); n > 0; n-- {
				items[k] = append(items[k], r.coupon(t, fmt.Sprintf("item%d_%d", k, n), cur))
			}
		}
		lines := make([]Line, r.byte()%10)
		for i := range lines {
			item := int(r.byte() % 4) // 3: no item
			lines[i] = Line{Amount: pricing.FromMinor(r.amount(), cur), Proration: r.byte()%4 == 0, Product: fmt.Sprintf("prod_%d", r.byte()%3)}
			if item < 3 {
				lines[i].Item = fmt.Sprintf("si_%d", item)
				lines[i].Discounts = items[item]
			}
		}
		var inv []Discount
		for n := int(r.byte() % 4); n > 0; n-- {
			inv = append(inv, r.coupon(t, fmt.Sprintf("inv_%d", n), cur))
		}
		rs, err := Apply(cur, lines, inv)
		if err != nil {
			// The only error valid input may meet: a cap shared over credit lines
			// whose total lies beyond the library's bounds.
			if errors.Is(err, pricing.ErrOutOfRange) {
				return
			}
			t.Fatal(err)
		}
		if len(rs) != len(lines) {
			t.Fatalf("%d results for %d lines", len(rs), len(lines))
		}
		total, net, disc := decimal.Zero, decimal.Zero, decimal.Zero
		for i, res := range rs {
			left := lines[i].Amount.Amount()
			for _, a := range res.Discounts {
				d := a.Amount.Amount()
				if a.Amount.Currency() != cur || !a.Amount.MinorDecimal().IsInteger() {
					t.Fatalf("line %d: discount %s", i, a.Amount)
				}
				if left.Sign() >= 0 && (d.Sign() < 0 || d.GreaterThan(left)) || left.Sign() < 0 && (d.Sign() > 0 || d.LessThan(left)) {
					t.Fatalf("line %d: %s takes %s off %s", i, a.Coupon, a.Amount, left)
				}
				if a.Rule() == "" {
					t.Fatalf("line %d: %s has no rule", i, a.Coupon)
				}
				left = left.Sub(d)
				disc = disc.Add(d)
			}
			if !left.Equal(res.Net.Amount()) {
				t.Fatalf("line %d: net %s, want %s", i, res.Net, left)
			}
			total = total.Add(lines[i].Amount.Amount())
			net = net.Add(res.Net.Amount())
		}
		if !net.Add(disc).Equal(total) {
			t.Fatalf("Σ net %s + Σ discounts %s ≠ Σ amounts %s", net, disc, total)
		}
	})
}

// FuzzNewCoupon validates coupons from arbitrary text: it never panics or hangs, and
// what it accepts satisfies the documented invariants.
func FuzzNewCoupon(f *testing.F) {
	f.Add("x", "20", "", "", uint8(0), 0, "")
	f.Add("x", "", "5.00", "4.5", uint8(2), 0, "prod_1")
	f.Add("x", "100.0000000000001", "", "", uint8(1), 3, "")
	f.Add("x", "1e999999999", "1e-999999999", "-1", uint8(1), 1201, "")
	f.Add("", "0", "0", "0", uint8(9), -1, "")
	f.Fuzz(func(t *testing.T, id, percent, amount, option string, dur uint8, months int, product string) {
		p := CouponParams{ID: id, Duration: Duration(dur), DurationInMonths: months}
		if v, err := decimal.NewFromString(percent); err == nil {
			p.PercentOff = v
		}
		if v, err := decimal.NewFromString(amount); err == nil {
			m := pricing.New(v, usd)
			p.AmountOff = &m
		}
		if v, err := decimal.NewFromString(option); err == nil {
			p.CurrencyOptions = map[pricing.Currency]decimal.Decimal{eur: v}
			p.MaxDiscount = map[pricing.Currency]decimal.Decimal{usd: v}
		}
		if product != "" || len(id)%2 == 0 {
			p.AppliesToProducts = []string{product}
		}
		c, err := NewCoupon(p)
		if err != nil {
			if !errors.Is(err, ErrInvalidCoupon) {
				t.Fatalf("error does not wrap ErrInvalidCoupon: %v", err)
			}
			if len(err.Error()) > 400+len(id) {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
			return
		}
		if c.ID() != id || id == "" || !c.Duration().Valid() || (c.Duration() == Repeating) != (c.DurationInMonths() > 0) {
			t.Fatalf("accepted %+v", p)
		}
		if c.IsPercent() {
			if pc := c.PercentOff(); pc.Sign() <= 0 || pc.GreaterThan(decimal.NewFromInt(100)) {
				t.Fatalf("accepted percent_off %s", pc)
			}
		} else if a, err := c.AmountOffIn(usd); err != nil || a.Sign() <= 0 || !a.MinorDecimal().IsInteger() {
			t.Fatalf("accepted amount_off %s (%v)", a, err)
		}
		if !c.AppliesTo(product) {
			t.Fatalf("does not cover its own product %q", product)
		}
	})
}
