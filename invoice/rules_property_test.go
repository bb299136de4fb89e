package invoice

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/pricing/pricingtest"
	"github.com/pricekit/pricekit/proration"
)

// TestPriceChangeProperties: a price change without IDs always prorates (a price
// without an ID is never the same as another), whatever the amounts; one ID given
// to two different prices is always refused.
func TestPriceChangeProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(200))
	mk := func(id string, unit int64) pricing.Price {
		p, _ := pricing.NewPrice(pricing.PriceParams{ID: id, Currency: ruleUSD, UnitAmount: decimal.New(unit, -2), Recurring: &pricing.Recurring{Interval: pricing.Month}})
		return p
	}
	at := gen.Int64Range(1, 29*86400)
	props.Property("a price change without ids prorates", prop.ForAll(func(from, to, day int64) string {
		r := ruleRequest(t, Item{ID: "a", Price: mk("", from)})
		p := mk("", to)
		r.Changes = &Changes{ProrationDate: ruleStart.Add(time.Duration(day) * time.Second), Items: []ItemChange{{ID: "a", Price: &p}}}
		inv, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		n := 0
		for _, l := range inv.Lines {
			if l.Proration {
				n++
			}
		}
		if n != 2 {
			return fmt.Sprintf("%d proration lines, want a credit and a charge", n)
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(0, 1e6), at))
	props.Property("one id with two different prices is refused", prop.ForAll(func(from, delta int64, inChange bool) string {
		r := ruleRequest(t, Item{ID: "a", Price: mk("price_x", from)})
		other := mk("price_x", from+delta)
		if inChange {
			r.Changes = &Changes{Items: []ItemChange{{ID: "a", Price: &other}}}
		} else {
			r.Subscription.Items = append(r.Subscription.Items, Item{ID: "b", Price: other})
		}
		_, err := Preview(r)
		if !errors.Is(err, ErrInvalidRequest) {
			return fmt.Sprintf("got %v, want the identity refused", err)
		}
		return ""
	}, gen.Int64Range(0, 1e6), gen.Int64Range(1, 1e6), gen.Bool()))
	props.TestingRun(t)
}

// TestGeneratedIDsProperty: whatever IDs a request gives, the IDs of the invoice's
// items are distinct and include every given one.
func TestGeneratedIDsProperty(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(300))
	names := gen.SliceOfN(6, gen.OneConstOf("", "", "si_1", "si_2", "si_3", "new_1", "new_2", "x"))
	props.Property("item ids never collide", prop.ForAll(func(itemIDs []string, added int) string {
		seat := rulePrice(t, "seat", 100, false, false)
		var items []Item
		seen := map[string]bool{}
		for _, id := range itemIDs {
			if id != "" && seen[id] {
				continue // duplicates are refused: not this property
			}
			seen[id] = true
			items = append(items, Item{ID: id, Price: seat})
		}
		r := ruleRequest(t, items...)
		period, _ := proration.NewPeriod(ruleStart, ruleEnd)
		r.Subscription.Period = period
		ch := &Changes{Behavior: proration.None}
		for k := 0; k < added; k++ {
			ch.Items = append(ch.Items, ItemChange{Price: &seat})
		}
		r.Changes = ch
		inv, err := Preview(r)
		if err != nil {
			return err.Error()
		}
		got := map[string]bool{}
		for _, l := range inv.Lines {
			if got[l.Item] {
				return "item " + l.Item + " twice"
			}
			got[l.Item] = true
		}
		for id := range seen {
			if id != "" && !got[id] {
				return "given id " + id + " lost"
			}
		}
		if len(got) != len(items)+added {
			return fmt.Sprintf("%d items billed, want %d", len(got), len(items)+added)
		}
		return ""
	}, names, gen.IntRange(0, 3)))
	props.TestingRun(t)
}
