// Command preview prints the invoice preview of a request in pricekit's preview
// format (package invoice/previewjson and its REFERENCE.md; example requests in
// examples/).
//
//	go run ./examples/preview [-o text|json] FILE
//
// FILE "-" reads standard input. -o text (the default) prints a readable invoice with
// the explanation of every line, and the discounts that took nothing under the
// totals; -o json prints the response format.
//
// Exit status: 0 on success; 2 on bad input, with one line "error: <path>: <what is
// wrong>" on standard error; 1 on any other failure.
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
	"strings"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/invoice/previewjson"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, testable without a process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("o", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: preview [-o text|json] FILE   (FILE - reads standard input)")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || (*format != "text" && *format != "json") {
		fs.Usage()
		return 2
	}
	var r io.Reader = stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, previewjson.MaxRequestBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "error: reading request: %v\n", err)
		return 1
	}
	inv, err := previewjson.Preview(data)
	if err != nil {
		return fail(stderr, err)
	}
	if *format == "json" {
		out, err := previewjson.EncodeInvoice(inv)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, out, "", "  "); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		indented.WriteByte('\n')
		if _, err := indented.WriteTo(stdout); err != nil {
			return 1
		}
		return 0
	}
	if err := writeText(stdout, inv); err != nil {
		return 1
	}
	return 0
}

// writeText writes the invoice as text, and under it the discounts that took
// nothing, with why. Control characters that ids and names of the request may
// carry are escaped, so that a request cannot write to the terminal.
func writeText(w io.Writer, inv invoice.Invoice) error {
	var raw bytes.Buffer
	if err := inv.WriteText(&raw); err != nil {
		return err
	}
	var b bytes.Buffer
	for _, line := range strings.SplitAfter(raw.String(), "\n") {
		text, nl := strings.CutSuffix(line, "\n")
		b.WriteString(printable(text))
		if nl {
			b.WriteByte('\n')
		}
	}
	if len(inv.UnappliedDiscounts) > 0 {
		b.WriteString("\nDiscounts not applied:\n")
		for _, u := range inv.UnappliedDiscounts {
			fmt.Fprintf(&b, "    %s (%s): %s\n", printable(u.Coupon), u.Reason, printable(u.Explanation))
		}
	}
	_, err := b.WriteTo(w)
	return err
}

// printable escapes control characters of s, so that a request cannot write to
// the terminal through an id or a name.
func printable(s string) string {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			q := strconv.Quote(s)
			return q[1 : len(q)-1]
		}
	}
	return s
}

// fail prints a bad-input error as one line and returns exit status 2.
func fail(stderr io.Writer, err error) int {
	var pe *previewjson.PathError
	if errors.As(err, &pe) {
		fmt.Fprintf(stderr, "error: %s\n", oneLine(pe.Error()))
		return 2
	}
	fmt.Fprintf(stderr, "error: $: %s\n", oneLine(err.Error()))
	return 2
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}
