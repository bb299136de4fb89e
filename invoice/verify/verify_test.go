package verify

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

var usd, _ = pricing.ParseCurrency("usd")

// seatRequest: 10 seats at 10.00 USD a month, changed to 15 at 12:00 on Nov 16
// (an instant that day and second proration do not agree on).
func seatRequest(t testing.TB) invoice.Request {
	t.Helper()
	seat, err := pricing.NewPrice(pricing.PriceParams{ID: "seat", Product: pricing.Product{ID: "prod", Name: "Seat"}, Currency: usd,
		UnitAmount: decimal.NewFromInt(10), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, start.AddDate(0, 1, 0))
	at := start.Add(15*24*time.Hour + 12*time.Hour)
	return invoice.Request{Currency: usd, Now: at,
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: seat, Quantity: invoice.Qty(10)}}},
		Changes:      &invoice.Changes{Items: []invoice.ItemChange{{ID: "si_1", Quantity: invoice.Qty(15)}}}}
}

// issuedFrom turns a computed invoice into an issued one (the same lines).
func issuedFrom(inv invoice.Invoice) invoice.IssuedInvoice {
	var out invoice.IssuedInvoice
	for _, l := range inv.Lines {
		out.Lines = append(out.Lines, invoice.IssuedLine{Item: l.Item, Price: l.Price, Amount: l.Amount, Quantity: l.Quantity,
			Period: l.Period, Proration: l.Proration, Discounts: l.Discounts, Taxes: l.Taxes})
	}
	total := inv.Total
	out.Totals = &invoice.IssuedTotals{Total: &total}
	return out
}

func statuses(r Result) string {
	s := ""
	for _, l := range r.Lines {
		s += fmt.Sprintf("%s(%d,%d) ", l.Status, l.Issued, l.Computed)
	}
	return s
}

func TestVerify(t *testing.T) {
	req := seatRequest(t)
	computed, err := invoice.Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the same invoice matches", func(t *testing.T) {
		r, err := Invoice(req, issuedFrom(computed))
		if err != nil || !r.Match || statuses(r) != "match(0,0) match(1,1) match(2,2) " {
			t.Errorf("%v %s", err, statuses(r))
		}
	})
	t.Run("lines matched by content, not position", func(t *testing.T) {
		is := issuedFrom(computed)
		is.Lines[0], is.Lines[2] = is.Lines[2], is.Lines[0]
		r, _ := Invoice(req, is)
		if !r.Match || statuses(r) != "match(0,2) match(1,1) match(2,0) " {
			t.Errorf("%s", statuses(r))
		}
	})
	t.Run("an amount prorated by day is explained", func(t *testing.T) {
		day := req
		day.Proration = proration.ByDay
		byDay, err := invoice.Preview(day)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := Invoice(req, issuedFrom(byDay))
		if r.Match || r.Lines[0].Status != AmountDiffers || r.Lines[0].ExplainedBy != "proration: day" {
			t.Errorf("%s explained by %q", statuses(r), r.Lines[0].ExplainedBy)
		}
		if tot := r.Totals[3]; tot.Name != "total" || !tot.Given || tot.Match {
			t.Errorf("total %+v, want a differing total", tot)
		}
	})
	t.Run("missing and unexpected", func(t *testing.T) {
		is := issuedFrom(computed)
		extra := is.Lines[2]
		extra.Item = "si_9"
		is.Lines = append(is.Lines[1:], extra)
		is.Totals = nil
		r, _ := Invoice(req, is)
		if r.Match || statuses(r) != "match(0,1) match(1,2) unexpected(2,-1) missing(-1,0) " {
			t.Errorf("%s", statuses(r))
		}
		if r.Lines[3].Explanation() == "" || !r.Lines[2].IssuedAmount.Equal(extra.Amount) {
			t.Error("a missing line explains itself; an unexpected one keeps its amount")
		}
	})
	t.Run("a null amount counts as 0", func(t *testing.T) {
		is := issuedFrom(computed)
		is.Lines[0].Amount = pricing.Money{}
		r, _ := Invoice(req, is)
		if r.Lines[0].Status != AmountDiffers || !r.Lines[0].IssuedAmount.IsZero() {
			t.Errorf("%s %s", statuses(r), r.Lines[0].IssuedAmount)
		}
	})
}

// An issued invoice checked against its request: the credit was prorated by whole days.
func ExampleInvoice() {
	seat, _ := pricing.NewPrice(pricing.PriceParams{ID: "seat", Currency: usd, UnitAmount: decimal.NewFromInt(10),
		Recurring: &pricing.Recurring{Interval: pricing.Month}})
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	period, _ := proration.NewPeriod(start, start.AddDate(0, 1, 0))
	at := start.Add(15*24*time.Hour + 12*time.Hour)
	req := invoice.Request{Currency: usd, Now: at,
		Subscription: invoice.Subscription{Period: period, Items: []invoice.Item{{ID: "si_1", Price: seat, Quantity: invoice.Qty(10)}}},
		Changes:      &invoice.Changes{Behavior: proration.AlwaysInvoice, Items: []invoice.ItemChange{{ID: "si_1", Quantity: invoice.Qty(15)}}}}
	issued := invoice.IssuedInvoice{Lines: []invoice.IssuedLine{
		{Item: "si_1", Price: "seat", Proration: true, Quantity: decimal.NewFromInt(10), Amount: pricing.FromMinor(-5000, usd),
			Period: proration.Period{Start: at, End: period.End}},
		{Item: "si_1", Price: "seat", Proration: true, Quantity: decimal.NewFromInt(15), Amount: pricing.FromMinor(7500, usd),
			Period: proration.Period{Start: at, End: period.End}},
	}}
	r, _ := Invoice(req, issued)
	for _, l := range r.Lines {
		fmt.Println(l.Status, l.IssuedAmount, l.ComputedAmount, l.ExplainedBy)
	}
	// Output:
	// amount_differs -50.00 USD -48.33 USD proration: day
	// amount_differs 75.00 USD 72.50 USD proration: day
}

// Properties: an invoice verified against its own preview matches; changing any one
// issued amount by one minor unit is found, on that line.
func TestVerifyProperties(t *testing.T) {
	req := seatRequest(t)
	computed, err := invoice.Preview(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, behavior := range []proration.Behavior{proration.CreateProrations, proration.AlwaysInvoice, proration.None} {
		r := req
		ch := *req.Changes
		ch.Behavior = behavior
		r.Changes = &ch
		inv, err := invoice.Preview(r)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := Invoice(r, issuedFrom(inv))
		if !res.Match {
			t.Errorf("%s: an invoice does not match its own preview: %s", behavior, statuses(res))
		}
	}
	for k := range computed.Lines {
		for _, delta := range []int64{-1, 1} {
			is := issuedFrom(computed)
			is.Lines[k].Amount, _ = is.Lines[k].Amount.Add(pricing.FromMinor(delta, usd))
			res, _ := Invoice(req, is)
			for j, l := range res.Lines {
				want := Match
				if j == k {
					want = AmountDiffers
				}
				if l.Status != want {
					t.Errorf("line %d changed by %d: line %d is %s", k, delta, j, l.Status)
				}
			}
		}
	}
}

func BenchmarkVerifyMatching(b *testing.B) {
	req := seatRequest(b)
	computed, _ := invoice.Preview(req)
	is := issuedFrom(computed)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r, err := Invoice(req, is); err != nil || !r.Match {
			b.Fatal("no match")
		}
	}
}

func BenchmarkPreviewAlone(b *testing.B) {
	req := seatRequest(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := invoice.Preview(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyMatchingRatio is VerifyMatching over PreviewAlone measured in
// turns of 1,000 calls each, so that the machine's drift weighs on both alike (the
// goal is at most 1.5).
func BenchmarkVerifyMatchingRatio(b *testing.B) {
	req := seatRequest(b)
	computed, _ := invoice.Preview(req)
	is := issuedFrom(computed)
	const turn = 1000
	var verifying, previewing time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for j := 0; j < turn; j++ {
			if r, err := Invoice(req, is); err != nil || !r.Match {
				b.Fatal("no match")
			}
		}
		verifying += time.Since(start)
		start = time.Now()
		for j := 0; j < turn; j++ {
			if _, err := invoice.Preview(req); err != nil {
				b.Fatal(err)
			}
		}
		previewing += time.Since(start)
	}
	b.ReportMetric(float64(verifying.Nanoseconds())/float64(b.N*turn), "verify-ns")
	b.ReportMetric(float64(previewing.Nanoseconds())/float64(b.N*turn), "preview-ns")
	b.ReportMetric(verifying.Seconds()/previewing.Seconds(), "ratio")
}

func TestWriteText(t *testing.T) {
	req := seatRequest(t)
	day := req
	day.Proration = proration.ByDay
	byDay, _ := invoice.Preview(day)
	r, _ := Invoice(req, issuedFrom(byDay))
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"DIFFERS", "difference", `cause: the issued amount is what "proration: day" gives`, "Totals"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}
