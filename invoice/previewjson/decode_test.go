package previewjson

import (
	"errors"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/pricing"
)

const testPeriod = `"current_period_start":1596749288,"current_period_end":1599427688`

func mustDecode(t *testing.T, in string) requestForTest {
	t.Helper()
	req, err := DecodeRequest([]byte(in))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return requestForTest{req}
}

type requestForTest struct{ invoiceRequest }

// Tax rates without an id are named txr_N: N from their 1-based position on, past
// the ids the request gives and past names given to other rates.
func TestGeneratedTaxRateIDs(t *testing.T) {
	in := `{"currency":"usd","subscription":{` + testPeriod + `,"items":[
	  {"id":"a","price":{"id":"p","unit_amount":1,"recurring":{"interval":"month"}},"tax_rates":[{"percentage":5},{"percentage":6}]},
	  {"id":"b","price":"p","tax_rates":[{"percentage":5},{"id":"txr_3","percentage":7},{"percentage":8}]}],
	 "default_tax_rates":[{"id":"txr_1","percentage":1},{"percentage":9}]}}`
	r := mustDecode(t, in)
	got := func(i, k int) string { return r.Subscription.Items[i].TaxRates[k].ID() }
	cases := []struct{ got, want string }{
		{got(0, 0), "txr_2"}, // txr_1 is an id of the request
		{got(0, 1), "txr_4"}, // txr_2 is taken by the 5 % rate, txr_3 by an id
		{got(1, 0), "txr_2"}, // the same 5 % rate: the same name
		{got(1, 2), "txr_5"},
		{r.Subscription.DefaultTaxRates[1].ID(), "txr_6"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("rate %d: %s, want %s", i, c.got, c.want)
		}
	}
}

// Stripe writes "tax_rates": [] on a subscription item without rates of its own: the
// subscription's default rates apply. In a change, [] removes the item's rates.
func TestEmptyTaxRates(t *testing.T) {
	r := mustDecode(t, `{"currency":"usd","now":1598982148,"subscription":{`+testPeriod+`,"items":[{"id":"a","price":{"id":"p","unit_amount":1,"recurring":{"interval":"month"}},"tax_rates":[]}]},
	  "changes":{"items":[{"id":"a","tax_rates":[],"discounts":[]},{"id":"a","quantity":2}]}}`)
	if r.Subscription.Items[0].TaxRates != nil {
		t.Errorf("item tax_rates [] gave %v, want nil (the defaults apply)", r.Subscription.Items[0].TaxRates)
	}
	if c := r.Changes.Items[0]; c.TaxRates == nil || len(c.TaxRates) != 0 || c.Discounts == nil || len(c.Discounts) != 0 {
		t.Errorf("change [] gave %v %v, want empty, non-nil lists", c.TaxRates, c.Discounts)
	}
	if c := r.Changes.Items[1]; c.TaxRates != nil || c.Discounts != nil {
		t.Errorf("change without lists gave %v %v, want nil", c.TaxRates, c.Discounts)
	}
}

// Items without an id keep an empty ID (invoice.Preview names them si_N); change
// entries without an id add items (named new_N by Preview).
func TestItemsWithoutIDs(t *testing.T) {
	r := mustDecode(t, `{"currency":"usd","now":1598982148,"subscription":{`+testPeriod+`,"items":[{"price":{"id":"p","unit_amount":1,"recurring":{"interval":"month"}}}]},"changes":{"items":[{"price":"p"}]}}`)
	if r.Subscription.Items[0].ID != "" || r.Changes.Items[0].ID != "" || r.Changes.Items[0].Price == nil || r.Changes.Items[0].Price.ID() != "p" {
		t.Errorf("ids %q %q, price %v", r.Subscription.Items[0].ID, r.Changes.Items[0].ID, r.Changes.Items[0].Price)
	}
	if r.Subscription.Items[0].Quantity != nil {
		t.Errorf("quantity %v, want nil (1)", r.Subscription.Items[0].Quantity)
	}
}

// Money is converted from minor units once: unit_amount 1050 USD cents is 10.50,
// 500 JPY is 500, unit_amount_decimal "0.05" cents is 0.0005 USD.
func TestMinorUnits(t *testing.T) {
	for _, c := range []struct{ cur, price, quote string }{
		{"usd", `"unit_amount":1050`, "10.50"},
		{"jpy", `"unit_amount":500`, "500"},
		{"kwd", `"unit_amount":1050`, "1.050"},
		{"usd", `"unit_amount_decimal":"0.05"`, "0.0005"},
		{"usd", `"unit_amount":7,"unit_amount_decimal":"7.000"`, "0.07"},
	} {
		r := mustDecode(t, `{"currency":"`+c.cur+`","subscription":{`+testPeriod+`,"items":[{"id":"a","price":{"id":"p",`+c.price+`,"recurring":{"interval":"month"}}}]}}`)
		cur, _ := pricing.ParseCurrency(c.cur)
		q, err := r.Subscription.Items[0].Price.Quote(cur, decOne)
		if err != nil || q.UnitAmount().String() != strings.TrimRight(strings.TrimRight(c.quote, "0"), ".") && q.UnitAmount().StringFixed(cur.Digits()) != c.quote {
			t.Errorf("%s %s: unit amount %s (%v), want %s", c.cur, c.price, q.UnitAmount(), err, c.quote)
		}
	}
}

// applies_to.products: [] reaches discount.NewCoupon as an empty, non-nil list.
func TestAppliesToEmpty(t *testing.T) {
	var w couponWire
	d := decoder{}
	if err := d.decodeValue([]byte(`{"id":"c","percent_off":5,"applies_to":{"products":[]}}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.AppliesTo == nil || w.AppliesTo.Products == nil || len(w.AppliesTo.Products) != 0 {
		t.Fatalf("products %#v, want empty and non-nil", w.AppliesTo)
	}
}

// The legacy single discount that is one of discounts is not counted twice; alone it
// is the one discount.
func TestLegacyDiscount(t *testing.T) {
	d := `{"id":"di_1","object":"discount","coupon":{"id":"c","percent_off":10,"duration":"forever"},"start":1596749288}`
	base := `{"currency":"usd","subscription":{` + testPeriod + `,"items":[{"id":"a","price":{"id":"p","unit_amount":1000,"recurring":{"interval":"month"}}}],`
	if r := mustDecode(t, base+`"discounts":[`+d+`],"discount":`+d+`}}`); len(r.Subscription.Discounts) != 1 {
		t.Errorf("discount among discounts: %d discounts, want 1", len(r.Subscription.Discounts))
	}
	if r := mustDecode(t, base+`"discount":`+d+`}}`); len(r.Subscription.Discounts) != 1 {
		t.Errorf("discount alone: %d discounts, want 1", len(r.Subscription.Discounts))
	}
	if r := mustDecode(t, base+`"discount":null,"discounts":[]}}`); len(r.Subscription.Discounts) != 0 {
		t.Errorf("discount null: %d discounts, want 0", len(r.Subscription.Discounts))
	}
}

// Usage records beyond MaxUsageRecords over the request are refused with a path.
func TestUsageLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"currency":"usd","subscription":{` + testPeriod + `,"items":[]},"usage":{"a":[`)
	for i := 0; i < MaxUsageRecords/2; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"timestamp":1597000000,"quantity":1}`)
	}
	half := b.String()
	in := half + `],"b":` + half[strings.Index(half, `[`+`{"timestamp"`):] + `,{"timestamp":1597000000,"quantity":1}]}}`
	_, err := DecodeRequest([]byte(in))
	var pe *PathError
	if !errors.Is(err, ErrTooMany) || !errors.As(err, &pe) || pe.Path != "usage.b" {
		t.Fatalf("got %v, want ErrTooMany at usage.b", err)
	}
}
