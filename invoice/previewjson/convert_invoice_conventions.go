package previewjson

import (
	"fmt"
	"strconv"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// The format's invoice conventions of other engines (Lago's), each off by default:
// options.missing_coupon_currency, options.minimum_commitment, a coupon's
// amount_off_rest and a discount's amount_off_remaining.

// commitmentWire is options.minimum_commitment.
type commitmentWire struct {
	Amount   integer `json:"amount" hint:"amount"`
	Items    []ident `json:"items" max:"10000"`
	Invoiced integer `json:"invoiced" hint:"amount"`
}

// conventionOptions converts the invoice conventions of options.
func (c *converter) conventionOptions(o *optionsWire, req *invoice.Request) error {
	if o.MissingCouponCurrency.set {
		switch o.MissingCouponCurrency.s {
		case "error":
			if req.Engine == invoice.EngineLago {
				return at("options.missing_coupon_currency", fmt.Errorf("%w: engine lago skips a coupon without an amount in the invoice's currency: leave out \"error\" or the engine", ErrConflict))
			}
		case "skip":
			req.MissingCouponCurrency = discount.MissingCurrencySkipped
		default:
			return at("options.missing_coupon_currency", fmt.Errorf("%w: %s (want error or skip)", ErrInvalidValue, quote(o.MissingCouponCurrency.s)))
		}
	}
	if req.Engine == invoice.EngineLago {
		req.MissingCouponCurrency = discount.MissingCurrencySkipped
	}
	if o.LicensedBilling.set {
		switch o.LicensedBilling.s {
		case "in_advance":
		case "in_arrears":
			req.LicensedBilling = invoice.InArrears
		default:
			return at("options.licensed_billing", fmt.Errorf("%w: %s (want in_advance or in_arrears)", ErrInvalidValue, quote(o.LicensedBilling.s)))
		}
	}
	if o.PlanChange.set {
		switch o.PlanChange.s {
		case "at_once":
			if req.Engine == invoice.EngineLago {
				return at("options.plan_change", fmt.Errorf("%w: engine lago applies a downgrade at the period end: leave out \"at_once\" or the engine", ErrConflict))
			}
		case "yearly_amount":
			req.PlanChange = invoice.PlanChangeByYearlyAmount
		default:
			return at("options.plan_change", fmt.Errorf("%w: %s (want at_once or yearly_amount)", ErrInvalidValue, quote(o.PlanChange.s)))
		}
	}
	if w := o.MinimumCommitment; w != nil {
		p := "options.minimum_commitment"
		if !w.Amount.set {
			return at(join(p, "amount"), ErrMissingField)
		}
		cm := &invoice.Commitment{Amount: pricing.FromMinor(w.Amount.v, c.cur)}
		if w.Invoiced.set {
			cm.Invoiced = pricing.FromMinor(w.Invoiced.v, c.cur)
		}
		if err := tooMany(len(w.Items), maxItems, join(p, "items")); err != nil {
			return err
		}
		for _, id := range w.Items {
			cm.Items = append(cm.Items, id.s)
		}
		req.Commitment = cm
	}
	return nil
}

// amountOffRest converts a coupon's amount_off_rest: "drop" (Stripe) or "carry"
// (Lago); engine lago carries the rest of a once amount_off coupon unless told.
func (c *converter) amountOffRest(w *couponWire, path string) (discount.AmountOffRest, error) {
	if !w.AmountOffRest.set {
		if c.lago && w.AmountOff.set && (!w.Duration.set || w.Duration.s == "once") {
			return discount.RestCarried, nil
		}
		return discount.RestDropped, nil
	}
	switch w.AmountOffRest.s {
	case "drop":
		return discount.RestDropped, nil
	case "carry":
		return discount.RestCarried, nil
	}
	return 0, at(join(path, "amount_off_rest"), fmt.Errorf("%w: %s (want drop or carry)", ErrInvalidValue, quote(w.AmountOffRest.s)))
}

// discountRest records a discount's amount_off_remaining: the rest of its coupon
// left by earlier invoices.
func (c *converter) discountRest(w *discountWire, d discount.Discount, path string) error {
	if !w.AmountOffRemaining.set {
		return nil
	}
	p := join(path, "amount_off_remaining")
	if d.Coupon.AmountOffRest() != discount.RestCarried {
		return at(p, fmt.Errorf("%w: amount_off_remaining is the rest of a coupon that carries it (amount_off_rest \"carry\")", ErrInvalidValue))
	}
	id := d.Coupon.ID()
	if prev, dup := c.trace.rests[id]; dup {
		return at(p, fmt.Errorf("%w: coupon %s has its amount_off_remaining also at %s", ErrConflict, quote(id), prev))
	}
	if c.rests == nil {
		c.rests, c.trace.rests = map[string]pricing.Money{}, map[string]string{}
	}
	c.rests[id], c.trace.rests[id] = pricing.FromMinor(w.AmountOffRemaining.v, c.cur), p
	return nil
}

// conventionPath maps the Go path of a convention's Request field to the JSON
// path; ok is false for another field.
func (t *trace) conventionPath(name, br, rest string) (string, bool) {
	switch name {
	case "MissingCouponCurrency":
		return "options.missing_coupon_currency", true
	case "LicensedBilling":
		return "options.licensed_billing", true
	case "PlanChange":
		return "options.plan_change", true
	case "CouponRests":
		if p, ok := t.rests[br]; ok {
			return p, true
		}
		return "subscription.discounts", true
	case "Commitment":
		p := "options.minimum_commitment"
		if rest == "" {
			return p, true
		}
		field, br, _ := splitField(rest)
		if field == "Items" && br != "" {
			if n, err := strconv.Atoi(br); err == nil {
				return index(join(p, "items"), n), true
			}
		}
		return join(p, snakePath(field, "")), true
	}
	return "", false
}

// remaining returns the response's amount_off_remaining of rests (nil when none).
func remaining(e *minorErr, rests []invoice.CouponRest) []DiscountAmount {
	if len(rests) == 0 {
		return nil
	}
	out := make([]DiscountAmount, len(rests))
	for i, r := range rests {
		out[i] = DiscountAmount{Discount: r.Coupon, Amount: e.minor(r.Remaining)}
	}
	return out
}

// PlanChange is what options.plan_change made of the previewed change.
type PlanChange struct {
	// Kind is "upgrade" (applied at once) or "downgrade_scheduled" (at the period end).
	Kind string `json:"kind"`
	// EffectiveAt is when the change applies, Unix seconds.
	EffectiveAt int64 `json:"effective_at"`
	// Explanation says why, with the yearly amounts compared.
	Explanation string `json:"explanation"`
}

// planChange returns the response's plan_change of inv (nil when none).
func planChange(inv *invoice.Invoice) *PlanChange {
	p := inv.PlanChange
	if p == nil {
		return nil
	}
	return &PlanChange{Kind: p.Kind.String(), EffectiveAt: p.EffectiveAt.Unix(), Explanation: p.Explanation(inv.Currency)}
}

// lineKind is the response's kind of l: "commitment_true_up" for a true-up line.
func lineKind(l *invoice.Line) string {
	if l.TrueUp != nil {
		return "commitment_true_up"
	}
	return ""
}
