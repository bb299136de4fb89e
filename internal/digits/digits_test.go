package digits_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/internal/digits"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// edges are the integers around every power of ten and the int64 extremes.
func edges() []int64 {
	vs := []int64{0, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for p := int64(1); p <= 1e18; p *= 10 {
		vs = append(vs, p-1, p, p+1, -p)
	}
	return vs
}

// check compares Count, Put and AppendInt with strconv for v.
func check(v int64) string {
	want := strconv.AppendInt([]byte("x"), v, 10)
	if got := digits.AppendInt([]byte("x"), v); string(got) != string(want) {
		return fmt.Sprintf("AppendInt(%d) = %s, want %s", v, got, want)
	}
	u := uint64(v)
	s := strconv.FormatUint(u, 10)
	if n := digits.Count(u); n != len(s) {
		return fmt.Sprintf("Count(%d) = %d, want %d", u, n, len(s))
	}
	for n := 0; n <= 22; n++ {
		buf := make([]byte, n)
		rest := digits.Put(buf, u)
		want := fmt.Sprintf("%0*d", n, u)
		want = want[len(want)-n:]
		wantRest := uint64(0)
		if n < len(s) {
			wantRest, _ = strconv.ParseUint(s[:len(s)-n], 10, 64)
		}
		if string(buf) != want || rest != wantRest {
			return fmt.Sprintf("Put(%d bytes, %d) = %s, %d; want %s, %d", n, u, buf, rest, want, wantRest)
		}
	}
	return ""
}

func TestEdges(t *testing.T) {
	for _, v := range edges() {
		if msg := check(v); msg != "" {
			t.Error(msg)
		}
	}
}

func TestProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(1000))
	props.Property("Count, Put and AppendInt agree with strconv", prop.ForAll(check,
		gen.OneGenOf(gen.Int64(), gen.Int64Range(-1e6, 1e6), gen.Int64Range(0, 99))))
	props.TestingRun(t)
}
