package pricing_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// NewPrice checks every field once; a refusal names the field of PriceParams.
func ExampleNewPrice() {
	usd, _ := pricing.ParseCurrency("usd")
	_, err := pricing.NewPrice(pricing.PriceParams{
		ID: "price_seats", Currency: usd, BillingScheme: pricing.Tiered,
		Tiers: []pricing.Tier{
			{UpTo: decimal.NewFromInt(10), UnitAmount: decimal.RequireFromString("8.00")},
			{UpTo: decimal.NewFromInt(5), UnitAmount: decimal.RequireFromString("6.00")},
			{Inf: true, UnitAmount: decimal.RequireFromString("5.00")},
		},
	})
	var fe *pricing.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, errors.Is(err, pricing.ErrTierOrder))
	}
	fmt.Println(err)
	// Output:
	// Tiers[1].UpTo true
	// Tiers[1].UpTo: tier bounds not strictly increasing: 5 after 10
}

// Usage records are validated when built: whole quantities stay integers.
func ExampleNewUsageRecord() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r, _ := pricing.NewUsageRecord(at, decimal.RequireFromString("2.5"))
	fmt.Println(r.Quantity(), r.Timestamp().Format(time.RFC3339))
	_, err := pricing.WholeUsageRecord(at, -1)
	fmt.Println(err)
	// Output:
	// 2.5 2026-03-02T09:00:00Z
	// Quantity: negative quantity: -1
}

// Equal compares prices by value: an amount written 9.9 or 9.90 is the same.
func ExamplePrice_Equal() {
	usd, _ := pricing.ParseCurrency("usd")
	a, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_pro", Currency: usd, UnitAmount: decimal.RequireFromString("9.9")})
	b, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_pro", Currency: usd, UnitAmount: decimal.RequireFromString("9.90")})
	c, _ := pricing.NewPrice(pricing.PriceParams{ID: "price_pro", Currency: usd, UnitAmount: decimal.RequireFromString("9.99")})
	fmt.Println(a.Equal(b), a.Equal(c))
	// Output: true false
}
