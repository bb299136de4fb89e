package invoice

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
	"github.com/pricekit/pricekit/proration"
)

// spec is a random subscription scenario, rendered both as a preview-format request
// and as a Go Request, so that the two paths can be compared.
type spec struct {
	cur        string
	digits     int32
	start, end int64
	items      []itemSpec
	coupons    []couponSpec
	taxes      []taxSpec
	balance    int64
	change     *changeSpec
	byDay      bool
	perInvoice bool
}

type itemSpec struct {
	unit    int64 // minor units
	tiered  bool
	volume  bool
	metered bool
	qty     int64
	usage   []int64
}

type couponSpec struct {
	percent int64 // 0 = amount off
	amount  int64
	product int // -1 = all
}

type taxSpec struct {
	pct       string
	inclusive bool
}

type changeSpec struct {
	qty      int64
	at       int64
	behavior string
	remove   bool
}

func randomSpec(seed int64) spec {
	r := rand.New(rand.NewSource(seed))
	curs := []struct {
		c string
		d int32
	}{{"usd", 2}, {"jpy", 0}, {"kwd", 3}, {"eur", 2}}
	c := curs[r.Intn(len(curs))]
	s := spec{cur: c.c, digits: c.d, start: 1596749288, end: 1599427688, balance: int64(r.Intn(20001) - 10000), byDay: r.Intn(2) == 0, perInvoice: r.Intn(2) == 0}
	n := 1 + r.Intn(5)
	for i := 0; i < n; i++ {
		it := itemSpec{unit: int64(r.Intn(100001)), tiered: r.Intn(4) == 0, volume: r.Intn(2) == 0, metered: i > 0 && r.Intn(4) == 0, qty: int64(r.Intn(51))}
		if it.metered {
			for k := r.Intn(5); k > 0; k-- {
				it.usage = append(it.usage, int64(r.Intn(1000)))
			}
		}
		s.items = append(s.items, it)
	}
	for k := r.Intn(3); k > 0; k-- {
		cs := couponSpec{product: r.Intn(n+1) - 1}
		if r.Intn(2) == 0 {
			cs.percent = 1 + int64(r.Intn(100))
		} else {
			cs.amount = 1 + int64(r.Intn(50000))
		}
		s.coupons = append(s.coupons, cs)
	}
	for k := r.Intn(3); k > 0; k-- {
		s.taxes = append(s.taxes, taxSpec{pct: fmt.Sprintf("%d.%d", r.Intn(30), r.Intn(10)), inclusive: r.Intn(3) == 0})
	}
	if r.Intn(2) == 0 {
		s.change = &changeSpec{qty: int64(r.Intn(51)), at: s.start + r.Int63n(s.end-s.start), behavior: []string{"create_prorations", "always_invoice", "none"}[r.Intn(3)], remove: n > 1 && r.Intn(4) == 0}
	}
	return s
}

func (s spec) json() string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"currency":%q,"now":%d,"customer_balance":%d,"options":{"proration":%q,"tax_rounding":%q},`, s.cur, s.start+100, s.balance,
		map[bool]string{false: "second", true: "day"}[s.byDay], map[bool]string{false: "line", true: "invoice"}[s.perInvoice])
	fmt.Fprintf(&b, `"subscription":{"current_period_start":%d,"current_period_end":%d,"items":[`, s.start, s.end)
	for i, it := range s.items {
		if i > 0 {
			b.WriteString(",")
		}
		if it.metered {
			fmt.Fprintf(&b, `{"id":"si_%d","price":%s}`, i, it.priceJSON(i))
		} else {
			fmt.Fprintf(&b, `{"id":"si_%d","quantity":%d,"price":%s}`, i, it.qty, it.priceJSON(i))
		}
	}
	b.WriteString(`],"discounts":[`)
	for i, c := range s.coupons {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"coupon":{"id":"c%d",`, i)
		if c.percent > 0 {
			fmt.Fprintf(&b, `"percent_off":%d`, c.percent)
		} else {
			fmt.Fprintf(&b, `"amount_off":%d`, c.amount)
		}
		b.WriteString(`,"duration":"forever"`)
		if c.product >= 0 {
			fmt.Fprintf(&b, `,"applies_to":{"products":["prod_%d"]}`, c.product)
		}
		b.WriteString("}}")
	}
	b.WriteString(`],"default_tax_rates":[`)
	for i, t := range s.taxes {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"t%d","percentage":%q,"inclusive":%v}`, i, t.pct, t.inclusive)
	}
	b.WriteString("]}")
	if c := s.change; c != nil {
		if c.remove {
			fmt.Fprintf(&b, `,"changes":{"items":[{"id":"si_1","deleted":true}],"proration_behavior":%q,"proration_date":%d}`, c.behavior, c.at)
		} else {
			fmt.Fprintf(&b, `,"changes":{"items":[{"id":"si_0","quantity":%d}],"proration_behavior":%q,"proration_date":%d}`, c.qty, c.behavior, c.at)
		}
	}
	b.WriteString(`,"usage":{`)
	first := true
	for i, it := range s.items {
		if !it.metered {
			continue
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, `"si_%d":[`, i)
		for k, q := range it.usage {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"timestamp":%d,"quantity":%d}`, s.start+int64(k)*1000, q)
		}
		b.WriteString("]")
	}
	b.WriteString("}}")
	return b.String()
}

func (it itemSpec) priceJSON(i int) string {
	rec := `{"interval":"month"}`
	if it.metered {
		rec = `{"interval":"month","usage_type":"metered"}`
	}
	if it.tiered {
		mode := "graduated"
		if it.volume {
			mode = "volume"
		}
		return fmt.Sprintf(`{"id":"p%d","product":"prod_%d","billing_scheme":"tiered","tiers_mode":%q,"tiers":[{"up_to":10,"unit_amount":%d,"flat_amount":100},{"up_to":"inf","unit_amount_decimal":"%d.5"}],"recurring":%s}`, i, i, mode, it.unit, it.unit/2, rec)
	}
	return fmt.Sprintf(`{"id":"p%d","product":"prod_%d","unit_amount":%d,"recurring":%s}`, i, i, it.unit, rec)
}

// goRequest builds the same request as s.json() through the Go API.
func (s spec) goRequest() (Request, error) {
	cur, err := pricing.ParseCurrency(s.cur)
	if err != nil {
		return Request{}, err
	}
	minor := func(v int64) decimal.Decimal { return decimal.New(v, -s.digits) }
	period, err := proration.NewPeriod(time.Unix(s.start, 0).UTC(), time.Unix(s.end, 0).UTC())
	if err != nil {
		return Request{}, err
	}
	req := Request{Currency: cur, Now: time.Unix(s.start+100, 0).UTC(), CustomerBalance: pricing.New(minor(s.balance), cur), Usage: map[string][]pricing.UsageRecord{}}
	if s.byDay {
		req.Proration = proration.ByDay
	}
	if s.perInvoice {
		req.TaxRounding = RoundPerInvoice
	}
	req.Subscription.Period = period
	for i, it := range s.items {
		rec := &pricing.Recurring{Interval: pricing.Month, IntervalCount: 1}
		if it.metered {
			rec.UsageType = pricing.Metered
		}
		pp := pricing.PriceParams{ID: fmt.Sprintf("p%d", i), Product: pricing.Product{ID: fmt.Sprintf("prod_%d", i)}, Currency: cur, Recurring: rec}
		if it.tiered {
			pp.BillingScheme = pricing.Tiered
			if it.volume {
				pp.TiersMode = pricing.Volume
			}
			pp.Tiers = []pricing.Tier{
				{UpTo: decimal.NewFromInt(10), UnitAmount: minor(it.unit), FlatAmount: minor(100)},
				{Inf: true, UnitAmount: decimal.New(it.unit/2*10+5, -1-s.digits)},
			}
		} else {
			pp.UnitAmount = minor(it.unit)
		}
		price, err := pricing.NewPrice(pp)
		if err != nil {
			return Request{}, err
		}
		id := fmt.Sprintf("si_%d", i)
		item := Item{ID: id, Price: price, Quantity: Qty(it.qty)}
		if it.metered {
			item.Quantity = nil // a metered item takes no quantity
		}
		req.Subscription.Items = append(req.Subscription.Items, item)
		if it.metered {
			recs := []pricing.UsageRecord{}
			for k, q := range it.usage {
				rec, err := pricing.WholeUsageRecord(time.Unix(s.start+int64(k)*1000, 0).UTC(), q)
				if err != nil {
					return Request{}, err
				}
				recs = append(recs, rec)
			}
			req.Usage[id] = recs
		}
	}
	for i, c := range s.coupons {
		cp := discount.CouponParams{ID: fmt.Sprintf("c%d", i), Duration: discount.Forever}
		if c.percent > 0 {
			cp.PercentOff = decimal.NewFromInt(c.percent)
		} else {
			m := pricing.New(minor(c.amount), cur)
			cp.AmountOff = &m
		}
		if c.product >= 0 {
			cp.AppliesToProducts = []string{fmt.Sprintf("prod_%d", c.product)}
		}
		coupon, err := discount.NewCoupon(cp)
		if err != nil {
			return Request{}, err
		}
		req.Subscription.Discounts = append(req.Subscription.Discounts, discount.Discount{Coupon: coupon, Start: period.Start})
	}
	for i, t := range s.taxes {
		req.Subscription.DefaultTaxRates = append(req.Subscription.DefaultTaxRates, MustTaxRate(TaxRateParams{ID: fmt.Sprintf("t%d", i), Percentage: decimal.RequireFromString(t.pct), Inclusive: t.inclusive}))
	}
	if c := s.change; c != nil {
		ch := &Changes{ProrationDate: time.Unix(c.at, 0).UTC()}
		ch.Behavior, _ = proration.ParseBehavior(c.behavior)
		if c.remove {
			ch.Items = []ItemChange{{ID: "si_1", Deleted: true}}
		} else {
			q := decimal.NewFromInt(c.qty)
			ch.Items = []ItemChange{{ID: "si_0", Quantity: &q}}
		}
		req.Changes = ch
	}
	return req, nil
}

func previewBytes(req Request) ([]byte, error) {
	inv, err := Preview(req)
	if err != nil {
		return nil, err
	}
	return inv.MarshalJSON()
}

func TestPreviewProperties(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 150
	params.Rng.Seed(20201)
	props := gopter.NewProperties(params)

	props.Property("totals add up and the JSON and Go paths agree", prop.ForAll(func(seed int64) string {
		s := randomSpec(seed)
		req, err := DecodeRequest([]byte(s.json()))
		if err != nil {
			return "decode: " + err.Error()
		}
		fromJSON, err := previewBytes(req)
		if err != nil {
			return "preview: " + err.Error()
		}
		goReq, err := s.goRequest()
		if err != nil {
			return "go request: " + err.Error()
		}
		fromGo, err := previewBytes(goReq)
		if err != nil {
			return "go preview: " + err.Error()
		}
		if !bytes.Equal(fromJSON, fromGo) {
			return "JSON and Go previews differ:\n" + string(fromJSON) + "\n" + string(fromGo)
		}
		var r response
		if err := json.Unmarshal(fromJSON, &r); err != nil {
			return err.Error()
		}
		if msg := totalsProblem(r); msg != "" {
			return msg + "\n" + s.json()
		}
		again, _ := previewBytes(req)
		if !bytes.Equal(again, fromJSON) {
			return "preview is not deterministic"
		}
		return ""
	}, gen.Int64()))
	props.TestingRun(t)
}

// totalsProblem is checkTotals returning a message instead of failing a test.
func totalsProblem(r response) string {
	var sum, disc, tax, incl, excl int64
	for _, l := range r.Lines {
		if l.Explanation == "" {
			return "line without explanation: " + l.Description
		}
		sum += l.Amount
		for _, d := range l.DiscountAmounts {
			disc += d.Amount
			if l.Amount >= 0 && d.Amount > l.Amount {
				return "discount larger than its line"
			}
		}
		for _, x := range l.TaxAmounts {
			tax += x.Amount
			if x.Inclusive {
				incl += x.Amount
			} else {
				excl += x.Amount
			}
		}
	}
	switch {
	case sum != r.Subtotal:
		return fmt.Sprintf("Σ lines %d ≠ subtotal %d", sum, r.Subtotal)
	case disc != r.TotalDiscountAmount || tax != r.Tax:
		return "discount or tax totals differ from the lines"
	case r.Total != r.Subtotal-disc+excl:
		return "total ≠ subtotal − discounts + exclusive tax"
	case r.TotalExcludingTax != r.Subtotal-disc-incl:
		return "total_excluding_tax ≠ subtotal − discounts − inclusive tax"
	case r.AmountDue < 0 || r.AmountDue+r.EndingBalance != r.Total+r.StartingBalance:
		return "amount due + ending balance ≠ total + starting balance"
	}
	return ""
}

// TestPreviewConcurrent runs previews of shared requests from many goroutines; run
// with -race it proves Preview shares no mutable state.
func TestPreviewConcurrent(t *testing.T) {
	var reqs []Request
	var want [][]byte
	for seed := int64(1); seed <= 8; seed++ {
		req, err := DecodeRequest([]byte(randomSpec(seed).json()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := previewBytes(req)
		if err != nil {
			t.Fatal(err)
		}
		reqs, want = append(reqs, req), append(want, out)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				i := (g + k) % len(reqs)
				out, err := previewBytes(reqs[i])
				if err != nil || !bytes.Equal(out, want[i]) {
					errs <- fmt.Sprintf("goroutine %d: request %d gave a different result (%v)", g, i, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestExclusiveTaxProperty checks the integer path of an exclusive tax against the
// decimal computation it replaces: the same rounded amount and the same exact one.
func TestExclusiveTaxProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(500))
	props.Property("exclusive tax in integers is the decimal one", prop.ForAll(
		func(minor int64, pctCoef int64, pctPlaces int, code string) string {
			c, _ := pricing.ParseCurrency(code)
			net := pricing.FromMinor(minor, c)
			r := TaxRate{id: "t", percentage: decimal.New(pctCoef, -int32(pctPlaces))} // beyond 100 % too: the integer path itself
			exact := net.MinorDecimal().Mul(r.Percentage()).Shift(-2)
			wantAmount := pricing.FromMinorDecimal(exact.Round(0), c)
			got, ok := exclusiveTax(net, r, c)
			if !ok {
				return fmt.Sprintf("%s at %s%%: integer path refused", net, r.Percentage())
			}
			if !got.Amount.Equal(wantAmount) || !got.Unrounded.Equal(exact.Shift(-c.Digits())) || !got.Taxable.Equal(net) {
				return fmt.Sprintf("%s at %s%%: %s (exact %s), want %s (exact %s)", net, r.Percentage(), got.Amount, got.Unrounded, wantAmount, exact.Shift(-c.Digits()))
			}
			return ""
		}, pricingtest.MinorUnits(1e12), gen.Int64Range(0, 1000000), gen.IntRange(0, 4), gen.OneConstOf("USD", "JPY", "KWD")))
	props.TestingRun(t)
}

// TestLookupProperty checks the lookup of the invoice's totals against a plain scan:
// a sequence of keys, each found or appended as totals does, gives every key the
// index of its first appearance, with few distinct keys (scanned) and many (mapped).
// Keys are filed coarsely (their value mod 5) to exercise entries sharing a key.
func TestLookupProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	props.Property("lookup finds the first entry of each key", prop.ForAll(
		func(keys []int) string {
			var l lookup[int]
			var entries []int
			for n, k := range keys {
				i := l.find(len(entries), k%5, func(i int) bool { return entries[i] == k })
				if i < 0 {
					i = len(entries)
					entries = append(entries, k)
					l.file(len(entries), k%5, func(i int) int { return entries[i] % 5 })
				}
				if entries[i] != k || slices.Index(entries, k) != i {
					return fmt.Sprintf("key %d (position %d): entry %d holds %d", k, n, i, entries[i])
				}
			}
			return ""
		}, gen.SliceOf(gen.IntRange(0, 40))))
	props.TestingRun(t)
}
