package previewjson

// The shapes EncodeRequest writes: the request in the format's own short form,
// members left out where they hold their default.

type requestOut struct {
	Currency        string              `json:"currency"`
	Now             *int64              `json:"now,omitempty"`
	CustomerBalance *int64              `json:"customer_balance,omitempty"`
	Options         *optionsOut         `json:"options,omitempty"`
	Subscription    subscriptionOut     `json:"subscription"`
	Changes         *changesOut         `json:"changes,omitempty"`
	Usage           map[string][]record `json:"usage,omitempty"`
	UsageBefore     map[string]string   `json:"usage_before,omitempty"`
}

type optionsOut struct {
	Proration          string `json:"proration,omitempty"`
	TaxRounding        string `json:"tax_rounding,omitempty"`
	PreviewMode        string `json:"preview_mode,omitempty"`
	Forecast           *int   `json:"forecast,omitempty"`
	ProrationDiscounts string `json:"proration_discounts,omitempty"`
	Engine             string `json:"engine,omitempty"`
	TimeZone           string `json:"time_zone,omitempty"`
	ChangeDay          string `json:"change_day,omitempty"`
	FixedMonth         *int   `json:"fixed_month,omitempty"`
	Denominator        string `json:"proration_denominator,omitempty"`
	FractionScale      *int   `json:"proration_fraction_scale,omitempty"`
	FractionRounding   string `json:"proration_fraction_rounding,omitempty"`
	CapCredits         bool   `json:"cap_credits,omitempty"`
	TierRounding       string `json:"tier_rounding,omitempty"`
	// price and usage conventions
	Currencies []currencyOut `json:"currencies,omitempty"`
	// invoice conventions
	MissingCouponCurrency string `json:"missing_coupon_currency,omitempty"`
	LicensedBilling       string `json:"licensed_billing,omitempty"`
	PlanChange            string `json:"plan_change,omitempty"`
	CreditFrom            string `json:"credit_from,omitempty"`
	TerminationRefund     bool   `json:"termination_refund,omitempty"`
}

type subscriptionOut struct {
	CurrentPeriodStart int64         `json:"current_period_start"`
	CurrentPeriodEnd   int64         `json:"current_period_end"`
	BillingCycleAnchor *int64        `json:"billing_cycle_anchor,omitempty"`
	StartDate          *int64        `json:"start_date,omitempty"`
	TrialStart         *int64        `json:"trial_start,omitempty"`
	Items              []itemOut     `json:"items"`
	Discounts          []discountOut `json:"discounts,omitempty"`
	DefaultTaxRates    []taxRateOut  `json:"default_tax_rates,omitempty"`
	BillingMode        string        `json:"billing_mode,omitempty"`
}

type itemOut struct {
	ID              string        `json:"id,omitempty"`
	Deleted         bool          `json:"deleted,omitempty"`
	Price           *priceOut     `json:"price,omitempty"`
	Quantity        *int64        `json:"quantity,omitempty"`
	QuantityDecimal string        `json:"quantity_decimal,omitempty"`
	TaxRates        []taxRateOut  `json:"tax_rates,omitempty"`
	Discounts       []discountOut `json:"discounts,omitempty"`
}

// changeItemOut is an item change: its lists are written when non-nil (an empty list
// clears the item's own).
type changeItemOut struct {
	ID              string         `json:"id,omitempty"`
	Deleted         bool           `json:"deleted,omitempty"`
	Price           *priceOut      `json:"price,omitempty"`
	Quantity        *int64         `json:"quantity,omitempty"`
	QuantityDecimal string         `json:"quantity_decimal,omitempty"`
	TaxRates        *[]taxRateOut  `json:"tax_rates,omitempty"`
	Discounts       *[]discountOut `json:"discounts,omitempty"`
}

type changesOut struct {
	Items              []changeItemOut `json:"items,omitempty"`
	ProrationBehavior  string          `json:"proration_behavior,omitempty"`
	ProrationDate      *int64          `json:"proration_date,omitempty"`
	BillingCycleAnchor string          `json:"billing_cycle_anchor,omitempty"`
}

type record struct {
	Timestamp int64  `json:"timestamp"`
	Quantity  string `json:"quantity"`
	Amount    string `json:"amount,omitempty"`
}

type priceOut struct {
	ID                string                    `json:"id,omitempty"`
	Nickname          string                    `json:"nickname,omitempty"`
	Product           *productOut               `json:"product,omitempty"`
	Currency          string                    `json:"currency"`
	BillingScheme     string                    `json:"billing_scheme,omitempty"`
	TiersMode         string                    `json:"tiers_mode,omitempty"`
	UnitAmount        *int64                    `json:"unit_amount,omitempty"`
	UnitAmountDecimal string                    `json:"unit_amount_decimal,omitempty"`
	Tiers             []tierOut                 `json:"tiers,omitempty"`
	TransformQuantity *transformOut             `json:"transform_quantity,omitempty"`
	Recurring         *recurringOut             `json:"recurring,omitempty"`
	CurrencyOptions   map[string]priceOptionOut `json:"currency_options,omitempty"`
	// price and usage conventions
	Dynamic    bool           `json:"dynamic,omitempty"`
	Percentage *percentageOut `json:"percentage,omitempty"`
}

type productOut struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

type priceOptionOut struct {
	UnitAmount        *int64    `json:"unit_amount,omitempty"`
	UnitAmountDecimal string    `json:"unit_amount_decimal,omitempty"`
	Tiers             []tierOut `json:"tiers,omitempty"`
}

type tierOut struct {
	UpTo              any    `json:"up_to"`
	UnitAmount        *int64 `json:"unit_amount,omitempty"`
	UnitAmountDecimal string `json:"unit_amount_decimal,omitempty"`
	FlatAmount        *int64 `json:"flat_amount,omitempty"`
	FlatAmountDecimal string `json:"flat_amount_decimal,omitempty"`
}

type transformOut struct {
	DivideBy int64  `json:"divide_by"`
	Round    string `json:"round"`
}

type recurringOut struct {
	Interval       string `json:"interval"`
	IntervalCount  int    `json:"interval_count,omitempty"`
	UsageType      string `json:"usage_type,omitempty"`
	AggregateUsage string `json:"aggregate_usage,omitempty"`
	BucketSize     string `json:"bucket_size,omitempty"`
	Prorated       bool   `json:"prorated,omitempty"`
}

type discountOut struct {
	Coupon couponOut `json:"coupon"`
	Start  *int64    `json:"start,omitempty"`
	End    *int64    `json:"end,omitempty"`
}

type couponOut struct {
	ID               string                     `json:"id"`
	Name             string                     `json:"name,omitempty"`
	PercentOff       string                     `json:"percent_off,omitempty"`
	AmountOff        *int64                     `json:"amount_off,omitempty"`
	Currency         string                     `json:"currency,omitempty"`
	CurrencyOptions  map[string]couponOptionOut `json:"currency_options,omitempty"`
	Duration         string                     `json:"duration"`
	DurationInMonths int                        `json:"duration_in_months,omitempty"`
	AppliesTo        *appliesToOut              `json:"applies_to,omitempty"`
	AmountOffRest    string                     `json:"amount_off_rest,omitempty"`
}

type couponOptionOut struct {
	AmountOff int64 `json:"amount_off"`
}

type appliesToOut struct {
	Products []string `json:"products"`
}

type taxRateOut struct {
	ID          string `json:"id,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
	Percentage  string `json:"percentage"`
	Inclusive   bool   `json:"inclusive,omitempty"`
}
