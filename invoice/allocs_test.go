//go:build !race

package invoice

import "testing"

// The typical preview (examples/seat_upgrade.json from Go) allocates at most 20
// times (the race detector's instrumentation is left out: it allocates on its own).
func TestTypicalPreviewAllocations(t *testing.T) {
	req := typicalRequest(t)
	var err error
	allocs := testing.AllocsPerRun(50, func() { _, err = Preview(req) })
	if err != nil {
		t.Fatal(err)
	}
	if allocs > 20 {
		t.Errorf("a typical preview allocates %v times, want at most 20", allocs)
	}
}
