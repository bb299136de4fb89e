package pricing

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// PercentageParams are the fields of a percentage price (Lago's percentage charge
// model, used by payment and marketplace products), validated by [NewPercentagePrice].
// Amounts are in major units of Currency.
type PercentageParams struct {
	// ID is the price's id; it may be empty.
	ID string
	// Currency is the currency of the transactions and the fees; required.
	Currency Currency
	// Rate is the percentage of each transaction's amount, 0 ≤ Rate ≤ 100.
	Rate decimal.Decimal
	// FixedAmount is a fee per transaction, on top of the rate.
	FixedAmount decimal.Decimal
	// FreeUnitsPerEvents: the first N transactions are free of the rate and the fee.
	FreeUnitsPerEvents int64
	// FreeUnitsPerTotalAggregation: the first amount of the period's transactions is
	// free of the rate (and a transaction wholly inside it of the fee too).
	FreeUnitsPerTotalAggregation decimal.Decimal
	// PerTransactionMin and PerTransactionMax bound the fee of each charged transaction.
	PerTransactionMin, PerTransactionMax *decimal.Decimal
	// NoFixedFeeOnZeroTotal, when true, charges no fixed fee when the transactions'
	// amounts total zero and neither per-transaction bound is set, as Lago does; false
	// (the default) charges every charged transaction's fee. See
	// [PercentagePrice.Quote].
	NoFixedFeeOnZeroTotal bool
}

// PercentagePrice charges a percentage of transaction amounts. Build it with
// [NewPercentagePrice].
//
// The rules, as Lago documents them: transactions are taken in order; a transaction
// is free while the free allowances last — the first FreeUnitsPerEvents transactions
// and the first FreeUnitsPerTotalAggregation of amount, whichever runs out first when
// both are set. A transaction that crosses the free amount pays the rate on the part
// above it. Every charged transaction pays amount × Rate / 100 + FixedAmount, bounded
// by PerTransactionMin and PerTransactionMax. The sum is exact and rounded once, half
// away from zero, to the minor unit.
type PercentagePrice struct {
	p PercentageParams
}

// NewPercentagePrice validates p.
func NewPercentagePrice(p PercentageParams) (PercentagePrice, error) {
	if p.Currency.IsZero() {
		return PercentagePrice{}, fmt.Errorf("currency: %w", ErrUnknownCurrency)
	}
	if p.Rate.Sign() < 0 || p.Rate.GreaterThan(decimal.NewFromInt(100)) {
		return PercentagePrice{}, fmt.Errorf("rate %s (want 0 to 100): %w", text.ShortDecimal(p.Rate), ErrInvalidPrice)
	}
	if err := CheckBounds(p.Rate); err != nil {
		return PercentagePrice{}, fmt.Errorf("rate: %w", err)
	}
	for name, v := range map[string]*decimal.Decimal{"fixed_amount": &p.FixedAmount, "free_units_per_total_aggregation": &p.FreeUnitsPerTotalAggregation,
		"per_transaction_min_amount": p.PerTransactionMin, "per_transaction_max_amount": p.PerTransactionMax} {
		if v == nil {
			continue
		}
		if v.Sign() < 0 {
			return PercentagePrice{}, fmt.Errorf("%s %s: %w", name, text.ShortDecimal(*v), ErrNegativeAmount)
		}
		if err := CheckMoneyBounds(New(*v, p.Currency)); err != nil {
			return PercentagePrice{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	if p.FreeUnitsPerEvents < 0 {
		return PercentagePrice{}, fmt.Errorf("free_units_per_events %d: %w", p.FreeUnitsPerEvents, ErrInvalidPrice)
	}
	if p.PerTransactionMin != nil && p.PerTransactionMax != nil && p.PerTransactionMax.LessThan(*p.PerTransactionMin) {
		return PercentagePrice{}, fmt.Errorf("per_transaction_max_amount %s is below the minimum %s: %w", *p.PerTransactionMax, *p.PerTransactionMin, ErrInvalidPrice)
	}
	if p.PerTransactionMin != nil {
		v := *p.PerTransactionMin
		p.PerTransactionMin = &v
	}
	if p.PerTransactionMax != nil {
		v := *p.PerTransactionMax
		p.PerTransactionMax = &v
	}
	return PercentagePrice{p: p}, nil
}

// PercentageQuote is what a list of transactions costs under a percentage price.
type PercentageQuote struct {
	// Transactions is the number of transactions priced.
	Transactions int
	// Free is how many of them were wholly free (no rate, no fee).
	Free int
	// Base is the amount the rate applied to, major units.
	Base decimal.Decimal
	// Fees is the total of the fixed fees charged, after the per-transaction bounds,
	// major units.
	Fees decimal.Decimal
	// Exact is the unrounded total.
	Exact Money
	// Amount is Exact rounded half away from zero to the currency's minor unit.
	Amount Money

	rate decimal.Decimal
}

// Quote prices the transactions' amounts (major units, each ≥ 0), in order.
func (pp PercentagePrice) Quote(amounts []decimal.Decimal) (PercentageQuote, error) {
	p := pp.p
	if p.Currency.IsZero() {
		return PercentageQuote{}, fmt.Errorf("%w: zero PercentagePrice (use NewPercentagePrice)", ErrInvalidPrice)
	}
	if len(amounts) > MaxUsageRecords {
		return PercentageQuote{}, fmt.Errorf("%d transactions (limit %d): %w", len(amounts), MaxUsageRecords, ErrOutOfRange)
	}
	q := PercentageQuote{Transactions: len(amounts), rate: p.Rate}
	rate := p.Rate.Shift(-2)
	freeAmount := p.FreeUnitsPerTotalAggregation
	amountLimited := freeAmount.Sign() > 0
	eventsLimited := p.FreeUnitsPerEvents > 0
	total := decimal.Zero
	cum := decimal.Zero
	for i, a := range amounts {
		if a.Sign() < 0 {
			return PercentageQuote{}, fmt.Errorf("amounts[%d] %s: %w", i, text.ShortDecimal(a), ErrNegativeAmount)
		}
		if err := CheckMoneyBounds(New(a, p.Currency)); err != nil {
			return PercentageQuote{}, fmt.Errorf("amounts[%d]: %w", i, err)
		}
		chargeable := a
		free := false
		inEvents := eventsLimited && int64(i) < p.FreeUnitsPerEvents
		inAmount := amountLimited && cum.LessThan(freeAmount)
		switch {
		case eventsLimited && amountLimited:
			free = inEvents && cum.Add(a).LessThanOrEqual(freeAmount)
			if !free && inEvents && inAmount {
				chargeable = cum.Add(a).Sub(freeAmount)
			}
		case eventsLimited:
			free = inEvents
		case amountLimited:
			free = cum.Add(a).LessThanOrEqual(freeAmount)
			if !free && inAmount {
				chargeable = cum.Add(a).Sub(freeAmount)
			}
		}
		cum = cum.Add(a)
		if free {
			q.Free++
			continue
		}
		fee := chargeable.Mul(rate).Add(p.FixedAmount)
		if p.PerTransactionMin != nil && fee.LessThan(*p.PerTransactionMin) {
			fee = *p.PerTransactionMin
		}
		if p.PerTransactionMax != nil && fee.GreaterThan(*p.PerTransactionMax) {
			fee = *p.PerTransactionMax
		}
		q.Base = q.Base.Add(chargeable)
		q.Fees = q.Fees.Add(fee.Sub(chargeable.Mul(rate)))
		total = total.Add(fee)
	}
	if waivesFixedFees(p, cum) {
		total, q.Fees = decimal.Zero, decimal.Zero
	}
	q.Exact = New(total, p.Currency)
	q.Amount = q.Exact.Round(HalfAwayFromZero)
	return q, nil
}

// Explain says how the quote was computed.
func (q PercentageQuote) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d transaction(s), %d free; %s%% of %s + fees %s = %s", q.Transactions, q.Free, q.rate,
		New(q.Base, q.Exact.Currency()), New(q.Fees, q.Exact.Currency()), q.Exact)
	if !q.Exact.Equal(q.Amount) {
		fmt.Fprintf(&b, ", rounded half-away-from-zero to %s", q.Amount)
	}
	return b.String()
}

// AppendExplanation appends the text of [PercentageQuote.Explain] to b and returns
// the result.
func (q PercentageQuote) AppendExplanation(b []byte) []byte { return append(b, q.Explain()...) }

// Rate returns the percentage the quote charged, 0 to 100.
func (q PercentageQuote) Rate() decimal.Decimal { return q.rate }
