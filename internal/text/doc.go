// Package text writes what pricekit's packages share and their users need not see:
// decimals ([AppendDecimal], [AppendDecimalPlaces], [AppendMoney]), dates and
// instants as explanations show them ([AppendDate], [AppendDateTime]), integers
// ([AppendInt], [AppendUint], [PutDigits]) and the short forms of error messages
// ([ShortDecimal], [Truncate]). Its writers append to a byte slice and allocate
// nothing beyond it. It imports internal/intmath, shopspring/decimal and the standard
// library only.
package text
