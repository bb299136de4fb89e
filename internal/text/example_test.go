package text_test

import (
	"fmt"
	"time"

	"github.com/pricekit/pricekit/internal/text"
)

func ExampleAppendDateTime() {
	t := time.Date(2026, 11, 16, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	b := text.AppendDate([]byte("after "), t)
	b = append(b, ", at "...)
	b = text.AppendDateTime(b, t)
	fmt.Println(string(b) + " UTC")
	// Output: after 16 Nov 2026, at 16 Nov 2026 08:30:00 UTC
}
