// Command preview prints the invoice preview of a request in pricekit's preview
// format (package invoice/previewjson and its REFERENCE.md; example requests in
// examples/).
//
//	go run ./examples/preview [-o text|json|html] FILE
//
// FILE "-" reads standard input. -o text (the default) prints a readable invoice with
// the explanation of every line, and the discounts that took nothing under the
// totals; -o json prints the response format; -o html prints a self-contained page
// for support tools (invoice.Invoice.WriteHTML), each line expandable to its steps.
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

	"github.com/pricekit/pricekit/invoice/previewjson"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, testable without a process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("o", "text", "output format: text, json or html")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: preview [-o text|json|html] FILE   (FILE - reads standard input)")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || (*format != "text" && *format != "json" && *format != "html") {
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
	if *format == "html" {
		if err := inv.WriteHTML(stdout); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		return 0
	}
	if err := inv.WriteText(stdout); err != nil {
		return 1
	}
	return 0
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
