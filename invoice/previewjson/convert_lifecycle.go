package previewjson

import (
	"fmt"
	"time"
	_ "time/tzdata" // options.time_zone: IANA zones without the system's database

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Conversion of a subscription's life (new subscriptions, trials, cancellations,
// schedules), of the billing mode and of the engine options.

// options converts the options beyond proration and tax rounding.
func (c *converter) lifecycleOptions(o *optionsWire, req *invoice.Request) error {
	if o.PreviewMode.set {
		switch o.PreviewMode.s {
		case "next":
		case "recurring":
			req.PreviewMode = invoice.PreviewRecurring
		default:
			return at("options.preview_mode", fmt.Errorf("%w: %s (want next or recurring)", ErrInvalidValue, quote(o.PreviewMode.s)))
		}
	}
	if o.Forecast.set {
		if o.Forecast.v < 0 || o.Forecast.v > invoice.MaxForecast {
			return at("options.forecast", fmt.Errorf("%w: %d invoices (want 0 to %d)", ErrTooMany, o.Forecast.v, invoice.MaxForecast))
		}
		req.Forecast = int(o.Forecast.v)
	}
	if o.ProrationDiscounts.set {
		switch o.ProrationDiscounts.s {
		case "included":
			req.ProrationDiscounts = invoice.Included
		case "itemized":
			req.ProrationDiscounts = invoice.Itemized
		default:
			return at("options.proration_discounts", fmt.Errorf("%w: %s (want included or itemized)", ErrInvalidValue, quote(o.ProrationDiscounts.s)))
		}
	}
	if o.Engine.set {
		e, err := invoice.ParseEngine(o.Engine.s)
		if err != nil {
			return at("options.engine", err)
		}
		req.Engine = e
	}
	conv := &req.Convention
	if o.TimeZone.set {
		loc, err := time.LoadLocation(o.TimeZone.s)
		if err != nil || o.TimeZone.s == "" || o.TimeZone.s == "Local" {
			return at("options.time_zone", fmt.Errorf("%w: %s is not an IANA time zone (such as \"Europe/Paris\")", ErrInvalidValue, quote(o.TimeZone.s)))
		}
		if loc != time.UTC {
			conv.Location = loc
		}
	}
	if o.ChangeDay.set {
		switch o.ChangeDay.s {
		case "remaining":
			conv.ChangeDay = proration.ChangeDayRemaining
		case "used":
			conv.ChangeDay = proration.ChangeDayUsed
		default:
			return at("options.change_day", fmt.Errorf("%w: %s (want remaining or used)", ErrInvalidValue, quote(o.ChangeDay.s)))
		}
	}
	if o.FixedMonth.set {
		conv.FixedMonth = int(o.FixedMonth.v)
	}
	if o.Denominator.set {
		switch o.Denominator.s {
		case "period":
		case "interval_before_end":
			conv.Denominator = proration.IntervalBeforeEnd
		case "interval_after_start":
			conv.Denominator = proration.IntervalAfterStart
		default:
			return at("options.proration_denominator", fmt.Errorf("%w: %s (want period, interval_before_end or interval_after_start)", ErrInvalidValue, quote(o.Denominator.s)))
		}
	}
	if o.FractionRounding.set || o.FractionScale.set {
		conv.FractionRounding, conv.Scale = proration.RoundedFraction, int32(o.FractionScale.v)
		if o.FractionRounding.set {
			m, ok := roundingMode(o.FractionRounding.s)
			if !ok {
				return at("options.proration_fraction_rounding", fmt.Errorf("%w: %s (want a rounding mode such as half-away-from-zero, half-even, down)", ErrInvalidValue, quote(o.FractionRounding.s)))
			}
			conv.Mode = m
		}
	}
	req.CapCredits = o.CapCredits.v
	if o.TierRounding.set {
		r, err := pricing.ParseTierRounding(o.TierRounding.s)
		if err != nil {
			return at("options.tier_rounding", err)
		}
		c.tierRounding = r
	} else if req.Engine == invoice.EngineOpenMeter {
		c.tierRounding = pricing.TierRoundingEachLine // OpenMeter rounds each tier's line
	}
	return nil
}

// subscriptionLife converts the subscription's status, trial, cancellation and
// billing mode into the request.
func (c *converter) subscriptionLife(w *subscriptionWire, s *invoice.Subscription, req *invoice.Request, path string) error {
	t := &c.trace
	if w.BillingMode.flexible {
		req.BillingMode, t.billingMode = invoice.Flexible, join(path, "billing_mode")
	}
	status := "active"
	if w.Status.set {
		status = w.Status.s
	}
	switch status {
	case "trialing":
		if !w.TrialEnd.set {
			return at(join(path, "trial_end"), fmt.Errorf("%w: a trialing subscription's trial_end", ErrMissingField))
		}
		if !w.TrialEnd.t.Equal(s.Period.End) {
			return at(join(path, "trial_end"), fmt.Errorf("%w: a trialing subscription's current period ends at its trial_end (%d), not %d", ErrConflict, w.TrialEnd.t.Unix(), s.Period.End.Unix()))
		}
		s.TrialEnd, t.trialEnd = w.TrialEnd.t, join(path, "trial_end")
	case "active", "past_due", "unpaid", "incomplete":
		if w.TrialEnd.set && w.TrialEnd.t.After(s.Period.Start) {
			return at(join(path, "trial_end"), fmt.Errorf("%w: trial_end %d is after current_period_start, but the status is %s, not trialing", ErrConflict, w.TrialEnd.t.Unix(), quote(status)))
		}
		if w.TrialEnd.set && w.TrialEnd.t.Equal(s.Period.Start) {
			s.TrialEnd, t.trialEnd = w.TrialEnd.t, join(path, "trial_end")
		}
	default:
		return at(join(path, "status"), &unsupportedError{value: quote(status), why: "a canceled, expired or paused subscription has no next invoice to preview"})
	}
	if !w.CancelAt.set && !w.CancelAtPeriodEnd.v {
		return nil
	}
	if req.Changes != nil {
		return at(join(path, "cancel_at"), &unsupportedError{value: "a subscription set to cancel", why: "previewing a change of it is not computed: preview its final invoice without changes"})
	}
	ch := &invoice.Changes{}
	if w.CancelAtPeriodEnd.v {
		ch.CancelAtPeriodEnd, t.cancel = true, join(path, "cancel_at_period_end")
	} else {
		ch.CancelAt, t.cancel = w.CancelAt.t, join(path, "cancel_at")
	}
	req.Changes = ch
	return nil
}

// changesLife converts the changes' fields of a subscription's life.
func (c *converter) changesLife(w *changesWire, ch *invoice.Changes, path string) error {
	t := &c.trace
	if a := w.BillingCycleAnchor; a.set && a.s == "" {
		ch.Anchor, t.anchorChange = a.t, join(path, "billing_cycle_anchor")
	}
	if w.StartDate.set {
		ch.StartDate = w.StartDate.t
	}
	if a := w.BillingCycleAnchorConfig; a != nil {
		if !a.DayOfMonth.set {
			return at(join(path, "billing_cycle_anchor_config.day_of_month"), ErrMissingField)
		}
		ch.AnchorConfig = &invoice.AnchorConfig{DayOfMonth: int(a.DayOfMonth.v), Month: int(a.Month.v), Hour: int(a.Hour.v), Minute: int(a.Minute.v), Second: int(a.Second.v)}
		t.anchorChange = join(path, "billing_cycle_anchor_config")
	}
	if e := w.TrialEnd; e.set {
		ch.TrialEnd, ch.TrialEndNow = e.t, e.now
	}
	if w.TrialPeriodDays.set {
		ch.TrialPeriodDays = int(w.TrialPeriodDays.v)
	}
	ch.CancelAtPeriodEnd, ch.CancelNow, ch.Prorate, ch.InvoiceNow = w.CancelAtPeriodEnd.v, w.CancelNow.v, w.Prorate.v, w.InvoiceNow.v
	if w.CancelAt.set {
		ch.CancelAt = w.CancelAt.t
	}
	var err error
	if w.Discounts != nil {
		if ch.Discounts, t.changeDiscounts, err = c.discounts(w.Discounts, path, "discounts"); err != nil {
			return err
		}
		if ch.Discounts == nil {
			ch.Discounts = []discount.Discount{}
		}
	}
	if w.DefaultTaxRates != nil {
		if ch.DefaultTaxRates, t.changeTaxRates, err = c.taxRates(w.DefaultTaxRates, path, "default_tax_rates"); err != nil {
			return err
		}
		if ch.DefaultTaxRates == nil {
			ch.DefaultTaxRates = []invoice.TaxRate{}
		}
	}
	return nil
}

// schedule converts the request's schedule.
func (c *converter) schedule(w *scheduleWire, path string) (*invoice.Schedule, error) {
	s := &invoice.Schedule{}
	switch {
	case !w.EndBehavior.set || w.EndBehavior.s == "release":
	case w.EndBehavior.s == "cancel":
		s.EndBehavior = invoice.CancelAtEnd
	default:
		return nil, at(join(path, "end_behavior"), fmt.Errorf("%w: %s (want release or cancel)", ErrInvalidValue, quote(w.EndBehavior.s)))
	}
	pp := join(path, "phases")
	if err := tooMany(len(w.Phases), invoice.MaxPhases, pp); err != nil {
		return nil, err
	}
	c.trace.phases = make([]phaseTrace, len(w.Phases))
	if c.subPrices == nil {
		c.subPrices = map[string]resolved{}
	}
	for k, ph := range w.Phases {
		p := index(pp, k)
		if ph == nil {
			return nil, at(p, fmt.Errorf("%w: a phase, got null", ErrInvalidValue))
		}
		phase, tr, err := c.phase(ph, p)
		if err != nil {
			return nil, err
		}
		s.Phases = append(s.Phases, phase)
		c.trace.phases[k] = tr
	}
	return s, nil
}

func (c *converter) phase(w *phaseWire, path string) (invoice.Phase, phaseTrace, error) {
	var ph invoice.Phase
	tr := phaseTrace{path: path}
	if w.Currency.set {
		cur, err := currencyAt(w.Currency, path, "currency")
		if err != nil {
			return ph, tr, err
		}
		if cur != c.cur {
			return ph, tr, at(join(path, "currency"), fmt.Errorf("%w: the phase is in %s, the request in %s", ErrConflict, cur, c.cur))
		}
	}
	ph.Start, ph.End, ph.TrialEnd = w.StartDate.t, w.EndDate.t, w.TrialEnd.t
	if d := w.Duration; d != nil {
		iv, err := pricing.ParseInterval(d.Interval.s)
		if err != nil {
			return ph, tr, at(join(path, "duration.interval"), err)
		}
		n := d.IntervalCount.v
		if !d.IntervalCount.set {
			n = 1
		}
		ph.Duration = &invoice.PhaseDuration{Interval: iv, Count: int(n)}
	}
	if w.ProrationBehavior.set {
		b, err := proration.ParseBehavior(w.ProrationBehavior.s)
		if err != nil {
			return ph, tr, at(join(path, "proration_behavior"), err)
		}
		ph.Behavior = b
	}
	switch {
	case !w.BillingCycleAnchor.set || w.BillingCycleAnchor.s == "automatic":
	case w.BillingCycleAnchor.s == "phase_start":
		ph.AnchorPhaseStart = true
	default:
		return ph, tr, at(join(path, "billing_cycle_anchor"), fmt.Errorf("%w: %s (want automatic or phase_start)", ErrInvalidValue, quote(w.BillingCycleAnchor.s)))
	}
	ip := join(path, "items")
	for i, it := range w.Items {
		p := index(ip, i)
		if it == nil {
			return ph, tr, at(p, fmt.Errorf("%w: a phase item, got null", ErrInvalidValue))
		}
		r, err := c.priceOf(it.Price, join(p, "price"))
		if err != nil {
			return ph, tr, err
		}
		if id := r.price.ID(); it.Price.obj != nil && id != "" {
			if _, ok := c.subPrices[id]; !ok {
				c.subPrices[id] = r // a later phase may name it by id
			}
		}
		q, _, err := quantityOf(it.Quantity, it.QuantityDecimal, p)
		if err != nil {
			return ph, tr, err
		}
		item := invoice.Item{Price: r.price, Quantity: q}
		if it.TaxRates != nil {
			if item.TaxRates, _, err = c.taxRates(it.TaxRates, p, "tax_rates"); err != nil {
				return ph, tr, err
			}
			if item.TaxRates == nil {
				item.TaxRates = []invoice.TaxRate{}
			}
		}
		if it.Discounts != nil {
			if item.Discounts, _, err = c.discounts(it.Discounts, p, "discounts"); err != nil {
				return ph, tr, err
			}
		}
		ph.Items = append(ph.Items, item)
	}
	var err error
	if w.Discounts != nil {
		if ph.Discounts, _, err = c.discounts(w.Discounts, path, "discounts"); err != nil {
			return ph, tr, err
		}
	}
	if w.DefaultTaxRates != nil {
		if ph.DefaultTaxRates, _, err = c.taxRates(w.DefaultTaxRates, path, "default_tax_rates"); err != nil {
			return ph, tr, err
		}
	}
	return ph, tr, nil
}

// phaseTrace is where a phase was written.
type phaseTrace struct{ path string }

// roundingMode parses pricing's name of a rounding mode ("half-away-from-zero").
func roundingMode(s string) (pricing.RoundingMode, bool) {
	for m := pricing.RoundingMode(0); m.Valid(); m++ {
		if m.String() == s {
			return m, true
		}
	}
	return 0, false
}
