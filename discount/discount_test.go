package discount

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

var usd, _ = pricing.ParseCurrency("usd")

func percent(t testing.TB, id string, p int64) Discount {
	c, err := NewCoupon(CouponParams{ID: id, PercentOff: decimal.NewFromInt(p), Duration: Forever})
	if err != nil {
		t.Fatal(err)
	}
	return Discount{Coupon: c}
}

func amountOff(t testing.TB, id string, minor int64) Discount {
	m := pricing.FromMinor(minor, usd)
	c, err := NewCoupon(CouponParams{ID: id, AmountOff: &m, Duration: Forever})
	if err != nil {
		t.Fatal(err)
	}
	return Discount{Coupon: c}
}

func lines(minors ...int64) []Line {
	out := make([]Line, len(minors))
	for i, m := range minors {
		out[i] = Line{Amount: pricing.FromMinor(m, usd), Product: fmt.Sprintf("prod_%d", i)}
	}
	return out
}

func discounts(rs []LineResult) (per []int64, total int64) {
	for _, r := range rs {
		var sum int64
		for _, a := range r.Discounts {
			v, _ := a.Amount.MinorUnits()
			sum += v
		}
		per = append(per, sum)
		total += sum
	}
	return per, total
}

func TestApplyTable(t *testing.T) {
	cases := []struct {
		name  string
		lines []Line
		ds    []Discount
		want  []int64
	}{
		{"50% of 10000", lines(10000), []Discount{percent(t, "half", 50)}, []int64{5000}},
		{"200 off 100: 100 used, rest dropped", lines(100), []Discount{amountOff(t, "big", 200)}, []int64{100}},
		{"200 off 300", lines(300), []Discount{amountOff(t, "two", 200)}, []int64{200}},
		{"500 over 1000 and 2000", lines(1000, 2000), []Discount{amountOff(t, "five", 500)}, []int64{166, 334}},
		{"10% then 5.00", lines(1000, 2000), []Discount{percent(t, "ten", 10), amountOff(t, "five", 500)}, []int64{100 + 166, 200 + 334}},
		{"5.00 then 10%", lines(1000, 2000), []Discount{amountOff(t, "five", 500), percent(t, "ten", 10)}, []int64{166 + 83, 334 + 167}},
		{"percent shrinks a credit", lines(-1000), []Discount{percent(t, "ten", 10)}, []int64{-100}},
		{"amount off skips credits", lines(-1000, 1000), []Discount{amountOff(t, "five", 500)}, []int64{0, 500}},
	}
	for _, c := range cases {
		rs, err := Apply(usd, c.lines, c.ds)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		per, _ := discounts(rs)
		if fmt.Sprint(per) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.name, per, c.want)
		}
		for i, r := range rs {
			sum, _ := r.Net.Add(pricing.FromMinor(per[i], usd))
			if !sum.Equal(c.lines[i].Amount) {
				t.Errorf("%s: line %d does not conserve", c.name, i)
			}
			for _, a := range r.Discounts {
				if a.Rule() == "" {
					t.Errorf("%s: no rule text", c.name)
				}
			}
		}
	}
}

func TestProductsItemsAndProrations(t *testing.T) {
	c, _ := NewCoupon(CouponParams{ID: "agent20", PercentOff: decimal.NewFromInt(20), Duration: Forever, AppliesToProducts: []string{"prod_1"}})
	ls := lines(1000, 5000)
	rs, _ := Apply(usd, ls, []Discount{{Coupon: c}})
	if per, _ := discounts(rs); per[0] != 0 || per[1] != 1000 || len(rs[0].Discounts) != 0 {
		t.Errorf("product coupon: %v", per)
	}
	// Item-level amount off over an item's two lines, before a 10 % invoice discount;
	// proration lines take percent but not amount discounts.
	five := amountOff(t, "five", 500)
	ls = lines(1000, 2000, 600)
	ls[0].Discounts, ls[1].Discounts = []Discount{five}, []Discount{five}
	ls[2].Proration = true
	rs, _ = Apply(usd, ls, []Discount{percent(t, "ten", 10)})
	if per, _ := discounts(rs); fmt.Sprint(per) != fmt.Sprint([]int64{166 + 83, 334 + 167, 60}) {
		t.Errorf("item then invoice discounts: %v", per)
	}
	// The same item coupon on two items applies to each item on its own.
	ls = lines(1000, 3000)
	ls[0].Item, ls[1].Item = "si_a", "si_b"
	ls[0].Discounts, ls[1].Discounts = []Discount{five}, []Discount{five}
	rs, _ = Apply(usd, ls, nil)
	if per, _ := discounts(rs); fmt.Sprint(per) != fmt.Sprint([]int64{500, 500}) {
		t.Errorf("per-item amount off: %v", per)
	}
	capped, _ := NewCoupon(CouponParams{ID: "cap", PercentOff: decimal.NewFromInt(20), Duration: Forever, MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: decimal.NewFromInt(50)}})
	rs, _ = Apply(usd, lines(10000, 30000), []Discount{{Coupon: capped}})
	if per, total := discounts(rs); total != 5000 || per[0] != 1250 {
		t.Errorf("20%% capped at 50.00: %v", per)
	}
}

func TestMultiCurrency(t *testing.T) {
	eur, _ := pricing.ParseCurrency("eur")
	m := pricing.FromMinor(500, usd)
	c, err := NewCoupon(CouponParams{ID: "five", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{eur: decimal.RequireFromString("4.50")}})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := c.AmountOffIn(eur); err != nil || !a.Equal(pricing.FromMinor(450, eur)) {
		t.Errorf("EUR option: %s %v", a, err)
	}
	gbp, _ := pricing.ParseCurrency("gbp")
	if _, err := c.AmountOffIn(gbp); !errors.Is(err, ErrAmountOffCurrency) {
		t.Errorf("GBP: %v", err)
	}
	if _, err := Apply(gbp, []Line{{Amount: pricing.FromMinor(100, gbp)}}, []Discount{{Coupon: c}}); !errors.Is(err, ErrAmountOffCurrency) {
		t.Errorf("Apply in GBP: %v", err)
	}
}

func TestCouponValidation(t *testing.T) {
	m := pricing.FromMinor(100, usd)
	bad := []struct {
		p    CouponParams
		want error
	}{
		{CouponParams{PercentOff: decimal.NewFromInt(10)}, ErrInvalidCoupon},
		{CouponParams{ID: "x"}, ErrInvalidCoupon},
		{CouponParams{ID: "x", PercentOff: decimal.NewFromInt(10), AmountOff: &m}, ErrInvalidCoupon},
		{CouponParams{ID: "x", PercentOff: decimal.NewFromInt(101)}, ErrPercentRange},
		{CouponParams{ID: "x", PercentOff: decimal.NewFromInt(-5)}, ErrPercentRange},
		{CouponParams{ID: "x", PercentOff: decimal.NewFromInt(5), Duration: Repeating}, ErrInvalidCoupon},
		{CouponParams{ID: "x", PercentOff: decimal.NewFromInt(5), DurationInMonths: 3}, ErrInvalidCoupon},
	}
	for i, b := range bad {
		if _, err := NewCoupon(b.p); !errors.Is(err, b.want) {
			t.Errorf("case %d: %v, want %v", i, err, b.want)
		}
	}
}

func TestActiveFor(t *testing.T) {
	jan31 := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	rep, _ := NewCoupon(CouponParams{ID: "r3", PercentOff: decimal.NewFromInt(20), Duration: Repeating, DurationInMonths: 3})
	d := Discount{Coupon: rep, Start: jan31}
	if end, ok := d.End(); !ok || !end.Equal(time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("end %s", end)
	}
	// Monthly invoices on the 31st (clamped): Jan 31, Feb 28, Mar 31 discounted; Apr 30 not.
	monthly := []struct {
		at   time.Time
		want bool
	}{
		{jan31, true}, {time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), true}, {time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC), false}, {jan31.Add(-time.Hour), false},
	}
	for _, m := range monthly {
		if got := d.ActiveFor(m.at, m.at.AddDate(0, -1, 0)); got != m.want {
			t.Errorf("monthly invoice at %s: %v", m.at, got)
		}
	}
	// A yearly subscription: only the first invoice falls within the three months.
	if !d.ActiveFor(jan31, jan31) || d.ActiveFor(jan31.AddDate(1, 0, 0), jan31) {
		t.Error("yearly: the coupon must cover the first invoice only")
	}
	once := Discount{Coupon: mustCoupon(t, CouponParams{ID: "o", PercentOff: decimal.NewFromInt(5)}), Start: jan31}
	if !once.ActiveFor(jan31.AddDate(0, 1, 0), jan31) || once.ActiveFor(jan31.AddDate(0, 2, 0), jan31.AddDate(0, 1, 0)) {
		t.Error("once: active on the first invoice at or after its start only")
	}
	forever := Discount{Coupon: mustCoupon(t, CouponParams{ID: "f", PercentOff: decimal.NewFromInt(5), Duration: Forever}), Start: jan31}
	if !forever.ActiveFor(jan31.AddDate(10, 0, 0), jan31.AddDate(9, 11, 0)) || forever.ActiveFor(jan31.Add(-time.Second), jan31) {
		t.Error("forever: active from its start on")
	}
}

func mustCoupon(t testing.TB, p CouponParams) Coupon {
	c, err := NewCoupon(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// randomDiscounts builds coupons from generated numbers: positive = percent, negative = amount off.
func randomDiscounts(t testing.TB, specs []int64) []Discount {
	var ds []Discount
	for i, s := range specs {
		id := fmt.Sprintf("c%d", i)
		if s > 0 {
			ds = append(ds, percent(t, id, 1+s%100))
		} else {
			ds = append(ds, amountOff(t, id, 1-s))
		}
	}
	return ds
}

func TestDiscountProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	lineGen := gen.SliceOfN(6, pricingtest.MinorUnits(1e7))
	specGen := gen.SliceOfN(3, gen.Int64Range(-1e6, 1e6))
	props.Property("conservation, bounds and signs", prop.ForAll(func(minors []int64, specs []int64) string {
		ls := lines(minors...)
		rs, err := Apply(usd, ls, randomDiscounts(t, specs))
		if err != nil {
			return err.Error()
		}
		for i, r := range rs {
			var d int64
			for _, a := range r.Discounts {
				v, _ := a.Amount.MinorUnits()
				d += v
			}
			if minors[i]-d != mustMinor(r.Net) {
				return "line does not conserve"
			}
			if minors[i] >= 0 && (d < 0 || d > minors[i]) {
				return fmt.Sprintf("discount %d on a line of %d", d, minors[i])
			}
			if minors[i] < 0 && (d > 0 || d < minors[i]) {
				return fmt.Sprintf("discount %d on a credit of %d", d, minors[i])
			}
		}
		return ""
	}, lineGen, specGen))
	props.Property("amount off takes exactly min(amount, Σ positive lines)", prop.ForAll(func(minors []int64, off int64) bool {
		rs, _ := Apply(usd, lines(minors...), []Discount{amountOff(t, "a", off)})
		_, total := discounts(rs)
		var pos int64
		for _, m := range minors {
			if m > 0 {
				pos += m
			}
		}
		return total == min(off, pos)
	}, lineGen, gen.Int64Range(1, 1e8)))
	props.Property("an empty coupon list is the identity", prop.ForAll(func(minors []int64) bool {
		rs, err := Apply(usd, lines(minors...), nil)
		for i, r := range rs {
			if len(r.Discounts) != 0 || mustMinor(r.Net) != minors[i] {
				return false
			}
		}
		return err == nil
	}, lineGen))
	props.Property("percent discounts scale with the amount, within rounding", prop.ForAll(func(m int64, p int64, k int64) bool {
		a, _ := Apply(usd, lines(m), []Discount{percent(t, "p", p)})
		b, _ := Apply(usd, lines(m*k), []Discount{percent(t, "p", p)})
		_, da := discounts(a)
		_, db := discounts(b)
		diff := db - da*k
		return diff <= k && diff >= -k
	}, pricingtest.MinorUnits(1e7), gen.Int64Range(1, 100), gen.Int64Range(1, 50)))
	props.Property("order matters only when mixing kinds", prop.ForAll(func(minors []int64, p1, p2, a1, a2 int64) bool {
		ls := lines(minors...)
		x, _ := Apply(usd, ls, []Discount{percent(t, "p1", p1), percent(t, "p2", p2)})
		y, _ := Apply(usd, ls, []Discount{percent(t, "p2", p2), percent(t, "p1", p1)})
		px, _ := discounts(x)
		py, _ := discounts(y)
		for i := range px {
			if d := px[i] - py[i]; d > 1 || d < -1 {
				return false
			}
		}
		u, _ := Apply(usd, ls, []Discount{amountOff(t, "a1", a1), amountOff(t, "a2", a2)})
		v, _ := Apply(usd, ls, []Discount{amountOff(t, "a2", a2), amountOff(t, "a1", a1)})
		_, tu := discounts(u)
		_, tv := discounts(v)
		return tu == tv
	}, lineGen, gen.Int64Range(1, 100), gen.Int64Range(1, 100), gen.Int64Range(1, 1e6), gen.Int64Range(1, 1e6)))
	props.TestingRun(t)
}

func mustMinor(m pricing.Money) int64 {
	v, _ := m.MinorUnits()
	return v
}

func FuzzApply(f *testing.F) {
	f.Add(int64(1000), int64(2000), int64(-300), int64(500), int64(-20), true)
	f.Add(int64(0), int64(0), int64(0), int64(1), int64(100), false)
	f.Fuzz(func(t *testing.T, a, b, c, s1, s2 int64, proration bool) {
		clamp := func(v int64) int64 { return v % 1e12 }
		ls := lines(clamp(a), clamp(b), clamp(c))
		ls[2].Proration = proration
		ls[0].Discounts = randomDiscounts(t, []int64{clamp(s2)})
		rs, err := Apply(usd, ls, randomDiscounts(t, []int64{clamp(s1), clamp(s2)}))
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			total := r.Net
			for _, d := range r.Discounts {
				total, _ = total.Add(d.Amount)
			}
			if !total.Equal(ls[i].Amount) {
				t.Fatalf("line %d: %s + discounts ≠ %s", i, r.Net, ls[i].Amount)
			}
		}
	})
}
