package discount

import (
	"fmt"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// The generators below are this package's own: pricingtest has amounts and
// currencies, not coupons or invoice lines.

// couponSpec describes a coupon to build: a percent (thousandths of a percent) or an
// amount off (cents), optionally restricted to one product, optionally capped.
type couponSpec struct {
	Percent bool
	Milli   int64 // percent_off × 1000, 1 to 100000
	Cents   int64 // amount_off, 1 to 10^9
	Product int   // -1: every product
	Cap     int64 // -1: no cap
}

func (s couponSpec) build(t testing.TB, id string) Discount {
	p := CouponParams{ID: id, Duration: Forever}
	if s.Percent {
		p.PercentOff = decimal.New(s.Milli, -3)
		if s.Cap >= 0 {
			p.MaxDiscount = map[pricing.Currency]decimal.Decimal{usd: pricing.FromMinor(s.Cap, usd).Amount()}
		}
	} else {
		m := pricing.FromMinor(s.Cents, usd)
		p.AmountOff = &m
	}
	if s.Product >= 0 {
		p.AppliesToProducts = []string{fmt.Sprintf("prod_%d", s.Product)}
	}
	return Discount{Coupon: mustCoupon(t, p)}
}

func genCoupon() gopter.Gen {
	return gopter.CombineGens(
		gen.Bool(),
		gen.Frequency(map[int]gopter.Gen{1: gen.OneConstOf(int64(100000), int64(50000), int64(12500)), 3: gen.Int64Range(1, 100000)}),
		gen.Frequency(map[int]gopter.Gen{1: gen.Int64Range(1, 1000), 2: gen.Int64Range(1, 1e9)}),
		gen.IntRange(-3, 2), // restricted to a product in 3 cases of 6
		gen.Frequency(map[int]gopter.Gen{3: gen.Const(int64(-1)), 1: gen.Int64Range(0, 1e7)}),
	).Map(func(v []interface{}) couponSpec {
		s := couponSpec{Percent: v[0].(bool), Milli: v[1].(int64), Cents: v[2].(int64), Product: v[3].(int), Cap: v[4].(int64)}
		if s.Product < 0 {
			s.Product = -1
		}
		return s
	})
}

// lineSpec describes an invoice line.
type lineSpec struct {
	Cents     int64
	Proration bool
	Product   int
	Item      int
}

func genLine() gopter.Gen {
	return gopter.CombineGens(
		pricingtest.MinorUnits(1e9),
		gen.Frequency(map[int]gopter.Gen{3: gen.Const(false), 1: gen.Const(true)}),
		gen.IntRange(0, 2),
		gen.IntRange(0, 2),
	).Map(func(v []interface{}) lineSpec {
		return lineSpec{Cents: v[0].(int64), Proration: v[1].(bool), Product: v[2].(int), Item: v[3].(int)}
	})
}

// scenario is an invoice: lines, the discounts of items 0 to 2, and invoice discounts.
type scenario struct {
	Lines    []lineSpec
	Items    [3][]couponSpec
	Invoice  []couponSpec
	Currency pricing.Currency
}

func genScenario() gopter.Gen {
	coupons := gen.SliceOfN(3, genCoupon())
	return gopter.CombineGens(
		gen.SliceOfN(8, genLine()),
		gen.IntRange(0, 3), gen.IntRange(0, 2), gen.IntRange(0, 1), gen.IntRange(0, 3),
		coupons, coupons,
	).Map(func(v []interface{}) scenario {
		cs := v[5].([]couponSpec)
		inv := v[6].([]couponSpec)
		var s scenario
		s.Lines = v[0].([]lineSpec)
		s.Items[0] = cs[:v[2].(int)]
		s.Items[1] = cs[v[2].(int) : v[2].(int)+v[3].(int)]
		s.Invoice = inv[:min(v[4].(int), len(inv))]
		s.Lines = s.Lines[:[4]int{0, 1, 3, 8}[v[1].(int)]]
		return s
	})
}

func (s scenario) build(t testing.TB) ([]Line, []Discount) {
	var items [3][]Discount
	for k, list := range s.Items {
		for n, c := range list {
			items[k] = append(items[k], c.build(t, fmt.Sprintf("item%d_%d", k, n)))
		}
	}
	lines := make([]Line, len(s.Lines))
	for i, l := range s.Lines {
		lines[i] = Line{Amount: pricing.FromMinor(l.Cents, usd), Proration: l.Proration,
			Product: fmt.Sprintf("prod_%d", l.Product), Item: fmt.Sprintf("si_%d", l.Item), Discounts: items[l.Item]}
	}
	var inv []Discount
	for n, c := range s.Invoice {
		inv = append(inv, c.build(t, fmt.Sprintf("inv_%d", n)))
	}
	return lines, inv
}

// checkBounds returns a failure message unless every discount entry stays within the
// amount left when it applied: on a non-negative line 0 ≤ d ≤ left, on a credit
// left ≤ d ≤ 0 (never exceeds it, never flips the sign), and the line conserves.
func checkBounds(lines []Line, rs []LineResult) string {
	for i, r := range rs {
		left := minor(lines[i].Amount)
		for _, a := range r.Discounts {
			d := minor(a.Amount)
			if left >= 0 && (d < 0 || d > left) || left < 0 && (d > 0 || d < left) {
				return fmt.Sprintf("line %d: %s takes %d off %d", i, a.Coupon, d, left)
			}
			if a.Rule() == "" {
				return fmt.Sprintf("line %d: %s has no rule", i, a.Coupon)
			}
			left -= d
		}
		if left != minor(r.Net) {
			return fmt.Sprintf("line %d: net %s, want %d", i, r.Net, left)
		}
	}
	return ""
}

func TestPropertyBoundsAndConservation(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("every discount stays within the amount left; lines conserve", prop.ForAll(func(s scenario) string {
		lines, inv := s.build(t)
		rs, err := Apply(usd, lines, inv)
		if err != nil {
			return err.Error()
		}
		return checkBounds(lines, rs)
	}, genScenario()))
	props.Property("an empty coupon list is the identity", prop.ForAll(func(s scenario) bool {
		lines, _ := s.build(t)
		for i := range lines {
			lines[i].Discounts = nil
		}
		rs, err := Apply(usd, lines, nil)
		if err != nil {
			return false
		}
		for i, r := range rs {
			if len(r.Discounts) != 0 || !r.Net.Equal(lines[i].Amount) {
				return false
			}
		}
		return true
	}, genScenario()))
	props.TestingRun(t)
}

func TestPropertyInvoiceLevelAmounts(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	lineGen := gen.SliceOfN(6, genLine())
	props.Property("amount_off takes exactly min(amount_off, Σ covered positive non-proration amounts)", prop.ForAll(func(ls []lineSpec, c couponSpec) string {
		c.Percent = false
		lines, _ := scenario{Lines: ls}.build(t)
		rs, err := Apply(usd, lines, []Discount{c.build(t, "a")})
		if err != nil {
			return err.Error()
		}
		var pos int64
		for _, l := range ls {
			if l.Cents > 0 && !l.Proration && (c.Product < 0 || c.Product == l.Product) {
				pos += l.Cents
			}
		}
		if _, total := perLine(rs); total != min(c.Cents, pos) {
			return fmt.Sprintf("took %d, want min(%d, %d)", total, c.Cents, pos)
		}
		return ""
	}, lineGen, genCoupon()))
	props.Property("percent_off takes round(amount × p) per covered line; a cap bounds the total exactly", prop.ForAll(func(ls []lineSpec, c couponSpec) string {
		c.Percent = true
		lines, _ := scenario{Lines: ls}.build(t)
		rs, err := Apply(usd, lines, []Discount{c.build(t, "p")})
		if err != nil {
			return err.Error()
		}
		rate := decimal.New(c.Milli, -5)
		var uncapped int64
		for i, l := range ls {
			want := int64(0)
			if c.Product < 0 || c.Product == l.Product {
				want = decimal.NewFromInt(l.Cents).Mul(rate).Round(0).IntPart()
			}
			uncapped += want
			if c.Cap < 0 {
				if per, _ := perLine(rs[i : i+1]); per[0] != want {
					return fmt.Sprintf("line %d: %d, want %d", i, per[0], want)
				}
			}
		}
		_, total := perLine(rs)
		want := uncapped
		if c.Cap >= 0 {
			want = min(uncapped, c.Cap)
		}
		if total != want {
			return fmt.Sprintf("total %d, want %d (uncapped %d, cap %d)", total, want, uncapped, c.Cap)
		}
		return ""
	}, lineGen, genCoupon()))
	props.Property("percent discounts scale with the amount, within rounding", prop.ForAll(func(m, milli, k int64) string {
		c := couponSpec{Percent: true, Milli: milli, Product: -1, Cap: -1}
		a, _ := Apply(usd, usdLines(m), []Discount{c.build(t, "p")})
		b, _ := Apply(usd, usdLines(m*k), []Discount{c.build(t, "p")})
		_, da := perLine(a)
		_, db := perLine(b)
		// |round(x) − x| ≤ ½, so |d(k·m) − k·d(m)| ≤ (k + 1) / 2.
		if diff := db - k*da; 2*diff > k+1 || -2*diff > k+1 {
			return fmt.Sprintf("d(%d) = %d, d(%d) = %d", m, da, m*k, db)
		}
		return ""
	}, pricingtest.MinorUnits(1e9), gen.Int64Range(1, 100000), gen.Int64Range(1, 1000)))
	props.TestingRun(t)
}

func TestPropertyOrder(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(200))
	lineGen := gen.SliceOfN(6, genLine())
	props.Property("two percent coupons commute within one minor unit per line", prop.ForAll(func(ls []lineSpec, m1, m2 int64) string {
		lines, _ := scenario{Lines: ls}.build(t)
		p1 := couponSpec{Percent: true, Milli: m1, Product: -1, Cap: -1}.build(t, "p1")
		p2 := couponSpec{Percent: true, Milli: m2, Product: -1, Cap: -1}.build(t, "p2")
		x, _ := Apply(usd, lines, []Discount{p1, p2})
		y, _ := Apply(usd, lines, []Discount{p2, p1})
		nx, ny := nets(x), nets(y)
		for i := range nx {
			if d := nx[i] - ny[i]; d > 1 || d < -1 {
				return fmt.Sprintf("line %d: %d vs %d", i, nx[i], ny[i])
			}
		}
		return ""
	}, lineGen, gen.Int64Range(1, 100000), gen.Int64Range(1, 100000)))
	props.Property("two amount_off coupons commute exactly in total", prop.ForAll(func(ls []lineSpec, a1, a2 int64) string {
		lines, _ := scenario{Lines: ls}.build(t)
		c1 := couponSpec{Cents: a1, Product: -1}.build(t, "a1")
		c2 := couponSpec{Cents: a2, Product: -1}.build(t, "a2")
		x, _ := Apply(usd, lines, []Discount{c1, c2})
		y, _ := Apply(usd, lines, []Discount{c2, c1})
		_, tx := perLine(x)
		_, ty := perLine(y)
		if tx != ty {
			return fmt.Sprintf("%d vs %d", tx, ty)
		}
		return ""
	}, lineGen, gen.Int64Range(1, 1e9), gen.Int64Range(1, 1e9)))
	props.TestingRun(t)
}
