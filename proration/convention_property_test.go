package proration

import (
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

// zoneNames are the zones the properties and the fuzz target count days in: with
// and without daylight saving, half-hour offsets, both hemispheres.
var zoneNames = []string{"UTC", "America/New_York", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"}

// anyConvention builds a Convention from small numbers, valid or not.
func anyConvention(zones []*time.Location, g, z, cd, fixed, den, iv, count, rounding, scale, mode int) Convention {
	c := Convention{Granularity: Granularity(g % 2), ChangeDay: ChangeDay(cd % 2), FixedMonth: []int{0, 0, 28, 30}[fixed%4], Denominator: Denominator(den % 3)}
	if z%(len(zones)+1) > 0 {
		c.Location = zones[z%(len(zones)+1)-1]
	}
	if c.Denominator != PeriodLength {
		c.Interval, c.IntervalCount = pricing.Interval(iv%4), 1+count%3
	}
	if rounding%2 == 1 {
		c.FractionRounding, c.Scale, c.Mode = RoundedFraction, int32(scale%20), pricing.RoundingMode(mode%7)
	}
	return c
}

func TestConventionProperties(t *testing.T) {
	zones := make([]*time.Location, len(zoneNames))
	for i, n := range zoneNames {
		zones[i] = zone(t, n)
	}
	c := eur()
	props := gopter.NewProperties(pricingtest.Parameters(300))
	periods := func(start time.Time, length, offset int64) (Period, time.Time) {
		p := Period{Start: start, End: start.Add(time.Duration(1+length%(400*86400)) * time.Second)}
		return p, p.Start.Add(time.Duration(offset%(p.Seconds()+1)) * time.Second)
	}
	props.Property("a Convention of NewFactor's granularity gives NewFactor's factor, amount and texts", prop.ForAll(
		func(start time.Time, length, offset, minor int64, day bool) string {
			p, at := periods(start, length, offset)
			g := BySecond
			if day {
				g = ByDay
			}
			a, errA := NewFactor(p, at, g)
			b, errB := NewFactorIn(p, at, Convention{Granularity: g})
			if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
				return fmt.Sprintf("errors %v and %v", errA, errB)
			}
			full := pricing.FromMinor(minor, c)
			l1 := Line{Side: Side{Amount: full}, Factor: a, Amount: a.Apply(full)}
			l2 := Line{Side: Side{Amount: full}, Factor: b, Amount: b.Apply(full)}
			if a.Remaining != b.Remaining || a.Total != b.Total || a.String() != b.String() || l1.Explain() != l2.Explain() || !l1.Amount.Equal(l2.Amount) {
				return fmt.Sprintf("%v / %v: %s and %s", a, b, l1.Explain(), l2.Explain())
			}
			return ""
		}, pricingtest.Instant(), gen.Int64Range(0, 1e9), gen.Int64Range(0, 1e9), pricingtest.MinorUnits(1e12), gen.Bool()))
	props.Property("days counted in UTC equal the UTC day count; at UTC midnights days equal seconds", prop.ForAll(
		func(day, days, offset, den, iv int) string {
			start := utc(2024, 1, 1, 0, 0, 0).AddDate(0, 0, day)
			p := Period{Start: start, End: start.AddDate(0, 0, 1+days)}
			at := start.AddDate(0, 0, offset%(2+days))
			sec := Convention{Denominator: Denominator(den % 3)}
			if sec.Denominator != PeriodLength {
				sec.Interval, sec.IntervalCount = []pricing.Interval{pricing.Month, pricing.Day, pricing.Week, pricing.Year}[iv%4], 1+iv%5
			}
			dayConv := sec
			dayConv.Granularity = ByDay
			inUTC := dayConv
			inUTC.Location = time.UTC
			for _, used := range []bool{false, true} {
				a, errA := newFactor(p, at, sec, used)
				b, errB := newFactor(p, at, dayConv, used)
				z, errZ := newFactor(p, at, inUTC, used)
				if (errA == nil) != (errB == nil) || (errB == nil) != (errZ == nil) {
					return fmt.Sprintf("errors %v, %v, %v", errA, errB, errZ)
				}
				if errA == nil && (a.Rat().Cmp(b.Rat()) != 0 || b.Remaining != z.Remaining || b.Total != z.Total) {
					return fmt.Sprintf("used %v: %v, %v, %v", used, a, b, z)
				}
			}
			return ""
		}, gen.IntRange(0, 5000), gen.IntRange(0, 400), gen.IntRange(0, 1000), gen.IntRange(0, 2), gen.IntRange(0, 100)))
	props.Property("every factor lies in [0, 1]; exact remaining + used = 1 over the period; refusals are FieldErrors", prop.ForAll(
		func(start time.Time, length, offset int64, k []int) string {
			p, at := periods(start, length, offset)
			conv := anyConvention(zones, k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8], k[9])
			r, errR := NewFactorIn(p, at, conv)
			u, errU := NewUsedFactor(p, at, conv)
			var fe *pricing.FieldError
			if (errR == nil) != (errU == nil) {
				return fmt.Sprintf("%v: errors %v and %v", conv, errR, errU)
			}
			if errR != nil {
				if !errors.As(errR, &fe) {
					return fmt.Sprintf("%v: %v is not a FieldError", conv, errR)
				}
				return ""
			}
			one := big.NewRat(1, 1)
			for _, f := range []Factor{r, u} {
				if f.Rat().Sign() < 0 || f.Rat().Cmp(one) > 0 || f.Remaining < 0 || f.Remaining > f.Total {
					return fmt.Sprintf("%v: factor %v outside [0, 1]", conv, f)
				}
			}
			if conv.FractionRounding == ExactFraction && conv.Denominator == PeriodLength && new(big.Rat).Add(r.Rat(), u.Rat()).Cmp(one) != 0 {
				return fmt.Sprintf("%v: remaining %v + used %v ≠ 1", conv, r, u)
			}
			return ""
		}, pricingtest.Instant(), gen.Int64Range(0, 1e9), gen.Int64Range(0, 1e9), gen.SliceOfN(10, gen.IntRange(0, 1000))))
	props.Property("a rounded fraction is within half a unit of its scale of the exact one (or a unit, directed)", prop.ForAll(
		func(part, total int64, scale, mode int) bool {
			total = 1 + total
			part %= total + 1
			got := roundFraction(part, total, int32(scale), pricing.RoundingMode(mode))
			d := new(big.Rat).Sub(got.Rat(), big.NewRat(part, total))
			unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
			if mode <= int(pricing.HalfTowardZero) {
				unit.Quo(unit, big.NewRat(2, 1))
				return d.Abs(d).Cmp(unit) <= 0
			}
			return d.Abs(d).Cmp(unit) < 0
		}, gen.Int64Range(0, 1e12), gen.Int64Range(0, 1e12), gen.IntRange(0, 30), gen.IntRange(0, 6)))
	props.TestingRun(t)
}

func FuzzNewFactorIn(f *testing.F) {
	f.Add(int64(1684108800), int64(1686787200), int64(1684800000), 1, 0, 0, 30, 0, 0, 0, 1, 9, 0)
	f.Add(int64(1709269200), int64(1711944000), int64(1710468000), 1, 2, 1, 0, 0, 0, 0, 0, 0, 0)
	f.Add(int64(1675987200), int64(1677542400), int64(1675987200), 1, 0, 0, 0, 1, 0, 1, 1, 9, 0)
	f.Fuzz(func(t *testing.T, start, end, at int64, g, z, cd, fixed, den, iv, count, rounding, scale, mode int) {
		const lo, hi = -62135596800, 253402300799 // years 1 to 9999
		if start < lo || start > hi || end < lo || end > hi || at < lo || at > hi {
			return
		}
		zones := make([]*time.Location, len(zoneNames))
		for i, n := range zoneNames {
			zones[i] = zone(t, n)
		}
		abs := func(v int) int {
			if v < 0 {
				return -(v + 1)
			}
			return v
		}
		conv := anyConvention(zones, abs(g), abs(z), abs(cd), abs(fixed), abs(den), abs(iv), abs(count), abs(rounding), abs(scale), abs(mode))
		p := Period{Start: time.Unix(start, 0).UTC(), End: time.Unix(end, 0).UTC()}
		for _, used := range []bool{false, true} {
			fa, err := newFactor(p, time.Unix(at, 0), conv, used)
			if err != nil {
				var fe *pricing.FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("%v: %v is not a FieldError", conv, err)
				}
				continue
			}
			r := fa.Rat()
			if fa.Total <= 0 || fa.Remaining < 0 || fa.Remaining > fa.Total || r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
				t.Fatalf("%v: factor %v", conv, fa)
			}
			_ = fa.String()
			_ = Line{Factor: fa}.Explain()
		}
	})
}
