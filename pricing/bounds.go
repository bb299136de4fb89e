package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/pricekit/pricekit/internal/text"
)

// The library's bounds on every amount and quantity it accepts.
const (
	// MaxDigits is the decimal exponent of the largest accepted magnitude:
	// |value| ≤ 10^MaxDigits (in minor units for amounts).
	MaxDigits = 15
	// MaxScale is the most decimal places accepted (in minor units for amounts).
	MaxScale = 12
	// maxInputLen caps the length of a number's text, so that a megabyte of zeros
	// is refused before it is scanned twice.
	maxInputLen = 80
)

var maxMagnitude = decimal.New(1, MaxDigits)

// ParseDecimal parses a decimal number exactly: an optional sign, digits with an
// optional decimal point, and an optional exponent ("12", "-0.05", "1.5e3"), which
// covers every JSON number. The value must satisfy [CheckBounds] (|x| ≤ 10^15, at
// most 12 significant decimal places); this is verified on the text before any
// arithmetic, so "1e999999999" fails at once with [ErrOutOfRange].
//
// Errors wrap [ErrSyntax], [ErrOutOfRange] or [ErrTooPrecise] and quote the input.
func ParseDecimal(s string) (decimal.Decimal, error) {
	return parseScaled(s, 0, 0)
}

// parseScaled parses s as a number that will be multiplied by 10^shift before the
// bounds are applied (shift = currency digits for an amount in major units), and
// returns it divided by 10^down (down = currency digits for an amount in minor units).
func parseScaled(s string, shift, down int32) (decimal.Decimal, error) {
	if len(s) > maxInputLen {
		return decimal.Decimal{}, fmt.Errorf("%w: %q is longer than %d characters", ErrSyntax, text.Truncate(s, 24), maxInputLen)
	}
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var (
		mant     int64 // the mantissa's digits, while there are at most 18
		sig      int   // significant digits seen (leading zeros excluded)
		trailing int   // zeros at the end of the significant digits so far
		frac     int   // digits after the point
		digits   int   // all mantissa digits
		exp      int64 // explicit exponent
		dot      bool
	)
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if digits <= 18 {
				mant = mant*10 + int64(c-'0')
			}
			if dot {
				frac++
			}
			if c == '0' {
				if sig > 0 {
					sig++
					trailing++
				}
			} else {
				sig++
				trailing = 0
			}
			continue
		case c == '.' && !dot:
			dot = true
			continue
		}
		break
	}
	if digits == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrSyntax, text.Truncate(s, 24))
	}
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrSyntax, text.Truncate(s, 24))
		}
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if exp < 1e6 { // saturate: anything beyond is out of bounds anyway
				exp = exp*10 + int64(s[i]-'0')
			}
		}
		if i == start || i < len(s) {
			return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrSyntax, text.Truncate(s, 24))
		}
		if eneg {
			exp = -exp
		}
	}
	if sig == 0 { // zero, whatever its exponent
		return decimal.Zero, nil
	}
	// value = D × 10^e with D the significant digits without trailing zeros.
	e := exp - int64(frac) + int64(trailing) + int64(shift)
	nd := int64(sig - trailing)
	if -e > MaxScale {
		return decimal.Decimal{}, fmt.Errorf("%w: %q has more than %d decimal places", ErrTooPrecise, text.Truncate(s, 24), MaxScale)
	}
	if nd+e > MaxDigits+1 {
		return decimal.Decimal{}, fmt.Errorf("%w: %q is beyond ±10^%d", ErrOutOfRange, text.Truncate(s, 24), MaxDigits)
	}
	if digits <= 18 && nd+e <= MaxDigits {
		// The mantissa fits an int64 and the value is below 10^15: no parsing again.
		if neg {
			mant = -mant
		}
		return decimal.New(mant, int32(exp-int64(frac))-down), nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: %q", ErrSyntax, text.Truncate(s, 24))
	}
	if nd+e == MaxDigits+1 && d.Shift(shift).Abs().GreaterThan(maxMagnitude) {
		return decimal.Decimal{}, fmt.Errorf("%w: %q is beyond ±10^%d", ErrOutOfRange, text.Truncate(s, 24), MaxDigits)
	}
	if down != 0 {
		return d.Shift(-down), nil
	}
	return d, nil
}

// CheckBounds reports whether d is within the library's bounds: |d| ≤ 10^15 and at
// most 12 significant decimal places. It inspects the coefficient and exponent only,
// so it is cheap even for values such as decimal.New(1, 999999999) that would be
// ruinous to compute with. Amounts in minor units and quantities are checked with
// it; use [CheckMoneyBounds] for an amount in major units.
func CheckBounds(d decimal.Decimal) error {
	return checkScaled(d, 0)
}

// CheckMoneyBounds checks an amount in major units of c against the bounds of
// [CheckBounds] applied to its value in minor units.
func CheckMoneyBounds(m Money) error { return m.n.checkBounds(m.currency.Digits()) }

// checkBounds is checkScaled(n.dec(), shift), without a decimal for a narrow n
// below 10^15 with at most 12 places.
func (n num) checkBounds(shift int32) error {
	if n.form != formWide {
		exp := int64(n.e) + int64(shift)
		if n.c == 0 || (int64(text.CountDigits(absU(n.c)))+exp <= MaxDigits && -exp <= MaxScale) {
			return nil
		}
	}
	return checkScaled(n.dec(), shift)
}

func checkScaled(d decimal.Decimal, shift int32) error {
	if d.IsZero() {
		return nil
	}
	exp := int64(d.Exponent()) + int64(shift)
	nd := int64(d.NumDigits())
	if nd+exp > MaxDigits+1 {
		return fmt.Errorf("%w: %s is beyond ±10^%d", ErrOutOfRange, text.ShortDecimal(d), MaxDigits)
	}
	if -exp > MaxScale {
		// Trailing zeros of the coefficient do not count as decimal places; there are
		// at most nd-1 of them, so a larger excess is refused without arithmetic.
		if -exp-(nd-1) > MaxScale || !d.Shift(shift+MaxScale).IsInteger() {
			return fmt.Errorf("%w: %s has more than %d decimal places", ErrTooPrecise, text.ShortDecimal(d), MaxScale)
		}
	}
	// Below 16 integer digits the value is under 10^15; only then is a comparison needed.
	if nd+exp == MaxDigits+1 && d.Shift(shift).Abs().GreaterThan(maxMagnitude) {
		return fmt.Errorf("%w: %s is beyond ±10^%d", ErrOutOfRange, text.ShortDecimal(d), MaxDigits)
	}
	return nil
}
