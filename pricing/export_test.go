package pricing

// The digit writers, for the external tests that check them with the shared
// generators (pricingtest imports pricing, so those tests cannot be internal).
var (
	CountDigits = countDigits
	PutDigits   = putDigits
	AppendInt   = appendInt
)
