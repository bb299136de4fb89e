package pricing

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// The price side of prorated usage: which prices may be prorated, and how their
// prorated units are priced (Lago's prorated charge models; the rule is in
// usage_prorated.go).

// checkProrated checks a prorated price: metered, summed, without a bucket, a
// usage model, a transform, currency-independent engine conventions (each-line
// rounding, blocks) or a minimum and maximum. Lago allows a prorated charge on a
// recurring metric in arrears with the standard, graduated or volume model only
// (Charge#validate_prorated in app/models/charge.rb of github.com/getlago/lago-api).
func checkProrated(p *PriceParams, r *Recurring) error {
	if r == nil || !r.Prorated {
		return nil
	}
	refuse := func(f, why string) error {
		return fieldErr(f, fmt.Errorf("%w: a prorated price %s", ErrInvalidPrice, why))
	}
	switch {
	case r.UsageType != Metered:
		return refuse("Recurring.Prorated", "weighs usage records: the price must be metered")
	case r.AggregateUsage != AggregateSum:
		return refuse("Recurring.AggregateUsage", "sums its records (Lago prorates a recurring sum)")
	case r.BucketSize != NoBucket:
		return refuse("Recurring.BucketSize", "takes no bucket")
	case p.Dynamic || p.Percentage != nil:
		return refuse("Recurring.Prorated", "is not dynamic or a percentage price (Lago prorates the standard, graduated and volume models)")
	case p.TransformQuantity != nil:
		return refuse("TransformQuantity", "has no transform_quantity (Lago does not prorate a package charge)")
	case p.Minimum != nil || p.Maximum != nil:
		return refuse("Minimum", "has no minimum or maximum")
	case p.TierRounding != TierRoundingOnce:
		return refuse("TierRounding", "rounds once")
	}
	for i, t := range p.Tiers {
		if t.BlockSize > 1 {
			return refuse(fmt.Sprintf("Tiers[%d].BlockSize", i), "has no block tiers")
		}
	}
	return nil
}

// IsProrated reports whether the price weighs its units by the days they were
// present ([Recurring.Prorated]).
func (p Price) IsProrated() bool { return p.recurring != nil && p.recurring.Prorated }

// quoteProrated prices the prorated usage u in c: per unit, the prorated units ×
// the unit amount; volume, the prorated units at the tier of the full units at the
// end of the range, plus its flat amount (Lago's VolumeService with a prorated
// charge); graduated, each record's prorated units in the tiers its full units
// fall in, stacked in time order (a removal takes the top units), plus the flat
// amounts of the tiers up to the one of the most units present (Lago's
// ProratedGraduatedService).
func (p Price) quoteProrated(c Currency, u Usage) (Quote, error) {
	a, err := p.amountsIn(c)
	if err != nil {
		return Quote{}, err
	}
	pu := u.Prorated
	if pu == nil {
		return Quote{}, fmt.Errorf("price %q: %w: a prorated price weighs its records: aggregate them with AggregateUsage or AggregateProrated", p.id, ErrInvalidPrice)
	}
	if p.scheme == PerUnit {
		return p.Quote(c, u.Quantity)
	}
	q := Quote{Price: p.id, Currency: c, Scheme: Tiered, a: a}
	tiers := a.tierList()
	var charges []TierCharge
	if p.mode == Volume {
		k := tierOf(tiers, pu.Full)
		charges = []TierCharge{tierCharge(tiers, k, u.Quantity, c)}
		q.Quantity = u.Quantity
	} else {
		units := stackTiers(tiers, pu.events)
		top := tierOf(tiers, pu.Max)
		charges = make([]TierCharge, 0, top+1)
		for k := 0; k <= top; k++ {
			charges = append(charges, tierCharge(tiers, k, units[k], c))
		}
		q.Quantity = pu.Exact
	}
	exact := decimal.Zero
	for _, t := range charges {
		exact = exact.Add(t.Subtotal.Amount())
	}
	q.BilledQuantity, q.charges = q.Quantity, &charges
	q.Exact = New(exact, c)
	q.Amount = q.Exact.Round(HalfAwayFromZero)
	return q, nil
}

// tierOf is the tier a quantity falls in: the first whose bound it does not pass.
func tierOf(tiers []Tier, q decimal.Decimal) int {
	return sort.Search(len(tiers)-1, func(i int) bool { return q.LessThanOrEqual(tiers[i].UpTo) })
}

// tierCharge is tier k's charge for n prorated units.
func tierCharge(tiers []Tier, k int, n decimal.Decimal, c Currency) TierCharge {
	t := tiers[k]
	from := decimal.Zero
	if k > 0 {
		from = tiers[k-1].UpTo
	}
	sub := n.Mul(t.UnitAmount).Add(t.FlatAmount)
	return TierCharge{Index: k, From: from, UpTo: t.UpTo, Inf: t.Inf, Quantity: n, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount, Subtotal: New(sub, c)}
}

// stackTiers returns each tier's prorated units: the events' full units stacked
// in order, each event's units in a tier weighed by its coefficient (an addition
// fills the tiers above the running total, a removal empties those below it).
func stackTiers(tiers []Tier, events []proratedEvent) []decimal.Decimal {
	units := make([]decimal.Decimal, len(tiers))
	for i := range units {
		units[i] = decimal.Zero
	}
	running := decimal.Zero
	for _, e := range events {
		lo, hi := running, running.Add(e.full)
		sign := decimal.NewFromInt(1)
		if hi.LessThan(lo) {
			lo, hi, sign = hi, lo, decimal.NewFromInt(-1)
		}
		for k := tierOf(tiers, lo); k < len(tiers); k++ {
			from := decimal.Zero
			if k > 0 {
				from = tiers[k-1].UpTo
			}
			if !hi.GreaterThan(from) {
				break
			}
			top := hi
			if !tiers[k].Inf && tiers[k].UpTo.LessThan(top) {
				top = tiers[k].UpTo
			}
			part := top.Sub(decimal.Max(lo, from))
			if part.Sign() > 0 {
				units[k] = units[k].Add(part.Mul(e.coef).Mul(sign))
			}
		}
		running = running.Add(e.full)
	}
	return units
}
