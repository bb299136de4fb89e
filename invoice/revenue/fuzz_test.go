package revenue

import (
	"testing"
	"time"

	"github.com/pricekit/pricekit/pricing"
)

// FuzzRecognize: any amount, period, granularity and zone either is refused with a
// *pricing.FieldError or gives a schedule that conserves the amount; nothing panics.
func FuzzRecognize(f *testing.F) {
	f.Add(int64(12000), int64(1718452800), int64(1728820800), uint8(0), uint8(0), int64(0), int64(0))
	f.Add(int64(-9000), int64(1767225600), int64(1775001600), uint8(1), uint8(1), int64(4500), int64(1769904000))
	f.Add(int64(1), int64(0), int64(1), uint8(2), uint8(5), int64(1), int64(-1))
	f.Add(int64(MaxAmount), int64(-62135596800), int64(253402300799), uint8(3), uint8(6), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, amount, start, end int64, g, zone uint8, credit, created int64) {
		opts, err := NewOptions(Granularity(g%uint8(numGranularities+1)), zones[int(zone)%len(zones)])
		if err != nil {
			return
		}
		if start < -1e11 || start > 1e11 || end < -1e11 || end > 1e11 {
			return // beyond year ±3000: time.Time is not the subject here
		}
		req := Request{
			Lines:   []Line{{Amount: pricing.FromMinor(amount, usd), Period: period(time.Unix(start, 0), time.Unix(end, 0)), PaidAt: time.Unix(start, 0)}},
			Options: opts,
		}
		if credit != 0 {
			req.CreditNotes = []CreditNote{{Amount: pricing.FromMinor(credit, usd), Created: time.Unix(created, 0)}}
		}
		s, err := Recognize(req)
		if err != nil {
			if _, ok := err.(*pricing.FieldError); !ok {
				t.Fatalf("error %v is %T, not a *pricing.FieldError", err, err)
			}
			return
		}
		var sum int64
		for _, e := range s.Lines[0].Entries {
			sum += units(e.Amount)
		}
		want := amount
		if credit != 0 {
			want -= credit
		}
		if sum != want || units(s.Lines[0].Amount) != want {
			t.Fatalf("entries sum to %d, line amount %s, want %d", sum, s.Lines[0].Amount, want)
		}
		late := time.Unix(max(end, created)+1, 0)
		if d := units(s.Deferred(late)); d != 0 {
			t.Fatalf("Deferred after everything = %d", d)
		}
		if r := units(s.Recognized(time.Unix(min(start, created), 0))); r != 0 {
			t.Fatalf("Recognized before anything = %d", r)
		}
	})
}
