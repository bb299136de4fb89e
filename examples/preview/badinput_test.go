package main

import (
	"bytes"
	"strings"
	"testing"
)

// req builds a request from a valid one by substituting pieces: price for the
// item's price object, item for the rest of the item, top for extra top-level
// fields, and sub for extra subscription fields.
func req(price, item, top, sub string) string {
	if price == "" {
		price = `{"id":"p","currency":"usd","unit_amount":1000,"recurring":{"interval":"month"}}`
	}
	if item == "" {
		item = `"quantity":1`
	}
	if top != "" {
		top = "," + top
	}
	if sub != "" {
		sub = "," + sub
	}
	return `{"currency":"usd","now":1598982148` + top + `,"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + price + `,` + item + `}]` + sub + `}}`
}

const change = `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_behavior":"create_prorations","proration_date":1598982148}`

func tiered(tiers string) string {
	return `{"id":"p","billing_scheme":"tiered","tiers_mode":"volume","tiers":` + tiers + `,"recurring":{"interval":"month"}}`
}

func TestBadInput(t *testing.T) {
	cases := []struct {
		name, in, path string
	}{
		{"malformed JSON", `{"currency":`, "$"},
		{"not an object", `[1,2]`, "$"},
		{"trailing data", req("", "", "", "") + `{}`, "$"},
		{"empty input", ``, "$"},
		{"unknown top-level field", req("", "", `"curency":"usd"`, ""), "curency"},
		{"unknown price field", req(`{"id":"p","unit_amount":1000,"unit_amout":5,"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amout"},
		{"missing currency", `{"subscription":{"current_period_start":1,"current_period_end":2}}`, "currency"},
		{"unknown currency", strings.Replace(req("", "", "", ""), `"currency":"usd"`, `"currency":"usx"`, 1), "currency"},
		{"mismatched price currency", req(`{"id":"p","currency":"eur","unit_amount":1000,"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price"},
		{"negative quantity", req("", `"quantity":-1`, "", ""), "subscription.items[0].quantity"},
		{"quantity wrong type", req("", `"quantity":true`, "", ""), "subscription.items[0].quantity"},
		{"huge exponent amount", req(`{"id":"p","unit_amount":1e999999999,"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount"},
		{"huge exponent quantity", req("", `"quantity":"1e999999999"`, "", ""), "subscription.items[0].quantity"},
		{"amount beyond 10^15", req(`{"id":"p","unit_amount":10000000000000001,"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount"},
		{"13 decimal places", req(`{"id":"p","unit_amount_decimal":"0.0000000000001","recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount_decimal"},
		{"fractional unit_amount", req(`{"id":"p","unit_amount":10.5,"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount"},
		{"both unit amounts", req(`{"id":"p","unit_amount":1,"unit_amount_decimal":"1","recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount_decimal"},
		{"no unit amount", req(`{"id":"p","recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount"},
		{"tiers not increasing", req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":5,"unit_amount":4},{"up_to":"inf","unit_amount":3}]`), "", "", ""), "subscription.items[0].price.tiers[1].up_to"},
		{"tiers not ending with inf", req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":20,"unit_amount":4}]`), "", "", ""), "subscription.items[0].price.tiers[1].up_to"},
		{"inf not last", req(tiered(`[{"up_to":"inf","unit_amount":5},{"up_to":20,"unit_amount":4}]`), "", "", ""), "subscription.items[0].price.tiers[0].up_to"},
		{"tier without amount", req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":"inf"}]`), "", "", ""), "subscription.items[0].price.tiers[1]"},
		{"tier up_to string", req(tiered(`[{"up_to":"10","unit_amount":5},{"up_to":"inf","unit_amount":1}]`), "", "", ""), "subscription.items[0].price.tiers[0].up_to"},
		{"transform with tiers", req(`{"id":"p","billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":"inf","unit_amount":1}],"transform_quantity":{"divide_by":5,"round":"up"},"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.transform_quantity"},
		{"divide_by zero", req(`{"id":"p","unit_amount":1,"transform_quantity":{"divide_by":0,"round":"up"},"recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.transform_quantity.divide_by"},
		{"bad interval", req(`{"id":"p","unit_amount":1,"recurring":{"interval":"fortnight"}}`, "", "", ""), "subscription.items[0].price.recurring.interval"},
		{"interval beyond 3 years", req(`{"id":"p","unit_amount":1,"recurring":{"interval":"year","interval_count":4}}`, "", "", ""), "subscription.items[0].price.recurring.interval_count"},
		{"period ends before it starts", `{"currency":"usd","subscription":{"current_period_start":1599427688,"current_period_end":1596749288,"items":[]}}`, "subscription.current_period_end"},
		{"bad timestamp", `{"currency":"usd","subscription":{"current_period_start":"yesterday","current_period_end":1596749288,"items":[]}}`, "subscription.current_period_start"},
		{"proration date outside period", req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_date":1599427688}`, ""), "changes.proration_date"},
		{"unknown proration_behavior", req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_behavior":"sometimes"}`, ""), "changes.proration_behavior"},
		{"unknown billing_cycle_anchor", req("", "", `"changes":{"billing_cycle_anchor":"later"}`, ""), "changes.billing_cycle_anchor"},
		{"delete unknown item", req("", "", `"changes":{"items":[{"id":"si_9","deleted":true}]}`, ""), "changes.items[0].id"},
		{"new item without price", req("", "", `"changes":{"items":[{"quantity":3}]}`, ""), "changes.items[0].price"},
		{"unknown proration option", req("", "", `"options":{"proration":"hour"}`, ""), "options.proration"},
		{"unknown tax rounding", req("", "", `"options":{"tax_rounding":"never"}`, ""), "options.tax_rounding"},
		{"tax rate above 100", req("", "", "", `"default_tax_rates":[{"id":"t","percentage":"101"}]`), "subscription.default_tax_rates[0].percentage"},
		{"tax rate too precise", req("", "", "", `"default_tax_rates":[{"id":"t","percentage":"20.00001"}]`), "subscription.default_tax_rates[0].percentage"},
		{"percent_off above 100", req("", "", "", `"discounts":[{"coupon":{"id":"c","percent_off":150}}]`), "subscription.discounts[0].coupon.percent_off"},
		{"coupon with both", req("", "", "", `"discounts":[{"coupon":{"id":"c","percent_off":10,"amount_off":100}}]`), "subscription.discounts[0].coupon.amount_off"},
		{"coupon in other currency", req("", "", "", `"discounts":[{"coupon":{"id":"c","amount_off":100,"currency":"eur"}}]`), "subscription.discounts[0].coupon"},
		{"duplicate key", `{"currency":"usd","currency":"eur"}`, "$"},
		{"usage for unknown item", req("", "", `"usage":{"si_9":[{"timestamp":1597000000,"quantity":1}]}`, ""), "usage.si_9"},
		{"negative usage", req(`{"id":"p","unit_amount":1,"recurring":{"interval":"month","usage_type":"metered"}}`, "", `"usage":{"si_1":[{"timestamp":1597000000,"quantity":-4}]}`, ""), "usage.si_1[0].quantity"},
		{"changes without now", strings.Replace(req("", "", change, ""), `"now":1598982148,`, ``, 1), "now"},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), "$"},
		{"string for number", req(`{"id":"p","unit_amount":"1000","recurring":{"interval":"month"}}`, "", "", ""), "subscription.items[0].price.unit_amount"},
		{"NaN quantity", req("", `"quantity":"NaN"`, "", ""), "subscription.items[0].quantity"},
	}
	if len(cases) < 30 {
		t.Fatalf("want at least 30 bad inputs, have %d", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-o", "json", "-"}, strings.NewReader(c.in), &out, &errOut)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stdout %q stderr %q", code, out.String(), errOut.String())
			}
			msg := errOut.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "error: "+c.path+": ") {
				t.Errorf("stderr %q, want one line starting %q", msg, "error: "+c.path+": ")
			}
			if out.Len() != 0 {
				t.Errorf("stdout not empty on error: %q", out.String())
			}
		})
	}
}
