package pricing

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// AllocationRule says where the minor units left over after flooring every share go.
// The zero value is [LargestRemainder].
type AllocationRule uint8

const (
	// LargestRemainder (Hamilton's method): every part gets the floor of its exact
	// share; the units left over go one each to the parts with the largest
	// remainders (ties: earlier part first). Every part is within one minor unit of
	// its exact share, strictly.
	LargestRemainder AllocationRule = iota
	// FloorLargestFirst is the rule Stripe uses to spread an amount_off coupon over
	// invoice lines: every part gets the floor of its exact share; the units left over
	// go one each to the parts with the largest weights first (ties: earlier part
	// first), skipping parts whose share was already exact. 500 over weights 1000 and
	// 2000 gives 166 and 334 (largest remainder would give 167 and 333).
	FloorLargestFirst
	numAllocationRules
)

// String returns the rule's name as used in explanations.
func (r AllocationRule) String() string {
	switch r {
	case LargestRemainder:
		return "largest-remainder"
	case FloorLargestFirst:
		return "floor-then-largest-first"
	}
	return fmt.Sprintf("AllocationRule(%d)", uint8(r))
}

// MaxParts is the largest number of parts [Allocate] and [Split] accept.
const MaxParts = 1 << 20

// Allocate splits total into len(weights) parts proportional to weights, in whole
// minor units of total's currency, so that the parts sum exactly to total.
//
// total must be a whole number of minor units ([ErrNotWholeMinorUnits] otherwise:
// round it first). Weights must be non-negative, within the library's bounds, and
// not all zero ([ErrInvalidWeights]); a zero weight gets a zero part. A negative
// total is allocated as its absolute value and every part negated, so
// Allocate(−x) = −Allocate(x) part by part.
func Allocate(total Money, weights []decimal.Decimal, rule AllocationRule) ([]Money, error) {
	if rule >= numAllocationRules {
		return nil, fmt.Errorf("%w: %s", ErrInvalidRoundingMode, rule)
	}
	if len(weights) == 0 || len(weights) > MaxParts {
		return nil, fmt.Errorf("%w: %d weights (want 1 to %d)", ErrInvalidWeights, len(weights), MaxParts)
	}
	if err := CheckMoneyBounds(total); err != nil {
		return nil, fmt.Errorf("allocation total: %w", err)
	}
	units := total.MinorDecimal()
	if !units.IsInteger() {
		return nil, fmt.Errorf("%w: %s", ErrNotWholeMinorUnits, total)
	}
	sum := decimal.Zero
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("%w: weight %d is negative (%s)", ErrInvalidWeights, i, text.ShortDecimal(w))
		}
		if err := CheckBounds(w); err != nil {
			return nil, fmt.Errorf("weight %d: %w", i, err)
		}
		sum = sum.Add(w)
	}
	if sum.IsZero() {
		return nil, fmt.Errorf("%w: all %d weights are zero", ErrInvalidWeights, len(weights))
	}
	neg := units.Sign() < 0
	units = units.Abs()

	type share struct {
		i     int
		floor decimal.Decimal
		rem   decimal.Decimal // exact share − floor, times sum
	}
	shares := make([]share, len(weights))
	left := units
	for i, w := range weights {
		q, r := units.Mul(w).QuoRem(sum, 0)
		shares[i] = share{i: i, floor: q, rem: r}
		left = left.Sub(q)
	}
	if n := left.IntPart(); n > 0 {
		order := make([]int, len(shares))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			sa, sb := shares[order[a]], shares[order[b]]
			if rule == LargestRemainder {
				return sa.rem.GreaterThan(sb.rem)
			}
			// FloorLargestFirst: inexact shares first, then by weight.
			ea, eb := sa.rem.Sign() > 0, sb.rem.Sign() > 0
			if ea != eb {
				return ea
			}
			return weights[sa.i].GreaterThan(weights[sb.i])
		})
		one := decimal.NewFromInt(1)
		for k := int64(0); k < n; k++ {
			s := &shares[order[k]]
			s.floor = s.floor.Add(one)
		}
	}
	out := make([]Money, len(shares))
	for i, s := range shares {
		v := s.floor
		if neg {
			v = v.Neg()
		}
		out[i] = FromMinorDecimal(v, total.currency)
	}
	return out, nil
}

// Split divides total into n parts as equal as possible, in whole minor units, the
// earlier parts getting the extra units: 100 USD cents into 3 gives 34, 33, 33.
// n must be between 1 and [MaxParts].
func Split(total Money, n int) ([]Money, error) {
	if n < 1 || n > MaxParts {
		return nil, fmt.Errorf("%w: cannot split into %d parts (want 1 to %d)", ErrInvalidWeights, n, MaxParts)
	}
	weights := make([]decimal.Decimal, n)
	one := decimal.NewFromInt(1)
	for i := range weights {
		weights[i] = one
	}
	return Allocate(total, weights, LargestRemainder)
}

// Weights converts integer weights (line amounts in minor units, seat counts) to the
// decimal weights [Allocate] takes.
func Weights(ws ...int64) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ws))
	for i, w := range ws {
		out[i] = decimal.NewFromInt(w)
	}
	return out
}
