package invoice

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// This file holds Lago's rule for a plan change
// (https://getlago.com/docs/guide/subscriptions/upgrades-downgrades): a change is an
// upgrade when the new plan's fee, normalised to a year, does not fall (Plan
// #yearly_amount_cents and Subscription#upgraded? in github.com/getlago/lago-api:
// monthly × 12, quarterly × 4, semiannual × 2, weekly × 52, yearly × 1). An upgrade
// applies at once: the invoice is issued at the change, with a credit for the old
// plan's unused time and the new plan's remaining time (Lago's credit note and
// prorated fee; with day proration the day of the change is billed to the new plan).
// A downgrade applies at the period end: the previewed invoice is the renewal, which
// bills the period's usage in the old state and the next period in the new one, and
// Invoice.PlanChange says the downgrade is scheduled. Stripe applies every change at
// once, prorated per proration_behavior.

// PlanChangeRule says when a change of the subscription's items applies.
type PlanChangeRule uint8

const (
	// PlanChangeAtOnce applies every change at the proration date, per
	// Changes.Behavior (Stripe; the default).
	PlanChangeAtOnce PlanChangeRule = iota
	// PlanChangeByYearlyAmount applies an upgrade at once and a downgrade at the
	// period end, by Lago's rule (engine lago's preset sets it). Changes.Behavior
	// may be left at its zero value, or always_invoice for an upgrade; none, or
	// always_invoice for a downgrade, conflict with the rule.
	PlanChangeByYearlyAmount
)

// PlanChangeKind says what the plan-change rule made of a change.
type PlanChangeKind uint8

const (
	// Upgrade: the yearly amount did not fall; the change applied at once.
	Upgrade PlanChangeKind = iota + 1
	// DowngradeScheduled: the yearly amount fell; the change applies at the period
	// end.
	DowngradeScheduled
)

// String returns "upgrade" or "downgrade_scheduled".
func (k PlanChangeKind) String() string {
	switch k {
	case Upgrade:
		return "upgrade"
	case DowngradeScheduled:
		return "downgrade_scheduled"
	}
	return "none"
}

// PlanChange is what Request.PlanChange made of the previewed change.
type PlanChange struct {
	// Kind is an upgrade or a scheduled downgrade.
	Kind PlanChangeKind
	// OldYearly and NewYearly are the licensed fees of the state before and after
	// the change, normalised to a year, in major units of the invoice currency.
	OldYearly, NewYearly decimal.Decimal
	// EffectiveAt is when the change applies: the proration date for an upgrade,
	// the period end for a downgrade.
	EffectiveAt time.Time
}

// Explanation says the same in words, for a support agent.
func (p PlanChange) Explanation(cur pricing.Currency) string {
	old, nw := money(pricing.New(p.OldYearly, cur)), money(pricing.New(p.NewYearly, cur))
	if p.Kind == DowngradeScheduled {
		return "A downgrade (yearly amount " + old + " to " + nw + "): it takes effect at the period end, " + fmtTime(p.EffectiveAt) + ": nothing is prorated; the current period is billed in the old plan, the periods after it in the new one."
	}
	return "An upgrade (yearly amount " + old + " to " + nw + ", not lower): it takes effect at once, " + fmtTime(p.EffectiveAt) + ", prorated."
}

// planChange applies the plan-change rule to a change of items: it returns the
// change as built (an upgrade issued at once) and records what it made of it.
func (b *builder) planChange(ch *Changes) (*Changes, error) {
	if b.req.PlanChange == PlanChangeAtOnce && b.req.Engine != EngineLago {
		return ch, nil
	}
	if b.req.PlanChange > PlanChangeByYearlyAmount {
		return ch, fieldErr("PlanChange", "%w: plan change rule %d", ErrInvalidValue, b.req.PlanChange)
	}
	changed := false
	for i := range b.slots {
		changed = changed || b.slots[i].changed
	}
	if !changed {
		return ch, nil // no item changes: nothing to upgrade or downgrade
	}
	unsupported := func(field, what string) error {
		return fieldErr(field, "%w: the yearly-amount plan-change rule with %s is not supported", ErrInvalidRequest, what)
	}
	switch {
	case ch.Behavior == proration.None:
		return ch, fieldErr("Changes.Behavior", "%w: the plan-change rule decides when the change applies: leave the proration behavior out", ErrConflict)
	case ch.ResetAnchor:
		return ch, unsupported("Changes.ResetAnchor", "a reset of the billing cycle anchor")
	case b.req.BillingMode == Flexible:
		return ch, unsupported("BillingMode", "the flexible billing mode")
	case b.req.Schedule != nil:
		return ch, unsupported("Schedule", "a schedule")
	}
	if iv, count, set, err := b.intervals(b.slots, true); err != nil {
		return ch, err
	} else if set && (iv != b.interval || count != b.count) {
		return ch, unsupported("Changes.Items", "a change of billing interval")
	}
	old, err := b.yearly(false)
	if err != nil {
		return ch, err
	}
	nw, err := b.yearly(true)
	if err != nil {
		return ch, err
	}
	pc := &PlanChange{OldYearly: old, NewYearly: nw}
	if nw.GreaterThanOrEqual(old) {
		if b.arrears() {
			return ch, unsupported("LicensedBilling", "billing in arrears, for an upgrade (the old plan's used part would be billed at once)")
		}
		pc.Kind, pc.EffectiveAt = Upgrade, b.at
		up := *ch
		up.Behavior = proration.AlwaysInvoice
		b.req.Changes = &up
		ch = &up
	} else {
		if ch.Behavior == proration.AlwaysInvoice {
			return ch, fieldErr("Changes.Behavior", "%w: a downgrade (yearly amount %s to %s) applies at the period end: always_invoice would apply it at once", ErrConflict, old.String(), nw.String())
		}
		pc.Kind, pc.EffectiveAt = DowngradeScheduled, b.period.End
		b.atEnd = true
	}
	b.planChanged = pc
	return ch, nil
}

// yearly is the licensed fees of the state before (or after) the change,
// normalised to a year as Lago normalises a plan's amount.
func (b *builder) yearly(newState bool) (decimal.Decimal, error) {
	sum := decimal.Zero
	for i := range b.slots {
		s := &b.slots[i]
		it, p := s.old, s.oldPath
		if newState {
			it, p = s.new, s.newPath
		}
		if !isLicensed(it) {
			continue
		}
		q, err := it.Price.Quote(b.cur, it.quantity())
		if err != nil {
			return sum, pricing.InField(p.field("Price"), err)
		}
		rc, _ := it.Price.Recurring()
		var per int64
		switch rc.Interval {
		case pricing.Year:
			per = 1
		case pricing.Month:
			per = 12
		case pricing.Week:
			per = 52
		default:
			return sum, fieldErr(p.field("Price"), "%w: the yearly-amount plan-change rule has no yearly amount for a daily price (Lago has no daily plans)", ErrInvalidRequest)
		}
		sum = sum.Add(q.Exact.Amount().Mul(decimal.NewFromInt(per)).DivRound(decimal.NewFromInt(int64(rc.IntervalCount)), 24))
	}
	return sum, nil
}
