// Package stepcheck recomputes an invoice line from its explanation steps alone, by
// the rules documented on invoice.StepKind, independently of the code that computed
// the line. Tests use it on the Go steps (invoice.Line.Steps) and on the JSON ones
// (explanation_steps); it knows nothing of either.
package stepcheck

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// Step is one step: its kind, named inputs and result, exact, amounts in major
// units; Key names the coupon of a discount step and the tax rate of a tax step.
type Step struct {
	// Kind is the step's kind ("quote", "proration", "discount", …).
	Kind string
	// Key is the coupon of a discount step or the tax rate of a tax step.
	Key string
	// Inputs are the step's named inputs, exact.
	Inputs map[string]decimal.Decimal
	// Result is what the step computes, exact.
	Result decimal.Decimal
}

// Line is what the steps must reproduce: the line's amount, its discounts' and its
// taxes' amounts in order, in major units.
type Line struct {
	// Amount is the line's amount.
	Amount decimal.Decimal
	// Discounts are its discount amounts, in order.
	Discounts []decimal.Decimal
	// Taxes are its tax amounts, in order.
	Taxes []decimal.Decimal
	// Steps are the steps that must reproduce them.
	Steps []Step
}

// Invoice checks the lines of one invoice in a currency of digits decimals. Taxes
// rounded once per invoice are checked across its lines.
func Invoice(digits int32, lines []Line) error {
	inv := invoiceState{digits: digits, cum: map[string]*big.Rat{}, after: map[string]decimal.Decimal{}, count: map[string]int{}}
	for i, l := range lines {
		if err := inv.line(l); err != nil {
			return fmt.Errorf("line %d: %w", i, err)
		}
	}
	for key, c := range inv.cum {
		// The rate's rounded total is the rounded sum of the exact shares, each
		// given to 12 more places.
		slack := new(big.Rat).SetFrac64(int64(inv.count[key])+1, 1)
		slack.Mul(slack, rat(decimal.New(1, -(digits+12))))
		lo := new(big.Rat).Sub(rat(inv.after[key]), rat(decimal.New(5, -(digits+1))))
		hi := new(big.Rat).Add(rat(inv.after[key]), rat(decimal.New(5, -(digits+1))))
		lo.Sub(lo, slack)
		hi.Add(hi, slack)
		if c.Cmp(lo) < 0 || c.Cmp(hi) > 0 {
			return fmt.Errorf("tax %s: the invoice total %s is not the rounded sum of the exact shares %s", key, inv.after[key], c.FloatString(int(digits)+6))
		}
	}
	return nil
}

type invoiceState struct {
	digits int32
	cum    map[string]*big.Rat
	after  map[string]decimal.Decimal
	count  map[string]int
}

func rat(d decimal.Decimal) *big.Rat { return d.Rat() }

// round rounds r half away from zero to places decimals.
func round(r *big.Rat, places int32) decimal.Decimal {
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)))
	num := new(big.Int).Abs(scaled.Num())
	q, m := new(big.Int).QuoRem(num, scaled.Denom(), new(big.Int))
	if m.Lsh(m, 1).Cmp(scaled.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if scaled.Sign() < 0 {
		q.Neg(q)
	}
	return decimal.NewFromBigInt(q, -places)
}

func mulDiv(a, b, c decimal.Decimal) *big.Rat {
	r := new(big.Rat).Mul(rat(a), rat(b))
	return r.Quo(r, rat(c))
}

// spread is sign(pool) × (|pool| × weight ÷ total floored to digits + |leftover|).
func spread(pool, weight, total, leftover decimal.Decimal, digits int32) (decimal.Decimal, error) {
	unit := decimal.New(1, -digits)
	if leftover.Abs().GreaterThan(unit) {
		return decimal.Zero, fmt.Errorf("leftover %s beyond one minor unit", leftover)
	}
	if leftover.Sign() != 0 && leftover.Sign() != pool.Sign() {
		return decimal.Zero, fmt.Errorf("leftover %s of the wrong sign for pool %s", leftover, pool)
	}
	if total.Sign() <= 0 || weight.Sign() < 0 || weight.GreaterThan(total) {
		return decimal.Zero, fmt.Errorf("weight %s of %s", weight, total)
	}
	q, _ := pool.Abs().Shift(digits).Mul(weight).QuoRem(total, 0)
	v := q.Shift(-digits).Add(leftover.Abs())
	if pool.Sign() < 0 {
		v = v.Neg()
	}
	return v, nil
}

func eq(what string, got, want decimal.Decimal) error {
	if !got.Equal(want) {
		return fmt.Errorf("%s: the step says %s, the rule gives %s", what, got, want)
	}
	return nil
}

func near(what string, got decimal.Decimal, want *big.Rat, places int32) error {
	d := new(big.Rat).Sub(rat(got), want)
	if d.Abs(d).Cmp(rat(decimal.New(1, -places))) > 0 {
		return fmt.Errorf("%s: the step says %s, the rule gives %s", what, got, want.FloatString(int(places)))
	}
	return nil
}

var errMissing = errors.New("missing input")

func (inv *invoiceState) line(l Line) error {
	d := inv.digits
	var (
		qty        *decimal.Decimal
		running    *big.Rat
		tierQty    decimal.Decimal
		tiers      bool
		discounts  []decimal.Decimal
		taxes      []decimal.Decimal
		inclusive  = decimal.Zero // Σ inclusive tax of the line
		amountDone bool
		// proratedSum is the sum of the prorated_units steps.
		proratedSum = decimal.Zero
	)
	for _, s := range l.Steps {
		if s.Kind == "tax" {
			if _, ok := s.Inputs["inclusive_percent"]; ok {
				inclusive = inclusive.Add(s.Result)
			}
		}
	}
	net := decimal.Zero
	for k, s := range l.Steps {
		var missing error
		get := func(name string) decimal.Decimal {
			v, ok := s.Inputs[name]
			if !ok && missing == nil {
				missing = fmt.Errorf("%w %q", errMissing, name)
			}
			return v
		}
		has := func(name string) bool { _, ok := s.Inputs[name]; return ok }
		err := func() error {
			if s.Kind != "discount" && s.Kind != "tax" && amountDone {
				return fmt.Errorf("a %s step after the discounts or taxes", s.Kind)
			}
			switch s.Kind {
			case "quantity":
				q := get("quantity")
				qty = &q
				return eq("quantity", s.Result, q)
			case "usage":
				get("records")
				q := s.Result
				qty = &q
			case "prorated_units":
				if get("period_days").Sign() <= 0 || get("days").GreaterThan(get("period_days")) || get("scale").Sign() < 0 || get("scale").GreaterThan(decimal.NewFromInt(40)) {
					return errors.New("days beyond the period, or a scale beyond 40")
				}
				c := round(new(big.Rat).SetFrac(get("days").BigInt(), get("period_days").BigInt()), int32(get("scale").IntPart()))
				v := get("units").Mul(c)
				proratedSum = proratedSum.Add(v)
				return eq("prorated units", s.Result, v)
			case "prorated_sum":
				if !get("units").Equal(proratedSum) {
					return errors.New("a prorated sum of other units")
				}
				v := proratedSum
				if has("ceil_scale") {
					sc := int32(get("ceil_scale").IntPart())
					if t := v.Truncate(sc); t.LessThan(v) {
						v = t.Add(decimal.New(1, -sc))
					} else {
						v = t
					}
				}
				qty = &v
				return eq("prorated sum", s.Result, v)
			case "range":
				get("before")
				q := get("quantity")
				if qty == nil || !qty.Equal(q) {
					return errors.New("a range of another quantity than the usage")
				}
				return eq("range", s.Result, q)
			case "range_rounding":
				if running == nil || rat(get("amount")).Cmp(running) != 0 {
					return errors.New("rounding of another range")
				}
				lower := get("lower")
				v := round(rat(lower.Add(get("amount"))), d).Sub(round(rat(lower), d))
				running = rat(v)
				return eq("range rounding", s.Result, v)
			case "package":
				if qty == nil || !get("quantity").Equal(*qty) {
					return errors.New("package of another quantity")
				}
				n, rem := get("quantity").QuoRem(get("divide_by"), 0)
				if get("round_up").Equal(decimal.NewFromInt(1)) && rem.Sign() > 0 {
					n = n.Add(decimal.NewFromInt(1))
				}
				qty = &n
				return eq("packages", s.Result, n)
			case "unit_price":
				if qty == nil || !get("quantity").Equal(*qty) {
					return errors.New("unit price of another quantity")
				}
				running = rat(s.Result)
				return eq("unit price", s.Result, get("quantity").Mul(get("unit_amount")))
			case "percentage":
				get("transactions")
				get("free")
				running = rat(s.Result)
				return eq("percentage", s.Result, get("base").Mul(get("rate")).Shift(-2).Add(get("fees")))
			case "tier":
				get("tier")
				tiers = true
				tierQty = tierQty.Add(get("quantity"))
				if running == nil {
					running = new(big.Rat)
				}
				running.Add(running, rat(s.Result))
				units := get("quantity")
				if has("units") {
					units = get("units") // a range's tier: the units (blocks) it bills
				} else if has("block_size") {
					b, rem := units.QuoRem(get("block_size"), 0)
					if rem.Sign() > 0 {
						b = b.Add(decimal.NewFromInt(1))
					}
					units = b
				}
				return eq("tier", s.Result, units.Mul(get("unit_amount")).Add(get("flat_amount")))
			case "tiers":
				get("from_tier")
				get("to_tier")
				tiers = true
				tierQty = tierQty.Add(get("quantity"))
				if running == nil {
					running = new(big.Rat)
				}
				running.Add(running, rat(s.Result))
				return eq("tiers", s.Result, get("amount"))
			case "minimum", "maximum":
				if running == nil || rat(get("amount")).Cmp(running) != 0 {
					return errors.New("bound of another amount")
				}
				v := decimal.Max(get("amount"), get("minimum"))
				if s.Kind == "maximum" {
					v = decimal.Min(get("amount"), get("maximum"))
				}
				running = rat(v)
				return eq(s.Kind, s.Result, v)
			case "proration":
				a := get("amount")
				if has("fraction") {
					running = new(big.Rat).Mul(rat(a), rat(get("fraction")))
				} else if get("total").IsZero() {
					running = new(big.Rat)
				} else {
					running = mulDiv(a, get("remaining"), get("total"))
				}
				return near("proration", s.Result, running, d+6)
			case "credit":
				if has("earlier") { // a termination's credit priced from the history
					if has("fraction") {
						running = new(big.Rat).Mul(rat(get("debit").Neg()), rat(get("fraction")))
					} else if get("total").IsZero() {
						running = new(big.Rat)
					} else {
						running = mulDiv(get("debit").Neg(), get("remaining"), get("total"))
					}
					running.Add(running, rat(get("earlier")))
					return near("credit", s.Result, running, d+6)
				}
				if has("debit") {
					running = mulDiv(get("debit").Neg(), get("seconds"), get("period_seconds"))
					return near("credit", s.Result, running, d+6)
				}
				if running == nil || rat(get("amount")).Cmp(running) != 0 {
					return errors.New("cap of another amount")
				}
				v := decimal.Max(get("amount"), get("debited").Neg())
				running = rat(v)
				return eq("cap", s.Result, v)
			case "rounding":
				if running == nil {
					return errors.New("rounding of nothing")
				}
				v := round(running, d)
				running = rat(v)
				return eq("rounding", s.Result, v)
			case "commitment":
				m := get("minimum")
				if running != nil && rat(m).Cmp(running) != 0 {
					return errors.New("a true-up of another minimum")
				}
				v := m.Sub(get("fees"))
				running = rat(v)
				return eq("true-up", s.Result, v)
			case "trial":
				get("quantity")
				running = new(big.Rat)
				return eq("trial", s.Result, decimal.Zero)
			case "discount", "tax":
				if !amountDone {
					if err := inv.amount(l, running, tiers, tierQty, qty); err != nil {
						return err
					}
					amountDone, net = true, l.Amount
				}
				if s.Kind == "discount" {
					if len(taxes) > 0 {
						return errors.New("a discount after a tax")
					}
					v, err := inv.discount(s, has, get, net)
					if err != nil {
						return err
					}
					discounts = append(discounts, v)
					net = net.Sub(v)
					return nil
				}
				v, err := inv.tax(s, has, get, net, inclusive)
				if err != nil {
					return err
				}
				taxes = append(taxes, v)
			default:
				return fmt.Errorf("unknown kind %q", s.Kind)
			}
			return nil
		}()
		if missing != nil {
			err = missing
		}
		if err != nil {
			return fmt.Errorf("step %d (%s): %w", k, s.Kind, err)
		}
	}
	if !amountDone {
		if err := inv.amount(l, running, tiers, tierQty, qty); err != nil {
			return err
		}
	}
	if len(discounts) != len(l.Discounts) || len(taxes) != len(l.Taxes) {
		return fmt.Errorf("%d discount and %d tax steps for %d discounts and %d taxes", len(discounts), len(taxes), len(l.Discounts), len(l.Taxes))
	}
	for k := range discounts {
		if err := eq(fmt.Sprintf("discount %d", k), l.Discounts[k], discounts[k]); err != nil {
			return err
		}
	}
	for k := range taxes {
		if err := eq(fmt.Sprintf("tax %d", k), l.Taxes[k], taxes[k]); err != nil {
			return err
		}
	}
	return nil
}

// amount checks that the amount steps end on the line's amount.
func (inv *invoiceState) amount(l Line, running *big.Rat, tiers bool, tierQty decimal.Decimal, qty *decimal.Decimal) error {
	if running == nil {
		return errors.New("no step computes the amount")
	}
	if tiers && (qty == nil || !tierQty.Equal(*qty)) {
		return fmt.Errorf("the tiers price %s units, not the quantity", tierQty)
	}
	if running.Cmp(rat(l.Amount)) != 0 {
		return fmt.Errorf("the steps give %s, the line's amount is %s", running.FloatString(int(inv.digits)+6), l.Amount)
	}
	return nil
}

func (inv *invoiceState) discount(s Step, has func(string) bool, get func(string) decimal.Decimal, net decimal.Decimal) (decimal.Decimal, error) {
	d := inv.digits
	var want decimal.Decimal
	switch {
	case has("credited"):
		want = round(mulDiv(get("debit"), get("credited"), get("debited")), d)
	case has("debit"):
		want = round(mulDiv(get("debit").Neg(), get("seconds"), get("period_seconds")), d)
	case has("pool"):
		if has("base") {
			if !get("base").Equal(net) {
				return want, fmt.Errorf("base %s is not the amount left %s", get("base"), net)
			}
			if err := eq("uncapped", get("uncapped"), round(mulDiv(net, get("percent"), decimal.NewFromInt(100)), d)); err != nil {
				return want, err
			}
			if !get("weight").Equal(get("uncapped")) {
				return want, errors.New("a capped share weighed by another amount than its uncapped discount")
			}
		} else if !get("weight").Equal(net) {
			return want, fmt.Errorf("weight %s is not the amount left %s", get("weight"), net)
		}
		v, err := spread(get("pool"), get("weight"), get("total_weight"), get("leftover"), d)
		if err != nil {
			return want, err
		}
		want = v
	default:
		if !get("base").Equal(net) {
			return want, fmt.Errorf("base %s is not the amount left %s", get("base"), net)
		}
		want = round(mulDiv(net, get("percent"), decimal.NewFromInt(100)), d)
	}
	return s.Result, eq("discount", s.Result, want)
}

func (inv *invoiceState) tax(s Step, has func(string) bool, get func(string) decimal.Decimal, net, inclusive decimal.Decimal) (decimal.Decimal, error) {
	d := inv.digits
	hundred := decimal.NewFromInt(100)
	var want decimal.Decimal
	switch {
	case has("credited"):
		want = round(mulDiv(get("debit"), get("credited"), get("debited")), d)
	case has("debit"):
		want = round(mulDiv(get("debit").Neg(), get("seconds"), get("period_seconds")), d)
	case has("invoice_before"):
		key := s.Key + " " + get("percent").String()
		if prev := inv.after[key]; !get("invoice_before").Equal(prev) {
			return want, fmt.Errorf("the rate's total before this line is %s, the last line left it at %s", get("invoice_before"), prev)
		}
		if inv.cum[key] == nil {
			inv.cum[key] = new(big.Rat)
		}
		inv.cum[key].Add(inv.cum[key], rat(get("exact")))
		inv.after[key] = get("invoice_after")
		inv.count[key]++
		want = get("invoice_after").Sub(get("invoice_before"))
	case has("inclusive_percent"):
		if !get("amount").Equal(net) {
			return want, fmt.Errorf("amount %s is not the amount left %s", get("amount"), net)
		}
		r := get("inclusive_percent")
		total := round(mulDiv(net, r, r.Add(hundred)), d)
		want = total
		if has("weight") {
			v, err := spread(total, get("weight"), get("total_weight"), get("leftover"), d)
			if err != nil {
				return want, err
			}
			want = v
		}
	default:
		if !get("taxable").Equal(net.Sub(inclusive)) {
			return want, fmt.Errorf("taxable %s is not the amount left %s less inclusive tax %s", get("taxable"), net, inclusive)
		}
		want = round(mulDiv(get("taxable"), get("percent"), hundred), d)
	}
	return s.Result, eq("tax", s.Result, want)
}
