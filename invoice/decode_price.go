package invoice

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// price decodes a Stripe Price. Amounts are in minor units of their currency
// (integers, or "_decimal" strings with up to 12 decimal places) and become major
// units in pricing's Go API. The price's currency defaults to the invoice currency.
func (d *decoder) price(n val, p path) (pricing.Price, error) {
	o, err := asObject(n, p, &priceSchema)
	if err != nil {
		return pricing.Price{}, err
	}
	var pp pricing.PriceParams
	if v, vp := o.get(priceID); v.ok() {
		if pp.ID, err = asString(v, vp); err != nil {
			return pricing.Price{}, err
		}
	}
	if v, vp := o.get(priceNickname); v.ok() {
		if pp.Nickname, err = asString(v, vp); err != nil {
			return pricing.Price{}, err
		}
	}
	if v, vp := o.get(priceProduct); v.ok() {
		switch v.kind() {
		case kString:
			pp.Product.ID = v.text()
		default:
			po, err := asObject(v, vp, &productSchema)
			if err != nil {
				return pricing.Price{}, pathErr(vp, fmt.Errorf("%w: want a product id or {id, name}", ErrInvalidValue))
			}
			if v, np := po.get(productID); v.ok() {
				if pp.Product.ID, err = asString(v, np); err != nil {
					return pricing.Price{}, err
				}
			}
			if v, np := po.get(productName); v.ok() {
				if pp.Product.Name, err = asString(v, np); err != nil {
					return pricing.Price{}, err
				}
			}
		}
	}
	pp.Currency = d.cur
	if v, vp := o.get(priceCurrency); v.ok() {
		if pp.Currency, err = currency(v, vp); err != nil {
			return pricing.Price{}, err
		}
	}
	if v, vp := o.get(priceBillingScheme); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return pricing.Price{}, err
		}
		if pp.BillingScheme, err = pricing.ParseBillingScheme(s); err != nil {
			return pricing.Price{}, pathErr(vp, err)
		}
	}
	tiersModeSet := false
	if v, vp := o.get(priceTiersMode); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return pricing.Price{}, err
		}
		if pp.TiersMode, err = pricing.ParseTiersMode(s); err != nil {
			return pricing.Price{}, pathErr(vp, err)
		}
		tiersModeSet = true
	}
	tiered := pp.BillingScheme == pricing.Tiered
	unit, hasUnit, err := amountPair(&o, priceUnitAmount, priceUnitAmountDecimal, pp.Currency)
	if err != nil {
		return pricing.Price{}, err
	}
	pp.UnitAmount = unit
	tn, tp := o.get(priceTiers)
	switch {
	case tiered && !tn.ok():
		return pricing.Price{}, pathErr(tp, fmt.Errorf("%w: tiers (billing_scheme is tiered)", ErrMissingField))
	case tiered && !tiersModeSet:
		return pricing.Price{}, pathErr(o.p.field("tiers_mode"), fmt.Errorf("%w: tiers_mode (billing_scheme is tiered)", ErrMissingField))
	case tiered && hasUnit:
		return pricing.Price{}, pathErr(o.p.field("unit_amount"), fmt.Errorf("%w: unit_amount with billing_scheme tiered", ErrConflict))
	case !tiered && tn.ok():
		return pricing.Price{}, pathErr(tp, fmt.Errorf("%w: tiers need billing_scheme tiered", ErrConflict))
	case !tiered && tiersModeSet:
		return pricing.Price{}, pathErr(o.p.field("tiers_mode"), fmt.Errorf("%w: tiers_mode needs billing_scheme tiered", ErrConflict))
	case !tiered && !hasUnit:
		return pricing.Price{}, pathErr(o.p.field("unit_amount"), fmt.Errorf("%w: unit_amount or unit_amount_decimal", ErrMissingField))
	}
	if tn.ok() {
		if pp.Tiers, err = tiers(tn, tp, pp.Currency); err != nil {
			return pricing.Price{}, err
		}
	}
	if v, vp := o.get(priceTransformQuantity); v.ok() {
		if tiered {
			return pricing.Price{}, pathErr(vp, fmt.Errorf("%w: transform_quantity cannot be combined with tiers", ErrConflict))
		}
		to, err := asObject(v, vp, &transformSchema)
		if err != nil {
			return pricing.Price{}, err
		}
		var t pricing.TransformQuantity
		dv, dp := to.get(transformDivideBy)
		if !dv.ok() {
			return pricing.Price{}, pathErr(dp, ErrMissingField)
		}
		if t.DivideBy, err = integer(dv, dp, 1, 1e15); err != nil {
			return pricing.Price{}, err
		}
		rv, rp := to.get(transformRound)
		if !rv.ok() {
			return pricing.Price{}, pathErr(rp, ErrMissingField)
		}
		s, err := asString(rv, rp)
		if err != nil {
			return pricing.Price{}, err
		}
		if t.Round, err = pricing.ParseTransformRound(s); err != nil {
			return pricing.Price{}, pathErr(rp, err)
		}
		pp.TransformQuantity = &t
	}
	if v, vp := o.get(priceRecurring); v.ok() {
		r, err := recurring(v, vp)
		if err != nil {
			return pricing.Price{}, err
		}
		pp.Recurring = &r
	}
	if v, vp := o.get(priceCurrencyOptions); v.ok() {
		co, err := asObject(v, vp, nil)
		if err != nil {
			return pricing.Price{}, err
		}
		pp.CurrencyOptions = make(map[pricing.Currency]pricing.CurrencyOption, co.v.t.nodes[co.v.i].n)
		for key, m := range co.v.members() {
			mp := nodePath(m)
			c, err := pricing.ParseCurrency(key)
			if err != nil {
				return pricing.Price{}, pathErr(mp, err)
			}
			if _, dup := pp.CurrencyOptions[c]; dup || c == pp.Currency {
				return pricing.Price{}, pathErr(mp, fmt.Errorf("%w: currency %s given twice", ErrConflict, c))
			}
			oo, err := asObject(m, mp, &priceOptionSchema)
			if err != nil {
				return pricing.Price{}, err
			}
			var opt pricing.CurrencyOption
			u, has, err := amountPair(&oo, priceOptionUnitAmount, priceOptionUnitAmountDecimal, c)
			if err != nil {
				return pricing.Price{}, err
			}
			opt.UnitAmount = u
			ot, otp := oo.get(priceOptionTiers)
			switch {
			case tiered && !ot.ok():
				return pricing.Price{}, pathErr(otp, fmt.Errorf("%w: tiers (billing_scheme is tiered)", ErrMissingField))
			case tiered && has:
				return pricing.Price{}, pathErr(oo.p.field("unit_amount"), fmt.Errorf("%w: unit_amount with billing_scheme tiered", ErrConflict))
			case !tiered && ot.ok():
				return pricing.Price{}, pathErr(otp, fmt.Errorf("%w: tiers need billing_scheme tiered", ErrConflict))
			case !tiered && !has:
				return pricing.Price{}, pathErr(oo.p.field("unit_amount"), fmt.Errorf("%w: unit_amount or unit_amount_decimal", ErrMissingField))
			}
			if ot.ok() {
				if opt.Tiers, err = tiers(ot, otp, c); err != nil {
					return pricing.Price{}, err
				}
				if len(opt.Tiers) != len(pp.Tiers) {
					return pricing.Price{}, pathErr(otp, fmt.Errorf("%w: %d tiers, the price has %d", ErrInvalidValue, len(opt.Tiers), len(pp.Tiers)))
				}
				for k := range opt.Tiers {
					if opt.Tiers[k].Inf != pp.Tiers[k].Inf || !opt.Tiers[k].UpTo.Equal(pp.Tiers[k].UpTo) {
						return pricing.Price{}, pathErr(otp.at(k).field("up_to"), fmt.Errorf("%w: up_to differs from the price's tiers[%d]", ErrInvalidValue, k))
					}
				}
			}
			pp.CurrencyOptions[c] = opt
		}
	}
	price, err := pricing.NewPrice(pp)
	if err != nil {
		return pricing.Price{}, pathErr(p, err)
	}
	return price, nil
}

// amountPair decodes the field name (an integer of minor units) or its twin
// decimalName (name_decimal: a decimal string of minor units), which exclude each
// other, into major units of c.
func amountPair(o *obj, name, decimalName int, c pricing.Currency) (decimal.Decimal, bool, error) {
	iv, ip := o.get(name)
	dv, dp := o.get(decimalName)
	switch {
	case iv.ok() && dv.ok():
		return decimal.Decimal{}, false, pathErr(dp, fmt.Errorf("%w: both %s and %s", ErrConflict, o.s.fields[name], o.s.fields[decimalName]))
	case iv.ok():
		v, err := minorInt(iv, ip, c)
		if err != nil {
			return v, false, err
		}
		if v.Sign() < 0 {
			return v, false, pathErr(ip, fmt.Errorf("%w: %s is negative", ErrInvalidValue, iv.text()))
		}
		return v, true, nil
	case dv.ok():
		v, err := minorDecimal(dv, dp, c)
		if err != nil {
			return v, false, err
		}
		if v.Sign() < 0 {
			return v, false, pathErr(dp, fmt.Errorf("%w: %s is negative", ErrInvalidValue, dv.text()))
		}
		return v, true, nil
	}
	return decimal.Zero, false, nil
}

func tiers(n val, p path, c pricing.Currency) ([]pricing.Tier, error) {
	elems, err := asArray(n, p, pricing.MaxTiers)
	if err != nil {
		return nil, err
	}
	if elems.n == 0 {
		return nil, pathErr(p, fmt.Errorf("%w: no tiers", pricing.ErrInvalidTiers))
	}
	out := make([]pricing.Tier, elems.n)
	for i, e := range elems.kids() {
		ep := nodePath(e)
		o, err := asObject(e, ep, &tierSchema)
		if err != nil {
			return nil, err
		}
		t := &out[i]
		uv, up := o.get(tierUpTo)
		if !uv.ok() {
			return nil, pathErr(up, ErrMissingField)
		}
		if uv.kind() == kString && uv.text() == "inf" {
			t.Inf = true
		} else {
			if uv.kind() != kNumber {
				return nil, pathErr(up, fmt.Errorf("%w: want a number or \"inf\", got %s", ErrInvalidValue, uv.kind()))
			}
			if t.UpTo, err = number(uv, up, false); err != nil {
				return nil, err
			}
			if t.UpTo.Sign() <= 0 {
				return nil, pathErr(up, fmt.Errorf("%w: up_to %s must be positive", pricing.ErrTierOrder, uv.text()))
			}
		}
		switch {
		case t.Inf && i != elems.n-1:
			return nil, pathErr(up, fmt.Errorf("%w: only the last tier may be \"inf\"", pricing.ErrTiersOpenEnd))
		case !t.Inf && i == elems.n-1:
			return nil, pathErr(up, fmt.Errorf("%w: the last tier must be \"inf\", got %s", pricing.ErrTiersOpenEnd, uv.text()))
		case i > 0 && !t.Inf && !t.UpTo.GreaterThan(out[i-1].UpTo):
			return nil, pathErr(up, fmt.Errorf("%w: up_to %s is not above the previous tier's %s", pricing.ErrTierOrder, uv.text(), out[i-1].UpTo))
		}
		var hasUnit, hasFlat bool
		if t.UnitAmount, hasUnit, err = amountPair(&o, tierUnitAmount, tierUnitAmountDecimal, c); err != nil {
			return nil, err
		}
		if t.FlatAmount, hasFlat, err = amountPair(&o, tierFlatAmount, tierFlatAmountDecimal, c); err != nil {
			return nil, err
		}
		if !hasUnit && !hasFlat {
			return nil, pathErr(ep, fmt.Errorf("%w: unit_amount or flat_amount", ErrMissingField))
		}
	}
	return out, nil
}

func recurring(n val, p path) (pricing.Recurring, error) {
	var r pricing.Recurring
	o, err := asObject(n, p, &recurringSchema)
	if err != nil {
		return r, err
	}
	v, vp := o.get(recurringInterval)
	if !v.ok() {
		return r, pathErr(vp, ErrMissingField)
	}
	s, err := asString(v, vp)
	if err != nil {
		return r, err
	}
	if r.Interval, err = pricing.ParseInterval(s); err != nil {
		return r, pathErr(vp, err)
	}
	r.IntervalCount = 1
	if v, vp := o.get(recurringIntervalCount); v.ok() {
		c, err := integer(v, vp, 1, int64(r.Interval.MaxIntervalCount()))
		if err != nil {
			return r, err
		}
		r.IntervalCount = int(c)
	}
	if v, vp := o.get(recurringUsageType); v.ok() {
		s, err := asString(v, vp)
		if err != nil {
			return r, err
		}
		if r.UsageType, err = pricing.ParseUsageType(s); err != nil {
			return r, pathErr(vp, err)
		}
	}
	if v, vp := o.get(recurringAggregateUsage); v.ok() {
		if r.UsageType != pricing.Metered {
			return r, pathErr(vp, fmt.Errorf("%w: aggregate_usage needs usage_type metered", ErrConflict))
		}
		s, err := asString(v, vp)
		if err != nil {
			return r, err
		}
		if r.AggregateUsage, err = pricing.ParseAggregation(s); err != nil {
			return r, pathErr(vp, err)
		}
	}
	return r, nil
}
