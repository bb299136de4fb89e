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
	"sync"
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
// line is valid only during the call (its buffer is reused): the outcome must not
// refer to it.
type checkFunc func(line []byte, number int) outcome

// summary counts a batch's outcomes.
type summary struct {
	checked, matched, differing, malformed int
	causes                                 map[string]int
}

// maxLine is the most bytes of a batch line kept: one more than the longest
// input, so that a longer line is refused as too long.
const maxLine = previewjson.MaxRequestBytes + 2

// keptBuffer is the largest line buffer a worker keeps for its next line; a
// larger one, read for a rare long line, is let go.
const keptBuffer = 1 << 20

// runBatch verifies every line of in with check on every core, writes one result per
// line to out in input order, reports progress to progress every interval (0: never)
// and returns the summary. Memory does not grow with the number of lines: at most a
// window of results waits to be written. An I/O failure returns an error.
//
// Each worker (one per core) reads its next line, checks it and hands the result
// to the writer's window itself: no goroutine waits on another to read or write a
// line for it, and a line's buffer is reused for the worker's next line.
func runBatch(in io.Reader, out, progress io.Writer, check checkFunc, interval time.Duration) (summary, error) {
	return newBatch(in, out, progress, check, interval, runtime.GOMAXPROCS(0)).run()
}

// newBatch is runBatch's state for workers workers, not started.
func newBatch(in io.Reader, out, progress io.Writer, check checkFunc, interval time.Duration, workers int) *batch {
	b := &batch{
		check:    check,
		workers:  workers,
		r:        bufio.NewReaderSize(in, 1<<16),
		window:   make([]slot, 8*workers),
		w:        bufio.NewWriterSize(out, 1<<16),
		s:        summary{causes: map[string]int{}},
		progress: progress,
		interval: interval,
		start:    time.Now(),
	}
	b.last = b.start
	b.room.L = &b.mu
	return b
}

// run runs the batch to its end; see runBatch.
func (b *batch) run() (summary, error) {
	var wg sync.WaitGroup
	for range b.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.work()
		}()
	}
	wg.Wait()
	if b.readErr != nil {
		return b.s, b.readErr
	}
	if b.writeErr != nil {
		return b.s, b.writeErr
	}
	return b.s, b.w.Flush()
}

// slot is a place in the window of results waiting for their turn to be written.
type slot struct {
	o    outcome
	full bool
}

// batch is the state the workers of one runBatch share.
type batch struct {
	check   checkFunc
	workers int // goroutines checking lines

	// Reading, under readMu.
	readMu  sync.Mutex
	r       *bufio.Reader
	number  int   // the number of the last line read
	seq     int   // how many results have been handed out to compute
	ended   bool  // the input is read to its end or to a failure
	readErr error // the failure (not io.EOF)

	// Writing, under mu: result seq goes to window[seq%len(window)].
	mu       sync.Mutex
	room     sync.Cond // signalled when next moves on
	window   []slot
	next     int // the result to write next
	w        *bufio.Writer
	writeErr error
	s        summary
	progress io.Writer
	interval time.Duration
	start    time.Time
	last     time.Time // of the last progress line
}

// work checks lines until the input ends.
func (b *batch) work() {
	var buf []byte
	for {
		line, number, seq, ok := b.read(buf[:0])
		if !ok {
			return
		}
		b.put(seq, b.check(line, number))
		if buf = line; cap(buf) > keptBuffer {
			buf = nil
		}
	}
}

// read reads the next line that is not blank into buf, once the window has room
// for its result, and returns it with its line number and its result's place; ok
// is false at the end of the input.
func (b *batch) read(buf []byte) (line []byte, number, seq int, ok bool) {
	b.readMu.Lock()
	defer b.readMu.Unlock()
	b.mu.Lock()
	for b.seq-b.next >= len(b.window) {
		b.room.Wait()
	}
	b.mu.Unlock()
	for !b.ended {
		var err error
		line, err = readLine(b.r, buf)
		b.number++
		if err != nil {
			b.ended = true
			if err != io.EOF {
				b.readErr = err
			}
		}
		if len(bytes.TrimSpace(line)) > 0 {
			b.seq++
			return line, b.number, b.seq - 1, true
		}
	}
	return nil, 0, 0, false
}

// put places result seq in the window and writes every result whose turn has come.
func (b *batch) put(seq int, o outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.window[seq%len(b.window)] = slot{o: o, full: true}
	moved := false
	for sl := &b.window[b.next%len(b.window)]; sl.full; sl = &b.window[b.next%len(b.window)] {
		b.write(sl.o)
		*sl = slot{}
		b.next++
		moved = true
	}
	if moved {
		b.room.Broadcast()
	}
}

// write counts one result and writes its line; called under mu, in input order.
func (b *batch) write(o outcome) {
	s := &b.s
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
	if b.writeErr == nil {
		if _, err := b.w.Write(o.out); err != nil {
			b.writeErr = err
		} else if err := b.w.WriteByte('\n'); err != nil {
			b.writeErr = err
		}
	}
	if b.interval > 0 && time.Since(b.last) >= b.interval {
		b.last = time.Now()
		rate := float64(s.checked) / time.Since(b.start).Seconds() // a rate for the progress line, not money
		fmt.Fprintf(b.progress, "verify: %d checked, %.0f/s, %d differing, %d malformed\n", s.checked, rate, s.differing, s.malformed)
	}
}

// readLine reads one line without its newline, appended to buf. A line longer than
// maxLine is cut to maxLine bytes (the rest is skipped), which the check refuses as
// too long.
func readLine(r *bufio.Reader, buf []byte) ([]byte, error) {
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
