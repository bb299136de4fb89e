// Package previewjson is pricekit's preview format: a request in JSON (Stripe's
// field names and units, and Stripe's own objects pasted as the API returns them)
// decoded into the Go API of package invoice, and the invoice encoded back as JSON.
// REFERENCE.md, beside this file, is the format's complete reference: every field,
// its units, default and rules, the limits, the errors, and the class of each field
// of each Stripe object.
//
// [DecodeRequest] turns bytes into an [invoice.Request], [Preview] also computes the
// invoice, [EncodeInvoice] (or [FromInvoice] and encoding/json) writes the response,
// and [EncodeRequest] writes a Go request in the format. An issued invoice (a Stripe
// Invoice object of either API shape, or the format's response) is read as a
// request's history (its invoices), by [Verify] (a request and the invoice issued
// for it, reconciled by package invoice/verify; [EncodeResult] writes the result)
// and by [Revenue] (invoices and credit notes, scheduled by package
// invoice/revenue; [EncodeSchedule] writes the schedule).
//
// Decoding goes through encoding/json only, into wire types that follow Stripe's
// objects field by field. One pass over the bytes first refuses what encoding/json
// would let through in silence (invalid UTF-8 and lone surrogates, which it replaces
// with U+FFFD; repeated keys, of which it keeps the last), bounds the size, depth,
// number of values and of usage records, and checks every key against the fields
// of its object. A request whose keys are all fields is then decoded by
// encoding/json in one call; any other, and any request that fails, is decoded
// member by member, so that an error names the path of the first bad value.
// Numbers are read from their text, never through binary floating point. Every value is then
// built through its constructor (pricing.NewPrice, discount.NewCoupon,
// invoice.NewTaxRate, pricing.NewUsageRecord), which is where the domain's rules
// are checked, once; money is converted from minor units there, once.
//
// Every error is a [*PathError] with the JSON path of the value the user wrote
// ("subscription.items[0].price.tiers[2].up_to") and a cause that wraps a sentinel
// of this package or of the packages below. The first bad value in document order is
// the one reported.
//
// This package imports invoice, invoice/verify, invoice/revenue, pricing, discount
// and proration; nothing below it
// knows JSON.
package previewjson
