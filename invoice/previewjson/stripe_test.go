package previewjson

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Stripe's objects pasted as the API returns them (testdata/, in the shapes of API
// versions 2024-06-20 and 2025-09-30.clover), end to end.
func TestStripeObjectsVerbatim(t *testing.T) {
	const (
		period2024 = `"current_period_start":1719792000,"current_period_end":1722470400`
		period2025 = `"current_period_start":1760486400,"current_period_end":1763164800`
		seat2025   = `{"id":"si_1","price":{"id":"p_seat","product":"prod_TAseat0002","currency":"eur","unit_amount":2800,"recurring":{"interval":"month"}},"quantity":10}`
		seat2024   = `{"id":"si_1","price":{"id":"p_seat","product":"prod_QHpro0001","unit_amount":3000,"recurring":{"interval":"month"}},"quantity":5}`
	)
	cases := []struct {
		name, in  string
		amounts   []int64
		discount  int64
		tax       int64
		total     int64
		unapplied int
	}{
		{"Subscription 2024-06-20 (periods on the subscription, legacy plan, quantity and discount)",
			`{"currency":"usd","subscription":{{subscription_2024-06-20}}}`,
			[]int64{15000}, 1500, 979, 14479, 0},
		{"Subscription 2024-06-20 with a change to a price of prices, by id",
			`{"currency":"usd","now":1721000000,"prices":[{"id":"price_business","object":"price","product":"prod_QHbiz0001","currency":"usd","unit_amount":5000,"unit_amount_decimal":"5000","recurring":{"interval":"month","interval_count":1,"usage_type":"licensed"},"type":"recurring"}],
			  "subscription":{{subscription_2024-06-20}},"changes":{"items":[{"id":"si_QHitem0001","price":"price_business"}]}}`,
			[]int64{-8235, 13725, 25000}, 3049, 1990, 29431, 0},
		{"Subscription 2025-09-30.clover (periods on the items, billing_mode, source.coupon, metered tiers)",
			`{"currency":"eur","subscription":{{subscription_2025-09-30.clover}},
			  "usage":{"si_TAagent0002":[{"timestamp":1761000000,"quantity":700},{"timestamp":1762000000,"quantity":500}]}}`,
			[]int64{28000, 114900}, 22980, 23984, 143904, 0},
		{"Price 2024-06-20 in prices, named by id, in a currency option",
			`{"currency":"eur","prices":[{{price_2024-06-20}}],"subscription":{` + period2024 + `,"items":[{"id":"si_1","price":"price_1PQpro0001","quantity":3}]}}`,
			[]int64{8400}, 0, 0, 8400, 0},
		{"Price 2025-09-30.clover (tiers with up_to null, its own currency among currency_options)",
			`{"currency":"eur","prices":[{{price_2025-09-30.clover}}],"subscription":{` + period2025 + `,"items":[{"id":"si_1","price":"price_1SAstorage0002","quantity_decimal":"250.5"}]}}`,
			[]int64{626}, 0, 0, 626, 0},
		{"Price 2025-09-30.clover in another currency",
			`{"currency":"usd","prices":[{{price_2025-09-30.clover}}],"subscription":{` + period2025 + `,"items":[{"id":"si_1","price":"price_1SAstorage0002","quantity":250}]}}`,
			[]int64{750}, 0, 0, 750, 0},
		{"Product 2024-06-20 expanded in a price",
			`{"currency":"usd","subscription":{` + period2024 + `,"items":[{"id":"si_1","price":{"id":"p","product":{{product_2024-06-20}},"unit_amount":3000,"recurring":{"interval":"month"}},"quantity":2}]}}`,
			[]int64{6000}, 0, 0, 6000, 0},
		{"Product 2025-09-30.clover expanded in a price",
			`{"currency":"eur","subscription":{` + period2025 + `,"items":[{"id":"si_1","price":{"id":"p","product":{{product_2025-09-30.clover}},"unit_amount":2800,"recurring":{"interval":"month"}},"quantity":1}]}}`,
			[]int64{2800}, 0, 0, 2800, 0},
		{"Coupon 2024-06-20 (amount_off with currency_options, its own currency among them)",
			`{"currency":"eur","subscription":{` + period2024 + `,"items":[` + seat2024 + `],"discounts":[{"coupon":{{coupon_2024-06-20}}}]}}`,
			nil, 0, 0, 0, -1},
		{"Coupon 2025-09-30.clover (percent_off 15.5, applies_to)",
			`{"currency":"eur","subscription":{` + period2025 + `,"items":[` + seat2025 + `],"discounts":[{"coupon":{{coupon_2025-09-30.clover}}}]}}`,
			[]int64{28000}, 4340, 0, 23660, 0},
		{"Discount 2024-06-20 (coupon, start, end)",
			`{"currency":"usd","subscription":{` + period2024 + `,"items":[` + seat2024 + `],"discounts":[{{discount_2024-06-20}}]}}`,
			[]int64{15000}, 3750, 0, 11250, 0},
		{"Discount 2025-09-30.clover (source.coupon)",
			`{"currency":"eur","subscription":{` + period2025 + `,"items":[` + seat2025 + `],"discounts":[{{discount_2025-09-30.clover}}]}}`,
			[]int64{28000}, 1000, 0, 27000, 0},
		{"TaxRate 2024-06-20 (inclusive)",
			`{"currency":"usd","subscription":{` + period2024 + `,"items":[` + seat2024 + `],"default_tax_rates":[{{tax_rate_2024-06-20}}]}}`,
			[]int64{15000}, 0, 2500, 15000, 0},
		{"TaxRate 2025-09-30.clover (rate_type percentage, flat_amount null)",
			`{"currency":"eur","subscription":{` + period2025 + `,"items":[` + seat2025 + `],"default_tax_rates":[{{tax_rate_2025-09-30.clover}}]}}`,
			[]int64{28000}, 0, 5320, 33320, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := fill(t, c.in)
			if c.unapplied < 0 { // an amount_off coupon: checked below by its share
				r := previewResponse(t, in)
				if r.TotalDiscountAmount != 450 || r.Total != 15000-450 {
					t.Errorf("discount %d total %d, want 450 (the eur option) and %d", r.TotalDiscountAmount, r.Total, 15000-450)
				}
				return
			}
			r := previewResponse(t, in)
			if diff := cmp.Diff(c.amounts, amounts(r)); diff != "" {
				t.Errorf("line amounts (-want +got):\n%s", diff)
			}
			if r.TotalDiscountAmount != c.discount || r.Tax != c.tax || r.Total != c.total || len(r.UnappliedDiscounts) != c.unapplied {
				t.Errorf("discount %d tax %d total %d unapplied %d, want %d %d %d %d", r.TotalDiscountAmount, r.Tax, r.Total, len(r.UnappliedDiscounts), c.discount, c.tax, c.total, c.unapplied)
			}
		})
	}
}
