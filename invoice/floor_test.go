package invoice

import (
	"github.com/shopspring/decimal"
)

// floorInput is the typical invoice (examples/seat_upgrade.json) reduced to the
// numbers the arithmetic needs, in minor units.
type floorInput struct {
	seatUnit           decimal.Decimal // 2800
	oldSeats, newSeats decimal.Decimal // 10, 15
	remaining, total   decimal.Decimal // proration seconds
	usage, usageUnit   decimal.Decimal // 1240 resolutions × 99
	couponPercent      decimal.Decimal // 20
	vatPercent         decimal.Decimal // 20
}

var typicalFloorInput = floorInput{
	seatUnit:      decimal.NewFromInt(2800),
	oldSeats:      decimal.NewFromInt(10),
	newSeats:      decimal.NewFromInt(15),
	remaining:     decimal.NewFromInt(1296000),
	total:         decimal.NewFromInt(2592000),
	usage:         decimal.NewFromInt(1240),
	usageUnit:     decimal.NewFromInt(99),
	couponPercent: decimal.NewFromInt(20),
	vatPercent:    decimal.NewFromInt(20),
}

type floorResult struct {
	lines    [4]decimal.Decimal
	subtotal decimal.Decimal
	discount decimal.Decimal
	tax      decimal.Decimal
	total    decimal.Decimal
}

// floorTypical computes the typical invoice with only the decimal operations that
// cannot be avoided: no validation, no explanation, no allocation beyond fixed arrays.
// It is the floor BenchmarkPreviewTypical is measured against.
func floorTypical(in *floorInput) floorResult {
	var r floorResult
	hundred := decimal.NewFromInt(100)
	oldFull := in.seatUnit.Mul(in.oldSeats)
	newFull := in.seatUnit.Mul(in.newSeats)
	r.lines[0] = oldFull.Mul(in.remaining).DivRound(in.total, 0).Neg()
	r.lines[1] = newFull.Mul(in.remaining).DivRound(in.total, 0)
	r.lines[2] = newFull
	r.lines[3] = in.usage.Mul(in.usageUnit).Round(0)
	r.discount = r.lines[3].Mul(in.couponPercent).Div(hundred).Round(0)
	var nets [4]decimal.Decimal
	copy(nets[:], r.lines[:])
	nets[3] = nets[3].Sub(r.discount)
	for i := range nets {
		r.subtotal = r.subtotal.Add(r.lines[i])
		r.tax = r.tax.Add(nets[i].Mul(in.vatPercent).Div(hundred).Round(0))
	}
	r.total = r.subtotal.Sub(r.discount).Add(r.tax)
	return r
}
