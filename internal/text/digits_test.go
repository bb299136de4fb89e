package text_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/internal/text"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// digitEdges are the integers around every power of ten and the int64 extremes.
func digitEdges() []int64 {
	vs := []int64{0, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for p := int64(1); p <= 1e18; p *= 10 {
		vs = append(vs, p-1, p, p+1, -p)
	}
	return vs
}

// checkDigits compares CountDigits, PutDigits and AppendInt with strconv for v.
func checkDigits(v int64) string {
	want := strconv.AppendInt([]byte("x"), v, 10)
	if got := text.AppendInt([]byte("x"), v); string(got) != string(want) {
		return fmt.Sprintf("AppendInt(%d) = %s, want %s", v, got, want)
	}
	u := uint64(v)
	s := strconv.FormatUint(u, 10)
	if n := text.CountDigits(u); n != len(s) {
		return fmt.Sprintf("Count(%d) = %d, want %d", u, n, len(s))
	}
	for n := 0; n <= 22; n++ {
		buf := make([]byte, n)
		rest := text.PutDigits(buf, u)
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

func TestDigitsEdges(t *testing.T) {
	for _, v := range digitEdges() {
		if msg := checkDigits(v); msg != "" {
			t.Error(msg)
		}
	}
}

func TestDigitsProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(1000))
	props.Property("CountDigits, PutDigits and AppendInt agree with strconv", prop.ForAll(checkDigits,
		gen.OneGenOf(gen.Int64(), gen.Int64Range(-1e6, 1e6), gen.Int64Range(0, 99))))
	props.TestingRun(t)
}
