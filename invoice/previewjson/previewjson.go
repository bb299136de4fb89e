package previewjson

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// DecodeRequest decodes a request in the preview format (see REFERENCE.md) into the
// Go API, building every price, coupon, tax rate and usage record through its
// constructor. An error is a [*PathError] naming the JSON path of the first bad
// value in document order and wrapping a sentinel.
func DecodeRequest(data []byte) (invoice.Request, error) {
	req, _, err := decode(data)
	return req, err
}

// Preview decodes a request and computes its invoice with [invoice.Preview]. Errors
// of invoice.Preview, which name fields of the Go Request, are given the JSON path
// of what the user wrote (a price given by id: the path of that id; an item of a
// list object: items.data[i]).
func Preview(data []byte) (invoice.Invoice, error) {
	req, tr, err := decode(data)
	if err != nil {
		return invoice.Invoice{}, err
	}
	inv, err := invoice.Preview(req)
	if err != nil {
		return invoice.Invoice{}, tr.mapError(err)
	}
	return inv, nil
}

func decode(data []byte) (invoice.Request, *trace, error) {
	chk, err := check(data)
	if err != nil {
		return invoice.Request{}, nil, err
	}
	if chk.fastOK {
		var w *requestWire
		if chk.native {
			w, err = decodeNative(data, chk)
		} else {
			w = new(requestWire)
			err = fast.decodeValue(data, w)
		}
		if err == nil {
			var c converter
			if req, err := c.request(w); err == nil {
				return req, &c.trace, nil
			}
		}
	}
	return decodeSlow(data)
}

// decodeSlow decodes checked input with the member loop, which reports the first
// error in document order with its path.
func decodeSlow(data []byte) (invoice.Request, *trace, error) {
	if err := checkValid(data); err != nil {
		return invoice.Request{}, nil, err
	}
	if data = trimSpace(data); data[0] != '{' {
		return invoice.Request{}, nil, at("$", fmt.Errorf("%w: a request is a JSON object, got %s", ErrInvalidValue, kindOf(data)))
	}
	var w requestWire
	d := decoder{}
	if err := d.decodeValue(data, &w); err != nil {
		return invoice.Request{}, nil, at("$", err)
	}
	var c converter
	req, err := c.request(&w)
	if err != nil {
		return invoice.Request{}, nil, err
	}
	return req, &c.trace, nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// mapError gives an error of invoice.Preview the JSON path of the field the user
// wrote.
func (t *trace) mapError(err error) error {
	var fe *pricing.FieldError
	if errors.As(err, &fe) {
		return &PathError{Path: t.jsonPath(fe.Field), Err: fe.Err}
	}
	return &PathError{Path: "$", Err: err}
}

// jsonPath maps a Go field path of invoice.Request to the JSON path of the request.
func (t *trace) jsonPath(f string) string {
	name, br, rest := splitField(f)
	if p, ok := t.conventionPath(name, br, rest); ok {
		return p
	}
	if p, ok := terminationPath(name); ok {
		return p
	}
	switch name {
	case "Currency":
		return "currency"
	case "Now":
		return "now"
	case "CustomerBalance":
		return "customer_balance"
	case "Proration":
		return "options.proration"
	case "TaxRounding":
		return "options.tax_rounding"
	case "PreviewMode":
		return "options.preview_mode"
	case "Forecast":
		return "options.forecast"
	case "ProrationDiscounts":
		return "options.proration_discounts"
	case "Engine":
		return "options.engine"
	case "CapCredits":
		return "options.cap_credits"
	case "Convention":
		return conventionPath(rest)
	case "BillingMode":
		if t.billingMode != "" {
			return t.billingMode
		}
		return "subscription.billing_mode"
	case "Schedule":
		return t.schedulePath(rest)
	case "Subscription":
		return t.subPath(rest)
	case "Changes":
		return t.changesPath(rest)
	case "Invoices":
		return historyPath(t.invoices, br, rest)
	case "UsageBefore":
		if p, ok := t.usageBefore[br]; ok {
			return p
		}
		return join("usage_before", br)
	case "Usage", "AggregatedUsage":
		p, ok := t.usage[br]
		if !ok {
			p = join("usage", br)
		}
		// "[4]" or "[4].Quantity" after the key
		if rest != "" || strings.HasPrefix(f[len(name)+len(br)+2:], "[") {
			tail := f[len(name)+len(br)+2:]
			return p + snakeTail(tail)
		}
		return p
	}
	return snakePath(f, "")
}

// snakeTail maps "[4].Quantity" to "[4].quantity".
func snakeTail(tail string) string {
	if tail == "" {
		return ""
	}
	s := snakePath(tail, "")
	if s[0] != '[' && s[0] != '.' {
		return "." + s
	}
	return s
}

func (t *trace) subPath(rest string) string {
	sub := t.sub
	if sub == "" {
		sub = "subscription"
	}
	name, br, tail := splitField(rest)
	switch name {
	case "":
		return sub
	case "Period":
		if tail == "Start" {
			return t.periodStart.String()
		}
		return t.periodEnd.String()
	case "Anchor":
		return t.anchor.String()
	case "StartDate":
		return t.startDate.String()
	case "TrialStart":
		return t.trialStart.String()
	case "TrialEnd":
		if t.trialEnd != "" {
			return t.trialEnd
		}
		return join(sub, "trial_end")
	case "Items":
		i, err := strconv.Atoi(br)
		if err != nil || i < 0 || i >= len(t.items) {
			return join(sub, "items")
		}
		return t.items[i].field(tail)
	case "Discounts":
		return listField(t.discounts, br, tail, join(sub, "discounts"))
	case "DefaultTaxRates":
		return listField(t.taxRates, br, tail, join(sub, "default_tax_rates"))
	}
	return joinPath(sub, snakePath(rest, ""))
}

func (t *trace) changesPath(rest string) string {
	name, br, tail := splitField(rest)
	switch name {
	case "":
		return "changes"
	case "Items":
		i, err := strconv.Atoi(br)
		if err != nil || i < 0 || i >= len(t.changes) {
			return "changes.items"
		}
		return t.changes[i].field(tail)
	case "ProrationDate":
		return t.prorationDate.String()
	case "Behavior":
		return t.behavior.String()
	case "ResetAnchor":
		return t.resetAnchor.String()
	case "Anchor", "AnchorConfig":
		p := t.anchorChange
		if p == "" {
			p = "changes.billing_cycle_anchor"
		}
		if tail != "" {
			return joinPath(p, snakePath(tail, ""))
		}
		return p
	case "TrialEnd", "TrialEndNow":
		return "changes.trial_end"
	case "CancelAt", "CancelAtPeriodEnd":
		if t.cancel != "" {
			return t.cancel
		}
	case "Discounts":
		return listField(t.changeDiscounts, br, tail, "changes.discounts")
	case "DefaultTaxRates":
		return listField(t.changeTaxRates, br, tail, "changes.default_tax_rates")
	}
	return joinPath("changes", snakePath(rest, ""))
}

// field maps a Go field path within an Item or ItemChange.
func (it *itemTrace) field(f string) string {
	name, br, rest := splitField(f)
	switch name {
	case "":
		return it.path
	case "ID":
		return it.id.String()
	case "Price":
		if rest != "" && it.priceWire != nil {
			return joinPath(it.price.String(), priceField(it.priceWire, rest))
		}
		return it.price.String()
	case "Quantity":
		return it.quantity.String()
	case "Period":
		return join(it.path, "current_period_end")
	case "Deleted":
		return join(it.path, "deleted")
	case "Discounts":
		return listField(it.discounts, br, rest, join(it.path, "discounts"))
	case "TaxRates":
		return listField(it.taxRates, br, rest, join(it.path, "tax_rates"))
	}
	return joinPath(it.path, snakePath(f, ""))
}

// listField maps element br (and the field rest in it) of a list whose elements
// were written at paths.
func listField(paths []string, br, rest, list string) string {
	i, err := strconv.Atoi(br)
	if err != nil || i < 0 || i >= len(paths) {
		return list
	}
	p := paths[i]
	if rest == "" {
		return p
	}
	name, _, tail := splitField(rest)
	switch name {
	case "Coupon":
		if tail == "" {
			return join(p, "coupon")
		}
		return joinPath(join(p, "coupon"), snakePath(tail, ""))
	case "Start":
		return join(p, "start")
	case "Until":
		return join(p, "end")
	}
	return joinPath(p, snakePath(rest, ""))
}

// conventionPath maps a field of the request's proration convention to its option.
func conventionPath(rest string) string {
	name, _, _ := splitField(rest)
	switch name {
	case "Granularity":
		return "options.proration"
	case "Location":
		return "options.time_zone"
	case "ChangeDay":
		return "options.change_day"
	case "FixedMonth":
		return "options.fixed_month"
	case "Denominator", "Interval", "IntervalCount":
		return "options.proration_denominator"
	case "FractionRounding", "Scale", "Mode":
		return "options.proration_fraction_scale"
	}
	return "options"
}

// schedulePath maps a field of the request's schedule to where it was written.
func (t *trace) schedulePath(rest string) string {
	name, br, tail := splitField(rest)
	switch name {
	case "":
		return "schedule"
	case "EndBehavior":
		return "schedule.end_behavior"
	case "Phases":
		i, err := strconv.Atoi(br)
		if err != nil || i < 0 || i >= len(t.phases) {
			return "schedule.phases"
		}
		p := t.phases[i].path
		fname, _, _ := splitField(tail)
		switch fname {
		case "":
			return p
		case "Start":
			return join(p, "start_date")
		case "End":
			return join(p, "end_date")
		case "Behavior":
			return join(p, "proration_behavior")
		case "AnchorPhaseStart":
			return join(p, "billing_cycle_anchor")
		}
		return joinPath(p, snakePath(tail, ""))
	}
	return joinPath("schedule", snakePath(rest, ""))
}
