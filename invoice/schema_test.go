package invoice

import (
	"strings"
	"testing"
)

// TestSchemaFieldIndexes checks that the field constants the decoder reads by are
// the indexes of their names in the schemas.
func TestSchemaFieldIndexes(t *testing.T) {
	for _, c := range []struct {
		s    *schema
		j    int
		name string
	}{
		{&requestSchema, requestCurrency, "currency"},
		{&requestSchema, requestNow, "now"},
		{&requestSchema, requestCustomerBalance, "customer_balance"},
		{&requestSchema, requestOptions, "options"},
		{&requestSchema, requestSubscription, "subscription"},
		{&requestSchema, requestChanges, "changes"},
		{&requestSchema, requestUsage, "usage"},
		{&optionsSchema, optionsProration, "proration"},
		{&optionsSchema, optionsTaxRounding, "tax_rounding"},
		{&subscriptionSchema, subscriptionCurrentPeriodStart, "current_period_start"},
		{&subscriptionSchema, subscriptionCurrentPeriodEnd, "current_period_end"},
		{&subscriptionSchema, subscriptionBillingCycleAnchor, "billing_cycle_anchor"},
		{&subscriptionSchema, subscriptionItems, "items"},
		{&subscriptionSchema, subscriptionDiscounts, "discounts"},
		{&subscriptionSchema, subscriptionDefaultTaxRates, "default_tax_rates"},
		{&itemSchema, itemID, "id"},
		{&itemSchema, itemPrice, "price"},
		{&itemSchema, itemQuantity, "quantity"},
		{&itemSchema, itemTaxRates, "tax_rates"},
		{&itemSchema, itemDiscounts, "discounts"},
		{&changesSchema, changesItems, "items"},
		{&changesSchema, changesProrationBehavior, "proration_behavior"},
		{&changesSchema, changesProrationDate, "proration_date"},
		{&changesSchema, changesBillingCycleAnchor, "billing_cycle_anchor"},
		{&itemChangeSchema, itemChangeID, "id"},
		{&itemChangeSchema, itemChangeDeleted, "deleted"},
		{&itemChangeSchema, itemChangePrice, "price"},
		{&itemChangeSchema, itemChangeQuantity, "quantity"},
		{&itemChangeSchema, itemChangeTaxRates, "tax_rates"},
		{&itemChangeSchema, itemChangeDiscounts, "discounts"},
		{&recordSchema, recordTimestamp, "timestamp"},
		{&recordSchema, recordQuantity, "quantity"},
		{&taxRateSchema, taxRateID, "id"},
		{&taxRateSchema, taxRateDisplayName, "display_name"},
		{&taxRateSchema, taxRatePercentage, "percentage"},
		{&taxRateSchema, taxRateInclusive, "inclusive"},
		{&discountSchema, discountCoupon, "coupon"},
		{&discountSchema, discountStart, "start"},
		{&couponSchema, couponID, "id"},
		{&couponSchema, couponName, "name"},
		{&couponSchema, couponCurrency, "currency"},
		{&couponSchema, couponPercentOff, "percent_off"},
		{&couponSchema, couponAmountOff, "amount_off"},
		{&couponSchema, couponCurrencyOptions, "currency_options"},
		{&couponSchema, couponDuration, "duration"},
		{&couponSchema, couponDurationInMonths, "duration_in_months"},
		{&couponSchema, couponAppliesTo, "applies_to"},
		{&couponOptionSchema, couponOptionAmountOff, "amount_off"},
		{&appliesToSchema, appliesToProducts, "products"},
		{&priceSchema, priceID, "id"},
		{&priceSchema, priceNickname, "nickname"},
		{&priceSchema, priceProduct, "product"},
		{&priceSchema, priceCurrency, "currency"},
		{&priceSchema, priceBillingScheme, "billing_scheme"},
		{&priceSchema, priceTiersMode, "tiers_mode"},
		{&priceSchema, priceUnitAmount, "unit_amount"},
		{&priceSchema, priceUnitAmountDecimal, "unit_amount_decimal"},
		{&priceSchema, priceTiers, "tiers"},
		{&priceSchema, priceTransformQuantity, "transform_quantity"},
		{&priceSchema, priceRecurring, "recurring"},
		{&priceSchema, priceCurrencyOptions, "currency_options"},
		{&productSchema, productID, "id"},
		{&productSchema, productName, "name"},
		{&transformSchema, transformDivideBy, "divide_by"},
		{&transformSchema, transformRound, "round"},
		{&priceOptionSchema, priceOptionUnitAmount, "unit_amount"},
		{&priceOptionSchema, priceOptionUnitAmountDecimal, "unit_amount_decimal"},
		{&priceOptionSchema, priceOptionTiers, "tiers"},
		{&tierSchema, tierUpTo, "up_to"},
		{&tierSchema, tierUnitAmount, "unit_amount"},
		{&tierSchema, tierUnitAmountDecimal, "unit_amount_decimal"},
		{&tierSchema, tierFlatAmount, "flat_amount"},
		{&tierSchema, tierFlatAmountDecimal, "flat_amount_decimal"},
		{&recurringSchema, recurringInterval, "interval"},
		{&recurringSchema, recurringIntervalCount, "interval_count"},
		{&recurringSchema, recurringUsageType, "usage_type"},
		{&recurringSchema, recurringAggregateUsage, "aggregate_usage"},
	} {
		if c.j >= len(c.s.fields) || c.s.fields[c.j] != c.name || c.s.index(c.name) != c.j {
			t.Errorf("schema %d: field %d is not %q", c.s.id, c.j, c.name)
		}
	}
}

// TestSchemaIDs checks that the schemas' ids are distinct and nonzero, so that an
// object parsed with one schema is never read with another's field indexes.
func TestSchemaIDs(t *testing.T) {
	seen := map[uint8]bool{}
	for _, s := range allSchemas() {
		if s.id == 0 || seen[s.id] {
			t.Errorf("schema id %d is zero or repeated", s.id)
		}
		seen[s.id] = true
	}
}

// TestSchemaMatchWords checks that a key's field is found alike a word at a time
// (32 bytes or more of input left) and byte by byte (fewer), for every field of every
// schema: as it is, cut short, lengthened, and with each byte changed.
func TestSchemaMatchWords(t *testing.T) {
	pad := strings.Repeat(" ", 40)
	for _, s := range allSchemas() {
		for j, f := range s.fields {
			keys := []string{f, f[:len(f)-1], f + "x", f + `\"`}
			for i := range f {
				keys = append(keys, f[:i]+"\x7f"+f[i+1:], f[:i]+`"`+f[i+1:])
			}
			for _, k := range keys {
				in := k + `"` + pad
				long, short := s.match([]byte(in)), s.matchShort([]byte(in[:len(k)+1]))
				if long != short {
					t.Errorf("schema %d, key %q: %d a word at a time, %d byte by byte", s.id, k, long, short)
				}
				if k == f && long != j {
					t.Errorf("schema %d, key %q: field %d, want %d", s.id, k, long, j)
				}
			}
		}
	}
}

// allSchemas lists the schemas of the preview format.
func allSchemas() []*schema {
	return []*schema{&requestSchema, &optionsSchema, &subscriptionSchema, &itemSchema, &changesSchema, &itemChangeSchema,
		&usageSchema, &recordSchema, &taxRateSchema, &discountSchema, &couponSchema, &couponOptionsSchema, &couponOptionSchema,
		&appliesToSchema, &priceSchema, &productSchema, &transformSchema, &priceOptionsSchema, &priceOptionSchema, &tierSchema, &recurringSchema}
}
