// Package invoice composes pricing, proration and discount into a complete invoice
// preview: Stripe's upcoming invoice (classic billing mode), line by line, with tax
// rates, the customer balance and an explanation of every amount.
//
// Build a [Request] in Go (prices from pricing.NewPrice, coupons from
// discount.NewCoupon) or decode one from the preview format of ../shared/PREVIEW.md
// with [DecodeRequest]; [Preview] returns the [Invoice]; [Invoice.MarshalJSON] and
// [Invoice.WriteText] print it.
//
// Rounding happens at documented points only: each line once (a price's exact amount,
// or a full amount × proration factor), each percent discount per line, each line's
// tax (or each rate's tax once per invoice with [RoundPerInvoice]); all half away from
// zero to the currency's minor unit. Sums are taken after rounding, so every total is
// the exact sum of the amounts shown.
package invoice
