package pricing_test

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// A price built again from its Params is Equal to it.
func TestParamsRoundTrip(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("NewPrice(p.Params()) equals p", prop.ForAll(func(pp pricing.PriceParams) bool {
		p, err := pricing.NewPrice(pp)
		if err != nil {
			return true // the generator's params are valid; nothing to check otherwise
		}
		q, err := pricing.NewPrice(p.Params())
		return err == nil && q.Equal(p)
	}, pricingtest.PriceParams()))
	props.TestingRun(t)
}
