// Package verify checks an issued invoice against what pricekit computes for the same
// request, line by line: which lines match, which differ and by how much, which were
// computed but not issued and which were issued but not computed, and, where an
// amount differs, which documented option would reproduce the issued amount.
//
// Lines are matched by subscription item, price, proration flag and service period;
// within such a group, by quantity and sign (a quantity change's credit and charge
// share the rest), never by position alone. A line matches when its amount, its total
// discount amount and its total tax amount are all equal.
//
// verify imports invoice and pricing; it knows no JSON.
package verify

import (
	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Status is the verdict on one line.
type Status uint8

const (
	// Match: the issued line is the computed one, to the minor unit.
	Match Status = iota
	// AmountDiffers: the lines pair up, but an amount, discount or tax differs.
	AmountDiffers
	// Missing: a computed line that was not issued.
	Missing
	// Unexpected: an issued line that was not computed.
	Unexpected
)

var statusNames = [...]string{"match", "amount_differs", "missing", "unexpected"}

// String returns "match", "amount_differs", "missing" or "unexpected".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Line is the verdict on one line.
type Line struct {
	// Status is the verdict.
	Status Status
	// Issued is the line's index in the issued invoice, or -1 for a missing line.
	Issued int
	// Computed is the index of the computed line, or -1 for an unexpected one.
	Computed int
	// IssuedAmount and ComputedAmount are the two amounts (zero on the side that has
	// no line).
	IssuedAmount, ComputedAmount pricing.Money
	// IssuedDiscount, ComputedDiscount, IssuedTax and ComputedTax are the lines'
	// total discount and tax amounts.
	IssuedDiscount, ComputedDiscount pricing.Money
	// IssuedTax and ComputedTax are the lines' total tax amounts.
	IssuedTax, ComputedTax pricing.Money
	// line is the computed line (nil for an unexpected one), explained on demand.
	line *invoice.Line
	// ExplainedBy names the documented option that reproduces the issued amount
	// ("proration: day"), or is empty when none does (or the line matches).
	ExplainedBy string
}

// Explanation returns how pricekit computed its line, one step per line of text
// ("" for an unexpected line). It is built when asked for: a reconciliation of
// matching invoices costs no more than their previews.
func (l Line) Explanation() string {
	if l.line == nil {
		return ""
	}
	return l.line.Explanation()
}

// Total is one of the invoice's totals, issued and computed.
type Total struct {
	// Name is the total's name in the preview format: "subtotal",
	// "total_discount_amount", "tax", "total", "amount_due".
	Name string
	// Issued and Computed are the two values; Given is false when the issued
	// invoice did not state it (then it is not compared).
	Issued, Computed pricing.Money
	// Given is false when the issued invoice did not state the value.
	Given bool
	// Match reports whether they are equal (true when not given).
	Match bool
}

// Result is the reconciliation of an issued invoice.
type Result struct {
	// Match is true when every line and every given total matches.
	Match bool
	// Lines are the issued lines in their order, then the missing ones in computed order.
	Lines []Line
	// Totals compares the invoice's totals.
	Totals []Total
	// Computed is the invoice pricekit computed.
	Computed invoice.Invoice
}

// Alternative is a documented option that might explain a difference: a name and
// how it changes the request.
type Alternative struct {
	// Name is how a result names it ("proration: day").
	Name string
	// Apply returns the request with the option set, and false when the option is
	// already in effect (nothing to try).
	Apply func(invoice.Request) (invoice.Request, bool)
}

// Alternatives are the options tried, in order, to explain a differing amount.
var Alternatives = []Alternative{
	{"proration: day", func(r invoice.Request) (invoice.Request, bool) {
		if r.Proration == proration.ByDay {
			return r, false
		}
		r.Proration = proration.ByDay
		return r, true
	}},
	{"proration: second", func(r invoice.Request) (invoice.Request, bool) {
		if r.Proration == proration.BySecond {
			return r, false
		}
		r.Proration = proration.BySecond
		return r, true
	}},
	{"tax_rounding: invoice", func(r invoice.Request) (invoice.Request, bool) {
		if r.TaxRounding == invoice.RoundPerInvoice {
			return r, false
		}
		r.TaxRounding = invoice.RoundPerInvoice
		return r, true
	}},
	{"tax_rounding: line", func(r invoice.Request) (invoice.Request, bool) {
		if r.TaxRounding == invoice.RoundPerLine {
			return r, false
		}
		r.TaxRounding = invoice.RoundPerLine
		return r, true
	}},
	{"billing_mode: flexible", func(r invoice.Request) (invoice.Request, bool) {
		if r.BillingMode == invoice.Flexible || len(r.Invoices) == 0 {
			return r, false
		}
		r.BillingMode = invoice.Flexible
		return r, true
	}},
	{"billing_mode: classic", func(r invoice.Request) (invoice.Request, bool) {
		if r.BillingMode == invoice.Classic {
			return r, false
		}
		r.BillingMode, r.ProrationDiscounts = invoice.Classic, invoice.ProrationDiscountsDefault
		return r, true
	}},
}

// Invoice computes req and reconciles issued against it. The error is the preview's
// (a bad request); a difference is never an error.
func Invoice(req invoice.Request, issued invoice.IssuedInvoice) (Result, error) {
	computed, err := invoice.Preview(req)
	if err != nil {
		return Result{}, err
	}
	cur := computed.Currency
	var pairsBuf [smallInvoice]int
	pairs := match(computed.Lines, issued.Lines, pairsBuf[:0])
	var usedBuf [smallInvoice]bool
	var used []bool
	if len(computed.Lines) <= smallInvoice {
		used = usedBuf[:len(computed.Lines)]
	} else {
		used = make([]bool, len(computed.Lines))
	}
	missing := len(computed.Lines)
	for _, c := range pairs {
		if c >= 0 {
			used[c] = true
			missing--
		}
	}
	res := Result{Match: true, Computed: computed, Lines: make([]Line, 0, len(issued.Lines)+missing)}
	var alts []computedAlt // computed at the first difference only
	tried := false
	for i := range issued.Lines {
		il := &issued.Lines[i]
		res.Lines = res.Lines[:i+1] // filled in place: a Line is large
		l := &res.Lines[i]
		l.Issued, l.Computed = i, pairs[i]
		l.IssuedAmount, l.IssuedDiscount, l.IssuedTax = orZero(il.Amount, cur), sumDiscounts(il.Discounts, cur), sumTaxes(il.Taxes, cur)
		if l.Computed < 0 {
			l.Status, l.ComputedAmount, l.ComputedDiscount, l.ComputedTax = Unexpected, pricing.Zero(cur), pricing.Zero(cur), pricing.Zero(cur)
		} else {
			cl := &computed.Lines[l.Computed]
			l.ComputedAmount, l.ComputedDiscount, l.ComputedTax = cl.Amount, sumDiscounts(cl.Discounts, cur), sumTaxes(cl.Taxes, cur)
			l.line = cl
			if l.IssuedAmount.Equal(l.ComputedAmount) && l.IssuedDiscount.Equal(l.ComputedDiscount) && l.IssuedTax.Equal(l.ComputedTax) {
				l.Status = Match
			} else {
				l.Status = AmountDiffers
				if !tried {
					alts, tried = alternatives(req), true
				}
				l.ExplainedBy = explain(alts, cl, il, cur)
			}
		}
		res.Match = res.Match && l.Status == Match
	}
	for k := range computed.Lines {
		if used[k] {
			continue
		}
		cl := &computed.Lines[k]
		res.Match = false
		res.Lines = res.Lines[:len(res.Lines)+1]
		l := &res.Lines[len(res.Lines)-1]
		l.Status, l.Issued, l.Computed, l.line = Missing, -1, k, cl
		l.IssuedAmount, l.IssuedDiscount, l.IssuedTax = pricing.Zero(cur), pricing.Zero(cur), pricing.Zero(cur)
		l.ComputedAmount, l.ComputedDiscount, l.ComputedTax = cl.Amount, sumDiscounts(cl.Discounts, cur), sumTaxes(cl.Taxes, cur)
	}
	res.Totals = totals(issued.Totals, &res.Computed)
	for _, t := range res.Totals {
		res.Match = res.Match && t.Match
	}
	return res, nil
}

// smallInvoice is the most computed lines match pairs by scanning them.
const smallInvoice = 16

// key is what pairs an issued line with a computed one.
type key struct {
	item, price string
	proration   bool
	start, end  int64
}

func keyOf(item, price string, prorated bool, p proration.Period) key {
	return key{item, price, prorated, p.Start.Unix(), p.End.Unix()}
}

// match returns, for each issued line, the index of its computed line or -1: within
// one key, first the lines of equal quantity and sign, then of equal sign, in order.
// The result is appended to buf.
func match(computed []invoice.Line, issued []invoice.IssuedLine, buf []int) []int {
	// The computed lines of a key, in order: scanned for a small invoice, indexed for
	// a large one.
	var byKey map[key][]int
	if len(computed) > smallInvoice {
		byKey = make(map[key][]int, len(computed))
		for k := range computed {
			c := &computed[k]
			kk := keyOf(c.Item, c.Price, c.Proration, c.Period)
			byKey[kk] = append(byKey[kk], k)
		}
	}
	var scan [smallInvoice]int
	var keysBuf [smallInvoice]key // the computed lines' keys, for a small invoice
	keys := keysBuf[:0]
	if byKey == nil {
		for k := range computed {
			c := &computed[k]
			keys = append(keys, keyOf(c.Item, c.Price, c.Proration, c.Period))
		}
	}
	linesOf := func(kk key) []int {
		if byKey != nil {
			return byKey[kk]
		}
		ks := scan[:0]
		for k := range keys {
			if keys[k] == kk {
				ks = append(ks, k)
			}
		}
		return ks
	}
	out := buf[:0]
	for range issued {
		out = append(out, -1)
	}
	var takenBuf [smallInvoice]bool
	var taken []bool
	if len(computed) <= smallInvoice {
		taken = takenBuf[:len(computed)]
	} else {
		taken = make([]bool, len(computed))
	}
	for pass := 0; pass < 2; pass++ {
		for i := range issued {
			if out[i] >= 0 {
				continue
			}
			il := &issued[i]
			for _, k := range linesOf(keyOf(il.Item, il.Price, il.Proration, il.Period)) {
				if taken[k] {
					continue
				}
				c := &computed[k]
				if c.Amount.Sign()*orZero(il.Amount, c.Amount.Currency()).Sign() < 0 {
					continue
				}
				if pass == 0 && !c.Quantity.Equal(il.Quantity) {
					continue
				}
				out[i], taken[k] = k, true
				break
			}
		}
	}
	return out
}

// computedAlt is the invoice computed under one alternative.
type computedAlt struct {
	name string
	inv  invoice.Invoice
}

func alternatives(req invoice.Request) []computedAlt {
	var out []computedAlt
	for _, a := range Alternatives {
		r, ok := a.Apply(req)
		if !ok {
			continue
		}
		inv, err := invoice.Preview(r)
		if err != nil {
			continue
		}
		out = append(out, computedAlt{a.Name, inv})
	}
	return out
}

// explain names the first alternative whose line of cl's key gives il's amounts.
func explain(alts []computedAlt, cl *invoice.Line, il *invoice.IssuedLine, cur pricing.Currency) string {
	want := keyOf(cl.Item, cl.Price, cl.Proration, cl.Period)
	for _, a := range alts {
		for _, l := range a.inv.Lines {
			if keyOf(l.Item, l.Price, l.Proration, l.Period) != want || !l.Quantity.Equal(cl.Quantity) {
				continue
			}
			if l.Amount.Equal(orZero(il.Amount, cur)) && sumDiscounts(l.Discounts, cur).Equal(sumDiscounts(il.Discounts, cur)) &&
				sumTaxes(l.Taxes, cur).Equal(sumTaxes(il.Taxes, cur)) {
				return a.name
			}
		}
	}
	return ""
}

func totals(t *invoice.IssuedTotals, c *invoice.Invoice) []Total {
	var given invoice.IssuedTotals
	if t != nil {
		given = *t
	}
	out := make([]Total, 5)
	for i, name := range [...]string{"subtotal", "total_discount_amount", "tax", "total", "amount_due"} {
		r := &out[i]
		r.Name, r.Issued, r.Match = name, pricing.Zero(c.Currency), true
		var issued *pricing.Money
		switch i {
		case 0:
			r.Computed, issued = c.Subtotal, given.Subtotal
		case 1:
			r.Computed, issued = c.TotalDiscount, given.TotalDiscount
		case 2:
			r.Computed, issued = c.Tax, given.Tax
		case 3:
			r.Computed, issued = c.Total, given.Total
		default:
			r.Computed, issued = c.AmountDue, given.AmountDue
		}
		if issued != nil {
			r.Given, r.Issued = true, orZero(*issued, c.Currency)
			r.Match = r.Issued.Equal(r.Computed)
		}
	}
	return out
}

// orZero is m, or zero in cur for an amount that was null or absent.
func orZero(m pricing.Money, cur pricing.Currency) pricing.Money {
	if m.Currency().IsZero() {
		return pricing.Zero(cur)
	}
	return m
}

func sumDiscounts(ds []invoice.DiscountAmount, cur pricing.Currency) pricing.Money {
	s := pricing.Zero(cur)
	for _, d := range ds {
		s, _ = s.Add(orZero(d.Amount, cur))
	}
	return s
}

func sumTaxes(ts []invoice.TaxAmount, cur pricing.Currency) pricing.Money {
	s := pricing.Zero(cur)
	for _, t := range ts {
		s, _ = s.Add(orZero(t.Amount, cur))
	}
	return s
}
