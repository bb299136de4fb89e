package pricing_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func cents(v int64) decimal.Decimal { return decimal.New(v, -2) }

// Stripe's flat-fee tiers, priced graduated and volume at 12 units.
func ExamplePrice_Quote_tiered() {
	usd, _ := pricing.ParseCurrency("usd")
	tiers := []pricing.Tier{
		{UpTo: decimal.NewFromInt(5), UnitAmount: cents(500), FlatAmount: cents(1000)},
		{UpTo: decimal.NewFromInt(10), UnitAmount: cents(400), FlatAmount: cents(2000)},
		{Inf: true, UnitAmount: cents(300), FlatAmount: cents(3000)},
	}
	for _, mode := range []pricing.TiersMode{pricing.Graduated, pricing.Volume} {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_tiered", Currency: usd, BillingScheme: pricing.Tiered, TiersMode: mode, Tiers: tiers})
		q, _ := p.Quote(usd, decimal.NewFromInt(12))
		fmt.Println(q.Amount)
		fmt.Println(q.Explain())
	}
	// Output:
	// 111.00 USD
	// graduated tiers, quantity 12:
	//   tier 1 (above 0 up to 5): 5 × 5.00 + 10.00 flat = 35.00 USD
	//   tier 2 (above 5 up to 10): 5 × 4.00 + 20.00 flat = 40.00 USD
	//   tier 3 (above 10 up to inf): 2 × 3.00 + 30.00 flat = 36.00 USD
	//   total 111.00 USD
	// 66.00 USD
	// volume tiers, quantity 12:
	//   tier 3 (above 10 up to inf): 12 × 3.00 + 30.00 flat = 66.00 USD
}

// A package price: 10.00 per started pack of 5 seats.
func ExamplePrice_Quote_package() {
	usd, _ := pricing.ParseCurrency("usd")
	p, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_pack", Currency: usd, UnitAmount: cents(1000),
		TransformQuantity: &pricing.TransformQuantity{DivideBy: 5, Round: pricing.TransformRoundUp}})
	q, _ := p.Quote(usd, decimal.NewFromInt(6))
	fmt.Println(q.Explain())
	// Output: 6 units ÷ 5, rounded up = 2 packages × 10.00 = 20.00 USD
}

// A usage price: aggregate the period's records, then price the quantity at 0.05 cents.
func ExampleAggregate() {
	usd, _ := pricing.ParseCurrency("usd")
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 1, 0)
	var records []pricing.UsageRecord
	for _, r := range []struct {
		at    time.Time
		units int64
	}{{start.Add(time.Hour), 12}, {start.Add(48 * time.Hour), 18}, {end, 1000 /* next period */}} {
		rec, _ := pricing.WholeUsageRecord(r.at, r.units)
		records = append(records, rec)
	}
	u, _ := pricing.Aggregate(records, start, end, pricing.AggregateSum)
	api, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_api", Currency: usd, UnitAmount: decimal.RequireFromString("0.0005"),
		Recurring: &pricing.Recurring{Interval: pricing.Month, UsageType: pricing.Metered}})
	q, _ := api.Quote(usd, u.Quantity)
	fmt.Println(u.Explain())
	fmt.Println(q.Explain())
	// Output:
	// usage 30: sum of 2 records from 01 Nov 2026 00:00 UTC to 01 Dec 2026 00:00 UTC
	// 30 × 0.0005 = 0.015 USD
	// 0.015 USD rounded half away from zero to 0.02 USD
}

// A percentage price: 2.9 % + 0.30 per payment, the first payment free.
func ExamplePercentagePrice() {
	usd, _ := pricing.ParseCurrency("usd")
	p, _ := pricing.NewPercentagePrice(pricing.PercentageParams{ID: "price_payments", Currency: usd,
		Rate: decimal.RequireFromString("2.9"), FixedAmount: cents(30), FreeUnitsPerEvents: 1})
	q, _ := p.Quote([]decimal.Decimal{decimal.NewFromInt(100), decimal.NewFromInt(250), decimal.NewFromInt(80)})
	fmt.Println(q.Explain())
	// Output: 3 transaction(s), 1 free; 2.9% of 330.00 USD + fees 0.60 USD = 10.17 USD
}

// One price, amounts in several currencies (Stripe's currency_options).
func ExamplePrice_Quote_multiCurrency() {
	usd, _ := pricing.ParseCurrency("usd")
	eur, _ := pricing.ParseCurrency("eur")
	jpy, _ := pricing.ParseCurrency("jpy")
	p, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_pro", Currency: usd, UnitAmount: cents(3000),
		CurrencyOptions: map[pricing.Currency]pricing.CurrencyOption{eur: {UnitAmount: cents(2800)}, jpy: {UnitAmount: decimal.NewFromInt(4500)}}})
	for _, c := range p.Currencies() {
		q, _ := p.Quote(c, decimal.NewFromInt(3))
		fmt.Println(q.Amount)
	}
	gbp, _ := pricing.ParseCurrency("gbp")
	_, err := p.Quote(gbp, decimal.NewFromInt(3))
	fmt.Println(err)
	// Output:
	// 84.00 EUR
	// 13500 JPY
	// 90.00 USD
	// price "price_pro": price has no amount in this currency: GBP (it has EUR, JPY, USD)
}
