package pricing

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// NewUsageRecordWithAmount returns a record of quantity q at t that also carries an
// amount, in major units of the price's currency (≥ 0, within the bounds of
// [CheckBounds]): the value of a transaction a percentage price charges on, or the
// amount a dynamic price bills (Lago's events with a precise_total_amount_cents).
// An error is a [*FieldError] at "Quantity" (as [NewUsageRecord]) or "Amount",
// wrapping [ErrNegativeAmount] or the sentinel of [CheckBounds].
func NewUsageRecordWithAmount(t time.Time, q, amount decimal.Decimal) (UsageRecord, error) {
	r, err := NewUsageRecord(t, q)
	if err != nil {
		return UsageRecord{}, err
	}
	if amount.Sign() < 0 {
		return UsageRecord{}, fieldErr("Amount", fmt.Errorf("%w: %s", ErrNegativeAmount, text.ShortDecimal(amount)))
	}
	if err := CheckBounds(amount); err != nil {
		return UsageRecord{}, fieldErr("Amount", err)
	}
	r.amount = &amount
	return r, nil
}

// Amount returns the amount the record carries and true, or zero and false for a
// record without one.
func (r UsageRecord) Amount() (decimal.Decimal, bool) {
	if r.amount == nil {
		return decimal.Zero, false
	}
	return *r.amount, true
}

// inPeriod reports whether r counts for [start, end).
func (r *UsageRecord) inPeriod(start, end time.Time) bool {
	return r.timestamp.Before(end) && !r.timestamp.Before(start)
}

// checkPeriod checks the period and the number of records, as [Aggregate] does.
func checkPeriod(records []UsageRecord, start, end time.Time) error {
	if end.Before(start) {
		return fmt.Errorf("usage period %s to %s: %w", start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), ErrInvalidInterval)
	}
	if len(records) > MaxUsageRecords {
		return fmt.Errorf("%d usage records (limit %d): %w", len(records), MaxUsageRecords, ErrOutOfRange)
	}
	return nil
}

// AggregateAmounts is the usage of a dynamic price over [start, end): Quantity is
// the sum of the amounts the period's records carry, or 0 when their quantities sum
// to 0 (Lago's dynamic charge bills nothing for a period without units:
// app/services/charge_models/dynamic_service.rb in github.com/getlago/lago-api).
// A record of the period without an amount is a [*FieldError] at "[i].Amount", i its
// index in records, wrapping [ErrInvalidPrice].
func AggregateAmounts(records []UsageRecord, start, end time.Time) (Usage, error) {
	u := Usage{Aggregation: AggregateSum, Start: start, End: end, Quantity: decimal.Zero, Amounts: true}
	if err := checkPeriod(records, start, end); err != nil {
		return u, err
	}
	sum, units := decimal.Zero, decimal.Zero
	for i := range records {
		r := &records[i]
		if !r.inPeriod(start, end) {
			continue
		}
		if r.negative() {
			return u, refuseNegative(r, i)
		}
		if r.amount == nil {
			return u, fieldErr(fmt.Sprintf("[%d].Amount", i), fmt.Errorf("%w: the record of %s carries no amount, which a dynamic price bills", ErrInvalidPrice, r.timestamp.UTC().Format(time.RFC3339)))
		}
		u.Records++
		sum, units = sum.Add(*r.amount), units.Add(r.Quantity())
	}
	if !units.IsZero() {
		u.Quantity = sum
	}
	return u, nil
}

// AggregateTransactions is the usage of a percentage price over [start, end): the
// period's records as transactions, in time order (records of one instant in their
// order in the slice), each valued at its amount, or at its quantity when it carries
// none; Quantity is their sum.
func AggregateTransactions(records []UsageRecord, start, end time.Time) (Usage, error) {
	u := Usage{Aggregation: AggregateSum, Start: start, End: end, Quantity: decimal.Zero, Transactions: []decimal.Decimal{}}
	if err := checkPeriod(records, start, end); err != nil {
		return u, err
	}
	idx := make([]int, 0, 16)
	for i := range records {
		if records[i].inPeriod(start, end) {
			if records[i].negative() {
				return u, refuseNegative(&records[i], i)
			}
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return records[idx[a]].timestamp.Before(records[idx[b]].timestamp) })
	u.Transactions = make([]decimal.Decimal, len(idx))
	for k, i := range idx {
		v := records[i].Quantity()
		if a, ok := records[i].Amount(); ok {
			v = a
		}
		u.Transactions[k] = v
		u.Quantity = u.Quantity.Add(v)
	}
	u.Records = len(idx)
	return u, nil
}
