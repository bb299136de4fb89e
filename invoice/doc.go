// Package invoice is the billing: it composes pricing, proration and discount into
// complete invoices — Stripe's upcoming invoice, line by line, with tax rates, the
// customer balance and an explanation of every amount — and follows a subscription
// over time (new subscriptions, trials, cancellations, schedules, forecasts) in
// Stripe's classic or flexible billing mode.
//
// Build a [Request] in Go (prices from pricing.NewPrice, coupons from
// discount.NewCoupon, tax rates from [NewTaxRate]); [Preview] returns the [Invoice];
// [Invoice.WriteText] prints it for a person. The JSON preview format lives apart, in
// package invoice/previewjson; verification of issued invoices in invoice/verify; revenue
// recognition in invoice/revenue.
//
// # What a request must be
//
// A request is computed exactly as written or refused; nothing is billed on a guess.
// [Preview] refuses, with a [*pricing.FieldError] at the Go path of the field
// ("Subscription.Items[2].Price", "Changes.Items[0].ID", "Usage[si_3]"):
//
//   - an item whose price is one-time (not recurring), a quantity on a metered item,
//     usage for a licensed item or for an item that does not exist;
//   - a change naming an item the subscription does not have (as Stripe), an item
//     changed twice, a deletion with other fields;
//   - one ID with two definitions: two prices, coupons or tax rates under one ID must be
//     identical (Stripe's objects are immutable);
//   - a current period that is not the period of the anchor's cycle containing its
//     start — except a first period, which may start late at the subscription's
//     StartDate or TrialStart (or right after a trial) but ends at a boundary, and a
//     trial's period, which ends at the trial's end;
//   - recurring items of different intervals in classic billing mode, and, in
//     flexible mode, intervals that are not whole multiples of the shortest (an item's
//     own [Item.Period], when given, must be its own cycle's period);
//   - a line, or a running total of the invoice, beyond ±10^15 minor units (named by
//     the item whose line passes it).
//
// IDs the preview generates never collide with given ones: an item without ID is
// "si_N" and an item added by a change "new_N" (N its 1-based position), or, when the
// request already uses that name, the smallest free number after it.
//
// Whether an item changed (and is prorated) is decided by what it bills: a new
// quantity, or a new price unless both prices carry one ID (then they are identical).
// A price without ID is never the same as another.
//
// # Discounts and what took no effect
//
// A discount is active for an invoice unless it starts after the invoice is issued,
// its Until has passed, a repeating coupon's months are over before the billed period
// starts, or a once coupon was used by an invoice issued after it started (in a
// preview: one that started at or before current_period_start). A discount without a
// Start starts with the previewed invoice. Every discount that took nothing is listed
// in [Invoice.UnappliedDiscounts] with its reason: not started, ended, used, no
// matching line, nothing left.
//
// # A subscription's life
//
// A request whose Subscription is zero and whose Changes list items is a new
// subscription: its first invoice is issued at the start — a trial's 0 invoice, or the
// first period in full, or prorated to an anchor as round(full × (anchor − start) ÷
// (anchor − (anchor − one interval))); with Behavior none the time up to the anchor is
// free and the first invoice is the anchor's. Trials ([Changes.TrialEnd],
// TrialPeriodDays, a trialing [Subscription.TrialEnd]) bill 0 and no usage; the trial
// end becomes the anchor unless one is given. Cancellations at the period end, at an
// instant or now follow Stripe's cancel. [Request.Forecast] adds the invoices that
// follow, each from the previous ending balance; [PreviewRecurring] computes the
// steady-state recurring invoice; a [Schedule]'s phases change the items where they
// start.
//
// # Billing modes
//
// Classic mode prices a credit for unused time from the item's current price and
// quantity. Flexible mode prices it from what the history ([Request.Invoices]) debited
// for that time: one credit per debit, round(−debit × credited seconds ÷ debit
// period), never more than was debited, with the debit's discounts and taxes. Metered
// usage is billed at the price in effect when it was recorded (classic: only the usage
// since a price change).
//
// # Rounding
//
// Rounding happens at documented points only: each line once (a price's exact amount,
// or a full amount × proration factor), each percent discount per line, each line's
// tax (or each rate's tax once per invoice with [RoundPerInvoice]); all half away from
// zero to the currency's minor unit. Sums are taken after rounding, so every total is
// the exact sum of the amounts shown.
package invoice
