package pricing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestNewPriceFieldErrors checks that every refusal of NewPrice names the Go field
// path of PriceParams and wraps the sentinel.
func TestNewPriceFieldErrors(t *testing.T) {
	usd := usdCurrency(t)
	eur, _ := ParseCurrency("EUR")
	d := decimal.RequireFromString
	dp := func(s string) *decimal.Decimal { v := d(s); return &v }
	tiers := func() []Tier {
		return []Tier{{UpTo: d("10"), UnitAmount: d("1")}, {UpTo: d("20"), UnitAmount: d("0.5")}, {Inf: true, UnitAmount: d("0.25")}}
	}
	tiered := func(ts []Tier) PriceParams {
		return PriceParams{ID: "p", Currency: usd, BillingScheme: Tiered, Tiers: ts}
	}
	withTier := func(i int, f func(*Tier)) PriceParams {
		ts := tiers()
		f(&ts[i])
		return tiered(ts)
	}
	option := func(o CurrencyOption) PriceParams {
		p := tiered(tiers())
		p.CurrencyOptions = map[Currency]CurrencyOption{eur: o}
		return p
	}
	cases := []struct {
		name  string
		p     PriceParams
		field string
		err   error
		text  string
	}{
		{"no currency", PriceParams{UnitAmount: d("1")}, "Currency", ErrUnknownCurrency, ""},
		{"bad scheme", PriceParams{Currency: usd, BillingScheme: 7}, "BillingScheme", ErrInvalidPrice, "7"},
		{"bad mode", PriceParams{Currency: usd, TiersMode: 9}, "TiersMode", ErrInvalidPrice, "9"},
		{"negative unit amount", PriceParams{Currency: usd, UnitAmount: d("-1")}, "UnitAmount", ErrNegativeAmount, "-1"},
		{"huge unit amount", PriceParams{Currency: usd, UnitAmount: decimal.New(1, 999999999)}, "UnitAmount", ErrOutOfRange, ""},
		{"unit amount with tiers", PriceParams{Currency: usd, BillingScheme: Tiered, UnitAmount: d("1"), Tiers: tiers()}, "UnitAmount", ErrInvalidPrice, "1"},
		{"tiers per unit", PriceParams{Currency: usd, Tiers: tiers()}, "Tiers", ErrInvalidTiers, ""},
		{"no tiers", tiered(nil), "Tiers", ErrInvalidTiers, "0 tiers"},
		{"bounds not increasing", withTier(1, func(t *Tier) { t.UpTo = d("5") }), "Tiers[1].UpTo", ErrTierOrder, "5 after 10"},
		{"zero bound", withTier(0, func(t *Tier) { t.UpTo = d("0") }), "Tiers[0].UpTo", ErrTierOrder, "0"},
		{"huge bound", withTier(1, func(t *Tier) { t.UpTo = decimal.New(1, 99) }), "Tiers[1].UpTo", ErrOutOfRange, ""},
		{"open tier first", withTier(0, func(t *Tier) { t.Inf = true }), "Tiers[0].UpTo", ErrTiersOpenEnd, ""},
		{"closed last tier", withTier(2, func(t *Tier) { t.Inf, t.UpTo = false, d("30") }), "Tiers[2].UpTo", ErrTiersOpenEnd, "30"},
		{"negative tier unit", withTier(2, func(t *Tier) { t.UnitAmount = d("-2") }), "Tiers[2].UnitAmount", ErrNegativeAmount, "-2"},
		{"negative flat", withTier(0, func(t *Tier) { t.FlatAmount = d("-3") }), "Tiers[0].FlatAmount", ErrNegativeAmount, "-3"},
		{"transform with tiers", func() PriceParams {
			p := tiered(tiers())
			p.TransformQuantity = &TransformQuantity{DivideBy: 2}
			return p
		}(), "TransformQuantity", ErrTransformWithTiers, ""},
		{"divide by 0", PriceParams{Currency: usd, TransformQuantity: &TransformQuantity{}}, "TransformQuantity.DivideBy", ErrInvalidTransform, "0"},
		{"bad round", PriceParams{Currency: usd, TransformQuantity: &TransformQuantity{DivideBy: 2, Round: 5}}, "TransformQuantity.Round", ErrInvalidTransform, "5"},
		{"bad interval", PriceParams{Currency: usd, Recurring: &Recurring{Interval: 9}}, "Recurring.Interval", ErrInvalidInterval, ""},
		{"interval count", PriceParams{Currency: usd, Recurring: &Recurring{Interval: Month, IntervalCount: 37}}, "Recurring.IntervalCount", ErrInvalidInterval, "37"},
		{"usage type", PriceParams{Currency: usd, Recurring: &Recurring{Interval: Month, UsageType: 4}}, "Recurring.UsageType", ErrInvalidPrice, "4"},
		{"aggregation", PriceParams{Currency: usd, Recurring: &Recurring{Interval: Month, AggregateUsage: 8}}, "Recurring.AggregateUsage", ErrInvalidPrice, "8"},
		{"negative minimum", PriceParams{Currency: usd, Minimum: dp("-1")}, "Minimum", ErrNegativeAmount, "-1"},
		{"maximum below minimum", PriceParams{Currency: usd, Minimum: dp("5"), Maximum: dp("4")}, "Maximum", ErrInvalidPrice, "4 is below minimum 5"},
		{"option in own currency", PriceParams{Currency: usd, CurrencyOptions: map[Currency]CurrencyOption{usd: {}}}, "CurrencyOptions[USD]", ErrInvalidPrice, "USD"},
		{"option without currency", PriceParams{Currency: usd, CurrencyOptions: map[Currency]CurrencyOption{{}: {}}}, "CurrencyOptions", ErrUnknownCurrency, ""},
		{"option unit amount", PriceParams{Currency: usd, CurrencyOptions: map[Currency]CurrencyOption{eur: {UnitAmount: d("-1")}}}, "CurrencyOptions[EUR].UnitAmount", ErrNegativeAmount, "-1"},
		{"option tier amount", option(CurrencyOption{Tiers: func() []Tier { ts := tiers(); ts[1].UnitAmount = d("-1"); return ts }()}), "CurrencyOptions[EUR].Tiers[1].UnitAmount", ErrNegativeAmount, "-1"},
		{"option tier count", option(CurrencyOption{Tiers: tiers()[1:]}), "CurrencyOptions[EUR].Tiers", ErrInvalidTiers, "2 tiers, the price has 3"},
		{"option tier bound", option(CurrencyOption{Tiers: func() []Tier { ts := tiers(); ts[1].UpTo = d("15"); return ts }()}), "CurrencyOptions[EUR].Tiers[1].UpTo", ErrInvalidTiers, "15 differs from the price's 20"},
		{"option maximum", PriceParams{Currency: usd, CurrencyOptions: map[Currency]CurrencyOption{eur: {Maximum: dp("-0.01")}}}, "CurrencyOptions[EUR].Maximum", ErrNegativeAmount, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewPrice(c.p)
			checkFieldError(t, err, c.field, c.err, c.text)
		})
	}
}

// checkFieldError fails unless err is a *FieldError at field wrapping want, whose
// message starts with the field and contains text.
func checkFieldError(t *testing.T, err error, field string, want error, text string) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *FieldError", err, err)
	}
	if fe.Field != field {
		t.Errorf("Field %q, want %q (%v)", fe.Field, field, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("error %v does not wrap %v", err, want)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, field+": ") || !strings.Contains(msg, text) {
		t.Errorf("message %q, want %q first and %q in it", msg, field, text)
	}
}

func TestUsageRecordFieldErrors(t *testing.T) {
	at := time.Unix(1e9, 0)
	cases := []struct {
		name string
		make func() (UsageRecord, error)
		err  error
		text string
	}{
		{"negative", func() (UsageRecord, error) { return NewUsageRecord(at, decimal.NewFromInt(-2)) }, ErrNegativeQuantity, "-2"},
		{"too precise", func() (UsageRecord, error) { return NewUsageRecord(at, decimal.New(1, -20)) }, ErrTooPrecise, ""},
		{"huge", func() (UsageRecord, error) { return NewUsageRecord(at, decimal.New(1, 999999999)) }, ErrOutOfRange, ""},
		{"negative whole", func() (UsageRecord, error) { return WholeUsageRecord(at, -3) }, ErrNegativeQuantity, "-3"},
		{"huge whole", func() (UsageRecord, error) { return WholeUsageRecord(at, 1e15+1) }, ErrOutOfRange, "1000000000000001"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.make()
			checkFieldError(t, err, "Quantity", c.err, c.text)
		})
	}
}
