package previewjson

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// Conversion of prices, coupons, discounts and tax rates from their wire types into
// the Go API, through the constructors, which check the domain's rules; an error of
// a constructor is mapped from its Go field to the JSON path the user wrote.

// currencyAt parses the currency code t written at path.
func currencyAt(t text, path string) (pricing.Currency, error) {
	c, err := pricing.ParseCurrency(t.s)
	if err != nil {
		return pricing.Currency{}, at(path, fmt.Errorf("%w: %s", err, quote(t.s)))
	}
	return c, nil
}

// minorAmount converts an amount written as an integer of minor units and/or its
// _decimal twin (which, when both are given, must agree) into major units of c.
func minorAmount(i integer, d decimalNum, c pricing.Currency, path, name string) (decimal.Decimal, bool, error) {
	switch {
	case i.set && d.set:
		a, b := pricing.FromMinor(i.v, c), pricing.FromMinorDecimal(d.v, c)
		if !a.Equal(b) {
			return decimal.Decimal{}, false, at(join(path, name+"_decimal"), fmt.Errorf("%w: %s_decimal %s disagrees with %s %d", ErrConflict, name, d.v, name, i.v))
		}
		return a.Amount(), true, nil
	case i.set:
		return pricing.FromMinor(i.v, c).Amount(), true, nil
	case d.set:
		return pricing.FromMinorDecimal(d.v, c).Amount(), true, nil
	}
	return decimal.Zero, false, nil
}

// priceParams converts a Price object at path into the parameters of pricing.NewPrice;
// cur is the request currency, the default of the price's own.
func priceParams(w *priceWire, cur pricing.Currency, path string) (pricing.PriceParams, error) {
	var p pricing.PriceParams
	p.ID, p.Nickname = w.ID.s, w.Nickname.s
	p.Product = productOf(w.Product)
	p.Currency = cur
	if w.Currency.set {
		c, err := currencyAt(w.Currency, join(path, "currency"))
		if err != nil {
			return p, err
		}
		p.Currency = c
	}
	if w.BillingScheme.set {
		s, err := pricing.ParseBillingScheme(w.BillingScheme.s)
		if err != nil {
			return p, at(join(path, "billing_scheme"), err)
		}
		p.BillingScheme = s
	}
	tiered := p.BillingScheme == pricing.Tiered
	if w.TiersMode.set {
		if !tiered {
			return p, at(join(path, "tiers_mode"), fmt.Errorf("%w: tiers_mode needs billing_scheme tiered", ErrConflict))
		}
		m, err := pricing.ParseTiersMode(w.TiersMode.s)
		if err != nil {
			return p, at(join(path, "tiers_mode"), err)
		}
		p.TiersMode = m
	}
	unit, hasUnit, err := minorAmount(w.UnitAmount, w.UnitAmountDecimal, p.Currency, path, "unit_amount")
	if err != nil {
		return p, err
	}
	p.UnitAmount = unit
	switch {
	case tiered && w.Tiers == nil:
		return p, at(join(path, "tiers"), fmt.Errorf("%w: tiers (billing_scheme is tiered)", ErrMissingField))
	case tiered && !w.TiersMode.set:
		return p, at(join(path, "tiers_mode"), fmt.Errorf("%w: tiers_mode (billing_scheme is tiered)", ErrMissingField))
	case tiered && hasUnit:
		return p, at(join(path, amountName(w.UnitAmount, "unit_amount")), fmt.Errorf("%w: unit_amount with billing_scheme tiered", ErrConflict))
	case !tiered && w.Tiers != nil:
		return p, at(join(path, "tiers"), fmt.Errorf("%w: tiers need billing_scheme tiered", ErrConflict))
	case !tiered && !hasUnit:
		return p, at(join(path, "unit_amount"), fmt.Errorf("%w: unit_amount or unit_amount_decimal", ErrMissingField))
	}
	if p.Tiers, err = tiersOf(w.Tiers, p.Currency, join(path, "tiers")); err != nil {
		return p, err
	}
	if t := w.TransformQuantity; t != nil {
		tp := join(path, "transform_quantity")
		if tiered {
			return p, at(tp, fmt.Errorf("%w: %w", ErrConflict, pricing.ErrTransformWithTiers))
		}
		tq, err := transformOf(t, tp)
		if err != nil {
			return p, err
		}
		p.TransformQuantity = tq
	}
	if r := w.Recurring; r != nil {
		rc, err := recurringOf(r.Interval, r.IntervalCount, r.UsageType, r.AggregateUsage, join(path, "recurring"), "")
		if err != nil {
			return p, err
		}
		p.Recurring = &rc
	}
	if w.Type.set {
		switch w.Type.s {
		case "recurring", "one_time":
			if (w.Type.s == "recurring") != (p.Recurring != nil) {
				return p, at(join(path, "type"), fmt.Errorf("%w: type %q disagrees with recurring", ErrConflict, w.Type.s))
			}
		default:
			return p, at(join(path, "type"), fmt.Errorf("%w: %s (want recurring or one_time)", ErrInvalidValue, quote(w.Type.s)))
		}
	}
	if w.CurrencyOptions != nil {
		opts, err := priceOptions(w.CurrencyOptions, &p, join(path, "currency_options"))
		if err != nil {
			return p, err
		}
		p.CurrencyOptions = opts
	}
	return p, nil
}

// amountName returns name, or name_decimal when only the decimal was written.
func amountName(i integer, name string) string {
	if i.set {
		return name
	}
	return name + "_decimal"
}

func productOf(r productRef) pricing.Product {
	if r.obj {
		return pricing.Product{ID: r.p.ID.s, Name: r.p.Name.s}
	}
	return pricing.Product{ID: r.id.s}
}

func tiersOf(ws []tierWire, c pricing.Currency, path string) ([]pricing.Tier, error) {
	if ws == nil {
		return nil, nil
	}
	if len(ws) == 0 {
		return nil, at(path, fmt.Errorf("%w: no tiers", pricing.ErrInvalidTiers))
	}
	out := make([]pricing.Tier, len(ws))
	for i := range ws {
		w, tp := &ws[i], index(path, i)
		if !w.UpTo.present {
			return nil, at(join(tp, "up_to"), ErrMissingField)
		}
		out[i].Inf, out[i].UpTo = w.UpTo.inf, w.UpTo.v.v
		var hasUnit, hasFlat bool
		var err error
		if out[i].UnitAmount, hasUnit, err = minorAmount(w.UnitAmount, w.UnitAmountDecimal, c, tp, "unit_amount"); err != nil {
			return nil, err
		}
		if out[i].FlatAmount, hasFlat, err = minorAmount(w.FlatAmount, w.FlatAmountDecimal, c, tp, "flat_amount"); err != nil {
			return nil, err
		}
		if !hasUnit && !hasFlat {
			return nil, at(tp, fmt.Errorf("%w: unit_amount or flat_amount", ErrMissingField))
		}
	}
	return out, nil
}

func transformOf(t *transformWire, path string) (*pricing.TransformQuantity, error) {
	var tq pricing.TransformQuantity
	if !t.DivideBy.set {
		return nil, at(join(path, "divide_by"), ErrMissingField)
	}
	tq.DivideBy = t.DivideBy.v
	if !t.Round.set {
		return nil, at(join(path, "round"), ErrMissingField)
	}
	r, err := pricing.ParseTransformRound(t.Round.s)
	if err != nil {
		return nil, at(join(path, "round"), err)
	}
	tq.Round = r
	return &tq, nil
}

// recurringOf converts the recurrence fields at path (a recurring object, or a
// legacy plan, whose names carry no prefix) into pricing's.
func recurringOf(interval text, count integer, usage, agg text, path, _ string) (pricing.Recurring, error) {
	var r pricing.Recurring
	if !interval.set {
		return r, at(join(path, "interval"), ErrMissingField)
	}
	iv, err := pricing.ParseInterval(interval.s)
	if err != nil {
		return r, at(join(path, "interval"), err)
	}
	r.Interval, r.IntervalCount = iv, 1
	if count.set {
		if count.v < 1 || count.v > int64(iv.MaxIntervalCount()) {
			return r, at(join(path, "interval_count"), fmt.Errorf("%w: %d (want 1 to %d for %s): %w", ErrInvalidValue, count.v, iv.MaxIntervalCount(), iv, pricing.ErrInvalidInterval))
		}
		r.IntervalCount = int(count.v)
	}
	if usage.set {
		if r.UsageType, err = pricing.ParseUsageType(usage.s); err != nil {
			return r, at(join(path, "usage_type"), err)
		}
	}
	if agg.set {
		if r.UsageType != pricing.Metered {
			return r, at(join(path, "aggregate_usage"), fmt.Errorf("%w: aggregate_usage needs usage_type metered", ErrConflict))
		}
		if r.AggregateUsage, err = pricing.ParseAggregation(agg.s); err != nil {
			return r, at(join(path, "aggregate_usage"), err)
		}
	}
	return r, nil
}

// priceOptions converts a price's currency_options. Keys are currencies in any case;
// two keys for one currency are an error. An entry for the price's own currency (as
// Stripe returns it) must agree with the price's own amounts and is dropped.
func priceOptions(opts keyed[priceOptionWire], p *pricing.PriceParams, path string) (map[pricing.Currency]pricing.CurrencyOption, error) {
	out := make(map[pricing.Currency]pricing.CurrencyOption, len(opts))
	seen := make(map[pricing.Currency]string, len(opts))
	tiered := p.BillingScheme == pricing.Tiered
	for i := range opts {
		key, w := opts[i].key, &opts[i].value
		kp := join(path, key)
		c, err := pricing.ParseCurrency(key)
		if err != nil {
			return nil, at(kp, fmt.Errorf("%w: %s", err, quote(key)))
		}
		if first, dup := seen[c]; dup {
			return nil, at(kp, fmt.Errorf("%w: currency %s given twice (%s and %s)", ErrConflict, c, quote(first), quote(key)))
		}
		seen[c] = key
		var o pricing.CurrencyOption
		unit, has, err := minorAmount(w.UnitAmount, w.UnitAmountDecimal, c, kp, "unit_amount")
		if err != nil {
			return nil, err
		}
		o.UnitAmount = unit
		switch {
		case tiered && w.Tiers == nil:
			return nil, at(join(kp, "tiers"), fmt.Errorf("%w: tiers (billing_scheme is tiered)", ErrMissingField))
		case tiered && has:
			return nil, at(join(kp, amountName(w.UnitAmount, "unit_amount")), fmt.Errorf("%w: unit_amount with billing_scheme tiered", ErrConflict))
		case !tiered && w.Tiers != nil:
			return nil, at(join(kp, "tiers"), fmt.Errorf("%w: tiers need billing_scheme tiered", ErrConflict))
		case !tiered && !has:
			return nil, at(join(kp, "unit_amount"), fmt.Errorf("%w: unit_amount or unit_amount_decimal", ErrMissingField))
		}
		if o.Tiers, err = tiersOf(w.Tiers, c, join(kp, "tiers")); err != nil {
			return nil, err
		}
		if c == p.Currency {
			if !o.UnitAmount.Equal(p.UnitAmount) || !sameTiers(o.Tiers, p.Tiers) {
				return nil, at(kp, fmt.Errorf("%w: the entry for the price's own currency %s disagrees with the price's amounts", ErrConflict, c))
			}
			continue
		}
		out[c] = o
	}
	return out, nil
}

func sameTiers(a, b []pricing.Tier) bool {
	return slices.EqualFunc(a, b, func(x, y pricing.Tier) bool {
		return x.Inf == y.Inf && (x.Inf || x.UpTo.Equal(y.UpTo)) && x.UnitAmount.Equal(y.UnitAmount) && x.FlatAmount.Equal(y.FlatAmount)
	})
}

// sameAmounts reports whether two prices bill the same: same id, product, currency,
// scheme, amounts, tiers, transform, recurrence and currency options.
func sameAmounts(a, b pricing.PriceParams) bool {
	if a.ID != b.ID || a.Product.ID != b.Product.ID || a.Currency != b.Currency || a.BillingScheme != b.BillingScheme ||
		a.BillingScheme == pricing.Tiered && a.TiersMode != b.TiersMode || !a.UnitAmount.Equal(b.UnitAmount) || !sameTiers(a.Tiers, b.Tiers) {
		return false
	}
	if (a.TransformQuantity == nil) != (b.TransformQuantity == nil) || a.TransformQuantity != nil && *a.TransformQuantity != *b.TransformQuantity {
		return false
	}
	if (a.Recurring == nil) != (b.Recurring == nil) || a.Recurring != nil && *a.Recurring != *b.Recurring {
		return false
	}
	if len(a.CurrencyOptions) != len(b.CurrencyOptions) {
		return false
	}
	for c, o := range a.CurrencyOptions {
		q, ok := b.CurrencyOptions[c]
		if !ok || !o.UnitAmount.Equal(q.UnitAmount) || !sameTiers(o.Tiers, q.Tiers) {
			return false
		}
	}
	return true
}

// planParams converts a legacy Plan into the parameters of the price it stands for.
func planParams(w *planWire, cur pricing.Currency, path string) (pricing.PriceParams, error) {
	pw := priceWire{ID: w.ID, Nickname: w.Nickname, Product: w.Product, Currency: w.Currency, BillingScheme: w.BillingScheme,
		TiersMode: w.TiersMode, UnitAmount: w.Amount, UnitAmountDecimal: w.AmountDecimal, Tiers: w.Tiers, TransformQuantity: w.TransformUsage}
	p, err := priceParams(&pw, cur, path)
	if err != nil {
		return p, renameErr(err, path, map[string]string{"unit_amount": "amount", "unit_amount_decimal": "amount_decimal", "transform_quantity": "transform_usage"})
	}
	r, err := recurringOf(w.Interval, w.IntervalCount, w.UsageType, w.AggregateUsage, path, "")
	if err != nil {
		return p, err
	}
	p.Recurring = &r
	return p, nil
}

// renameErr renames the member right under path in the path of err.
func renameErr(err error, path string, names map[string]string) error {
	var pe *PathError
	if !errors.As(err, &pe) || !strings.HasPrefix(pe.Path, path+".") {
		return err
	}
	rest := pe.Path[len(path)+1:]
	head, tail, _ := strings.Cut(rest, ".")
	if n, ok := names[head]; ok {
		p := join(path, n)
		if tail != "" {
			p += "." + tail
		}
		return &PathError{Path: p, Err: pe.Err}
	}
	return err
}

// couponOf converts a Coupon object at path; cur is the request currency.
func couponOf(w *couponWire, path string) (discount.Coupon, error) {
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
		c, err := currencyAt(w.Currency, join(path, "currency"))
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

// taxRates converts a list of TaxRate objects at path; ids names the rates without
// an id of the whole request.
func (c *converter) taxRates(ws []taxRateWire, path string) ([]invoice.TaxRate, []string, error) {
	if ws == nil {
		return nil, nil, nil
	}
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

// discounts converts a list of discounts at path.
func (c *converter) discounts(refs []discountRef, path, expand string) ([]discount.Discount, []string, error) {
	if refs == nil {
		return nil, nil, nil
	}
	if err := tooMany(len(refs), maxDiscounts, path); err != nil {
		return nil, nil, err
	}
	out := make([]discount.Discount, 0, len(refs))
	paths := make([]string, len(refs))
	for i := range refs {
		dp := index(path, i)
		paths[i] = dp
		if refs[i].obj == nil {
			return nil, nil, at(dp, fmt.Errorf("%w: %s is an unexpanded Discount id: give the Discount object with its coupon (fetch the subscription with expand[]=%s)", ErrInvalidValue, quote(refs[i].id.s), expand))
		}
		d, err := discountOf(refs[i].obj, dp, expand)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, d)
	}
	return out, paths, nil
}

// discountOf converts a Discount object at path.
func discountOf(w *discountWire, path, expand string) (discount.Discount, error) {
	ref, cp := w.Coupon, join(path, "coupon")
	if s := w.Source; s != nil && s.Coupon.set {
		if s.Type.set && s.Type.s != "coupon" {
			return discount.Discount{}, at(join(join(path, "source"), "type"), fmt.Errorf("%w: %s (want coupon)", ErrInvalidValue, quote(s.Type.s)))
		}
		if ref.set && (ref.obj == nil || s.Coupon.obj == nil || ref.obj.ID.s != s.Coupon.obj.ID.s) && couponID(ref) != couponID(s.Coupon) {
			return discount.Discount{}, at(join(join(path, "source"), "coupon"), fmt.Errorf("%w: source.coupon %s disagrees with coupon %s", ErrConflict, quote(couponID(s.Coupon)), quote(couponID(ref))))
		}
		if !ref.set || ref.obj == nil {
			ref, cp = s.Coupon, join(join(path, "source"), "coupon")
		}
	}
	if !ref.set {
		return discount.Discount{}, at(cp, ErrMissingField)
	}
	if ref.obj == nil {
		return discount.Discount{}, at(cp, fmt.Errorf("%w: %s is an unexpanded Coupon id: give the Coupon object (fetch with expand[]=%s.source.coupon)", ErrInvalidValue, quote(ref.id.s), expand))
	}
	cpn, err := couponOf(ref.obj, cp)
	if err != nil {
		return discount.Discount{}, err
	}
	d := discount.Discount{Coupon: cpn, Start: w.Start.t, Until: w.End.t}
	if w.Start.set && w.End.set && !w.End.t.After(w.Start.t) {
		return discount.Discount{}, at(join(path, "end"), fmt.Errorf("%w: end %d is not after start %d", ErrInvalidValue, w.End.t.Unix(), w.Start.t.Unix()))
	}
	return d, nil
}

func couponID(r couponRef) string {
	if r.obj != nil {
		return r.obj.ID.s
	}
	return r.id.s
}
