package previewjson

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// The conversion of the price and usage conventions of other engines: custom
// currencies (options.currencies), a price's dynamic and percentage models, a
// recurring price's bucket_size and prorated, the amount a usage record carries,
// and records that remove units (a negative quantity, for a prorated price).

// requestCurrency converts the request's currency: a custom currency declared in
// options.currencies, or an ISO 4217 code.
func requestCurrency(w *requestWire) (pricing.Currency, error) {
	var customs []pricing.Currency
	if w.Options != nil && w.Options.Currencies != nil {
		var err error
		if customs, err = customCurrencies(w.Options.Currencies, "options.currencies"); err != nil {
			return pricing.Currency{}, err
		}
	}
	for _, c := range customs {
		if strings.EqualFold(c.Code(), w.Currency.s) {
			return c, nil
		}
	}
	return currencyAt(w.Currency, "", "currency")
}

// customCurrencies converts the custom currencies declared at path.
func customCurrencies(ws []currencyWire, path string) ([]pricing.Currency, error) {
	if err := tooMany(len(ws), 20, path); err != nil {
		return nil, err
	}
	out := make([]pricing.Currency, 0, len(ws))
	for i := range ws {
		w, p := &ws[i], index(path, i)
		if !w.Code.set {
			return nil, at(join(p, "code"), ErrMissingField)
		}
		if !w.Decimals.set {
			return nil, at(join(p, "decimals"), fmt.Errorf("%w: decimals (the number of decimal places of an amount in %s)", ErrMissingField, quote(w.Code.s)))
		}
		if _, err := pricing.ParseCurrency(w.Code.s); err == nil {
			return nil, at(join(p, "code"), fmt.Errorf("%w: %s is an ISO 4217 currency: leave it out of options.currencies", ErrConflict, quote(w.Code.s)))
		}
		d := w.Decimals.v
		if d < 0 || d > pricing.MaxCustomDigits {
			return nil, at(join(p, "decimals"), fmt.Errorf("%w: %d decimals (want 0 to %d)", ErrInvalidValue, d, pricing.MaxCustomDigits))
		}
		c, err := pricing.NewCustomCurrency(w.Code.s, int(d))
		if err != nil {
			return nil, fromField(err, p, func(f string) string { return snakePath(f, "") })
		}
		for _, o := range out {
			if o.Code() == c.Code() {
				return nil, at(join(p, "code"), fmt.Errorf("%w: currency %s declared twice", ErrConflict, quote(w.Code.s)))
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// priceCurrency converts a price's currency: the request currency when it is a
// custom one and the price names it, else an ISO 4217 code.
func priceCurrency(t text, cur pricing.Currency, path string) (pricing.Currency, error) {
	if cur.IsCustom() && strings.EqualFold(t.s, cur.Code()) {
		return cur, nil
	}
	return currencyAt(t, path, "currency")
}

// hasUsageModel reports whether the Price w is dynamic or a percentage: it then
// takes no unit_amount.
func hasUsageModel(w *priceWire) bool { return w.Dynamic.v || w.Percentage != nil }

// usageModel converts the dynamic, percentage and recurring.bucket_size members of
// the Price w at path into p.
func usageModel(w *priceWire, p *pricing.PriceParams, path string) error {
	p.Dynamic = w.Dynamic.v
	if r := w.Recurring; r != nil && r.BucketSize.set && p.Recurring != nil {
		b, err := pricing.ParseBucket(r.BucketSize.s)
		if err != nil {
			return at(join(join(path, "recurring"), "bucket_size"), err)
		}
		p.Recurring.BucketSize = b
	}
	if r := w.Recurring; r != nil && p.Recurring != nil {
		p.Recurring.Prorated = r.Prorated.v
	}
	pw := w.Percentage
	if pw == nil {
		return nil
	}
	pp := join(path, "percentage")
	if !pw.Rate.set {
		return at(join(pp, "rate"), fmt.Errorf("%w: rate (the percentage of each transaction, 0 to 100)", ErrMissingField))
	}
	pc := &pricing.PercentageCharge{Rate: pw.Rate.v, FixedAmount: pw.FixedAmount.v, FreeUnitsPerEvents: pw.FreeUnitsPerEvents.v,
		FreeUnitsPerTotalAggregation: pw.FreeUnitsPerTotalAggregation.v, NoFixedFeeOnZeroTotal: pw.FixedFeeOnZeroTotal.set && !pw.FixedFeeOnZeroTotal.v}
	if pw.PerTransactionMinAmount.set {
		v := pw.PerTransactionMinAmount.v
		pc.PerTransactionMinAmount = &v
	}
	if pw.PerTransactionMaxAmount.set {
		v := pw.PerTransactionMaxAmount.v
		pc.PerTransactionMaxAmount = &v
	}
	p.Percentage = pc
	return nil
}

// recordOf converts the usage record r, element i of the records at path list.
func recordOf(r *recordWire, list string, i int) (pricing.UsageRecord, error) {
	rp := func() string { return index(list, i) } // built for an error only
	if !r.Timestamp.set {
		return pricing.UsageRecord{}, at(join(rp(), "timestamp"), ErrMissingField)
	}
	if !r.Quantity.set {
		return pricing.UsageRecord{}, at(join(rp(), "quantity"), ErrMissingField)
	}
	var (
		rec pricing.UsageRecord
		err error
	)
	switch q := r.Quantity.v; {
	case r.Amount.set:
		rec, err = pricing.NewUsageRecordWithAmount(r.Timestamp.t, q, r.Amount.v)
	case q.IsInteger() && q.Sign() >= 0 && q.Exponent() >= 0 && q.NumDigits() <= 15:
		rec, err = pricing.WholeUsageRecord(r.Timestamp.t, q.IntPart())
	case q.Sign() < 0:
		// units removed, for a prorated price; any other price refuses the record
		// when it aggregates the usage
		rec, err = pricing.NewSignedUsageRecord(r.Timestamp.t, q)
	default:
		rec, err = pricing.NewUsageRecord(r.Timestamp.t, q)
	}
	if err != nil {
		var fe *pricing.FieldError
		if errors.As(err, &fe) {
			return rec, fromField(err, rp(), func(f string) string { return snakePath(f, "") })
		}
		return rec, at(join(rp(), "quantity"), err)
	}
	return rec, nil
}

// sameUsageModel reports whether a and b have the same dynamic and percentage models.
func sameUsageModel(a, b pricing.PriceParams) bool {
	if a.Dynamic != b.Dynamic || (a.Percentage == nil) != (b.Percentage == nil) {
		return false
	}
	if a.Percentage == nil {
		return true
	}
	x, y := a.Percentage, b.Percentage
	bound := func(p, q *decimal.Decimal) bool { return p == nil && q == nil || p != nil && q != nil && p.Equal(*q) }
	return x.Rate.Equal(y.Rate) && x.FixedAmount.Equal(y.FixedAmount) && x.FreeUnitsPerEvents == y.FreeUnitsPerEvents &&
		x.FreeUnitsPerTotalAggregation.Equal(y.FreeUnitsPerTotalAggregation) && bound(x.PerTransactionMinAmount, y.PerTransactionMinAmount) &&
		bound(x.PerTransactionMaxAmount, y.PerTransactionMaxAmount) && x.NoFixedFeeOnZeroTotal == y.NoFixedFeeOnZeroTotal
}
