package invoice

import (
	"strings"
	"testing"
	"time"

	"github.com/pricekit/pricekit/proration"
)

// A proration step says how its time was counted, under each convention.
func TestProrationTextConventions(t *testing.T) {
	nov16 := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		conv proration.Convention
		want []string
	}{
		{"by the second", proration.Convention{}, []string{"Charge for the remaining time from ", ": 1296000 of the period's 2592000 seconds", "/2592000 = "}},
		{"30-day months", proration.Convention{Granularity: proration.ByDay, FixedMonth: 30}, []string{": 15 of 30 days (counting 30-day months)", "15/30 = "}},
		{"the day of the change used", proration.Convention{Granularity: proration.ByDay, Location: time.UTC, ChangeDay: proration.ChangeDayUsed},
			[]string{": 14 of the period's 30 days", ", days counted in UTC", ", the day of the change counted as used", "14/30 = "}},
		{"a rounded fraction", proration.Convention{Granularity: proration.ByDay, FractionRounding: proration.RoundedFraction, Scale: 4},
			[]string{" × 0.5 (the fraction rounded to 4 places) = "}},
	} {
		r := ruleRequest(t, Item{ID: "si_1", Price: rulePrice(t, "seat", 3000, false, false), Quantity: Qty(1)})
		r.Convention = c.conv
		r.Now = nov16
		r.Changes = &Changes{ProrationDate: nov16, Items: []ItemChange{{ID: "si_1", Quantity: Qty(2)}}}
		inv, err := Preview(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var text string
		for _, l := range inv.Lines {
			if l.Prorated != nil && !l.Prorated.Credit {
				for _, s := range l.Steps() {
					if s.Kind == StepProration {
						text = s.Text
					}
				}
			}
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q does not say %q", c.name, text, w)
			}
		}
	}
}
