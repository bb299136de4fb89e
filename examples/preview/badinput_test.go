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

const (
	change  = `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_behavior":"create_prorations","proration_date":1598982148}`
	metered = `{"id":"m","unit_amount":1,"recurring":{"interval":"month","usage_type":"metered"}}`
)

func tiered(tiers string) string {
	return `{"id":"p","billing_scheme":"tiered","tiers_mode":"volume","tiers":` + tiers + `,"recurring":{"interval":"month"}}`
}

func withPrice(fields string) string {
	return `{"id":"p","recurring":{"interval":"month"},` + fields + `}`
}

func coupon(fields string) string { return `"discounts":[{"coupon":{"id":"c",` + fields + `}}]` }

// badCase is a request refused by the command: its exit status, the path of the
// error, and a part of the message (the hint, where there is one).
type badCase struct {
	name, in, path, msg string
	// fallback is the path given while the cause (a constructor's error, or a rule
	// of invoice.Preview) does not name its Go field yet: the path of the object.
	fallback string
	// lead marks a rule of invoice.Preview (the billing), not of the format; until
	// Preview has it, the case is skipped when the request is accepted.
	lead bool
}

// Every decoding case of issue 12 and every rule of the format's section A and B,
// through the command.
var badCases = []badCase{
	// Malformed input and limits.
	{name: "malformed JSON", in: `{"currency":`, path: "$", msg: "malformed JSON"},
	{name: "not an object", in: `[1,2]`, path: "$", msg: "a request is a JSON object"},
	{name: "trailing data", in: req("", "", "", "") + `{}`, path: "$", msg: "malformed JSON"},
	{name: "empty input", in: ``, path: "$", msg: "malformed JSON"},
	{name: "too deep", in: strings.Repeat("[", 100) + strings.Repeat("]", 100), path: "$", msg: "nesting deeper than 32"},
	{name: "duplicate key: the second", in: `{"currency":"usd","currency":"eur"}`, path: "currency", msg: `duplicate key "currency"`},
	{name: "duplicate key through an escape", in: req("", `"quantity":1,"quantit\u0079":2`, "", ""), path: "subscription.items[0].quantity", msg: "duplicate key"},
	{name: "invalid UTF-8 in an id (issue 12.9)", in: req("", `"quantity":1`, "", "") + "", path: "", msg: ""}, // replaced below
	{name: "lone surrogate in an id (issue 12.9)", in: strings.Replace(req("", "", "", ""), `"id":"si_1"`, `"id":"si_\ud800"`, 1), path: "subscription.items[0].id", msg: "lone surrogate"},
	{name: "id longer than 255 bytes", in: strings.Replace(req("", "", "", ""), `"id":"si_1"`, `"id":"`+strings.Repeat("x", 256)+`"`, 1), path: "subscription.items[0].id", msg: "more than the limit of 255"},
	{name: "name longer than 5000 bytes", in: req(withPrice(`"unit_amount":1,"nickname":"`+strings.Repeat("n", 5001)+`"`), "", "", ""), path: "subscription.items[0].price.nickname", msg: "more than the limit of 5000"},
	{name: "too many tax rates", in: req("", "", "", `"default_tax_rates":[`+strings.Repeat(`{"percentage":1},`, 10)+`{"percentage":1}]`), path: "subscription.default_tax_rates", msg: "more than 10 entries"},

	// Unknown fields, with a suggestion.
	{name: "unknown top-level field", in: req("", "", `"curency":"usd"`, ""), path: "curency", msg: `did you mean "currency"?`},
	{name: "unknown price field", in: req(withPrice(`"unit_amount":1000,"unit_amout":5`), "", "", ""), path: "subscription.items[0].price.unit_amout", msg: `did you mean "unit_amount"?`},
	{name: "unknown field far from any", in: req("", "", "", `"colour":"red"`), path: "subscription.colour", msg: "unknown field"},
	{name: "a Price where a Coupon belongs", in: req("", "", "", `"discounts":[{"coupon":{"object":"price","id":"c","percent_off":5}}]`), path: "subscription.discounts[0].coupon.object", msg: `a Stripe "coupon" object`},

	// Currency.
	{name: "missing currency", in: `{"subscription":{"current_period_start":1,"current_period_end":2}}`, path: "currency", msg: "missing"},
	{name: "unknown currency", in: strings.Replace(req("", "", "", ""), `"currency":"usd"`, `"currency":"usx"`, 1), path: "currency", msg: "unknown currency"},
	{name: "mismatched price currency", in: req(`{"id":"p","currency":"eur","unit_amount":1000,"recurring":{"interval":"month"}}`, "", "", ""), path: "subscription.items[0].price", msg: "no amount in this currency"},
	{name: "currency options usd and USD (issue 12.8)", in: req(`{"id":"p","currency":"eur","unit_amount":1000,"currency_options":{"usd":{"unit_amount":1},"USD":{"unit_amount":2}},"recurring":{"interval":"month"}}`, "", "", ""), path: "subscription.items[0].price.currency_options.USD", msg: "given twice"},
	{name: "coupon currency options eur and EUR (issue 12.8)", in: req("", "", "", coupon(`"amount_off":100,"currency":"usd","currency_options":{"eur":{"amount_off":90},"EUR":{"amount_off":80}}`)), path: "subscription.discounts[0].coupon.currency_options.EUR", msg: "given twice"},
	{name: "own currency option disagrees", in: req(`{"id":"p","currency":"usd","unit_amount":1000,"currency_options":{"usd":{"unit_amount":999}},"recurring":{"interval":"month"}}`, "", "", ""), path: "subscription.items[0].price.currency_options.usd", msg: "disagrees"},

	// Integers (section A; issue 12.1).
	{name: "unit_amount 28.00 (issue 12.1)", in: req(withPrice(`"unit_amount":28.00`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "amounts are integers in minor units (28.00 in a currency of 2 decimals is 2800): write an integer, or use unit_amount_decimal"},
	{name: "unit_amount quoted", in: req(withPrice(`"unit_amount":"2800"`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "drop the quotes"},
	{name: "unit_amount with an exponent", in: req(withPrice(`"unit_amount":1e3`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "not an integer"},
	{name: "flat_amount fractional", in: req(tiered(`[{"up_to":"inf","flat_amount":10.5}]`), "", "", ""), path: "subscription.items[0].price.tiers[0].flat_amount", msg: "flat_amount_decimal"},
	{name: "amount_off fractional", in: req("", "", "", coupon(`"amount_off":5.5,"currency":"usd"`)), path: "subscription.discounts[0].coupon.amount_off", msg: "amounts are integers in minor units"},
	{name: "customer_balance fractional", in: req("", "", `"customer_balance":-10.5`, ""), path: "customer_balance", msg: "amounts are integers"},
	{name: "interval_count fractional", in: req(`{"id":"p","unit_amount":1,"recurring":{"interval":"month","interval_count":1.5}}`, "", "", ""), path: "subscription.items[0].price.recurring.interval_count", msg: "not an integer"},
	{name: "duration_in_months quoted", in: req("", "", "", coupon(`"percent_off":5,"duration":"repeating","duration_in_months":"3"`)), path: "subscription.discounts[0].coupon.duration_in_months", msg: "drop the quotes"},
	{name: "divide_by fractional", in: req(withPrice(`"unit_amount":1,"transform_quantity":{"divide_by":2.5,"round":"up"}`), "", "", ""), path: "subscription.items[0].price.transform_quantity.divide_by", msg: "not an integer"},
	{name: "huge exponent amount", in: req(withPrice(`"unit_amount":1e999999999`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "not an integer"},
	{name: "huge exponent decimal", in: req(withPrice(`"unit_amount_decimal":"1e999999999"`), "", "", ""), path: "subscription.items[0].price.unit_amount_decimal", msg: "beyond ±10^15"},
	{name: "amount beyond 10^15", in: req(withPrice(`"unit_amount":10000000000000001`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "beyond ±10^15"},
	{name: "13 decimal places", in: req(withPrice(`"unit_amount_decimal":"0.0000000000001"`), "", "", ""), path: "subscription.items[0].price.unit_amount_decimal", msg: "more than 12 decimal places"},
	{name: "NaN decimal", in: req(withPrice(`"unit_amount_decimal":"NaN"`), "", "", ""), path: "subscription.items[0].price.unit_amount_decimal", msg: "invalid decimal syntax"},
	{name: "string for a boolean", in: req("", "", "", `"default_tax_rates":[{"percentage":5,"inclusive":"yes"}]`), path: "subscription.default_tax_rates[0].inclusive", msg: "want true or false"},

	// Quantities (section A; issue 12.6).
	{name: "15.5 seats (issue 12.6)", in: req("", `"quantity":15.5`, "", ""), path: "subscription.items[0].quantity", msg: "write a fractional quantity as quantity_decimal"},
	{name: "quantity quoted", in: req("", `"quantity":"15"`, "", ""), path: "subscription.items[0].quantity", msg: "drop the quotes"},
	{name: "quantity and quantity_decimal", in: req("", `"quantity":1,"quantity_decimal":"1.5"`, "", ""), path: "subscription.items[0].quantity_decimal", msg: "both given"},
	{name: "quantity wrong type", in: req("", `"quantity":true`, "", ""), path: "subscription.items[0].quantity", msg: "want an integer"},
	{name: "negative quantity", in: req("", `"quantity":-1`, "", ""), path: "subscription.items[0].quantity", msg: "negative", lead: true},
	{name: "negative quantity_decimal", in: req("", `"quantity_decimal":"-0.5"`, "", ""), path: "subscription.items[0].quantity_decimal", msg: "negative", lead: true},
	{name: "change quantity fractional", in: req("", "", `"changes":{"items":[{"id":"si_1","quantity":2.5}]}`, ""), path: "changes.items[0].quantity", msg: "quantity_decimal"},
	{name: "metered item with a quantity (issue 12.6)", in: req(metered, `"quantity":2`, "", ""), path: "subscription.items[0].quantity", msg: "metered", lead: true},
	{name: "usage for a licensed item (issue 12.6)", in: req("", "", `"usage":{"si_1":[{"timestamp":1597000000,"quantity":1}]}`, ""), path: "usage.si_1", msg: "licensed", lead: true},
	{name: "usage for an unknown item", in: req("", "", `"usage":{"si_9":[{"timestamp":1597000000,"quantity":1}]}`, ""), path: "usage.si_9", msg: "si_9"},
	{name: "negative usage", in: req(metered, `"metadata":{}`, `"usage":{"si_1":[{"timestamp":1597000000,"quantity":-4}]}`, ""), path: "usage.si_1[0].quantity", msg: "negative"},
	{name: "usage record without timestamp", in: req(metered, `"metadata":{}`, `"usage":{"si_1":[{"quantity":4}]}`, ""), path: "usage.si_1[0].timestamp", msg: "missing"},

	// Timestamps (section A; issue 12.10).
	{name: "sub-second RFC 3339 (issue 12.10)", in: strings.Replace(req("", "", "", ""), `1596749288`, `"2020-08-06T21:28:08.5Z"`, 1), path: "subscription.current_period_start", msg: "fraction of a second"},
	{name: "offset +24:00 (issue 12.10)", in: strings.Replace(req("", "", "", ""), `1596749288`, `"2020-08-06T21:28:08+24:00"`, 1), path: "subscription.current_period_start", msg: "offset beyond ±23:59"},
	{name: "quoted Unix time (issue 12.10)", in: strings.Replace(req("", "", "", ""), `1596749288`, `"1596749288"`, 1), path: "subscription.current_period_start", msg: "drop the quotes"},
	{name: "milliseconds (issue 12.10)", in: strings.Replace(req("", "", "", ""), `1596749288`, `1596749288000`, 1), path: "subscription.current_period_start", msg: "looks like milliseconds"},
	{name: "fractional Unix time", in: strings.Replace(req("", "", "", ""), `1596749288`, `1596749288.5`, 1), path: "subscription.current_period_start", msg: "not whole Unix seconds"},
	{name: "bad timestamp", in: strings.Replace(req("", "", "", ""), `1596749288`, `"yesterday"`, 1), path: "subscription.current_period_start", msg: "RFC 3339"},
	{name: "negative timestamp", in: strings.Replace(req("", "", "", ""), `1596749288`, `-1`, 1), path: "subscription.current_period_start", msg: "before 1970"},

	// Prices.
	{name: "both unit amounts disagree", in: req(withPrice(`"unit_amount":1,"unit_amount_decimal":"2"`), "", "", ""), path: "subscription.items[0].price.unit_amount_decimal", msg: "disagrees"},
	{name: "no unit amount", in: req(withPrice(`"currency":"usd"`), "", "", ""), path: "subscription.items[0].price.unit_amount", msg: "missing"},
	{name: "tiers not increasing", in: req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":5,"unit_amount":4},{"up_to":"inf","unit_amount":3}]`), "", "", ""), path: "subscription.items[0].price.tiers[1].up_to", fallback: "subscription.items[0].price", msg: "not strictly increasing"},
	{name: "tiers not ending with inf", in: req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":20,"unit_amount":4}]`), "", "", ""), path: "subscription.items[0].price.tiers[1].up_to", fallback: "subscription.items[0].price", msg: "open tier"},
	{name: "inf not last", in: req(tiered(`[{"up_to":"inf","unit_amount":5},{"up_to":20,"unit_amount":4}]`), "", "", ""), path: "subscription.items[0].price.tiers[0].up_to", fallback: "subscription.items[0].price", msg: "open tier"},
	{name: "null up_to not last", in: req(tiered(`[{"up_to":null,"unit_amount":5},{"up_to":20,"unit_amount":4}]`), "", "", ""), path: "subscription.items[0].price.tiers[0].up_to", fallback: "subscription.items[0].price", msg: "open tier"},
	{name: "tier without amount", in: req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":"inf"}]`), "", "", ""), path: "subscription.items[0].price.tiers[1]", msg: "unit_amount or flat_amount"},
	{name: "tier without up_to", in: req(tiered(`[{"unit_amount":5}]`), "", "", ""), path: "subscription.items[0].price.tiers[0].up_to", msg: "missing"},
	{name: "tier up_to a boolean", in: req(tiered(`[{"up_to":true,"unit_amount":5}]`), "", "", ""), path: "subscription.items[0].price.tiers[0].up_to", msg: `want a number or "inf"`},
	{name: "transform with tiers", in: req(`{"id":"p","billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":"inf","unit_amount":1}],"transform_quantity":{"divide_by":5,"round":"up"},"recurring":{"interval":"month"}}`, "", "", ""), path: "subscription.items[0].price.transform_quantity", msg: "cannot be combined"},
	{name: "divide_by zero", in: req(withPrice(`"unit_amount":1,"transform_quantity":{"divide_by":0,"round":"up"}`), "", "", ""), path: "subscription.items[0].price.transform_quantity.divide_by", fallback: "subscription.items[0].price", msg: "invalid transform_quantity"},
	{name: "bad interval", in: req(`{"id":"p","unit_amount":1,"recurring":{"interval":"fortnight"}}`, "", "", ""), path: "subscription.items[0].price.recurring.interval", msg: "invalid interval"},
	{name: "interval beyond 3 years", in: req(`{"id":"p","unit_amount":1,"recurring":{"interval":"year","interval_count":4}}`, "", "", ""), path: "subscription.items[0].price.recurring.interval_count", msg: "want 1 to 3"},
	{name: "type disagrees with recurring", in: req(withPrice(`"unit_amount":1,"type":"one_time"`), "", "", ""), path: "subscription.items[0].price.type", msg: "disagrees"},
	{name: "aggregate_usage on a licensed price", in: req(`{"id":"p","unit_amount":1,"recurring":{"interval":"month","aggregate_usage":"sum"}}`, "", "", ""), path: "subscription.items[0].price.recurring.aggregate_usage", msg: "needs usage_type metered"},
	{name: "one-time price on an item (issue 12.5)", in: req(`{"id":"p","unit_amount":1000}`, "", "", ""), path: "subscription.items[0].price", msg: "one-time", lead: true},
	{name: "mixed intervals", in: req("", "", "", "")[0:0] + `{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"a","price":{"id":"m","unit_amount":1,"recurring":{"interval":"month"}}},{"id":"b","price":{"id":"y","unit_amount":1,"recurring":{"interval":"year"}}}]}}`, path: "subscription.items[1].price.recurring", fallback: "subscription.items[1].price", msg: "share one interval"},
	{name: "period not of the cycle (issue 12.4)", in: strings.Replace(req("", "", "", ""), `1599427688`, `1600637288`, 1), path: "subscription.current_period_end", msg: "cycle", lead: true},
	{name: "period ends before it starts", in: `{"currency":"usd","subscription":{"current_period_start":1599427688,"current_period_end":1596749288,"items":[]}}`, path: "subscription.current_period_end", msg: "invalid period"},
	{name: "price id not found", in: req(`"price_gold"`, "", "", ""), path: "subscription.items[0].price", msg: `no price "price_gold"`},
	{name: "price id of prices without its id", in: req("", "", `"prices":[{"unit_amount":1,"recurring":{"interval":"month"}}]`, ""), path: "prices[0].id", msg: "needs its id"},
	{name: "one price id twice, differently", in: req("", "", `"prices":[{"id":"g","unit_amount":1,"recurring":{"interval":"month"}},{"id":"g","unit_amount":2,"recurring":{"interval":"month"}}]`, ""), path: "prices[1].id", msg: "defined twice"},

	// Coupons and discounts.
	{name: "amount_off without currency (issue 12.6)", in: req("", "", "", coupon(`"amount_off":100`)), path: "subscription.discounts[0].coupon.currency", msg: `write "currency": "usd"`},
	{name: "applies_to.products empty (issue 12.7)", in: req("", "", "", coupon(`"percent_off":5,"applies_to":{"products":[]}`)), path: "subscription.discounts[0].coupon.applies_to.products", fallback: "subscription.discounts[0].coupon", msg: "applies_to", lead: true},
	{name: "percent_off above 100", in: req("", "", "", coupon(`"percent_off":150`)), path: "subscription.discounts[0].coupon.percent_off", fallback: "subscription.discounts[0].coupon", msg: "percent_off"},
	{name: "percent_off zero", in: req("", "", "", coupon(`"percent_off":0`)), path: "subscription.discounts[0].coupon.percent_off", msg: "percent_off"},
	{name: "coupon with both", in: req("", "", "", coupon(`"percent_off":10,"amount_off":100,"currency":"usd"`)), path: "subscription.discounts[0].coupon.amount_off", fallback: "subscription.discounts[0].coupon", msg: "set exactly one"},
	{name: "duration_in_months with forever (issue 12.14)", in: req("", "", "", coupon(`"percent_off":10,"duration":"forever","duration_in_months":3`)), path: "subscription.discounts[0].coupon.duration_in_months", fallback: "subscription.discounts[0].coupon", msg: "only a repeating coupon"},
	{name: "coupon in another currency", in: req("", "", "", coupon(`"amount_off":100,"currency":"eur"`)), path: "subscription.discounts[0].coupon", fallback: "subscription.discounts[0]", msg: "no amount_off in this currency"},
	{name: "coupon without id or name", in: req("", "", "", `"discounts":[{"coupon":{"percent_off":5}}]`), path: "subscription.discounts[0].coupon.id", msg: "missing"},
	{name: "one coupon id, two definitions (issue 12.8)", in: req("", "", "", `"discounts":[{"coupon":{"id":"c","percent_off":10}},{"coupon":{"id":"c","percent_off":20}}]`), path: "subscription.discounts[1].coupon", msg: "given twice", lead: true},
	{name: "one tax rate id, two definitions (issue 12.8)", in: req("", "", "", `"default_tax_rates":[{"id":"t","percentage":20},{"id":"t","percentage":10}]`), path: "subscription.default_tax_rates[1]", msg: "t", lead: true},
	{name: "unexpanded discount id", in: req("", "", "", `"discounts":["di_123"]`), path: "subscription.discounts[0]", msg: "expand[]=discounts"},
	{name: "unexpanded item discount id", in: req("", `"discounts":["di_123"]`, "", ""), path: "subscription.items[0].discounts[0]", msg: "expand[]=items.data.discounts"},
	{name: "unexpanded coupon id", in: req("", "", "", `"discounts":[{"object":"discount","source":{"coupon":"SPRING","type":"coupon"}}]`), path: "subscription.discounts[0].source.coupon", msg: "unexpanded Coupon id"},
	{name: "discount end before start", in: req("", "", "", `"discounts":[{"coupon":{"id":"c","percent_off":5},"start":1596749288,"end":1596749288}]`), path: "subscription.discounts[0].end", msg: "not after start"},
	{name: "legacy discount not among discounts", in: req("", "", "", `"discounts":[{"id":"di_1","coupon":{"id":"c","percent_off":5}}],"discount":{"id":"di_2","coupon":{"id":"d","percent_off":5}}`), path: "subscription.discount", msg: "not one of discounts"},

	// Tax rates.
	{name: "tax rate above 100", in: req("", "", "", `"default_tax_rates":[{"id":"t","percentage":"101"}]`), path: "subscription.default_tax_rates[0].percentage", msg: "invalid tax rate"},
	{name: "tax rate too precise", in: req("", "", "", `"default_tax_rates":[{"id":"t","percentage":"20.00001"}]`), path: "subscription.default_tax_rates[0].percentage", msg: "invalid tax rate"},
	{name: "tax rate without percentage", in: req("", "", "", `"default_tax_rates":[{"id":"t"}]`), path: "subscription.default_tax_rates[0].percentage", msg: "missing"},

	// Changes.
	{name: "changes without now", in: strings.Replace(req("", "", change, ""), `"now":1598982148,`, ``, 1), path: "now", msg: "required with changes"},
	{name: "proration date outside the period", in: req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_date":1599427688}`, ""), path: "changes.proration_date", msg: "outside"},
	{name: "now after the period, no proration_date (issue 12.14)", in: strings.Replace(req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}]}`, ""), `"now":1598982148`, `"now":1599427688`, 1), path: "now", msg: "outside", lead: true},
	{name: "unknown proration_behavior", in: req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}],"proration_behavior":"sometimes"}`, ""), path: "changes.proration_behavior", msg: "invalid proration behavior"},
	{name: "unknown billing_cycle_anchor", in: req("", "", `"changes":{"billing_cycle_anchor":"later"}`, ""), path: "changes.billing_cycle_anchor", msg: `want "unchanged", "now" or a timestamp`},
	{name: "timestamp billing_cycle_anchor in changes", in: req("", "", `"changes":{"billing_cycle_anchor":1598982148}`, ""), path: "changes.billing_cycle_anchor", msg: "is for a new subscription"},
	{name: "delete an unknown item", in: req("", "", `"changes":{"items":[{"id":"si_9","deleted":true}]}`, ""), path: "changes.items[0].id", msg: "si_9", lead: true},
	{name: "mistyped change id (issue 12.2)", in: req("", "", `"changes":{"items":[{"id":"si_l","quantity":2}]}`, ""), path: "changes.items[0].id", msg: "si_l", lead: true},
	{name: "new item without price", in: req("", "", `"changes":{"items":[{"quantity":3}]}`, ""), path: "changes.items[0].price", msg: "price"},
	{name: "price with deleted", in: req("", "", `"changes":{"items":[{"id":"si_1","deleted":true,"price":"p"}]}`, ""), path: "changes.items[0].price", msg: "price with deleted"},
	{name: "unknown proration option", in: req("", "", `"options":{"proration":"hour"}`, ""), path: "options.proration", msg: "invalid proration granularity"},
	{name: "unknown tax rounding", in: req("", "", `"options":{"tax_rounding":"never"}`, ""), path: "options.tax_rounding", msg: "want line or invoice"},

	// Stripe objects (section B).
	{name: "list with has_more", in: `{"currency":"usd","subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":{"object":"list","data":[],"has_more":true}}}`, path: "subscription.items.has_more", msg: "fetch it whole"},
	{name: "item periods disagree", in: `{"currency":"usd","subscription":{"items":{"object":"list","data":[{"id":"a","price":{"id":"m","unit_amount":1,"recurring":{"interval":"month"}},"current_period_start":1596749288,"current_period_end":1599427688},{"id":"b","price":"m","current_period_start":1596749288,"current_period_end":1599427689}]}}}`, path: "subscription.items.data[1].current_period_end", msg: "disagrees"},
	{name: "no period anywhere", in: `{"currency":"usd","subscription":{"items":[]}}`, path: "subscription.current_period_start", msg: "missing"},
	{name: "legacy plan disagrees with the price", in: req("", `"plan":{"id":"p","object":"plan","amount":999,"currency":"usd","interval":"month","interval_count":1,"usage_type":"licensed"}`, "", ""), path: "subscription.items[0].plan", msg: "disagrees"},
	{name: "legacy quantity disagrees", in: req("", `"quantity":3`, "", `"quantity":4`), path: "subscription.quantity", msg: "disagrees"},
	{name: "subscription in another currency", in: req("", "", "", `"currency":"eur"`), path: "subscription.currency", msg: "the subscription is in EUR"},
	{name: "automatic tax enabled", in: req("", "", "", `"automatic_tax":{"enabled":true,"liability":null}`), path: "subscription.automatic_tax.enabled", msg: "true is not supported: automatic tax"},
	{name: "billing thresholds set", in: req("", "", "", `"billing_thresholds":{"amount_gte":10000,"reset_billing_cycle_anchor":false}`), path: "subscription.billing_thresholds", msg: "an object is not supported"},
	{name: "status trialing without trial_end", in: req("", "", "", `"status":"trialing"`), path: "subscription.trial_end", msg: "a trialing subscription's trial_end"},
	{name: "status canceled", in: req("", "", "", `"status":"canceled"`), path: "subscription.status", msg: `"canceled" is not supported`},
	{name: "trial ending in the period", in: req("", "", "", `"trial_start":1596749288,"trial_end":1598000000`), path: "subscription.trial_end", msg: "not trialing"},
	{name: "a change of a subscription set to cancel", in: req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}]}`, `"cancel_at_period_end":true`), path: "subscription.cancel_at", msg: "set to cancel"},
	{name: "flexible billing mode without history", in: req("", "", `"changes":{"items":[{"id":"si_1","quantity":2}]}`, `"billing_mode":{"type":"flexible","flexible":null}`), path: "invoices", msg: "flexible mode"},
	{name: "tax_behavior exclusive", in: req(withPrice(`"unit_amount":1,"tax_behavior":"exclusive"`), "", "", ""), path: "subscription.items[0].price.tax_behavior", msg: `"exclusive" is not supported`},
	{name: "custom_unit_amount", in: req(withPrice(`"unit_amount":null,"custom_unit_amount":{"maximum":null,"minimum":500,"preset":null}`), "", "", ""), path: "subscription.items[0].price.custom_unit_amount", msg: "not supported"},
	{name: "trial_period_days on a price", in: req(`{"id":"p","unit_amount":1,"recurring":{"interval":"month","trial_period_days":14}}`, "", "", ""), path: "subscription.items[0].price.recurring.trial_period_days", msg: "14 is not supported"},
	{name: "flat-amount tax rate", in: req("", "", "", `"default_tax_rates":[{"percentage":null,"rate_type":"flat_amount","flat_amount":{"amount":100,"currency":"usd"}}]`), path: "subscription.default_tax_rates[0].rate_type", msg: `"flat_amount" is not supported`},
	{name: "options.forecast beyond 120", in: req("", "", `"options":{"forecast":121}`, ""), path: "options.forecast", msg: "want 0 to 120"},
	{name: "changes.trial_end now without a trial", in: req("", "", `"changes":{"trial_end":"now"}`, ""), path: "changes.trial_end", msg: "not trialing"},
	{name: "schedule without phases", in: req("", "", `"schedule":{"phases":[]}`, ""), path: "schedule.phases", msg: "needs a phase"},
	{name: "an issued invoice without lines", in: req("", "", `"invoices":[{}]`, ""), path: "invoices[0].lines", msg: "missing required field"},
	{name: "new subscription without items", in: `{"currency":"usd","now":1598982148,"changes":{"items":[]}}`, path: "changes.items", msg: "needs at least one item"},
	{name: "new subscription without now", in: `{"currency":"usd","changes":{"items":[]}}`, path: "now", msg: "start_date"},

	// Which error: the first in document order.
	{name: "first error in document order", in: req(withPrice(`"unit_amount":1.5,"bogus":1`), `"quantity":"x"`, "", ""), path: "subscription.items[0].price.unit_amount", msg: "not an integer"},
	{name: "first error in document order, reversed", in: req(withPrice(`"bogus":1,"unit_amount":1.5`), "", "", ""), path: "subscription.items[0].price.bogus", msg: "unknown field"},

	// Bounds (issue 12.11).
	{name: "total beyond ±10^15 minor units (issue 12.11)", in: req(withPrice(`"unit_amount":1000000000000000`), `"quantity":1000`, "", ""), path: "subscription.items[0]", msg: "10^15", lead: true},
}

func init() {
	for i := range badCases {
		if badCases[i].name == "invalid UTF-8 in an id (issue 12.9)" {
			badCases[i].in = strings.Replace(req("", "", "", ""), `"id":"si_1"`, "\"id\":\"si_\xff\"", 1)
			badCases[i].path, badCases[i].msg = "subscription.items[0].id", "invalid UTF-8"
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-o", "json", "-"}, strings.NewReader(c.in), &out, &errOut)
			msg := errOut.String()
			if code != 2 {
				t.Fatalf("exit %d, want 2; stdout %q stderr %q", code, out.String(), msg)
			}
			path := c.path
			if c.fallback != "" && strings.HasPrefix(msg, "error: "+c.fallback+": ") {
				path = c.fallback // the cause does not name its field yet
			}
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "error: "+path+": ") {
				t.Errorf("stderr %q, want one line starting %q", msg, "error: "+path+": ")
			}
			if !strings.Contains(msg, c.msg) {
				t.Errorf("stderr %q, want it to contain %q", msg, c.msg)
			}
			if out.Len() != 0 {
				t.Errorf("stdout not empty on error: %q", out.String())
			}
		})
	}
}

// Requests that v2 keeps valid or makes valid.
func TestValidEdges(t *testing.T) {
	cases := []struct {
		name, in string
		lead     bool // a rule of invoice.Preview: skipped until Preview has it
	}{
		{"both unit amounts agreeing", req(withPrice(`"unit_amount":1000,"unit_amount_decimal":"1000"`), "", "", ""), false},
		{"up_to as a decimal string", req(tiered(`[{"up_to":"10","unit_amount":5},{"up_to":"inf","unit_amount":1}]`), "", "", ""), false},
		{"up_to null for the last tier", req(tiered(`[{"up_to":10,"unit_amount":5},{"up_to":null,"unit_amount":1}]`), "", "", ""), false},
		{"percent_off as a string", req("", "", "", coupon(`"percent_off":"12.5"`)), false},
		{"RFC 3339 with an offset", strings.Replace(req("", "", "", ""), `1596749288`, `"2020-08-07T00:28:08+03:00"`, 1), false},
		{"quantity_decimal", req("", `"quantity_decimal":"2.5"`, "", ""), false},
		{"ignored fields", req(withPrice(`"unit_amount":1,"active":true,"created":1,"livemode":false,"lookup_key":"x","metadata":{"a":"b"}`), "", "", `"id":"sub_1","object":"subscription","customer":"cus_1","collection_method":"charge_automatically"`), false},
		{"unsupported fields unset", req(withPrice(`"unit_amount":1,"tax_behavior":"unspecified","custom_unit_amount":null`), "", "", `"automatic_tax":{"enabled":false},"cancel_at_period_end":false,"cancel_at":null,"pause_collection":null,"billing_mode":"classic","status":"active","trial_end":1596749288`), false},
		{"items as a list object", strings.Replace(strings.Replace(req("", "", "", ""), `"items":[`, `"items":{"object":"list","has_more":false,"data":[`, 1), `}]}}`, `}]}}}`, 1), false},
		{"proration_date at the period start (issue 12.12)", req(metered, `"metadata":{}`, `"changes":{"items":[{"id":"si_1","deleted":true}],"proration_date":1596749288}`, ""), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"-o", "json", "-"}, strings.NewReader(c.in), &out, &errOut)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if !strings.Contains(out.String(), `"object": "invoice"`) {
				t.Errorf("no invoice on stdout: %s", out.String())
			}
		})
	}
}
