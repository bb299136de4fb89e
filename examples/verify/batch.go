package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"time"

	"github.com/pricekit/pricekit/invoice/previewjson"
)

// outcome is the verdict on one batch line: its JSON result line and what it was.
type outcome struct {
	out   []byte
	kind  int    // exitMatch, exitDiffers or exitBadInput
	cause string // for a differing invoice: the first cause ("proration: day", "unexplained")
}

// checkFunc verifies one NDJSON line (a {request, invoice} object) and returns its
// outcome; it never fails: a malformed line is an outcome of kind exitBadInput.
type checkFunc func(line []byte, number int) outcome

// summary counts a batch's outcomes.
type summary struct {
	checked, matched, differing, malformed int
	causes                                 map[string]int
}

// maxLine is the most bytes of a batch line kept: one more than the longest
// input, so that a longer line is refused as too long.
const maxLine = previewjson.MaxRequestBytes + 2

// runBatch verifies every line of in with check on every core, writes one result per
// line to out in input order, reports progress to progress every interval (0: never)
// and returns the summary. Memory does not grow with the number of lines: at most a
// window of lines is in flight. An I/O failure returns an error.
func runBatch(in io.Reader, out, progress io.Writer, check checkFunc, interval time.Duration) (summary, error) {
	workers := runtime.GOMAXPROCS(0)
	window := 8 * workers
	type job struct {
		line   []byte
		number int
		done   chan outcome
	}
	jobs := make(chan job, window)
	order := make(chan chan outcome, window)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				j.done <- check(j.line, j.number)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		defer close(order)
		r := bufio.NewReaderSize(in, 1<<20)
		for n := 1; ; n++ {
			line, err := readLine(r)
			if len(bytes.TrimSpace(line)) > 0 {
				done := make(chan outcome, 1)
				order <- done
				jobs <- job{line: line, number: n, done: done}
			}
			if err == io.EOF {
				readErr <- nil
				return
			}
			if err != nil {
				readErr <- err
				return
			}
		}
	}()
	s := summary{causes: map[string]int{}}
	w := bufio.NewWriterSize(out, 1<<16)
	start, last := time.Now(), time.Now()
	var writeErr error
	for done := range order {
		o := <-done
		s.checked++
		switch o.kind {
		case exitMatch:
			s.matched++
		case exitDiffers:
			s.differing++
			s.causes[o.cause]++
		default:
			s.malformed++
		}
		if writeErr == nil {
			if _, err := w.Write(o.out); err != nil {
				writeErr = err
			} else if err := w.WriteByte('\n'); err != nil {
				writeErr = err
			}
		}
		if interval > 0 && time.Since(last) >= interval {
			last = time.Now()
			rate := float64(s.checked) / time.Since(start).Seconds() // a rate for the progress line, not money
			fmt.Fprintf(progress, "verify: %d checked, %.0f/s, %d differing, %d malformed\n", s.checked, rate, s.differing, s.malformed)
		}
	}
	if err := <-readErr; err != nil {
		return s, err
	}
	if writeErr != nil {
		return s, writeErr
	}
	return s, w.Flush()
}

// readLine reads one line without its newline. A line longer than maxLine is cut
// to maxLine bytes (the rest is skipped), which the check refuses as too long.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if room := maxLine - len(buf); room > 0 {
			buf = append(buf, chunk[:min(len(chunk), room)]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

// writeSummary writes the batch's summary line(s) to w.
func writeSummary(w io.Writer, s summary) {
	fmt.Fprintf(w, "verify: %d checked, %d matched, %d differing, %d malformed\n", s.checked, s.matched, s.differing, s.malformed)
	causes := make([]string, 0, len(s.causes))
	for c := range s.causes {
		causes = append(causes, c)
	}
	sort.Strings(causes)
	for _, c := range causes {
		fmt.Fprintf(w, "verify:   %d differing: %s\n", s.causes[c], c)
	}
}

// malformedLine is the result line of a line that is not a valid check.
func malformedLine(number int, err error) []byte {
	msg, _ := json.Marshal(err.Error())
	return []byte(`{"line":` + strconv.Itoa(number) + `,"error":` + string(msg) + `}`)
}
