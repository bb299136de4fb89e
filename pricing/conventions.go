package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// This file holds the price conventions of other billing engines, each an option of
// [PriceParams] whose zero value is Stripe's rule:
//
//   - [TierRounding]: round each tier's lines on their own (OpenMeter) instead of the
//     price's amount once (Stripe).
//   - [Tier.BlockSize]: a tier priced per started block of N units (Kill Bill's tiered
//     blocks), graduated (Kill Bill's ALL_TIERS policy) or volume (TOP_TIER).
//   - [TransformQuantity.FreeUnits]: units free before packages are counted (Lago's
//     package charge).
//
// Where an engine's arithmetic is inexact, pricekit computes exactly and differs:
// Kill Bill counts a block tier's blocks from the quantity truncated to a whole
// number (BigDecimal.longValue), so 2.5 units in blocks of 1 are 2 blocks there and
// 3 here; Lago divides a package charge's paid units in floating point (fdiv), which
// pricekit does in decimals, so the two differ only where a float cannot hold the
// quotient (beyond 2^53 units, or a quotient just above a whole number).

// TierRounding says where a tiered quote rounds to the currency's minor unit.
type TierRounding uint8

const (
	// TierRoundingOnce computes the price's exact amount and rounds it once, half
	// away from zero (Stripe; the default).
	TierRoundingOnce TierRounding = iota
	// TierRoundingEachLine rounds, half away from zero, each line a tier makes on its
	// own: its units × unit amount, and its flat amount; the quote's amount is the
	// sum of the rounded lines (OpenMeter bills a graduated price as one usage line
	// and one flat line per tier, each rounded to the currency's precision:
	// openmeter/billing/service/lineservice/pricegraduatedtiered.go in
	// github.com/openmeterio/openmeter). A per-unit price has one line, so it quotes
	// the same amount under both conventions.
	TierRoundingEachLine
)

// String returns "once" or "each_line".
func (r TierRounding) String() string {
	switch r {
	case TierRoundingOnce:
		return "once"
	case TierRoundingEachLine:
		return "each_line"
	}
	return fmt.Sprintf("TierRounding(%d)", uint8(r))
}

// ParseTierRounding parses "once" or "each_line".
func ParseTierRounding(s string) (TierRounding, error) {
	switch s {
	case "once":
		return TierRoundingOnce, nil
	case "each_line":
		return TierRoundingEachLine, nil
	}
	return 0, fmt.Errorf("%w: tier_rounding %q (want once or each_line)", ErrInvalidPrice, text.Truncate(s, 24))
}

// maxConventionCount is the largest block size and number of free units (10^15).
const maxConventionCount = 1e15

// checkFreeUnits checks a package's free units: 0 to 10^15.
func checkFreeUnits(v int64) error {
	if v < 0 || v > maxConventionCount {
		return fmt.Errorf("%w: free units %d (want 0 to 10^15)", ErrInvalidTransform, v)
	}
	return nil
}

// packagesAfterFree is packages for a transform with free units: the quantity less
// t.FreeUnits (nothing when the quantity is within them), divided by t.DivideBy and
// rounded to a whole number as t.Round says. Lago counts a package charge's packages
// this way, rounding up (app/services/charge_models/package_service.rb in
// github.com/getlago/lago-api).
func packagesAfterFree(quantity decimal.Decimal, t *TransformQuantity) (num, decimal.Decimal) {
	paid := quantity.Sub(decimal.NewFromInt(t.FreeUnits))
	if paid.Sign() <= 0 {
		return num{}, decimal.Zero
	}
	n, rem := paid.QuoRem(decimal.NewFromInt(t.DivideBy), 0)
	if t.Round == TransformRoundUp && rem.Sign() > 0 {
		n = n.Add(decimal.NewFromInt(1))
	}
	return numOf(n), n
}

// blockOf returns a tier's block size, 1 for a tier priced per unit.
func blockOf(t Tier) int64 {
	if t.BlockSize <= 1 {
		return 1
	}
	return t.BlockSize
}

// checkBlock checks tier i's block size: 0 to 10^15, and a bounded block tier spans
// a whole number of blocks (in Kill Bill a tier is a number of blocks of a size).
// The tiers' bounds are already checked.
func checkBlock(tiers []Tier, i int) error {
	t := tiers[i]
	if t.BlockSize < 0 || t.BlockSize > maxConventionCount {
		return fmt.Errorf("%w: block size %d (want 0 to 10^15)", ErrInvalidTiers, t.BlockSize)
	}
	if t.BlockSize <= 1 || t.Inf {
		return nil
	}
	from := decimal.Zero
	if i > 0 {
		from = tiers[i-1].UpTo
	}
	span := t.UpTo.Sub(from)
	if _, rem := span.QuoRem(decimal.NewFromInt(t.BlockSize), 0); !rem.IsZero() {
		return fmt.Errorf("%w: the tier spans %s units, not a whole number of blocks of %d", ErrInvalidTiers, text.ShortDecimal(span), t.BlockSize)
	}
	return nil
}

// blocksOf returns the blocks of size that n ≥ 0 units take, every started block
// whole (exponent 0), or n itself for a size of 1 or less (priced per unit).
func blocksOf(n num, size int64) num {
	if size <= 1 {
		return n
	}
	if n.form != formWide && n.e == 0 && n.c >= 0 {
		b := n.c / size
		if n.c%size != 0 {
			b++
		}
		return num{c: b}
	}
	b, rem := n.dec().QuoRem(decimal.NewFromInt(size), 0)
	if rem.Sign() > 0 {
		b = b.Add(decimal.NewFromInt(1))
	}
	return numOf(b)
}

// tierConv is a tiered price's amounts in one currency under the conventions: its
// tiers' block sizes and where its lines round.
type tierConv struct {
	each   bool  // each line rounded on its own
	digits int32 // the currency's minor-unit digits
	// below[i] is what tiers 0 to i−1 cost when the quantity passes them all
	// (graduated), under the conventions.
	below []num
}

// prepareConv sets a.conv when the tiers have blocks or round each line.
func (a *amounts) prepareConv(r TierRounding) {
	a.conv = nil
	n := a.upTo.len()
	if n == 0 {
		return
	}
	blocks := false
	for i := range n {
		blocks = blocks || a.block(i) > 1
	}
	if !blocks && r == TierRoundingOnce {
		return
	}
	cv := &tierConv{each: r == TierRoundingEachLine, digits: a.currency.Digits(), below: make([]num, n)}
	total, prev := numZero, numZero
	for i := range n {
		cv.below[i] = total
		if i < n-1 { // the last tier is open
			total = total.add(cv.line(a, i, a.upTo.at(i).sub(prev))).add(cv.flat(a, i))
			prev = a.upTo.at(i)
		}
	}
	a.conv = cv
}

// line is tier i's unit line for n units in it: its blocks (or units) × its unit
// amount, rounded when each line rounds.
func (cv *tierConv) line(a *amounts, i int, n num) num {
	v := blocksOf(n, a.block(i)).mul(a.unitAmount.at(i))
	if cv.each {
		v = v.round(cv.digits, HalfAwayFromZero)
	}
	return v
}

// flat is tier i's flat line, rounded when each line rounds.
func (cv *tierConv) flat(a *amounts, i int) num {
	if cv.each {
		return a.flatAmount.at(i).round(cv.digits, HalfAwayFromZero)
	}
	return a.flatAmount.at(i)
}

// cost is what qty costs when it falls in tier i: volume, the whole quantity at
// tier i (Kill Bill's TOP_TIER: every block of the size of the tier reached);
// graduated, the tiers below in full and the part of qty in tier i (ALL_TIERS).
func (cv *tierConv) cost(a *amounts, mode TiersMode, i int, qty num) num {
	if mode == Volume {
		return cv.line(a, i, qty).add(cv.flat(a, i))
	}
	return cv.below[i].add(cv.line(a, i, qty.sub(a.from(i)))).add(cv.flat(a, i))
}
