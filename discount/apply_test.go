package discount

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func TestApplyTable(t *testing.T) {
	cases := []struct {
		name     string
		lines    []Line
		ds       []Discount
		want     []int64 // each line's total discount, minor units
		wantNets []int64
	}{
		{"50% of 10000", usdLines(10000), []Discount{pct(t, "half", "50")}, []int64{5000}, []int64{5000}},
		{"200 off a 100 invoice: 100 used, 100 dropped", usdLines(100), []Discount{off(t, "big", 200)}, []int64{100}, []int64{0}},
		{"200 off 300", usdLines(300), []Discount{off(t, "two", 200)}, []int64{200}, []int64{100}},
		{"500 over 1000 and 2000: floor, leftover to the largest", usdLines(1000, 2000), []Discount{off(t, "five", 500)}, []int64{166, 334}, []int64{834, 1666}},
		{"10% then 5.00", usdLines(1000, 2000), []Discount{pct(t, "ten", "10"), off(t, "five", 500)}, []int64{100 + 166, 200 + 334}, []int64{734, 1466}},
		{"5.00 then 10%", usdLines(1000, 2000), []Discount{off(t, "five", 500), pct(t, "ten", "10")}, []int64{166 + 83, 334 + 167}, []int64{751, 1499}},
		{"percent on a credit line shrinks it", usdLines(-1000), []Discount{pct(t, "ten", "10")}, []int64{-100}, []int64{-900}},
		{"percent rounds half away from zero", usdLines(5, -5), []Discount{pct(t, "ten", "10")}, []int64{1, -1}, []int64{4, -4}},
		{"amount off skips credits and zero lines", usdLines(-1000, 0, 1000), []Discount{off(t, "five", 500)}, []int64{0, 0, 500}, []int64{-1000, 0, 500}},
		{"amount off over a credit-only invoice is dropped", usdLines(-1000), []Discount{off(t, "five", 500)}, []int64{0}, []int64{-1000}},
		{"100% then amount off: nothing left to take", usdLines(1000), []Discount{pct(t, "all", "100"), off(t, "five", 500)}, []int64{1000}, []int64{0}},
		{"two amount offs, the second on what is left", usdLines(300, 100), []Discount{off(t, "a", 200), off(t, "b", 500)}, []int64{300, 100}, []int64{0, 0}},
		{"fractional percent", usdLines(999), []Discount{pct(t, "p", "12.5")}, []int64{125}, []int64{874}},
		{"no discounts", usdLines(1000, -5), nil, []int64{0, 0}, []int64{1000, -5}},
		{"no lines", nil, []Discount{off(t, "five", 500)}, []int64{}, []int64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := Apply(usd, c.lines, c.ds)
			if err != nil {
				t.Fatal(err)
			}
			checkConserves(t, c.lines, rs)
			per, _ := perLine(rs)
			if fmt.Sprint(per) != fmt.Sprint(c.want) {
				t.Errorf("discounts %v, want %v", per, c.want)
			}
			if got := nets(rs); fmt.Sprint(got) != fmt.Sprint(c.wantNets) {
				t.Errorf("nets %v, want %v", got, c.wantNets)
			}
		})
	}
}

func TestStackingOrderMatters(t *testing.T) {
	ls := usdLines(1000, 2000)
	a, _ := Apply(usd, ls, []Discount{pct(t, "ten", "10"), off(t, "five", 500)})
	b, _ := Apply(usd, ls, []Discount{off(t, "five", 500), pct(t, "ten", "10")})
	_, ta := perLine(a)
	_, tb := perLine(b)
	if ta != 800 || tb != 750 {
		t.Errorf("10%% then 5.00 takes %d, 5.00 then 10%% takes %d; want 800 and 750", ta, tb)
	}
	// Each entry records its coupon, in the order applied.
	if a[0].Discounts[0].Coupon != "ten" || a[0].Discounts[1].Coupon != "five" || b[0].Discounts[0].Coupon != "five" {
		t.Errorf("order of entries: %+v / %+v", a[0].Discounts, b[0].Discounts)
	}
}

func TestProductSpecificCoupon(t *testing.T) {
	agent := mustCoupon(t, CouponParams{ID: "agent20", PercentOff: decimal.NewFromInt(20), Duration: Forever, AppliesToProducts: []string{"prod_1"}})
	ls := usdLines(1000, 5000, 700)
	ls[2].Product = "prod_1"
	ls[2].Proration = true
	rs, err := Apply(usd, ls, []Discount{{Coupon: agent}})
	if err != nil {
		t.Fatal(err)
	}
	checkConserves(t, ls, rs)
	if per, _ := perLine(rs); fmt.Sprint(per) != "[0 1000 140]" || len(rs[0].Discounts) != 0 {
		t.Errorf("product coupon: %v", per)
	}
	// amount_off restricted to a product: only its non-proration lines share it.
	m := pricing.FromMinor(3000, usd)
	agentOff := mustCoupon(t, CouponParams{ID: "agent_off", AmountOff: &m, AppliesToProducts: []string{"prod_1"}})
	rs, _ = Apply(usd, ls, []Discount{{Coupon: agentOff}})
	if per, _ := perLine(rs); fmt.Sprint(per) != "[0 3000 0]" {
		t.Errorf("product amount off: %v", per)
	}
	// A coupon for a product on no line changes nothing.
	other := mustCoupon(t, CouponParams{ID: "other", AmountOff: &m, AppliesToProducts: []string{"prod_x"}})
	rs, _ = Apply(usd, ls, []Discount{{Coupon: other}})
	if _, total := perLine(rs); total != 0 {
		t.Errorf("coupon for another product took %d", total)
	}
}

func TestItemDiscounts(t *testing.T) {
	five := off(t, "five", 500)
	// An item-level amount off over its item's two lines, before a 10% invoice
	// discount; a proration line takes percent but not amount discounts.
	ls := usdLines(1000, 2000, 600, 4000)
	for i := 0; i < 3; i++ {
		ls[i].Item = "si_a"
		ls[i].Discounts = []Discount{five}
	}
	ls[2].Proration = true
	ls[3].Item = "si_b"
	rs, err := Apply(usd, ls, []Discount{pct(t, "ten", "10")})
	if err != nil {
		t.Fatal(err)
	}
	checkConserves(t, ls, rs)
	if per, _ := perLine(rs); fmt.Sprint(per) != fmt.Sprint([]int64{166 + 83, 334 + 167, 60, 400}) {
		t.Errorf("item then invoice discounts: %v", per)
	}
	if rule := rs[0].Discounts[0].Rule(); !strings.Contains(rule, "spread over 2 lines in proportion to 10.00, 20.00") {
		t.Errorf("rule does not name the item's lines: %s", rule)
	}
	// The same coupon on two items applies to each item on its own.
	ls = usdLines(1000, 3000)
	ls[0].Item, ls[1].Item = "si_a", "si_b"
	ls[0].Discounts, ls[1].Discounts = []Discount{five}, []Discount{five}
	rs, _ = Apply(usd, ls, nil)
	if per, _ := perLine(rs); fmt.Sprint(per) != "[500 500]" {
		t.Errorf("per-item amount off: %v", per)
	}
	// Without Item, each line is an item of its own.
	ls[0].Item, ls[1].Item = "", ""
	rs, _ = Apply(usd, ls, nil)
	if per, _ := perLine(rs); fmt.Sprint(per) != "[500 500]" {
		t.Errorf("lines without item: %v", per)
	}
	// Item discounts come before invoice discounts whatever the list order.
	ls = usdLines(1000)
	ls[0].Discounts = []Discount{five}
	rs, _ = Apply(usd, ls, []Discount{pct(t, "half", "50")})
	if rs[0].Discounts[0].Coupon != "five" || minor(rs[0].Net) != 250 {
		t.Errorf("item first: %+v net %s", rs[0].Discounts, rs[0].Net)
	}
	// The same coupon twice in a list applies twice, in turn.
	ls[0].Discounts = []Discount{pct(t, "half", "50"), pct(t, "half", "50")}
	rs, _ = Apply(usd, ls, nil)
	if per, _ := perLine(rs); per[0] != 750 {
		t.Errorf("half of half: %v", per)
	}
}

func TestPercentCap(t *testing.T) {
	capped := func(capMinor int64) Discount {
		return Discount{Coupon: mustCoupon(t, CouponParams{ID: "cap", PercentOff: decimal.NewFromInt(20), Duration: Forever,
			MaxDiscount: map[pricing.Currency]decimal.Decimal{usd: pricing.FromMinor(capMinor, usd).Amount()}})}
	}
	cases := []struct {
		name  string
		lines []Line
		cap   int64
		want  []int64
	}{
		// 20% of 100 and 300 = 20 and 60, capped at 50: 12.50 and 37.50.
		{"cap shared in proportion", usdLines(10000, 30000), 5000, []int64{1250, 3750}},
		{"under the cap: untouched", usdLines(10000, 30000), 8000, []int64{2000, 6000}},
		{"exactly the cap", usdLines(10000, 30000), 8000, []int64{2000, 6000}},
		{"floor, leftover to the largest", usdLines(1000, 1000, 1000), 100, []int64{34, 33, 33}},
		{"zero cap", usdLines(1000), 0, []int64{0}},
		// A credit keeps its (negative) discount; the positive ones make up the rest.
		{"credit line", usdLines(-10000, 50000), 5000, []int64{-2000, 7000}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := Apply(usd, c.lines, []Discount{capped(c.cap)})
			if err != nil {
				t.Fatal(err)
			}
			checkConserves(t, c.lines, rs)
			if per, _ := perLine(rs); fmt.Sprint(per) != fmt.Sprint(c.want) {
				t.Errorf("%v, want %v", per, c.want)
			}
		})
	}
	// A currency without a cap is not capped.
	eurLines := []Line{{Amount: pricing.FromMinor(100000, eur)}}
	rs, _ := Apply(eur, eurLines, []Discount{capped(5000)})
	if minor(rs[0].Net) != 80000 {
		t.Errorf("EUR has no cap: net %s", rs[0].Net)
	}
	// The cap is per invoice: item-level and invoice-level applications share it.
	ls := usdLines(10000, 30000)
	ls[0].Item, ls[0].Discounts = "si_a", []Discount{capped(5000)}
	rs, _ = Apply(usd, ls, []Discount{capped(5000)})
	checkConserves(t, ls, rs)
	// Item: 20% of 100 = 20 (30 of the cap left); invoice: 20% of 80 and 300 = 16
	// and 60, reduced to the 30 left: 6.31 and 23.69.
	if per, total := perLine(rs); total != 5000 || per[0] != 2000+631 {
		t.Errorf("cap per invoice: %v", per)
	}
	if rule := rs[1].Discounts[0].Rule(); !strings.Contains(rule, "capped") || !strings.Contains(rule, "50.00 USD cap") {
		t.Errorf("capped rule: %s", rule)
	}
}

func TestMultiCurrencyAmountOff(t *testing.T) {
	m := pricing.FromMinor(500, usd)
	c := mustCoupon(t, CouponParams{ID: "five", AmountOff: &m, CurrencyOptions: map[pricing.Currency]decimal.Decimal{
		eur: decimal.RequireFromString("4.50"), jpy: decimal.NewFromInt(700)}})
	ls := []Line{{Amount: pricing.FromMinor(1000, eur)}, {Amount: pricing.FromMinor(2000, eur)}}
	rs, err := Apply(eur, ls, []Discount{{Coupon: c}})
	if err != nil {
		t.Fatal(err)
	}
	if per, _ := perLine(rs); fmt.Sprint(per) != "[150 300]" {
		t.Errorf("4.50 EUR over 10 and 20: %v", per)
	}
	rs, err = Apply(jpy, []Line{{Amount: pricing.FromMinor(1000, jpy)}}, []Discount{{Coupon: c}})
	if err != nil || minor(rs[0].Net) != 300 {
		t.Errorf("700 JPY off 1000: %v %v", rs, err)
	}
	// No amount in GBP: an error naming the coupon and the currency, even when the
	// coupon would cover no line.
	_, err = Apply(gbp, []Line{{Amount: pricing.FromMinor(100, gbp)}}, []Discount{{Coupon: c}})
	if !errors.Is(err, ErrAmountOffCurrency) || !strings.Contains(err.Error(), `"five"`) || !strings.Contains(err.Error(), "gbp") {
		t.Errorf("Apply in GBP: %v", err)
	}
	_, err = Apply(gbp, []Line{{Amount: pricing.FromMinor(100, gbp), Discounts: []Discount{{Coupon: c}}}}, nil)
	if !errors.Is(err, ErrAmountOffCurrency) || !strings.Contains(err.Error(), "line 0") {
		t.Errorf("item discount in GBP: %v", err)
	}
	if _, err = Apply(gbp, nil, []Discount{{Coupon: c}}); !errors.Is(err, ErrAmountOffCurrency) {
		t.Errorf("no lines: %v", err)
	}
}

func TestApplyRejects(t *testing.T) {
	cases := []struct {
		name  string
		cur   pricing.Currency
		lines []Line
		ds    []Discount
		want  error
	}{
		{"no currency", pricing.Currency{}, usdLines(1), nil, pricing.ErrUnknownCurrency},
		{"line in another currency", eur, usdLines(1), nil, pricing.ErrCurrencyMismatch},
		{"line not whole in minor units", usd, []Line{{Amount: pricing.New(decimal.RequireFromString("0.005"), usd)}}, nil, ErrInvalidLine},
		{"line out of bounds", usd, []Line{{Amount: pricing.New(decimal.New(1, 999999999), usd)}}, nil, pricing.ErrOutOfRange},
		{"zero coupon", usd, usdLines(1), []Discount{{}}, ErrInvalidCoupon},
		{"zero coupon on a line", usd, []Line{{Amount: pricing.FromMinor(1, usd), Discounts: []Discount{{}}}}, nil, ErrInvalidCoupon},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := Apply(c.cur, c.lines, c.ds)
			if !errors.Is(err, c.want) || rs != nil {
				t.Errorf("%v, want %v", err, c.want)
			}
		})
	}
}

func TestRules(t *testing.T) {
	ls := usdLines(1000, 2000)
	rs, err := Apply(usd, ls, []Discount{pct(t, "ten", "12.5"), off(t, "five", 500)})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"12.5% of 10.00 USD = 1.25 USD", "5.00 USD off spread over 2 lines in proportion to 8.75, 17.50 (shares rounded down, leftover to the largest remainders) = 1.66 USD"},
		{"12.5% of 20.00 USD = 2.50 USD", "5.00 USD off spread over 2 lines in proportion to 8.75, 17.50 (shares rounded down, leftover to the largest remainders) = 3.34 USD"},
	}
	for i, r := range rs {
		for k, a := range r.Discounts {
			if got := a.Rule(); got != want[i][k] {
				t.Errorf("line %d discount %d:\n got %s\nwant %s", i, k, got, want[i][k])
			}
		}
	}
	rs, _ = Apply(usd, usdLines(99, 300), []Discount{pct(t, "p", "12.5"), off(t, "big", 100000)})
	if got, want := rs[0].Discounts[0].Rule(), "12.5% of 0.99 USD = 0.12375 USD, rounded to 0.12 USD"; got != want {
		t.Errorf("rounded percent:\n got %s\nwant %s", got, want)
	}
	if got := rs[0].Discounts[1].Rule(); !strings.HasSuffix(got, "= 0.87 USD; 996.51 USD could not be used and is dropped") {
		t.Errorf("dropped amount: %s", got)
	}
	// Many lines: the rule names the line's own weight and the total, not every weight.
	many := make([]int64, 50)
	for i := range many {
		many[i] = 100
	}
	rs, _ = Apply(usd, usdLines(many...), []Discount{off(t, "five", 500)})
	if got := rs[7].Discounts[0].Rule(); got != "5.00 USD off spread over 50 lines in proportion to this line's 1.00 of 50.00 (shares rounded down, leftover to the largest remainders) = 0.10 USD" {
		t.Errorf("long rule: %s", got)
	}
	if (Applied{}).Rule() != "" {
		t.Error("a zero Applied has a rule")
	}
}

// TestApplyDoesNotModifyInput checks that Apply treats its arguments as read-only.
func TestApplyDoesNotModifyInput(t *testing.T) {
	ls := usdLines(1000, 2000)
	ls[0].Discounts = []Discount{off(t, "five", 500)}
	before := fmt.Sprint(ls)
	ds := []Discount{pct(t, "ten", "10")}
	if _, err := Apply(usd, ls, ds); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ls) != before || ds[0].Coupon.ID() != "ten" {
		t.Error("Apply modified its input")
	}
}
