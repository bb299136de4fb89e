package pricing

import (
	"fmt"

	"github.com/pricekit/pricekit/internal/text"
)

// maxCustomCode is the longest custom currency code, in bytes.
const maxCustomCode = 13

// MaxCustomDigits is the most decimals a custom currency may have.
const MaxCustomDigits = 18

// NewCustomCurrency returns a currency that is not ISO 4217 — Lago's credits, a
// wallet's tokens — with its own number of decimals: amounts in it round to digits
// places, and its minor unit is 10^−digits. It is usable wherever a [Currency] is
// and carries its code and decimals in the value (there is no registry): two calls
// with the same code and digits return equal currencies.
//
// code is 1 to 13 ASCII letters, digits or underscores, taken in upper case
// ("credits" is "CREDITS"); three letters alone are refused, since that is the
// form of every ISO 4217 code (a custom currency never shadows one, present or
// future); digits is 0 to 18. An error is a [*FieldError] at "Code" or "Digits"
// wrapping [ErrUnknownCurrency].
//
// Lago bills in custom units with their own precision (credits of a wallet,
// https://getlago.com/docs/guide/wallet-and-prepaid-credits/overview); pricekit
// computes such an amount exactly as it computes one in an ISO currency with that
// many decimals.
func NewCustomCurrency(code string, digits int) (Currency, error) {
	if digits < 0 || digits > MaxCustomDigits {
		return Currency{}, fieldErr("Digits", fmt.Errorf("%w: %d decimals (want 0 to %d)", ErrUnknownCurrency, digits, MaxCustomDigits))
	}
	if len(code) == 0 || len(code) > maxCustomCode {
		return Currency{}, fieldErr("Code", fmt.Errorf("%w: custom code %q (want 1 to %d letters, digits or underscores)", ErrUnknownCurrency, text.Truncate(code, 16), maxCustomCode))
	}
	var c Currency
	letters := 0
	for i := 0; i < len(code); i++ {
		b := upper(code[i])
		switch {
		case 'A' <= b && b <= 'Z':
			letters++
		case '0' <= b && b <= '9', b == '_':
		default:
			return Currency{}, fieldErr("Code", fmt.Errorf("%w: custom code %q has %q (want letters, digits or underscores)", ErrUnknownCurrency, text.Truncate(code, 16), string(rune(code[i]))))
		}
		c.code[i] = b
	}
	if len(code) == 3 && letters == 3 {
		return Currency{}, fieldErr("Code", fmt.Errorf("%w: custom code %q has the form of an ISO 4217 code (three letters)", ErrUnknownCurrency, code))
	}
	c.digits = uint8(digits)
	return c, nil
}

// IsCustom reports whether c was built by [NewCustomCurrency].
func (c Currency) IsCustom() bool { return c.code[0] != 0 }

// customCode returns a custom currency's code.
func (c Currency) customCode() string {
	n := 0
	for n < len(c.code) && c.code[n] != 0 {
		n++
	}
	return string(c.code[:n])
}
