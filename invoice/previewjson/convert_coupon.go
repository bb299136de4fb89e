package previewjson

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// Conversion of coupons, discounts and tax rates, through discount.NewCoupon and
// invoice.NewTaxRate.

// couponOf converts a Coupon object at path.
func (cv *converter) couponOf(w *couponWire, path string) (discount.Coupon, error) {
	var p discount.CouponParams
	p.ID, p.Name = w.ID.s, w.Name.s
	if p.ID == "" {
		p.ID = p.Name
	}
	if p.ID == "" {
		return discount.Coupon{}, at(join(path, "id"), ErrMissingField)
	}
	p.PercentOff = w.PercentOff.v
	if w.PercentOff.set && w.PercentOff.v.IsZero() {
		return discount.Coupon{}, at(join(path, "percent_off"), fmt.Errorf("%w: %w: 0", ErrInvalidValue, discount.ErrPercentRange))
	}
	if w.AmountOff.set {
		if !w.Currency.set {
			return discount.Coupon{}, at(join(path, "currency"), fmt.Errorf("%w: amount_off needs its currency: write \"currency\": \"usd\" (the coupon's, lower or upper case)", ErrMissingField))
		}
		c, err := currencyAt(w.Currency, path, "currency")
		if err != nil {
			return discount.Coupon{}, err
		}
		m := pricing.FromMinor(w.AmountOff.v, c)
		p.AmountOff = &m
	}
	if w.CurrencyOptions != nil {
		p.CurrencyOptions = make(map[pricing.Currency]decimal.Decimal, len(w.CurrencyOptions))
		seen := make(map[pricing.Currency]string, len(w.CurrencyOptions))
		for _, m := range w.CurrencyOptions {
			kp := join(join(path, "currency_options"), m.key)
			c, err := pricing.ParseCurrency(m.key)
			if err != nil {
				return discount.Coupon{}, at(kp, fmt.Errorf("%w: %s", err, quote(m.key)))
			}
			if first, dup := seen[c]; dup {
				return discount.Coupon{}, at(kp, fmt.Errorf("%w: currency %s given twice (%s and %s)", ErrConflict, c, quote(first), quote(m.key)))
			}
			seen[c] = m.key
			if !m.value.AmountOff.set {
				return discount.Coupon{}, at(join(kp, "amount_off"), ErrMissingField)
			}
			p.CurrencyOptions[c] = pricing.FromMinor(m.value.AmountOff.v, c).Amount()
		}
	}
	if w.Duration.set {
		d, err := discount.ParseDuration(w.Duration.s)
		if err != nil {
			return discount.Coupon{}, at(join(path, "duration"), err)
		}
		p.Duration = d
	}
	if w.DurationInMonths.set {
		if w.DurationInMonths.v < 0 || w.DurationInMonths.v > discount.MaxDurationInMonths {
			return discount.Coupon{}, at(join(path, "duration_in_months"), fmt.Errorf("%w: %d (want 1 to %d)", discount.ErrInvalidDuration, w.DurationInMonths.v, discount.MaxDurationInMonths))
		}
		p.DurationInMonths = int(w.DurationInMonths.v)
	}
	if a := w.AppliesTo; a != nil && a.Products != nil {
		if err := tooMany(len(a.Products), maxAppliesTo, join(join(path, "applies_to"), "products")); err != nil {
			return discount.Coupon{}, err
		}
		p.AppliesToProducts = make([]string, len(a.Products))
		for i, id := range a.Products {
			p.AppliesToProducts[i] = id.s
		}
	}
	rest, err := cv.amountOffRest(w, path)
	if err != nil {
		return discount.Coupon{}, err
	}
	p.AmountOffRest = rest
	c, err := discount.NewCoupon(p)
	if err != nil {
		return discount.Coupon{}, fromField(err, path, func(f string) string { return couponField(w, f) })
	}
	return c, nil
}

// couponField maps a field of discount.CouponParams to the coupon's JSON names.
func couponField(w *couponWire, f string) string {
	head, rest, _ := strings.Cut(f, ".")
	name, idx, _ := strings.Cut(head, "[")
	switch name {
	case "ID":
		return "id"
	case "PercentOff":
		return "percent_off"
	case "AmountOff":
		return "amount_off"
	case "Duration":
		return "duration"
	case "DurationInMonths":
		return "duration_in_months"
	case "AmountOffRest":
		return "amount_off_rest"
	case "AppliesToProducts":
		if idx != "" {
			return "applies_to.products[" + idx
		}
		return "applies_to.products"
	case "CurrencyOptions":
		code := strings.TrimSuffix(idx, "]")
		for _, m := range w.CurrencyOptions {
			if c, err := pricing.ParseCurrency(m.key); err == nil && c.Code() == code {
				return "currency_options." + keySegment(m.key) + ".amount_off"
			}
		}
		return "currency_options"
	}
	return snakePath(f, rest)
}

// taxRates converts the list of TaxRate objects at member key of parent; ids names
// the rates without an id of the whole request.
func (c *converter) taxRates(ws []taxRateWire, parent, key string) ([]invoice.TaxRate, []string, error) {
	if ws == nil {
		return nil, nil, nil
	}
	path := join(parent, key)
	if err := tooMany(len(ws), maxTaxRates, path); err != nil {
		return nil, nil, err
	}
	out := make([]invoice.TaxRate, 0, len(ws))
	paths := make([]string, len(ws))
	for i := range ws {
		w, tp := &ws[i], index(path, i)
		paths[i] = tp
		if !w.Percentage.set {
			return nil, nil, at(join(tp, "percentage"), ErrMissingField)
		}
		params := invoice.TaxRateParams{ID: w.ID.s, DisplayName: w.DisplayName.s, Percentage: w.Percentage.v, Inclusive: w.Inclusive.v}
		if params.ID == "" {
			params.ID = c.taxID(i+1, params)
		}
		r, err := invoice.NewTaxRate(params)
		if err != nil {
			return nil, nil, fromField(err, tp, func(f string) string { return snakePath(f, "") })
		}
		if c.rates == nil {
			c.rates = map[string]invoice.TaxRate{}
		}
		c.rates[r.ID()] = r
		out = append(out, r)
	}
	return out, paths, nil
}

// taxID names a tax rate without an id at the 1-based position pos of its list:
// "txr_N", N the smallest number from pos on that no tax rate of the request has as
// its id and that no other rate was given by this rule.
func (c *converter) taxID(pos int, p invoice.TaxRateParams) string {
	for n := pos; ; n++ {
		id := "txr_" + itoa(n)
		if c.taxIDs[id] {
			continue
		}
		if prev, ok := c.generated[id]; ok {
			if prev.DisplayName == p.DisplayName && prev.Inclusive == p.Inclusive && prev.Percentage.Equal(p.Percentage) {
				return id
			}
			continue
		}
		q := p
		q.ID = id
		c.generated[id] = q
		return id
	}
}

// discounts converts the list of discounts at member key of parent.
func (c *converter) discounts(ws []*discountWire, parent, key string) ([]discount.Discount, []string, error) {
	if ws == nil {
		return nil, nil, nil
	}
	path := join(parent, key)
	if err := tooMany(len(ws), maxDiscounts, path); err != nil {
		return nil, nil, err
	}
	out := make([]discount.Discount, 0, len(ws))
	paths := make([]string, len(ws))
	for i, w := range ws {
		dp := index(path, i)
		paths[i] = dp
		if w == nil {
			return nil, nil, at(dp, fmt.Errorf("%w: a Discount object, got null", ErrInvalidValue))
		}
		d, err := c.discountOf(w, dp)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, d)
	}
	return out, paths, nil
}

// discountOf converts a Discount object at path: its coupon is coupon, or
// source.coupon in newer API versions (where both are given, they must name the
// same coupon).
func (c *converter) discountOf(w *discountWire, path string) (discount.Discount, error) {
	cw, cp := w.Coupon, join(path, "coupon")
	if s := w.Source; s != nil && s.Coupon != nil {
		sp := join(join(path, "source"), "coupon")
		if s.Type.set && s.Type.s != "coupon" {
			return discount.Discount{}, at(join(join(path, "source"), "type"), fmt.Errorf("%w: %s (want coupon)", ErrInvalidValue, quote(s.Type.s)))
		}
		if cw != nil && cw.ID.s != s.Coupon.ID.s {
			return discount.Discount{}, at(sp, fmt.Errorf("%w: source.coupon %s disagrees with coupon %s", ErrConflict, quote(s.Coupon.ID.s), quote(cw.ID.s)))
		}
		if cw == nil {
			cw, cp = s.Coupon, sp
		}
	}
	if cw == nil {
		return discount.Discount{}, at(cp, ErrMissingField)
	}
	cpn, err := c.couponOf(cw, cp)
	if err != nil {
		return discount.Discount{}, err
	}
	if w.Start.set && w.End.set && !w.End.t.After(w.Start.t) {
		return discount.Discount{}, at(join(path, "end"), fmt.Errorf("%w: end %d is not after start %d", ErrInvalidValue, w.End.t.Unix(), w.Start.t.Unix()))
	}
	d := discount.Discount{Coupon: cpn, Start: w.Start.t, Until: w.End.t}
	return d, c.discountRest(w, d, path)
}

// couponOfDiscount returns the id of a discount's coupon.
func couponOfDiscount(w *discountWire) string {
	switch {
	case w.Coupon != nil:
		return w.Coupon.ID.s
	case w.Source != nil && w.Source.Coupon != nil:
		return w.Source.Coupon.ID.s
	}
	return ""
}
