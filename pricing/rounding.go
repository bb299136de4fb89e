package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// RoundingMode says how a value between two representable values is rounded.
// The zero value is [HalfAwayFromZero], the billing default (Stripe rounds this way).
type RoundingMode uint8

// The rounding modes. "Up" and "Down" are relative to zero; "Ceiling" and "Floor"
// to the number line.
const (
	HalfAwayFromZero RoundingMode = iota // 1.5 → 2, −1.5 → −2 (commercial rounding; default)
	HalfEven                             // 1.5 → 2, 2.5 → 2, −2.5 → −2 (banker's rounding)
	HalfTowardZero                       // 1.5 → 1, −1.5 → −1 ("half down")
	Up                                   // away from zero: 1.1 → 2, −1.1 → −2
	Down                                 // toward zero (truncate): 1.9 → 1, −1.9 → −1
	Ceiling                              // toward +∞: 1.1 → 2, −1.9 → −1
	Floor                                // toward −∞: 1.9 → 1, −1.1 → −2
	numRoundingModes
)

var roundingModeNames = [...]string{"half-away-from-zero", "half-even", "half-toward-zero", "up", "down", "ceiling", "floor"}

// String returns the mode's name, as used in explanations ("half-away-from-zero").
func (m RoundingMode) String() string {
	if m < numRoundingModes {
		return roundingModeNames[m]
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(m))
}

// Valid reports whether m is one of the declared modes.
func (m RoundingMode) Valid() bool { return m < numRoundingModes }

// Round rounds d to scale decimal places (a negative scale rounds to tens,
// hundreds, …) with the given mode. An undeclared mode rounds half away from zero;
// use [RoundingMode.Valid] to reject it first where it comes from user input.
func Round(d decimal.Decimal, scale int32, mode RoundingMode) decimal.Decimal {
	switch mode {
	case HalfEven:
		return d.RoundBank(scale)
	case HalfTowardZero:
		t := d.RoundDown(scale)
		// |d − t| compared with half a unit of the scale
		twice := d.Sub(t).Abs().Shift(scale + 1) // in tenths of the unit
		if twice.GreaterThan(decimal.NewFromInt(5)) {
			return d.RoundUp(scale)
		}
		return t
	case Up:
		return d.RoundUp(scale)
	case Down:
		return d.RoundDown(scale)
	case Ceiling:
		return d.RoundCeil(scale)
	case Floor:
		return d.RoundFloor(scale)
	default:
		return d.Round(scale)
	}
}

// RoundToIncrement rounds d to a multiple of increment (for example 0.05 for Swiss
// franc cash) with the given mode. The increment must be positive.
func RoundToIncrement(d, increment decimal.Decimal, mode RoundingMode) (decimal.Decimal, error) {
	if increment.Sign() <= 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: rounding increment %s must be positive", ErrInvalidRate, text.ShortDecimal(increment))
	}
	if err := CheckBounds(increment); err != nil {
		return decimal.Decimal{}, fmt.Errorf("rounding increment: %w", err)
	}
	q, r := d.QuoRem(increment, 0) // d = q×inc + r, q integer toward zero, r has d's sign
	if r.IsZero() {
		return d, nil
	}
	away := false
	cmpHalf := r.Abs().Mul(decimal.NewFromInt(2)).Cmp(increment) // 2|r| vs inc
	switch mode {
	case HalfEven:
		away = cmpHalf > 0 || (cmpHalf == 0 && q.Mod(decimal.NewFromInt(2)).Sign() != 0)
	case HalfTowardZero:
		away = cmpHalf > 0
	case Up:
		away = true
	case Down:
		away = false
	case Ceiling:
		away = d.Sign() > 0
	case Floor:
		away = d.Sign() < 0
	default:
		away = cmpHalf >= 0
	}
	if away {
		if d.Sign() > 0 {
			q = q.Add(decimal.NewFromInt(1))
		} else {
			q = q.Sub(decimal.NewFromInt(1))
		}
	}
	return q.Mul(increment), nil
}
