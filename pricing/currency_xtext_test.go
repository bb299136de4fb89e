package pricing_test

import (
	"testing"

	"golang.org/x/text/currency"

	"github.com/pricekit/pricekit/pricing"
)

// deliberate lists where our table (ISO 4217's minor-unit column, which Stripe and
// payment APIs follow) differs from golang.org/x/text/currency (CLDR data), and why.
var deliberate = map[string]string{
	"AFN": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"ALL": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"AMD": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"COP": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"GYD": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"IDR": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"IRR": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"KPW": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"LAK": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"LBP": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"MGA": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"MMK": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"MNT": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"MUR": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"PKR": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"RSD": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"SOS": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"SYP": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"TZS": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"UZS": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"YER": "ISO 4217 minor unit 2; CLDR rounds to 0 digits because the minor unit is not used in practice",
	"IQD": "ISO 4217 minor unit 3; CLDR rounds to 0 digits because the fils is not used in practice",
	"MRU": "ISO code since 2018 (replaced MRO), 2 digits; unknown to x/text v0.23.0's CLDR data",
	"SLE": "ISO code since 2022 (redenominated leone), 2 digits; unknown to x/text v0.23.0",
	"UYW": "ISO fund code (unidad previsional), 4 digits; unknown to x/text v0.23.0",
	"VED": "ISO code since 2021 (digital bolívar), 2 digits; unknown to x/text v0.23.0",
	"VES": "ISO code since 2018 (bolívar soberano), 2 digits; unknown to x/text v0.23.0",
	"XCG": "ISO code since 2025 (Caribbean guilder, replacing ANG), 2 digits; unknown to x/text v0.23.0",
	"ZWG": "ISO code since 2024 (Zimbabwe gold), 2 digits; unknown to x/text v0.23.0",
}

// TestCurrencyTableAgainstXText cross-checks every code and its digits against an
// independent source already in the module graph.
func TestCurrencyTableAgainstXText(t *testing.T) {
	for _, c := range pricing.Currencies() {
		why, known := deliberate[c.Code()]
		u, err := currency.ParseISO(c.Code())
		if err != nil {
			if !known {
				t.Errorf("%s: unknown to x/text (%v) and not in the allow-list", c.Code(), err)
			}
			continue
		}
		scale, _ := currency.Standard.Rounding(u)
		if int32(scale) != c.Digits() && !known {
			t.Errorf("%s: %d digits here, %d in CLDR, and no reason recorded", c.Code(), c.Digits(), scale)
		}
		if int32(scale) == c.Digits() && known {
			t.Errorf("%s: in the allow-list (%s) but agrees with x/text", c.Code(), why)
		}
	}
}
