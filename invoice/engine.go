package invoice

import (
	"fmt"
	"time"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Engine names a billing engine whose documented conventions a preset reproduces.
// The zero value is Stripe's, pricekit's reference.
type Engine uint8

const (
	// EngineStripe: Stripe Billing (the default; no option changes).
	EngineStripe Engine = iota
	// EngineLago: proration by whole days in the customer's time zone, the day of a
	// change billed to the new plan (https://getlago.com/docs/guide/subscriptions/upgrades-downgrades).
	// Lago computes a day's price in floating point (amount ÷ days, then × days): its
	// result can differ from pricekit's exact one by a minor unit near half-unit ties.
	// The preset also skips an amount_off coupon without an amount in the invoice
	// currency (Request.MissingCouponCurrency) and refuses a once amount_off coupon
	// that drops its unused rest (Lago carries it: discount.RestCarried). A minimum
	// commitment and billing in arrears are fields of a Lago plan: set them with
	// Request.Commitment and Request.LicensedBilling. Changes of items follow Lago's
	// upgrade and downgrade rule (PlanChangeByYearlyAmount). With Invoices, in
	// classic mode, a termination's credit is priced from what was billed
	// (Request.CreditFromHistory). A termination's credit, from the history or from
	// the current price, counts the day of the termination as used; billed in
	// arrears, that day is billed when the termination falls within it (not at its
	// midnight).
	EngineLago
	// EngineKillBill: proration by whole days, the fraction rounded to 9 decimals half
	// up before it is applied (Kill Bill's InvoiceDateUtils and KillBillMoney).
	EngineKillBill
	// EngineOpenMeter: proration by the time remaining, to the second, as Stripe;
	// tiered prices must round each tier's line on its own, as OpenMeter does
	// (pricing.TierRoundingEachLine; the preview format sets it for the preset).
	EngineOpenMeter
	// EngineFlexprice: proration by whole days in the customer's time zone, the day
	// of a change counted as remaining, the fraction rounded to 16 decimals; with a
	// history, a credit is capped at what was paid less earlier credits.
	EngineFlexprice
)

var engineNames = [...]string{"stripe", "lago", "killbill", "openmeter", "flexprice"}

// String returns the engine's name in the preview format ("stripe", "lago", …).
func (e Engine) String() string {
	if int(e) < len(engineNames) {
		return engineNames[e]
	}
	return "unknown"
}

// ParseEngine parses an engine's name.
func ParseEngine(s string) (Engine, error) {
	for i, n := range engineNames {
		if n == s {
			return Engine(i), nil
		}
	}
	return 0, fmt.Errorf("%w: engine %q (want stripe, lago, killbill, openmeter or flexprice)", ErrInvalidValue, short(s))
}

// preset is the engine's convention: the fields it sets.
func (e Engine) preset(loc *time.Location) proration.Convention {
	switch e {
	case EngineLago:
		return proration.Convention{Granularity: proration.ByDay, Location: loc, ChangeDay: proration.ChangeDayRemaining}
	case EngineKillBill:
		return proration.Convention{Granularity: proration.ByDay, Location: loc, FractionRounding: proration.RoundedFraction, Scale: 9, Mode: pricing.HalfAwayFromZero}
	case EngineFlexprice:
		return proration.Convention{Granularity: proration.ByDay, Location: loc, ChangeDay: proration.ChangeDayRemaining,
			FractionRounding: proration.RoundedFraction, Scale: 16, Mode: pricing.HalfAwayFromZero}
	}
	return proration.Convention{}
}

// convention returns the request's proration convention: the engine's preset, the
// fields the request sets over it, and Proration's granularity.
func convention(req *Request) (proration.Convention, error) {
	if req.Engine > EngineFlexprice {
		return proration.Convention{}, fieldErr("Engine", "%w: engine %d", ErrInvalidValue, req.Engine)
	}
	given := req.Convention
	c := req.Engine.preset(given.Location)
	c.Location = given.Location // every engine counts days in the zone given (none: UTC)
	if given.Granularity != proration.BySecond {
		c.Granularity = given.Granularity
	}
	if given.ChangeDay != 0 {
		c.ChangeDay = given.ChangeDay
	}
	if given.FixedMonth != 0 {
		c.FixedMonth = given.FixedMonth
	}
	if given.Denominator != 0 {
		c.Denominator, c.Interval, c.IntervalCount = given.Denominator, given.Interval, given.IntervalCount
	}
	if given.FractionRounding != 0 {
		c.FractionRounding, c.Scale, c.Mode = given.FractionRounding, given.Scale, given.Mode
	}
	if c.Denominator != proration.PeriodLength && c.Interval == 0 && c.IntervalCount == 0 {
		c.Interval, c.IntervalCount = billingInterval(req) // the subscription's own
	}
	if req.Proration != proration.BySecond {
		if given.Granularity != proration.BySecond && given.Granularity != req.Proration {
			return c, fieldErr("Proration", "%w: proration %s and the convention's granularity %s disagree", ErrConflict, req.Proration, given.Granularity)
		}
		c.Granularity = req.Proration
	}
	if err := c.Check(); err != nil {
		return c, pricing.InField("Convention", err)
	}
	if err := req.Engine.refuse(req); err != nil {
		return c, err
	}
	if err := checkArrears(req); err != nil {
		return c, err
	}
	return c, nil
}

// billingInterval is the interval and count of the request's first recurring
// price (of the subscription's items, else of the changes'): the billing interval
// a Denominator other than the period divides by when the Convention gives none.
// Zero when there is none (the Convention's check then refuses the Denominator).
func billingInterval(req *Request) (pricing.Interval, int) {
	for _, it := range req.Subscription.Items {
		if r, ok := it.Price.Recurring(); ok {
			return r.Interval, r.IntervalCount
		}
	}
	if req.Changes != nil {
		for _, c := range req.Changes.Items {
			if c.Price != nil {
				if r, ok := c.Price.Recurring(); ok {
					return r.Interval, r.IntervalCount
				}
			}
		}
	}
	return 0, 0
}

// refuse refuses what the engine's semantics cannot express, rather than computing
// it by another engine's rule.
func (e Engine) refuse(req *Request) error {
	switch e {
	case EngineLago, EngineKillBill, EngineOpenMeter:
		if req.BillingMode == Flexible {
			return fieldErr("BillingMode", "%w: engine %s has no flexible billing mode", ErrInvalidRequest, e)
		}
	}
	if e == EngineLago {
		if err := refuseLagoCoupons(req); err != nil {
			return err
		}
		return eachPrice(req, func(p pricing.Price, field string) error {
			if pc, ok := p.Percentage(); ok && !pc.NoFixedFeeOnZeroTotal {
				return fieldErr(field, "%w: engine lago takes no fixed fee when a period's transactions total zero: percentage price %q charges it (build it with PercentageCharge.NoFixedFeeOnZeroTotal; the format's percentage.fixed_fee_on_zero_total)", ErrInvalidRequest, short(p.ID()))
			}
			return nil
		})
	}
	if e == EngineOpenMeter {
		return eachPrice(req, func(p pricing.Price, field string) error {
			if p.BillingScheme() == pricing.Tiered && p.TierRounding() != pricing.TierRoundingEachLine {
				return fieldErr(field, "%w: engine openmeter rounds each tier's line on its own: tiered price %q is rounded once (build it with TierRounding each line; the format's options.tier_rounding)", ErrInvalidRequest, short(p.ID()))
			}
			return nil
		})
	}
	return nil
}

// eachPrice calls check with every price of the subscription's items and of the
// changes, and the Go path of the price.
func eachPrice(req *Request, check func(p pricing.Price, field string) error) error {
	for i, it := range req.Subscription.Items {
		if err := check(it.Price, itemPath{i: i}.field("Price")); err != nil {
			return err
		}
	}
	if req.Changes != nil {
		for j, c := range req.Changes.Items {
			if c.Price != nil {
				if err := check(*c.Price, itemPath{change: true, i: j}.field("Price")); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
