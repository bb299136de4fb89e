package pricing

import "reflect"

// Equal reports whether p and q are the same price. (Placeholder until the
// field-by-field comparison lands.)
func (p Price) Equal(q Price) bool { return reflect.DeepEqual(p, q) }
