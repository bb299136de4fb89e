package pricing

// The enumerations of a price: usage type, billing scheme, tiers mode, package rounding.

import (
	"fmt"

	"github.com/pricekit/pricekit/internal/text"
)

// UsageType says how a recurring price's quantity is known.
type UsageType uint8

const (
	// Licensed prices bill a quantity set in advance (seats, plans).
	Licensed UsageType = iota
	// Metered prices bill usage reported during the period, in arrears.
	Metered
)

// String returns the Stripe name: "licensed" or "metered".
func (u UsageType) String() string {
	if u == Metered {
		return "metered"
	}
	return "licensed"
}

// ParseUsageType parses "licensed" or "metered".
func ParseUsageType(s string) (UsageType, error) {
	switch s {
	case "licensed":
		return Licensed, nil
	case "metered":
		return Metered, nil
	}
	return 0, fmt.Errorf("%w: usage_type %q (want licensed or metered)", ErrInvalidPrice, text.Truncate(s, 24))
}

// BillingScheme says how a quantity is priced.
type BillingScheme uint8

const (
	// PerUnit prices every unit at the unit amount.
	PerUnit BillingScheme = iota
	// Tiered prices the quantity with tiers.
	Tiered
)

// String returns the Stripe name: "per_unit" or "tiered".
func (b BillingScheme) String() string {
	if b == Tiered {
		return "tiered"
	}
	return "per_unit"
}

// ParseBillingScheme parses "per_unit" or "tiered".
func ParseBillingScheme(s string) (BillingScheme, error) {
	switch s {
	case "per_unit":
		return PerUnit, nil
	case "tiered":
		return Tiered, nil
	}
	return 0, fmt.Errorf("%w: billing_scheme %q (want per_unit or tiered)", ErrInvalidPrice, text.Truncate(s, 24))
}

// TiersMode says how tiers apply to a quantity.
type TiersMode uint8

const (
	// Graduated prices each slice of the quantity at its own tier and adds the flat
	// amount of every tier reached.
	Graduated TiersMode = iota
	// Volume prices the whole quantity at the tier it falls in, plus that tier's flat amount.
	Volume
)

// String returns the Stripe name: "graduated" or "volume".
func (m TiersMode) String() string {
	if m == Volume {
		return "volume"
	}
	return "graduated"
}

// ParseTiersMode parses "graduated" or "volume".
func ParseTiersMode(s string) (TiersMode, error) {
	switch s {
	case "graduated":
		return Graduated, nil
	case "volume":
		return Volume, nil
	}
	return 0, fmt.Errorf("%w: tiers_mode %q (want graduated or volume)", ErrInvalidPrice, text.Truncate(s, 24))
}

// TransformRound says how a divided quantity becomes whole packages.
type TransformRound uint8

const (
	// TransformRoundUp bills every started package.
	TransformRoundUp TransformRound = iota
	// TransformRoundDown bills only complete packages.
	TransformRoundDown
)

// String returns the Stripe name: "up" or "down".
func (r TransformRound) String() string {
	if r == TransformRoundDown {
		return "down"
	}
	return "up"
}

// ParseTransformRound parses "up" or "down".
func ParseTransformRound(s string) (TransformRound, error) {
	switch s {
	case "up":
		return TransformRoundUp, nil
	case "down":
		return TransformRoundDown, nil
	}
	return 0, fmt.Errorf("%w: round %q (want up or down)", ErrInvalidTransform, text.Truncate(s, 24))
}
