package previewjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const lifeSeat = `{"id":"seat","product":{"id":"prod","name":"Seat"},"unit_amount":3000,"recurring":{"interval":"month"}}`

// Requests of a subscription's life through the format: what the response bills.
func TestLifecycleRequests(t *testing.T) {
	for _, c := range []struct {
		name     string
		in       string
		total    int64
		forecast []int64
	}{
		{"new subscription, 7-day trial, anchor config on the 1st",
			`{"currency":"usd","now":"2026-07-15T00:00:00Z","options":{"forecast":2},"changes":{"items":[{"price":` + lifeSeat + `,"quantity":5}],"trial_period_days":7,"billing_cycle_anchor_config":{"day_of_month":1}}}`,
			0, []int64{4839, 15000}},
		{"new subscription with a timestamp anchor",
			`{"currency":"usd","changes":{"start_date":"2026-07-15T00:00:00Z","billing_cycle_anchor":"2026-08-01T00:00:00Z","items":[{"price":{"id":"p","unit_amount":3100,"recurring":{"interval":"month"}}}]}}`,
			1700, nil},
		{"a trialing Stripe subscription's first paid invoice",
			`{"currency":"usd","subscription":{"object":"subscription","status":"trialing","trial_start":1783987200,"trial_end":1784592000,"billing_cycle_anchor":1784592000,"current_period_start":1783987200,"current_period_end":1784592000,"items":[{"id":"si_1","price":` + lifeSeat + `,"quantity":2}]}}`,
			6000, nil},
		{"a subscription set to cancel at its period end bills only usage",
			`{"currency":"usd","subscription":{"cancel_at_period_end":true,"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]},"options":{"forecast":3}}`,
			0, []int64{}},
		{"cancel now with a prorated credit",
			`{"currency":"usd","now":1598088488,"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":{"id":"p","unit_amount":3100,"recurring":{"interval":"month"}}}]},"changes":{"cancel_now":true,"prorate":true}}`,
			-1550, nil},
		{"recurring preview mode skips the prorations",
			`{"currency":"usd","now":1598088488,"options":{"preview_mode":"recurring"},"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]},"changes":{"items":[{"id":"si_1","quantity":3}]}}`,
			9000, nil},
		{"a ramp deal from a schedule",
			`{"currency":"usd","now":1798761600,"options":{"forecast":1},"schedule":{"phases":[{"start_date":1798761600,"end_date":1801440000,"items":[{"price":` + lifeSeat + `,"quantity":2}]},{"items":[{"price":"seat","quantity":4}]}]}}`,
			6000, []int64{12000}},
		{"Kill Bill's preset by the day",
			`{"currency":"usd","now":1598088488,"options":{"engine":"killbill"},"subscription":{"current_period_start":1596240000,"current_period_end":1598918400,"items":[{"id":"si_1","price":{"id":"p","unit_amount":3100,"recurring":{"interval":"month"}}}]},"changes":{"cancel_now":true,"prorate":true}}`,
			-1000, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := previewResponse(t, c.in)
			if r.Total != c.total {
				t.Errorf("total %d, want %d", r.Total, c.total)
			}
			if c.forecast != nil {
				var got []int64
				for _, f := range r.Forecast {
					got = append(got, f.Total)
				}
				if fmt.Sprint(got) != fmt.Sprint(c.forecast) {
					t.Errorf("forecast %v, want %v", got, c.forecast)
				}
			}
		})
	}
}

// Bad lifecycle input is refused at the JSON path the user wrote.
func TestLifecycleErrors(t *testing.T) {
	for _, c := range []struct {
		in, path, msg string
	}{
		{`{"currency":"usd","now":1,"changes":{"items":[{"price":` + lifeSeat + `}],"trial_period_days":731}}`, "changes.trial_period_days", "want 0 to 730"},
		{`{"currency":"usd","now":"2026-07-15T00:00:00Z","changes":{"items":[{"price":` + lifeSeat + `}],"trial_end":"2026-07-01T00:00:00Z"}}`, "changes.trial_end", "not after the start"},
		{`{"currency":"usd","now":"2026-07-15T00:00:00Z","changes":{"items":[{"price":` + lifeSeat + `}],"billing_cycle_anchor":"2026-09-01T00:00:00Z"}}`, "changes.billing_cycle_anchor", "not within one billing period"},
		{`{"currency":"usd","now":"2026-07-15T00:00:00Z","changes":{"items":[{"price":` + lifeSeat + `}],"billing_cycle_anchor_config":{"day_of_month":32}}}`, "changes.billing_cycle_anchor_config.day_of_month", "want 1 to 31"},
		{`{"currency":"usd","now":1598088488,"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]},"changes":{"cancel_at":1599427688}}`, "changes.cancel_at", "outside the current period"},
		{`{"currency":"usd","options":{"time_zone":"Mars/Olympus"},"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]}}`, "options.time_zone", "IANA time zone"},
		{`{"currency":"usd","options":{"engine":"chargebee"},"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]}}`, "options.engine", "want stripe, lago"},
		{`{"currency":"usd","now":1798761600,"schedule":{"phases":[{"start_date":1798761600,"end_date":1801440000,"items":[{"price":` + lifeSeat + `}]},{"start_date":1801440001,"items":[{"price":"seat"}]}]}}`, "schedule.phases[1].start_date", "contiguous"},
		{`{"currency":"usd","subscription":{"status":"paused","current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","price":` + lifeSeat + `}]}}`, "subscription.status", "not supported"},
	} {
		_, err := Preview([]byte(c.in))
		var pe *PathError
		if !errors.As(err, &pe) || pe.Path != c.path || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want an error at %s containing %q", c.path, err, c.path, c.msg)
		}
	}
}

// Price conventions of other engines through the format: OpenMeter's preset rounds
// each tier's line, Kill Bill's block tiers, Lago's package free units.
func TestPriceConventions(t *testing.T) {
	sub := func(price string) string {
		return `"subscription":{"current_period_start":1596749288,"current_period_end":1599427688,"items":[{"id":"si_1","quantity":10,"price":` + price + `}]}`
	}
	for _, c := range []struct {
		name  string
		in    string
		total int64
	}{
		// 3 × 0.335 + 7 × 0.125 = 1.005 + 0.875: once 1.88; each line 1.01 + 0.88 = 1.89
		{"tiers rounded once", `{"currency":"usd",` + sub(`{"id":"t","billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"up_to":3,"unit_amount_decimal":"33.5"},{"up_to":"inf","unit_amount_decimal":"12.5"}],"recurring":{"interval":"month"}}`) + `}`, 188},
		{"openmeter rounds each tier line", `{"currency":"usd","options":{"engine":"openmeter"},` + sub(`{"id":"t","billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"up_to":3,"unit_amount_decimal":"33.5"},{"up_to":"inf","unit_amount_decimal":"12.5"}],"recurring":{"interval":"month"}}`) + `}`, 189},
		// blocks of 4 units: 10 units are 3 blocks × 1.00
		{"block tiers", `{"currency":"usd",` + sub(`{"id":"b","billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":"inf","unit_amount":100,"block_size":4}],"recurring":{"interval":"month"}}`) + `}`, 300},
		// 10 − 2 free = 8 units, packages of 5 rounded up: 2 × 5.00
		{"package free units", `{"currency":"usd",` + sub(`{"id":"p","unit_amount":500,"transform_quantity":{"divide_by":5,"round":"up","free_units":2},"recurring":{"interval":"month"}}`) + `}`, 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			if r := previewResponse(t, c.in); r.Total != c.total {
				t.Errorf("total %d, want %d", r.Total, c.total)
			}
		})
	}
}
