package invoice

import (
	"testing"

	"github.com/pricekit/pricekit/pricing"
)

// TestAppendLowerCode checks the encoder's currency against Currency.LowerCode for
// every currency and for none.
func TestAppendLowerCode(t *testing.T) {
	for _, c := range append(pricing.Currencies(), pricing.Currency{}) {
		if got, want := string(appendLowerCode([]byte("x"), c)), "x"+string(appendJSONString(nil, c.LowerCode())); got != want {
			t.Errorf("%s: %s, want %s", c.Code(), got, want)
		}
	}
}
