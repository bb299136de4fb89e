package invoice

// The phrases of taxes, discounts, balances and of discounts that took nothing.

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/discount"
	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
)

// appendTaxName appends "UK VAT (txr_uk) 20% inclusive".
func appendTaxName(b []byte, r TaxRate) []byte {
	if r.DisplayName() != "" {
		b = append(b, r.DisplayName()...)
		if r.ID() != "" && r.ID() != r.DisplayName() {
			b = append(b, " ("...)
			b = append(b, r.ID()...)
			b = append(b, ')')
		}
	} else {
		b = append(b, r.ID()...)
	}
	b = append(b, ' ')
	b = text.AppendDecimal(b, r.Percentage())
	if r.Inclusive() {
		return append(b, "% inclusive"...)
	}
	return append(b, "% exclusive"...)
}

func taxLabel(r TaxRate) string { return string(appendTaxName(nil, r)) }

func taxText(t TaxAmount, exact, inclPct decimal.Decimal, net pricing.Money) string {
	c := t.Amount.Currency()
	b := make([]byte, 0, 160)
	b = appendTaxName(append(b, "Tax "...), t.TaxRate)
	pct := t.TaxRate.Percentage()
	if t.TaxRate.Inclusive() {
		b = text.AppendMoney(append(b, ": "...), net)
		b = text.AppendDecimal(append(b, " includes tax at "...), pct)
		b = text.AppendMoney(append(b, "%: "...), net)
		b = text.AppendDecimal(append(b, " × "...), pct)
		b = text.AppendDecimal(append(b, '/'), inclPct.Add(hundred))
		b = append(b, " = "...)
	} else {
		b = text.AppendDecimal(append(b, ": "...), pct)
		b = text.AppendMoney(append(b, "% of "...), t.Taxable)
		b = append(b, " is "...)
	}
	b = appendUnrounded(b, exact, c)
	switch {
	case t.PerInvoice:
		b = text.AppendMoney(append(b, "; the rate's tax is rounded once for the whole invoice, and this line's share of it is "...), t.Amount)
	case !exact.Equal(t.Amount.Amount()):
		b = text.AppendMoney(append(b, ", rounded to "...), t.Amount)
	}
	return string(append(b, '.'))
}

// discountText is a discount step's sentence: the coupon's name and id, then how its
// amount was computed.
func discountText(d DiscountAmount) string {
	var sb strings.Builder
	sb.WriteString("Discount ")
	sb.WriteString(couponLabel(d.Coupon, d.how().CouponName()))
	sb.WriteString(": ")
	if d.credit != nil {
		sb.WriteString(creditedText(d.Amount, *d.credit))
		return sb.String()
	}
	c := d.how().Calculation()
	switch c.Kind {
	case "percent":
		sb.WriteString(percentOf(c, d.Amount))
	case "capped":
		sb.WriteString(percentOf(c, c.Uncapped))
		sb.WriteString(", over the coupon's cap of ")
		sb.WriteString(money(c.Cap))
		sb.WriteString(": ")
		sb.WriteString(shareText(c, "the lines' uncapped discounts", d.Amount))
	case "amount_off":
		sb.WriteString(money(c.AmountOff))
		sb.WriteString(" off")
		if c.Weight.Equal(c.TotalWeight) {
			sb.WriteString(", all on this line: ")
			sb.WriteString(money(d.Amount))
		} else {
			sb.WriteString(": ")
			sb.WriteString(shareText(c, "what the lines it covers have left", d.Amount))
		}
		if !c.Pool.Equal(c.AmountOff) {
			sb.WriteString("; ")
			sb.WriteString(money(sub(c.AmountOff, c.Pool)))
			sb.WriteString(" is more than the lines have left and is not used")
		}
	default:
		sb.WriteString(money(d.Amount))
	}
	sb.WriteString(".")
	return sb.String()
}

// percentOf is "20% of 100.00 EUR = 20.00 EUR", with the rounding when it changed
// the amount.
func percentOf(c discount.Calculation, rounded pricing.Money) string {
	s := number(c.Percent) + "% of " + money(c.Base) + " = "
	if !c.Exact.Equal(rounded) {
		s += unrounded(c.Exact.Amount(), rounded.Currency()) + ", rounded to "
	}
	return s + money(rounded)
}

// shareText is a line's share of a spreading: "5.00 USD in proportion to what the
// lines it covers have left, this line's 10.00 USD of 30.00 USD, is 1.66 USD".
func shareText(c discount.Calculation, what string, got pricing.Money) string {
	return money(c.Pool) + " shared in proportion to " + what + ", this line's " + money(c.Weight) + " of " + money(c.TotalWeight) +
		" (shares rounded down to the minor unit, the units left over to the largest remainders), is " + money(got)
}

// couponLabel is "Launch 20% (AGENT20)", or the id alone when the coupon has no name.
func couponLabel(id, name string) string {
	if name == "" || name == id {
		return id
	}
	return name + " (" + id + ")"
}

// balanceLabel says what a balance means for the customer.
func balanceLabel(label string, m pricing.Money) string {
	switch m.Sign() {
	case -1:
		return label + ": " + phraseBalanceCredit
	case 1:
		return label + ": " + phraseBalanceOwed
	}
	return label
}

// Why a discount took nothing (UnappliedDiscount.Explanation).
const (
	whyTrial       = "the trial bills nothing; the discount applies to the paid invoices after it"
	whyNothingLeft = "the lines it covers had nothing left to discount after the discounts before it"
)

func whyNotStarted(start, issued time.Time) string {
	return "it starts " + string(instant(nil, start)) + ", after this invoice is issued (" + string(instant(nil, issued)) + ")"
}

func whyEndedAt(until, issued time.Time) string {
	return "it ended " + string(instant(nil, until)) + ", at or before this invoice is issued (" + string(instant(nil, issued)) + ")"
}

func whyMonthsEnded(months int, start, end, periodStart time.Time) string {
	return "its " + plural(months, "month") + " from " + string(instant(nil, start)) + " ended " + string(instant(nil, end)) +
		", at or before the billed period starts (" + string(instant(nil, periodStart)) + ")"
}

func whyUsed(start, since time.Time) string {
	return "a once coupon: it started " + string(instant(nil, start)) + ", so the invoice issued " + string(instant(nil, since)) + " used it"
}
