package previewjson

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// Conversion of prices (and legacy plans) from their wire types into the Go API,
// through pricing.NewPrice, which checks the domain's rules; an error of a
// constructor is mapped from its Go field to the JSON path the user wrote.

// currencyAt parses the currency code t written as member name of the value at path.
func currencyAt(t text, path, name string) (pricing.Currency, error) {
	c, err := pricing.ParseCurrency(t.s)
	if err != nil {
		return pricing.Currency{}, at(join(path, name), fmt.Errorf("%w: %s", err, quote(t.s)))
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
		c, err := priceCurrency(w.Currency, cur, path)
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
	case !tiered && !hasUnit && !hasUsageModel(w):
		return p, at(join(path, "unit_amount"), fmt.Errorf("%w: unit_amount or unit_amount_decimal", ErrMissingField))
	}
	if p.Tiers, err = tiersOf(w.Tiers, p.Currency, path, "tiers"); err != nil {
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
		rc, err := recurringOf(r.Interval, r.IntervalCount, r.UsageType, r.AggregateUsage, path, "recurring")
		if err != nil {
			return p, err
		}
		p.Recurring = &rc
	}
	if err := usageModel(w, &p, path); err != nil {
		return p, err
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

func tiersOf(ws []tierWire, c pricing.Currency, parent, key string) ([]pricing.Tier, error) {
	if ws == nil {
		return nil, nil
	}
	path := join(parent, key)
	if len(ws) == 0 {
		return nil, at(path, fmt.Errorf("%w: no tiers", pricing.ErrInvalidTiers))
	}
	out := make([]pricing.Tier, len(ws))
	for i := range ws {
		w, tp := &ws[i], index(path, i)
		if !w.UpTo.present {
			return nil, at(join(tp, "up_to"), ErrMissingField)
		}
		out[i].Inf, out[i].UpTo, out[i].BlockSize = w.UpTo.inf, w.UpTo.v.v, w.BlockSize.v
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
	tq.Round, tq.FreeUnits = r, t.FreeUnits.v
	return &tq, nil
}

// recurringOf converts the recurrence fields written in the member of the value at
// path (a price's recurring), or in that value itself (member "": a legacy plan).
func recurringOf(interval text, count integer, usage, agg text, path, member string) (pricing.Recurring, error) {
	var r pricing.Recurring
	field := func(name string) string {
		if member == "" {
			return join(path, name)
		}
		return join(join(path, member), name)
	}
	if !interval.set {
		return r, at(field("interval"), ErrMissingField)
	}
	iv, err := pricing.ParseInterval(interval.s)
	if err != nil {
		return r, at(field("interval"), err)
	}
	r.Interval, r.IntervalCount = iv, 1
	if count.set {
		if count.v < 1 || count.v > int64(iv.MaxIntervalCount()) {
			return r, at(field("interval_count"), fmt.Errorf("%w: %d (want 1 to %d for %s): %w", ErrInvalidValue, count.v, iv.MaxIntervalCount(), iv, pricing.ErrInvalidInterval))
		}
		r.IntervalCount = int(count.v)
	}
	if usage.set {
		if r.UsageType, err = pricing.ParseUsageType(usage.s); err != nil {
			return r, at(field("usage_type"), err)
		}
	}
	if agg.set {
		if r.UsageType != pricing.Metered {
			return r, at(field("aggregate_usage"), fmt.Errorf("%w: aggregate_usage needs usage_type metered", ErrConflict))
		}
		if r.AggregateUsage, err = pricing.ParseAggregation(agg.s); err != nil {
			return r, at(field("aggregate_usage"), err)
		}
	}
	return r, nil
}

// priceOptions converts a price's currency_options. Keys are currencies in any case;
// two keys for one currency are an error. An entry for the price's own currency (as
// Stripe returns it) must agree with the price's own amounts and is dropped.
func priceOptions(opts keyed[priceOptionWire], p *pricing.PriceParams, path string) (map[pricing.Currency]pricing.CurrencyOption, error) {
	out := make(map[pricing.Currency]pricing.CurrencyOption, len(opts))
	var room [8]pricing.Currency
	seen := room[:0] // the currency of each key before
	tiered := p.BillingScheme == pricing.Tiered
	for i := range opts {
		key, w := opts[i].key, &opts[i].value
		kp := join(path, key)
		c, err := pricing.ParseCurrency(key)
		if err != nil {
			return nil, at(kp, fmt.Errorf("%w: %s", err, quote(key)))
		}
		if j := slices.Index(seen, c); j >= 0 {
			return nil, at(kp, fmt.Errorf("%w: currency %s given twice (%s and %s)", ErrConflict, c, quote(opts[j].key), quote(key)))
		}
		seen = append(seen, c)
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
		if o.Tiers, err = tiersOf(w.Tiers, c, kp, "tiers"); err != nil {
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
// scheme, amounts, tiers, transform, recurrence, usage model and currency options.
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
	if !sameUsageModel(a, b) {
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
