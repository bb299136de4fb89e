// Package revenue computes revenue recognition schedules: on which calendar months
// each invoice line's amount becomes revenue, spread ratably over its service period
// (ASC 606 / IFRS 15 over-time recognition, with the settings of Stripe Revenue
// Recognition, https://docs.stripe.com/revenue-recognition). It is a pure function
// of its input and sits above package invoice: [FromInvoice] turns a computed
// invoice into [Line]s, and [Recognize] turns lines and [CreditNote]s into a
// [Schedule]. It knows nothing of JSON.
//
// # What is recognized
//
// A line's amount is its revenue: net of discounts, excluding tax, in whole minor
// units ([FromInvoice]: amount − discounts − inclusive tax). Prorations and credits
// are lines with their own periods.
//
// # Granularity
//
// The period [Start, End) is cut at the calendar months of the time zone
// ([NewOptions]; UTC by default). Every month it touches gets an entry, whose share
// is its weight over the weights of all its months:
//
//   - [Second] (the default): the seconds of the period in the month.
//   - [Day]: the calendar days (in the zone) of the period in the month, each
//     weighing 1 whatever its length; the day the period starts counts whole, the
//     day it ends does not (a period within one day gives it everything). By the
//     second and by the day agree when the period runs from midnight to midnight
//     in a zone without daylight saving time.
//   - [MonthEven] (Stripe's "by month evenly"): every month weighs 1, the month the
//     period starts included whole, the month it ends cut off, as the day it ends
//     is for Day: 12000 over June 15 to October 13 is 3000 in each of June to
//     September and 0 in October. A period ending exactly at the start of a month
//     does not touch it, so its last month counts; a period within one month gives
//     it everything.
//   - [MonthEvenProrated] (Stripe's "by month evenly, first and last month
//     prorated"): every full month weighs 1; a partial first or last month weighs
//     the fraction of that month, by the second, that the period covers (June 15
//     12:00 to July 1 is 15.5/30 of June).
//
// # Exactness and the tie-break
//
// Every share is exact (integer arithmetic in 128 bits; no floating point) and the
// shares are rounded together by largest remainder (Hamilton's method): each month
// gets the floor of its exact share, and the minor units left over go one each to
// the months with the largest remainders, ties to the earlier month. A line's
// entries therefore sum exactly to its amount, and each is within one minor unit
// of its exact share. This is the rule of [pricing.Allocate] with
// [pricing.LargestRemainder], which the tests check it against.
//
// # Sign
//
// A negative amount (a credit) is rounded on its magnitude and every part negated:
// the schedule of −x is the negation of the schedule of x, month by month, so a
// credit that reverses a charge over the same period cancels it exactly.
//
// # Credit notes
//
// A credit note reduces one line by a positive amount (the credit notes of a line
// may not exceed it). Following Stripe's published examples
// (https://docs.stripe.com/revenue-recognition/examples/credit-notes):
//
//   - Before payment (Created before the line's PaidAt, or the line not paid): the
//     credit is an upfront discount; the line's net amount (amount − credit) is
//     spread over the whole period. 120 USD over January to March 2026 (by the
//     day) with 30 credited before payment recognizes 31, 28, 31.
//   - After payment (Created at or after PaidAt): revenue recognized before the
//     credit's date stays as it was. The credit is spread over the line's period
//     like the line (its own largest-remainder parts, negative); its share of the
//     time before its date is recognized at once on that date, in the month of the
//     date, and the rest reduces the months that follow. 90 USD over January to
//     March 2026 with 45 credited on February 1 recognizes 31 in January, 14 − 15.5
//     = −1.5 in February and 15.5 in March. A credit dated after the period puts
//     all of its share in the month of its date, which gets an entry of its own.
//
// # Queries
//
// [Schedule.Recognized] and [Schedule.Billed] at any instant, [Schedule.Deferred]
// (billed − recognized) and [Schedule.ByPeriods] (what is recognized in any
// periods the caller gives) agree with the entries at month boundaries; within a
// month they follow the granularity.
//
// # Errors and bounds
//
// Every refusal is a [*pricing.FieldError] naming the Go path of the value
// ("Lines[2].Period", "CreditNotes[0].Line") and wrapping a sentinel of this
// package or of pricing, for errors.Is and errors.As: an empty or inverted period
// or one not in whole seconds, a credit larger than its line, an unknown line
// index, a nil time zone, amounts beyond ±10^15 minor units or not whole, mixed
// currencies. [MaxMonths] and [MaxEntries] bound the memory of a schedule. No
// input panics.
package revenue
