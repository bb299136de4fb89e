// Command revenue prints the revenue recognition schedule of invoices: on which
// calendar months each line's amount, net of discounts and excluding tax, becomes
// revenue over its service period (ratable recognition, with the settings of Stripe
// Revenue Recognition; package invoice/revenue).
//
//	go run ./examples/revenue [-o text|json] FILE
//
// FILE ("-" reads standard input) holds {"invoice": <an issued invoice: a Stripe
// Invoice object or the preview format's response>} or {"invoices": [ … ]} (a
// subscription's history), and optionally "credit_notes": [{"invoice", "line",
// "amount", "created"}], "paid_at", "granularity" ("second", the default, "day",
// "month_even" or "month_even_prorated") and "time_zone" (an IANA name; "UTC" by
// default). See invoice/previewjson's REFERENCE.md.
//
// -o text (the default) prints a month-by-month table, then each line's schedule;
// -o json prints the result format.
//
// Exit status: 0 on success; 2 on bad input, with one line "error: <path>: <what
// is wrong>" on standard error; 3 on an I/O failure.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/pricekit/pricekit/invoice/previewjson"
	"github.com/pricekit/pricekit/invoice/revenue"
	"github.com/pricekit/pricekit/pricing"
)

const (
	exitOK       = 0
	exitBadInput = 2
	exitIO       = 3
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run is the whole command, testable without a process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("revenue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("o", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: revenue [-o text|json] FILE   (FILE - reads standard input)")
	}
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	if fs.NArg() != 1 || (*format != "text" && *format != "json") {
		fs.Usage()
		return exitBadInput
	}
	var r io.Reader = stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return exitIO
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, previewjson.MaxRequestBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "error: reading the input: %v\n", err)
		return exitIO
	}
	s, in, err := previewjson.Revenue(data)
	if err != nil {
		fmt.Fprintf(stderr, "error: %s\n", message(err))
		return exitBadInput
	}
	var b bytes.Buffer
	if *format == "json" {
		out, err := previewjson.EncodeSchedule(s, in)
		if err == nil {
			err = json.Indent(&b, out, "", "  ")
		}
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return exitBadInput
		}
		b.WriteByte('\n')
	} else {
		writeText(&b, s, in)
	}
	if _, err := b.WriteTo(stdout); err != nil {
		return exitIO
	}
	return exitOK
}

var granularityText = map[revenue.Granularity]string{
	revenue.Second:            "by the second",
	revenue.Day:               "by the day",
	revenue.MonthEven:         "evenly by month",
	revenue.MonthEvenProrated: "evenly by month, first and last months prorated",
}

// writeText writes the schedule as a month-by-month table, then each line's.
func writeText(b *bytes.Buffer, s *revenue.Schedule, in previewjson.RevenueInput) {
	code := s.Currency.Code()
	if code == "" {
		code = "no lines"
	}
	fmt.Fprintf(b, "Revenue recognition (%s), %s, months in %s\n\n", code, granularityText[s.Options.Granularity()], s.Options.Location())
	fmt.Fprintf(b, "%-10s %16s\n", "Month", "Recognized")
	total := pricing.Zero(s.Currency)
	for _, m := range s.Months {
		fmt.Fprintf(b, "%-10s %16s\n", m.Month, m.Amount)
		total, _ = total.Add(m.Amount)
	}
	fmt.Fprintf(b, "%-10s %16s\n", "Total", total)
	for _, ls := range s.Lines {
		name := "Line " + strconv.Itoa(ls.Line)
		if ls.Line >= 0 && ls.Line < len(in.Lines) {
			ref := in.Lines[ls.Line]
			name = "Line " + strconv.Itoa(ref.Line)
			if in.Several {
				name = "Invoice " + strconv.Itoa(ref.Invoice) + ", line " + strconv.Itoa(ref.Line)
			}
		}
		fmt.Fprintf(b, "\n%s: %s", name, ls.Amount)
		if !ls.Amount.Equal(ls.Billed) {
			fmt.Fprintf(b, " (billed %s, less credit notes)", ls.Billed)
		}
		b.WriteString("\n")
		for _, e := range ls.Entries {
			fmt.Fprintf(b, "  %-8s %16s   %s to %s\n", e.Month, e.Amount, e.Start.In(s.Options.Location()).Format("2006-01-02 15:04:05"),
				e.End.In(s.Options.Location()).Format("2006-01-02 15:04:05"))
		}
	}
}

// message is an error as one line: "<path>: <what>".
func message(err error) string {
	var pe *previewjson.PathError
	s := err.Error()
	if !errors.As(err, &pe) {
		s = "$: " + s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}
