package previewjson

import (
	"fmt"
	"sort"
	"time"

	textfmt "github.com/pricekit/pricekit/internal/text"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// EncodeRequest writes a Go request in the preview format, so that DecodeRequest of
// the result gives an equal request: amounts in minor units (integers, or _decimal
// strings where they have a fraction of a minor unit), timestamps in Unix seconds,
// quantities as quantity or quantity_decimal. It fails with [ErrUnsupported] for
// what the format cannot say (a price's minimum or maximum, a coupon's cap,
// already aggregated usage, a time with a fraction of a second; a history, a schedule,
// trials, cancellations, a new subscription's start and anchor, a change's discounts
// and default tax rates, an item's own period, carried coupon rests and a minimum
// commitment, which it does not write) and for a price whose parameters cannot be
// read back (it needs a Params method on pricing.Price). A Convention's Granularity
// is written as options.proration, which decodes as Request.Proration.
func EncodeRequest(req invoice.Request) ([]byte, error) {
	var e requestEncoder
	out := e.request(&req)
	if e.err != nil {
		return nil, e.err
	}
	return marshal(out)
}

type requestEncoder struct{ err error }

func (e *requestEncoder) fail(path string, format string, args ...any) {
	if e.err == nil {
		e.err = &PathError{Path: path, Err: fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)}
	}
}

func (e *requestEncoder) unix(t time.Time, path string) int64 {
	if t.Nanosecond() != 0 {
		e.fail(path, "%s has a fraction of a second", t.Format(time.RFC3339Nano))
	}
	return t.Unix()
}

func (e *requestEncoder) optUnix(t time.Time, path string) *int64 {
	if t.IsZero() {
		return nil
	}
	u := e.unix(t, path)
	return &u
}

// minor writes an amount in major units of c as an integer of minor units, or as a
// decimal string of minor units when it has a fraction of one.
func minor(amount decimal.Decimal, c pricing.Currency) (*int64, string) {
	m := pricing.New(amount, c).MinorDecimal()
	if m.IsInteger() && m.Abs().LessThanOrEqual(decimal.New(1, 15)) {
		v := m.IntPart()
		return &v, ""
	}
	return nil, string(textfmt.AppendDecimal(nil, m))
}

func quantityOut(q *decimal.Decimal) (*int64, string) {
	if q == nil {
		return nil, ""
	}
	if q.IsInteger() && q.Abs().LessThanOrEqual(decimal.New(1, 15)) {
		v := q.IntPart()
		return &v, ""
	}
	return nil, string(textfmt.AppendDecimal(nil, *q))
}

func (e *requestEncoder) request(r *invoice.Request) requestOut {
	out := requestOut{Currency: r.Currency.LowerCode(), Now: e.optUnix(r.Now, "now")}
	if !r.CustomerBalance.IsZero() {
		v, s := minor(r.CustomerBalance.Amount(), r.Currency)
		if v == nil {
			e.fail("customer_balance", "%s is not whole minor units", s)
		}
		out.CustomerBalance = v
	}
	e.unwritten(r)
	out.Options = e.options(r)
	currenciesOut(&out, r.Currency)
	s := &r.Subscription
	out.Subscription = subscriptionOut{
		CurrentPeriodStart: e.unix(s.Period.Start, "subscription.current_period_start"),
		CurrentPeriodEnd:   e.unix(s.Period.End, "subscription.current_period_end"),
		BillingCycleAnchor: e.optUnix(s.Anchor, "subscription.billing_cycle_anchor"),
		StartDate:          e.optUnix(s.StartDate, "subscription.start_date"),
		TrialStart:         e.optUnix(s.TrialStart, "subscription.trial_start"),
		Items:              make([]itemOut, len(s.Items)),
		Discounts:          e.discounts(s.Discounts, r.Currency, "subscription.discounts"),
		DefaultTaxRates:    taxRatesOut(s.DefaultTaxRates),
		BillingMode:        optString(r.BillingMode == invoice.Flexible, "flexible"),
	}
	for i := range s.Items {
		it, p := &s.Items[i], index("subscription.items", i)
		price := e.price(it.Price, r.Currency, join(p, "price"))
		q, qd := quantityOut(it.Quantity)
		out.Subscription.Items[i] = itemOut{ID: it.ID, Price: price, Quantity: q, QuantityDecimal: qd,
			TaxRates: taxRatesOut(it.TaxRates), Discounts: e.discounts(it.Discounts, r.Currency, join(p, "discounts"))}
		if it.TaxRates != nil && len(it.TaxRates) == 0 {
			e.fail(join(p, "tax_rates"), "an empty, non-nil list (no tax for the item) has no form: an empty tax_rates applies the default rates")
		}
	}
	if ch := r.Changes; ch != nil {
		co := &changesOut{Items: make([]changeItemOut, len(ch.Items)), ProrationDate: e.optUnix(ch.ProrationDate, "changes.proration_date")}
		if ch.Behavior != proration.CreateProrations {
			co.ProrationBehavior = ch.Behavior.String()
		}
		if ch.ResetAnchor {
			co.BillingCycleAnchor = "now"
		}
		for i := range ch.Items {
			c, p := &ch.Items[i], index("changes.items", i)
			o := changeItemOut{ID: c.ID, Deleted: c.Deleted}
			if c.Price != nil {
				o.Price = e.price(*c.Price, r.Currency, join(p, "price"))
			}
			o.Quantity, o.QuantityDecimal = quantityOut(c.Quantity)
			if c.TaxRates != nil {
				t := taxRatesOut(c.TaxRates)
				if t == nil {
					t = []taxRateOut{}
				}
				o.TaxRates = &t
			}
			if c.Discounts != nil {
				d := e.discounts(c.Discounts, r.Currency, join(p, "discounts"))
				if d == nil {
					d = []discountOut{}
				}
				o.Discounts = &d
			}
			co.Items[i] = o
		}
		out.Changes = co
	}
	if len(r.UsageBefore) > 0 {
		out.UsageBefore = make(map[string]string, len(r.UsageBefore))
		for id, q := range r.UsageBefore {
			out.UsageBefore[id] = string(textfmt.AppendDecimal(nil, q))
		}
	}
	if len(r.AggregatedUsage) > 0 {
		e.fail("usage", "aggregated usage has no form in the format: give the usage records")
	}
	if r.Usage != nil {
		out.Usage = make(map[string][]record, len(r.Usage))
		for id, recs := range r.Usage {
			o := make([]record, len(recs))
			for i, rec := range recs {
				o[i] = record{Timestamp: e.unix(rec.Timestamp(), index(join("usage", id), i)), Quantity: string(textfmt.AppendDecimal(nil, rec.Quantity()))}
				if a, ok := rec.Amount(); ok {
					o[i].Amount = string(textfmt.AppendDecimal(nil, a))
				}
			}
			out.Usage[id] = o
		}
	}
	return out
}

func taxRatesOut(rs []invoice.TaxRate) []taxRateOut {
	if len(rs) == 0 {
		return nil
	}
	out := make([]taxRateOut, len(rs))
	for i, r := range rs {
		out[i] = taxRateOut{ID: r.ID(), DisplayName: r.DisplayName(), Percentage: string(textfmt.AppendDecimal(nil, r.Percentage())), Inclusive: r.Inclusive()}
	}
	return out
}

func (e *requestEncoder) discounts(ds []discount.Discount, cur pricing.Currency, path string) []discountOut {
	if len(ds) == 0 {
		return nil
	}
	out := make([]discountOut, len(ds))
	for i, d := range ds {
		p := index(path, i)
		c := d.Coupon
		co := couponOut{ID: c.ID(), Name: c.Name(), Duration: c.Duration().String(), DurationInMonths: c.DurationInMonths(),
			AmountOffRest: optString(c.AmountOffRest() == discount.RestCarried, "carry")}
		if c.IsPercent() {
			co.PercentOff = string(textfmt.AppendDecimal(nil, c.PercentOff()))
		} else {
			m, _ := c.AmountOff()
			v, _ := minor(m.Amount(), m.Currency())
			co.AmountOff, co.Currency = v, m.Currency().LowerCode()
		}
		for _, k := range pricing.Currencies() {
			if _, ok := c.MaxDiscountIn(k); ok {
				e.fail(join(p, "coupon"), "a coupon's max discount has no form in the format")
			}
			if m, ok := c.AmountOff(); ok && k != m.Currency() {
				if o, err := c.AmountOffIn(k); err == nil {
					if co.CurrencyOptions == nil {
						co.CurrencyOptions = map[string]couponOptionOut{}
					}
					v, _ := minor(o.Amount(), k)
					co.CurrencyOptions[k.LowerCode()] = couponOptionOut{AmountOff: *v}
				}
			}
		}
		if ps := c.AppliesToProducts(); len(ps) > 0 {
			co.AppliesTo = &appliesToOut{Products: ps}
		}
		out[i] = discountOut{Coupon: co, Start: e.optUnix(d.Start, join(p, "start")), End: e.optUnix(d.Until, join(p, "end"))}
	}
	return out
}

// paramser is a price that can give back its parameters.
type paramser interface {
	Params() pricing.PriceParams
}

func (e *requestEncoder) price(p pricing.Price, cur pricing.Currency, path string) *priceOut {
	ps, ok := any(p).(paramser)
	if !ok {
		e.fail(path, "the parameters of a pricing.Price cannot be read back (it has no Params method)")
		return nil
	}
	pp := ps.Params()
	if pp.Minimum != nil || pp.Maximum != nil {
		e.fail(path, "a price's minimum or maximum has no form in the format")
	}
	out := &priceOut{ID: pp.ID, Nickname: pp.Nickname, Currency: pp.Currency.LowerCode()}
	if pp.Product != (pricing.Product{}) {
		out.Product = &productOut{ID: pp.Product.ID, Name: pp.Product.Name}
	}
	if pp.BillingScheme == pricing.Tiered {
		out.BillingScheme, out.TiersMode = "tiered", pp.TiersMode.String()
		out.Tiers = tiersOut(pp.Tiers, pp.Currency)
	} else {
		out.UnitAmount, out.UnitAmountDecimal = minor(pp.UnitAmount, pp.Currency)
	}
	if t := pp.TransformQuantity; t != nil {
		out.TransformQuantity = &transformOut{DivideBy: t.DivideBy, Round: t.Round.String()}
	}
	if r := pp.Recurring; r != nil {
		ro := &recurringOut{Interval: r.Interval.String(), IntervalCount: r.IntervalCount, UsageType: r.UsageType.String()}
		if r.UsageType == pricing.Metered {
			ro.AggregateUsage = r.AggregateUsage.String()
		}
		out.Recurring = ro
	}
	priceConventionsOut(&pp, out)
	if len(pp.CurrencyOptions) > 0 {
		out.CurrencyOptions = make(map[string]priceOptionOut, len(pp.CurrencyOptions))
		keys := make([]pricing.Currency, 0, len(pp.CurrencyOptions))
		for c := range pp.CurrencyOptions {
			keys = append(keys, c)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].Code() < keys[j].Code() })
		for _, c := range keys {
			o := pp.CurrencyOptions[c]
			if o.Minimum != nil || o.Maximum != nil {
				e.fail(path, "a price's minimum or maximum has no form in the format")
			}
			var po priceOptionOut
			if pp.BillingScheme == pricing.Tiered {
				po.Tiers = tiersOut(o.Tiers, c)
			} else {
				po.UnitAmount, po.UnitAmountDecimal = minor(o.UnitAmount, c)
			}
			out.CurrencyOptions[c.LowerCode()] = po
		}
	}
	return out
}

func tiersOut(ts []pricing.Tier, c pricing.Currency) []tierOut {
	out := make([]tierOut, len(ts))
	for i, t := range ts {
		o := tierOut{UpTo: "inf"}
		if !t.Inf {
			o.UpTo = jsonNumber(t.UpTo)
		}
		o.UnitAmount, o.UnitAmountDecimal = minor(t.UnitAmount, c)
		o.FlatAmount, o.FlatAmountDecimal = minor(t.FlatAmount, c)
		out[i] = o
	}
	return out
}
