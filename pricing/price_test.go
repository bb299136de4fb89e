package pricing

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func usdCurrency(t testing.TB) Currency {
	c, err := ParseCurrency("USD")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cents(v int64) decimal.Decimal { return decimal.New(v, -2) }

func tieredPrice(t testing.TB, mode TiersMode, tiers []Tier) Price {
	p, err := NewPrice(PriceParams{ID: "p", Currency: usdCurrency(t), BillingScheme: Tiered, TiersMode: mode, Tiers: tiers})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func stripeFlatTiers() []Tier {
	return []Tier{
		{UpTo: decimal.NewFromInt(5), UnitAmount: cents(500), FlatAmount: cents(1000)},
		{UpTo: decimal.NewFromInt(10), UnitAmount: cents(400), FlatAmount: cents(2000)},
		{UpTo: decimal.NewFromInt(15), UnitAmount: cents(300), FlatAmount: cents(3000)},
		{UpTo: decimal.NewFromInt(20), UnitAmount: cents(200), FlatAmount: cents(4000)},
		{Inf: true, UnitAmount: cents(100), FlatAmount: cents(5000)},
	}
}

// The examples of Stripe's documentation on tiered pricing.
func TestStripeTierExamples(t *testing.T) {
	simpleTiers := []Tier{
		{UpTo: decimal.NewFromInt(5), UnitAmount: cents(700)},
		{UpTo: decimal.NewFromInt(10), UnitAmount: cents(650)},
		{Inf: true, UnitAmount: cents(600)},
	}
	cases := []struct {
		name  string
		mode  TiersMode
		tiers []Tier
		qty   string
		want  int64
	}{
		{"graduated q=6", Graduated, simpleTiers, "6", 4150},
		{"volume q=6", Volume, simpleTiers, "6", 3900},
		{"flat volume q=12", Volume, stripeFlatTiers(), "12", 6600},
		{"flat graduated q=12", Graduated, stripeFlatTiers(), "12", 11100},
		{"flat volume q=0", Volume, stripeFlatTiers(), "0", 1000},
		{"flat graduated q=0", Graduated, stripeFlatTiers(), "0", 1000},
		{"graduated bound stays in tier", Graduated, simpleTiers, "5", 3500},
		{"volume bound stays in tier", Volume, simpleTiers, "5", 3500},
		{"volume just above bound", Volume, simpleTiers, "5.001", 3251},
		{"graduated decimal slice", Graduated, simpleTiers, "5.5", 3825},
		{"graduated far", Graduated, stripeFlatTiers(), "25", 2500 + 1000 + 2000 + 2000 + 1500 + 3000 + 1000 + 4000 + 500 + 5000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := tieredPrice(t, c.mode, c.tiers).Quote(usdCurrency(t), decimal.RequireFromString(c.qty))
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.Amount.MinorUnits()
			if err != nil || got != c.want {
				t.Fatalf("amount %d (%v), want %d\n%s", got, err, c.want, q.Explain())
			}
			sum := decimal.Zero
			for _, tc := range q.Breakdown() {
				sum = sum.Add(tc.Subtotal.Amount())
			}
			if !sum.Equal(q.Exact.Amount()) {
				t.Errorf("tier subtotals %s ≠ exact %s", sum, q.Exact)
			}
			if q.Explain() == "" {
				t.Error("empty explanation")
			}
		})
	}
}

func TestPerUnitAndPackages(t *testing.T) {
	usd := usdCurrency(t)
	pkg, err := NewPrice(PriceParams{ID: "pkg", Currency: usd, UnitAmount: cents(1000), TransformQuantity: &TransformQuantity{DivideBy: 5, Round: TransformRoundUp}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := pkg.Quote(usd, decimal.NewFromInt(6))
	if err != nil || !q.BilledQuantity.Equal(decimal.NewFromInt(2)) || !q.Amount.Equal(FromMinor(2000, usd)) {
		t.Fatalf("divide_by 5 up, q=6: %v packages %s amount %s", err, q.BilledQuantity, q.Amount)
	}
	down, _ := NewPrice(PriceParams{ID: "pkg", Currency: usd, UnitAmount: cents(1000), TransformQuantity: &TransformQuantity{DivideBy: 5, Round: TransformRoundDown}})
	if q, _ := down.Quote(usd, decimal.NewFromInt(6)); !q.BilledQuantity.Equal(decimal.NewFromInt(1)) {
		t.Errorf("divide_by 5 down, q=6: %s packages", q.BilledQuantity)
	}
	// 0.05 cents × 30 = 1.5 cents → 2 cents.
	api, _ := NewPrice(PriceParams{ID: "api", Currency: usd, UnitAmount: decimal.RequireFromString("0.0005")})
	q, _ = api.Quote(usd, decimal.NewFromInt(30))
	if !q.Amount.Equal(FromMinor(2, usd)) || !q.Exact.Amount().Equal(decimal.RequireFromString("0.015")) {
		t.Errorf("0.05c × 30: exact %s amount %s", q.Exact, q.Amount)
	}
	jpy, _ := ParseCurrency("JPY")
	kwd, _ := ParseCurrency("KWD")
	multi, err := NewPrice(PriceParams{ID: "m", Currency: usd, UnitAmount: cents(999),
		CurrencyOptions: map[Currency]CurrencyOption{jpy: {UnitAmount: decimal.RequireFromString("1500.5")}, kwd: {UnitAmount: decimal.RequireFromString("3.0005")}}})
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := multi.Quote(jpy, decimal.NewFromInt(1)); !q.Amount.Equal(FromMinor(1501, jpy)) {
		t.Errorf("JPY: %s", q.Amount)
	}
	if q, _ := multi.Quote(kwd, decimal.NewFromInt(1)); !q.Amount.Equal(FromMinor(3001, kwd)) {
		t.Errorf("KWD: %s", q.Amount)
	}
	eur, _ := ParseCurrency("EUR")
	if _, err := multi.Quote(eur, decimal.NewFromInt(1)); !errors.Is(err, ErrCurrencyUnavailable) {
		t.Errorf("EUR: %v", err)
	}
}

func TestMinimumMaximum(t *testing.T) {
	usd := usdCurrency(t)
	min, max := cents(500), cents(2000)
	p, err := NewPrice(PriceParams{ID: "m", Currency: usd, UnitAmount: cents(100), Minimum: &min, Maximum: &max})
	if err != nil {
		t.Fatal(err)
	}
	for qty, want := range map[int64]int64{0: 500, 7: 700, 50: 2000} {
		q, _ := p.Quote(usd, decimal.NewFromInt(qty))
		if !q.Amount.Equal(FromMinor(want, usd)) {
			t.Errorf("q=%d: %s, want %d cents", qty, q.Amount, want)
		}
	}
}

func TestPriceValidation(t *testing.T) {
	usd := usdCurrency(t)
	five, three := decimal.NewFromInt(5), decimal.NewFromInt(3)
	cases := []struct {
		name string
		p    PriceParams
		want error
	}{
		{"no currency", PriceParams{}, ErrUnknownCurrency},
		{"negative unit", PriceParams{Currency: usd, UnitAmount: cents(-1)}, ErrNegativeAmount},
		{"tiers not increasing", PriceParams{Currency: usd, BillingScheme: Tiered, Tiers: []Tier{{UpTo: five}, {UpTo: three}, {Inf: true}}}, ErrTierOrder},
		{"no open tier", PriceParams{Currency: usd, BillingScheme: Tiered, Tiers: []Tier{{UpTo: five}}}, ErrTiersOpenEnd},
		{"open tier first", PriceParams{Currency: usd, BillingScheme: Tiered, Tiers: []Tier{{Inf: true}, {UpTo: five}}}, ErrTiersOpenEnd},
		{"no tiers", PriceParams{Currency: usd, BillingScheme: Tiered}, ErrInvalidTiers},
		{"transform with tiers", PriceParams{Currency: usd, BillingScheme: Tiered, Tiers: []Tier{{Inf: true}}, TransformQuantity: &TransformQuantity{DivideBy: 2}}, ErrTransformWithTiers},
		{"divide by zero", PriceParams{Currency: usd, TransformQuantity: &TransformQuantity{}}, ErrInvalidTransform},
		{"interval count", PriceParams{Currency: usd, Recurring: &Recurring{Interval: Year, IntervalCount: 4}}, ErrInvalidInterval},
		{"huge amount", PriceParams{Currency: usd, UnitAmount: decimal.New(1, 999999999)}, ErrOutOfRange},
		{"min above max", PriceParams{Currency: usd, Minimum: &five, Maximum: &three}, ErrInvalidPrice},
	}
	for _, c := range cases {
		if _, err := NewPrice(c.p); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	p, _ := NewPrice(PriceParams{ID: "p", Currency: usd, UnitAmount: cents(100)})
	if _, err := p.Quote(usd, decimal.NewFromInt(-1)); !errors.Is(err, ErrNegativeQuantity) {
		t.Errorf("negative quantity: %v", err)
	}
	if _, err := (Price{}).Quote(usd, decimal.NewFromInt(1)); !errors.Is(err, ErrInvalidPrice) {
		t.Errorf("zero price: %v", err)
	}
}

func TestUsageRecords(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if _, err := NewUsageRecord(at, decimal.NewFromInt(-1)); !errors.Is(err, ErrNegativeQuantity) {
		t.Errorf("negative: %v", err)
	}
	if _, err := NewUsageRecord(at, decimal.New(1, 999999999)); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("huge: %v", err)
	}
	if _, err := WholeUsageRecord(at, 1e16); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("whole beyond bounds: %v", err)
	}
	half, _ := NewUsageRecord(at, decimal.RequireFromString("0.5"))
	whole, _ := NewUsageRecord(at.Add(time.Hour), decimal.RequireFromString("2.000"))
	if !half.Quantity().Equal(decimal.RequireFromString("0.5")) || !whole.Quantity().Equal(decimal.NewFromInt(2)) || !whole.Timestamp().Equal(at.Add(time.Hour)) {
		t.Errorf("accessors: %s %s %s", half.Quantity(), whole.Quantity(), whole.Timestamp())
	}
	big, _ := WholeUsageRecord(at, 1e15)
	recs := make([]UsageRecord, 0, 20)
	for i := 0; i < 10; i++ {
		recs = append(recs, big, half)
	}
	u, err := Aggregate(recs, at, at.Add(time.Hour), AggregateSum)
	if err != nil || !u.Quantity.Equal(decimal.RequireFromString("10000000000000005")) || u.Records != 20 {
		t.Errorf("sum beyond int64-safe range: %s (%v)", u.Quantity, err)
	}
	if m, _ := Aggregate(recs, at, at.Add(time.Hour), AggregateMax); !m.Quantity.Equal(decimal.NewFromInt(1e15)) {
		t.Errorf("max: %s", m.Quantity)
	}
}
