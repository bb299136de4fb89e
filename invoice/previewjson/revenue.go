package previewjson

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the IANA zone database, embedded: time_zone works on any machine

	"github.com/pricekit/pricekit/invoice/revenue"
	"github.com/pricekit/pricekit/pricing"
)

// The revenue recognition input, {"invoice" | "invoices", "credit_notes", "paid_at",
// "granularity", "time_zone"}, and its result (REFERENCE.md, "Revenue recognition").

type revenueWire struct {
	Invoice     *invoiceWire     `json:"invoice"`
	Invoices    []*invoiceWire   `json:"invoices" max:"1000"`
	CreditNotes []creditNoteWire `json:"credit_notes" max:"100000"`
	PaidAt      timestamp        `json:"paid_at"`
	Granularity text             `json:"granularity"`
	TimeZone    text             `json:"time_zone"`
}

type creditNoteWire struct {
	Invoice integer   `json:"invoice"`
	Line    integer   `json:"line"`
	Amount  integer   `json:"amount" hint:"amount"`
	Created timestamp `json:"created"`
}

var revenueType = reflect.TypeFor[revenueWire]()

// maxCreditNotes is the most credit notes of a revenue input.
const maxCreditNotes = 100000

// RevenueInput is a decoded revenue recognition input: the request for
// [revenue.Recognize] and where each of its lines comes from.
type RevenueInput struct {
	// Request holds one line per invoice line, in order (the invoices' lines one
	// after the other), each its amount net of discounts and excluding tax (amount −
	// discount amounts − inclusive tax amounts) over its period, paid at its
	// invoice's paid_at; the credit notes; the granularity and time zone.
	Request revenue.Request
	// Lines gives, for each line of Request, its invoice's index (0 for a single
	// "invoice") and its index in that invoice's lines.
	Lines []LineRef
	// Several is true when the input gave "invoices" (a history) rather than one
	// "invoice"; the result then names each line's invoice.
	Several bool

	linePaths, notePaths []string
}

// LineRef names an invoice line: the invoice's index and the line's index in it.
type LineRef struct {
	// Invoice is the invoice's index in the input's invoices (0 for a single invoice).
	Invoice int
	// Line is the line's index in that invoice's lines.
	Line int
}

// DecodeRevenue decodes a revenue recognition input (see REFERENCE.md). An error is
// a [*PathError] with the JSON path of the first bad value.
func DecodeRevenue(data []byte) (RevenueInput, error) {
	fastOK, err := checkInputOf(data, revenueType)
	if err != nil {
		return RevenueInput{}, err
	}
	if fastOK {
		var w revenueWire
		if fast.decodeValue(data, &w) == nil {
			if in, err := convertRevenue(&w); err == nil {
				return in, nil
			}
		}
	}
	if err := checkValid(data); err != nil {
		return RevenueInput{}, err
	}
	if data = trimSpace(data); data[0] != '{' {
		return RevenueInput{}, at("$", fmt.Errorf("%w: the input is a JSON object, got %s", ErrInvalidValue, kindOf(data)))
	}
	var w revenueWire
	d := decoder{}
	if err := d.decodeValue(data, &w); err != nil {
		return RevenueInput{}, at("$", err)
	}
	return convertRevenue(&w)
}

// Revenue decodes a revenue recognition input and computes its schedule. An error
// of [revenue.Recognize] is given the JSON path of the value it names.
func Revenue(data []byte) (*revenue.Schedule, RevenueInput, error) {
	in, err := DecodeRevenue(data)
	if err != nil {
		return nil, RevenueInput{}, err
	}
	s, err := in.Recognize()
	return s, in, err
}

// Recognize computes the schedule of the input with [revenue.Recognize]; its
// errors are [*PathError]s at the JSON path of the line or credit note they name.
func (in RevenueInput) Recognize() (*revenue.Schedule, error) {
	s, err := revenue.Recognize(in.Request)
	if err != nil {
		return nil, fromField(err, "$", in.revenuePath)
	}
	return s, nil
}

// revenuePath maps a Go field path of revenue.Request to the input's JSON path.
func (in RevenueInput) revenuePath(f string) string {
	name, br, rest := splitField(f)
	var paths []string
	switch name {
	case "Lines":
		paths = in.linePaths
	case "CreditNotes":
		paths = in.notePaths
	case "Options":
		if strings.HasPrefix(rest, "Location") {
			return "time_zone"
		}
		return "granularity"
	default:
		return snakePath(f, "")
	}
	i, err := strconv.Atoi(br)
	if err != nil || i < 0 || i >= len(paths) {
		return snakePath(name, "")
	}
	switch {
	case rest == "":
		return paths[i]
	case name == "Lines" && rest == "Amount":
		return join(paths[i], "amount")
	}
	return joinPath(paths[i], snakePath(rest, ""))
}

func convertRevenue(w *revenueWire) (RevenueInput, error) {
	var in RevenueInput
	var ws []*invoiceWire
	var paths []string
	switch {
	case w.Invoice != nil && w.Invoices != nil:
		return in, at("invoices", fmt.Errorf("%w: give invoice or invoices, not both", ErrConflict))
	case w.Invoice != nil:
		ws, paths = []*invoiceWire{w.Invoice}, []string{"invoice"}
	case w.Invoices != nil:
		if err := tooMany(len(w.Invoices), maxHistory, "invoices"); err != nil {
			return in, err
		}
		if len(w.Invoices) == 0 {
			return in, at("invoices", fmt.Errorf("%w: no invoice", ErrMissingField))
		}
		in.Several = true
		ws, paths = w.Invoices, make([]string, len(w.Invoices))
		for i := range paths {
			paths[i] = index("invoices", i)
		}
	default:
		return in, at("invoice", ErrMissingField)
	}
	var cur pricing.Currency
	first := make([]int, len(ws)) // index of each invoice's first line in Request.Lines
	n := 0
	for i, iw := range ws {
		is, err := issuedOf(iw, paths[i], cur, nil)
		if err != nil {
			return in, err
		}
		cur = is.cur
		if n += len(is.inv.Lines); n > maxIssuedLines {
			return in, at(paths[i], fmt.Errorf("%w: more than %d lines over the invoices", ErrTooMany, maxIssuedLines))
		}
		paid := is.paidAt
		if w.PaidAt.set {
			if !paid.IsZero() && !paid.Equal(w.PaidAt.t) {
				return in, at("paid_at", fmt.Errorf("%w: %d disagrees with %s's status_transitions.paid_at %d", ErrConflict, w.PaidAt.t.Unix(), paths[i], paid.Unix()))
			}
			paid = w.PaidAt.t
		}
		first[i] = len(in.Request.Lines)
		for j := range is.inv.Lines {
			l := &is.inv.Lines[j]
			amount := l.Amount
			for _, d := range l.Discounts {
				amount, _ = amount.Sub(d.Amount)
			}
			for _, t := range l.Taxes {
				if t.TaxRate.Inclusive() {
					amount, _ = amount.Sub(t.Amount)
				}
			}
			in.Request.Lines = append(in.Request.Lines, revenue.Line{Amount: amount, Period: l.Period, PaidAt: paid})
			in.Lines = append(in.Lines, LineRef{Invoice: i, Line: j})
			in.linePaths = append(in.linePaths, is.trace.lines[j].path)
		}
	}
	if err := tooMany(len(w.CreditNotes), maxCreditNotes, "credit_notes"); err != nil {
		return in, err
	}
	for k := range w.CreditNotes {
		cn, p := &w.CreditNotes[k], index("credit_notes", k)
		i := int(cn.Invoice.v)
		if cn.Invoice.v < 0 || cn.Invoice.v >= int64(len(ws)) {
			return in, at(join(p, "invoice"), fmt.Errorf("%w: no invoice %d (%d given)", ErrInvalidValue, cn.Invoice.v, len(ws)))
		}
		lines := len(in.Request.Lines) - first[i]
		if i+1 < len(ws) {
			lines = first[i+1] - first[i]
		}
		switch {
		case !cn.Line.set:
			return in, at(join(p, "line"), ErrMissingField)
		case cn.Line.v < 0 || cn.Line.v >= int64(lines):
			return in, at(join(p, "line"), fmt.Errorf("%w: no line %d in %s (%d lines)", ErrInvalidValue, cn.Line.v, paths[i], lines))
		case !cn.Amount.set:
			return in, at(join(p, "amount"), ErrMissingField)
		case !cn.Created.set:
			return in, at(join(p, "created"), ErrMissingField)
		}
		in.Request.CreditNotes = append(in.Request.CreditNotes, revenue.CreditNote{Line: first[i] + int(cn.Line.v),
			Amount: pricing.FromMinor(cn.Amount.v, cur), Created: cn.Created.t})
		in.notePaths = append(in.notePaths, p)
	}
	g := revenue.Second
	if w.Granularity.set {
		var err error
		if g, err = revenue.ParseGranularity(w.Granularity.s); err != nil {
			return in, at("granularity", fmt.Errorf("%w: %w", ErrInvalidValue, err))
		}
	}
	loc := time.UTC
	if w.TimeZone.set {
		var err error
		if loc, err = loadZone(w.TimeZone.s); err != nil {
			return in, at("time_zone", err)
		}
	}
	opts, err := revenue.NewOptions(g, loc)
	if err != nil {
		return in, fromField(err, "$", in.revenuePath)
	}
	in.Request.Options = opts
	return in, nil
}

// loadZone returns the IANA time zone name from the embedded database (or the
// system's); "Local" and "" are refused, as they depend on the machine.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || len(name) > MaxIDBytes {
		return nil, fmt.Errorf("%w: %s is not an IANA time zone name (such as \"Europe/Paris\" or \"UTC\")", ErrInvalidValue, quote(name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not an IANA time zone name (such as \"Europe/Paris\" or \"UTC\")", ErrInvalidValue, quote(name))
	}
	return loc, nil
}

// RevenueResponse is the revenue recognition result in the format.
type RevenueResponse struct {
	// Currency is the currency of every amount, lower case.
	Currency string `json:"currency"`
	// Months is what all lines recognize in each calendar month (in the time zone)
	// that has an entry, in order.
	Months []RevenueMonth `json:"months"`
	// Lines are the schedules of the invoice lines, in order.
	Lines []RevenueLine `json:"lines"`
}

// RevenueMonth is what all lines recognize in one month.
type RevenueMonth struct {
	// Month is the calendar month, "2024-06".
	Month string `json:"month"`
	// Amount is what is recognized in it, minor units.
	Amount int64 `json:"amount"`
}

// RevenueLine is the schedule of one invoice line.
type RevenueLine struct {
	// Invoice is the line's invoice's index in the input's invoices; only when the
	// input gave invoices (a history).
	Invoice *int `json:"invoice,omitempty"`
	// Line is the line's index in its invoice's lines.
	Line int `json:"line"`
	// Schedule has one entry per calendar month the line's period touches (and one
	// for the month of a credit note after payment dated after the period).
	Schedule []RevenueEntry `json:"schedule"`
}

// RevenueEntry is what a line recognizes in one month.
type RevenueEntry struct {
	// Start and End are the part [start, end) of the line's period in the month,
	// Unix seconds (both the credit note's date for a credit dated after the period).
	Start int64 `json:"start"`
	// End is the end of that part, Unix seconds.
	End int64 `json:"end"`
	// Amount is what the line recognizes in the month, minor units.
	Amount int64 `json:"amount"`
}

// FromSchedule converts the schedule of in into the format's result.
func FromSchedule(s *revenue.Schedule, in RevenueInput) (RevenueResponse, error) {
	var e minorErr
	out := RevenueResponse{Currency: s.Currency.LowerCode(), Months: make([]RevenueMonth, len(s.Months)), Lines: make([]RevenueLine, len(s.Lines))}
	for i, m := range s.Months {
		out.Months[i] = RevenueMonth{Month: m.Month.String(), Amount: e.minor(m.Amount)}
	}
	for i, ls := range s.Lines {
		rl := RevenueLine{Line: ls.Line, Schedule: make([]RevenueEntry, len(ls.Entries))}
		if ls.Line >= 0 && ls.Line < len(in.Lines) {
			ref := in.Lines[ls.Line]
			rl.Line = ref.Line
			if in.Several {
				inv := ref.Invoice
				rl.Invoice = &inv
			}
		}
		for k, en := range ls.Entries {
			rl.Schedule[k] = RevenueEntry{Start: en.Start.Unix(), End: en.End.Unix(), Amount: e.minor(en.Amount)}
		}
		out.Lines[i] = rl
	}
	if e.err != nil {
		return RevenueResponse{}, fmt.Errorf("encoding the schedule: %w", e.err)
	}
	return out, nil
}

// EncodeSchedule returns the format's result of s as compact JSON.
func EncodeSchedule(s *revenue.Schedule, in RevenueInput) ([]byte, error) {
	r, err := FromSchedule(s, in)
	if err != nil {
		return nil, err
	}
	return marshal(r)
}
