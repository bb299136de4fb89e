// Package pricing is pricekit's exact money core and price models.
//
// It provides:
//
//   - [Currency]: every active ISO 4217 currency with its minor-unit exponent,
//     looked up case-insensitively with [ParseCurrency].
//   - [Money]: an immutable decimal amount in one currency (major units, e.g.
//     10.50 USD), with exact arithmetic; mixing currencies is an error, never a panic.
//   - [RoundingMode] and [Round]: every rounding is explicit (mode and scale), to a
//     currency's minor unit, to any scale, or to a cash increment.
//   - [Allocate] and [Split]: divide an amount into parts that always sum exactly
//     to the whole, by the largest-remainder rule or by Stripe's
//     "floor, then leftover units to the largest parts" rule.
//   - [ParseDecimal] and [ParseMoney]: exact parsing of decimal strings and JSON
//     numbers with bounds (±10^15 minor units, 12 decimal places in minor units)
//     checked before any arithmetic runs, so hostile input such as "1e999999999"
//     fails in microseconds.
//
// On that core it prices what a subscription sells:
//
//   - [Price] (built by [NewPrice], validated once): per-unit and per-seat prices with
//     decimal unit amounts, packages ([TransformQuantity]), graduated and volume
//     [Tier]s, a minimum and maximum charge, and amounts in several currencies
//     (Stripe's currency_options). [Price.Quote] computes the exact amount first,
//     rounds it once, and returns a [Quote] whose Explain says how.
//   - [Aggregate]: the usage of a metered price over a period (sum, max, last during
//     period, last ever), fast for millions of records.
//   - [PercentagePrice]: Lago's percentage charge model for payment volumes.
//
// All arithmetic uses github.com/shopspring/decimal; no binary floating point touches money.
// Every value is immutable and safe for concurrent use.
//
// Constructors check each rule once and report a refusal as a [*FieldError] naming
// the Go field at fault ("Tiers[2].UpTo"), wrapping one of the package's sentinels.
// pricing is the bottom of pricekit: it imports only the module's internal packages,
// shopspring/decimal, rickb777/date and the standard library.
package pricing
