package pricing

import "github.com/shopspring/decimal"

// Equal reports whether p and q are the same price: every field equal (id, nickname,
// product, billing scheme, tiers mode, transform, recurrence, dynamic and percentage
// models, and the amounts, tiers, minimum and maximum of every currency). Decimals are compared by value, so 1.5 and
// 1.50 are equal; a tier's UpTo is compared only when the tier is not the open one
// (where it is ignored). Two zero Prices are equal.
func (p Price) Equal(q Price) bool {
	if p.id != q.id || p.nickname != q.nickname || p.product != q.product || p.scheme != q.scheme || p.mode != q.mode || p.rounding != q.rounding {
		return false
	}
	if (p.transform == nil) != (q.transform == nil) || (p.transform != nil && *p.transform != *q.transform) {
		return false
	}
	if (p.recurring == nil) != (q.recurring == nil) || (p.recurring != nil && *p.recurring != *q.recurring) {
		return false
	}
	if !p.sameUsageModel(q) {
		return false
	}
	if len(p.amounts) != len(q.amounts) {
		return false
	}
	for i := range p.amounts {
		if !p.amounts[i].equal(&q.amounts[i]) {
			return false
		}
	}
	return true
}

// equal reports whether a and b have the same currency and amounts, by value.
func (a *amounts) equal(b *amounts) bool {
	n := a.upTo.len()
	if a.currency != b.currency || !a.unit.Equal(b.unit) || !equalBound(a.minimum, b.minimum) || !equalBound(a.maximum, b.maximum) || n != b.upTo.len() {
		return false
	}
	for i := range n {
		open := i == n-1 // its UpTo is not a bound
		if (!open && a.upTo.at(i).cmp(b.upTo.at(i)) != 0) || a.unitAmount.at(i).cmp(b.unitAmount.at(i)) != 0 || a.flatAmount.at(i).cmp(b.flatAmount.at(i)) != 0 || a.block(i) != b.block(i) {
			return false
		}
	}
	return true
}

// equalBound reports whether two optional amounts are both absent or equal in value.
func equalBound(a, b *decimal.Decimal) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
