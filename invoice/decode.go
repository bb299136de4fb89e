package invoice

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// DecodeRequest decodes a request in the preview format (../shared/PREVIEW.md):
// money in integer minor units or "_decimal" strings, numbers decoded exactly,
// timestamps as Unix seconds or RFC 3339. Every value is checked; an error is a
// [*PathError] naming the JSON path of the first bad field and wrapping a sentinel
// (ErrUnknownField for a field the format does not define).
func DecodeRequest(data []byte) (Request, error) {
	root, err := parseTree(data, &requestSchema)
	if err != nil {
		return Request{}, err
	}
	var d decoder
	return d.request(root)
}

type decoder struct {
	cur     pricing.Currency
	start   time.Time // current_period_start: the default start of a discount
	records int
}

// maxUnix is 9999-12-31T23:59:59Z.
const maxUnix = 253402300799

func (d *decoder) request(n val) (Request, error) {
	var req Request
	o, err := asObject(n, nodePath(n), &requestSchema)
	if err != nil {
		return req, err
	}
	cn, cp := o.get(requestCurrency)
	if !cn.ok() {
		return req, pathErr(cp, ErrMissingField)
	}
	if req.Currency, err = currency(cn, cp); err != nil {
		return req, err
	}
	d.cur = req.Currency
	if v, p := o.get(requestNow); v.ok() {
		if req.Now, err = timestamp(v, p); err != nil {
			return req, err
		}
	}
	req.CustomerBalance = pricing.Zero(d.cur)
	if v, p := o.get(requestCustomerBalance); v.ok() {
		m, err := minorInt(v, p, d.cur)
		if err != nil {
			return req, err
		}
		req.CustomerBalance = pricing.New(m, d.cur)
	}
	if v, p := o.get(requestOptions); v.ok() {
		oo, err := asObject(v, p, &optionsSchema)
		if err != nil {
			return req, err
		}
		if v, p := oo.get(optionsProration); v.ok() {
			s, err := asString(v, p)
			if err != nil {
				return req, err
			}
			if req.Proration, err = proration.ParseGranularity(s); err != nil {
				return req, pathErr(p, err)
			}
		}
		if v, p := oo.get(optionsTaxRounding); v.ok() {
			s, err := asString(v, p)
			if err != nil {
				return req, err
			}
			switch s {
			case "line":
				req.TaxRounding = RoundPerLine
			case "invoice":
				req.TaxRounding = RoundPerInvoice
			default:
				return req, pathErr(p, fmt.Errorf("%w: %q (want line or invoice)", ErrInvalidValue, truncate(s, 40)))
			}
		}
	}
	sn, sp := o.get(requestSubscription)
	if !sn.ok() {
		return req, pathErr(sp, ErrMissingField)
	}
	if req.Subscription, err = d.subscription(sn, sp); err != nil {
		return req, err
	}
	if v, p := o.get(requestChanges); v.ok() {
		ch, err := d.changes(v, p)
		if err != nil {
			return req, err
		}
		req.Changes = &ch
		if req.Now.IsZero() {
			return req, pathErr(o.p.field("now"), fmt.Errorf("%w: now is required with changes", ErrMissingField))
		}
	}
	if v, p := o.get(requestUsage); v.ok() {
		if req.Usage, err = d.usage(v, p); err != nil {
			return req, err
		}
	}
	return req, nil
}

func (d *decoder) subscription(n val, p path) (Subscription, error) {
	var s Subscription
	o, err := asObject(n, p, &subscriptionSchema)
	if err != nil {
		return s, err
	}
	v, vp := o.get(subscriptionCurrentPeriodStart)
	if !v.ok() {
		return s, pathErr(vp, ErrMissingField)
	}
	start, err := timestamp(v, vp)
	if err != nil {
		return s, err
	}
	v, vp = o.get(subscriptionCurrentPeriodEnd)
	if !v.ok() {
		return s, pathErr(vp, ErrMissingField)
	}
	end, err := timestamp(v, vp)
	if err != nil {
		return s, err
	}
	if s.Period, err = proration.NewPeriod(start, end); err != nil {
		return s, pathErr(vp, err)
	}
	d.start = start
	if v, vp := o.get(subscriptionBillingCycleAnchor); v.ok() {
		if s.Anchor, err = timestamp(v, vp); err != nil {
			return s, err
		}
	}
	if v, vp := o.get(subscriptionItems); v.ok() {
		elems, err := asArray(v, vp, MaxItems)
		if err != nil {
			return s, err
		}
		s.Items = make([]Item, elems.n)
		for i, e := range elems.kids() {
			if s.Items[i], err = d.item(e, nodePath(e), i); err != nil {
				return s, err
			}
		}
	}
	if v, vp := o.get(subscriptionDiscounts); v.ok() {
		if s.Discounts, err = d.discounts(v, vp); err != nil {
			return s, err
		}
	}
	if v, vp := o.get(subscriptionDefaultTaxRates); v.ok() {
		if s.DefaultTaxRates, err = taxRates(v, vp); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (d *decoder) item(n val, p path, i int) (Item, error) {
	var it Item
	o, err := asObject(n, p, &itemSchema)
	if err != nil {
		return it, err
	}
	if v, vp := o.get(itemID); v.ok() {
		if it.ID, err = asString(v, vp); err != nil {
			return it, err
		}
	} else {
		it.ID = fmt.Sprintf("si_%d", i+1)
	}
	v, vp := o.get(itemPrice)
	if !v.ok() {
		return it, pathErr(vp, ErrMissingField)
	}
	if it.Price, err = d.price(v, vp); err != nil {
		return it, err
	}
	if v, vp := o.get(itemQuantity); v.ok() {
		q, err := quantity(v, vp)
		if err != nil {
			return it, err
		}
		it.Quantity = &q
	}
	if v, vp := o.get(itemTaxRates); v.ok() {
		if it.TaxRates, err = taxRates(v, vp); err != nil {
			return it, err
		}
	}
	if v, vp := o.get(itemDiscounts); v.ok() {
		if it.Discounts, err = d.discounts(v, vp); err != nil {
			return it, err
		}
	}
	return it, nil
}

func (d *decoder) changes(n val, p path) (Changes, error) {
	var ch Changes
	o, err := asObject(n, p, &changesSchema)
	if err != nil {
		return ch, err
	}
	if v, vp := o.get(changesItems); v.ok() {
		elems, err := asArray(v, vp, MaxItems)
		if err != nil {
			return ch, err
		}
		ch.Items = make([]ItemChange, elems.n)
		for i, e := range elems.kids() {
			if ch.Items[i], err = d.itemChange(e, nodePath(e)); err != nil {
				return ch, err
			}
		}
	}
	if v, vp := o.get(changesProrationBehavior); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return ch, err
		}
		if ch.Behavior, err = proration.ParseBehavior(s); err != nil {
			return ch, pathErr(vp, err)
		}
	}
	if v, vp := o.get(changesProrationDate); v.ok() {
		if ch.ProrationDate, err = timestamp(v, vp); err != nil {
			return ch, err
		}
	}
	if v, vp := o.get(changesBillingCycleAnchor); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return ch, err
		}
		switch s {
		case "unchanged":
		case "now":
			ch.ResetAnchor = true
		default:
			return ch, pathErr(vp, fmt.Errorf("%w: %q (want unchanged or now)", ErrInvalidValue, truncate(s, 40)))
		}
	}
	return ch, nil
}

func (d *decoder) itemChange(n val, p path) (ItemChange, error) {
	var c ItemChange
	o, err := asObject(n, p, &itemChangeSchema)
	if err != nil {
		return c, err
	}
	if v, vp := o.get(itemChangeID); v.ok() {
		if c.ID, err = asString(v, vp); err != nil {
			return c, err
		}
	}
	if v, vp := o.get(itemChangeDeleted); v.ok() {
		if c.Deleted, err = asBool(v, vp); err != nil {
			return c, err
		}
	}
	if v, vp := o.get(itemChangePrice); v.ok() {
		if c.Deleted {
			return c, pathErr(vp, fmt.Errorf("%w: price with deleted", ErrConflict))
		}
		pr, err := d.price(v, vp)
		if err != nil {
			return c, err
		}
		c.Price = &pr
	}
	if v, vp := o.get(itemChangeQuantity); v.ok() {
		if c.Deleted {
			return c, pathErr(vp, fmt.Errorf("%w: quantity with deleted", ErrConflict))
		}
		q, err := quantity(v, vp)
		if err != nil {
			return c, err
		}
		c.Quantity = &q
	}
	if v, vp := o.get(itemChangeTaxRates); v.ok() {
		if c.TaxRates, err = taxRates(v, vp); err != nil {
			return c, err
		}
		if c.TaxRates == nil {
			c.TaxRates = []TaxRate{}
		}
	}
	if v, vp := o.get(itemChangeDiscounts); v.ok() {
		if c.Discounts, err = d.discounts(v, vp); err != nil {
			return c, err
		}
		if c.Discounts == nil {
			c.Discounts = []discount.Discount{}
		}
	}
	return c, nil
}

func (d *decoder) usage(n val, p path) (map[string][]pricing.UsageRecord, error) {
	o, err := asObject(n, p, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]pricing.UsageRecord, o.v.t.nodes[o.v.i].n)
	for key, m := range o.v.members() {
		mp := nodePath(m)
		if m.kind() == kNull {
			continue
		}
		elems, err := asArray(m, mp, MaxUsageRecords)
		if err != nil {
			return nil, err
		}
		d.records += elems.n
		if d.records > MaxUsageRecords {
			return nil, pathErr(mp, fmt.Errorf("%w: more than %d usage records in the request", ErrTooMany, MaxUsageRecords))
		}
		recs := make([]pricing.UsageRecord, elems.n)
		for k, e := range elems.kids() {
			ep := nodePath(e)
			ro, err := asObject(e, ep, &recordSchema)
			if err != nil {
				return nil, err
			}
			v, vp := ro.get(recordTimestamp)
			if !v.ok() {
				return nil, pathErr(vp, ErrMissingField)
			}
			ts, err := timestamp(v, vp)
			if err != nil {
				return nil, err
			}
			v, vp = ro.get(recordQuantity)
			if !v.ok() {
				return nil, pathErr(vp, ErrMissingField)
			}
			if u, ok := wholeNumber(v); ok && u <= 1e15 {
				recs[k], _ = pricing.WholeUsageRecord(ts, u) // in range: no error
				continue
			}
			q, err := quantity(v, vp)
			if err != nil {
				return nil, err
			}
			if recs[k], err = pricing.NewUsageRecord(ts, q); err != nil {
				return nil, pathErr(vp, err)
			}
		}
		out[key] = recs
	}
	return out, nil
}

func taxRates(n val, p path) ([]TaxRate, error) {
	elems, err := asArray(n, p, MaxTaxRates)
	if err != nil {
		return nil, err
	}
	out := make([]TaxRate, 0, elems.n)
	for i, e := range elems.kids() {
		ep := nodePath(e)
		o, err := asObject(e, ep, &taxRateSchema)
		if err != nil {
			return nil, err
		}
		var r TaxRateParams
		if v, vp := o.get(taxRateID); v.ok() {
			if r.ID, err = asString(v, vp); err != nil {
				return nil, err
			}
		} else {
			r.ID = fmt.Sprintf("txr_%d", i+1)
		}
		if v, vp := o.get(taxRateDisplayName); v.ok() {
			if r.DisplayName, err = asString(v, vp); err != nil {
				return nil, err
			}
		}
		v, vp := o.get(taxRatePercentage)
		if !v.ok() {
			return nil, pathErr(vp, ErrMissingField)
		}
		if r.Percentage, err = decimalValue(v, vp); err != nil {
			return nil, err
		}
		if v, vp := o.get(taxRateInclusive); v.ok() {
			if r.Inclusive, err = asBool(v, vp); err != nil {
				return nil, err
			}
		}
		rate, err := NewTaxRate(r)
		if err != nil {
			var fe *pricing.FieldError
			if errors.As(err, &fe) {
				err = fe.Err
			}
			return nil, pathErr(vp, err)
		}
		out = append(out, rate)
	}
	return out, nil
}

func (d *decoder) discounts(n val, p path) ([]discount.Discount, error) {
	elems, err := asArray(n, p, MaxDiscounts)
	if err != nil {
		return nil, err
	}
	out := make([]discount.Discount, 0, elems.n)
	for _, e := range elems.kids() {
		ep := nodePath(e)
		o, err := asObject(e, ep, &discountSchema)
		if err != nil {
			return nil, err
		}
		v, vp := o.get(discountCoupon)
		if !v.ok() {
			return nil, pathErr(vp, ErrMissingField)
		}
		c, err := d.coupon(v, vp)
		if err != nil {
			return nil, err
		}
		dd := discount.Discount{Coupon: c}
		if v, vp := o.get(discountStart); v.ok() {
			if dd.Start, err = timestamp(v, vp); err != nil {
				return nil, err
			}
		}
		out = append(out, dd)
	}
	return out, nil
}

func (d *decoder) coupon(n val, p path) (discount.Coupon, error) {
	o, err := asObject(n, p, &couponSchema)
	if err != nil {
		return discount.Coupon{}, err
	}
	var cp discount.CouponParams
	if v, vp := o.get(couponID); v.ok() {
		if cp.ID, err = asString(v, vp); err != nil {
			return discount.Coupon{}, err
		}
	}
	if v, vp := o.get(couponName); v.ok() {
		if cp.Name, err = asString(v, vp); err != nil {
			return discount.Coupon{}, err
		}
	}
	if cp.ID == "" {
		cp.ID = cp.Name
	}
	if cp.ID == "" {
		return discount.Coupon{}, pathErr(p.field("id"), ErrMissingField)
	}
	cur := d.cur
	if v, vp := o.get(couponCurrency); v.ok() {
		if cur, err = currency(v, vp); err != nil {
			return discount.Coupon{}, err
		}
	}
	pv, pp := o.get(couponPercentOff)
	av, ap := o.get(couponAmountOff)
	switch {
	case pv.ok() && av.ok():
		return discount.Coupon{}, pathErr(ap, fmt.Errorf("%w: amount_off with percent_off", ErrConflict))
	case pv.ok():
		if cp.PercentOff, err = decimalValue(pv, pp); err != nil {
			return discount.Coupon{}, err
		}
		if cp.PercentOff.Sign() <= 0 || cp.PercentOff.GreaterThan(hundred) {
			return discount.Coupon{}, pathErr(pp, fmt.Errorf("%w: %s (want 0 < percent_off ≤ 100)", ErrInvalidValue, cp.PercentOff))
		}
	case av.ok():
		m, err := minorInt(av, ap, cur)
		if err != nil {
			return discount.Coupon{}, err
		}
		if m.Sign() <= 0 {
			return discount.Coupon{}, pathErr(ap, fmt.Errorf("%w: %s (want a positive amount)", ErrInvalidValue, av.text()))
		}
		money := pricing.New(m, cur)
		cp.AmountOff = &money
	default:
		return discount.Coupon{}, pathErr(pp, fmt.Errorf("%w: percent_off or amount_off", ErrMissingField))
	}
	if v, vp := o.get(couponCurrencyOptions); v.ok() {
		oo, err := asObject(v, vp, nil)
		if err != nil {
			return discount.Coupon{}, err
		}
		cp.CurrencyOptions = map[pricing.Currency]decimal.Decimal{}
		for key, m := range oo.v.members() {
			mp := nodePath(m)
			c, err := pricing.ParseCurrency(key)
			if err != nil {
				return discount.Coupon{}, pathErr(mp, err)
			}
			co, err := asObject(m, mp, &couponOptionSchema)
			if err != nil {
				return discount.Coupon{}, err
			}
			v, ap := co.get(couponOptionAmountOff)
			if !v.ok() {
				return discount.Coupon{}, pathErr(ap, ErrMissingField)
			}
			a, err := minorInt(v, ap, c)
			if err != nil {
				return discount.Coupon{}, err
			}
			if a.Sign() <= 0 {
				return discount.Coupon{}, pathErr(ap, fmt.Errorf("%w: %s (want a positive amount)", ErrInvalidValue, v.text()))
			}
			cp.CurrencyOptions[c] = a
		}
	}
	if v, vp := o.get(couponDuration); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return discount.Coupon{}, err
		}
		if cp.Duration, err = discount.ParseDuration(s); err != nil {
			return discount.Coupon{}, pathErr(vp, err)
		}
	}
	if v, vp := o.get(couponDurationInMonths); v.ok() {
		m, err := integer(v, vp, 1, 1200)
		if err != nil {
			return discount.Coupon{}, err
		}
		cp.DurationInMonths = int(m)
	}
	if v, vp := o.get(couponAppliesTo); v.ok() {
		ao, err := asObject(v, vp, &appliesToSchema)
		if err != nil {
			return discount.Coupon{}, err
		}
		if v, pp := ao.get(appliesToProducts); v.ok() {
			elems, err := asArray(v, pp, MaxAppliesTo)
			if err != nil {
				return discount.Coupon{}, err
			}
			for _, e := range elems.kids() {
				s, err := asString(e, nodePath(e))
				if err != nil {
					return discount.Coupon{}, err
				}
				cp.AppliesToProducts = append(cp.AppliesToProducts, s)
			}
		}
	}
	c, err := discount.NewCoupon(cp)
	if err != nil {
		return discount.Coupon{}, pathErr(p, err)
	}
	return c, nil
}

// Scalars.

func currency(n val, p path) (pricing.Currency, error) {
	s, err := asString(n, p)
	if err != nil {
		return pricing.Currency{}, err
	}
	c, err := pricing.ParseCurrency(s)
	if err != nil {
		return pricing.Currency{}, pathErr(p, err)
	}
	return c, nil
}

// number returns the exact decimal of a JSON number (or, where strings are allowed,
// a decimal string), within the library's bounds.
func number(n val, p path, stringsToo bool) (decimal.Decimal, error) {
	if n.kind() != kNumber && !(stringsToo && n.kind() == kString) {
		want := "a number"
		if stringsToo {
			want = "a number or a decimal string"
		}
		return decimal.Decimal{}, pathErr(p, fmt.Errorf("%w: want %s, got %s", ErrInvalidValue, want, n.kind()))
	}
	v, err := pricing.ParseDecimal(n.text())
	if err != nil {
		return decimal.Decimal{}, pathErr(p, err)
	}
	return v, nil
}

func decimalValue(n val, p path) (decimal.Decimal, error) { return number(n, p, true) }

// minorInt decodes an integer amount in minor units of c (Stripe's unit_amount,
// amount_off) into major units.
func minorInt(n val, p path, c pricing.Currency) (decimal.Decimal, error) {
	if n.kind() != kNumber {
		return decimal.Decimal{}, pathErr(p, fmt.Errorf("%w: want a number, got %s", ErrInvalidValue, n.kind()))
	}
	m, err := pricing.ParseMinor(n.text(), c)
	if err != nil {
		return decimal.Decimal{}, pathErr(p, err)
	}
	v := m.Amount()
	if v.Exponent() < -c.Digits() && !v.Shift(c.Digits()).IsInteger() {
		return v, pathErr(p, fmt.Errorf("%w: %s is not an integer number of minor units (use the _decimal field for fractions)", ErrInvalidValue, n.text()))
	}
	return v, nil
}

// minorDecimal decodes an amount in minor units of c given as a number or a decimal
// string (Stripe's unit_amount_decimal) into major units.
func minorDecimal(n val, p path, c pricing.Currency) (decimal.Decimal, error) {
	if n.kind() != kNumber && n.kind() != kString {
		return decimal.Decimal{}, pathErr(p, fmt.Errorf("%w: want a number or a decimal string, got %s", ErrInvalidValue, n.kind()))
	}
	m, err := pricing.ParseMinor(n.text(), c)
	if err != nil {
		return decimal.Decimal{}, pathErr(p, err)
	}
	return m.Amount(), nil
}

func quantity(n val, p path) (decimal.Decimal, error) {
	v, err := number(n, p, true)
	if err != nil {
		return v, err
	}
	if v.Sign() < 0 {
		return v, pathErr(p, fmt.Errorf("%w: quantity %s is negative", ErrInvalidValue, n.text()))
	}
	return v, nil
}

// wholeNumber returns the value of a JSON number written as a plain non-negative
// integer of at most 18 digits, the usual form of counts and timestamps.
func wholeNumber(n val) (int64, bool) {
	if n.kind() != kNumber {
		return 0, false
	}
	s := n.text()
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

func integer(n val, p path, min, max int64) (int64, error) {
	if v, ok := wholeNumber(n); ok { // timestamps, counts: no decimal needed
		if v < min || v > max {
			return 0, pathErr(p, fmt.Errorf("%w: %s (want an integer from %d to %d)", ErrInvalidValue, n.text(), min, max))
		}
		return v, nil
	}
	v, err := number(n, p, false)
	if err != nil {
		return 0, err
	}
	if !v.IsInteger() || v.LessThan(decimal.NewFromInt(min)) || v.GreaterThan(decimal.NewFromInt(max)) {
		return 0, pathErr(p, fmt.Errorf("%w: %s (want an integer from %d to %d)", ErrInvalidValue, truncate(n.text(), 40), min, max))
	}
	return v.IntPart(), nil
}

func timestamp(n val, p path) (time.Time, error) {
	switch n.kind() {
	case kNumber:
		v, err := integer(n, p, 0, maxUnix)
		if err != nil {
			return time.Time{}, err
		}
		return time.Unix(v, 0).UTC(), nil
	case kString:
		t, err := time.Parse(time.RFC3339, n.text())
		if err != nil {
			return time.Time{}, pathErr(p, fmt.Errorf("%w: %q is not Unix seconds or an RFC 3339 time", ErrInvalidValue, truncate(n.text(), 40)))
		}
		if t.Unix() < 0 || t.Unix() > maxUnix {
			return time.Time{}, pathErr(p, fmt.Errorf("%w: %q is outside 1970 to 9999", ErrInvalidValue, truncate(n.text(), 40)))
		}
		return t.UTC(), nil
	}
	return time.Time{}, pathErr(p, fmt.Errorf("%w: want Unix seconds or an RFC 3339 string, got %s", ErrInvalidValue, n.kind()))
}
