package revenue

import (
	"math/bits"
	"sort"
)

// allocate writes into out (len(out) == len(w)) the parts of total proportional to
// the weights w, by the largest-remainder rule: every part gets the floor of its exact
// share |total|·w[i]/Σw, the units left over go one each to the parts with the
// largest remainders, ties to the earlier part; a negative total is allocated on its
// magnitude and every part negated. The parts sum exactly to total.
//
// The callers guarantee |total| ≤ 10^15, Σw < 2^64 and Σw > 0 (the products are
// taken in 128 bits, so nothing overflows). scratch is reused between calls to keep
// the allocation count down; it is returned, grown if needed.
func allocate(total int64, w []uint64, out []int64, scratch []int) []int {
	var sum uint64
	for _, x := range w {
		sum += x
	}
	if sum == 0 || total == 0 {
		for i := range out {
			out[i] = 0
		}
		if len(out) > 0 {
			out[0] = total
		}
		return scratch
	}
	neg := total < 0
	mag := uint64(total)
	if neg {
		mag = uint64(-total)
	}
	left := mag
	for i, x := range w {
		hi, lo := bits.Mul64(mag, x)
		q, _ := bits.Div64(hi, lo, sum) // hi < sum because q ≤ mag
		out[i] = int64(q)
		left -= q
	}
	// Fewer than len(w) units are left; they go to the largest remainders.
	rem := func(i int) uint64 {
		hi, lo := bits.Mul64(mag, w[i])
		_, r := bits.Div64(hi, lo, sum)
		return r
	}
	switch {
	case left == 0:
	case len(w) <= 64:
		// Few parts: repeated selection of the largest remainder not yet served,
		// the earliest on ties (strictly greater replaces), without allocating.
		var served uint64
		for k := uint64(0); k < left; k++ {
			best, bestRem := -1, uint64(0)
			for i := range w {
				if served&(1<<uint(i)) != 0 {
					continue
				}
				if r := rem(i); best < 0 || r > bestRem {
					best, bestRem = i, r
				}
			}
			served |= 1 << uint(best)
			out[best]++
		}
	default:
		scratch = scratch[:0]
		rems := make([]uint64, len(w))
		for i := range w {
			scratch = append(scratch, i)
			rems[i] = rem(i)
		}
		sort.SliceStable(scratch, func(a, b int) bool { return rems[scratch[a]] > rems[scratch[b]] })
		for k := uint64(0); k < left; k++ {
			out[scratch[k]]++
		}
	}
	if neg {
		for i := range out {
			out[i] = -out[i]
		}
	}
	return scratch
}

// split divides part between the pieces before and after an instant inside one
// month, whose weights are before and after, by the same rule as [allocate] (ties to
// the earlier piece); it returns the piece before.
func split(part int64, before, after uint64) int64 {
	if part == 0 || after == 0 {
		return part
	}
	if before == 0 {
		return 0
	}
	var w = [2]uint64{before, after}
	var out [2]int64
	allocate(part, w[:], out[:], nil)
	return out[0]
}
