package pricing_test

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// Lago's percentage charge adds no fixed fee when the period's amount is zero: its
// spec "when aggregation value is 0" (4 events totalling 0, a 2.0 fixed fee, the first
// 3 events or 250 free: amount 0), spec/services/charge_models/
// percentage_service_spec.rb in github.com/getlago/lago-api; and its "rate is 0" case
// (4 events totalling 800, fees 8), where the fees stay.
func TestLagoPercentageZeroTotal(t *testing.T) {
	ptr := func(s string) *decimal.Decimal { v := dec(s); return &v }
	zeros := []decimal.Decimal{dec("0"), dec("0"), dec("0"), dec("0")}
	lagoSpec := pricing.PercentageParams{Rate: dec("1.3"), FixedAmount: dec("2.0"), FreeUnitsPerEvents: 3, FreeUnitsPerTotalAggregation: dec("250")}
	plainFee := pricing.PercentageParams{Rate: dec("2.9"), FixedAmount: dec("0.10")}
	withMin := pricing.PercentageParams{Rate: dec("2.9"), FixedAmount: dec("0.10"), PerTransactionMin: ptr("0.05")}
	cases := []struct {
		name         string
		p            pricing.PercentageParams
		amounts      []decimal.Decimal
		today, waive string
	}{
		{"spec: aggregation 0", lagoSpec, zeros, "2.00", "0.00"},
		{"four fees on a zero total", plainFee, zeros, "0.40", "0.00"},
		{"spec: rate 0, total 800", pricing.PercentageParams{Rate: dec("0"), FixedAmount: dec("2.0")}, []decimal.Decimal{dec("200"), dec("200"), dec("200"), dec("200")}, "8.00", "8.00"},
		{"a non-zero total keeps its fees", plainFee, []decimal.Decimal{dec("0"), dec("1")}, "0.23", "0.23"},
		{"per-transaction bounds price each transaction", withMin, zeros, "0.40", "0.40"},
		{"no transactions", plainFee, nil, "0.00", "0.00"},
	}
	for _, c := range cases {
		for _, waive := range []bool{false, true} {
			c.p.Currency, c.p.NoFixedFeeOnZeroTotal = usd(t), waive
			p, err := pricing.NewPercentagePrice(c.p)
			if err != nil {
				t.Fatal(err)
			}
			q, err := p.Quote(c.amounts)
			if err != nil {
				t.Fatal(err)
			}
			want := c.today
			if waive {
				want = c.waive
			}
			if !q.Amount.Amount().Equal(dec(want)) {
				t.Errorf("%s (waive %v): %s, want %s", c.name, waive, q.Amount, want)
			}
		}
	}
}

// percentageCase is a percentage price's fields and transactions, from small
// integers.
func percentageCase(rate, fixed, freeEvents, freeAmount, bound int64, amounts []int64) (pricing.PercentageParams, []decimal.Decimal) {
	p := pricing.PercentageParams{Rate: decimal.New(rate%10001, -2), FixedAmount: decimal.New(fixed, -2), FreeUnitsPerEvents: freeEvents % 5, FreeUnitsPerTotalAggregation: decimal.New(freeAmount, -2)}
	if bound%3 == 1 {
		v := decimal.New(bound, -2)
		p.PerTransactionMin = &v
	}
	out := make([]decimal.Decimal, len(amounts))
	for i, a := range amounts {
		out[i] = decimal.New(a, -2)
	}
	return p, out
}

func TestPercentageZeroTotalProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	small := gen.Int64Range(0, 1000)
	amounts := gen.SliceOfN(5, gen.OneGenOf(gen.Const(int64(0)), small))
	props.Property("NoFixedFeeOnZeroTotal changes a quote only on a zero total without bounds, and makes it zero", prop.ForAll(
		func(rate, fixed, freeEvents, freeAmount, bound int64, as []int64) string {
			p, tx := percentageCase(rate, fixed, freeEvents, freeAmount, bound, as)
			return comparePercentage(t, p, tx)
		}, small, small, small, small, small, amounts))
	props.TestingRun(t)
}

// comparePercentage returns "" when p quotes tx the same with and without
// NoFixedFeeOnZeroTotal, except on a zero total without bounds, where the option
// quotes zero.
func comparePercentage(t testing.TB, p pricing.PercentageParams, tx []decimal.Decimal) string {
	p.Currency = usd(t)
	p.NoFixedFeeOnZeroTotal = false
	today, err := pricing.NewPercentagePrice(p)
	if err != nil {
		return ""
	}
	p.NoFixedFeeOnZeroTotal = true
	waived, err := pricing.NewPercentagePrice(p)
	if err != nil {
		return "the option refused a valid price: " + err.Error()
	}
	a, errA := today.Quote(tx)
	b, errB := waived.Quote(tx)
	if (errA == nil) != (errB == nil) {
		return "one quote failed"
	}
	if errA != nil {
		return ""
	}
	total := decimal.Zero
	for _, v := range tx {
		total = total.Add(v)
	}
	if total.IsZero() && p.PerTransactionMin == nil && p.PerTransactionMax == nil {
		if !b.Exact.IsZero() || !b.Fees.IsZero() {
			return "a zero total without bounds charged " + b.Exact.String()
		}
		return ""
	}
	if !a.Exact.Equal(b.Exact) || !a.Fees.Equal(b.Fees) || a.Free != b.Free {
		return "the option changed " + a.Exact.String() + " into " + b.Exact.String()
	}
	return ""
}

// FuzzPercentageZeroTotal checks the same law on fuzzed fields and transactions.
func FuzzPercentageZeroTotal(f *testing.F) {
	f.Add(int64(130), int64(200), int64(3), int64(25000), int64(0), int64(0), int64(0))
	f.Add(int64(290), int64(10), int64(0), int64(0), int64(4), int64(0), int64(1))
	f.Fuzz(func(t *testing.T, rate, fixed, freeEvents, freeAmount, bound, a, b int64) {
		abs := func(v int64) int64 {
			if v < 0 {
				return -(v + 1)
			}
			return v
		}
		p, tx := percentageCase(abs(rate), abs(fixed)%1e12, abs(freeEvents), abs(freeAmount)%1e12, abs(bound)%1e12, []int64{abs(a) % 1e12, abs(b) % 1e12})
		if s := comparePercentage(t, p, tx); s != "" {
			t.Fatal(s)
		}
	})
}
