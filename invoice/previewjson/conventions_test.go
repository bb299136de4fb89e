package previewjson

import (
	"errors"
	"strings"
	"testing"

	"github.com/pricekit/pricekit/invoice"
	"github.com/pricekit/pricekit/pricing"
)

// metered builds a request of one metered item si_1 priced by the price members
// price (after id and recurring) with the usage records recs, in currency cur and
// with the options opts (a JSON object's members, or "").
func metered(cur, opts, price, recurring, recs string) string {
	if recurring == "" {
		recurring = `"interval":"month","usage_type":"metered"`
	}
	o := ""
	if opts != "" {
		o = `"options":{` + opts + `},`
	}
	return `{"currency":"` + cur + `",` + o + `"subscription":{"current_period_start":1596240000,"current_period_end":1598918400,` +
		`"items":[{"id":"si_1","price":{"id":"p",` + price + `"recurring":{` + recurring + `}}}]},"usage":{"si_1":[` + recs + `]}}`
}

// Times in the period [2020-08-01, 2020-09-01) UTC.
const (
	aug1    = 1596240000 // 2020-08-01T00:00:00Z
	aug1h1  = aug1 + 3600
	aug2    = aug1 + 86400
	aug1sec = "1596240000"
)

// The conventions in the format, with numbers from the engines' specs and docs.
func TestEngineConventionsFormat(t *testing.T) {
	rec := func(ts, q, amount string) string {
		s := `{"timestamp":` + ts + `,"quantity":` + q
		if amount != "" {
			s += `,"amount":"` + amount + `"`
		}
		return s + `}`
	}
	lagoPct := `"percentage":{"rate":"1.3","fixed_amount":"2.0","free_units_per_events":3,"free_units_per_total_aggregation":"250"%s},`
	zeros := strings.Join([]string{rec("1596240001", "1", "0"), rec("1596240002", "1", "0"), rec("1596240003", "1", "0"), rec("1596240004", "1", "0")}, ",")
	cases := []struct {
		name string
		req  string
		want int64  // the line's amount, minor units
		text string // in the explanation
	}{
		// Lago's dynamic spec: 20 units carrying 40.2 cents bill 0.402, rounded to 0.40
		// (spec/services/charge_models/dynamic_service_spec.rb in github.com/getlago/lago-api).
		{"dynamic", metered("usd", "", `"dynamic":true,`, "", rec("1596240001", "12", "0.25")+","+rec("1596240002", "8", "0.152")), 40, "amounts carried by 2 records"},
		// The same spec's zero aggregation: no units, no amount, whatever the amounts.
		{"dynamic without units", metered("usd", "", `"dynamic":true,`, "", rec("1596240001", "0", "5")), 0, "carry no units"},
		// Lago's percentage spec "when aggregation value is 0": 4 events totalling 0,
		// a 2.0 fixed fee, the first 3 events or 250 free: 0 in Lago; the fourth
		// event's fee without the option (spec/services/charge_models/percentage_service_spec.rb).
		{"percentage zero total, lago", metered("usd", "", strings.Replace(lagoPct, "%s", `,"fixed_fee_on_zero_total":false`, 1), "", zeros), 0, "Percentage charge"},
		{"percentage zero total, default", metered("usd", "", strings.Replace(lagoPct, "%s", "", 1), "", zeros), 200, "4 transaction(s), 3 free"},
		// The lago preset takes Lago's default: no fixed fee on a zero total.
		{"percentage zero total, lago preset", metered("usd", `"engine":"lago"`, strings.Replace(lagoPct, "%s", "", 1), "", zeros), 0, "Percentage charge"},
		// Lago's documented percentage example shape: 2.5% + 0.30 on 100, 200, 50 = 9.65.
		{"percentage", metered("usd", "", `"percentage":{"rate":"2.5","fixed_amount":"0.30"},`, "",
			rec("1596240001", "100", "")+","+rec("1596240002", "1", "200")+","+rec("1596240003", "50", "")), 965, "2.5% of 350.00 USD"},
		// Flexprice's bucketed max: the largest value of each hour, summed: 5 (hour 0)
		// + 7 (hour 1) = 12; without buckets max is 7.
		{"bucketed max", metered("usd", "", `"unit_amount":100,`, `"interval":"month","usage_type":"metered","aggregate_usage":"max","bucket_size":"hour"`,
			rec(aug1sec, "5", "")+","+rec("1596240600", "3", "")+","+rec("1596243600", "7", "")), 1200, "each hour (UTC)"},
		{"max without buckets", metered("usd", "", `"unit_amount":100,`, `"interval":"month","usage_type":"metered","aggregate_usage":"max"`,
			rec(aug1sec, "5", "")+","+rec("1596240600", "3", "")+","+rec("1596243600", "7", "")), 700, "largest"},
		// Lago's prorated sum on a recurring metric: 3 seats carried into August (31
		// days), one added on 11 Aug for 21 days: 3 + 21/31 = 3.67742 (rounded up to 5
		// decimals) × 10.00 = 36.77 (the rule of
		// spec/services/billable_metrics/prorated_aggregations/sum_service_spec.rb).
		{"prorated seats", metered("usd", "", `"unit_amount":1000,`, `"interval":"month","usage_type":"metered","prorated":true`,
			rec("1595980800", "3", "")+","+rec("1597154400", "1", "")), 3677, "1 unit added on 11 Aug for 21 of 31 days"},
		// The seat removed on 21 Aug: 3 + 21/31 − 11/31 = 3.32259 × 10.00 = 33.23.
		{"prorated seat removed", metered("usd", "", `"unit_amount":1000,`, `"interval":"month","usage_type":"metered","prorated":true`,
			rec("1595980800", "3", "")+","+rec("1597154400", "1", "")+","+rec("1598018400", "-1", "")), 3323, "1 unit removed on 21 Aug"},
		// Lago's prorated graduated charge: 5 seats carried into August fill tier 1
		// (5 × 10.00 + 100.00 flat); 3 added on 11 Aug land in tier 2 for 21 of 31
		// days: 3 × 21/31 × 5.00 = 10.16 + 50.00 flat (every tier reached by the
		// units present at once bills its flat amount): 210.16.
		{"prorated graduated", metered("usd", "", `"billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"up_to":5,"unit_amount":1000,"flat_amount":10000},{"up_to":"inf","unit_amount":500,"flat_amount":5000}],`,
			`"interval":"month","usage_type":"metered","prorated":true`, rec("1595980800", "5", "")+","+rec("1597104000", "3", "")), 21016, "21 of 31 days"},
		// The same as volume tiers: the tier of the 8 full units (tier 2) prices the
		// 5 + 3 × 21/31 = 7.03226 prorated units: 7.03226 × 5.00 + 50.00 = 85.16.
		{"prorated volume", metered("usd", "", `"billing_scheme":"tiered","tiers_mode":"volume","tiers":[{"up_to":5,"unit_amount":1000,"flat_amount":10000},{"up_to":"inf","unit_amount":500,"flat_amount":5000}],`,
			`"interval":"month","usage_type":"metered","prorated":true`, rec("1595980800", "5", "")+","+rec("1597104000", "3", "")), 8516, "21 of 31 days"},
		// A custom currency of 4 decimals (Lago credits): 3 units × 1.2345 credits =
		// 3.7035 credits, 37035 minor units, nothing rounded away.
		{"custom currency", metered("credits", `"currencies":[{"code":"credits","decimals":4}]`, `"currency":"credits","unit_amount_decimal":"12345",`, "", rec(aug1sec, "3", "")), 37035, "3.7035 CREDITS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, err := Preview([]byte(c.req))
			if err != nil {
				t.Fatalf("%v\n%s", err, c.req)
			}
			if len(inv.Lines) != 1 {
				t.Fatalf("%d lines", len(inv.Lines))
			}
			l := inv.Lines[0]
			m, _ := l.Amount.MinorUnits()
			if m != c.want {
				t.Errorf("amount %d, want %d\n%s", m, c.want, l.Explanation())
			}
			if !strings.Contains(l.Explanation(), c.text) {
				t.Errorf("explanation lacks %q:\n%s", c.text, l.Explanation())
			}
			if err := checkStepsGo(inv); err != nil {
				t.Errorf("steps: %v\n%s", err, l.Explanation())
			}
			out, err := EncodeInvoice(inv)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkStepsJSON(inv.Currency.Digits(), out); err != nil {
				t.Errorf("JSON steps: %v", err)
			}
			// EncodeRequest writes the conventions back: the request decoded again
			// previews the same line.
			req, err := DecodeRequest([]byte(c.req))
			if err != nil {
				t.Fatal(err)
			}
			data, err := EncodeRequest(req)
			if err != nil {
				t.Fatalf("encode request: %v", err)
			}
			again, err := Preview(data)
			if err != nil {
				t.Fatalf("the encoded request: %v\n%s", err, data)
			}
			if a := again.Lines[0]; !a.Amount.Equal(l.Amount) || a.Explanation() != l.Explanation() || a.Description() != l.Description() {
				t.Errorf("encoded again: %s %q, want %s %q\n%s", a.Amount, a.Explanation(), l.Amount, l.Explanation(), data)
			}
		})
	}
}

// Errors of the conventions, at the JSON path the user wrote.
func TestEngineConventionsFormatErrors(t *testing.T) {
	rec := `{"timestamp":1596240001,"quantity":1}`
	cases := []struct {
		name, req, path string
		want            error
	}{
		{"dynamic record without amount", metered("usd", "", `"dynamic":true,`, "", `{"timestamp":1596240001,"quantity":1,"amount":1},`+rec), "usage.si_1[1].amount", pricing.ErrInvalidPrice},
		{"negative amount", metered("usd", "", `"dynamic":true,`, "", `{"timestamp":1596240001,"quantity":1,"amount":"-1"}`), "usage.si_1[0].amount", pricing.ErrNegativeAmount},
		{"dynamic with unit amount", metered("usd", "", `"dynamic":true,"unit_amount":5,`, "", rec), "subscription.items[0].price.unit_amount", pricing.ErrInvalidPrice},
		{"dynamic licensed", metered("usd", "", `"dynamic":true,`, `"interval":"month"`, ""), "subscription.items[0].price.dynamic", pricing.ErrInvalidPrice},
		{"percentage without rate", metered("usd", "", `"percentage":{"fixed_amount":1},`, "", rec), "subscription.items[0].price.percentage.rate", ErrMissingField},
		{"percentage rate above 100", metered("usd", "", `"percentage":{"rate":101},`, "", rec), "subscription.items[0].price.percentage.rate", pricing.ErrInvalidPrice},
		{"percentage negative fee", metered("usd", "", `"percentage":{"rate":1,"fixed_amount":"-1"},`, "", rec), "subscription.items[0].price.percentage.fixed_amount", pricing.ErrNegativeAmount},
		{"percentage bounds crossed", metered("usd", "", `"percentage":{"rate":1,"per_transaction_min_amount":2,"per_transaction_max_amount":1},`, "", rec),
			"subscription.items[0].price.percentage.per_transaction_max_amount", pricing.ErrInvalidPrice},
		{"unknown bucket", metered("usd", "", `"unit_amount":1,`, `"interval":"month","usage_type":"metered","bucket_size":"month"`, rec), "subscription.items[0].price.recurring.bucket_size", pricing.ErrInvalidPrice},
		{"bucket in a time zone", metered("usd", `"proration":"day","time_zone":"Europe/Paris"`, `"unit_amount":1,`, `"interval":"month","usage_type":"metered","bucket_size":"day"`, rec),
			"subscription.items[0].price.recurring.bucket_size", invoice.ErrConflict},
		{"bucket with last_ever", metered("usd", "", `"unit_amount":1,`, `"interval":"month","usage_type":"metered","aggregate_usage":"last_ever","bucket_size":"hour"`, rec),
			"subscription.items[0].price.recurring.bucket_size", pricing.ErrInvalidPrice},
		{"negative record, not prorated", metered("usd", "", `"unit_amount":1,`, "", `{"timestamp":1596240001,"quantity":-1}`), "usage.si_1[0].quantity", pricing.ErrNegativeQuantity},
		{"prorated max", metered("usd", "", `"unit_amount":1,`, `"interval":"month","usage_type":"metered","aggregate_usage":"max","prorated":true`, rec), "subscription.items[0].price.recurring.aggregate_usage", pricing.ErrInvalidPrice},
		{"prorated removal beyond the units", metered("usd", "", `"unit_amount":1,`, `"interval":"month","usage_type":"metered","prorated":true`, rec+`,{"timestamp":1596240002,"quantity":-2}`), "usage.si_1[1].quantity", pricing.ErrNegativeQuantity},
		{"custom currency shadows ISO", metered("usd", `"currencies":[{"code":"usd","decimals":4}]`, `"unit_amount":1,`, "", rec), "options.currencies[0].code", ErrConflict},
		{"custom currency of three letters", metered("usd", `"currencies":[{"code":"abc","decimals":4}]`, `"unit_amount":1,`, "", rec), "options.currencies[0].code", pricing.ErrUnknownCurrency},
		{"custom currency decimals", metered("usd", `"currencies":[{"code":"credits","decimals":19}]`, `"unit_amount":1,`, "", rec), "options.currencies[0].decimals", ErrInvalidValue},
		{"custom currency without decimals", metered("usd", `"currencies":[{"code":"credits"}]`, `"unit_amount":1,`, "", rec), "options.currencies[0].decimals", ErrMissingField},
		{"custom currency twice", metered("usd", `"currencies":[{"code":"credits","decimals":4},{"code":"CREDITS","decimals":2}]`, `"unit_amount":1,`, "", rec), "options.currencies[1].code", ErrConflict},
		{"undeclared custom currency", metered("credits", "", `"unit_amount":1,`, "", rec), "currency", pricing.ErrUnknownCurrency},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Preview([]byte(c.req))
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path != c.path || !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v at %s", err, c.want, c.path)
			}
		})
	}
}

// The conventions' members, whatever their values: refused at a path or previewed,
// and a previewed request encodes back to one that previews the same amounts.
func FuzzConventions(f *testing.F) {
	rec := `{"timestamp":1596240001,"quantity":2,"amount":"0.402"}`
	for _, r := range []string{
		metered("usd", "", `"dynamic":true,`, "", rec),
		metered("usd", "", `"percentage":{"rate":"2.5","fixed_amount":"0.30","free_units_per_events":1,"free_units_per_total_aggregation":"1","per_transaction_min_amount":"0.1","per_transaction_max_amount":"5","fixed_fee_on_zero_total":false},`, "", rec),
		metered("usd", "", `"unit_amount":3,`, `"interval":"month","usage_type":"metered","aggregate_usage":"max","bucket_size":"15min"`, rec+","+rec),
		metered("credits", `"currencies":[{"code":"credits","decimals":4}]`, `"currency":"credits","unit_amount_decimal":"0.5",`, "", rec),
		metered("tok_1", `"currencies":[{"code":"TOK_1","decimals":0},{"code":"b","decimals":18}]`, `"unit_amount":7,`, "", rec),
	} {
		f.Add([]byte(r))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		inv, err := Preview(data)
		if err != nil {
			var pe *PathError
			var fe *pricing.FieldError
			if !errors.As(err, &pe) && !errors.As(err, &fe) {
				t.Fatalf("an error without a path: %v", err)
			}
			return
		}
		req, err := DecodeRequest(data)
		if err != nil {
			t.Fatalf("previewed but not decoded: %v", err)
		}
		enc, err := EncodeRequest(req)
		if err != nil {
			return // a request the short form cannot write (refused as unsupported)
		}
		again, err := Preview(enc)
		if err != nil {
			t.Fatalf("the encoded request is refused: %v\n%s", err, enc)
		}
		if !again.Total.Equal(inv.Total) || len(again.Lines) != len(inv.Lines) {
			t.Fatalf("encoded again: total %s, want %s\n%s", again.Total, inv.Total, enc)
		}
	})
}

// Under the lago preset a percentage price that charges its fixed fee on a zero total
// is Lago's rule broken: refused at the price, never computed another way.
func TestLagoPercentageFeeRefused(t *testing.T) {
	in := metered("usd", `"engine":"lago"`, `"percentage":{"rate":"1","fixed_amount":"0.5","fixed_fee_on_zero_total":true},`, "", `{"timestamp":1596240001,"quantity":0}`)
	_, err := Preview([]byte(in))
	var pe *PathError
	if !errors.As(err, &pe) || pe.Path != "subscription.items[0].price" || !strings.Contains(err.Error(), "engine lago takes no fixed fee") {
		t.Errorf("got %v, want the price refused under engine lago", err)
	}
}

// OpenMeter's split lines through the format: usage_before names what earlier lines
// of the period billed, and the line bills the units that follow.
func TestUsageBeforeFormat(t *testing.T) {
	tiers := `"billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"up_to":100,"unit_amount":10},{"up_to":"inf","unit_amount":5,"flat_amount":100}],`
	in := metered("usd", "", tiers, "", `{"timestamp":1596240001,"quantity":50}`)
	in = strings.TrimSuffix(in, "}") + `,"usage_before":{"si_1":"80"}}`
	r := previewResponse(t, in)
	if len(r.Lines) != 1 || r.Lines[0].Amount != 450 || !strings.Contains(r.Lines[0].Description, "after 80 billed earlier") {
		t.Errorf("lines %+v: want one line of 450 (20 × 0.10 + 30 × 0.05 + 1.00)", r.Lines)
	}
	bad := strings.Replace(in, `"si_1":"80"`, `"si_2":"80"`, 1)
	_, err := Preview([]byte(bad))
	var pe *PathError
	if !errors.As(err, &pe) || pe.Path != "usage_before.si_2" {
		t.Errorf("usage before for no item: %v, want an error at usage_before.si_2", err)
	}
}
