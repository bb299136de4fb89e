package previewjson

import (
	"errors"
	"testing"
)

// Two keys of currency_options for one currency are refused at the second, naming
// both as written.
func TestCurrencyOptionGivenTwice(t *testing.T) {
	in := `{"currency":"usd","subscription":{` + testPeriod + `,"items":[{"id":"a","price":{"id":"p","unit_amount":1,"recurring":{"interval":"month"},
	  "currency_options":{"eur":{"unit_amount":1},"gbp":{"unit_amount":1},"EUR":{"unit_amount":2}}}}]}}`
	_, err := DecodeRequest([]byte(in))
	want := `subscription.items[0].price.currency_options.EUR: conflicting fields: currency EUR given twice ("eur" and "EUR")`
	if !errors.Is(err, ErrConflict) || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
