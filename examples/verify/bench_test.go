package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// batchLine returns the first line of the batch example (a matching Stripe
// invoice and its request), with its newline.
func batchLine(tb testing.TB) []byte {
	f, err := os.Open("../verify_batch.ndjson")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	line, err := r.ReadBytes('\n')
	if err != nil {
		tb.Fatal(err)
	}
	return line
}

// repeat is a reader of n copies of line, made as it is read: the input of a
// batch of any size without holding it.
type repeat struct {
	line []byte
	n    int
	off  int
}

func (r *repeat) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		if r.n == 0 {
			if total == 0 {
				return 0, io.EOF
			}
			return total, nil
		}
		k := copy(p, r.line[r.off:])
		p, total, r.off = p[k:], total+k, r.off+k
		if r.off == len(r.line) {
			r.off, r.n = 0, r.n-1
		}
	}
	return total, nil
}

// batchOnce verifies n copies of line and fails unless every one matches.
func batchOnce(tb testing.TB, line []byte, n int) {
	s, err := runBatch(&repeat{line: line, n: n}, io.Discard, io.Discard, checkLine, 0)
	if err != nil || s.matched != n {
		tb.Fatalf("%v: %d of %d matched", err, s.matched, n)
	}
}

// BenchmarkBatch measures -batch's throughput on 1 and on 2 cores (GOMAXPROCS),
// and, in the sub-benchmark "ratio", the throughput on 2 cores over that on 1 in
// one run (the goal is at least 1.7 on a machine with 2 free cores; read it
// against BenchmarkBatchControl's ratio, what the machine gives at the time).
func BenchmarkBatch(b *testing.B) {
	line := batchLine(b)
	const perOp = 200
	scaling(b, "lines/s", perOp, func() { batchOnce(b, line, perOp) })
}

// BenchmarkBatchControl is BenchmarkBatch's control: a pure CPU loop (no
// allocation, no shared state) split over GOMAXPROCS goroutines, run on 1 and on 2
// cores in one run. Its "ratio" is what this machine gives a perfectly parallel
// job at the time: the batch's ratio is read against it, not against 2.
func BenchmarkBatchControl(b *testing.B) {
	const units, perUnit = 200, 200000 // about the work of BenchmarkBatch's op
	scaling(b, "units/s", units, func() { spin(runtime.GOMAXPROCS(0), units, perUnit) })
}

// scaling runs op, which does perOp units of work, b.N times on 1 and on 2 cores
// (GOMAXPROCS) and reports the rates; the sub-benchmark "ratio" alternates the two
// op by op, so that the machine's drift weighs on both alike, and reports the
// rate on 2 cores over that on 1.
func scaling(b *testing.B, unit string, perOp int, op func()) {
	timed := func(procs int) time.Duration {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		start := time.Now()
		op()
		return time.Since(start)
	}
	rate := func(n int, d time.Duration) float64 { return float64(n*perOp) / d.Seconds() } // a measurement, not money
	for _, procs := range []int{1, 2} {
		b.Run("procs="+strconv.Itoa(procs), func(b *testing.B) {
			var d time.Duration
			for i := 0; i < b.N; i++ {
				d += timed(procs)
			}
			b.ReportMetric(rate(b.N, d), unit)
		})
	}
	b.Run("ratio", func(b *testing.B) {
		var one, two time.Duration
		for i := 0; i < b.N; i++ {
			one += timed(1)
			two += timed(2)
		}
		b.ReportMetric(rate(b.N, one), unit+"@1")
		b.ReportMetric(rate(b.N, two), unit+"@2")
		b.ReportMetric(one.Seconds()/two.Seconds(), "ratio")
	})
}

// spinSink keeps spin's loops from being optimised away.
var spinSink atomic.Uint64

// spin runs units loops of perUnit xorshift steps on workers goroutines, each
// taking the next unit from a shared counter.
func spin(workers, units, perUnit int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(88172645463325252)
			for next.Add(1) <= int64(units) {
				for i := 0; i < perUnit; i++ {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
				}
			}
			spinSink.Add(x)
		}()
	}
	wg.Wait()
}

// BenchmarkBatchMemory runs a batch of 10,000 and of 1,000,000 lines and reports
// the peak heap in use, sampled while it runs, and the process's peak resident
// size (VmHWM, on Linux): they stay flat with the number of lines. Run one size
// per process for a meaningful resident size, with -benchtime 1x:
//
//	go test ./examples/verify -run X -bench 'BatchMemory/lines=10000$' -benchtime 1x
//	go test ./examples/verify -run X -bench 'BatchMemory/lines=1000000$' -benchtime 1x
func BenchmarkBatchMemory(b *testing.B) {
	line := batchLine(b)
	for _, n := range []int{10000, 1000000} {
		b.Run("lines="+strconv.Itoa(n), func(b *testing.B) {
			runtime.GC()
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				var ms runtime.MemStats
				for {
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peak.Load() {
						peak.Store(ms.HeapInuse)
					}
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
				}
			}()
			for i := 0; i < b.N; i++ {
				batchOnce(b, line, n)
			}
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			if hwm, ok := peakRSS(); ok {
				b.ReportMetric(hwm/(1<<20), "peak-RSS-MiB")
			}
		})
	}
}

// peakRSS returns the process's peak resident size in bytes (Linux's VmHWM).
func peakRSS() (float64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

// The batch's memory does not depend on how many lines it reads: a line is read
// only when the window has room for its result. Checked by counting, not timing:
// when a line is checked, the results before it not yet written are fewer than
// the window, and the results come out in input order.
func TestBatchWindow(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		const n = 3000
		var b *batch
		var most atomic.Int64
		check := func(line []byte, number int) outcome {
			b.mu.Lock()
			ahead := int64(number - 1 - b.next) // every line is a result: line n is result n-1
			b.mu.Unlock()
			for m := most.Load(); ahead > m && !most.CompareAndSwap(m, ahead); m = most.Load() {
			}
			return outcome{out: []byte(strconv.Itoa(number)), kind: exitMatch}
		}
		var out bytes.Buffer
		b = newBatch(strings.NewReader(strings.Repeat("{}\n", n)), &out, io.Discard, check, 0, workers)
		s, err := b.run()
		if err != nil || s.checked != n || s.matched != n {
			t.Fatalf("%d workers: %v %+v", workers, err, s)
		}
		if most.Load() >= int64(len(b.window)) {
			t.Errorf("%d workers: a line checked %d results ahead of the writer, the window is %d", workers, most.Load(), len(b.window))
		}
		got := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(got) != n {
			t.Fatalf("%d workers: %d results, want %d", workers, len(got), n)
		}
		for i, g := range got {
			if g != strconv.Itoa(i+1) {
				t.Fatalf("%d workers: result %d is %s: not in input order", workers, i, g)
			}
		}
	}
}
