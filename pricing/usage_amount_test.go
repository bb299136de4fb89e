package pricing_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

var aug1 = time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC)

func withAmount(t testing.TB, at time.Time, q, amount string) pricing.UsageRecord {
	t.Helper()
	r, err := pricing.NewUsageRecordWithAmount(at, dec(q), dec(amount))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestNewUsageRecordWithAmount(t *testing.T) {
	r := withAmount(t, aug1, "2.5", "0.402")
	if a, ok := r.Amount(); !ok || !a.Equal(dec("0.402")) || !r.Quantity().Equal(dec("2.5")) {
		t.Errorf("record %v %v", a, ok)
	}
	plain, _ := pricing.WholeUsageRecord(aug1, 3)
	if _, ok := plain.Amount(); ok {
		t.Error("a record without an amount has one")
	}
	for _, c := range []struct {
		q, amount, field string
		want             error
	}{
		{"1", "-0.01", "Amount", pricing.ErrNegativeAmount},
		{"1", "1e16", "Amount", pricing.ErrOutOfRange},
		{"-1", "1", "Quantity", pricing.ErrNegativeQuantity},
	} {
		_, err := pricing.NewUsageRecordWithAmount(aug1, dec(c.q), dec(c.amount))
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.want) {
			t.Errorf("%s %s: %v", c.q, c.amount, err)
		}
	}
}

// Lago's dynamic charge: the amount is the events' precise amounts summed, 0 when
// they carry no units. Its spec: an aggregation of 20 units carrying 40.2 cents bills
// 0.402; an aggregation of 0 bills 0
// (spec/services/charge_models/dynamic_service_spec.rb in github.com/getlago/lago-api).
func TestAggregateAmounts(t *testing.T) {
	end := aug1.AddDate(0, 1, 0)
	cases := []struct {
		name string
		recs []pricing.UsageRecord
		want string
		n    int
	}{
		{"spec: 20 units, 40.2 cents", []pricing.UsageRecord{withAmount(t, aug1, "12", "0.25"), withAmount(t, aug1.Add(time.Hour), "8", "0.152")}, "0.402", 2},
		{"spec: no units", []pricing.UsageRecord{withAmount(t, aug1, "0", "5")}, "0", 1},
		{"outside the period", []pricing.UsageRecord{withAmount(t, end, "1", "5"), withAmount(t, aug1.Add(-time.Second), "1", "7"), withAmount(t, aug1, "1", "1")}, "1", 1},
		{"none", nil, "0", 0},
	}
	for _, c := range cases {
		u, err := pricing.AggregateAmounts(c.recs, aug1, end)
		if err != nil || !u.Quantity.Equal(dec(c.want)) || u.Records != c.n || !u.Amounts {
			t.Errorf("%s: %v %s %d", c.name, err, u.Quantity, u.Records)
		}
	}
	plain, _ := pricing.WholeUsageRecord(aug1.Add(time.Minute), 1)
	_, err := pricing.AggregateAmounts([]pricing.UsageRecord{withAmount(t, aug1, "1", "1"), plain}, aug1, end)
	var fe *pricing.FieldError
	if !errors.As(err, &fe) || fe.Field != "[1].Amount" || !errors.Is(err, pricing.ErrInvalidPrice) {
		t.Errorf("a record without an amount: %v", err)
	}
	if _, err := pricing.AggregateAmounts(nil, end, aug1); !errors.Is(err, pricing.ErrInvalidInterval) {
		t.Errorf("reversed period: %v", err)
	}
}

// A percentage price's transactions are the period's records in time order (Lago's
// free_units_per_events frees the first events), each its amount or else its quantity.
func TestAggregateTransactions(t *testing.T) {
	end := aug1.AddDate(0, 1, 0)
	late := withAmount(t, aug1.Add(2*time.Hour), "1", "300")
	plain, _ := pricing.WholeUsageRecord(aug1.Add(time.Hour), 50)
	early := withAmount(t, aug1, "1", "10")
	u, err := pricing.AggregateTransactions([]pricing.UsageRecord{late, plain, early, withAmount(t, end, "1", "9")}, aug1, end)
	if err != nil || u.Records != 3 || !u.Quantity.Equal(dec("360")) {
		t.Fatalf("%v %d %s", err, u.Records, u.Quantity)
	}
	for i, want := range []string{"10", "50", "300"} {
		if !u.Transactions[i].Equal(dec(want)) {
			t.Errorf("transaction %d: %s, want %s", i, u.Transactions[i], want)
		}
	}
	empty, _ := pricing.AggregateTransactions(nil, aug1, end)
	if empty.Transactions == nil || len(empty.Transactions) != 0 {
		t.Error("no records: a non-nil empty list")
	}
}

func FuzzNewUsageRecordWithAmount(f *testing.F) {
	for _, s := range [][2]string{{"1", "0.402"}, {"0", "0"}, {"-1", "1"}, {"1", "-1"}, {"1e15", "1e15"}, {"0.0000000000001", "1"}} {
		f.Add(s[0], s[1], int64(1596240000))
	}
	f.Fuzz(func(t *testing.T, qs, as string, unix int64) {
		q, err1 := pricing.ParseDecimal(qs)
		a, err2 := pricing.ParseDecimal(as)
		if err1 != nil || err2 != nil {
			return
		}
		r, err := pricing.NewUsageRecordWithAmount(time.Unix(unix, 0), q, a)
		if err != nil {
			var fe *pricing.FieldError
			if !errors.As(err, &fe) || (fe.Field != "Quantity" && fe.Field != "Amount") {
				t.Fatalf("%v is not a FieldError at Quantity or Amount", err)
			}
			return
		}
		got, ok := r.Amount()
		if !ok || !got.Equal(a) || !r.Quantity().Equal(q) || q.Sign() < 0 || a.Sign() < 0 {
			t.Fatalf("%s %s: %s %s", qs, as, r.Quantity(), got)
		}
	})
}

func ExampleAggregateAmounts() {
	at := time.Date(2020, 8, 3, 12, 0, 0, 0, time.UTC)
	a, _ := pricing.NewUsageRecordWithAmount(at, decimal.NewFromInt(12), decimal.RequireFromString("0.25"))
	b, _ := pricing.NewUsageRecordWithAmount(at.Add(time.Hour), decimal.NewFromInt(8), decimal.RequireFromString("0.152"))
	u, _ := pricing.AggregateAmounts([]pricing.UsageRecord{a, b}, time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(u.Quantity, u.Records)
	// Output: 0.402 2
}
