package previewjson

// The wire types of the price and usage conventions of other engines: a custom
// currency of options.currencies and a price's percentage model.

// currencyWire is a custom currency declared in options.currencies.
type currencyWire struct {
	Code     text    `json:"code"`
	Decimals integer `json:"decimals"`
}

// percentageWire is a price's percentage model, named after the properties of
// Lago's percentage charge; amounts are decimals in major units, as Lago writes them.
type percentageWire struct {
	Rate                         decimalNum `json:"rate"`
	FixedAmount                  decimalNum `json:"fixed_amount"`
	FreeUnitsPerEvents           integer    `json:"free_units_per_events"`
	FreeUnitsPerTotalAggregation decimalNum `json:"free_units_per_total_aggregation"`
	PerTransactionMinAmount      decimalNum `json:"per_transaction_min_amount"`
	PerTransactionMaxAmount      decimalNum `json:"per_transaction_max_amount"`
	FixedFeeOnZeroTotal          flag       `json:"fixed_fee_on_zero_total"`
}
