package previewjson

// The fast path's entry points: encoding/json calls these for the values that take
// several forms; each decodes as its decodeJSON does, without paths.

func (b *billingMode) UnmarshalJSON(raw []byte) error      { return b.decodeJSON(fast, raw) }
func (l *itemList) UnmarshalJSON(raw []byte) error         { return l.decodeJSON(fast, raw) }
func (a *anchorChange) UnmarshalJSON(raw []byte) error     { return a.decodeJSON(fast, raw) }
func (u *upTo) UnmarshalJSON(raw []byte) error             { return u.decodeJSON(fast, raw) }
func (p *productRef) UnmarshalJSON(raw []byte) error       { return p.decodeJSON(fast, raw) }
func (k *keyed[T]) UnmarshalJSON(raw []byte) error         { return k.decodeJSON(fast, raw) }
func (r *idOrObject[T, N]) UnmarshalJSON(raw []byte) error { return r.decodeJSON(fast, raw) }
