package pricing_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func ExampleMoney() {
	usd, _ := pricing.ParseCurrency("usd")
	price := pricing.FromMinor(1050, usd) // 10.50 USD, from Stripe's integer cents
	total, _ := price.Add(pricing.FromMinor(249, usd))
	fmt.Println(total, total.Mul(decimal.NewFromInt(3)))
	eur, _ := pricing.ParseCurrency("eur")
	_, err := total.Add(pricing.FromMinor(1, eur))
	fmt.Println(err)
	// Output:
	// 12.99 USD 38.97 USD
	// currency mismatch: USD and EUR
}

func ExampleMoney_Round() {
	usd, _ := pricing.ParseCurrency("usd")
	m := pricing.New(decimal.RequireFromString("0.015"), usd) // 30 calls at 0.05 cents
	fmt.Println(m.Round(pricing.HalfAwayFromZero), m.Round(pricing.HalfEven), m.Round(pricing.Down))
	// Output: 0.02 USD 0.02 USD 0.01 USD
}

func ExampleRound() {
	for _, mode := range []pricing.RoundingMode{pricing.HalfAwayFromZero, pricing.HalfEven, pricing.HalfTowardZero, pricing.Up, pricing.Down, pricing.Ceiling, pricing.Floor} {
		fmt.Printf("%-20s 2.5 → %s  −2.5 → %s\n", mode, pricing.Round(decimal.RequireFromString("2.5"), 0, mode), pricing.Round(decimal.RequireFromString("-2.5"), 0, mode))
	}
	// Output:
	// half-away-from-zero  2.5 → 3  −2.5 → -3
	// half-even            2.5 → 2  −2.5 → -2
	// half-toward-zero     2.5 → 2  −2.5 → -2
	// up                   2.5 → 3  −2.5 → -3
	// down                 2.5 → 2  −2.5 → -2
	// ceiling              2.5 → 3  −2.5 → -2
	// floor                2.5 → 2  −2.5 → -3
}

func ExampleRoundToIncrement() {
	chf, _ := pricing.ParseCurrency("CHF")
	m, _ := pricing.ParseMoney("1.025", chf)
	cash, _ := m.RoundToIncrement(decimal.RequireFromString("0.05"), pricing.HalfAwayFromZero)
	fmt.Println(cash)
	// Output: 1.05 CHF
}

func ExampleAllocate() {
	usd, _ := pricing.ParseCurrency("usd")
	off := pricing.FromMinor(500, usd) // 5.00 USD off lines of 10.00 and 20.00
	stripe, _ := pricing.Allocate(off, pricing.Weights(1000, 2000), pricing.FloorLargestFirst)
	hamilton, _ := pricing.Allocate(off, pricing.Weights(1000, 2000), pricing.LargestRemainder)
	fmt.Println(stripe, hamilton)
	// Output: [1.66 USD 3.34 USD] [1.67 USD 3.33 USD]
}

func ExampleSplit() {
	usd, _ := pricing.ParseCurrency("usd")
	parts, _ := pricing.Split(pricing.FromMinor(100, usd), 3)
	fmt.Println(parts)
	// Output: [0.34 USD 0.33 USD 0.33 USD]
}

func ExampleParseCurrency() {
	for _, code := range []string{"usd", "JPY", "kwd", "xyz"} {
		c, err := pricing.ParseCurrency(code)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c, c.Digits())
	}
	// Output:
	// USD 2
	// JPY 0
	// KWD 3
	// unknown currency: "xyz"
}

func ExampleParseDecimal() {
	v, err := pricing.ParseDecimal("1.5e3")
	fmt.Println(v, err)
	_, err = pricing.ParseDecimal("1e999999999")
	fmt.Println(err)
	// Output:
	// 1500 <nil>
	// value out of range: "1e999999999" is beyond ±10^15
}

func ExampleParseMinor() {
	usd, _ := pricing.ParseCurrency("usd")
	cents, _ := pricing.ParseMinor("1050", usd)      // Stripe's unit_amount
	fraction, _ := pricing.ParseMinor("0.05", usd)   // unit_amount_decimal: a twentieth of a cent
	_, err := pricing.ParseMinor("1e999999999", usd) // refused before any arithmetic
	fmt.Println(cents, fraction)
	fmt.Println(err)
	// Output:
	// 10.50 USD 0.0005 USD
	// value out of range: "1e999999999" is beyond ±10^15
}
