package discount

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

type ruleKind uint8

const (
	rulePercent   ruleKind = iota + 1 // round(base × p / 100)
	ruleCapped                        // a percent discount reduced to its share of the cap
	ruleAmountOff                     // a share of an amount_off
)

// how records how an Applied amount was computed; [Applied.Rule] renders it only
// when asked, so that applying discounts builds no text.
type how struct {
	kind     ruleKind
	percent  decimal.Decimal // percent coupons
	base     pricing.Money   // percent coupons: the line's amount left before this discount
	exact    pricing.Money   // percent coupons: base × percent / 100, before rounding
	uncapped pricing.Money   // capped: the discount before the cap
	pool     *pool           // amount_off and caps: shared by the lines of one application
	share    int             // this line's index in pool.weights
	name     string          // the coupon's name, for explanations
}

// pool is one spreading of an amount (an amount_off, or a cap) over several lines.
type pool struct {
	amount  pricing.Money   // the amount_off, or the part of the cap the positive discounts share
	used    pricing.Money   // amount_off: the part that could be used (≤ amount)
	cap     pricing.Money   // capped: the coupon's cap
	weights []pricing.Money // the weights, in line order
	total   pricing.Money   // Σ weights
}

// maxListedWeights is the most weights a rule lists; beyond, it names the line's own
// weight and the total, so that explanations stay linear in the number of lines.
const maxListedWeights = 6

// Rule says how the amount was computed, for a person reading the invoice:
//
//	20% of 100.00 EUR = 20.00 EUR
//	12.5% of 0.99 USD = 0.12375 USD, rounded to 0.12 USD
//	5.00 USD off spread over 2 lines in proportion to 10.00, 20.00 (shares rounded down, leftover to the largest remainders) = 1.66 USD
//	5.00 USD off, all on this line = 3.00 USD; 2.00 USD could not be used and is dropped
//	20% of 300.00 USD = 60.00 USD, capped: share of the 50.00 USD cap spread over 2 lines in proportion to the uncapped discounts 20.00, 60.00 (shares rounded down, leftover to the largest remainders) = 37.50 USD
//
// It is empty only for an Applied not made by [Apply].
func (a Applied) Rule() string { return string(a.AppendRule(make([]byte, 0, 96))) }

// AppendRule appends the text of [Applied.Rule] to b and returns the result.
func (a Applied) AppendRule(b []byte) []byte {
	h := &a.how
	switch h.kind {
	case rulePercent:
		b = appendPercent(b, h, a.Amount)
	case ruleCapped:
		b = appendPercent(b, h, h.uncapped)
		b = append(b, ", capped: share of the "...)
		b = text.AppendMoney(b, h.pool.cap)
		b = append(b, " cap"...)
		if !h.pool.amount.Equal(h.pool.cap) {
			b = append(b, " ("...)
			b = text.AppendMoney(b, h.pool.amount)
			b = append(b, " left for the lines it reduces)"...)
		}
		b = appendSpread(b, h, "the uncapped discounts ")
		b = append(b, " = "...)
		b = text.AppendMoney(b, a.Amount)
	case ruleAmountOff:
		// The wording is stable: invoices' explanations quote it.
		p := h.pool
		b = text.AppendMoney(b, p.amount)
		b = append(b, " off"...)
		b = appendSpread(b, h, "")
		b = append(b, " = "...)
		b = text.AppendMoney(b, a.Amount)
		if !p.used.Equal(p.amount) {
			dropped, _ := p.amount.Sub(p.used)
			b = append(b, "; "...)
			b = text.AppendMoney(b, dropped)
			b = append(b, " could not be used and is dropped"...)
		}
	}
	return b
}

func appendPercent(b []byte, h *how, rounded pricing.Money) []byte {
	b = text.AppendDecimal(b, h.percent)
	b = append(b, "% of "...)
	b = text.AppendMoney(b, h.base)
	b = append(b, " = "...)
	if !h.exact.Equal(rounded) {
		b = text.AppendMoney(b, h.exact)
		b = append(b, ", rounded to "...)
	}
	return text.AppendMoney(b, rounded)
}

// appendSpread appends " spread over N lines in proportion to w1, w2 (shares
// rounded down, leftover to the largest remainders)", or ", all on this line" when
// the spreading has one line.
func appendSpread(b []byte, h *how, what string) []byte {
	p := h.pool
	n := len(p.weights)
	if n == 1 {
		return append(b, ", all on this line"...)
	}
	b = append(b, " spread over "...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, " lines in proportion to "...)
	b = append(b, what...)
	if n <= maxListedWeights {
		for k, w := range p.weights {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = w.AppendText(b)
		}
	} else {
		b = append(b, "this line's "...)
		b = p.weights[h.share].AppendText(b)
		b = append(b, " of "...)
		b = p.total.AppendText(b)
	}
	return append(b, " (shares rounded down, leftover to the largest remainders)"...)
}

// Calculation is how an [Applied] amount was computed, as numbers a program can
// check: the inputs of its rule, whose result is Applied.Amount. Amounts are in
// major units of the invoice currency.
type Calculation struct {
	// Kind is "percent", "capped" or "amount_off"; empty for an Applied not made by
	// [Apply].
	Kind string
	// Percent (percent, capped) is the coupon's percentage, 0 to 100.
	Percent decimal.Decimal
	// Base (percent, capped) is the line's amount left before this discount; Exact
	// is Base × Percent / 100 before rounding; Uncapped (capped) is Exact rounded
	// half away from zero, the discount before the cap.
	Base, Exact, Uncapped pricing.Money
	// Pool (capped, amount_off) is the amount spread over the lines: the part of the
	// amount_off the lines could use, or the part of the cap the positive discounts
	// share. Weight is this line's weight (its amount left, or its uncapped
	// discount) and TotalWeight the sum of every weight of the spreading; each line
	// gets Pool × Weight / TotalWeight floored to the minor unit, and the minor
	// units left over go one each to the largest remainders.
	Pool, Weight, TotalWeight pricing.Money
	// Cap (capped) is the coupon's cap in the invoice currency; AmountOff
	// (amount_off) the coupon's whole amount_off, of which Pool could be used.
	Cap, AmountOff pricing.Money
}

// Calculation returns the numbers [Applied.Rule] is written from.
func (a Applied) Calculation() Calculation {
	h := &a.how
	var c Calculation
	switch h.kind {
	case rulePercent:
		c = Calculation{Kind: "percent", Percent: h.percent, Base: h.base, Exact: h.exact}
	case ruleCapped:
		c = Calculation{Kind: "capped", Percent: h.percent, Base: h.base, Exact: h.exact, Uncapped: h.uncapped,
			Pool: h.pool.amount, Weight: h.pool.weights[h.share], TotalWeight: h.pool.total, Cap: h.pool.cap}
	case ruleAmountOff:
		c = Calculation{Kind: "amount_off", Pool: h.pool.used, Weight: h.pool.weights[h.share], TotalWeight: h.pool.total, AmountOff: h.pool.amount}
	}
	return c
}

// CouponName returns the name of the coupon applied (empty when it has none).
func (a Applied) CouponName() string { return a.how.name }
