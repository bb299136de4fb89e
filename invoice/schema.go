package invoice

// The objects of the preview format's request, as the parser matches their members
// and the decoder reads them: each schema's fields, the value Stripe's "object"
// member may take, and the schemas of the objects inside. The decoder reads a field
// by its index constant; TestSchemaFieldIndexes keeps the two in step.

// The schemas of the request's objects (ids distinct and nonzero).
var (
	requestSchema = newSchema(1, "", "currency", "now", "customer_balance", "options", "subscription", "changes", "usage").
			with("options", &optionsSchema).with("subscription", &subscriptionSchema).
			with("changes", &changesSchema).with("usage", &usageSchema)
	optionsSchema      = newSchema(2, "", "proration", "tax_rounding")
	subscriptionSchema = newSchema(3, "", "current_period_start", "current_period_end", "billing_cycle_anchor", "items", "discounts", "default_tax_rates").
				with("items", &itemSchema).with("discounts", &discountSchema).with("default_tax_rates", &taxRateSchema)
	itemSchema = newSchema(4, "subscription_item", "id", "price", "quantity", "tax_rates", "discounts").
			with("price", &priceSchema).with("tax_rates", &taxRateSchema).with("discounts", &discountSchema)
	changesSchema    = newSchema(5, "", "items", "proration_behavior", "proration_date", "billing_cycle_anchor").with("items", &itemChangeSchema)
	itemChangeSchema = newSchema(6, "", "id", "deleted", "price", "quantity", "tax_rates", "discounts").
				with("price", &priceSchema).with("tax_rates", &taxRateSchema).with("discounts", &discountSchema)
	usageSchema    = mapOf(7, &recordSchema)
	recordSchema   = newSchema(8, "usage_record", "timestamp", "quantity")
	taxRateSchema  = newSchema(9, "tax_rate", "id", "display_name", "percentage", "inclusive")
	discountSchema = newSchema(10, "discount", "coupon", "start").with("coupon", &couponSchema)
	couponSchema   = newSchema(11, "coupon", "id", "name", "currency", "percent_off", "amount_off", "currency_options", "duration", "duration_in_months", "applies_to").
			with("currency_options", &couponOptionsSchema).with("applies_to", &appliesToSchema)
	couponOptionsSchema = mapOf(12, &couponOptionSchema)
	couponOptionSchema  = newSchema(13, "", "amount_off")
	appliesToSchema     = newSchema(14, "", "products")
	priceSchema         = newSchema(15, "price", "id", "nickname", "product", "currency", "billing_scheme", "tiers_mode", "unit_amount", "unit_amount_decimal", "tiers", "transform_quantity", "recurring", "currency_options").
				with("product", &productSchema).with("tiers", &tierSchema).with("transform_quantity", &transformSchema).
				with("recurring", &recurringSchema).with("currency_options", &priceOptionsSchema)
	productSchema      = newSchema(16, "product", "id", "name")
	transformSchema    = newSchema(17, "", "divide_by", "round")
	priceOptionsSchema = mapOf(18, &priceOptionSchema)
	priceOptionSchema  = newSchema(19, "", "unit_amount", "unit_amount_decimal", "tiers").with("tiers", &tierSchema)
	tierSchema         = newSchema(20, "", "up_to", "unit_amount", "unit_amount_decimal", "flat_amount", "flat_amount_decimal")
	recurringSchema    = newSchema(21, "", "interval", "interval_count", "usage_type", "aggregate_usage")
)

// Field indexes of the schemas, in the order of their fields.
const (
	requestCurrency = iota
	requestNow
	requestCustomerBalance
	requestOptions
	requestSubscription
	requestChanges
	requestUsage
)

const (
	optionsProration = iota
	optionsTaxRounding
)

const (
	subscriptionCurrentPeriodStart = iota
	subscriptionCurrentPeriodEnd
	subscriptionBillingCycleAnchor
	subscriptionItems
	subscriptionDiscounts
	subscriptionDefaultTaxRates
)

const (
	itemID = iota
	itemPrice
	itemQuantity
	itemTaxRates
	itemDiscounts
)

const (
	changesItems = iota
	changesProrationBehavior
	changesProrationDate
	changesBillingCycleAnchor
)

const (
	itemChangeID = iota
	itemChangeDeleted
	itemChangePrice
	itemChangeQuantity
	itemChangeTaxRates
	itemChangeDiscounts
)

const (
	recordTimestamp = iota
	recordQuantity
)

const (
	taxRateID = iota
	taxRateDisplayName
	taxRatePercentage
	taxRateInclusive
)

const (
	discountCoupon = iota
	discountStart
)

const (
	couponID = iota
	couponName
	couponCurrency
	couponPercentOff
	couponAmountOff
	couponCurrencyOptions
	couponDuration
	couponDurationInMonths
	couponAppliesTo
)

const (
	couponOptionAmountOff = iota
)

const (
	appliesToProducts = iota
)

const (
	priceID = iota
	priceNickname
	priceProduct
	priceCurrency
	priceBillingScheme
	priceTiersMode
	priceUnitAmount
	priceUnitAmountDecimal
	priceTiers
	priceTransformQuantity
	priceRecurring
	priceCurrencyOptions
)

const (
	productID = iota
	productName
)

const (
	transformDivideBy = iota
	transformRound
)

const (
	priceOptionUnitAmount = iota
	priceOptionUnitAmountDecimal
	priceOptionTiers
)

const (
	tierUpTo = iota
	tierUnitAmount
	tierUnitAmountDecimal
	tierFlatAmount
	tierFlatAmountDecimal
)

const (
	recurringInterval = iota
	recurringIntervalCount
	recurringUsageType
	recurringAggregateUsage
)
