package pricingtest_test

import (
	"fmt"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// A property test over any amount in any currency, with reproducible parameters.
func Example() {
	props := gopter.NewProperties(pricingtest.Parameters(100))
	props.Property("negating twice is the identity", prop.ForAll(func(m pricing.Money) bool {
		return m.Neg().Neg().Equal(m)
	}, pricingtest.Money()))
	ok := props.Run(gopter.NewFormatedReporter(false, 80, new(discard)))
	fmt.Println(ok)
	// Output: true
}

type discard struct{}

func (*discard) Write(p []byte) (int, error) { return len(p), nil }
