package revenue

import (
	"math/big"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// zones are time zones with and without daylight saving time, with half- and
// quarter-hour offsets and a 30-minute DST shift (Lord Howe).
var zones = func() []*time.Location {
	out := []*time.Location{time.UTC}
	for _, name := range []string{"America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe", "Pacific/Apia"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err)
		}
		out = append(out, loc)
	}
	return out
}()

// genZone generates one of zones.
func genZone() gopter.Gen {
	return gen.IntRange(0, len(zones)-1).Map(func(i int) *time.Location { return zones[i] })
}

// genGranularity generates any granularity.
func genGranularity() gopter.Gen {
	return gen.IntRange(0, int(numGranularities)-1).Map(func(i int) Granularity { return Granularity(i) })
}

// genPeriod generates periods between 2000 and 2045 in whole seconds, from a second
// to five years long, often within a day or a month.
func genPeriod() gopter.Gen {
	return gopter.CombineGens(
		gen.Int64Range(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()),
		gen.Frequency(map[int]gopter.Gen{
			1: gen.Int64Range(1, 86400),
			2: gen.Int64Range(1, 40*86400),
			3: gen.Int64Range(1, 5*366*86400),
		}),
	).Map(func(v []interface{}) [2]time.Time {
		s := v[0].(int64)
		return [2]time.Time{time.Unix(s, 0).UTC(), time.Unix(s+v[1].(int64), 0).UTC()}
	})
}

// genMidnights generates periods from one UTC midnight to a later one.
func genMidnights() gopter.Gen {
	return gopter.CombineGens(gen.IntRange(0, 15000), gen.IntRange(1, 2000)).Map(func(v []interface{}) [2]time.Time {
		s := time.Date(2000, 1, 1+v[0].(int), 0, 0, 0, 0, time.UTC)
		return [2]time.Time{s, s.AddDate(0, 0, v[1].(int))}
	})
}

func recognizeOne(amount int64, p [2]time.Time, g Granularity, loc *time.Location) (*Schedule, error) {
	opts, err := NewOptions(g, loc)
	if err != nil {
		return nil, err
	}
	return Recognize(Request{Lines: []Line{{Amount: pricing.FromMinor(amount, usd), Period: period(p[0], p[1])}}, Options: opts})
}

// entriesOf returns the amounts of line i's entries, in minor units.
func entriesOf(s *Schedule, i int) []int64 {
	out := make([]int64, len(s.Lines[i].Entries))
	for k, e := range s.Lines[i].Entries {
		out[k], _ = e.Amount.MinorUnits()
	}
	return out
}

func units(m pricing.Money) int64 { u, _ := m.MinorUnits(); return u }

func TestProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(400))

	props.Property("conservation: the entries sum to the amount, each month in order, Recognized agrees at every month boundary", prop.ForAll(
		func(amount int64, p [2]time.Time, g Granularity, loc *time.Location) bool {
			s, err := recognizeOne(amount, p, g, loc)
			if err != nil {
				t.Log(err)
				return false
			}
			var sum int64
			entries := s.Lines[0].Entries
			for k, e := range entries {
				if k > 0 && (!entries[k-1].Month.next().equal(e.Month) || !entries[k-1].End.Equal(e.Start)) {
					t.Logf("entries %d and %d are not consecutive months", k-1, k)
					return false
				}
				if got := units(s.Recognized(e.Start)); got != sum && k > 0 {
					t.Logf("Recognized(%s) = %d, entries before sum to %d", e.Start, got, sum)
					return false
				}
				sum += units(e.Amount)
			}
			return sum == amount && units(s.Lines[0].Amount) == amount &&
				units(s.Recognized(p[0])) == 0 && units(s.Recognized(p[1])) == amount &&
				units(s.Deferred(p[0])) == amount && units(s.Deferred(p[1])) == 0 &&
				entries[0].Start.Equal(p[0]) && entries[len(entries)-1].End.Equal(p[1])
		},
		pricingtest.MinorUnits(MaxAmount), genPeriod(), genGranularity(), genZone(),
	))

	props.Property("every month is within one minor unit of its exact share (Second, Day)", prop.ForAll(
		func(amount int64, p [2]time.Time, day bool, loc *time.Location) bool {
			g := Second
			if day {
				g = Day
			}
			s, err := recognizeOne(amount, p, g, loc)
			if err != nil {
				return false
			}
			cal := s.state[0].cal
			var total uint64
			for _, w := range cal.w {
				total += w
			}
			for k, e := range entriesOf(s, 0) {
				exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(amount), new(big.Int).SetUint64(cal.w[k])), new(big.Int).SetUint64(total))
				diff := new(big.Rat).Sub(exact, new(big.Rat).SetInt64(e))
				if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
					t.Logf("month %d: %d, exact %s", k, e, exact.FloatString(3))
					return false
				}
			}
			return true
		},
		pricingtest.MinorUnits(MaxAmount), genPeriod(), gen.Bool(), genZone(),
	))

	props.Property("a credit's schedule is the negation of the charge's", prop.ForAll(
		func(amount int64, p [2]time.Time, g Granularity, loc *time.Location) bool {
			a, err1 := recognizeOne(amount, p, g, loc)
			b, err2 := recognizeOne(-amount, p, g, loc)
			if err1 != nil || err2 != nil {
				return false
			}
			ea, eb := entriesOf(a, 0), entriesOf(b, 0)
			for k := range ea {
				if ea[k] != -eb[k] {
					return false
				}
			}
			return true
		},
		pricingtest.MinorUnits(MaxAmount), genPeriod(), genGranularity(), genZone(),
	))

	props.Property("by the second and by the day agree from midnight to midnight (zones without DST)", prop.ForAll(
		func(amount int64, p [2]time.Time, kolkata bool) bool {
			loc := time.UTC
			if kolkata { // a fixed offset of +05:30: its midnights
				loc = zones[3]
				p[0] = time.Date(p[0].Year(), p[0].Month(), p[0].Day(), 0, 0, 0, 0, loc)
				p[1] = time.Date(p[1].Year(), p[1].Month(), p[1].Day(), 0, 0, 0, 0, loc)
			}
			a, err1 := recognizeOne(amount, p, Second, loc)
			b, err2 := recognizeOne(amount, p, Day, loc)
			if err1 != nil || err2 != nil {
				return false
			}
			ea, eb := entriesOf(a, 0), entriesOf(b, 0)
			for k := range ea {
				if ea[k] != eb[k] {
					t.Logf("month %d: %d by the second, %d by the day", k, ea[k], eb[k])
					return false
				}
			}
			return len(ea) == len(eb)
		},
		pricingtest.MinorUnits(MaxAmount), genMidnights(), gen.Bool(),
	))

	props.Property("time zones change only the months, never the total", prop.ForAll(
		func(amount int64, p [2]time.Time, g Granularity, loc *time.Location) bool {
			a, err1 := recognizeOne(amount, p, g, time.UTC)
			b, err2 := recognizeOne(amount, p, g, loc)
			if err1 != nil || err2 != nil {
				return false
			}
			var sa, sb int64
			for _, m := range a.Months {
				sa += units(m.Amount)
			}
			for _, m := range b.Months {
				sb += units(m.Amount)
			}
			return sa == amount && sb == amount && units(b.Deferred(p[1])) == 0
		},
		pricingtest.MinorUnits(MaxAmount), genPeriod(), genGranularity(), genZone(),
	))

	props.TestingRun(t)
}

func (m Month) equal(n Month) bool { return m == n }
