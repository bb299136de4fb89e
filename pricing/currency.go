package pricing

import (
	"fmt"
	"strings"

	"github.com/pricekit/pricekit/internal/text"
)

// Currency is an active ISO 4217 currency, or a custom currency built by
// [NewCustomCurrency] (credits, tokens) that carries its own code and number of
// decimals in the value. The zero value is "no currency": it is not valid, has no
// code and is returned only alongside an error.
//
// Currency values are small and comparable; use them as map keys. Two custom
// currencies are equal when their codes and decimals are.
type Currency struct {
	idx    uint16              // index into currencies; 0 = no ISO currency
	digits uint8               // a custom currency's decimals
	code   [maxCustomCode]byte // a custom currency's upper-case code, NUL-padded; empty for ISO
}

type currencyInfo struct {
	code   string
	digits int32
}

// currencies lists the active ISO 4217 codes with their minor-unit exponent (ISO's
// "minor unit" column), in code order. Codes whose minor unit is "N.A." (precious
// metals, XDR, test codes) are not currencies one can bill in and are left out.
// Index 0 is the zero Currency.
var currencies = [...]currencyInfo{
	{"", 0},
	{"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
	{"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
	{"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
	{"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4},
	{"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
	{"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
	{"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
	{"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
	{"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
	{"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
	{"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
	{"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
	{"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
	{"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
	{"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
	{"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
	{"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
	{"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
	{"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
	{"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
	{"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
}

// currencyIndex maps a three-letter upper-case code, packed into a uint32, to its index.
// It is built once at start-up and never changes.
var currencyIndex = func() map[uint32]uint16 {
	m := make(map[uint32]uint16, len(currencies))
	for i := 1; i < len(currencies); i++ {
		c := currencies[i].code
		m[pack(c[0], c[1], c[2])] = uint16(i)
	}
	return m
}()

func pack(a, b, c byte) uint32 { return uint32(a)<<16 | uint32(b)<<8 | uint32(c) }

func upper(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

// ParseCurrency returns the currency with the given ISO 4217 code, in any case
// ("usd", "USD", "Usd"). An unknown or malformed code returns an error wrapping
// [ErrUnknownCurrency].
func ParseCurrency(code string) (Currency, error) {
	if len(code) == 3 {
		if i, ok := currencyIndex[pack(upper(code[0]), upper(code[1]), upper(code[2]))]; ok {
			return Currency{idx: i}, nil
		}
	}
	return Currency{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, text.Truncate(code, 16))
}

// Currencies returns every supported currency, in code order.
func Currencies() []Currency {
	out := make([]Currency, 0, len(currencies)-1)
	for i := 1; i < len(currencies); i++ {
		out = append(out, Currency{idx: uint16(i)})
	}
	return out
}

// Code returns the upper-case ISO 4217 code ("USD"), a custom currency's upper-case
// code ("CREDITS"), or "" for the zero Currency.
func (c Currency) Code() string {
	if c.code[0] != 0 {
		return c.customCode()
	}
	return currencies[c.idx].code
}

// String returns the upper-case code, like [Currency.Code].
func (c Currency) String() string { return c.Code() }

// LowerCode returns the lower-case code ("usd"), the form Stripe's API uses.
func (c Currency) LowerCode() string { return strings.ToLower(c.Code()) }

// Digits returns the currency's minor-unit exponent: 2 for USD (1 USD = 100 cents),
// 0 for JPY, 3 for KWD, 4 for CLF; a custom currency's own decimals.
func (c Currency) Digits() int32 {
	if c.code[0] != 0 {
		return int32(c.digits)
	}
	return currencies[c.idx].digits
}

// IsZero reports whether c is the zero Currency (no currency).
func (c Currency) IsZero() bool { return c.idx == 0 && c.code[0] == 0 }

// MarshalText encodes the currency as its upper-case code. A custom currency's text
// does not carry its decimals: UnmarshalText refuses it (rebuild it with
// [NewCustomCurrency]).
func (c Currency) MarshalText() ([]byte, error) { return []byte(c.Code()), nil }

// UnmarshalText decodes a currency code in any case.
func (c *Currency) UnmarshalText(b []byte) error {
	v, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
