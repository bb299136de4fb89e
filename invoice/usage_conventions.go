package invoice

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

// This file holds how a preview bills the metered price models of other engines
// (pricing.PriceParams.Dynamic, Percentage, Recurring.BucketSize): their usage is
// aggregated by the price (pricing.Price.AggregateUsage) and quoted from it
// (pricing.Price.QuoteUsage); a percentage quote explains itself in one step.

// StepPercentage, for a percentage price (Lago's percentage charge): inputs
// transactions (how many were priced), free (how many were wholly free), base (the
// amount the rate applied to), rate (percent) and fees (the fixed fees charged,
// after the per-transaction bounds); Result = base × rate ÷ 100 + fees, the amount.
// With per-transaction bounds a fee absorbs the difference its bound made, so the
// identity holds exactly.
const StepPercentage StepKind = "percentage"

// checkAggregatedModel refuses aggregated usage for an item whose price needs the
// records themselves: a dynamic price bills their amounts, a percentage price
// charges each as a transaction.
func (b *builder) checkAggregatedModel(id string) error {
	s := b.slotOf(id)
	for _, it := range []*Item{s.old, s.new} {
		if it == nil {
			continue
		}
		what := ""
		if it.Price.IsProrated() {
			what = "prorated (it weighs each record by the days its units were present)"
		} else if it.Price.IsDynamic() {
			what = "dynamic (it bills the amounts the records carry)"
		} else if _, ok := it.Price.Percentage(); ok {
			what = "a percentage price (it charges each record as a transaction)"
		}
		if what != "" {
			return fieldErr("AggregatedUsage["+short(id)+"]", "%w: aggregated usage for item %q, whose price %q is %s: give its usage records",
				ErrInvalidRequest, short(id), short(it.Price.ID()), what)
		}
	}
	return nil
}

// percentage adds the step of a percentage quote, then its rounding.
func (s *stepper) percentage(q *pricing.Quote) {
	pq := q.Percentage
	txt := "Percentage charge: " + pq.Explain()
	s.add(StepPercentage, pq.Exact.Amount(), txt, inInt("transactions", int64(pq.Transactions)), inInt("free", int64(pq.Free)),
		in("base", pq.Base), in("rate", pq.Rate()), in("fees", pq.Fees))
	s.rounding(q.Exact.Amount(), q.Amount)
}

// usageModelText is the usage step's sentence for the usage of a dynamic or
// percentage price, or of a price that aggregates per bucket; false for any other.
func usageModelText(u *pricing.Usage) (string, bool) {
	records := strconv.Itoa(u.Records) + " records"
	if u.Records == 1 {
		records = "1 record"
	}
	span := " from " + string(appendSpan(nil, u.Start, u.End, nil)) + "."
	switch {
	case u.Prorated != nil:
		return "Usage billed in arrears, prorated by day: " + u.Prorated.Explain() + "; " + records + span, true
	case u.Amounts:
		if u.Quantity.IsZero() && u.Records > 0 {
			return "Usage billed in arrears: nothing, the " + records + span[:len(span)-1] + " carry no units (a dynamic price bills its amounts only for a period with units).", true
		}
		return "Usage billed in arrears: the amounts carried by " + records + ", summed: " + number(u.Quantity) + span, true
	case u.Transactions != nil:
		return "Usage billed in arrears: " + records + " taken as transactions, in time order, totalling " + number(u.Quantity) + span, true
	case u.Bucket != pricing.NoBucket:
		what := "the sum"
		switch u.Aggregation {
		case pricing.AggregateMax:
			what = "the largest quantity"
		case pricing.AggregateLastDuringPeriod:
			what = "the latest quantity"
		}
		return "Usage billed in arrears: " + number(u.Quantity) + " units, " + what + " of each " + u.Bucket.String() + " (UTC) that has a record, added over " +
			strconv.Itoa(u.Buckets) + " bucket(s) (" + records + ")" + span, true
	}
	return "", false
}

// appendModelDescription appends the description of the line of a dynamic or
// percentage price: "API fees: amounts of usage records, 0.402 USD", "Card fees:
// 2.5% + 0.30 USD per transaction, 2 transactions totalling 300.00 USD".
func appendModelDescription(b []byte, it *Item, q *pricing.Quote) []byte {
	b = append(b, it.Price.DisplayName()...)
	if pq := q.Percentage; pq != nil {
		b = append(b, ": "...)
		b = append(b, pq.Rate().String()...)
		b = append(b, '%')
		if pc, ok := it.Price.Percentage(); ok && !pc.FixedAmount.IsZero() {
			b = append(b, " + "...)
			b = append(b, money(pricing.New(pc.FixedAmount, q.Currency))...)
			b = append(b, " per transaction"...)
		}
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(pq.Transactions), 10)
		b = append(b, " transaction(s) totalling "...)
		return append(b, money(pricing.New(q.Quantity, q.Currency))...)
	}
	b = append(b, ": amounts of usage records, "...)
	return append(b, unrounded(q.Quantity, q.Currency)...)
}

// checkBucketZone refuses a price that aggregates per bucket when days are counted
// in a zone other than UTC: pricekit's buckets are UTC, and Flexprice buckets in the
// customer's zone, so the two would differ silently.
func (b *builder) checkBucketZone() error {
	loc := b.conv.Location
	if loc == nil {
		loc = b.req.Convention.Location // the zone asked for, even where a preset drops it
	}
	if loc == nil || loc == time.UTC || loc.String() == "UTC" {
		return nil
	}
	for i := range b.slots {
		s := &b.slots[i]
		for _, side := range []struct {
			it *Item
			p  itemPath
		}{{s.old, s.oldPath}, {s.new, s.newPath}} {
			if side.it == nil {
				continue
			}
			if r, ok := side.it.Price.Recurring(); ok && r.BucketSize != pricing.NoBucket {
				return fieldErr(side.p.field("Price")+".Recurring.BucketSize", "%w: usage buckets of a %s are UTC, and days are counted in %s: buckets in a time zone are not computed",
					ErrConflict, r.BucketSize, loc)
			}
		}
	}
	return nil
}

// StepProratedUnits, for a prorated price (Lago's prorated charge), one step per
// change of units (the units carried into the range, then each day's records):
// inputs units (full units, negative for a removal), days (days present, the
// day of the change counted), period_days and scale; Result = units ×
// round(days ÷ period_days, scale decimals, half up).
const StepProratedUnits StepKind = "prorated_units"

// StepProratedSum closes the prorated units: input units (Σ of the
// prorated_units steps), and ceil_scale when the sum is rounded up (a per-unit or
// volume price: 5 decimals); Result is the prorated quantity the price bills.
const StepProratedSum StepKind = "prorated_sum"

// proratedPeriod is the range [start, end) of a prorated item within the billed
// period, its days counted in the convention's zone.
func (b *builder) proratedPeriod(start, end time.Time) pricing.ProratedPeriod {
	p := pricing.ProratedPeriod{Start: start, End: end, PeriodStart: b.period.Start, PeriodEnd: b.period.End, Location: b.conv.Location}
	if start.Before(p.PeriodStart) || p.PeriodEnd.Before(end) {
		p.PeriodStart, p.PeriodEnd = start, end
	}
	return p
}

// prorated adds the steps of prorated units: one per change, then their sum.
func (s *stepper) prorated(u *pricing.Usage, q *pricing.Quote) {
	pu := u.Prorated
	sum := decimal.Zero
	for _, ch := range pu.Changes {
		txt := "Prorated units: " + number(ch.Units) + " × " + strconv.FormatInt(ch.Days, 10) + "/" + strconv.FormatInt(pu.PeriodDays, 10) + " days"
		if ch.Carried {
			txt += " (carried into the period)"
		} else {
			txt += " (from " + ch.Day.Format("2 Jan 2006") + ")"
		}
		s.add(StepProratedUnits, ch.Prorated, txt, in("units", ch.Units), inInt("days", ch.Days), inInt("period_days", pu.PeriodDays), inInt("scale", pricing.ProratedCoefficientScale))
		sum = sum.Add(ch.Prorated)
	}
	if q.Scheme == pricing.Tiered && q.TiersMode() == pricing.Graduated {
		s.add(StepProratedSum, sum, "Prorated units, unrounded (graduated tiers price each change's units): "+number(sum), in("units", sum))
		return
	}
	s.add(StepProratedSum, u.Quantity, "Prorated units, rounded up to 5 decimals: "+number(u.Quantity), in("units", sum), inInt("ceil_scale", pricing.ProratedUnitsScale))
}
