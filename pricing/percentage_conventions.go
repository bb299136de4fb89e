package pricing

import "github.com/shopspring/decimal"

// waivesFixedFees reports whether a percentage quote whose transactions total sum
// charges nothing: with [PercentageParams.NoFixedFeeOnZeroTotal], when sum is zero
// and no per-transaction bound is set.
//
// Lago's percentage charge adds its fixed fees only when the period's aggregated
// amount is not zero; with a per-transaction minimum or maximum it prices each
// transaction instead, fee included, whatever the total
// (app/services/charge_models/percentage_service.rb in github.com/getlago/lago-api).
// With no bound set and a zero total the rate charges nothing either, so the quote
// is zero.
func waivesFixedFees(p PercentageParams, sum decimal.Decimal) bool {
	return p.NoFixedFeeOnZeroTotal && sum.IsZero() && p.PerTransactionMin == nil && p.PerTransactionMax == nil
}
