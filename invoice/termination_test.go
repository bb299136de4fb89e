package invoice

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/pricing"
	"github.com/pricekit/pricekit/proration"
)

var eurT = func() pricing.Currency { c, _ := pricing.ParseCurrency("eur"); return c }()

func eur(minor int64) pricing.Money { return pricing.FromMinor(minor, eurT) }

// lagoTermination is the request of the termination examples of Lago's
// spec/services/credit_notes/create_from_termination_spec.rb
// (https://github.com/getlago/lago-api): a plan of €31.00 a month billed in advance
// on calendar months, 20% tax, terminated on 15 Oct 2022 at 10:00, in zone loc.
// The history's debit is the fee of October: 31.00, its coupon, 20% of the rest.
func lagoTermination(t testing.TB, loc *time.Location, coupon int64, at time.Time) Request {
	t.Helper()
	zone := loc // the months' boundaries: local midnights where they are a billing cycle
	if loc == nil || loc.String() == "Europe/Paris" {
		zone = time.UTC
	}
	p, err := pricing.NewPrice(pricing.PriceParams{ID: "plan", Product: pricing.Product{ID: "prod", Name: "Plan"}, Currency: eurT,
		UnitAmount: decimal.NewFromInt(31), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	if err != nil {
		t.Fatal(err)
	}
	vat := MustTaxRate(TaxRateParams{ID: "txr_vat", Percentage: decimal.NewFromInt(20)})
	start, end := time.Date(2022, 10, 1, 0, 0, 0, 0, zone), time.Date(2022, 11, 1, 0, 0, 0, 0, zone)
	debit := IssuedLine{Item: "si_1", Price: "plan", Amount: eur(3100), Quantity: decimal.NewFromInt(1), Period: proration.Period{Start: start, End: end},
		Taxes: []TaxAmount{{TaxRate: vat, Taxable: eur(3100 - coupon), Amount: eur((3100 - coupon) / 5)}}}
	if coupon > 0 {
		debit.Discounts = []DiscountAmount{{Coupon: "LAGO", Amount: eur(coupon)}}
	}
	return Request{Currency: eurT, Now: at, Engine: EngineLago, Convention: proration.Convention{Location: loc},
		Subscription: Subscription{Period: debit.Period, StartDate: time.Date(2022, 9, 1, 10, 0, 0, 0, zone),
			Items: []Item{{ID: "si_1", Price: p, TaxRates: []TaxRate{vat}}}},
		Invoices: []IssuedInvoice{{ID: "in_oct", Lines: []IssuedLine{debit}}},
		Changes:  &Changes{CancelNow: true, Prorate: true, InvoiceNow: true}}
}

// secondFee adds the fee of a second subscription (€31.00 + 20%) to the debit's
// invoice, as the refund examples of the spec do, and the amount paid.
func secondFee(r *Request, paid int64) {
	inv := &r.Invoices[0]
	l := inv.Lines[0]
	l.Item, l.Discounts = "si_other", nil
	l.Taxes = []TaxAmount{{TaxRate: l.Taxes[0].TaxRate, Taxable: eur(3100), Amount: eur(620)}}
	inv.Lines = append(inv.Lines, l)
	p := eur(paid)
	inv.AmountPaid = &p
	r.TerminationRefund = true
}

func TestTerminationCreditFromHistoryLago(t *testing.T) {
	oct15 := time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC)
	la, _ := time.LoadLocation("America/Los_Angeles")
	paris, _ := time.LoadLocation("Europe/Paris")
	earlier := func(minor int64) func(*Request) {
		return func(r *Request) {
			r.Invoices = append(r.Invoices, IssuedInvoice{ID: "cn_1", Lines: []IssuedLine{{Item: "si_1", Price: "plan", Amount: eur(-minor),
				Period: r.Invoices[0].Lines[0].Period, Proration: true}}})
		}
	}
	cases := []struct {
		name                  string
		loc                   *time.Location
		at                    time.Time
		coupon                int64
		edit                  func(*Request)
		amount, disc, tax     int64 // the credit line (negative)
		total, refund, credit int64 // the credit note
	}{
		// "creates a credit note": 16 unused days × €1.00, tax €3.20, total €19.20.
		{name: "16 days after the termination day", at: oct15, amount: -1600, tax: -320, total: 1920, credit: 1920},
		// "takes the timezone into account": 01:00 UTC is 14 Oct in Los Angeles (17
		// days, €20.40) and 15 Oct in Paris (16 days, €19.20).
		{name: "Los Angeles", loc: la, at: time.Date(2022, 10, 15, 1, 0, 0, 0, time.UTC), amount: -1700, tax: -340, total: 2040, credit: 2040},
		{name: "Paris", loc: paris, at: time.Date(2022, 10, 15, 1, 0, 0, 0, time.UTC), amount: -1600, tax: -320, total: 1920, credit: 1920},
		// "with a coupon applied to the invoice": €10.00 off the fee; 16/31 of it,
		// €5.16, is not credited; tax 20% of the rest; total €13.01.
		{name: "coupon's share", at: oct15, coupon: 1000, amount: -1600, disc: -516, tax: -217, total: 1301, credit: 1301},
		// "when existing credit notes on the fee": €10.00 credited earlier: €6.00 + €1.20.
		{name: "earlier credit note", at: oct15, edit: earlier(1000), amount: -600, tax: -120, total: 720, credit: 720},
		// "when refund is requested": two subscriptions' fees on one invoice (each
		// €37.20 with tax); this fee's share of the payment less €18.00 for the 15
		// days used is refunded, up to the credit.
		{name: "fully paid", at: oct15, edit: func(r *Request) { secondFee(r, 7440) }, amount: -1600, tax: -320, total: 1920, refund: 1920},
		{name: "partially paid", at: oct15, edit: func(r *Request) { secondFee(r, 5580) }, amount: -1600, tax: -320, total: 1920, refund: 990, credit: 930},
		{name: "paid less than used", at: oct15, edit: func(r *Request) { secondFee(r, 930) }, amount: -1600, tax: -320, total: 1920, credit: 1920},
		{name: "not paid", at: oct15, edit: func(r *Request) { secondFee(r, 0) }, amount: -1600, tax: -320, total: 1920, credit: 1920},
		{name: "paid, earlier credit note", at: oct15, edit: func(r *Request) { secondFee(r, 5580); earlier(200)(r) },
			amount: -1400, tax: -280, total: 1680, refund: 990, credit: 690},
		// "when there are coupons": €5.00 off the fee: 14/31 of it (€2.26) not
		// credited, tax €2.35, total €14.09; paid share 55.80 × 31.20 ÷ 68.40 less
		// €15.10 used is €10.35.
		{name: "paid, earlier credit note, coupon", at: oct15, coupon: 500, edit: func(r *Request) { secondFee(r, 5580); earlier(200)(r) },
			amount: -1400, disc: -226, tax: -235, total: 1409, refund: 1035, credit: 374},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := lagoTermination(t, c.loc, c.coupon, c.at)
			if c.edit != nil {
				c.edit(&r)
			}
			inv, err := Preview(r)
			if err != nil {
				t.Fatal(err)
			}
			checkSteps(t, c.name, inv, map[StepKind]bool{})
			if len(inv.Lines) != 1 {
				t.Fatalf("%d lines, want the credit", len(inv.Lines))
			}
			l := inv.Lines[0]
			var disc, tax int64
			for _, d := range l.Discounts {
				disc += d.Amount.MinorDecimal().IntPart()
			}
			for _, x := range l.Taxes {
				tax += x.Amount.MinorDecimal().IntPart()
			}
			if got := l.Amount.MinorDecimal().IntPart(); got != c.amount || disc != c.disc || tax != c.tax {
				t.Errorf("line %d, discounts %d, tax %d; want %d, %d, %d", got, disc, tax, c.amount, c.disc, c.tax)
			}
			cn := inv.CreditNote
			if cn == nil {
				t.Fatal("no credit note")
			}
			if got := [3]int64{cn.Total.MinorDecimal().IntPart(), cn.Refund.MinorDecimal().IntPart(), cn.Credit.MinorDecimal().IntPart()}; got != [3]int64{c.total, c.refund, c.credit} {
				t.Errorf("credit note total, refund, credit = %v, want %v\n%s", got, [3]int64{c.total, c.refund, c.credit}, cn.Explanation)
			}
			if tot := inv.Total.MinorDecimal().IntPart(); tot != -c.total {
				t.Errorf("invoice total %d, want %d", tot, -c.total)
			}
			if !strings.Contains(l.Explanation(), "left unused") || cn.Explanation == "" {
				t.Errorf("explanations:\n%s\n%s", l.Explanation(), cn.Explanation)
			}
		})
	}
}

// Lago's "with rounding at max precision": €9.99 for the 30 days of 28 Feb to 30
// Mar 2023, terminated on 14 Mar: 15 days, exactly €4.995. Lago divides in floating
// point (9.99 ÷ 30 falls just below 0.333) and credits €4.99; pricekit rounds the
// exact half away from zero: €5.00, a documented known difference.
func TestTerminationExactWhereLagoRoundsAFloat(t *testing.T) {
	r := lagoTermination(t, nil, 0, time.Date(2023, 3, 14, 10, 0, 0, 0, time.UTC))
	p, _ := pricing.NewPrice(pricing.PriceParams{ID: "plan", Currency: eurT, UnitAmount: decimal.RequireFromString("9.99"), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	period := proration.Period{Start: time.Date(2023, 2, 28, 0, 0, 0, 0, time.UTC), End: time.Date(2023, 3, 30, 0, 0, 0, 0, time.UTC)}
	r.Subscription = Subscription{Period: period, Anchor: time.Date(2023, 1, 30, 0, 0, 0, 0, time.UTC), Items: []Item{{ID: "si_1", Price: p, TaxRates: []TaxRate{}}}}
	r.Invoices[0].Lines[0] = IssuedLine{Item: "si_1", Price: "plan", Amount: eur(999), Period: period}
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := inv.Lines[0].Amount; !got.Equal(eur(-500)) {
		t.Errorf("credit %v, want -5.00 (15 of 30 days of 9.99, exactly -4.995)", got)
	}
}

func TestTerminationOptionErrors(t *testing.T) {
	base := func() Request {
		r := lagoTermination(t, nil, 0, time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC))
		r.Engine, r.Convention = EngineStripe, proration.Convention{}
		r.CreditFromHistory = true
		return r
	}
	cases := []struct {
		name, field string
		err         error
		edit        func(*Request)
	}{
		{"no history", "Invoices", ErrMissingField, func(r *Request) { r.Invoices = nil }},
		{"flexible", "CreditFromHistory", ErrConflict, func(r *Request) { r.BillingMode = Flexible }},
		{"capped", "CreditFromHistory", ErrConflict, func(r *Request) { r.CapCredits = true }},
		{"not a termination", "CreditFromHistory", ErrInvalidRequest, func(r *Request) { r.Changes = &Changes{CancelAtPeriodEnd: true} }},
		{"refund alone", "TerminationRefund", ErrInvalidRequest, func(r *Request) { r.CreditFromHistory, r.TerminationRefund = false, true }},
		{"refund without amount paid", "Invoices[0].AmountPaid", ErrMissingField, func(r *Request) { r.TerminationRefund = true }},
		{"no invoice of the current period", "Invoices", ErrMissingField, func(r *Request) {
			r.Invoices[0].Lines[0].Period = proration.Period{Start: r.Subscription.StartDate, End: r.Subscription.Period.Start}
		}},
		{"negative amount paid", "Invoices[0].AmountPaid", ErrInvalidRequest, func(r *Request) { p := eur(-1); r.Invoices[0].AmountPaid = &p }},
	}
	for _, c := range cases {
		r := base()
		c.edit(&r)
		_, err := Preview(r)
		var fe *pricing.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.err) {
			t.Errorf("%s: got %v, want %v at %s", c.name, err, c.err, c.field)
		}
	}
}

// The lago preset prices a termination's credit from the history when it is given;
// without it, from the current price; both count the termination day as used.
func TestTerminationPreset(t *testing.T) {
	r := lagoTermination(t, nil, 0, time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC))
	r.Subscription.Items[0].Price, _ = pricing.NewPrice(pricing.PriceParams{ID: "plan", Currency: eurT, UnitAmount: decimal.NewFromInt(62), Recurring: &pricing.Recurring{Interval: pricing.Month}})
	inv, err := Preview(r)
	if err != nil {
		t.Fatal(err)
	}
	if inv.CreditNote == nil || !inv.Lines[0].Amount.Equal(eur(-1600)) {
		t.Errorf("lago with a history: %v, want the debit's -16.00", inv.Lines[0].Amount)
	}
	r.Invoices = nil
	if inv, err = Preview(r); err != nil {
		t.Fatal(err)
	}
	// Priced from the current price, the credit counts the day of the termination as
	// used, as the credit from the history does: Oct 16 to 31.
	if inv.CreditNote != nil || !inv.Lines[0].Amount.Equal(eur(-3200)) {
		t.Errorf("lago without a history: %v, want the current price's 16 days, -32.00", inv.Lines[0].Amount)
	}
}
