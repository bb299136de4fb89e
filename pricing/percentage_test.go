package pricing

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestPercentagePrice(t *testing.T) {
	usd := usdCurrency(t)
	dec := decimal.RequireFromString
	ptr := func(s string) *decimal.Decimal { v := dec(s); return &v }
	amounts := []decimal.Decimal{dec("100"), dec("200"), dec("50")}
	cases := []struct {
		name string
		p    PercentageParams
		want string
	}{
		{"rate only", PercentageParams{Rate: dec("2.5")}, "8.75"},
		{"rate and fixed fee", PercentageParams{Rate: dec("2.5"), FixedAmount: dec("0.30")}, "9.65"},
		{"first event free", PercentageParams{Rate: dec("2.5"), FixedAmount: dec("0.30"), FreeUnitsPerEvents: 1}, "6.85"},
		{"first 150 free of the rate", PercentageParams{Rate: dec("2"), FreeUnitsPerTotalAggregation: dec("150")}, "4.00"},
		{"per transaction minimum", PercentageParams{Rate: dec("1"), PerTransactionMin: ptr("1.00")}, "4.00"},
		{"per transaction maximum", PercentageParams{Rate: dec("10"), PerTransactionMax: ptr("12")}, "27.00"},
		{"half cent rounds away", PercentageParams{Rate: dec("0.005")}, "0.02"},
	}
	for _, c := range cases {
		c.p.Currency = usd
		p, err := NewPercentagePrice(c.p)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		q, err := p.Quote(amounts)
		if err != nil || !q.Amount.Amount().Equal(dec(c.want)) {
			t.Errorf("%s: %s (%v), want %s — %s", c.name, q.Amount, err, c.want, q.Explain())
		}
	}
	if _, err := NewPercentagePrice(PercentageParams{Currency: usd, Rate: dec("101")}); !errors.Is(err, ErrInvalidPrice) {
		t.Errorf("rate 101: %v", err)
	}
	p, _ := NewPercentagePrice(PercentageParams{Currency: usd, Rate: dec("1")})
	if _, err := p.Quote([]decimal.Decimal{dec("-1")}); !errors.Is(err, ErrNegativeAmount) {
		t.Errorf("negative amount: %v", err)
	}
}
