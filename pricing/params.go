package pricing

import "github.com/shopspring/decimal"

// Params returns the fields the price was built from: NewPrice(p.Params()) builds a
// price Equal to p. Slices and pointers are copies; changing them changes nothing
// of p.
func (p Price) Params() PriceParams {
	out := PriceParams{ID: p.id, Nickname: p.nickname, Product: p.product, BillingScheme: p.scheme, TiersMode: p.mode, TierRounding: p.rounding, Dynamic: p.dynamic}
	if p.percentage != nil {
		c := p.percentage.charge()
		out.Percentage = &c
	}
	if p.transform != nil {
		t := *p.transform
		out.TransformQuantity = &t
	}
	if p.recurring != nil {
		r := *p.recurring
		out.Recurring = &r
	}
	for i := range p.amounts {
		a := &p.amounts[i]
		tiers := a.tierList()
		if i == 0 {
			out.Currency, out.UnitAmount, out.Tiers = a.currency, a.unit, tiers
			out.Minimum, out.Maximum = copyBound(a.minimum), copyBound(a.maximum)
			continue
		}
		if out.CurrencyOptions == nil {
			out.CurrencyOptions = make(map[Currency]CurrencyOption, len(p.amounts)-1)
		}
		out.CurrencyOptions[a.currency] = CurrencyOption{UnitAmount: a.unit, Tiers: tiers, Minimum: copyBound(a.minimum), Maximum: copyBound(a.maximum)}
	}
	return out
}

func copyBound(d *decimal.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	v := *d
	return &v
}

// TierRounding returns where the price's quotes round: once (Stripe) or each tier's
// line (OpenMeter).
func (p Price) TierRounding() TierRounding { return p.rounding }
