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
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
)

func usd(t testing.TB) pricing.Currency {
	c, _ := pricing.ParseCurrency("usd")
	return c
}

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// Stripe's documented preview: a 10.00 plan changed to 32.52 on 01 Sep 2020.
func TestStripeDocumentedProration(t *testing.T) {
	p, err := NewPeriod(time.Unix(1596749288, 0), time.Unix(1599427688, 0))
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFactor(p, time.Unix(1598982148, 0), BySecond)
	if err != nil || f.Remaining != 445540 || f.Total != 2678400 {
		t.Fatalf("factor %v (%v)", f, err)
	}
	c := usd(t)
	lines, err := Change{ItemID: "si_1",
		From: &Side{Name: "Silver", PriceID: "silver", Quantity: decimal.NewFromInt(1), Amount: pricing.FromMinor(1000, c)},
		To:   &Side{Name: "Gold", PriceID: "gold", Quantity: decimal.NewFromInt(1), Amount: pricing.FromMinor(3252, c)},
	}.Lines(f)
	if err != nil || len(lines) != 2 {
		t.Fatalf("%v %v", lines, err)
	}
	if !lines[0].Amount.Equal(pricing.FromMinor(-166, c)) || !lines[1].Amount.Equal(pricing.FromMinor(541, c)) || !lines[0].Credit || lines[1].Credit {
		t.Errorf("lines %s %s, want −1.66 and 5.41", lines[0].Amount, lines[1].Amount)
	}
	if lines[0].Description() != "Unused time on Silver after 01 Sep 2020" || lines[1].Description() != "Remaining time on Gold after 01 Sep 2020" {
		t.Errorf("descriptions %q %q", lines[0].Description(), lines[1].Description())
	}
	if lines[0].Period.Start.Unix() != 1598982148 || lines[0].Period.End.Unix() != 1599427688 {
		t.Errorf("period %v", lines[0].Period)
	}
}

// Seats 2 → 3 at 10.00 with 21 of 31 days left: −13.55 and +20.32.
func TestSeatChangeByDay(t *testing.T) {
	c := usd(t)
	p, _ := NewPeriod(utc(2026, 1, 1, 0, 0, 0), utc(2026, 2, 1, 0, 0, 0))
	for _, g := range []Granularity{ByDay, BySecond} {
		f, err := NewFactor(p, utc(2026, 1, 11, 0, 0, 0), g)
		if err != nil || f.Remaining*31 != f.Total*21 {
			t.Fatalf("%s: factor %v (%v)", g, f, err)
		}
		lines, _ := Change{ItemID: "seats",
			From: &Side{Name: "Seat", Quantity: decimal.NewFromInt(2), Amount: pricing.FromMinor(2000, c)},
			To:   &Side{Name: "Seat", Quantity: decimal.NewFromInt(3), Amount: pricing.FromMinor(3000, c)},
		}.Lines(f)
		if !lines[0].Amount.Equal(pricing.FromMinor(-1355, c)) || !lines[1].Amount.Equal(pricing.FromMinor(2032, c)) {
			t.Errorf("%s: %s %s", g, lines[0].Amount, lines[1].Amount)
		}
		if lines[1].Description() != "Remaining time on 3 × Seat after 11 Jan 2026" {
			t.Errorf("description %q", lines[1].Description())
		}
	}
	// Day granularity counts the change day as remaining, whatever the time of day.
	f, _ := NewFactor(p, utc(2026, 1, 11, 17, 30, 0), ByDay)
	if f.Remaining != 21 || f.Total != 31 {
		t.Errorf("mid-day change: %v", f)
	}
}

func TestCycles(t *testing.T) {
	jan31 := utc(2024, 1, 31, 9, 15, 0)
	c, err := NewCycle(jan31, pricing.Month, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{utc(2023, 12, 31, 9, 15, 0), jan31, utc(2024, 2, 29, 9, 15, 0), utc(2024, 3, 31, 9, 15, 0), utc(2024, 4, 30, 9, 15, 0), utc(2024, 5, 31, 9, 15, 0)}
	for k, w := range want {
		if got, err := c.Boundary(k - 1); err != nil || !got.Equal(w) {
			t.Errorf("boundary %d: %s (%v), want %s", k-1, got, err, w)
		}
	}
	cases := []struct {
		anchor     time.Time
		iv         pricing.Interval
		count      int
		at         time.Time
		start, end time.Time
	}{
		{jan31, pricing.Month, 1, utc(2025, 2, 28, 9, 15, 0), utc(2025, 2, 28, 9, 15, 0), utc(2025, 3, 31, 9, 15, 0)},
		{jan31, pricing.Month, 1, utc(2025, 2, 28, 9, 14, 59), utc(2025, 1, 31, 9, 15, 0), utc(2025, 2, 28, 9, 15, 0)},
		{jan31, pricing.Month, 3, utc(2024, 6, 1, 0, 0, 0), utc(2024, 4, 30, 9, 15, 0), utc(2024, 7, 31, 9, 15, 0)},
		{jan31, pricing.Year, 1, utc(2030, 6, 1, 0, 0, 0), utc(2030, 1, 31, 9, 15, 0), utc(2031, 1, 31, 9, 15, 0)},
		{utc(2024, 2, 29, 0, 0, 0), pricing.Year, 1, utc(2025, 3, 1, 0, 0, 0), utc(2025, 2, 28, 0, 0, 0), utc(2026, 2, 28, 0, 0, 0)},
		{utc(2026, 11, 2, 8, 0, 0), pricing.Week, 1, utc(2026, 11, 24, 22, 0, 0), utc(2026, 11, 23, 8, 0, 0), utc(2026, 11, 30, 8, 0, 0)},
		{jan31, pricing.Month, 1, utc(2020, 3, 5, 0, 0, 0), utc(2020, 2, 29, 9, 15, 0), utc(2020, 3, 31, 9, 15, 0)},
		{jan31, pricing.Day, 3, utc(2024, 2, 1, 0, 0, 0), utc(2024, 1, 31, 9, 15, 0), utc(2024, 2, 3, 9, 15, 0)},
	}
	for i, tc := range cases {
		cy, err := NewCycle(tc.anchor, tc.iv, tc.count)
		if err != nil {
			t.Fatal(err)
		}
		p, err := cy.PeriodAt(tc.at)
		if err != nil || !p.Start.Equal(tc.start) || !p.End.Equal(tc.end) {
			t.Errorf("case %d: PeriodAt(%s) = %v (%v), want %s–%s", i, tc.at, p, err, tc.start, tc.end)
		}
	}
	for _, bad := range []struct {
		iv    pricing.Interval
		count int
	}{{pricing.Year, 4}, {pricing.Month, 37}, {pricing.Week, 157}, {pricing.Day, 1096}, {pricing.Month, 0}, {pricing.Interval(9), 1}} {
		if _, err := NewCycle(jan31, bad.iv, bad.count); !errors.Is(err, ErrInvalidCycle) {
			t.Errorf("every %d %s: %v", bad.count, bad.iv, err)
		}
	}
}

func TestFactorEdges(t *testing.T) {
	c := usd(t)
	p, _ := NewPeriod(utc(2026, 1, 1, 0, 0, 0), utc(2026, 2, 1, 0, 0, 0))
	full := pricing.FromMinor(12345, c)
	first, _ := NewFactor(p, p.Start, BySecond)
	last, _ := NewFactor(p, p.End.Add(-time.Second), BySecond)
	end, _ := NewFactor(p, p.End, BySecond)
	if !first.Apply(full).Equal(full) || !end.Apply(full).IsZero() || !last.Apply(full).IsZero() {
		t.Errorf("first %s last %s end %s", first.Apply(full), last.Apply(full), end.Apply(full))
	}
	if _, err := NewFactor(p, p.End.Add(time.Second), BySecond); !errors.Is(err, ErrOutsidePeriod) {
		t.Errorf("after the end: %v", err)
	}
	if _, err := NewFactor(p, p.Start.Add(-time.Second), ByDay); !errors.Is(err, ErrOutsidePeriod) {
		t.Errorf("before the start: %v", err)
	}
	if _, err := NewPeriod(p.End, p.Start); !errors.Is(err, ErrInvalidPeriod) {
		t.Errorf("reversed period: %v", err)
	}
	short, _ := NewPeriod(utc(2026, 1, 1, 1, 0, 0), utc(2026, 1, 1, 5, 0, 0))
	if _, err := NewFactor(short, short.Start, ByDay); !errors.Is(err, ErrInvalidPeriod) {
		t.Errorf("sub-day period by day: %v", err)
	}
	if _, err := (Change{ItemID: "x"}).Lines(first); !errors.Is(err, ErrEmptyChange) {
		t.Errorf("empty change: %v", err)
	}
	eur, _ := pricing.ParseCurrency("eur")
	if _, err := (Change{From: &Side{Amount: full}, To: &Side{Amount: pricing.FromMinor(1, eur)}}).Lines(first); !errors.Is(err, pricing.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies: %v", err)
	}
	for _, s := range []string{"hour", ""} {
		if _, err := ParseGranularity(s); !errors.Is(err, ErrInvalidGranularity) {
			t.Errorf("granularity %q: %v", s, err)
		}
		if _, err := ParseBehavior(s); !errors.Is(err, ErrInvalidBehavior) {
			t.Errorf("behavior %q: %v", s, err)
		}
	}
}

func TestProrationProperties(t *testing.T) {
	c := usd(t)
	props := gopter.NewProperties(pricingtest.Parameters(200))
	intervals := gen.IntRange(0, 3).Map(func(i int) pricing.Interval { return pricing.Interval(i) })
	props.Property("periods tile time: each instant in exactly one period, boundaries increasing", prop.ForAll(
		func(anchor, at time.Time, iv pricing.Interval, count int) string {
			cy, err := NewCycle(anchor, iv, 1+count%iv.MaxIntervalCount())
			if err != nil {
				return err.Error()
			}
			p, err := cy.PeriodAt(at)
			if err != nil {
				return err.Error()
			}
			if !p.Contains(at) || !p.End.After(p.Start) {
				return "period does not contain the instant"
			}
			next, _ := cy.PeriodAt(p.End)
			prev, _ := cy.PeriodAt(p.Start.Add(-time.Second))
			if !next.Start.Equal(p.End) || !prev.End.Equal(p.Start) || next.Contains(at) || prev.Contains(at) {
				return "neighbouring periods overlap or leave a gap"
			}
			return ""
		}, pricingtest.Instant(), pricingtest.Instant(), intervals, gen.IntRange(0, 40)))
	props.Property("factor is exact and in [0, 1]; start gives the full amount, end zero", prop.ForAll(
		func(start time.Time, length, offset int64, minor int64) bool {
			p, _ := NewPeriod(start, start.Add(time.Duration(1+length%(366*86400))*time.Second))
			at := p.Start.Add(time.Duration(offset%(p.Seconds()+1)) * time.Second)
			f, err := NewFactor(p, at, BySecond)
			if err != nil {
				return false
			}
			r := f.Rat()
			full := pricing.FromMinor(minor, c)
			fs, _ := NewFactor(p, p.Start, BySecond)
			fe, _ := NewFactor(p, p.End, BySecond)
			return r.Sign() >= 0 && r.Cmp(big.NewRat(1, 1)) <= 0 && fs.Apply(full).Equal(full) && fe.Apply(full).IsZero()
		}, pricingtest.Instant(), gen.Int64Range(0, 1e9), gen.Int64Range(0, 1e9), pricingtest.MinorUnits(1e9)))
	props.Property("the integer path of the exact amount agrees with decimals", prop.ForAll(
		func(a decimal.Decimal, n, d int64, scale int, neg bool) string {
			d = 1 + d
			n = n % (d + 1)
			want := a.Mul(decimal.NewFromInt(n)).DivRound(decimal.NewFromInt(d), int32(scale))
			if neg {
				want = want.Neg()
			}
			got, ok := mulDivRound(a, n, d, int32(scale), neg)
			if ok && !got.Equal(want) {
				return fmt.Sprintf("%s × %d / %d to %d places: %s, want %s", a, n, d, scale, got, want)
			}
			return ""
		}, pricingtest.Decimal(15, 12), gen.Int64Range(0, 1e10), gen.Int64Range(0, 1e10), gen.IntRange(0, 26), gen.Bool()))
	props.Property("an unchanged item's credit and charge cancel exactly", prop.ForAll(
		func(minor int64, offset int64) bool {
			p, _ := NewPeriod(utc(2026, 1, 1, 0, 0, 0), utc(2026, 2, 1, 0, 0, 0))
			f, _ := NewFactor(p, p.Start.Add(time.Duration(offset%p.Seconds())*time.Second), BySecond)
			s := &Side{Name: "x", Quantity: decimal.NewFromInt(1), Amount: pricing.FromMinor(minor, c)}
			ls, err := Change{From: s, To: s}.Lines(f)
			sum, _ := ls[0].Amount.Add(ls[1].Amount)
			return err == nil && sum.IsZero()
		}, pricingtest.MinorUnits(1e12), gen.Int64Range(0, 1e9)))
	props.Property("day and second granularity agree at midnights", prop.ForAll(
		func(day, days, offset int) bool {
			start := utc(2024, 1, 1, 0, 0, 0).AddDate(0, 0, day)
			p, _ := NewPeriod(start, start.AddDate(0, 0, 1+days))
			at := start.AddDate(0, 0, offset%(2+days))
			a, err1 := NewFactor(p, at, BySecond)
			b, err2 := NewFactor(p, at, ByDay)
			return err1 == nil && err2 == nil && a.Rat().Cmp(b.Rat()) == 0
		}, gen.IntRange(0, 5000), gen.IntRange(0, 400), gen.IntRange(0, 1000)))
	props.Property("paying the full period then prorating every change = the time-weighted price held, within a unit per line", prop.ForAll(
		func(amounts []int64, offsets []int64) string {
			p, _ := NewPeriod(utc(2026, 3, 1, 0, 0, 0), utc(2026, 4, 1, 0, 0, 0))
			n := len(amounts)
			if len(offsets) < n {
				n = len(offsets)
			}
			if n == 0 {
				return ""
			}
			// Change instants, increasing.
			ats := make([]int64, n)
			for i := 0; i < n; i++ {
				ats[i] = offsets[i] % p.Seconds()
				if ats[i] < 0 {
					ats[i] = -ats[i]
				}
			}
			sortInts(ats)
			paid := decimal.NewFromInt(amounts[0]) // the first plan, paid in full at the start
			lines := 0
			weighted := new(big.Rat)
			prevAt, prevAmt := int64(0), amounts[0]
			for i := 1; i < n; i++ {
				f, _ := NewFactor(p, p.Start.Add(time.Duration(ats[i])*time.Second), BySecond)
				ls, _ := Change{From: &Side{Amount: pricing.FromMinor(prevAmt, c)}, To: &Side{Amount: pricing.FromMinor(amounts[i], c)}}.Lines(f)
				for _, l := range ls {
					paid = paid.Add(l.Amount.MinorDecimal())
					lines++
				}
				weighted.Add(weighted, big.NewRat(prevAmt*(ats[i]-prevAt), p.Seconds()))
				prevAt, prevAmt = ats[i], amounts[i]
			}
			weighted.Add(weighted, big.NewRat(prevAmt*(p.Seconds()-prevAt), p.Seconds()))
			diff := new(big.Rat).Sub(paid.Rat(), weighted)
			if diff.Abs(diff).Cmp(big.NewRat(int64(lines), 2)) > 0 {
				return "paid " + paid.String() + ", time-weighted " + weighted.FloatString(4)
			}
			return ""
		}, gen.SliceOf(pricingtest.NonNegativeMinorUnits(1e7)), gen.SliceOf(gen.Int64Range(0, 1e9))))
	props.TestingRun(t)
}

func sortInts(v []int64) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

func FuzzPeriodAt(f *testing.F) {
	f.Add(int64(1596749288), uint8(0), 1, int64(1598982148))
	f.Add(int64(1706692500), uint8(0), 1, int64(0))
	f.Add(int64(0), uint8(3), 3, int64(7258118400))
	f.Add(int64(0), uint8(0), 3, int64(7258118400))
	f.Add(int64(-62135596800), uint8(0), 1, int64(253402300799-40*86400))
	f.Add(int64(253402300799), uint8(3), 2, int64(-62135596800+800*86400))
	f.Fuzz(func(t *testing.T, anchor int64, iv uint8, count int, at int64) {
		const lo, hi = -62135596800, 253402300799 // years 1 to 9999
		if anchor < lo || anchor > hi || at < lo || at > hi {
			return
		}
		cy, err := NewCycle(time.Unix(anchor, 0), pricing.Interval(iv), count)
		if err != nil {
			if !errors.Is(err, ErrInvalidCycle) {
				t.Fatal(err)
			}
			return
		}
		p, err := cy.PeriodAt(time.Unix(at, 0))
		if err != nil {
			// only a period reaching beyond the years 1 to 9999 may be refused
			const edge = 3 * 366 * 86400 // the longest period: 3 years
			if !errors.Is(err, ErrInvalidCycle) || (at-lo > edge && hi-at > edge) {
				t.Fatal(err)
			}
			return
		}
		if !p.Contains(time.Unix(at, 0)) || !p.End.After(p.Start) {
			t.Fatalf("period %v does not contain %d", p, at)
		}
	})
}

func FuzzNewFactor(f *testing.F) {
	f.Add(int64(1596749288), int64(1599427688), int64(1598982148), false)
	f.Add(int64(0), int64(1), int64(1), true)
	f.Fuzz(func(t *testing.T, start, end, at int64, byDay bool) {
		const lo, hi = 0, 7258118400
		if start < lo || start > hi || end < lo || end > hi || at < lo || at > hi {
			return
		}
		p, err := NewPeriod(time.Unix(start, 0), time.Unix(end, 0))
		if err != nil {
			return
		}
		g := BySecond
		if byDay {
			g = ByDay
		}
		fa, err := NewFactor(p, time.Unix(at, 0), g)
		if err != nil {
			if !errors.Is(err, ErrOutsidePeriod) && !errors.Is(err, ErrInvalidPeriod) {
				t.Fatal(err)
			}
			return
		}
		if fa.Remaining < 0 || fa.Remaining > fa.Total || fa.Total <= 0 {
			t.Fatalf("factor %v", fa)
		}
	})
}

// TestMulDivRound checks the integer path on amounts it must take, rounding half
// away from zero on either sign, and its refusal of what does not fit.
func TestMulDivRound(t *testing.T) {
	cases := []struct {
		a          decimal.Decimal
		n, d       int64
		scale      int32
		neg        bool
		want       string
		integerWay bool
	}{
		{decimal.New(28000, -2), 1296000, 2592000, 14, false, "140", true},
		{decimal.New(28000, -2), 1296000, 2592000, 14, true, "-140", true},
		{decimal.New(1, 0), 2, 3, 2, false, "0.67", true},
		{decimal.New(-1, 0), 2, 3, 2, false, "-0.67", true},
		{decimal.New(1, 0), 1, 8, 2, true, "-0.13", true}, // 0.125: half away from zero
		{decimal.New(999999999999999999, 0), 1e9, 1, 0, false, "999999999999999999000000000", false},
		{decimal.New(1, -30), 1, 3, 2, false, "0", false},
	}
	for _, c := range cases {
		got, ok := mulDivRound(c.a, c.n, c.d, c.scale, c.neg)
		if ok != c.integerWay || ok && got.String() != c.want {
			t.Errorf("%s × %d / %d to %d places (neg %v) = %s, %v; want %s, %v", c.a, c.n, c.d, c.scale, c.neg, got, ok, c.want, c.integerWay)
		}
		f := Factor{Remaining: c.n, Total: c.d}
		if e := f.exact(pricing.New(c.a, pricing.Currency{}), c.neg); !ok && e.String() != c.want {
			t.Errorf("fallback: %s, want %s", e, c.want)
		}
	}
}
