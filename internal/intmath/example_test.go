package intmath_test

import (
	"fmt"

	"github.com/pricekit/pricekit/internal/intmath"
)

// FloorDiv and FloorMod round towards negative infinity, as calendar arithmetic
// needs: 7 months before January is in the previous year.
func ExampleFloorDiv() {
	fmt.Println(intmath.FloorDiv(-7, 12), intmath.FloorMod(-7, 12))
	fmt.Println(-7/12, -7%12) // Go's own division truncates
	// Output:
	// -1 5
	// 0 -7
}

func ExamplePow10() {
	fmt.Println(intmath.Pow10(3))
	// Output: 1000
}
