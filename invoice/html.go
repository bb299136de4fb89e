package invoice

import (
	"html/template"
	"io"
	"strings"
)

// WriteHTML writes the invoice as a self-contained page for support tools: no
// script and no external resource, its style inline, readable at phone width and
// printable (printed, every line's steps are shown). The page is well-formed XHTML (encoding/xml reads it). It shows the
// invoice's own dates, every line with its amount, how it bills and its service
// period, each expandable (<details>) to the steps of its computation; the totals
// with the balances labelled by what they mean for the customer; the discounts that
// took nothing, with why; then the forecast invoices, if any. Every text of the
// request is escaped by html/template.
func (inv Invoice) WriteHTML(w io.Writer) error {
	return pageTemplate.Execute(w, htmlPage{Title: phraseTitle + " (" + inv.Currency.Code() + ")", Labels: htmlLabels, Invoices: htmlInvoices(&inv)})
}

type htmlPage struct {
	Title    string
	Labels   htmlLabelSet
	Invoices []htmlInvoice
}

type htmlLabelSet struct {
	Line, Amount, Service, HowComputed, NotApplied, OnItem, Item, Price, NoLines, BilledLater string
}

var htmlLabels = htmlLabelSet{Line: phraseLine, Amount: phraseAmount, Service: phraseService, HowComputed: phraseHowComputed,
	NotApplied: phraseNotApplied, OnItem: phraseOnItem, Item: phraseItem, Price: phrasePrice, NoLines: phraseNoLines, BilledLater: phraseBilledLater}

type htmlInvoice struct {
	Heading, Header string
	Lines           []htmlLine
	Totals          []htmlRow
	Unapplied       []htmlUnapplied
	Later           []htmlLater
	CreditNote      string // the termination's credit note, in one sentence
}

type htmlLater struct{ Item, Explanation string }

type htmlLine struct {
	Description, Amount, Tag, Period, Item, Price string
	Steps                                         []string
}

type htmlRow struct {
	Label, Amount string
	Strong        bool
}

type htmlUnapplied struct{ Coupon, Item, Reason, Explanation string }

// htmlInvoices returns inv and its forecast invoices, in order, ready for the page.
func htmlInvoices(inv *Invoice) []htmlInvoice {
	cur := inv.Currency.Code()
	amt := func(m interface{ String() string }) string { return strings.TrimSuffix(m.String(), " "+cur) }
	h := htmlInvoice{Header: string(appendHeader(nil, inv))}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		hl := htmlLine{Description: xmlText(l.Description()), Amount: amt(l.Amount), Tag: l.tag(),
			Period: string(appendSpan(nil, l.Period.Start, l.Period.End, l.location())), Item: xmlText(l.Item), Price: xmlText(l.Price)}
		for _, s := range l.Steps() {
			hl.Steps = append(hl.Steps, xmlText(s.Text))
		}
		h.Lines = append(h.Lines, hl)
	}
	h.Totals = append(h.Totals, htmlRow{Label: phraseSubtotal, Amount: amt(inv.Subtotal)})
	for _, d := range inv.TotalDiscountAmounts {
		h.Totals = append(h.Totals, htmlRow{Label: phraseDiscount + " " + xmlText(couponLabel(d.Coupon, inv.couponName(d.Coupon))), Amount: amt(d.Amount.Neg())})
	}
	h.Totals = append(h.Totals, htmlRow{Label: phraseTotalExclTax, Amount: amt(inv.TotalExcludingTax)})
	for _, t := range inv.TotalTaxAmounts {
		h.Totals = append(h.Totals, htmlRow{Label: phraseTax + " " + xmlText(taxLabel(t.TaxRate)) + " " + phraseTaxOn + " " + amt(t.Taxable), Amount: amt(t.Amount)})
	}
	h.Totals = append(h.Totals,
		htmlRow{Label: phraseTotal, Amount: amt(inv.Total)},
		htmlRow{Label: balanceLabel(phraseStartingBalance, inv.StartingBalance), Amount: amt(inv.StartingBalance)},
		htmlRow{Label: phraseAmountDue + " (" + cur + ")", Amount: amt(inv.AmountDue), Strong: true})
	if !inv.EndingBalance.IsZero() {
		h.Totals = append(h.Totals, htmlRow{Label: phraseEndingBalance, Amount: amt(inv.EndingBalance)})
	}
	for _, u := range inv.UnappliedDiscounts {
		h.Unapplied = append(h.Unapplied, htmlUnapplied{Coupon: xmlText(couponLabel(u.Coupon, u.CouponName)), Item: xmlText(u.Item), Reason: u.Reason.String(), Explanation: xmlText(u.Explanation)})
	}
	for _, l := range inv.BilledLater {
		h.Later = append(h.Later, htmlLater{Item: xmlText(l.Item), Explanation: xmlText(l.Explanation)})
	}
	if cn := inv.CreditNote; cn != nil {
		h.CreditNote = xmlText(phraseCreditNote + " " + amt(cn.Total) + ": " + phraseRefunded + " " + amt(cn.Refund) + ", " + phraseCredited + " " + amt(cn.Credit) + ". " + cn.Explanation)
	}
	out := []htmlInvoice{h}
	for k := range inv.Forecast {
		f := htmlInvoices(&inv.Forecast[k])
		f[0].Heading = strings.Trim(forecastTitle(k+1, len(inv.Forecast), inv.Forecast[k].IssuedAt), "─ ")
		out = append(out, f...)
	}
	return out
}

// xmlText returns s as text that XML allows: invalid UTF-8 as U+FFFD, control
// characters escaped as printable does, and the noncharacters U+FFFE and U+FFFF
// as U+FFFD (html/template then escapes the markup characters).
func xmlText(s string) string {
	s = printable(strings.ToValidUTF8(s, "\uFFFD"))
	if strings.ContainsAny(s, "\uFFFE\uFFFF") {
		s = strings.NewReplacer("\uFFFE", "\uFFFD", "\uFFFF", "\uFFFD").Replace(s)
	}
	return s
}

// couponName returns the name of coupon id as a line's discount gives it.
func (inv *Invoice) couponName(id string) string {
	for i := range inv.Lines {
		for _, d := range inv.Lines[i].Discounts {
			if d.Coupon == id {
				if n := d.how().CouponName(); n != "" {
					return n
				}
			}
		}
	}
	return ""
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{{.Title}}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; margin: 0 auto; padding: 1rem; max-width: 52rem; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .25rem; border-top: 1px solid #ccc; padding-top: 1rem; }
p.header { margin: 0 0 1rem; color: #444; }
section.line { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; break-inside: avoid; }
.row { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
.amount { font-variant-numeric: tabular-nums; white-space: nowrap; text-align: right; }
.facts { color: #555; font-size: .85rem; overflow-wrap: anywhere; }
.tag { display: inline-block; border: 1px solid #999; border-radius: 3px; padding: 0 .3rem; font-size: .75rem; text-transform: uppercase; }
details { margin-top: .35rem; }
summary { cursor: pointer; color: #0b57d0; font-size: .9rem; }
ol.steps { margin: .35rem 0 0; padding-left: 1.4rem; font-size: .9rem; overflow-wrap: anywhere; }
table.totals { width: 100%; border-collapse: collapse; margin-top: 1rem; }
table.totals td { padding: .2rem 0; border-bottom: 1px solid #eee; }
table.totals td.amount { padding-left: 1rem; }
tr.strong td { font-weight: 600; border-top: 2px solid #333; }
ul.unapplied { padding-left: 1.2rem; }
code { font-size: .85em; overflow-wrap: anywhere; }
@media (max-width: 30rem) { body { padding: .5rem; font-size: 14px; } .row { flex-wrap: wrap; } }
ol.print { display: none; }
@media print { body { max-width: none; color: #000; } details { display: none; } ol.print { display: block; } section.line { border-color: #999; } }
</style>
</head>
<body>
{{- $l := .Labels}}
{{- range $k, $inv := .Invoices}}
{{- if $k}}
<h2>{{$inv.Heading}}</h2>
{{- else}}
<h1>{{$.Title}}</h1>
{{- end}}
<p class="header">{{$inv.Header}}</p>
{{- if not $inv.Lines}}
<p>{{$l.NoLines}}</p>
{{- end}}
{{- range $inv.Lines}}
<section class="line">
<div class="row"><strong>{{.Description}}</strong><span class="amount">{{.Amount}}</span></div>
<div class="facts"><span class="tag">{{.Tag}}</span> {{.Period}} · {{$l.Item}} <code>{{.Item}}</code> · {{$l.Price}} <code>{{.Price}}</code></div>
<details><summary>{{$l.HowComputed}}</summary>
<ol class="steps">
{{- range .Steps}}
<li>{{.}}</li>
{{- end}}
</ol>
</details>
<ol class="steps print">
{{- range .Steps}}
<li>{{.}}</li>
{{- end}}
</ol>
</section>
{{- end}}
<table class="totals">
{{- range $inv.Totals}}
<tr{{if .Strong}} class="strong"{{end}}><td>{{.Label}}</td><td class="amount">{{.Amount}}</td></tr>
{{- end}}
</table>
{{- if $inv.Unapplied}}
<h3>{{$l.NotApplied}}</h3>
<ul class="unapplied">
{{- range $inv.Unapplied}}
<li><code>{{.Coupon}}</code>{{if .Item}} {{$l.OnItem}} <code>{{.Item}}</code>{{end}}: {{.Reason}} — {{.Explanation}}</li>
{{- end}}
</ul>
{{- end}}
{{- if $inv.CreditNote}}
<p class="credit-note">{{$inv.CreditNote}}</p>
{{- end}}
{{- if $inv.Later}}
<h3>{{$l.BilledLater}}</h3>
<ul class="later">
{{- range $inv.Later}}
<li>{{$l.Item}} <code>{{.Item}}</code>: {{.Explanation}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
</body>
</html>
`))
