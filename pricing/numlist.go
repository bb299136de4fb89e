package pricing

// numList is a fixed-length list of nums, written only while a price is built: each
// narrow value as a coefficient and an exponent (12 bytes, a num takes 32), or, once
// one value is wide, every value as a num. A price's tiers are numLists: a request of
// many tiered prices holds a third of what []num would.
type numList struct {
	c    []int64
	e    []int32
	nums []num // every value, once one is wide; else nil
}

// makeNumLists returns k lists of n values each (zero), sharing two allocations.
func makeNumLists(n, k int) []numList {
	c, e := make([]int64, n*k), make([]int32, n*k)
	out := make([]numList, k)
	for j := range out {
		out[j] = numList{c: c[j*n : (j+1)*n : (j+1)*n], e: e[j*n : (j+1)*n : (j+1)*n]}
	}
	return out
}

// len returns the number of values.
func (l *numList) len() int {
	if l.nums != nil {
		return len(l.nums)
	}
	return len(l.c)
}

// at returns value i.
func (l *numList) at(i int) num {
	if l.nums != nil {
		return l.nums[i]
	}
	return num{c: l.c[i], e: l.e[i]}
}

// set sets value i to v, keeping every value as a num from the first v that is not
// narrow on.
func (l *numList) set(i int, v num) {
	if l.nums == nil {
		if v.form == formNarrow {
			l.c[i], l.e[i] = v.c, v.e
			return
		}
		l.nums = make([]num, len(l.c))
		for k := range l.c {
			l.nums[k] = num{c: l.c[k], e: l.e[k]}
		}
		l.c, l.e = nil, nil
	}
	l.nums[i] = v
}
