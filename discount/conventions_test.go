package discount

import (
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// carried is a once amount_off coupon of minor cur units whose rest carries.
func carried(t testing.TB, id string, minor int64, cur pricing.Currency) Coupon {
	m := pricing.FromMinor(minor, cur)
	return mustCoupon(t, CouponParams{ID: id, AmountOff: &m, AmountOffRest: RestCarried})
}

// Lago's fixed-amount coupon of frequency once keeps what an invoice could not use:
// an applied coupon of 50 with a credit of 10 has 40 remaining (spec/models/
// applied_coupon_spec.rb, #remaining_amount), an invoice takes at most its base
// (app/services/applied_coupons/amount_service.rb: 12 off a base of 300), and the
// coupon ends when an invoice takes the whole remaining amount
// (app/services/credits/applied_coupon_service.rb), in github.com/getlago/lago-api.
func TestLagoCarriedRest(t *testing.T) {
	cases := []struct {
		name     string
		coupon   int64     // cents
		invoices [][]int64 // each invoice's lines, cents
		taken    []int64   // what each invoice takes
		rests    []int64   // the rest after each invoice
	}{
		{"50 over an invoice of 10, then one of 100", 5000, [][]int64{{1000}, {10000}}, []int64{1000, 4000}, []int64{4000, 0}},
		{"12 off a base of 300", 1200, [][]int64{{30000}}, []int64{1200}, []int64{0}},
		{"spread over lines, rest carried twice", 10000, [][]int64{{2000, 1000}, {3000}, {9000}}, []int64{3000, 3000, 4000}, []int64{7000, 4000, 0}},
		{"a credit-only invoice takes nothing", 500, [][]int64{{-700}, {300}}, []int64{0, 300}, []int64{500, 200}},
	}
	for _, c := range cases {
		coupon := carried(t, "lago_once", c.coupon, usd)
		for k, inv := range c.invoices {
			rs, err := Apply(usd, usdLines(inv...), []Discount{{Coupon: coupon}})
			if err != nil {
				t.Fatalf("%s: invoice %d: %v", c.name, k, err)
			}
			var took int64
			for _, r := range rs {
				for _, a := range r.Discounts {
					took += minor(a.Amount)
				}
			}
			rest, err := RestAfter(coupon, usd, rs)
			if err != nil {
				t.Fatal(err)
			}
			if took != c.taken[k] || minor(rest) != c.rests[k] {
				t.Errorf("%s: invoice %d took %d and left %d, want %d and %d", c.name, k, took, minor(rest), c.taken[k], c.rests[k])
			}
			if rest.IsZero() {
				break
			}
			if coupon, err = coupon.WithRest(rest); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Stripe drops the rest.
	m := pricing.FromMinor(5000, usd)
	dropped := mustCoupon(t, CouponParams{ID: "stripe", AmountOff: &m})
	rs, _ := Apply(usd, usdLines(1000), []Discount{{Coupon: dropped}})
	if rest, err := RestAfter(dropped, usd, rs); err != nil || !rest.IsZero() {
		t.Errorf("a dropped rest: %s %v", rest, err)
	}
}

func TestCarriedRestRefusals(t *testing.T) {
	m := pricing.FromMinor(500, usd)
	for _, c := range []struct {
		name string
		p    CouponParams
		err  error
	}{
		{"percent coupon", CouponParams{ID: "p", PercentOff: pricing.FromMinor(1000, usd).Amount(), AmountOffRest: RestCarried}, ErrInvalidCoupon},
		{"forever", CouponParams{ID: "f", AmountOff: &m, Duration: Forever, AmountOffRest: RestCarried}, ErrInvalidDuration},
		{"repeating", CouponParams{ID: "r", AmountOff: &m, Duration: Repeating, DurationInMonths: 3, AmountOffRest: RestCarried}, ErrInvalidDuration},
		{"unknown", CouponParams{ID: "u", AmountOff: &m, AmountOffRest: 9}, ErrInvalidCoupon},
	} {
		_, err := NewCoupon(c.p)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != "AmountOffRest" || !errors.Is(err, c.err) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	coupon := carried(t, "c", 500, usd)
	for _, rest := range []pricing.Money{pricing.FromMinor(501, usd), pricing.FromMinor(0, usd), pricing.New(pricing.FromMinor(1, usd).Amount().Div(pricing.FromMinor(300, usd).Amount()), usd)} {
		if _, err := coupon.WithRest(rest); !errors.Is(err, ErrInvalidAmountOff) {
			t.Errorf("rest %s: %v", rest, err)
		}
	}
	if _, err := coupon.WithRest(pricing.FromMinor(100, eur)); !errors.Is(err, ErrAmountOffCurrency) {
		t.Errorf("rest in another currency: %v", err)
	}
	if _, err := RestAfter(pct(t, "p", "10").Coupon, usd, nil); !errors.Is(err, ErrInvalidCoupon) {
		t.Errorf("percent rest: %v", err)
	}
	if _, err := RestAfter(Coupon{}, usd, nil); !errors.Is(err, ErrInvalidCoupon) {
		t.Errorf("zero coupon: %v", err)
	}
	for _, r := range []AmountOffRest{RestDropped, RestCarried} {
		if got, err := ParseAmountOffRest(r.String()); err != nil || got != r {
			t.Errorf("%s: %v %v", r, got, err)
		}
	}
	if _, err := ParseAmountOffRest("kept"); !errors.Is(err, ErrInvalidCoupon) {
		t.Errorf("kept: %v", err)
	}
}

// Lago skips a fixed-amount coupon whose currency is not the invoice's
// (app/services/credits/applied_coupons_service.rb in github.com/getlago/lago-api);
// pricekit skips it only when asked, and reports it.
func TestLagoSkipsCouponInOtherCurrency(t *testing.T) {
	eurOff := pricing.FromMinor(1000, eur)
	euros := Discount{Coupon: mustCoupon(t, CouponParams{ID: "eur_10", AmountOff: &eurOff, Duration: Forever})}
	lines := usdLines(10000, 5000)
	lines[1].Discounts = []Discount{euros, pct(t, "item_10", "10")}
	invoice := []Discount{euros, pct(t, "pct_20", "20"), off(t, "usd_5", 500)}

	if _, err := Apply(usd, lines, invoice); !errors.Is(err, ErrAmountOffCurrency) {
		t.Fatalf("Apply: %v", err)
	}
	if _, err := ApplyWithOptions(usd, lines, invoice, ApplyOptions{}); !errors.Is(err, ErrAmountOffCurrency) {
		t.Fatalf("the zero options: %v", err)
	}
	got, err := ApplyWithOptions(usd, lines, invoice, ApplyOptions{MissingCurrency: MissingCurrencySkipped})
	if err != nil {
		t.Fatal(err)
	}
	wantLines := usdLines(10000, 5000)
	wantLines[1].Discounts = []Discount{lines[1].Discounts[1]}
	want, err := Apply(usd, wantLines, invoice[1:])
	if err != nil {
		t.Fatal(err)
	}
	if s := sameResults(got.Lines, want); s != "" {
		t.Error(s)
	}
	if len(got.Skipped) != 2 || got.Skipped[0] != (Skipped{Coupon: "eur_10", Line: -1, Discount: 0, Err: got.Skipped[0].Err}) ||
		got.Skipped[1] != (Skipped{Coupon: "eur_10", Line: 1, Discount: 0, Err: got.Skipped[1].Err}) || !errors.Is(got.Skipped[0].Err, ErrAmountOffCurrency) {
		t.Errorf("skipped: %+v", got.Skipped)
	}
	if len(lines[1].Discounts) != 2 {
		t.Error("the caller's lines were written")
	}
	if _, err := ApplyWithOptions(usd, lines, invoice, ApplyOptions{MissingCurrency: 5}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad option: %v", err)
	}
}

// sameResults returns "" when a and b have the same discounts (coupon, amount, rule)
// and nets.
func sameResults(a, b []LineResult) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d results, want %d", len(a), len(b))
	}
	for i := range a {
		if !a[i].Net.Equal(b[i].Net) || len(a[i].Discounts) != len(b[i].Discounts) {
			return fmt.Sprintf("line %d: %+v, want %+v", i, a[i], b[i])
		}
		for k := range a[i].Discounts {
			x, y := a[i].Discounts[k], b[i].Discounts[k]
			if x.Coupon != y.Coupon || !x.Amount.Equal(y.Amount) || x.Rule() != y.Rule() {
				return fmt.Sprintf("line %d discount %d: %+v, want %+v", i, k, x, y)
			}
		}
	}
	return ""
}

// inEuros rebuilds, from seed, some of the amount_off coupons of lines and invoice
// in euros only, and marks some of the rest as carried; it returns the new lists and
// the ids put in euros.
func inEuros(t testing.TB, seed int64, lines []Line, invoice []Discount) ([]Line, []Discount, map[string]bool) {
	r := rand.New(rand.NewSource(seed))
	moved := map[string]bool{}
	convert := map[string]Discount{}
	redo := func(d Discount) Discount {
		c := d.Coupon
		if c.IsPercent() {
			return d
		}
		if nd, ok := convert[c.id]; ok {
			return nd
		}
		amt, _ := c.AmountOff()
		p := CouponParams{ID: c.id, AmountOff: &amt, Duration: Forever, AppliesToProducts: c.AppliesToProducts()}
		switch r.Intn(3) {
		case 0:
			e := pricing.New(amt.Amount(), eur)
			p.AmountOff = &e
			moved[c.id] = true
		case 1:
			p.Duration, p.AmountOffRest = Once, RestCarried
		}
		convert[c.id] = Discount{Coupon: mustCoupon(t, p)}
		return convert[c.id]
	}
	out := append([]Line(nil), lines...)
	for i := range out {
		ds := make([]Discount, len(out[i].Discounts))
		for k, d := range out[i].Discounts {
			ds[k] = redo(d)
		}
		out[i].Discounts = ds
	}
	inv := make([]Discount, len(invoice))
	for k, d := range invoice {
		inv[k] = redo(d)
	}
	return out, inv, moved
}

// without returns ds less the coupons of ids.
func without(ds []Discount, ids map[string]bool) []Discount {
	var out []Discount
	for _, d := range ds {
		if !ids[d.Coupon.id] {
			out = append(out, d)
		}
	}
	return out
}

func TestConventionProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("the zero options apply as Apply; skipping applies as Apply without the skipped coupons, each reported", prop.ForAll(
		func(s scenario, seed int64) string {
			lines, inv := s.build(t)
			lines, inv, moved := inEuros(t, seed, lines, inv)
			plain, errPlain := Apply(usd, lines, inv)
			zero, errZero := ApplyWithOptions(usd, lines, inv, ApplyOptions{})
			if (errPlain == nil) != (errZero == nil) || errPlain != nil && errPlain.Error() != errZero.Error() {
				return fmt.Sprintf("errors %v and %v", errPlain, errZero)
			}
			if errPlain == nil {
				if msg := sameResults(zero.Lines, plain); msg != "" || len(zero.Skipped) != 0 {
					return "zero options: " + msg
				}
			}
			got, err := ApplyWithOptions(usd, lines, inv, ApplyOptions{MissingCurrency: MissingCurrencySkipped})
			if err != nil {
				return err.Error()
			}
			kept := append([]Line(nil), lines...)
			reported := 0
			for i := range kept {
				kept[i].Discounts = without(kept[i].Discounts, moved)
				reported += len(lines[i].Discounts) - len(kept[i].Discounts)
			}
			keptInv := without(inv, moved)
			reported += len(inv) - len(keptInv)
			want, err := Apply(usd, kept, keptInv)
			if err != nil {
				return err.Error()
			}
			if len(got.Skipped) != reported {
				return fmt.Sprintf("%d skipped, want %d", len(got.Skipped), reported)
			}
			for _, sk := range got.Skipped {
				if !moved[sk.Coupon] || !errors.Is(sk.Err, ErrAmountOffCurrency) {
					return fmt.Sprintf("skipped %+v", sk)
				}
			}
			return sameResults(got.Lines, want)
		}, genScenario(), gen.Int64()))
	props.Property("a carried rest is the amount off less what the invoice took; a dropped one is zero", prop.ForAll(
		func(s scenario, seed int64) string {
			lines, inv := s.build(t)
			lines, inv, moved := inEuros(t, seed, lines, inv)
			res, err := ApplyWithOptions(usd, lines, inv, ApplyOptions{MissingCurrency: MissingCurrencySkipped})
			if err != nil {
				return err.Error()
			}
			seen := map[string]bool{}
			for _, d := range inv {
				c := d.Coupon
				if c.IsPercent() || moved[c.id] || seen[c.id] {
					continue
				}
				seen[c.id] = true
				rest, err := RestAfter(c, usd, res.Lines)
				if err != nil {
					return err.Error()
				}
				amt, _ := c.AmountOff()
				var took int64
				for _, r := range res.Lines {
					for _, a := range r.Discounts {
						if a.Coupon == c.id {
							took += minor(a.Amount)
						}
					}
				}
				switch {
				case c.AmountOffRest() == RestDropped && !rest.IsZero():
					return "a dropped rest of " + rest.String()
				case c.AmountOffRest() == RestCarried && minor(rest) != max(minor(amt)-took, 0):
					return fmt.Sprintf("rest %s of %s, %d taken", rest, amt, took)
				}
			}
			return ""
		}, genScenario(), gen.Int64()))
	props.TestingRun(t)
}

// FuzzCarriedRest applies a carried amount_off coupon to fuzzed lines over two
// invoices: what they take and what is left always add up to the coupon.
func FuzzCarriedRest(f *testing.F) {
	f.Add(int64(5000), int64(1000), int64(-300), int64(10000))
	f.Add(int64(1), int64(0), int64(0), int64(1))
	f.Fuzz(func(t *testing.T, amount, a, b, next int64) {
		if amount <= 0 || amount > 1e12 {
			return
		}
		clamp := func(v int64) int64 { return v % 1e12 }
		coupon := carried(t, "c", amount, usd)
		rs, err := Apply(usd, usdLines(clamp(a), clamp(b)), []Discount{{Coupon: coupon}})
		if err != nil {
			t.Fatal(err)
		}
		rest, err := RestAfter(coupon, usd, rs)
		if err != nil {
			t.Fatal(err)
		}
		took := int64(0)
		for _, r := range rs {
			for _, d := range r.Discounts {
				took += minor(d.Amount)
			}
		}
		if took+minor(rest) != amount || minor(rest) < 0 {
			t.Fatalf("took %d, rest %s of %d", took, rest, amount)
		}
		if rest.IsZero() {
			return
		}
		again, err := coupon.WithRest(rest)
		if err != nil {
			t.Fatal(err)
		}
		rs, err = Apply(usd, usdLines(clamp(next)), []Discount{{Coupon: again}})
		if err != nil {
			t.Fatal(err)
		}
		left, err := RestAfter(again, usd, rs)
		if err != nil || minor(left) > minor(rest) {
			t.Fatalf("second rest %s after %s: %v", left, rest, err)
		}
	})
}
