// Command verify checks issued invoices against what pricekit computes.
package main

import "os"

// Exit statuses.
const (
	exitMatch    = 0
	exitDiffers  = 1
	exitBadInput = 2
	exitIO       = 3
)

func main() { os.Exit(exitBadInput) }
