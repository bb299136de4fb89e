package invoice

import (
	"errors"
	"fmt"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

var ruleEUR = func() pricing.Currency { c, _ := pricing.ParseCurrency("eur"); return c }()

func usd(minor int64) pricing.Money { return pricing.FromMinor(minor, ruleUSD) }

// carriedRequest is a renewal of one seat of unit minor units with a once amount_off
// coupon of off minor units that carries its rest when carried.
func carriedRequest(t testing.TB, unit, off int64, carried bool) Request {
	t.Helper()
	amt := usd(off)
	p := discount.CouponParams{ID: "welcome", AmountOff: &amt, Duration: discount.Once}
	if carried {
		p.AmountOffRest = discount.RestCarried
	}
	r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "seat", unit, false, false)})
	r.Subscription.Discounts = []discount.Discount{{Coupon: ruleCoupon(t, p)}}
	return r
}

// discountOf is what coupon id took off inv, in minor units.
func discountOf(t testing.TB, inv Invoice, id string) int64 {
	for _, d := range inv.TotalDiscountAmounts {
		if d.Coupon == id {
			return minorOf(t, d.Amount)
		}
	}
	return 0
}

// Lago's fixed-amount coupon of frequency once stays applied with what it has left
// until an invoice takes all of it (https://getlago.com/docs/guide/coupons;
// spec/services/credits/applied_coupon_service_spec.rb in github.com/getlago/lago-api:
// a coupon larger than the invoice takes the invoice's amount and keeps the rest).
func TestCarriedRest(t *testing.T) {
	for _, c := range []struct {
		name      string
		unit, off int64
		carried   bool
		rests     map[string]pricing.Money
		wantOff   []int64 // per invoice of the forecast
		wantRests []string
	}{
		{"dropped (Stripe)", 3000, 5000, false, nil, []int64{3000, 0, 0}, []string{"[]", "[]", "[]"}},
		{"carried", 3000, 5000, true, nil, []int64{3000, 2000, 0}, []string{"[welcome 20.00 USD]", "[welcome 0.00 USD]", "[welcome 0.00 USD]"}},
		{"carried, used at once", 6000, 5000, true, nil, []int64{5000, 0, 0}, []string{"[welcome 0.00 USD]", "[welcome 0.00 USD]", "[welcome 0.00 USD]"}},
		{"rest given", 3000, 5000, true, map[string]pricing.Money{"welcome": usd(1200)}, []int64{1200, 0, 0}, []string{"[welcome 0.00 USD]", "[welcome 0.00 USD]", "[welcome 0.00 USD]"}},
		{"used up before", 3000, 5000, true, map[string]pricing.Money{"welcome": usd(0)}, []int64{0, 0, 0}, []string{"[welcome 0.00 USD]", "[welcome 0.00 USD]", "[welcome 0.00 USD]"}},
		{"carried over three", 1000, 2500, true, nil, []int64{1000, 1000, 500}, []string{"[welcome 15.00 USD]", "[welcome 5.00 USD]", "[welcome 0.00 USD]"}},
	} {
		r := carriedRequest(t, c.unit, c.off, c.carried)
		r.CouponRests, r.Forecast = c.rests, 2
		inv, err := Preview(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		all := append([]Invoice{inv}, inv.Forecast...)
		for k, f := range all {
			if got := discountOf(t, f, "welcome"); got != c.wantOff[k] {
				t.Errorf("%s: invoice %d: the coupon took %d, want %d", c.name, k, got, c.wantOff[k])
			}
			var rests []string
			for _, x := range f.CouponRests {
				rests = append(rests, x.Coupon+" "+x.Remaining.String())
			}
			if got := fmt.Sprint(rests); got != c.wantRests[k] {
				t.Errorf("%s: invoice %d: rests %s, want %s", c.name, k, got, c.wantRests[k])
			}
		}
	}
	// A used-up coupon says why it took nothing.
	r := carriedRequest(t, 3000, 5000, true)
	r.CouponRests = map[string]pricing.Money{"welcome": usd(0)}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.UnappliedDiscounts) != 1 || inv.UnappliedDiscounts[0].Reason != Used || inv.UnappliedDiscounts[0].Explanation != whyUsedUp {
		t.Errorf("unapplied %+v, want the coupon used up", inv.UnappliedDiscounts)
	}
}

func TestCarriedRestErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Request)
		field string
		want  error
	}{
		{"rest above the amount", func(r *Request) { r.CouponRests = map[string]pricing.Money{"welcome": usd(5001)} }, "CouponRests[welcome]", discount.ErrInvalidAmountOff},
		{"negative rest", func(r *Request) { r.CouponRests = map[string]pricing.Money{"welcome": usd(-1)} }, "CouponRests[welcome]", ErrInvalidValue},
		{"rest in another currency", func(r *Request) { r.CouponRests = map[string]pricing.Money{"welcome": pricing.FromMinor(100, ruleEUR)} }, "CouponRests[welcome]", ErrInvalidValue},
		{"unknown coupon", func(r *Request) { r.CouponRests = map[string]pricing.Money{"other": usd(100)} }, "CouponRests[other]", ErrInvalidRequest},
		{"on two lists", func(r *Request) { r.Subscription.Items[0].Discounts = r.Subscription.Discounts }, "Subscription.Discounts", ErrConflict},
		{"twice on one list", func(r *Request) {
			r.Subscription.Discounts = append(r.Subscription.Discounts, r.Subscription.Discounts[0])
		}, "Subscription.Discounts", ErrConflict},
		{"bad option", func(r *Request) { r.MissingCouponCurrency = 7 }, "MissingCouponCurrency", ErrInvalidValue},
	} {
		r := carriedRequest(t, 3000, 5000, true)
		c.edit(&r)
		_, err := Preview(r)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v at %s", c.name, err, c.want, c.field)
		}
	}
}

// Lago applies a fixed-amount coupon only when its currency is the invoice's
// (matches_currency? in app/services/credits/applied_coupon_service.rb of
// github.com/getlago/lago-api); Stripe refuses such a coupon.
func TestMissingCouponCurrency(t *testing.T) {
	eur := pricing.FromMinor(500, ruleEUR)
	ten := decimal.NewFromInt(10)
	r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "seat", 3000, false, false)})
	r.Subscription.Discounts = []discount.Discount{
		{Coupon: ruleCoupon(t, discount.CouponParams{ID: "eur_only", AmountOff: &eur, Duration: discount.Forever})},
		{Coupon: ruleCoupon(t, discount.CouponParams{ID: "ten_pct", PercentOff: ten, Duration: discount.Forever})},
	}
	if _, err := Preview(r); !errors.Is(err, discount.ErrAmountOffCurrency) {
		t.Fatalf("refused (Stripe): got %v", err)
	}
	r.MissingCouponCurrency = discount.MissingCurrencySkipped
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := minorOf(t, inv.TotalDiscount); got != 300 {
		t.Errorf("discount %d, want the 10%% coupon's 300 alone", got)
	}
	if len(inv.UnappliedDiscounts) != 1 || inv.UnappliedDiscounts[0].Coupon != "eur_only" || inv.UnappliedDiscounts[0].Reason != NoAmountInCurrency ||
		inv.UnappliedDiscounts[0].Explanation != "the coupon has no amount off in USD (the invoice's currency), so it was skipped" {
		t.Errorf("unapplied %+v", inv.UnappliedDiscounts)
	}
	if NoAmountInCurrency.String() != "no_amount_in_currency" {
		t.Errorf("reason %q", NoAmountInCurrency)
	}
}

// TestCarriedProperties: the carried rest never goes negative and the discounts of a
// forecast never sum past the coupon's amount off; with every coupon payable in the
// invoice currency, skipping missing currencies changes nothing; a coupon that drops
// its rest is Stripe's once coupon.
func TestCarriedProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(150))
	props.Property("the rest never goes negative nor gives more than the coupon", prop.ForAll(func(unit, off int64, n int) string {
		r := carriedRequest(t, unit, off, true)
		r.Forecast = n
		inv, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		total := int64(0)
		for _, f := range append([]Invoice{inv}, inv.Forecast...) {
			total += discountOf(t, f, "welcome")
			for _, x := range f.CouponRests {
				if x.Remaining.Sign() < 0 {
					return "a negative rest " + x.Remaining.String()
				}
				if got := minorOf(t, x.Remaining); got != off-total {
					return fmt.Sprintf("rest %d after %d taken of %d", got, total, off)
				}
			}
		}
		if total > off {
			return fmt.Sprintf("the forecast took %d of a %d coupon", total, off)
		}
		if total != min(off, unit*int64(n+1)) {
			return fmt.Sprintf("the forecast took %d, want min(%d, %d)", total, off, unit*int64(n+1))
		}
		return ""
	}, gen.Int64Range(0, 1e5), gen.Int64Range(1, 1e6), gen.IntRange(0, 12)))
	props.Property("Stripe's values change nothing", prop.ForAll(func(unit, off int64, n int) string {
		r := carriedRequest(t, unit, off, false)
		r.Forecast = n
		want, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		r.MissingCouponCurrency = discount.MissingCurrencySkipped
		got, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		if fmt.Sprint(totalsOf(t, got)) != fmt.Sprint(totalsOf(t, want)) {
			return fmt.Sprintf("skipping changed %v to %v", totalsOf(t, want), totalsOf(t, got))
		}
		return ""
	}, gen.Int64Range(0, 1e5), gen.Int64Range(1, 1e6), gen.IntRange(0, 4)))
	props.TestingRun(t)
}

// totalsOf lists the invoice's and its forecast's totals, lines and discounts.
func totalsOf(t testing.TB, inv Invoice) []any {
	var out []any
	for _, f := range append([]Invoice{inv}, inv.Forecast...) {
		out = append(out, lineAmounts(t, f), minorOf(t, f.TotalDiscount), minorOf(t, f.Total), len(f.UnappliedDiscounts))
	}
	return out
}
