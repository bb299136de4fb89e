package proration_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// A factor is the exact part of the period left after the change; Apply rounds a
// full-period amount by it once.
func ExampleNewFactor() {
	usd, _ := pricing.ParseCurrency("usd")
	period, _ := proration.NewPeriod(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	at := time.Date(2026, 4, 21, 0, 0, 0, 0, time.UTC)
	bySecond, _ := proration.NewFactor(period, at, proration.BySecond)
	byDay, _ := proration.NewFactor(period, at, proration.ByDay)
	fmt.Println(bySecond, bySecond.Apply(pricing.FromMinor(3000, usd)))
	fmt.Println(byDay, byDay.Apply(pricing.FromMinor(3000, usd)))
	_, err := proration.NewFactor(period, period.End.Add(time.Hour), proration.BySecond)
	var fe *pricing.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, proration.ErrOutsidePeriod))
	// Output:
	// 864000/2592000 s 10.00 USD
	// 10/30 days 10.00 USD
	// true At true
}
