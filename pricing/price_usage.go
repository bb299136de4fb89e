package pricing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// This file holds the metered price models of other engines, each an option of
// [PriceParams] whose zero value is Stripe's (the quantity priced by unit amount or
// tiers):
//
//   - [PriceParams.Dynamic]: the amounts carried by the usage records, summed (Lago's
//     dynamic charge).
//   - [PriceParams.Percentage]: a percentage of each transaction plus a fee (Lago's
//     percentage charge).
//   - [Recurring.BucketSize]: usage aggregated per time bucket, the buckets summed
//     (Flexprice).

// PercentageCharge is a metered price's percentage model: Lago's percentage charge
// (https://getlago.com/docs/guide/plans/charges/charge-models/percentage), whose
// properties these fields are named after. The transactions are the period's usage
// records, in time order, each valued at its amount ([NewUsageRecordWithAmount]),
// or at its quantity when it carries none. Amounts are in major units of the price's
// currency. The rules are [PercentagePrice]'s.
type PercentageCharge struct {
	// Rate is the percentage of each transaction charged, 0 to 100 (Lago's rate).
	Rate decimal.Decimal
	// FixedAmount is a fee per charged transaction, ≥ 0 (fixed_amount).
	FixedAmount decimal.Decimal
	// FreeUnitsPerEvents: the first N transactions are free of the rate and the fee;
	// 0 (the default) frees none (free_units_per_events).
	FreeUnitsPerEvents int64
	// FreeUnitsPerTotalAggregation: the first amount of the period's transactions is
	// free of the rate, ≥ 0; 0 (the default) frees none
	// (free_units_per_total_aggregation).
	FreeUnitsPerTotalAggregation decimal.Decimal
	// PerTransactionMin and PerTransactionMax bound each charged transaction's fee;
	// nil (the default) means no bound (per_transaction_min_amount,
	// per_transaction_max_amount).
	PerTransactionMinAmount, PerTransactionMaxAmount *decimal.Decimal
	// NoFixedFeeOnZeroTotal, when true, charges no fixed fee when the period's
	// transactions total zero and no per-transaction bound is set, as Lago does
	// (app/services/charge_models/percentage_service.rb in github.com/getlago/lago-api);
	// false (the default) charges every charged transaction's fee.
	NoFixedFeeOnZeroTotal bool
}

// params returns the charge as the parameters of a [PercentagePrice] in c.
func (pc PercentageCharge) params(id string, c Currency) PercentageParams {
	return PercentageParams{ID: id, Currency: c, Rate: pc.Rate, FixedAmount: pc.FixedAmount, FreeUnitsPerEvents: pc.FreeUnitsPerEvents,
		FreeUnitsPerTotalAggregation: pc.FreeUnitsPerTotalAggregation, PerTransactionMin: pc.PerTransactionMinAmount, PerTransactionMax: pc.PerTransactionMaxAmount,
		NoFixedFeeOnZeroTotal: pc.NoFixedFeeOnZeroTotal}
}

// charge returns the price's percentage model as a [PercentageCharge], bounds copied.
func (pp *PercentagePrice) charge() PercentageCharge {
	p := pp.p
	return PercentageCharge{Rate: p.Rate, FixedAmount: p.FixedAmount, FreeUnitsPerEvents: p.FreeUnitsPerEvents,
		FreeUnitsPerTotalAggregation: p.FreeUnitsPerTotalAggregation, PerTransactionMinAmount: copyBound(p.PerTransactionMin),
		PerTransactionMaxAmount: copyBound(p.PerTransactionMax), NoFixedFeeOnZeroTotal: p.NoFixedFeeOnZeroTotal}
}

// checkBucket checks a recurrence's bucket: a known one, on a metered price, with
// sum, max or last_during_period.
func checkBucket(r Recurring) error {
	if r.BucketSize == NoBucket {
		return nil
	}
	if r.BucketSize.Size() == 0 {
		return fieldErr("Recurring.BucketSize", fmt.Errorf("%w: bucket %d", ErrInvalidPrice, r.BucketSize))
	}
	if r.UsageType != Metered {
		return fieldErr("Recurring.BucketSize", fmt.Errorf("%w: a bucket aggregates usage: the price must be metered", ErrInvalidPrice))
	}
	if r.AggregateUsage > AggregateLastDuringPeriod {
		return fieldErr("Recurring.BucketSize", fmt.Errorf("%w: a bucket with aggregate_usage %s (want sum, max or last_during_period)", ErrInvalidPrice, r.AggregateUsage))
	}
	return nil
}

// setUsageModel validates p's Dynamic and Percentage and sets them on out, whose
// recurrence is already set.
func (out *Price) setUsageModel(p *PriceParams) error {
	if err := checkProrated(p, out.recurring); err != nil {
		return err
	}
	if !p.Dynamic && p.Percentage == nil {
		return nil
	}
	field, what := "Dynamic", "a dynamic price"
	if p.Percentage != nil {
		field, what = "Percentage", "a percentage price"
		if p.Dynamic {
			return fieldErr("Percentage", fmt.Errorf("%w: a price is dynamic or a percentage, not both", ErrInvalidPrice))
		}
	}
	refuse := func(f, why string) error {
		return fieldErr(f, fmt.Errorf("%w: %s %s", ErrInvalidPrice, what, why))
	}
	switch {
	case out.recurring == nil || out.recurring.UsageType != Metered:
		return refuse(field, "bills usage records: the price must be recurring and metered")
	case out.recurring.BucketSize != NoBucket:
		return refuse("Recurring.BucketSize", "takes no bucket")
	case p.BillingScheme != PerUnit || len(p.Tiers) > 0:
		return refuse("BillingScheme", "has no tiers")
	case !p.UnitAmount.IsZero():
		return refuse("UnitAmount", "has no unit amount (it bills the records' amounts)")
	case p.TransformQuantity != nil:
		return refuse("TransformQuantity", "has no transform_quantity")
	case len(p.CurrencyOptions) > 0:
		return refuse("CurrencyOptions", "bills in its own currency only (the records' amounts are in it)")
	case p.Percentage != nil && (p.Minimum != nil || p.Maximum != nil):
		return refuse("Minimum", "takes per-transaction bounds, not a minimum or maximum of the line")
	}
	if p.Dynamic {
		out.dynamic = true
		return nil
	}
	if err := checkPercentageCharge(p.Percentage, p.Currency); err != nil {
		return err
	}
	pp, err := NewPercentagePrice(p.Percentage.params(p.ID, p.Currency))
	if err != nil {
		return fieldErr("Percentage", err)
	}
	out.percentage = &pp
	return nil
}

// sameUsageModel reports whether p and q have the same usage model, by value.
func (p Price) sameUsageModel(q Price) bool {
	if p.dynamic != q.dynamic || (p.percentage == nil) != (q.percentage == nil) {
		return false
	}
	if p.percentage == nil {
		return true
	}
	a, b := p.percentage.p, q.percentage.p
	return a.Rate.Equal(b.Rate) && a.FixedAmount.Equal(b.FixedAmount) && a.FreeUnitsPerEvents == b.FreeUnitsPerEvents &&
		a.FreeUnitsPerTotalAggregation.Equal(b.FreeUnitsPerTotalAggregation) && equalBound(a.PerTransactionMin, b.PerTransactionMin) &&
		equalBound(a.PerTransactionMax, b.PerTransactionMax) && a.NoFixedFeeOnZeroTotal == b.NoFixedFeeOnZeroTotal
}

// IsDynamic reports whether the price bills the amounts its usage records carry
// ([PriceParams.Dynamic]).
func (p Price) IsDynamic() bool { return p.dynamic }

// Percentage returns the price's percentage model and true, or false for a price
// without one ([PriceParams.Percentage]).
func (p Price) Percentage() (PercentageCharge, bool) {
	if p.percentage == nil {
		return PercentageCharge{}, false
	}
	return p.percentage.charge(), true
}

// AggregateUsage computes the usage of [start, end) that the price bills: the
// amounts of the records for a dynamic price ([AggregateAmounts]), the records as
// transactions for a percentage price ([AggregateTransactions]), else the
// quantities by the price's aggregation and bucket ([AggregateBuckets]), or, for
// a prorated price, the units weighed by their days over [start, end) as the whole
// period, in UTC ([AggregateProrated]; call it for a part of a period or another
// time zone). A price that is not metered aggregates by sum.
func (p Price) AggregateUsage(records []UsageRecord, start, end time.Time) (Usage, error) {
	switch {
	case p.dynamic:
		return AggregateAmounts(records, start, end)
	case p.percentage != nil:
		return AggregateTransactions(records, start, end)
	}
	var r Recurring
	if p.recurring != nil {
		r = *p.recurring
	}
	if r.Prorated {
		return AggregateProrated(records, ProratedPeriod{Start: start, End: end})
	}
	return AggregateBuckets(records, start, end, r.AggregateUsage, r.BucketSize)
}

// QuoteUsage prices the usage u in currency c: a percentage price charges
// u.Transactions ([PercentagePrice.Quote]), and the quote's Percentage holds the
// detail; a prorated price prices u.Prorated (its tiers chosen by full units, its
// unit amounts on prorated units, see [Recurring.Prorated]) and the quote's Tiers
// hold a tiered breakdown; any other price quotes u.Quantity as [Price.Quote] does
// (for a dynamic price, the amounts' sum, billed as it is). u comes from
// [Price.AggregateUsage] (or [AggregateProrated]).
func (p Price) QuoteUsage(c Currency, u Usage) (Quote, error) {
	if p.IsProrated() {
		return p.quoteProrated(c, u)
	}
	if p.percentage == nil {
		return p.Quote(c, u.Quantity)
	}
	if _, err := p.amountsIn(c); err != nil {
		return Quote{}, err
	}
	if u.Transactions == nil {
		return Quote{}, fmt.Errorf("price %q: %w: a percentage price charges transactions: aggregate them with AggregateUsage (aggregated usage has none)", p.id, ErrInvalidPrice)
	}
	pq, err := p.percentage.Quote(u.Transactions)
	if err != nil {
		return Quote{}, err
	}
	q := Quote{Price: p.id, Currency: c, Quantity: u.Quantity, BilledQuantity: u.Quantity, Scheme: PerUnit, Exact: pq.Exact, Amount: pq.Amount, Percentage: &pq}
	return q, nil
}

// checkPercentageCharge checks pc's fields in currency c, each error a
// [*FieldError] at its path under "Percentage".
func checkPercentageCharge(pc *PercentageCharge, c Currency) error {
	if pc.Rate.Sign() < 0 || pc.Rate.GreaterThan(decimal.NewFromInt(100)) {
		return fieldErr("Percentage.Rate", fmt.Errorf("%w: rate %s (want 0 to 100 percent)", ErrInvalidPrice, text.ShortDecimal(pc.Rate)))
	}
	if err := CheckBounds(pc.Rate); err != nil {
		return fieldErr("Percentage.Rate", err)
	}
	if pc.FreeUnitsPerEvents < 0 || pc.FreeUnitsPerEvents > maxConventionCount {
		return fieldErr("Percentage.FreeUnitsPerEvents", fmt.Errorf("%w: %d free transactions (want 0 to 10^15)", ErrInvalidPrice, pc.FreeUnitsPerEvents))
	}
	amounts := [...]struct {
		field string
		v     *decimal.Decimal
	}{{"FixedAmount", &pc.FixedAmount}, {"FreeUnitsPerTotalAggregation", &pc.FreeUnitsPerTotalAggregation},
		{"PerTransactionMinAmount", pc.PerTransactionMinAmount}, {"PerTransactionMaxAmount", pc.PerTransactionMaxAmount}}
	for _, a := range amounts {
		if a.v == nil {
			continue
		}
		if a.v.Sign() < 0 {
			return fieldErr("Percentage."+a.field, fmt.Errorf("%w: %s", ErrNegativeAmount, text.ShortDecimal(*a.v)))
		}
		if err := CheckMoneyBounds(New(*a.v, c)); err != nil {
			return fieldErr("Percentage."+a.field, err)
		}
	}
	if lo, hi := pc.PerTransactionMinAmount, pc.PerTransactionMaxAmount; lo != nil && hi != nil && hi.LessThan(*lo) {
		return fieldErr("Percentage.PerTransactionMaxAmount", fmt.Errorf("%w: %s is below the minimum %s", ErrInvalidPrice, text.ShortDecimal(*hi), text.ShortDecimal(*lo)))
	}
	return nil
}
