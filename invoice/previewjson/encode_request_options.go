package previewjson

import (
	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// options writes the request's options: proration and tax rounding, the preview
// mode and forecast, the billing mode's options, the engine and its conventions. A
// Convention field the format cannot say is an [ErrUnsupported] error.
func (e *requestEncoder) options(r *invoice.Request) *optionsOut {
	o := optionsOut{Engine: optString(r.Engine != invoice.EngineStripe, r.Engine.String())}
	if r.Proration != proration.BySecond || r.Convention.Granularity != proration.BySecond {
		g := r.Proration
		if g == proration.BySecond {
			g = r.Convention.Granularity
		}
		o.Proration = g.String()
	}
	if r.TaxRounding != invoice.RoundPerLine {
		o.TaxRounding = r.TaxRounding.String()
	}
	if r.PreviewMode != invoice.PreviewNext {
		o.PreviewMode = r.PreviewMode.String()
	}
	if r.Forecast != 0 {
		f := r.Forecast
		o.Forecast = &f
	}
	if r.ProrationDiscounts != invoice.ProrationDiscountsDefault {
		o.ProrationDiscounts = r.ProrationDiscounts.String()
	}
	o.CapCredits = r.CapCredits
	o.TierRounding = e.tierRounding(r)
	if r.CreditFromHistory && r.Engine != invoice.EngineLago {
		o.CreditFrom = "history"
	}
	o.TerminationRefund = r.TerminationRefund
	c := &r.Convention
	if c.Location != nil {
		o.TimeZone = c.Location.String()
	}
	if c.ChangeDay != proration.ChangeDayRemaining {
		o.ChangeDay = c.ChangeDay.String()
	}
	if c.FixedMonth != 0 {
		f := c.FixedMonth
		o.FixedMonth = &f
	}
	if c.Denominator != proration.PeriodLength {
		o.Denominator = c.Denominator.String()
		if c.IntervalCount != 0 {
			e.fail("options.proration_denominator", "a denominator's own interval has no form: the format takes the subscription's")
		}
	}
	if c.FractionRounding == proration.RoundedFraction {
		s := int(c.Scale)
		o.FractionScale, o.FractionRounding = &s, c.Mode.String()
	}
	if r.MissingCouponCurrency == discount.MissingCurrencySkipped && r.Engine != invoice.EngineLago {
		o.MissingCouponCurrency = "skip"
	}
	if r.LicensedBilling == invoice.InArrears {
		o.LicensedBilling = "in_arrears"
	}
	if r.PlanChange == invoice.PlanChangeByYearlyAmount && r.Engine != invoice.EngineLago {
		o.PlanChange = "yearly_amount"
	}
	if b, _ := marshal(o); string(b) == "{}" {
		return nil // nothing differs from the defaults
	}
	return &o
}

func optString(set bool, s string) string {
	if set {
		return s
	}
	return ""
}

// unwritten fails with [ErrUnsupported] for the request's fields that EncodeRequest
// does not write, so that none is lost without an error.
func (e *requestEncoder) unwritten(r *invoice.Request) {
	s := &r.Subscription
	switch {
	case len(r.Invoices) > 0:
		e.fail("invoices", "EncodeRequest does not write a billing history")
	case r.Schedule != nil:
		e.fail("schedule", "EncodeRequest does not write a schedule")
	case len(r.CouponRests) > 0:
		e.fail("subscription.discounts", "EncodeRequest does not write the rests of carried coupons")
	case r.Commitment != nil:
		e.fail("options.minimum_commitment", "EncodeRequest does not write a minimum commitment")
	case !s.TrialEnd.IsZero():
		e.fail("subscription.trial_end", "EncodeRequest does not write a trial")
	}
	for i := range s.Items {
		if p := s.Items[i].Period; !p.Start.IsZero() || !p.End.IsZero() {
			e.fail(join(index("subscription.items", i), "current_period_start"), "EncodeRequest does not write an item's own period")
		}
	}
	if ch := r.Changes; ch != nil {
		switch {
		case !ch.StartDate.IsZero() || !ch.Anchor.IsZero() || ch.AnchorConfig != nil:
			e.fail("changes.start_date", "EncodeRequest does not write a new subscription's start or anchor")
		case !ch.TrialEnd.IsZero() || ch.TrialEndNow || ch.TrialPeriodDays != 0:
			e.fail("changes.trial_end", "EncodeRequest does not write a trial")
		case ch.CancelAtPeriodEnd || !ch.CancelAt.IsZero() || ch.CancelNow || ch.Prorate || ch.InvoiceNow:
			e.fail("changes.cancel_at", "EncodeRequest does not write a cancellation")
		case ch.Discounts != nil || ch.DefaultTaxRates != nil:
			e.fail("changes.discounts", "EncodeRequest does not write a change's discounts or default tax rates")
		}
	}
}

// tierRounding returns options.tier_rounding for the request's tiered prices, which
// the format rounds alike: "each_line" when they round each tier's line, "once"
// where the engine's default would be each_line, "" for the default. Tiered prices
// that round differently are an [ErrUnsupported] error.
func (e *requestEncoder) tierRounding(r *invoice.Request) string {
	var prices []pricing.Price
	for _, it := range r.Subscription.Items {
		prices = append(prices, it.Price)
	}
	if r.Changes != nil {
		for _, c := range r.Changes.Items {
			if c.Price != nil {
				prices = append(prices, *c.Price)
			}
		}
	}
	each, once := false, false
	for _, p := range prices {
		if p.BillingScheme() != pricing.Tiered {
			continue
		}
		if p.TierRounding() == pricing.TierRoundingEachLine {
			each = true
		} else {
			once = true
		}
	}
	switch {
	case each && once:
		e.fail("options.tier_rounding", "tiered prices that round differently: the format rounds every tiered price alike")
	case each && r.Engine != invoice.EngineOpenMeter:
		return pricing.TierRoundingEachLine.String()
	case once && r.Engine == invoice.EngineOpenMeter:
		return pricing.TierRoundingOnce.String()
	}
	return ""
}
