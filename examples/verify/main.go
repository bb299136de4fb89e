// Command verify checks issued invoices against what pricekit computes: line by
// line, whether the issued invoice is what its request computes, and, where an
// amount differs, which documented option would reproduce it.
//
//	go run ./examples/verify [-o text|json] FILE
//	go run ./examples/verify -batch FILE
//
// FILE ("-" reads standard input) holds {"request": <a preview request>, "invoice":
// <the invoice as issued: a Stripe Invoice object or the preview format's
// response>} (see invoice/previewjson's REFERENCE.md). -o text (the default)
// prints the differing lines first, each with both amounts, the difference and
// its cause, then the matching lines and the totals; -o json prints the result
// format.
//
// With -batch, FILE holds one such object per line (NDJSON, any number of lines):
// the output is one JSON result per line, in input order, verified on every core
// in memory that does not grow with the number of lines; a malformed line gives
// {"line": N, "error": "<path>: <what>"} in its place and does not stop the rest.
// A progress line goes to standard error every few seconds, and a summary at the
// end (checked, matched, differing by cause, malformed).
//
// Exit status: 0 when everything matches, 1 when something differs, 2 on bad input
// (with -batch: if any line was malformed), 3 on an I/O failure.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pricekit/pricekit/invoice/previewjson"
	"github.com/pricekit/pricekit/invoice/verify"
)

// Exit statuses.
const (
	exitMatch    = 0
	exitDiffers  = 1
	exitBadInput = 2
	exitIO       = 3
)

// progressEvery is how often a batch reports its progress on standard error.
const progressEvery = 5 * time.Second

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run is the whole command, testable without a process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(args, stdin, stdout, stderr, progressEvery)
}

func runWith(args []string, stdin io.Reader, stdout, stderr io.Writer, every time.Duration) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("o", "text", "output format: text or json (one file)")
	batch := fs.Bool("batch", false, "FILE is NDJSON: one {request, invoice} per line; one JSON result per line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: verify [-o text|json] FILE | verify -batch FILE   (FILE - reads standard input)")
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
	if *batch {
		return runBatchCommand(r, stdout, stderr, every)
	}
	data, err := io.ReadAll(io.LimitReader(r, previewjson.MaxRequestBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "error: reading the input: %v\n", err)
		return exitIO
	}
	res, err := previewjson.Verify(data)
	if err != nil {
		fmt.Fprintf(stderr, "error: %s\n", message(err))
		return exitBadInput
	}
	status := exitMatch
	if !res.Match {
		status = exitDiffers
	}
	var b bytes.Buffer
	if *format == "json" {
		out, err := previewjson.EncodeResult(res)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return exitBadInput
		}
		if err := json.Indent(&b, out, "", "  "); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return exitBadInput
		}
		b.WriteByte('\n')
	} else if err := res.WriteText(&b); err != nil {
		return exitIO
	}
	if _, err := b.WriteTo(stdout); err != nil {
		return exitIO
	}
	return status
}

func runBatchCommand(r io.Reader, stdout, stderr io.Writer, every time.Duration) int {
	s, err := runBatch(r, stdout, stderr, checkLine, every)
	writeSummary(stderr, s)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "error: %v\n", err)
		return exitIO
	case s.malformed > 0:
		return exitBadInput
	case s.differing > 0:
		return exitDiffers
	}
	return exitMatch
}

// checkLine verifies one batch line.
func checkLine(line []byte, number int) outcome {
	if len(line) > previewjson.MaxRequestBytes {
		return outcome{out: malformedLine(number, fmt.Errorf("$: %w: a line of more than %d bytes", previewjson.ErrTooLarge, previewjson.MaxRequestBytes)), kind: exitBadInput}
	}
	res, err := previewjson.Verify(line)
	if err != nil {
		return outcome{out: malformedLine(number, errors.New(message(err))), kind: exitBadInput}
	}
	out, err := previewjson.EncodeResult(res)
	if err != nil {
		return outcome{out: malformedLine(number, err), kind: exitBadInput}
	}
	if res.Match {
		return outcome{out: out, kind: exitMatch}
	}
	return outcome{out: out, kind: exitDiffers, cause: cause(res)}
}

// cause names why a result differs, for the summary: the first differing line's
// explanation, else what kind of difference it is.
func cause(r verify.Result) string {
	for _, l := range r.Lines {
		switch {
		case l.Status == verify.AmountDiffers && l.ExplainedBy != "":
			return l.ExplainedBy
		case l.Status == verify.AmountDiffers:
			return "unexplained amount"
		case l.Status == verify.Missing:
			return "missing line"
		case l.Status == verify.Unexpected:
			return "unexpected line"
		}
	}
	return "totals"
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
