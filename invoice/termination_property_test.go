package invoice

import (
	"fmt"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/pricekit/pricekit/pricing/pricingtest"
	"github.com/pricekit/pricekit/proration"
)

// randomTermination is the Lago example with a random fee, coupon, payment,
// earlier credit, instant of termination and engine.
func randomTermination(t *testing.T, fee, coupon, paid, earlier int64, minutes int, lago bool) Request {
	r := lagoTermination(t, nil, 0, time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(minutes)*time.Minute))
	if !lago {
		r.Engine, r.Convention = EngineStripe, proration.Convention{}
	}
	l := &r.Invoices[0].Lines[0]
	coupon = coupon % (fee + 1)
	l.Amount = eur(fee)
	l.Discounts = []DiscountAmount{{Coupon: "C", Amount: eur(coupon)}}
	l.Taxes[0].Taxable, l.Taxes[0].Amount = eur(fee-coupon), eur((fee-coupon)/5)
	if earlier > 0 {
		r.Invoices = append(r.Invoices, IssuedInvoice{Lines: []IssuedLine{{Item: "si_1", Price: "plan", Amount: eur(-earlier), Period: l.Period, Proration: true}}})
	}
	p := eur(paid)
	r.Invoices[0].AmountPaid = &p
	r.CreditFromHistory, r.TerminationRefund = true, true
	return r
}

func TestTerminationProperties(t *testing.T) {
	props := gopter.NewProperties(pricingtest.Parameters(200))
	props.Property("refund + credit = the credit; 0 ≤ refund ≤ paid; the credit ≤ the debit's unused share", prop.ForAll(
		func(fee, coupon, paid, earlier int64, minutes int, lago bool) string {
			r := randomTermination(t, fee, coupon, paid, earlier, minutes, lago)
			inv, err := Preview(r)
			if err != nil {
				return err.Error()
			}
			cn := inv.CreditNote
			if cn == nil {
				if len(inv.Lines) != 0 {
					return "credit lines without a credit note"
				}
				return ""
			}
			if !add(cn.Refund, cn.Credit).Equal(cn.Total) || cn.Refund.Sign() < 0 || cn.Credit.Sign() < 0 {
				return fmt.Sprintf("refund %v + credit %v is not %v", cn.Refund, cn.Credit, cn.Total)
			}
			if !cn.Total.Equal(inv.Total.Neg()) {
				return fmt.Sprintf("credit note %v, invoice total %v", cn.Total, inv.Total)
			}
			if cn.Refund.MinorDecimal().IntPart() > paid {
				return fmt.Sprintf("refund %v exceeds the %d paid", cn.Refund, paid)
			}
			for _, d := range cn.Debits {
				if d.Refund.Sign() < 0 || d.Refund.MinorDecimal().GreaterThan(d.Total.MinorDecimal()) || !add(d.Refund, d.Credit).Equal(d.Total) {
					return fmt.Sprintf("debit split %+v", d)
				}
			}
			l := inv.Lines[0]
			c := l.Credited
			unused := new(big.Rat).Mul(big.NewRat(fee, 1), c.Factor.Rat())
			if got := new(big.Rat).SetInt64(-minorOf(t, l.Amount)); got.Cmp(new(big.Rat).Add(unused, big.NewRat(1, 2))) > 0 {
				return fmt.Sprintf("credit %v exceeds the unused share %s of %d", l.Amount, unused.FloatString(2), fee)
			}
			checkSteps(t, "property", inv, map[StepKind]bool{})
			return ""
		},
		gen.Int64Range(1, 1e7), gen.Int64Range(0, 1e7), gen.Int64Range(0, 2e7), gen.Int64Range(0, 5e6), gen.IntRange(0, 31*24*60-1), gen.Bool()))
	props.Property("the options off keep Stripe's classic termination, whatever the history", prop.ForAll(
		func(fee, paid int64, minutes int) string {
			r := randomTermination(t, fee, 0, paid, 0, minutes, false)
			r.CreditFromHistory, r.TerminationRefund = false, false
			with, err := Preview(r)
			if err != nil {
				return err.Error()
			}
			r.Invoices = nil
			without, err := Preview(r)
			if err != nil {
				return err.Error()
			}
			if with.CreditNote != nil || !reflect.DeepEqual(with, without) {
				return "the history changed a classic termination"
			}
			return ""
		},
		gen.Int64Range(1, 1e7), gen.Int64Range(0, 2e7), gen.IntRange(0, 31*24*60-1)))
	props.TestingRun(t)
}
