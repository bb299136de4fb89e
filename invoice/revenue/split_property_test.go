package revenue

import (
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// Splitting a line at any instant into two adjacent lines of the same rate per
// second (p/q, rarely a whole number: the months' shares are fractions) recognizes,
// month by month, within one minor unit of the line itself.
func TestSplitProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(1000))
	props.Property("split line ≈ line, by month", prop.ForAll(
		func(p [2]time.Time, q, x, y, rate int64, loc *time.Location) bool {
			s := p[0].Unix()
			m, e := s+q*x, s+q*(x+y) // the line's rate is rate/q per second
			a1, a2 := rate*x, rate*y
			opts, _ := NewOptions(Second, loc)
			whole, err1 := Recognize(Request{Lines: []Line{{Amount: pricing.FromMinor(a1+a2, usd), Period: period(p[0], time.Unix(e, 0))}}, Options: opts})
			split, err2 := Recognize(Request{Lines: []Line{
				{Amount: pricing.FromMinor(a1, usd), Period: period(p[0], time.Unix(m, 0))},
				{Amount: pricing.FromMinor(a2, usd), Period: period(time.Unix(m, 0), time.Unix(e, 0))},
			}, Options: opts})
			if err1 != nil || err2 != nil {
				t.Log(err1, err2)
				return false
			}
			got := map[Month]int64{}
			for _, ma := range split.Months {
				got[ma.Month] = units(ma.Amount)
			}
			for _, ma := range whole.Months {
				if d := units(ma.Amount) - got[ma.Month]; d > 1 || d < -1 {
					t.Logf("%s: %d whole, %d split at %s", ma.Month, units(ma.Amount), got[ma.Month], time.Unix(m, 0).UTC())
					return false
				}
			}
			return len(got) == len(whole.Months)
		},
		genPeriod(), gen.Int64Range(1, 100_000), gen.Int64Range(1, 800), gen.Int64Range(1, 800), gen.Int64Range(1, 1_000_000), genZone(),
	))
	props.TestingRun(t)
}
