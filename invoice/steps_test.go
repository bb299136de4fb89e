package invoice

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/internal/stepcheck"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// checkSteps recomputes every line of inv and of its forecast from its steps.
func checkSteps(t *testing.T, name string, inv Invoice, seen map[StepKind]bool) {
	t.Helper()
	lines := make([]stepcheck.Line, len(inv.Lines))
	for i := range inv.Lines {
		l := &inv.Lines[i]
		cl := stepcheck.Line{Amount: l.Amount.Amount()}
		for _, d := range l.Discounts {
			cl.Discounts = append(cl.Discounts, d.Amount.Amount())
		}
		for _, x := range l.Taxes {
			cl.Taxes = append(cl.Taxes, x.Amount.Amount())
		}
		for _, s := range l.Steps() {
			in := map[string]decimal.Decimal{}
			for _, v := range s.Inputs {
				in[v.Name] = v.Value
			}
			if s.Text == "" || strings.Contains(s.Text, "\n") {
				t.Errorf("%s: line %d: a %s step's text %q is not one sentence", name, i, s.Kind, s.Text)
			}
			seen[s.Kind] = true
			cl.Steps = append(cl.Steps, stepcheck.Step{Kind: string(s.Kind), Key: s.Coupon + s.TaxRate, Inputs: in, Result: s.Result})
		}
		lines[i] = cl
	}
	if err := stepcheck.Invoice(inv.Currency.Digits(), lines); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	for _, f := range inv.Forecast {
		checkSteps(t, name+" (forecast)", f, seen)
	}
}

// The lines the random requests of previewjson do not make recompute from their
// steps too: flexible credits with their discounts and taxes, capped credits,
// conventions (days in a zone, a rounded fraction), trials, caps of percent coupons,
// minimums, packages, several inclusive rates.
func TestStepsRecomputeScenarios(t *testing.T) {
	vat := MustTaxRate(TaxRateParams{ID: "txr_vat", DisplayName: "VAT", Percentage: decimal.NewFromInt(20)})
	incl := MustTaxRate(TaxRateParams{ID: "txr_a", Percentage: decimal.RequireFromString("7.7"), Inclusive: true})
	incl2 := MustTaxRate(TaxRateParams{ID: "txr_b", Percentage: decimal.RequireFromString("2.5"), Inclusive: true})
	seat := rulePrice(t, "seat", 3000, false, false)
	seen := map[StepKind]bool{}
	run := func(name string, r Request) Invoice {
		inv, err := Preview(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSteps(t, name, inv, seen)
		return inv
	}
	// Flexible credits of a debit with a discount and a tax, itemized.
	free := ruleCoupon(t, discount.CouponParams{ID: "HALF", PercentOff: decimal.NewFromInt(50), Duration: discount.Once})
	r := ruleRequest(t, Item{ID: "si_1", Price: seat, Quantity: Qty(1)})
	r.BillingMode, r.ProrationDiscounts = Flexible, Itemized
	r.Invoices = []IssuedInvoice{{Lines: []IssuedLine{{Item: "si_1", Price: "seat", Amount: pricing.FromMinor(3000, ruleUSD), Quantity: decimal.NewFromInt(1),
		Period: r.Subscription.Period, Discounts: []DiscountAmount{{Coupon: free.ID(), Amount: pricing.FromMinor(1500, ruleUSD)}},
		Taxes: []TaxAmount{{TaxRate: vat, Taxable: pricing.FromMinor(1500, ruleUSD), Amount: pricing.FromMinor(300, ruleUSD)}}}}}}
	r.Changes = &Changes{ProrationDate: ruleStart.Add(11*24*time.Hour + 7), Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_1", Quantity: Qty(2)}}}
	inv := run("flexible itemized", r)
	if inv.Lines[0].Credited == nil {
		t.Fatal("no flexible credit")
	}
	// A classic credit capped at what was paid.
	r.BillingMode, r.ProrationDiscounts, r.CapCredits = Classic, ProrationDiscountsDefault, true
	r.Invoices[0].Lines[0].Amount = pricing.FromMinor(700, ruleUSD)
	r.Invoices[0].Lines[0].Discounts, r.Invoices[0].Lines[0].Taxes = nil, nil
	if inv := run("capped credit", r); inv.Lines[0].CappedFrom == nil || inv.Lines[0].Amount.Sign() >= 0 {
		t.Errorf("no capped credit: %v", inv.Lines[0].Amount)
	}
	// Conventions: Kill Bill's rounded fraction, Lago's days in Paris.
	for _, e := range []Engine{EngineKillBill, EngineLago} {
		r := ruleRequest(t, Item{ID: "si_1", Price: seat, Quantity: Qty(3)})
		r.Engine = e
		r.Now = ruleStart.Add(10*24*time.Hour + 5*time.Hour)
		if paris, err := time.LoadLocation("Europe/Paris"); err == nil && e == EngineLago {
			r.Convention.Location = paris
		}
		r.Changes = &Changes{Behavior: proration.AlwaysInvoice, Items: []ItemChange{{ID: "si_1", Quantity: Qty(7)}}}
		run(string(e.String()), r)
	}
	// A trial, then the prorated time to the anchor, then renewals.
	tr := newSub(seat, 5, time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC), Changes{TrialPeriodDays: 7, AnchorConfig: &AnchorConfig{DayOfMonth: 1}})
	tr.Forecast = 2
	run("trial", tr)
	// A capped percent coupon over several lines, a minimum, a package price and two
	// inclusive rates with an exclusive one.
	capped := ruleCoupon(t, discount.CouponParams{ID: "CAP", Name: "Capped 30%", PercentOff: decimal.NewFromInt(30), Duration: discount.Forever,
		MaxDiscount: map[pricing.Currency]decimal.Decimal{ruleUSD: decimal.RequireFromString("10.01")}})
	pkg, err := pricing.NewPrice(pricing.PriceParams{ID: "pkg", Currency: ruleUSD, UnitAmount: decimal.RequireFromString("12.34"),
		TransformQuantity: &pricing.TransformQuantity{DivideBy: 5, Round: pricing.TransformRoundUp}, Recurring: &pricing.Recurring{Interval: pricing.Month}})
	if err != nil {
		t.Fatal(err)
	}
	floor, err := pricing.NewPrice(pricing.PriceParams{ID: "min", Currency: ruleUSD, UnitAmount: decimal.RequireFromString("0.333"),
		Minimum: ptr(decimal.NewFromInt(5)), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	if err != nil {
		t.Fatal(err)
	}
	r = ruleRequest(t, Item{ID: "a", Price: pkg, Quantity: Qty(11)}, Item{ID: "b", Price: floor, Quantity: Qty(4)}, Item{ID: "c", Price: seat, Quantity: Qty(3)})
	r.Subscription.Discounts = []discount.Discount{{Coupon: capped}}
	r.Subscription.DefaultTaxRates = []TaxRate{incl, incl2, vat}
	inv = run("caps, minimum, package, inclusive rates", r)
	if s := inv.Lines[0].Explanation(); !strings.Contains(s, "Capped 30% (CAP)") {
		t.Errorf("the coupon's name is not beside its id:\n%s", s)
	}
	// Tiers whose lines are each rounded on their own (OpenMeter): 1 + 1 unit at
	// 0.005 bill 0.01 + 0.01, not round(0.01), and the steps say so; also past the
	// listed tiers, where the middle ones are summed in one step.
	for _, n := range []int{2, 3 * MaxListedTiers} {
		tiers := make([]pricing.Tier, n)
		for k := range tiers {
			tiers[k] = pricing.Tier{UpTo: decimal.NewFromInt(int64(k + 1)), UnitAmount: decimal.RequireFromString("0.005")}
		}
		tiers[n-1].Inf = true
		each, err := pricing.NewPrice(pricing.PriceParams{ID: "each", Currency: ruleUSD, BillingScheme: pricing.Tiered, Tiers: tiers,
			TierRounding: pricing.TierRoundingEachLine, Recurring: &pricing.Recurring{Interval: pricing.Month}})
		if err != nil {
			t.Fatal(err)
		}
		inv := run("tiers rounded each", ruleRequest(t, Item{ID: "e", Price: each, Quantity: Qty(int64(n))}))
		if got := minorOf(t, inv.Lines[0].Amount); got != int64(n) {
			t.Errorf("%d tiers of one unit at 0.005 each rounded: %d minor units, want %d", n, got, n)
		}
	}
	// Kill Bill's block tiers, graduated and volume: every started block billed whole.
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		blocks, err := pricing.NewPrice(pricing.PriceParams{ID: "blk", Currency: ruleUSD, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: []pricing.Tier{
			{UpTo: decimal.NewFromInt(10), UnitAmount: decimal.NewFromInt(1), BlockSize: 5},
			{Inf: true, UnitAmount: decimal.RequireFromString("0.5"), BlockSize: 3}}, Recurring: &pricing.Recurring{Interval: pricing.Month}})
		if err != nil {
			t.Fatal(err)
		}
		inv := run("block tiers", ruleRequest(t, Item{ID: "b", Price: blocks, Quantity: Qty(12)}))
		want := map[pricing.TiersMode]int64{pricing.Graduated: 250, pricing.Volume: 200}[mode] // 2 × 1.00 + 1 × 0.50; 4 blocks of 3 × 0.50
		if got := minorOf(t, inv.Lines[0].Amount); got != want || !strings.Contains(inv.Lines[0].Explanation(), "block") {
			t.Errorf("%s block tiers: %d, want %d\n%s", mode, got, want, inv.Lines[0].Explanation())
		}
	}
	for _, k := range []StepKind{StepQuantity, StepPackage, StepUnitPrice, StepMinimum, StepProration, StepCredit, StepRounding, StepTrial, StepDiscount, StepTax, StepTier, StepTiers} {
		if !seen[k] {
			t.Errorf("no %s step checked", k)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// Lines built by hand, or copied between invoices, never make the texts panic.
func TestStepsOfHandMadeLines(t *testing.T) {
	inv, err := Preview(aprilRequest(t, Flexible))
	if err != nil {
		t.Fatal(err)
	}
	credited := inv.Lines[0]
	odd := []Line{
		{},
		{Trial: true},
		{Amount: pricing.FromMinor(5, ruleUSD), Discounts: credited.Discounts, Taxes: []TaxAmount{{PerInvoice: true}, {}}},
		{Amount: pricing.FromMinor(5, ruleUSD), Discounts: []DiscountAmount{{Coupon: "X"}}},
		{Credited: credited.Credited},
	}
	for i, l := range odd {
		_ = l.Steps()
		_ = l.Explanation()
		_ = l.Description()
		page := Invoice{Currency: ruleUSD, Lines: []Line{l}}
		var b strings.Builder
		if err := page.WriteHTML(&b); err != nil {
			t.Errorf("line %d: %v", i, err)
		}
		if err := page.WriteText(&b); err != nil {
			t.Errorf("line %d: %v", i, err)
		}
	}
	if n := len((Line{}).Steps()); n != 0 {
		t.Errorf("a zero line has %d steps", n)
	}
}
