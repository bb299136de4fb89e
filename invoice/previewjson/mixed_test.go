package previewjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const (
	mixedMonthly   = `{"id":"m","product":{"id":"p1","name":"Monthly"},"unit_amount":1500,"recurring":{"interval":"month"}}`
	mixedBimonthly = `{"id":"b","product":{"id":"p2","name":"Every two months"},"unit_amount":2500,"recurring":{"interval":"month","interval_count":2}}`
	mixedQuarterly = `{"id":"q","product":{"id":"p3","name":"Quarterly"},"unit_amount":10000,"recurring":{"interval":"month","interval_count":3}}`
)

// Stripe's mixed-interval example through the format: monthly, bi-monthly and
// quarterly items from January 1, in flexible mode, with the invoices after it.
func TestMixedIntervalsStripeExampleJSON(t *testing.T) {
	in := `{"currency":"usd","now":"2024-01-01T00:00:00Z","options":{"forecast":3},"subscription":{"billing_mode":{"type":"flexible"}},
		"changes":{"items":[{"price":` + mixedMonthly + `},{"price":` + mixedBimonthly + `},{"price":` + mixedQuarterly + `}]}}`
	r := previewResponse(t, in)
	got := []string{fmt.Sprint(amounts(r))}
	for _, f := range r.Forecast {
		got = append(got, fmt.Sprint(amounts(f)))
	}
	want := "[1500 2500 10000] [1500] [1500 2500] [1500 10000]"
	if strings.Join(got, " ") != want {
		t.Errorf("line amounts %s, want %s", strings.Join(got, " "), want)
	}
	if len(r.Forecast) != 3 || len(r.Forecast[0].BilledLater) != 2 || r.Forecast[0].BilledLater[1].SubscriptionItem != "new_3" ||
		r.Forecast[0].BilledLater[1].Period.End != 1711929600 {
		t.Errorf("February's billed_later %+v: want new_2 and new_3, new_3 until 2024-04-01", r.Forecast[0].BilledLater)
	}
}

// Mixed intervals are refused where Stripe refuses them, at the field written.
func TestMixedIntervalsErrorsJSON(t *testing.T) {
	sub := func(mode string, items ...string) string {
		return `{"currency":"usd","subscription":{` + mode + `"billing_cycle_anchor":1704067200,"items":{"object":"list","data":[` + strings.Join(items, ",") + `]}}}`
	}
	item := func(id, price string, start, end int64) string {
		return fmt.Sprintf(`{"id":%q,"price":%s,"current_period_start":%d,"current_period_end":%d}`, id, price, start, end)
	}
	const jan, feb, mar, apr, may = 1704067200, 1706745600, 1709251200, 1711929600, 1714521600
	for _, c := range []struct {
		name, in, path, msg string
	}{
		{"classic mixes no intervals", sub(``, item("si_m", mixedMonthly, feb, mar), item("si_q", mixedQuarterly, jan, apr)),
			"subscription.items.data[1].price", "only in flexible billing mode"},
		{"an item's period off its cycle", sub(`"billing_mode":"flexible",`, item("si_m", mixedMonthly, feb, mar), item("si_q", mixedQuarterly, feb, may)),
			"subscription.items.data[1].current_period_end", "not its own cycle's period"},
		{"two items of one interval disagree", sub(`"billing_mode":"flexible",`, item("si_m", mixedMonthly, feb, mar), item("si_n", strings.Replace(mixedMonthly, `"m"`, `"n"`, 1), mar, apr)),
			"subscription.items.data[1].current_period_end", "disagrees"},
	} {
		_, err := Preview([]byte(c.in))
		var pe *PathError
		if !errors.As(err, &pe) || pe.Path != c.path || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want an error at %s containing %q", c.name, err, c.path, c.msg)
		}
	}
}
