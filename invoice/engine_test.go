package invoice

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// TestEnginePresets: the same seat upgrade (10 → 15 seats of 10.00 USD at 12:00 on
// Nov 16, 14.5 of 30 days left) under each engine's preset.
func TestEnginePresets(t *testing.T) {
	seat := rulePrice(t, "seat", 1000, false, false)
	at := ruleStart.Add(15*24*time.Hour + 12*time.Hour)
	mk := func(e Engine) Request {
		r := ruleRequest(t, Item{ID: "si_1", Price: seat, Quantity: Qty(10)})
		r.Now, r.Engine = at, e
		r.Changes = &Changes{Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_1", Quantity: Qty(15)}}}
		return r
	}
	for _, c := range []struct {
		engine Engine
		want   string
	}{
		{EngineStripe, "[-4833 7250]"},    // 14.5/30 of the second
		{EngineOpenMeter, "[-4833 7250]"}, // the time remaining, as Stripe
		{EngineLago, "[-5000 7500]"},      // 15 of 30 days: Nov 16 billed to the new plan
		{EngineKillBill, "[-5000 7500]"},  // 15/30 = 0.5 exactly at 9 places
		{EngineFlexprice, "[-5000 7500]"},
	} {
		inv, err := Preview(mk(c.engine))
		if err != nil {
			t.Fatalf("%s: %v", c.engine, err)
		}
		if got := fmt.Sprint(lineAmounts(t, inv)); got != c.want {
			t.Errorf("%s: %s, want %s", c.engine, got, c.want)
		}
	}
	// Days in the customer's zone: 00:30 on Nov 16 in Paris is still Nov 15 in UTC.
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	r := mk(EngineLago)
	r.Now = time.Date(2026, 11, 16, 0, 30, 0, 0, paris)
	r.Convention.Location = paris
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[-5000 7500]" {
		t.Errorf("lago in Paris: %s, want 15 of 30 Paris days [-5000 7500]", got)
	}
	// Stripe's engine with day proration counts days in the zone given too; a zone
	// without day proration would change nothing, and is refused rather than ignored.
	r = mk(EngineStripe)
	r.Now = time.Date(2026, 11, 16, 0, 30, 0, 0, paris)
	r.Proration, r.Convention.Location = proration.ByDay, paris
	if inv, err = Preview(r); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(lineAmounts(t, inv)); got != "[-5000 7500]" {
		t.Errorf("stripe by day in Paris: %s, want 15 of 30 Paris days [-5000 7500]", got)
	}
	r.Proration = proration.BySecond
	if _, err := Preview(r); !errors.Is(err, proration.ErrInvalidConvention) {
		t.Errorf("a time zone with proration by the second: %v, want it refused", err)
	}
}

// Kill Bill rounds the fraction to 9 places before applying it: the credit for 10 of
// 31 days of 100,000,000.00 is 32,258,064.50 with the fraction 0.322580645, against
// 32,258,064.52 exactly (10/31 = 0.3225806451612…).
func TestKillBillRoundedFraction(t *testing.T) {
	big, _ := pricing.NewPrice(pricing.PriceParams{ID: "big", Currency: ruleUSD, UnitAmount: decimal.NewFromInt(100000000), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	period, _ := proration.NewPeriod(day(2026, 7, 1), day(2026, 8, 1))
	r := Request{Currency: ruleUSD, Now: day(2026, 7, 22), Subscription: Subscription{Period: period, Items: []Item{{ID: "a", Price: big}}},
		Changes: &Changes{Behavior: proration.AlwaysInvoice, CancelNow: true, Prorate: true}}
	for _, c := range []struct {
		engine Engine
		want   int64
	}{{EngineStripe, -3225806452}, {EngineKillBill, -3225806450}} {
		r.Engine = c.engine
		inv, err := Preview(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := minorOf(t, inv.Total); got != c.want {
			t.Errorf("%s: %d, want %d", c.engine, got, c.want)
		}
	}
}

func TestEngineRefusals(t *testing.T) {
	tiered, _ := pricing.NewPrice(pricing.PriceParams{ID: "t", Currency: ruleUSD, BillingScheme: pricing.Tiered,
		Tiers: []pricing.Tier{{Inf: true, UnitAmount: decimal.NewFromInt(1)}}, Recurring: &pricing.Recurring{Interval: pricing.Month}})
	r := ruleRequest(t, Item{ID: "a", Price: tiered})
	r.Engine = EngineOpenMeter
	if _, err := Preview(r); !isField(err, "Subscription.Items[0].Price") {
		t.Errorf("openmeter with a tiered price: %v", err)
	}
	r = aprilRequest(t, Flexible)
	r.Engine = EngineLago
	if _, err := Preview(r); !isField(err, "BillingMode") {
		t.Errorf("lago in flexible mode: %v", err)
	}
	r = ruleRequest(t, Item{ID: "a", Price: rulePrice(t, "s", 100, false, false)})
	r.Proration, r.Convention.Granularity = proration.ByDay, proration.Granularity(9)
	if _, err := Preview(r); err == nil {
		t.Error("a bad convention passes")
	}
}
