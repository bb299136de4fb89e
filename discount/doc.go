// Package discount applies coupons to invoice lines, the way Stripe Billing does.
//
// A [Coupon] is built once by [NewCoupon], which validates it; a [Discount] is a
// coupon attached to a subscription or an item from a start instant on;
// [Discount.StatusFor] says which invoices it covers (or why not); [Apply] takes the lines of one
// invoice (amounts, products, proration flags, item discounts) and the invoice-level
// discounts, and returns each line's discounts and net amount. The package knows
// nothing of prices or invoices: callers hand it lines.
//
// The rules (Stripe's coupons and discounts, as the preview format's reference states them):
//
//	| rule                | how                                                                          |
//	|---------------------|------------------------------------------------------------------------------|
//	| order               | item discounts first, then invoice (subscription) discounts; within each     |
//	|                     | list in order, each on the amount left after the ones before it              |
//	| percent_off p       | per covered line: round(left × p / 100), half away from zero, to the minor   |
//	|                     | unit; proration lines too (on a credit the discount is negative: it shrinks) |
//	| percent cap         | optional MaxDiscount per invoice and currency: when the coupon's line        |
//	|                     | discounts total more, they are reduced to total the cap exactly (positive    |
//	|                     | ones share it in proportion to their uncapped amounts, floor, leftover units |
//	|                     | to the largest; discounts on credit lines stay as they are)                  |
//	| amount_off a        | spread over the covered non-proration lines with a positive amount left, in  |
//	|                     | proportion to those amounts: each share floored, leftover units one each to  |
//	|                     | the largest lines first, ties to the earlier line (500 over 1000 and 2000 →  |
//	|                     | 166 and 334); never below zero; what cannot be used is dropped, not carried  |
//	| item amount_off     | spread over the lines of its item only                                       |
//	| currency            | amount_off in the invoice currency: its own, else currency_options, else an  |
//	|                     | error naming the coupon                                                      |
//	| applies_to products | only lines of the listed products (every line when the list is nil)          |
//	| once                | the first invoice at or after its start (start ≥ the previous invoice)       |
//	| repeating N         | invoices whose period starts before start + N months (month end clamped)     |
//	| forever             | every invoice from its start on                                              |
//
// Every [Applied] amount carries its rule as text ([Applied.Rule]), built only when
// asked. Amounts are [pricing.Money] in major units, whole in minor units; the
// results conserve exactly: Σ Net + Σ discounts = Σ line amounts.
//
// Choices where Stripe is silent: a cap is per invoice, shared by every application
// of the coupon (item- and invoice-level) in the order they apply; lines of one item
// share an item-level amount_off when they carry the same [Line.Item] and the same
// discount list (a line without Item is an item of its own).
//
// [NewCoupon] reports a refusal as a [*pricing.FieldError] naming the field of
// [CouponParams] at fault ("PercentOff", "MaxDiscount[EUR]"). discount imports
// pricing, the module's internal packages, shopspring/decimal and the standard library.
package discount
