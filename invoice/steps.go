package invoice

import (
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// StepKind names what one [Step] computes; the rule of each kind is on its constant.
// Amounts are in major units of the invoice currency, exact decimals. "The amount"
// is the line's amount so far: the steps up to the last rounding (or trial, or
// credit) compute the line's Amount, then each discount step takes its Result off,
// then each tax step computes one tax.
type StepKind string

// The kinds of step, with their inputs and how Result follows from them.
const (
	// StepQuantity: inputs quantity; Result is the item's quantity.
	StepQuantity StepKind = "quantity"
	// StepUsage: inputs records (how many usage records counted); Result is the
	// aggregated usage, the quantity billed.
	StepUsage StepKind = "usage"
	// StepPackage: inputs quantity, divide_by, round_up (1 rounds up, 0 down);
	// Result = quantity ÷ divide_by rounded to a whole number of packages, the
	// quantity priced.
	StepPackage StepKind = "package"
	// StepUnitPrice: inputs quantity, unit_amount; Result = quantity × unit_amount,
	// the amount.
	StepUnitPrice StepKind = "unit_price"
	// StepTier: inputs tier (its number, from 1), quantity, unit_amount,
	// flat_amount; Result = quantity × unit_amount + flat_amount, added to the
	// amount (which starts at 0 before the first tier). The tiers' quantities sum to
	// the quantity priced. A block tier (Kill Bill's) also has block_size: Result =
	// ⌈quantity ÷ block_size⌉ × unit_amount + flat_amount, unit_amount being per
	// block.
	StepTier StepKind = "tier"
	// StepTiers: the full tiers in the middle of a long breakdown, as one step:
	// inputs from_tier, to_tier (their numbers, from 1), quantity (their units) and
	// amount (Σ of their quantity × unit_amount + flat_amount, exact, or, when each
	// tier's line is rounded on its own, Σ of the lines rounded); Result = amount,
	// added to the amount like a tier's. A breakdown of more than
	// [MaxListedTiers] tiers lists its first and last tiers and sums the others here,
	// so that a line's explanation stays small whatever its price.
	StepTiers StepKind = "tiers"
	// StepMinimum: inputs amount, minimum; Result = max(amount, minimum).
	StepMinimum StepKind = "minimum"
	// StepMaximum: inputs amount, maximum; Result = min(amount, maximum).
	StepMaximum StepKind = "maximum"
	// StepProration: inputs amount (a whole period's, negative for a credit) and
	// either remaining and total (seconds or days) or fraction; Result = amount ×
	// remaining ÷ total (or × fraction), given to 12 more places than the currency
	// where the quotient does not end: the next step rounds the exact quotient.
	StepProration StepKind = "proration"
	// StepCredit, for a credit priced from an issued debit: inputs debit, seconds,
	// period_seconds; Result = −debit × seconds ÷ period_seconds (to 12 more places
	// where it does not end; the next step rounds it). For a credit capped at what
	// was debited: inputs amount, debited; Result = max(amount, −debited). For a
	// termination's credit priced from the history (Request.CreditFromHistory):
	// inputs debit, remaining, total (or fraction, when the convention rounds it)
	// and earlier; Result = −debit × remaining ÷ total + earlier (or −debit ×
	// fraction + earlier), to 6 more places where it does not end.
	StepCredit StepKind = "credit"
	// StepRounding: inputs amount; Result = the exact amount rounded half away from
	// zero to the currency's minor unit. Present only where it changed the amount.
	// A price that rounds each tier's line on its own has one after each tier step
	// (the amount so far is then whole before the tier, so rounding it rounds the
	// tier's line).
	StepRounding StepKind = "rounding"
	// StepRange: inputs before (the usage of the period earlier lines billed) and
	// quantity (this line's usage); Result = quantity: the tier and unit-price steps
	// after it price the quantity units that follow the before ones (a tier step's
	// quantity is then the range's units in the tier, and its optional units input
	// the units it bills, blocks started for a block tier).
	StepRange StepKind = "range"
	// StepRangeRounding: inputs lower (what the before units cost, exact) and amount
	// (the range's exact cost); Result = round(lower + amount) − round(lower), each
	// rounded half away from zero: the period's lines add up to its whole usage's
	// rounded cost.
	StepRangeRounding StepKind = "range_rounding"
	// StepTrial: inputs quantity; Result = 0, a trial bills nothing.
	StepTrial StepKind = "trial"
	// StepDiscount (Coupon set): what the coupon takes off; the kind of rule is
	// told by the inputs:
	//   - base, percent: Result = base × percent ÷ 100 rounded half away from zero;
	//   - pool, weight, total_weight, leftover (amount_off; with base, percent and
	//     uncapped for a capped percentage): Result = pool × weight ÷ total_weight
	//     floored to the minor unit (toward zero) plus leftover, the minor units of
	//     the spreading this line received (same sign as pool);
	//   - debit, seconds, period_seconds (a credit of an issued debit's discount):
	//     Result = −debit × seconds ÷ period_seconds rounded half away from zero;
	//   - debit, credited, debited (a termination's credit priced from the history):
	//     Result = debit × credited ÷ debited rounded half away from zero, credited
	//     the line's amount and debited the debit's.
	StepDiscount StepKind = "discount"
	// StepTax (TaxRate set): one rate's tax; the kind of rule is told by the inputs:
	//   - taxable, percent: Result = taxable × percent ÷ 100 rounded half away from
	//     zero (exclusive; taxable is the amount after discounts less any inclusive
	//     tax);
	//   - amount, percent, inclusive_percent: the tax inside amount, of the line's
	//     inclusive rates together, is amount × inclusive_percent ÷ (100 +
	//     inclusive_percent) rounded; with one inclusive rate Result is it, with
	//     several weight, total_weight and leftover split it as a discount's pool;
	//   - percent, exact, invoice_before, invoice_after (tax rounded once per
	//     invoice; exact is this line's unrounded tax to 12 more places):
	//     Result = invoice_after − invoice_before, the rate's rounded invoice total
	//     after and before this line's exact share;
	//   - debit, seconds, period_seconds, or debit, credited, debited (a credit of
	//     an issued debit's tax): as a discount's.
	StepTax StepKind = "tax"
)

// Step is one step of how a line was computed: a sentence for a person and the
// numbers for a program. [Line.Steps] lists them in order.
type Step struct {
	// Kind says what the step computes and so how Result follows from Inputs.
	Kind StepKind
	// Inputs are the step's named inputs, exact, in the order the text gives them.
	Inputs []StepInput
	// Result is the step's result, exact (see StepProration for the one exception).
	Result decimal.Decimal
	// Coupon is the coupon's id on a discount step; CouponName its name, if any.
	Coupon, CouponName string
	// TaxRate is the tax rate's id on a tax step; TaxRateName its display name.
	TaxRate, TaxRateName string
	// Text is the step in one sentence, as the line's explanation writes it.
	Text string
}

// StepInput is one named input of a [Step]: an exact decimal, in major units of
// the invoice currency for an amount.
type StepInput struct {
	// Name is the input's name, one of those its Kind lists.
	Name string
	// Value is the input's value.
	Value decimal.Decimal
}

// Input returns the value of the input named name and whether the step has it.
func (s Step) Input(name string) (decimal.Decimal, bool) {
	for _, in := range s.Inputs {
		if in.Name == name {
			return in.Value, true
		}
	}
	return decimal.Zero, false
}

// Steps returns how the line was computed, step by step: its amount, then each
// discount, then each tax. A program can recompute Amount, every Discounts amount
// and every Taxes amount from the steps alone, by the rules of [StepKind].
func (l Line) Steps() []Step {
	s := stepper{digits: l.Amount.Currency().Digits(), steps: make([]Step, 0, 4+len(l.Discounts)+len(l.Taxes))}
	switch {
	case l.TrueUp != nil:
		s.trueUp(l.TrueUp, l.Amount)
	case l.Trial:
		s.add(StepTrial, decimal.Zero, l.trialText(), in("quantity", l.Quantity))
	case l.Credited != nil && l.Credited.Factor != nil:
		s.historyCredit(l)
	case l.Credited != nil:
		c := l.Credited
		s.add(StepCredit, c.Exact, l.creditText(), in("debit", c.Debit.Amount()), inInt("seconds", c.Seconds), inInt("period_seconds", c.DebitPeriod.Seconds()))
		s.rounding(c.Exact, l.Amount)
	case l.Prorated != nil:
		s.proration(l.Prorated)
		if l.CappedFrom != nil {
			s.add(StepCredit, l.Amount.Amount(), capText(*l.CappedFrom, l.Amount), in("amount", l.CappedFrom.Amount()), in("debited", l.Amount.Amount().Neg()))
		}
	case l.Quote != nil:
		s.quote(l.Quote, l.Usage, l.item)
	case l.Range != nil && l.Usage != nil:
		s.rangeSteps(l.Range, l.Usage, l.item, l.Amount)
	}
	for _, d := range l.Discounts {
		s.discount(l, d)
	}
	for _, t := range l.Taxes {
		s.tax(l, t)
	}
	return s.steps
}

// stepper collects the steps of one line.
type stepper struct {
	digits int32
	steps  []Step
	inputs []StepInput // the steps' inputs, side by side
}

func in(name string, v decimal.Decimal) StepInput { return StepInput{Name: name, Value: v} }

func inInt(name string, v int64) StepInput {
	return StepInput{Name: name, Value: decimal.NewFromInt(v)}
}

func (s *stepper) add(k StepKind, result decimal.Decimal, text string, inputs ...StepInput) *Step {
	if cap(s.inputs)-len(s.inputs) < len(inputs) {
		s.inputs = make([]StepInput, 0, max(8, len(inputs)))
	}
	n := len(s.inputs)
	s.inputs = append(s.inputs, inputs...)
	// capped at its length: an input appended later to one step copies its inputs
	s.steps = append(s.steps, Step{Kind: k, Inputs: s.inputs[n:len(s.inputs):len(s.inputs)], Result: result, Text: text})
	return &s.steps[len(s.steps)-1]
}

// rounding adds a rounding step from exact to rounded when they differ.
func (s *stepper) rounding(exact decimal.Decimal, rounded pricing.Money) {
	if exact.Equal(rounded.Amount()) {
		return
	}
	s.add(StepRounding, rounded.Amount(), roundingText(exact, rounded), in("amount", exact))
}

func (s *stepper) quote(q *pricing.Quote, u *pricing.Usage, it *Item) {
	if u != nil {
		s.add(StepUsage, u.Quantity, usageText(u), inInt("records", int64(u.Records)))
		if u.Prorated != nil {
			s.prorated(u, q)
		}
	} else {
		s.add(StepQuantity, q.Quantity, quantityText(q, it), in("quantity", q.Quantity))
	}
	if q.Percentage != nil {
		s.percentage(q)
		return
	}
	if q.Scheme == pricing.PerUnit {
		if t := q.Transform(); t != nil {
			up := int64(0)
			if t.Round == pricing.TransformRoundUp {
				up = 1
			}
			s.add(StepPackage, q.BilledQuantity, packageText(q), in("quantity", q.Quantity), inInt("divide_by", t.DivideBy), inInt("round_up", up))
		}
		product := q.BilledQuantity.Mul(q.UnitAmount())
		s.add(StepUnitPrice, product, unitPriceText(q, product), in("quantity", q.BilledQuantity), in("unit_amount", q.UnitAmount()))
	} else {
		tiers := q.Breakdown()
		// Each tier's line rounded on its own (OpenMeter): a rounding step after each.
		eachLine := q.TierRounding() == pricing.TierRoundingEachLine
		sofar := decimal.Zero // the amount so far, each tier's line rounded
		head, tail := len(tiers), len(tiers)
		if len(tiers) > MaxListedTiers {
			head, tail = MaxListedTiers/2, len(tiers)-MaxListedTiers/2
		}
		for k, t := range tiers {
			if k >= head && k < tail {
				if k == head {
					qty, amount := decimal.Zero, decimal.Zero
					for _, m := range tiers[head:tail] {
						sub := m.Subtotal
						if eachLine {
							sub = sub.Round(pricing.HalfAwayFromZero)
						}
						qty, amount = qty.Add(m.Quantity), amount.Add(sub.Amount())
					}
					sofar = sofar.Add(amount)
					first, last := tiers[head].Index+1, tiers[tail-1].Index+1
					s.add(StepTiers, amount, tiersText(q, first, last, qty, amount), inInt("from_tier", int64(first)), inInt("to_tier", int64(last)),
						in("quantity", qty), in("amount", amount))
				}
				continue
			}
			block := t.BlockSize
			st := s.add(StepTier, t.Subtotal.Amount(), tierText(q, t, block), inInt("tier", int64(t.Index+1)), in("quantity", t.Quantity), in("unit_amount", t.UnitAmount), in("flat_amount", t.FlatAmount))
			if block > 1 {
				st.Inputs = append(st.Inputs, inInt("block_size", block))
			}
			if eachLine {
				exact := sofar.Add(t.Subtotal.Amount())
				sofar = sofar.Add(t.Subtotal.Round(pricing.HalfAwayFromZero).Amount())
				s.rounding(exact, pricing.New(sofar, q.Amount.Currency()))
			}
		}
	}
	if q.Adjustment() != "" {
		before := q.BilledQuantity.Mul(q.UnitAmount())
		if q.Scheme != pricing.PerUnit {
			before = decimal.Zero
			for _, t := range q.Breakdown() {
				before = before.Add(t.Subtotal.Amount())
			}
		}
		exact := q.Exact.Amount()
		if exact.GreaterThan(before) {
			s.add(StepMinimum, exact, boundText(true, before, q.Exact), in("amount", before), in("minimum", exact))
		} else {
			s.add(StepMaximum, exact, boundText(false, before, q.Exact), in("amount", before), in("maximum", exact))
		}
	}
	s.rounding(q.Exact.Amount(), q.Amount)
}

func (s *stepper) proration(p *proration.Line) {
	amount := p.Side.Amount.Amount()
	if p.Credit {
		amount = amount.Neg()
	}
	exact := p.Exact()
	f := p.Factor
	if f.Convention.FractionRounding == proration.RoundedFraction && f.Total != 0 {
		s.add(StepProration, exact, prorationText(p, exact), in("amount", amount), in("fraction", f.Fraction))
	} else {
		s.add(StepProration, exact, prorationText(p, exact), in("amount", amount), inInt("remaining", f.Remaining), inInt("total", f.Total))
	}
	s.rounding(exact, p.Amount)
}

func (s *stepper) discount(l Line, d DiscountAmount) {
	var st *Step
	switch c := d.how().Calculation(); {
	case d.credit != nil && l.Credited != nil && l.Credited.Factor != nil:
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d), historyShare(l, d.credit.Amount())...)
	case d.credit != nil && l.Credited != nil:
		cr := l.Credited
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d), in("debit", d.credit.Amount()), inInt("seconds", cr.Seconds), inInt("period_seconds", cr.DebitPeriod.Seconds()))
	case c.Kind == "percent":
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d), in("base", c.Base.Amount()), in("percent", c.Percent))
	case c.Kind == "capped":
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d), in("base", c.Base.Amount()), in("percent", c.Percent), in("uncapped", c.Uncapped.Amount()),
			in("pool", c.Pool.Amount()), in("weight", c.Weight.Amount()), in("total_weight", c.TotalWeight.Amount()), in("leftover", leftover(d.Amount, c, s.digits)))
	case c.Kind == "amount_off":
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d), in("pool", c.Pool.Amount()), in("weight", c.Weight.Amount()), in("total_weight", c.TotalWeight.Amount()), in("leftover", leftover(d.Amount, c, s.digits)))
	default:
		st = s.add(StepDiscount, d.Amount.Amount(), discountText(d))
	}
	st.Coupon, st.CouponName = d.Coupon, d.how().CouponName()
}

// leftover is what a spread line got beyond its floored share, in major units.
func leftover(got pricing.Money, c discount.Calculation, digits int32) decimal.Decimal {
	return got.Amount().Sub(spreadFloor(c.Pool.Amount(), c.Weight.Amount(), c.TotalWeight.Amount(), digits))
}

// spreadFloor returns pool × weight ÷ total floored toward zero to digits places:
// a line's share of a spreading before the leftover minor units.
func spreadFloor(pool, weight, total decimal.Decimal, digits int32) decimal.Decimal {
	if total.IsZero() {
		return decimal.Zero
	}
	q, _ := pool.Abs().Shift(digits).Mul(weight).QuoRem(total, 0)
	q = q.Shift(-digits)
	if pool.Sign() < 0 {
		return q.Neg()
	}
	return q
}

// inclusiveLeftover is, for a line with several inclusive rates, what rate t's
// share of their tax got beyond its floored share.
func inclusiveLeftover(l Line, t TaxAmount, inclPct decimal.Decimal, digits int32) decimal.Decimal {
	total := l.Net().Amount().Shift(digits).Mul(inclPct).DivRound(inclPct.Add(hundred), 0).Shift(-digits)
	return t.Amount.Amount().Sub(spreadFloor(total, t.TaxRate.Percentage(), inclPct, digits))
}

func (s *stepper) tax(l Line, t TaxAmount) {
	var st *Step
	pct := t.TaxRate.Percentage()
	inclPct, nIncl := decimal.Zero, 0
	for _, u := range l.Taxes {
		if u.TaxRate.Inclusive() {
			inclPct = inclPct.Add(u.TaxRate.Percentage())
			nIncl++
		}
	}
	exact := t.Unrounded.Amount() // exact for a rate exclusive, rounded per line
	if t.PerInvoice || t.TaxRate.Inclusive() {
		exact = l.Net().Amount().Mul(pct).DivRound(inclPct.Add(hundred), s.digits+12)
	}
	switch {
	case t.credit != nil && l.Credited != nil && l.Credited.Factor != nil:
		st = s.add(StepTax, t.Amount.Amount(), "Tax "+taxLabel(t.TaxRate)+": "+creditedText(t.Amount, t.credit.Amount), historyShare(l, t.credit.Amount.Amount())...)
	case t.credit != nil && l.Credited != nil:
		cr := l.Credited
		st = s.add(StepTax, t.Amount.Amount(), "Tax "+taxLabel(t.TaxRate)+": "+creditedText(t.Amount, t.credit.Amount), in("debit", t.credit.Amount.Amount()), inInt("seconds", cr.Seconds), inInt("period_seconds", cr.DebitPeriod.Seconds()))
	case t.PerInvoice:
		st = s.add(StepTax, t.Amount.Amount(), taxText(t, exact, inclPct, l.Net()), in("percent", pct), in("exact", exact), in("invoice_before", t.before.Amount()), in("invoice_after", add(t.before, t.Amount).Amount()))
	case t.TaxRate.Inclusive():
		st = s.add(StepTax, t.Amount.Amount(), taxText(t, exact, inclPct, l.Net()), in("amount", l.Net().Amount()), in("percent", pct), in("inclusive_percent", inclPct))
		if nIncl > 1 {
			st.Inputs = append(st.Inputs, in("weight", pct), in("total_weight", inclPct), in("leftover", inclusiveLeftover(l, t, inclPct, s.digits)))
		}
	default:
		st = s.add(StepTax, t.Amount.Amount(), taxText(t, exact, inclPct, l.Net()), in("taxable", t.Taxable.Amount()), in("percent", pct))
	}
	st.TaxRate, st.TaxRateName = t.TaxRate.ID(), t.TaxRate.DisplayName()
}

// MaxListedTiers is the most tiers a line's steps list one by one; the full tiers
// between the first and last MaxListedTiers/2 are one [StepTiers] step.
const MaxListedTiers = 12
