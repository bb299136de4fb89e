package previewjson

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
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
	eachLine   bool // tier_rounding each_line
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
	s.eachLine = r.Intn(3) == 0
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
	fmt.Fprintf(&b, `{"currency":%q,"now":%d,"customer_balance":%d,"options":{"proration":%q,"tax_rounding":%q,"tier_rounding":%q},`, s.cur, s.start+100, s.balance,
		map[bool]string{false: "second", true: "day"}[s.byDay], map[bool]string{false: "line", true: "invoice"}[s.perInvoice], map[bool]string{false: "once", true: "each_line"}[s.eachLine])
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
		fmt.Fprintf(&b, `,"currency":%q,"duration":"forever"`, s.cur)
		if c.product >= 0 {
			fmt.Fprintf(&b, `,"applies_to":{"products":["prod_%d"]}`, c.product)
		}
		fmt.Fprintf(&b, `},"start":%d}`, s.start)
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
func (s spec) goRequest() (invoice.Request, error) {
	cur, err := pricing.ParseCurrency(s.cur)
	if err != nil {
		return invoice.Request{}, err
	}
	minor := func(v int64) decimal.Decimal { return decimal.New(v, -s.digits) }
	period, err := proration.NewPeriod(time.Unix(s.start, 0).UTC(), time.Unix(s.end, 0).UTC())
	if err != nil {
		return invoice.Request{}, err
	}
	req := invoice.Request{Currency: cur, Now: time.Unix(s.start+100, 0).UTC(), CustomerBalance: pricing.New(minor(s.balance), cur), Usage: map[string][]pricing.UsageRecord{}}
	if s.byDay {
		req.Proration = proration.ByDay
	}
	if s.perInvoice {
		req.TaxRounding = invoice.RoundPerInvoice
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
			if s.eachLine {
				pp.TierRounding = pricing.TierRoundingEachLine
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
			return invoice.Request{}, err
		}
		id := fmt.Sprintf("si_%d", i)
		qty := invoice.Qty(it.qty)
		if it.metered {
			qty = nil // a metered item takes no quantity
		}
		req.Subscription.Items = append(req.Subscription.Items, invoice.Item{ID: id, Price: price, Quantity: qty})
		if it.metered {
			recs := []pricing.UsageRecord{}
			for k, q := range it.usage {
				rec, err := pricing.WholeUsageRecord(time.Unix(s.start+int64(k)*1000, 0).UTC(), q)
				if err != nil {
					return invoice.Request{}, err
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
			return invoice.Request{}, err
		}
		req.Subscription.Discounts = append(req.Subscription.Discounts, discount.Discount{Coupon: coupon, Start: period.Start})
	}
	for i, t := range s.taxes {
		req.Subscription.DefaultTaxRates = append(req.Subscription.DefaultTaxRates, invoice.MustTaxRate(invoice.TaxRateParams{ID: fmt.Sprintf("t%d", i), Percentage: decimal.RequireFromString(t.pct), Inclusive: t.inclusive}))
	}
	if c := s.change; c != nil {
		ch := &invoice.Changes{ProrationDate: time.Unix(c.at, 0).UTC()}
		ch.Behavior, _ = proration.ParseBehavior(c.behavior)
		if c.remove {
			ch.Items = []invoice.ItemChange{{ID: "si_1", Deleted: true}}
		} else {
			q := decimal.NewFromInt(c.qty)
			ch.Items = []invoice.ItemChange{{ID: "si_0", Quantity: &q}}
		}
		req.Changes = ch
	}
	return req, nil
}

func previewBytes(req invoice.Request) ([]byte, error) {
	inv, err := invoice.Preview(req)
	if err != nil {
		return nil, err
	}
	return EncodeInvoice(inv)
}

// The JSON path (decode, preview, encode) and the Go path of the same random
// request give the same response, whose totals add up.
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
		r := previewResponse(t, s.json())
		if msg := totalsProblem(r); msg != "" {
			return msg + "\n" + s.json()
		}
		return ""
	}, gen.Int64()))
	props.TestingRun(t)
}

// TestDecodeConcurrent decodes and previews requests from many goroutines; run with
// -race it proves the decoder (its per-type field cache) shares no mutable state
// unsafely.
func TestDecodeConcurrent(t *testing.T) {
	var ins []string
	var want [][]byte
	for seed := int64(1); seed <= 8; seed++ {
		in := randomSpec(seed).json()
		inv, err := Preview([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		out, err := EncodeInvoice(inv)
		if err != nil {
			t.Fatal(err)
		}
		ins, want = append(ins, in), append(want, out)
	}
	structCache.Clear() // the first decodings race to fill it
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 10; k++ {
				i := (g + k) % len(ins)
				inv, err := Preview([]byte(ins[i]))
				if err != nil {
					errs <- fmt.Sprintf("goroutine %d: request %d: %v", g, i, err)
					return
				}
				if out, _ := EncodeInvoice(inv); !bytes.Equal(out, want[i]) {
					errs <- fmt.Sprintf("goroutine %d: request %d gave a different result", g, i)
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
