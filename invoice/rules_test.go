package invoice

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// A month from Nov 1 2026 (UTC), the period of every rule test.
var (
	ruleStart = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ruleEnd   = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ruleUSD   = func() pricing.Currency { c, _ := pricing.ParseCurrency("usd"); return c }()
)

// rulePrice is a price of unit minor units; recurring monthly unless once, metered
// when metered.
func rulePrice(t testing.TB, id string, unit int64, metered, once bool) pricing.Price {
	t.Helper()
	pp := pricing.PriceParams{ID: id, Product: pricing.Product{ID: "prod_" + id, Name: "Plan " + id}, Currency: ruleUSD,
		UnitAmount: decimal.New(unit, -2)}
	if !once {
		pp.Recurring = &pricing.Recurring{Interval: pricing.Month}
		if metered {
			pp.Recurring.UsageType = pricing.Metered
		}
	}
	p, err := pricing.NewPrice(pp)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ruleRequest(t testing.TB, items ...Item) Request {
	t.Helper()
	period, err := proration.NewPeriod(ruleStart, ruleEnd)
	if err != nil {
		t.Fatal(err)
	}
	return Request{Currency: ruleUSD, Now: ruleStart.Add(10 * 24 * time.Hour), Subscription: Subscription{Period: period, Items: items}}
}

func ruleCoupon(t testing.TB, p discount.CouponParams) discount.Coupon {
	t.Helper()
	c, err := discount.NewCoupon(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPreviewRules is a case per rule a request must follow: the Go path of the
// field refused, its sentinel and a part of the message (the hint).
func TestPreviewRules(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	api := rulePrice(t, "api", 5, true, false)
	setup := rulePrice(t, "setup", 5000, false, true)
	seat2 := rulePrice(t, "seat", 2000, false, false) // same id, other amount
	yearly := func() pricing.Price {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: "y", Currency: ruleUSD, UnitAmount: decimal.NewFromInt(100), Recurring: &pricing.Recurring{Interval: pricing.Year}})
		return p
	}()
	rec, _ := pricing.WholeUsageRecord(ruleStart, 3)
	vat := MustTaxRate(TaxRateParams{ID: "vat", Percentage: decimal.NewFromInt(20)})
	vat10 := MustTaxRate(TaxRateParams{ID: "vat", Percentage: decimal.NewFromInt(10)})
	ten := ruleCoupon(t, discount.CouponParams{ID: "TEN", PercentOff: decimal.NewFromInt(10), Duration: discount.Forever})
	ten20 := ruleCoupon(t, discount.CouponParams{ID: "TEN", PercentOff: decimal.NewFromInt(20), Duration: discount.Forever})
	huge := rulePrice(t, "huge", 1e15, false, false)
	cases := []struct {
		name  string
		req   func() Request
		field string
		is    error
		msg   string
	}{
		{"unknown change id", func() Request {
			r := ruleRequest(t, Item{ID: "si_1", Price: seat})
			r.Changes = &Changes{Items: []ItemChange{{ID: "si_l", Quantity: Qty(2)}}}
			return r
		}, "Changes.Items[0].ID", ErrInvalidRequest, `"si_l" is not an item of the subscription (its items are "si_1"); to add an item, leave its id out`},
		{"one-time price", func() Request { return ruleRequest(t, Item{ID: "si_1", Price: setup}) },
			"Subscription.Items[0].Price", ErrInvalidRequest, "one-time price"},
		{"one-time price in a change", func() Request {
			r := ruleRequest(t, Item{ID: "si_1", Price: seat})
			r.Changes = &Changes{Items: []ItemChange{{Price: &setup}}}
			return r
		}, "Changes.Items[0].Price", ErrInvalidRequest, "one-time price"},
		{"quantity on a metered item", func() Request { return ruleRequest(t, Item{ID: "si_1", Price: api, Quantity: Qty(3)}) },
			"Subscription.Items[0].Quantity", ErrInvalidRequest, "leave the quantity out"},
		{"usage for a licensed item", func() Request {
			r := ruleRequest(t, Item{ID: "si_1", Price: seat})
			r.Usage = map[string][]pricing.UsageRecord{"si_1": {rec}}
			return r
		}, "Usage[si_1]", ErrInvalidRequest, "licensed"},
		{"usage for no item", func() Request {
			r := ruleRequest(t, Item{ID: "si_1", Price: api})
			r.Usage = map[string][]pricing.UsageRecord{"si_9": {rec}}
			return r
		}, "Usage[si_9]", ErrInvalidRequest, "not an item of the subscription"},
		{"one id, two prices", func() Request { return ruleRequest(t, Item{ID: "a", Price: seat}, Item{ID: "b", Price: seat2}) },
			"Subscription.Items[1].Price", ErrInvalidRequest, "given twice with different contents"},
		{"one id, two tax rates", func() Request {
			r := ruleRequest(t, Item{ID: "a", Price: seat, TaxRates: []TaxRate{vat}})
			r.Subscription.DefaultTaxRates = []TaxRate{vat10}
			return r
		}, "Subscription.DefaultTaxRates[0]", ErrInvalidRequest, "20% and 10%"},
		{"one id, two coupons", func() Request {
			r := ruleRequest(t, Item{ID: "a", Price: seat, Discounts: []discount.Discount{{Coupon: ten}}})
			r.Subscription.Discounts = []discount.Discount{{Coupon: ten20}}
			return r
		}, "Subscription.Discounts[0].Coupon", ErrInvalidRequest, "given twice"},
		{"period not of the cycle (45 days)", func() Request {
			r := ruleRequest(t, Item{ID: "a", Price: seat})
			r.Subscription.Period.End = ruleStart.Add(45 * 24 * time.Hour)
			return r
		}, "Subscription.Period.End", ErrInvalidRequest, "is not a period of the billing cycle"},
		{"anchor 40 days past the period", func() Request {
			r := ruleRequest(t, Item{ID: "a", Price: seat})
			r.Subscription.Anchor = ruleEnd.Add(40 * 24 * time.Hour)
			return r
		}, "Subscription.Period.End", ErrInvalidRequest, "start_date"},
		{"mixed intervals", func() Request { return ruleRequest(t, Item{ID: "a", Price: seat}, Item{ID: "b", Price: yearly}) },
			"Subscription.Items[1].Price", ErrInvalidRequest, "share one interval"},
		{"now outside the period", func() Request {
			r := ruleRequest(t, Item{ID: "a", Price: seat})
			r.Now = ruleEnd
			r.Changes = &Changes{Items: []ItemChange{{ID: "a", Quantity: Qty(2)}}}
			return r
		}, "Now", ErrInvalidRequest, "now (the default proration date)"},
		{"a line beyond 10^15 minor units", func() Request { return ruleRequest(t, Item{ID: "a", Price: huge, Quantity: Qty(2)}) },
			"Subscription.Items[0]", pricing.ErrOutOfRange, "beyond ±10^15 minor units"},
		{"totals beyond 10^15 minor units", func() Request {
			return ruleRequest(t, Item{ID: "a", Price: huge}, Item{ID: "b", Price: huge})
		}, "Subscription.Items[1]", pricing.ErrOutOfRange, "totals pass"},
		{"one-time zero price", func() Request { return ruleRequest(t, Item{ID: "a"}) },
			"Subscription.Items[0].Price", ErrMissingField, "pricing.NewPrice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Preview(c.req())
			var fe *pricing.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *pricing.FieldError", err)
			}
			if fe.Field != c.field || !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q at %q; want field %q, %v, message containing %q", err, fe.Field, c.field, c.is, c.msg)
			}
		})
	}
}

// TestPreviewValidEdges: requests at the edges of the rules are computed.
func TestPreviewValidEdges(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	api := rulePrice(t, "api", 5, true, false)
	t.Run("proration date at the period start, metered item deleted", func(t *testing.T) {
		r := ruleRequest(t, Item{ID: "a", Price: seat}, Item{ID: "m", Price: api})
		r.Changes = &Changes{ProrationDate: ruleStart, Items: []ItemChange{{ID: "m", Deleted: true}}}
		inv, err := Preview(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := inv.Total.String(); got != "10.00 USD" {
			t.Errorf("total %s, want 10.00 (the seat's renewal; no usage over an empty range)", got)
		}
	})
	t.Run("anchor reset at the period start with a metered item", func(t *testing.T) {
		r := ruleRequest(t, Item{ID: "a", Price: seat}, Item{ID: "m", Price: api})
		r.Changes = &Changes{ProrationDate: ruleStart, ResetAnchor: true, Items: []ItemChange{{ID: "a", Quantity: Qty(2)}}}
		if _, err := Preview(r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("first period from the start date to the anchor's boundary", func(t *testing.T) {
		r := ruleRequest(t, Item{ID: "a", Price: seat})
		r.Subscription.Period.Start = ruleStart.Add(5 * 24 * time.Hour)
		r.Subscription.StartDate = r.Subscription.Period.Start
		r.Subscription.Anchor = ruleEnd
		r.Now = r.Subscription.Period.Start.Add(time.Hour)
		if _, err := Preview(r); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("an item without quantity is one seat", func(t *testing.T) {
		inv, err := Preview(ruleRequest(t, Item{ID: "a", Price: seat}))
		if err != nil || inv.Total.String() != "10.00 USD" || !inv.Lines[0].Quantity.Equal(decimal.NewFromInt(1)) {
			t.Fatalf("got %v %v, want one seat at 10.00", inv.Total, err)
		}
	})
}

// TestGeneratedIDs: items without IDs are named si_N and new_N, never an ID the
// request already gives.
func TestGeneratedIDs(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	api := rulePrice(t, "api", 5, true, false)
	r := ruleRequest(t, Item{Price: seat}, Item{ID: "si_1", Price: seat}, Item{ID: "new_1", Price: api})
	r.Changes = &Changes{Items: []ItemChange{{Price: &api}}, Behavior: proration.None}
	rec, _ := pricing.WholeUsageRecord(ruleStart, 7)
	r.Usage = map[string][]pricing.UsageRecord{"new_1": {rec}}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range inv.Lines {
		got = append(got, l.Item)
	}
	want := "si_2 si_1 new_1 new_2"
	if strings.Join(got, " ") != want {
		t.Errorf("items %v, want %s: generated IDs skip taken ones", got, want)
	}
	// The usage of new_1 (the given ID) is billed once.
	if q := inv.Lines[2].Quantity; !q.Equal(decimal.NewFromInt(7)) || !inv.Lines[3].Quantity.IsZero() {
		t.Errorf("usage quantities %s and %s, want 7 and 0", q, inv.Lines[3].Quantity)
	}
}
