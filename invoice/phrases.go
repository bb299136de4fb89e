package invoice

// Every phrase of the invoice's texts (line descriptions, explanations, WriteText and
// WriteHTML) is written in this file, so that a translation has one file to change.
// Money is written by internal/text from exact decimals, never through binary floating point.

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Labels of the documents (WriteText and WriteHTML).
const (
	phraseTitle           = "Invoice preview"
	phraseNoLines         = "(no lines)"
	phraseSubtotal        = "Subtotal"
	phraseDiscount        = "Discount"
	phraseTotalExclTax    = "Total excluding tax"
	phraseTax             = "Tax"
	phraseTaxOn           = "on"
	phraseTotal           = "Total"
	phraseStartingBalance = "Starting balance"
	phraseBalanceCredit   = "credit you hold"
	phraseBalanceOwed     = "you owe"
	phraseAmountDue       = "Amount due"
	phraseEndingBalance   = "Ending balance (credit you still hold)"
	phraseNotApplied      = "Discounts not applied:"
	phraseBilledLater     = "Not billed on this invoice:"
	phraseCreditNote      = "Credit note for the termination"
	phraseRefunded        = "refunded"
	phraseCredited        = "left as credit"
	phraseOnItem          = "on item"
	phraseItem            = "item"
	phrasePrice           = "price"
	phraseHowComputed     = "How this amount was computed"
	phraseAmount          = "Amount"
	phraseLine            = "Line"
	phraseService         = "Service period"
	phraseTagAdvance      = "in advance"
	phraseTagArrears      = "in arrears"
	phraseTagProration    = "proration"
	phraseTagTrial        = "trial"
)

// appendHeader appends the invoice's own dates: when it is issued and the period
// it bills.
func appendHeader(b []byte, inv *Invoice) []byte {
	b = append(b, phraseTitle...)
	b = append(b, " ("...)
	b = append(b, inv.Currency.Code()...)
	b = append(b, "), issued "...)
	b = instant(b, inv.IssuedAt)
	if inv.PeriodStart.Equal(inv.PeriodEnd) {
		return append(b, ", billing no period of its own (issued at a start or a change; each line shows the period it bills)"...)
	}
	b = append(b, ", for the period "...)
	b = instant(b, inv.PeriodStart)
	b = append(b, " to "...)
	return instant(b, inv.PeriodEnd)
}

// forecastTitle is the title of the k-th of n forecast invoices.
func forecastTitle(k, n int, issued time.Time) string {
	return "──── Forecast " + strconv.Itoa(k) + " of " + strconv.Itoa(n) + ": the invoice issued " + string(instant(nil, issued)) + " ────"
}

// lineTag says how the line bills its period.
func (l *Line) tag() string {
	switch {
	case l.Trial:
		return phraseTagTrial
	case l.Proration:
		return phraseTagProration
	case l.Usage != nil:
		return phraseTagArrears
	}
	return phraseTagAdvance
}

// appendLineFacts appends "in advance · 01 Dec 2026 00:00 UTC to 01 Jan 2027 00:00
// UTC · item si_1 · price price_1".
func appendLineFacts(b []byte, l *Line) []byte {
	b = append(b, l.tag()...)
	b = append(b, " · "...)
	b = appendSpan(b, l.Period.Start, l.Period.End, l.location())
	b = append(b, " · "+phraseItem+" "...)
	b = append(b, l.Item...)
	b = append(b, " · "+phrasePrice+" "...)
	return append(b, l.Price...)
}

// location is the zone the line's days were counted in, if any.
func (l *Line) location() *time.Location {
	if l.Prorated != nil {
		return l.Prorated.Factor.Convention.Location
	}
	return nil
}

func instant(b []byte, t time.Time) []byte { return text.AppendInstant(b, t, nil) }

func appendSpan(b []byte, start, end time.Time, loc *time.Location) []byte {
	b = text.AppendInstant(b, start, loc)
	b = append(b, " to "...)
	return text.AppendInstant(b, end, loc)
}

func money(m pricing.Money) string { return string(text.AppendMoney(nil, m)) }

func number(d decimal.Decimal) string { return string(text.AppendDecimal(nil, d)) }

// unrounded writes an amount before rounding: exactly when it has at most 6 more
// places than the currency, else to 6 more places and "…".
func unrounded(d decimal.Decimal, c pricing.Currency) string {
	return string(appendUnrounded(make([]byte, 0, 32), d, c))
}

// appendUnrounded appends the text of unrounded(d, c) to b.
func appendUnrounded(b []byte, d decimal.Decimal, c pricing.Currency) []byte {
	places := c.Digits() + 6
	if -d.Exponent() > places {
		r := d.Round(places)
		if !r.Equal(d) {
			b = text.AppendDecimalPlaces(b, r, c.Digits())
			return append(append(b, "… "...), c.Code()...)
		}
	}
	return text.AppendMoney(b, pricing.New(d, c))
}

// appendUnitWording appends what one unit of the price is: "28.00 EUR per unit per
// month", "12.00 USD per package of 5 per month", "0.99 EUR per unit of usage",
// "graduated tiers, per month".
func appendUnitWording(b []byte, it *Item, q *pricing.Quote) []byte {
	metered := it.Price.IsMetered()
	if q.Scheme == pricing.Tiered {
		b = append(b, q.TiersMode().String()...)
		b = append(b, " tiers"...)
		if !metered {
			b = append(b, ',')
		}
	} else {
		b = pricing.New(q.UnitAmount(), q.Currency).AppendText(b)
		b = append(b, ' ')
		b = append(b, q.Currency.Code()...)
		switch {
		case q.Transform() != nil:
			b = append(b, " per package of "...)
			b = strconv.AppendInt(b, q.Transform().DivideBy, 10)
		case metered:
			b = append(b, " per unit of usage"...)
		default:
			b = append(b, " per unit"...)
		}
	}
	if metered {
		return b // usage is billed for the period it was recorded in, not per month
	}
	if r, ok := it.Price.Recurring(); ok {
		b = append(b, " per "...)
		if r.IntervalCount > 1 {
			b = strconv.AppendInt(b, int64(r.IntervalCount), 10)
			b = append(b, ' ')
			b = append(b, r.Interval.String()...)
			b = append(b, 's')
		} else {
			b = append(b, r.Interval.String()...)
		}
	}
	return b
}

// appendDescription appends the description of a period line: "3 × Gold at 10.00
// USD per unit per month", "250 × Storage (GB), volume tiers per month".
func appendDescription(b []byte, it *Item, q *pricing.Quote) []byte {
	if q.Dynamic() || q.Percentage != nil {
		return appendModelDescription(b, it, q)
	}
	b = text.AppendDecimal(b, q.Quantity)
	b = append(b, " × "...)
	b = append(b, it.Price.DisplayName()...)
	if q.Scheme == pricing.Tiered {
		b = append(b, ", "...)
	} else {
		b = append(b, " at "...)
	}
	return appendUnitWording(b, it, q)
}

// appendTrialDescription appends "Trial period for Team seat".
func appendTrialDescription(b []byte, it *Item) []byte {
	b = append(b, "Trial period for "...)
	return append(b, it.Price.DisplayName()...)
}

// appendProrationDescription appends Stripe's text for a proration line: "Unused time
// on Silver after 01 Sep 2020" for a credit, "Remaining time on 3 × Gold after 01 Sep
// 2020" for a charge, the date in the zone days were counted in.
func appendProrationDescription(b []byte, l *proration.Line) []byte {
	if l.Factor.Used {
		return appendUsedDescription(b, l)
	}
	return l.AppendDescription(b)
}

// appendCreditedDescription appends "Unused time on 3 × Gold after 01 Sep 2020".
func appendCreditedDescription(b []byte, l *Line) []byte {
	b = append(b, "Unused time on "...)
	if !l.Quantity.Equal(one) && !l.Quantity.IsZero() { // an issued line may not state its quantity
		b = text.AppendDecimal(b, l.Quantity)
		b = append(b, " × "...)
	}
	b = append(b, l.item.Price.DisplayName()...)
	b = append(b, " after "...)
	return text.AppendDate(b, l.Period.Start)
}

func (l Line) trialText() string {
	var sb strings.Builder
	sb.WriteString("Trial from ")
	sb.Write(appendSpan(nil, l.Period.Start, l.Period.End, nil))
	sb.WriteString(": ")
	sb.WriteString(number(l.Quantity))
	sb.WriteString(" × ")
	if l.item != nil {
		sb.WriteString(l.item.Price.DisplayName())
	}
	sb.WriteString(" billed ")
	sb.WriteString(money(l.Amount))
	sb.WriteString("; paid billing starts when the trial ends.")
	return sb.String()
}

func (l Line) creditText() string {
	c := l.Credited
	if c.Factor != nil {
		return l.historyCreditText()
	}
	var sb strings.Builder
	sb.WriteString(creditOf(c, nil))
	sb.WriteString(strconv.FormatInt(c.Seconds, 10))
	sb.WriteString(" of its ")
	sb.WriteString(strconv.FormatInt(c.DebitPeriod.Seconds(), 10))
	sb.WriteString(" seconds left unused: ")
	sb.WriteString(money(c.Debit.Neg()))
	sb.WriteString(" × ")
	sb.WriteString(strconv.FormatInt(c.Seconds, 10))
	sb.WriteString(" ÷ ")
	sb.WriteString(strconv.FormatInt(c.DebitPeriod.Seconds(), 10))
	sb.WriteString(" = ")
	sb.WriteString(unrounded(c.Exact, l.Amount.Currency()))
	sb.WriteString(".")
	return sb.String()
}

func capText(from, to pricing.Money) string {
	return "Capped at what was debited for this time, less earlier credits: " + money(from) + " becomes " + money(to) + "."
}

func roundingText(exact decimal.Decimal, rounded pricing.Money) string {
	c := rounded.Currency()
	to := "Rounded to " + strconv.Itoa(int(c.Digits())) + " decimal places"
	if c.Digits() == 0 {
		to = "Rounded to a whole " + c.Code()
	}
	return to + ", half away from zero: " + unrounded(exact, c) + " becomes " + money(rounded) + "."
}

func usageText(u *pricing.Usage) string {
	if t, ok := usageModelText(u); ok {
		return t
	}
	var sb strings.Builder
	sb.WriteString("Usage billed in arrears: ")
	sb.WriteString(number(u.Quantity))
	sb.WriteString(" units, ")
	records := "no record"
	switch {
	case u.Records == 1:
		records = "1 record"
	case u.Records > 1:
		records = strconv.Itoa(u.Records) + " records"
	}
	switch u.Aggregation {
	case pricing.AggregateMax:
		sb.WriteString("the largest quantity of " + records + " from ")
	case pricing.AggregateLastDuringPeriod:
		sb.WriteString("the quantity of the latest of " + records + " from ")
	case pricing.AggregateLastEver:
		sb.WriteString("the quantity of the latest record before the end, even of an earlier period (" + records + "), up to ")
		sb.Write(instant(nil, u.End))
		sb.WriteString(".")
		return sb.String()
	default:
		sb.WriteString("the sum of " + records + " from ")
	}
	sb.Write(appendSpan(nil, u.Start, u.End, nil))
	sb.WriteString(".")
	return sb.String()
}

func quantityText(q *pricing.Quote, it *Item) string {
	s := "Quantity: " + number(q.Quantity)
	if it != nil {
		s += " × " + it.Price.DisplayName()
	}
	return s + "."
}

func packageText(q *pricing.Quote) string {
	return "Packages of " + strconv.FormatInt(q.Transform().DivideBy, 10) + ": " + number(q.Quantity) + " units ÷ " +
		strconv.FormatInt(q.Transform().DivideBy, 10) + ", rounded " + q.Transform().Round.String() + ", is " + number(q.BilledQuantity) + " packages."
}

func unitPriceText(q *pricing.Quote, product decimal.Decimal) string {
	if q.Dynamic() {
		return "Dynamic price: the amounts the usage records carry are billed as they are (× 1), " + unrounded(product, q.Currency) + "."
	}
	unit := " per unit"
	if q.Transform() != nil {
		unit = " per package"
	}
	return number(q.BilledQuantity) + " × " + money(pricing.New(q.UnitAmount(), q.Currency)) + unit + " = " + unrounded(product, q.Currency) + "."
}

func tierText(q *pricing.Quote, t pricing.TierCharge, block int64) string {
	var sb strings.Builder
	sb.WriteString("Tier ")
	sb.WriteString(strconv.Itoa(t.Index + 1))
	sb.WriteString(" (")
	if q.TiersMode() == pricing.Volume {
		sb.WriteString("volume: ")
	} else {
		sb.WriteString("graduated: ")
	}
	switch {
	case t.From.IsZero() && t.Inf:
		sb.WriteString("every unit")
	case t.From.IsZero():
		sb.WriteString("up to " + number(t.UpTo))
	case t.Inf:
		sb.WriteString("above " + number(t.From))
	default:
		sb.WriteString("above " + number(t.From) + " up to " + number(t.UpTo))
	}
	if q.TiersMode() == pricing.Volume {
		sb.WriteString(", where the quantity falls, so every unit is priced at it")
	}
	sb.WriteString("): ")
	sb.WriteString(number(t.Quantity))
	if block > 1 {
		// Kill Bill's block tiers: every started block is billed whole.
		blocks := blocksIn(t.Quantity, block)
		sb.WriteString(" units in " + number(blocks) + " block")
		if !blocks.Equal(one) {
			sb.WriteString("s")
		}
		sb.WriteString(" of " + strconv.FormatInt(block, 10) + " (every started block billed whole) × ")
		sb.WriteString(money(pricing.New(t.UnitAmount, q.Currency)))
		sb.WriteString(" per block")
	} else {
		sb.WriteString(" × ")
		sb.WriteString(money(pricing.New(t.UnitAmount, q.Currency)))
	}
	if !t.FlatAmount.IsZero() {
		sb.WriteString(" + ")
		sb.WriteString(money(pricing.New(t.FlatAmount, q.Currency)))
		sb.WriteString(" flat")
	}
	sb.WriteString(" = ")
	sb.WriteString(unrounded(t.Subtotal.Amount(), q.Currency))
	sb.WriteString(".")
	return sb.String()
}

func boundText(minimum bool, before decimal.Decimal, after pricing.Money) string {
	if minimum {
		return "Below the price's minimum charge: " + unrounded(before, after.Currency()) + " is raised to " + money(after) + "."
	}
	return "Above the price's maximum charge: " + unrounded(before, after.Currency()) + " is capped at " + money(after) + "."
}

func prorationText(p *proration.Line, exact decimal.Decimal) string {
	if p.Factor.Used {
		return usedText(p, exact)
	}
	f := p.Factor
	conv := f.Convention
	full := p.Side.Amount
	b := make([]byte, 0, 256)
	if p.Credit {
		b = append(b, "Credit for the unused time from "...)
		full = full.Neg()
	} else {
		b = append(b, "Charge for the remaining time from "...)
	}
	b = appendSpan(b, f.At, f.Period.End, conv.Location)
	unit := " seconds"
	if f.Granularity == proration.ByDay {
		unit = " days"
	}
	b = append(b, ": "...)
	b = strconv.AppendInt(b, f.Remaining, 10)
	switch {
	case conv.FixedMonth != 0:
		b = append(b, " of "...)
		b = strconv.AppendInt(b, f.Total, 10)
		b = append(b, unit+" (counting "...)
		b = strconv.AppendInt(b, int64(conv.FixedMonth), 10)
		b = append(b, "-day months)"...)
	case conv.Denominator == proration.IntervalBeforeEnd, conv.Denominator == proration.IntervalAfterStart:
		b = append(b, " of the "...)
		b = strconv.AppendInt(b, f.Total, 10)
		b = append(b, unit+" of the billing period of "+plural(conv.IntervalCount, conv.Interval.String())...)
		if conv.Denominator == proration.IntervalBeforeEnd {
			b = append(b, " that ends where this one ends"...)
		} else {
			b = append(b, " that starts where this one starts"...)
		}
	default:
		b = append(b, " of the period's "...)
		b = strconv.AppendInt(b, f.Total, 10)
		b = append(b, unit...)
	}
	b = append(b, ", the period starting "...)
	b = text.AppendInstant(b, f.Period.Start, conv.Location)
	if conv.Location != nil {
		b = append(b, ", days counted in "...)
		b = append(b, conv.Location.String()...)
	}
	if conv.ChangeDay == proration.ChangeDayUsed {
		b = append(b, ", the day of the change counted as used"...)
	}
	b = append(b, ": "...)
	b = text.AppendMoney(b, full)
	b = append(b, " for the whole period × "...)
	if conv.FractionRounding == proration.RoundedFraction && f.Total != 0 {
		b = append(b, f.Fraction.String()...)
		b = append(b, " (the fraction rounded to "...)
		b = strconv.AppendInt(b, int64(conv.Scale), 10)
		b = append(b, " places)"...)
	} else {
		b = strconv.AppendInt(b, f.Remaining, 10)
		b = append(b, '/')
		b = strconv.AppendInt(b, f.Total, 10)
	}
	b = append(b, " = "...)
	b = appendUnrounded(b, exact, p.Amount.Currency())
	b = append(b, '.')
	return string(b)
}

func creditedText(got pricing.Money, from pricing.Money) string {
	return "the share of the debit's " + money(from) + " for the credited time, sign reversed and rounded: " + money(got) + "."
}

// tiersText is the sentence of the full tiers from first to last summed in one step.
func tiersText(q *pricing.Quote, first, last int, qty, amount decimal.Decimal) string {
	return "Tiers " + strconv.Itoa(first) + " to " + strconv.Itoa(last) + " in full: " + number(qty) + " units, " +
		money(pricing.New(amount, q.Currency)) + " together."
}

// blocksIn is the blocks of size block that n units start: ⌈n ÷ block⌉.
func blocksIn(n decimal.Decimal, block int64) decimal.Decimal {
	b, rem := n.QuoRem(decimal.NewFromInt(block), 0)
	if rem.Sign() > 0 {
		b = b.Add(one)
	}
	return b
}

// creditOf begins a credit step's sentence: "Credit of what invoice in_1 line 0
// debited (31.00 EUR for … to …) for the ", the span in loc.
func creditOf(c *FlexibleCredit, loc *time.Location) string {
	return "Credit of what invoice " + invoiceLine(c.InvoiceID, c.Invoice, c.Line) + " debited (" + money(c.Debit) + " for " +
		string(appendSpan(nil, c.DebitPeriod.Start, c.DebitPeriod.End, loc)) + ") for the "
}

// invoiceLine names line j of a history invoice: "in_1 line 0", or by the
// invoice's index when it has no ID.
func invoiceLine(id string, i, j int) string {
	if id == "" {
		id = strconv.Itoa(i)
	}
	return id + " line " + strconv.Itoa(j)
}
