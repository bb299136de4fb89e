package previewjson

import (
	"fmt"
	"time"
)

// The wire types of a subscription's life: trials, anchors of new subscriptions,
// schedules.

// trialEnd is changes.trial_end: a timestamp, or "now" (end the running trial).
type trialEnd struct {
	set, now bool
	t        time.Time
}

func (e *trialEnd) decodeJSON(_ *decoder, raw []byte) error {
	*e = trialEnd{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		if string(raw) == `"now"` {
			e.set, e.now = true, true
			return nil
		}
	case 't', 'f', '[', '{':
		return fmt.Errorf("%w: want a timestamp or \"now\", got %s", ErrInvalidValue, kindOf(raw))
	}
	var ts timestamp
	if err := ts.UnmarshalJSON(raw); err != nil {
		return err
	}
	e.set, e.t = true, ts.t
	return nil
}

func (e *trialEnd) UnmarshalJSON(raw []byte) error { return e.decodeJSON(fast, raw) }

// anchorConfigWire is Stripe's billing_cycle_anchor_config.
type anchorConfigWire struct {
	DayOfMonth integer `json:"day_of_month"`
	Month      integer `json:"month"`
	Hour       integer `json:"hour"`
	Minute     integer `json:"minute"`
	Second     integer `json:"second"`
}

// scheduleWire is a subscription schedule: its phases and what happens after them.
type scheduleWire struct {
	Object      objectName[isSchedule] `json:"object"`
	Phases      []*phaseWire           `json:"phases" max:"10"`
	EndBehavior text                   `json:"end_behavior"`

	ID       ignored `json:"id"`
	Created  ignored `json:"created"`
	Customer ignored `json:"customer"`
	Livemode ignored `json:"livemode"`
	Metadata ignored `json:"metadata"`
	Status   ignored `json:"status"`
}

// phaseWire is one phase of a schedule.
type phaseWire struct {
	StartDate          timestamp        `json:"start_date"`
	EndDate            timestamp        `json:"end_date"`
	Duration           *durationWire    `json:"duration"`
	Items              []*phaseItemWire `json:"items" max:"10000"`
	Discounts          []*discountWire  `json:"discounts" max:"20"`
	DefaultTaxRates    []taxRateRef     `json:"default_tax_rates" max:"10"`
	ProrationBehavior  text             `json:"proration_behavior"`
	BillingCycleAnchor text             `json:"billing_cycle_anchor"`
	TrialEnd           timestamp        `json:"trial_end"`

	AutomaticTax      *automaticTaxWire     `json:"automatic_tax"`
	BillingThresholds unsupported[offNone]  `json:"billing_thresholds" why:"billing thresholds are not computed yet"`
	AddInvoiceItems   unsupported[offEmpty] `json:"add_invoice_items" why:"one-time invoice items are not computed yet"`
	Iterations        unsupported[offNone]  `json:"iterations" why:"give the phase's end_date or duration"`
	Currency          text                  `json:"currency"`

	CollectionMethod ignored `json:"collection_method"`
	Description      ignored `json:"description"`
	Metadata         ignored `json:"metadata"`
	InvoiceSettings  ignored `json:"invoice_settings"`
}

// durationWire is a phase's length: interval_count intervals.
type durationWire struct {
	Interval      text    `json:"interval"`
	IntervalCount integer `json:"interval_count"`
}

// phaseItemWire is an item of a phase: a price and a quantity.
type phaseItemWire struct {
	Price           priceRef        `json:"price"`
	Plan            ignored         `json:"plan"`
	Quantity        integer         `json:"quantity" hint:"quantity"`
	QuantityDecimal decimalNum      `json:"quantity_decimal"`
	TaxRates        []taxRateRef    `json:"tax_rates" max:"10"`
	Discounts       []*discountWire `json:"discounts" max:"20"`

	BillingThresholds unsupported[offNone] `json:"billing_thresholds" why:"billing thresholds are not computed yet"`
	Metadata          ignored              `json:"metadata"`
}

type isSchedule struct{}

func (isSchedule) objectName() string { return "subscription_schedule" }
