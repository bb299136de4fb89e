package previewjson

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

// Conversion of an issued invoice (invoiceWire) into an invoice.IssuedInvoice.

// maxIssuedLines is the most lines of one issued invoice (and of a history).
const maxIssuedLines = invoice.MaxIssuedLines

// maxIssuedAmounts is the most discount or tax amounts of one line, as the wire
// types' max tags give it.
const maxIssuedAmounts = 1000

// issued is an issued invoice as read, with what the Go type does not hold.
type issued struct {
	inv    invoice.IssuedInvoice
	cur    pricing.Currency
	paidAt time.Time // status_transitions.paid_at; zero if not given
	trace  issuedTrace
}

// issuedTrace is where the user wrote an issued invoice's values, for errors of
// invoice.Preview about a history.
type issuedTrace struct {
	path  string
	lines []issuedLineTrace
}

type issuedLineTrace struct {
	path, item, taxes string // the line, its subscription item, its list of taxes
}

// issuedOf converts the issued invoice w written at path. cur is the currency the
// invoice must be in (the request's), or the zero Currency to take the invoice's
// own. coupons maps the ids of the request's Discount objects (di_…) to their
// coupons' ids; a discount amount naming a discount not in it keeps that id.
func issuedOf(w *invoiceWire, path string, cur pricing.Currency, coupons map[string]string) (issued, error) {
	var out issued
	if w == nil {
		return out, at(path, fmt.Errorf("%w: an invoice, got null", ErrMissingField))
	}
	out.trace.path = path
	switch {
	case w.Currency.set:
		c, err := currencyAt(w.Currency, path, "currency")
		if err != nil {
			return out, err
		}
		if !cur.IsZero() && c != cur {
			return out, at(join(path, "currency"), fmt.Errorf("%w: the invoice is in %s, the request in %s", pricing.ErrCurrencyMismatch, c, cur))
		}
		cur = c
	case cur.IsZero():
		return out, at(join(path, "currency"), ErrMissingField)
	}
	out.cur = cur
	out.inv.ID = w.ID.s
	if w.StatusTransitions != nil {
		out.paidAt = w.StatusTransitions.PaidAt.t
	}
	paid, err := amountPaid(w, cur, path)
	if err != nil {
		return out, err
	}
	out.inv.AmountPaid = paid
	if err := pretaxCredits(w.TotalPretaxCreditAmounts, join(path, "total_pretax_credit_amounts")); err != nil {
		return out, err
	}
	if !w.Lines.set {
		return out, at(join(path, "lines"), ErrMissingField)
	}
	lp := join(path, "lines")
	if w.Lines.list {
		lp = join(lp, "data")
	}
	if err := tooMany(len(w.Lines.lines), maxIssuedLines, lp); err != nil {
		return out, err
	}
	out.inv.Lines = make([]invoice.IssuedLine, len(w.Lines.lines))
	out.trace.lines = make([]issuedLineTrace, len(w.Lines.lines))
	for i, l := range w.Lines.lines {
		p := index(lp, i)
		if l == nil {
			return out, at(p, fmt.Errorf("%w: a line, got null", ErrInvalidValue))
		}
		tr, err := issuedLineOf(l, p, cur, coupons, &out.inv.Lines[i])
		if err != nil {
			return out, err
		}
		out.trace.lines[i] = tr
	}
	t, err := issuedTotals(w, path, cur, coupons)
	if err != nil {
		return out, err
	}
	out.inv.Totals = t
	return out, nil
}

// issuedLineOf converts the line w at path into *l.
func issuedLineOf(w *lineWire, path string, cur pricing.Currency, coupons map[string]string, l *invoice.IssuedLine) (issuedLineTrace, error) {
	tr := issuedLineTrace{path: path, item: join(path, "subscription_item"), taxes: join(path, "tax_amounts")}
	if w.Type.set && w.Type.s != "subscription" && w.Type.s != "invoiceitem" {
		return tr, at(join(path, "type"), fmt.Errorf("%w: %s (want subscription or invoiceitem)", ErrInvalidValue, quote(w.Type.s)))
	}
	l.Amount = pricing.FromMinor(w.Amount.v, cur)
	l.Quantity = w.Quantity.v
	l.Item, l.Proration = w.SubscriptionItem.s, w.Proration.v
	if p := w.Parent; p != nil {
		pp := join(path, "parent")
		if p.Type.set && p.Type.s != "subscription_item_details" && p.Type.s != "invoice_item_details" {
			return tr, at(join(pp, "type"), fmt.Errorf("%w: %s (want subscription_item_details or invoice_item_details)", ErrInvalidValue, quote(p.Type.s)))
		}
		if d := p.SubscriptionItemDetails; d != nil {
			dp := join(pp, "subscription_item_details")
			if d.SubscriptionItem.set {
				if w.SubscriptionItem.set && w.SubscriptionItem.s != d.SubscriptionItem.s {
					return tr, at(join(dp, "subscription_item"), fmt.Errorf("%w: %s disagrees with the line's subscription_item %s", ErrConflict, quote(d.SubscriptionItem.s), quote(w.SubscriptionItem.s)))
				}
				l.Item, tr.item = d.SubscriptionItem.s, join(dp, "subscription_item")
			}
			if d.Proration.set {
				if w.Proration.set && w.Proration.v != d.Proration.v {
					return tr, at(join(dp, "proration"), fmt.Errorf("%w: %t disagrees with the line's proration %t", ErrConflict, d.Proration.v, w.Proration.v))
				}
				l.Proration = d.Proration.v
			}
		}
	}
	l.Price = w.Price.id.s
	if pr := w.Pricing; pr != nil {
		pp := join(path, "pricing")
		if pr.Type.set && pr.Type.s != "price_details" {
			return tr, at(join(pp, "type"), fmt.Errorf("%w: %s (want price_details)", ErrInvalidValue, quote(pr.Type.s)))
		}
		if d := pr.PriceDetails; d != nil && d.Price.set {
			if w.Price.set && w.Price.id.s != d.Price.id.s {
				return tr, at(join(join(pp, "price_details"), "price"), fmt.Errorf("%w: %s disagrees with the line's price %s", ErrConflict, quote(d.Price.id.s), quote(w.Price.id.s)))
			}
			l.Price = d.Price.id.s
		}
	}
	if w.Period == nil || !w.Period.Start.set || !w.Period.End.set {
		p := join(path, "period")
		if w.Period != nil {
			p = join(p, map[bool]string{true: "end", false: "start"}[w.Period.Start.set])
		}
		return tr, at(p, ErrMissingField)
	}
	l.Period = proration.Period{Start: w.Period.Start.t, End: w.Period.End.t}
	if l.Period.End.Before(l.Period.Start) {
		return tr, at(join(join(path, "period"), "end"), fmt.Errorf("%w: the period ends (%d) before it starts (%d)", ErrInvalidValue, l.Period.End.Unix(), l.Period.Start.Unix()))
	}
	var err error
	if l.Discounts, err = issuedDiscounts(w.DiscountAmounts, join(path, "discount_amounts"), cur, coupons, maxIssuedAmounts); err != nil {
		return tr, err
	}
	if len(w.TaxAmounts) > 0 && len(w.Taxes) > 0 {
		return tr, at(join(path, "taxes"), fmt.Errorf("%w: a line has tax_amounts (API versions before 2025-03-31) or taxes (after), not both", ErrConflict))
	}
	if w.Taxes != nil {
		tr.taxes = join(path, "taxes")
		l.Taxes, err = taxesOf(w.Taxes, tr.taxes, cur, maxIssuedAmounts)
	} else {
		l.Taxes, err = taxAmountsOf(w.TaxAmounts, tr.taxes, cur, maxIssuedAmounts)
	}
	if err != nil {
		return tr, err
	}
	return tr, pretaxCredits(w.PretaxCreditAmounts, join(path, "pretax_credit_amounts"))
}

// issuedTotals reads the invoice's totals: each given as a number, or by its list
// (total_discount_amounts, total_tax_amounts, total_taxes); where both are given
// they must agree. A total given neither way is nil (not compared).
func issuedTotals(w *invoiceWire, path string, cur pricing.Currency, coupons map[string]string) (*invoice.IssuedTotals, error) {
	var t invoice.IssuedTotals
	money := func(i integer) *pricing.Money {
		if !i.set {
			return nil
		}
		m := pricing.FromMinor(i.v, cur)
		return &m
	}
	t.Subtotal, t.Total = money(w.Subtotal), money(w.Total)
	if w.AmountDue.set {
		// amount_due is after the credit notes issued before payment; compared is
		// the amount due when the invoice was finalized.
		m := pricing.FromMinor(w.AmountDue.v+w.PrePaymentCredit.v, cur)
		t.AmountDue = &m
	}
	ds, err := issuedDiscounts(w.TotalDiscountAmounts, join(path, "total_discount_amounts"), cur, coupons, 10000)
	if err != nil {
		return nil, err
	}
	if t.TotalDiscount, err = agree(money(w.TotalDiscountAmount), sumOf(ds, cur, w.TotalDiscountAmounts != nil), join(path, "total_discount_amount"), "total_discount_amounts"); err != nil {
		return nil, err
	}
	if len(w.TotalTaxAmounts) > 0 && len(w.TotalTaxes) > 0 {
		return nil, at(join(path, "total_taxes"), fmt.Errorf("%w: an invoice has total_tax_amounts (API versions before 2025-03-31) or total_taxes (after), not both", ErrConflict))
	}
	var taxes []invoice.TaxAmount
	listed := w.TotalTaxAmounts != nil || w.TotalTaxes != nil
	if w.TotalTaxes != nil {
		taxes, err = taxesOf(w.TotalTaxes, join(path, "total_taxes"), cur, 10000)
	} else {
		taxes, err = taxAmountsOf(w.TotalTaxAmounts, join(path, "total_tax_amounts"), cur, 10000)
	}
	if err != nil {
		return nil, err
	}
	var sum *pricing.Money
	if listed {
		s := pricing.FromMinor(0, cur)
		for _, x := range taxes {
			s, _ = s.Add(x.Amount)
		}
		sum = &s
	}
	if t.Tax, err = agree(money(w.Tax), sum, join(path, "tax"), "the tax amounts"); err != nil {
		return nil, err
	}
	return &t, nil
}

// agree returns the total given as a number (at path) or by its list, which must
// agree when both are given.
func agree(given, listed *pricing.Money, path, list string) (*pricing.Money, error) {
	switch {
	case given == nil:
		return listed, nil
	case listed != nil && !given.Equal(*listed):
		return nil, at(path, fmt.Errorf("%w: %s is not the sum of %s, %s", ErrConflict, given, list, listed))
	}
	return given, nil
}

func sumOf(ds []invoice.DiscountAmount, cur pricing.Currency, listed bool) *pricing.Money {
	if !listed {
		return nil
	}
	s := pricing.FromMinor(0, cur)
	for _, d := range ds {
		s, _ = s.Add(d.Amount)
	}
	return &s
}

func issuedDiscounts(ws []discountAmountWire, path string, cur pricing.Currency, coupons map[string]string, max int) ([]invoice.DiscountAmount, error) {
	if err := tooMany(len(ws), max, path); err != nil {
		return nil, err
	}
	out := make([]invoice.DiscountAmount, len(ws))
	for i := range ws {
		w := &ws[i]
		var id string
		switch r := w.Discount; {
		case r.obj != nil:
			id = discountCoupon(r.obj)
		case r.id.set:
			id = r.id.s
			if c, ok := coupons[id]; ok {
				id = c
			}
		}
		out[i] = invoice.DiscountAmount{Coupon: id, Amount: pricing.FromMinor(w.Amount.v, cur)}
	}
	return out, nil
}

// discountCoupon returns the id of a Discount's coupon (its name when it has no
// id, as couponOf does), or the Discount's own id when its coupon is not given.
func discountCoupon(w *discountWire) string {
	ref := w.Coupon
	if s := w.Source; ref == nil && s != nil {
		ref = s.Coupon
	}
	switch {
	case ref != nil && ref.ID.set:
		return ref.ID.s
	case ref != nil && ref.Name.set:
		return ref.Name.s
	}
	return w.ID.s
}

// taxRateOf builds the rate of a tax amount: the expanded TaxRate's fields, or
// only its id; inclusive is the tax amount's own.
func taxRateOf(r issuedTaxRateRef, inclusive bool, path string) (invoice.TaxRate, error) {
	p := invoice.TaxRateParams{ID: r.id.s, Inclusive: inclusive}
	if o := r.obj; o != nil {
		p.ID, p.DisplayName, p.Percentage = o.ID.s, o.DisplayName.s, o.Percentage.v
		if o.Inclusive.set && o.Inclusive.v != inclusive {
			return invoice.TaxRate{}, at(join(path, "inclusive"), fmt.Errorf("%w: the rate's inclusive %t disagrees with the tax amount's %t", ErrConflict, o.Inclusive.v, inclusive))
		}
	}
	rate, err := invoice.NewTaxRate(p)
	if err != nil {
		return invoice.TaxRate{}, fromField(err, path, snakeField)
	}
	return rate, nil
}

func snakeField(f string) string { return snakePath(f, "") }

func taxAmountsOf(ws []taxAmountWire, path string, cur pricing.Currency, max int) ([]invoice.TaxAmount, error) {
	if err := tooMany(len(ws), max, path); err != nil {
		return nil, err
	}
	out := make([]invoice.TaxAmount, len(ws))
	for i := range ws {
		w := &ws[i]
		rate, err := taxRateOf(w.TaxRate, w.Inclusive.v, join(index(path, i), "tax_rate"))
		if err != nil {
			return nil, err
		}
		out[i] = invoice.TaxAmount{TaxRate: rate, Taxable: pricing.FromMinor(w.TaxableAmount.v, cur), Amount: pricing.FromMinor(w.Amount.v, cur)}
	}
	return out, nil
}

func taxesOf(ws []taxWire, path string, cur pricing.Currency, max int) ([]invoice.TaxAmount, error) {
	if err := tooMany(len(ws), max, path); err != nil {
		return nil, err
	}
	out := make([]invoice.TaxAmount, len(ws))
	for i := range ws {
		w, tp := &ws[i], index(path, i)
		if w.Type.set && w.Type.s != "tax_rate_details" {
			return nil, at(join(tp, "type"), &unsupportedError{value: quote(w.Type.s), why: "only taxes of tax rates are read (tax_rate_details)"})
		}
		inclusive := false
		switch b := w.TaxBehavior; {
		case !b.set || b.s == "exclusive":
		case b.s == "inclusive":
			inclusive = true
		default:
			return nil, at(join(tp, "tax_behavior"), fmt.Errorf("%w: %s (want inclusive or exclusive)", ErrInvalidValue, quote(b.s)))
		}
		var ref issuedTaxRateRef
		if w.TaxRateDetails != nil {
			ref = w.TaxRateDetails.TaxRate
		}
		rate, err := taxRateOf(ref, inclusive, join(join(tp, "tax_rate_details"), "tax_rate"))
		if err != nil {
			return nil, err
		}
		out[i] = invoice.TaxAmount{TaxRate: rate, Taxable: pricing.FromMinor(w.TaxableAmount.v, cur), Amount: pricing.FromMinor(w.Amount.v, cur)}
	}
	return out, nil
}

// pretaxCredits accepts the credits before tax that are discounts (listed in
// discount_amounts too) and refuses the others.
func pretaxCredits(ws []pretaxCreditWire, path string) error {
	if err := tooMany(len(ws), 10000, path); err != nil {
		return err
	}
	for i := range ws {
		w := &ws[i]
		switch {
		case !w.Type.set || w.Type.s == "discount":
		case w.Amount.v == 0:
		case w.Type.s == "credit_balance_transaction":
			return at(join(index(path, i), "type"), &unsupportedError{value: quote(w.Type.s), why: "billing credits are not computed"})
		default:
			return at(join(index(path, i), "type"), fmt.Errorf("%w: %s (want discount or credit_balance_transaction)", ErrInvalidValue, quote(w.Type.s)))
		}
	}
	return nil
}

// historyPath maps a Go field path within Request.Invoices (element br, then rest:
// "Lines[3].Amount") to the JSON path the user wrote.
func historyPath(ts []issuedTrace, br, rest string) string {
	i, err := strconv.Atoi(br)
	if err != nil || i < 0 || i >= len(ts) {
		return "invoices"
	}
	t := ts[i]
	name, br, sub := splitField(rest)
	if name == "AmountPaid" {
		return join(t.path, "amount_paid")
	}
	if name != "Lines" {
		return t.path
	}
	j, err := strconv.Atoi(br)
	if err != nil || j < 0 || j >= len(t.lines) {
		return join(t.path, "lines")
	}
	l := t.lines[j]
	name, br, sub = splitField(sub)
	switch name {
	case "":
		return l.path
	case "Amount":
		return join(l.path, "amount")
	case "Period":
		return join(l.path, "period")
	case "Item":
		return l.item
	case "Price":
		return join(l.path, "price")
	case "Quantity":
		return join(l.path, "quantity")
	case "Discounts":
		return joinPath(join(l.path, "discount_amounts")+"["+br+"]", snakePath(sub, ""))
	case "Taxes":
		return joinPath(l.taxes+"["+br+"]", snakePath(sub, ""))
	}
	return l.path
}

// maxHistory is the most invoices of a request's history.
const maxHistory = 1000

// history converts the request's invoices (oldest first) at path, in the request's
// currency, their discount ids mapped through the request's Discount objects.
func (c *converter) history(w *requestWire, path string) ([]invoice.IssuedInvoice, error) {
	if err := tooMany(len(w.Invoices), maxHistory, path); err != nil {
		return nil, err
	}
	coupons := couponsOf(w)
	out := make([]invoice.IssuedInvoice, len(w.Invoices))
	c.trace.invoices = make([]issuedTrace, len(w.Invoices))
	n := 0
	for i, iw := range w.Invoices {
		is, err := issuedOf(iw, index(path, i), c.cur, coupons)
		if err != nil {
			return nil, err
		}
		if n += len(is.inv.Lines); n > maxIssuedLines {
			return nil, at(index(path, i), fmt.Errorf("%w: more than %d lines over the invoices", ErrTooMany, maxIssuedLines))
		}
		out[i], c.trace.invoices[i] = is.inv, is.trace
		c.knownRates(&out[i])
	}
	return out, nil
}

// knownRates gives a history line's tax rate named by its id alone the request's
// rate of that id, if the request has one: its percentage and display name, which
// the explanations of credits of that tax show.
func (c *converter) knownRates(inv *invoice.IssuedInvoice) {
	for j := range inv.Lines {
		for k := range inv.Lines[j].Taxes {
			t := &inv.Lines[j].Taxes[k]
			r, ok := c.rates[t.TaxRate.ID()]
			if ok && t.TaxRate.Percentage().IsZero() && t.TaxRate.DisplayName() == "" && r.Inclusive() == t.TaxRate.Inclusive() {
				t.TaxRate = r
			}
		}
	}
}
