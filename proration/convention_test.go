package proration

import (
	"errors"
	"math/big"
	"testing"
	"time"
	_ "time/tzdata" // the zones of the engines' examples, whatever the machine has

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func local(loc *time.Location, y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func eur() pricing.Currency { c, _ := pricing.ParseCurrency("eur"); return c }

var byDay = Convention{Granularity: ByDay}

// engineCase is one documented number of an engine: the factor of a period at an
// instant, counted by a convention, and optionally what it makes of an amount.
type engineCase struct {
	name       string
	conv       Convention
	start, end time.Time
	at         time.Time
	used       bool
	part, of   int64
	fraction   string // the rounded fraction, when the convention rounds it
	full, want int64  // minor units of EUR, when the example states an amount
}

func (c engineCase) check(t *testing.T) {
	t.Helper()
	newF := NewFactorIn
	if c.used {
		newF = NewUsedFactor
	}
	f, err := newF(Period{Start: c.start.UTC(), End: c.end.UTC()}, c.at, c.conv)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if f.Remaining != c.part || f.Total != c.of {
		t.Errorf("factor %v, want %d/%d", f, c.part, c.of)
	}
	if c.fraction != "" && f.Fraction.String() != c.fraction {
		t.Errorf("fraction %s, want %s", f.Fraction, c.fraction)
	}
	if c.full != 0 {
		if got := f.Apply(pricing.FromMinor(c.full, eur())); !got.Equal(pricing.FromMinor(c.want, eur())) {
			t.Errorf("%d × %v = %s, want %d", c.full, f, got, c.want)
		}
	}
}

// Lago: days in the customer's time zone; an upgrade bills the day of the change to
// the new plan, a termination bills it to the old one.
func TestLagoConventions(t *testing.T) {
	ny := zone(t, "America/New_York")
	cases := []engineCase{
		// https://getlago.com/docs/guide/subscriptions/upgrades-downgrades: Plan A at
		// 100 EUR a month, paid in arrears, from January 1st, upgraded on January 15th:
		// "14 days prorated = €45.16 (14/31 × €100)".
		{name: "upgrade: old plan's used days", conv: byDay, start: utc(2025, 1, 1, 0, 0, 0), end: utc(2025, 2, 1, 0, 0, 0), at: utc(2025, 1, 15, 9, 30, 0), used: true, part: 14, of: 31, full: 10000, want: 4516},
		// The same upgrade, the new plan from the day of the change: 17 of 31 days.
		{name: "upgrade: new plan's remaining days", conv: byDay, start: utc(2025, 1, 1, 0, 0, 0), end: utc(2025, 2, 1, 0, 0, 0), at: utc(2025, 1, 15, 9, 30, 0), part: 17, of: 31, full: 20000, want: 10968},
		// A termination on January 15th bills the 15th to the old plan (lago-api
		// Subscription#date_diff_with_timezone takes a day off only for an upgrade;
		// CreditNotes::CreateFromTermination credits from the next day).
		{name: "termination: the day counts as used", conv: Convention{Granularity: ByDay, ChangeDay: ChangeDayUsed}, start: utc(2025, 1, 1, 0, 0, 0), end: utc(2025, 2, 1, 0, 0, 0), at: utc(2025, 1, 15, 9, 30, 0), used: true, part: 15, of: 31, full: 10000, want: 4839},
		{name: "termination: credit for the days after it", conv: Convention{Granularity: ByDay, ChangeDay: ChangeDayUsed}, start: utc(2025, 1, 1, 0, 0, 0), end: utc(2025, 2, 1, 0, 0, 0), at: utc(2025, 1, 15, 9, 30, 0), part: 16, of: 31},
		// https://getlago.com/docs/guide/customers/invoice-customer: the period runs
		// in the customer's zone. 02:00 UTC on March 15th is still March 14th in New
		// York, and March (with its 23-hour day) is 31 days.
		{name: "New York: the local day of the change", conv: Convention{Granularity: ByDay, Location: ny, ChangeDay: ChangeDayUsed}, start: local(ny, 2024, 3, 1), end: local(ny, 2024, 4, 1), at: utc(2024, 3, 15, 2, 0, 0), used: true, part: 14, of: 31},
		{name: "UTC: the same instant", conv: Convention{Granularity: ByDay, ChangeDay: ChangeDayUsed}, start: utc(2024, 3, 1, 0, 0, 0), end: utc(2024, 4, 1, 0, 0, 0), at: utc(2024, 3, 15, 2, 0, 0), used: true, part: 15, of: 31},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

// Flexprice: day-based proration in the customer's zone, the change day remaining;
// the coefficient is a shopspring Div (16 decimals, half away from zero).
func TestFlexpriceConventions(t *testing.T) {
	flex := Convention{Granularity: ByDay, FractionRounding: RoundedFraction, Scale: 16}
	ny, syd := zone(t, "America/New_York"), zone(t, "Australia/Sydney")
	// flexprice internal/domain/proration/calculator_test.go, TestCalculator_Calculate:
	// the period March 1 to 31 (its end inclusive, pricekit's End April 1), changed
	// on March 15: 17/31 of each side.
	march := func(name string, full, want int64) engineCase {
		return engineCase{name: name, conv: flex, start: utc(2024, 3, 1, 0, 0, 0), end: utc(2024, 4, 1, 0, 0, 0), at: utc(2024, 3, 15, 0, 0, 0), part: 17, of: 31, fraction: "0.5483870967741935", full: full, want: want}
	}
	cases := []engineCase{
		march("upgrade credit 10 × 17/31", 1000, 548),
		march("upgrade charge 20 × 17/31", 2000, 1097),
		march("downgrade credit 100 × 17/31", 10000, 5484),
		march("downgrade charge 30 × 17/31", 3000, 1645),
		march("quantity 5 × 10 credit", 5000, 2742),
		march("add item 25", 2500, 1371),
		march("remove item 40", 4000, 2194),
		// TestCalculator_DaysInDurationWithDST: days across daylight-saving changes
		// count once (local midnights in the zone).
		{name: "New York spring forward", conv: Convention{Granularity: ByDay, Location: ny}, start: local(ny, 2024, 3, 9), end: local(ny, 2024, 3, 11), at: local(ny, 2024, 3, 9), part: 2, of: 2},
		{name: "New York fall back", conv: Convention{Granularity: ByDay, Location: ny}, start: local(ny, 2024, 11, 2), end: local(ny, 2024, 11, 4), at: local(ny, 2024, 11, 3), part: 1, of: 2},
		{name: "Sydney DST end", conv: Convention{Granularity: ByDay, Location: syd}, start: local(syd, 2024, 4, 6), end: local(syd, 2024, 4, 8), at: local(syd, 2024, 4, 7).Add(23 * time.Hour), part: 1, of: 2},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

// Kill Bill: fixed-day months, the billing period of a partial period found by
// clamped month arithmetic, and the fraction rounded to 9 places half up.
func TestKillBillConventions(t *testing.T) {
	kb := func(fixed int) Convention {
		return Convention{Granularity: ByDay, FixedMonth: fixed, FractionRounding: RoundedFraction, Scale: 9, Mode: pricing.HalfAwayFromZero}
	}
	d := func(y int, m time.Month, day int) time.Time { return utc(y, m, day, 0, 0, 0) }
	cases := []engineCase{
		// invoice/src/test/.../TestInvoiceDateUtilsWithFixedProration.java (fixed days
		// 30): before the first billing period, start May 23, next billing date June 15
		// → 0.733333333; start May 15, next May 23 → 0.266666667.
		{name: "fixed 30, leading, May 23 → Jun 15", conv: kb(30), start: d(2023, 5, 15), end: d(2023, 6, 15), at: d(2023, 5, 23), part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, leading, Jun 23 → Jul 15", conv: kb(30), start: d(2023, 6, 15), end: d(2023, 7, 15), at: d(2023, 6, 23), part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, leading, Feb 23 → Mar 15", conv: kb(30), start: d(2023, 2, 15), end: d(2023, 3, 15), at: d(2023, 2, 23), part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, leading, leap Feb 23 → Mar 15", conv: kb(30), start: d(2024, 2, 15), end: d(2024, 3, 15), at: d(2024, 2, 23), part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, leading, May 15 → May 23", conv: kb(30), start: d(2023, 4, 23), end: d(2023, 5, 23), at: d(2023, 5, 15), part: 8, of: 30, fraction: "0.266666667"},
		// After the last billing cycle date: from May 23 to an end on June 15 →
		// 0.733333333, and the same from February 23 to March 15.
		{name: "fixed 30, trailing, May 23 → Jun 15", conv: kb(30), start: d(2023, 5, 23), end: d(2023, 6, 23), at: d(2023, 6, 15), used: true, part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, trailing, Feb 23 → Mar 15", conv: kb(30), start: d(2023, 2, 23), end: d(2023, 3, 23), at: d(2023, 3, 15), used: true, part: 22, of: 30, fraction: "0.733333333"},
		{name: "fixed 30, trailing, leap Feb 23 → Mar 15", conv: kb(30), start: d(2024, 2, 23), end: d(2024, 3, 23), at: d(2024, 3, 15), used: true, part: 22, of: 30, fraction: "0.733333333"},
		// testDaysBetweenWithFixedDaysInMonth28: May 23 → June 15 is 20 days.
		{name: "fixed 28, May 23 → Jun 15", conv: kb(28), start: d(2023, 5, 23), end: d(2023, 6, 23), at: d(2023, 6, 15), used: true, part: 20, of: 28, fraction: "0.714285714"},
		// testDaysBetweenWithFixedDaysInMonthForSameMonth: May 15 → May 23 is 8 days.
		{name: "fixed 30, same month", conv: kb(30), start: d(2023, 5, 15), end: d(2023, 6, 15), at: d(2023, 5, 23), used: true, part: 8, of: 30, fraction: "0.266666667"},
		// Across a 31-day month, 30-day months: May 15 to June 1 is 16 days, not 17.
		{name: "fixed 30, over May 31", conv: kb(30), start: d(2023, 5, 1), end: d(2023, 6, 1), at: d(2023, 5, 15), part: 16, of: 30, fraction: "0.533333333"},
		// A billing day of 31: the partial period ending on February 28 lies in the
		// billing period January 28 → February 28 (Joda's minus one month clamps), 31
		// days: 18/31 from February 10 (InvoiceDateUtils.calculateProRationBeforeFirstBillingPeriod).
		{name: "billing day 31, leading", conv: Convention{Granularity: ByDay, Denominator: IntervalBeforeEnd, Interval: pricing.Month, IntervalCount: 1, FractionRounding: RoundedFraction, Scale: 9}, start: d(2023, 2, 10), end: d(2023, 2, 28), at: d(2023, 2, 10), part: 18, of: 31, fraction: "0.580645161", full: 10000, want: 5806},
		// After the last billing date, January 31 + one month = February 28: a
		// cancellation on February 20 uses 20 of 28 days (calculateProRationAfterLastBillingCycleDate).
		{name: "billing day 31, trailing", conv: Convention{Granularity: ByDay, Denominator: IntervalAfterStart, Interval: pricing.Month, IntervalCount: 1, FractionRounding: RoundedFraction, Scale: 9}, start: d(2023, 1, 31), end: d(2023, 2, 20), at: d(2023, 2, 20), used: true, part: 20, of: 28, fraction: "0.714285714"},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

// TestConventionRefusals checks that every setting without an effect, or outside its
// range, is refused at its field, and the period errors of each option.
func TestConventionRefusals(t *testing.T) {
	p := Period{Start: utc(2026, 1, 1, 0, 0, 0), End: utc(2026, 2, 1, 0, 0, 0)}
	at := utc(2026, 1, 10, 0, 0, 0)
	month := func(c Convention) Convention { c.Interval, c.IntervalCount = pricing.Month, 1; return c }
	cases := []struct {
		name  string
		p     Period
		conv  Convention
		field string
		want  error
	}{
		{"granularity", p, Convention{Granularity: 7}, "Convention.Granularity", ErrInvalidGranularity},
		{"location by second", p, Convention{Location: time.UTC}, "Convention.Location", ErrInvalidConvention},
		{"change day unknown", p, Convention{Granularity: ByDay, ChangeDay: 9}, "Convention.ChangeDay", ErrInvalidConvention},
		{"change day by second", p, Convention{ChangeDay: ChangeDayUsed}, "Convention.ChangeDay", ErrInvalidConvention},
		{"fixed month 31", p, Convention{Granularity: ByDay, FixedMonth: 31}, "Convention.FixedMonth", ErrInvalidConvention},
		{"fixed month by second", p, Convention{FixedMonth: 30}, "Convention.FixedMonth", ErrInvalidConvention},
		{"fixed month and interval", p, month(Convention{Granularity: ByDay, FixedMonth: 30, Denominator: IntervalBeforeEnd}), "Convention.Denominator", ErrInvalidConvention},
		{"denominator unknown", p, Convention{Denominator: 5}, "Convention.Denominator", ErrInvalidConvention},
		{"interval unused", p, Convention{Interval: pricing.Year}, "Convention.Interval", ErrInvalidConvention},
		{"interval count unused", p, Convention{IntervalCount: 1}, "Convention.IntervalCount", ErrInvalidConvention},
		{"interval invalid", p, Convention{Denominator: IntervalBeforeEnd, Interval: 9, IntervalCount: 1}, "Convention.Interval", ErrInvalidConvention},
		{"interval count 0", p, Convention{Denominator: IntervalBeforeEnd}, "Convention.IntervalCount", ErrInvalidConvention},
		{"fraction rounding unknown", p, Convention{FractionRounding: 4}, "Convention.FractionRounding", ErrInvalidConvention},
		{"scale unused", p, Convention{Scale: 9}, "Convention.Scale", ErrInvalidConvention},
		{"mode unused", p, Convention{Mode: pricing.Floor}, "Convention.Mode", ErrInvalidConvention},
		{"scale negative", p, Convention{FractionRounding: RoundedFraction, Scale: -1}, "Convention.Scale", ErrInvalidConvention},
		{"scale too large", p, Convention{FractionRounding: RoundedFraction, Scale: 31}, "Convention.Scale", ErrInvalidConvention},
		{"mode invalid", p, Convention{FractionRounding: RoundedFraction, Mode: 99}, "Convention.Mode", ErrInvalidConvention},
		{"no whole day in the zone", Period{Start: utc(2026, 1, 1, 16, 0, 0), End: utc(2026, 1, 1, 20, 0, 0)}, Convention{Granularity: ByDay, Location: zone(t, "Asia/Tokyo")}, "Period.End", ErrInvalidPeriod},
		{"fixed month, not whole months", Period{Start: utc(2026, 1, 1, 0, 0, 0), End: utc(2026, 1, 15, 0, 0, 0)}, Convention{Granularity: ByDay, FixedMonth: 30}, "Period.End", ErrInvalidPeriod},
		{"fixed month, a week over a month end", Period{Start: utc(2026, 1, 28, 0, 0, 0), End: utc(2026, 2, 4, 0, 0, 0)}, Convention{Granularity: ByDay, FixedMonth: 30}, "Period.End", ErrInvalidPeriod},
		{"longer than the interval before the end", Period{Start: utc(2025, 12, 1, 0, 0, 0), End: utc(2026, 2, 1, 0, 0, 0)}, month(Convention{Denominator: IntervalBeforeEnd}), "Period.Start", ErrInvalidPeriod},
		{"longer than the interval after the start", Period{Start: utc(2026, 2, 28, 0, 0, 0), End: utc(2026, 3, 31, 0, 0, 0)}, month(Convention{Denominator: IntervalAfterStart}), "Period.End", ErrInvalidPeriod},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := at
			if !c.p.Contains(a) {
				a = c.p.Start
			}
			_, err := NewFactorIn(c.p, a, c.conv)
			var fe *pricing.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.want) {
				t.Fatalf("%v, want a FieldError at %s wrapping %v", err, c.field, c.want)
			}
			if _, err2 := NewUsedFactor(c.p, a, c.conv); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("used factor: %v, want %v", err2, err)
			}
		})
	}
	if err := (Convention{Granularity: ByDay, FixedMonth: 28}).Check(); err != nil {
		t.Errorf("Check of a valid convention: %v", err)
	}
	var fe *pricing.FieldError
	if err := (Convention{Scale: 2}).Check(); !errors.As(err, &fe) || fe.Field != "Scale" {
		t.Errorf("Check names the field relative to the Convention: %v", err)
	}
	// A used factor is not a change's factor.
	f, _ := NewUsedFactor(p, at, Convention{})
	s := &Side{Amount: pricing.FromMinor(100, eur())}
	if _, err := (Change{From: s, To: s}).Lines(f); !errors.Is(err, ErrInvalidConvention) {
		t.Errorf("lines of a used factor: %v", err)
	}
}

// TestConventionExplains checks that a factor says how it was counted, and that the
// conventions of NewFactor read as before.
func TestConventionExplains(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	p := Period{Start: utc(2023, 5, 15, 0, 0, 0), End: utc(2023, 6, 15, 0, 0, 0)}
	f, err := NewFactorIn(p, utc(2023, 5, 23, 0, 0, 0), Convention{Granularity: ByDay, FixedMonth: 30, FractionRounding: RoundedFraction, Scale: 9})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.String(), "22/30 days (by day, 30-day months, fraction rounded half-away-from-zero to 9 places) = 0.733333333"; got != want {
		t.Errorf("String %q, want %q", got, want)
	}
	l := Line{Side: Side{Amount: pricing.FromMinor(3000, eur())}, Factor: f, Amount: f.Apply(pricing.FromMinor(3000, eur()))}
	want := "charge: 30.00 EUR × 22/30 (22 of 30 days (30-day months) remain from 23 May 2023 00:00 UTC to 15 Jun 2023 00:00 UTC, in the period from 15 May 2023 00:00 UTC; the fraction rounded half-away-from-zero to 9 places is 0.733333333) = 21.99999999 EUR, rounded half away from zero to 22.00 EUR"
	if got := l.Explain(); got != want {
		t.Errorf("Explain\n%s\nwant\n%s", got, want)
	}
	g, _ := NewUsedFactor(p, utc(2023, 5, 23, 0, 0, 0), Convention{Granularity: ByDay, Location: paris, ChangeDay: ChangeDayUsed})
	if got, want := g.String(), "9/31 days used (by day in Europe/Paris, change day used)"; got != want {
		t.Errorf("String %q, want %q", got, want)
	}
	h, _ := NewFactorIn(Period{Start: utc(2023, 2, 10, 0, 0, 0), End: utc(2023, 2, 28, 0, 0, 0)}, utc(2023, 2, 20, 0, 0, 0), Convention{Granularity: ByDay, Location: paris, ChangeDay: ChangeDayUsed, Denominator: IntervalBeforeEnd, Interval: pricing.Month, IntervalCount: 1})
	l = Line{Side: Side{Amount: pricing.FromMinor(3100, eur())}, Factor: h, Amount: h.Apply(pricing.FromMinor(3100, eur()))}
	want = "charge: 31.00 EUR × 7/31 (7 of 31 days remain from 20 Feb 2023 00:00 UTC / 20 Feb 2023 01:00 Europe/Paris to 28 Feb 2023 00:00 UTC / 28 Feb 2023 01:00 Europe/Paris, in the period from 10 Feb 2023 00:00 UTC / 10 Feb 2023 01:00 Europe/Paris; days counted in Europe/Paris; the day of the change counted as used; out of the billing period of 1 month from 28 Jan 2023 00:00 UTC / 28 Jan 2023 01:00 Europe/Paris to 28 Feb 2023 00:00 UTC / 28 Feb 2023 01:00 Europe/Paris) = 7.00 EUR"
	if got := l.Explain(); got != want {
		t.Errorf("Explain\n%s\nwant\n%s", got, want)
	}
}

// TestRoundFraction checks the exact rounding of a fraction in every mode, at ties
// and just off them.
func TestRoundFraction(t *testing.T) {
	cases := []struct {
		part, total int64
		scale       int32
		mode        pricing.RoundingMode
		want        string
	}{
		{1, 8, 2, pricing.HalfAwayFromZero, "0.13"},
		{1, 8, 2, pricing.HalfEven, "0.12"},
		{1, 8, 2, pricing.HalfTowardZero, "0.12"},
		{1, 3, 2, pricing.Up, "0.34"},
		{1, 3, 2, pricing.Ceiling, "0.34"},
		{2, 3, 2, pricing.Down, "0.66"},
		{2, 3, 2, pricing.Floor, "0.66"},
		{2, 3, 9, pricing.HalfAwayFromZero, "0.666666667"},
		{1, 3, 0, pricing.HalfAwayFromZero, "0"},
		{1, 2, 0, pricing.HalfEven, "0"},
		{1, 2, 0, pricing.HalfAwayFromZero, "1"},
		{125001, 1000000, 2, pricing.HalfTowardZero, "0.13"}, // just past the tie
		{5, 5, 9, pricing.Up, "1"},
	}
	for _, c := range cases {
		got := roundFraction(c.part, c.total, c.scale, c.mode)
		want := decimal.RequireFromString(c.want)
		if !got.Equal(want) {
			t.Errorf("%d/%d to %d (%s) = %s, want %s", c.part, c.total, c.scale, c.mode, got, c.want)
		}
		exact := new(big.Rat).SetFrac64(c.part, c.total)
		if d := new(big.Rat).Sub(got.Rat(), exact); d.Abs(d).Cmp(new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(c.scale)), nil))) >= 0 {
			t.Errorf("%d/%d: %s is a unit or more away", c.part, c.total, got)
		}
	}
}
