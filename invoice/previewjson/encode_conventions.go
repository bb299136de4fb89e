package previewjson

import (
	"github.com/shopspring/decimal"

	textfmt "github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// The price and usage conventions of other engines, as EncodeRequest writes them.

type currencyOut struct {
	Code     string `json:"code"`
	Decimals int32  `json:"decimals"`
}

type percentageOut struct {
	Rate                         string `json:"rate"`
	FixedAmount                  string `json:"fixed_amount,omitempty"`
	FreeUnitsPerEvents           int64  `json:"free_units_per_events,omitempty"`
	FreeUnitsPerTotalAggregation string `json:"free_units_per_total_aggregation,omitempty"`
	PerTransactionMinAmount      string `json:"per_transaction_min_amount,omitempty"`
	PerTransactionMaxAmount      string `json:"per_transaction_max_amount,omitempty"`
	FixedFeeOnZeroTotal          *bool  `json:"fixed_fee_on_zero_total,omitempty"`
}

// currenciesOut declares the request's currency in options.currencies when it is a
// custom one.
func currenciesOut(out *requestOut, c pricing.Currency) {
	if !c.IsCustom() {
		return
	}
	if out.Options == nil {
		out.Options = &optionsOut{}
	}
	out.Options.Currencies = []currencyOut{{Code: c.LowerCode(), Decimals: c.Digits()}}
}

// priceConventionsOut writes the dynamic, percentage and bucket_size members of the
// price pp into out.
func priceConventionsOut(pp *pricing.PriceParams, out *priceOut) {
	if r := pp.Recurring; r != nil && r.BucketSize != pricing.NoBucket && out.Recurring != nil {
		out.Recurring.BucketSize = r.BucketSize.String()
	}
	if r := pp.Recurring; r != nil && r.Prorated && out.Recurring != nil {
		out.Recurring.Prorated = true
	}
	if !pp.Dynamic && pp.Percentage == nil {
		return
	}
	out.UnitAmount, out.UnitAmountDecimal = nil, ""
	out.Dynamic = pp.Dynamic
	pc := pp.Percentage
	if pc == nil {
		return
	}
	dec := func(d decimal.Decimal) string {
		if d.IsZero() {
			return ""
		}
		return string(textfmt.AppendDecimal(nil, d))
	}
	po := &percentageOut{Rate: string(textfmt.AppendDecimal(nil, pc.Rate)), FixedAmount: dec(pc.FixedAmount), FreeUnitsPerEvents: pc.FreeUnitsPerEvents,
		FreeUnitsPerTotalAggregation: dec(pc.FreeUnitsPerTotalAggregation)}
	if pc.PerTransactionMinAmount != nil {
		po.PerTransactionMinAmount = string(textfmt.AppendDecimal(nil, *pc.PerTransactionMinAmount))
	}
	if pc.PerTransactionMaxAmount != nil {
		po.PerTransactionMaxAmount = string(textfmt.AppendDecimal(nil, *pc.PerTransactionMaxAmount))
	}
	if pc.NoFixedFeeOnZeroTotal {
		f := false
		po.FixedFeeOnZeroTotal = &f
	}
	out.Percentage = po
}
