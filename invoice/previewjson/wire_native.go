package previewjson

import (
	"encoding/json"
	"slices"
	"strings"
)

// The request's wire types for encoding/json alone, with no decoding of their own
// on the way to the prices. A value that decodes itself (a union such as priceRef)
// is handed its bytes by encoding/json, which then reads them again, once to check
// them and once to decode them: everything inside k such values is read 2 + 2k
// times. Most of a request is its subscription items and their prices, inside two
// of them (items, price). So when the pre-pass found the subscription's items to
// be an array and each of their prices an object, the request is decoded into these
// types instead, each of which embeds its wire type and shadows the members that
// decode themselves with their plain form (encoding/json takes the shallower of two
// fields of one name): a pointer to the price, a slice of items, a map for an object
// keyed by data. Nothing else differs, and wire() gives the wire types back, as
// decoding into them would have given them.

// requestNative is requestWire with its subscription's items and its prices plain.
type requestNative struct {
	requestWire
	Subscription *subscriptionNative   `json:"subscription"`
	Usage        map[string]records    `json:"usage"`
	UsageBefore  map[string]decimalNum `json:"usage_before"`
	Prices       []*priceNative        `json:"prices"`
}

// subscriptionNative is subscriptionWire with its items an array.
type subscriptionNative struct {
	subscriptionWire
	Items []*itemNative `json:"items"`
}

// itemNative is itemWire with its price an object.
type itemNative struct {
	itemWire
	Price *priceNative `json:"price"`
}

// priceNative is priceWire with its currency options a map.
type priceNative struct {
	priceWire
	CurrencyOptions map[string]priceOptionWire `json:"currency_options"`
}

// decodeNative decodes data, checked, into the wire types by way of requestNative.
func decodeNative(data []byte) (*requestWire, error) {
	var n requestNative
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	return n.wire(), nil
}

func (n *requestNative) wire() *requestWire {
	w := &n.requestWire
	if s := n.Subscription; s != nil {
		w.Subscription = s.wire()
	}
	w.Usage, w.UsageBefore = keyedOf(n.Usage), keyedOf(n.UsageBefore)
	if n.Prices != nil {
		w.Prices = make([]*priceWire, len(n.Prices))
		for i, p := range n.Prices {
			w.Prices[i] = p.wire()
		}
	}
	return w
}

func (s *subscriptionNative) wire() *subscriptionWire {
	w := &s.subscriptionWire
	if s.Items != nil {
		w.Items = itemList{set: true, items: make([]*itemWire, len(s.Items))}
		for i, it := range s.Items {
			w.Items.items[i] = it.wire()
		}
	}
	return w
}

func (it *itemNative) wire() *itemWire {
	if it == nil { // null
		return nil
	}
	w := &it.itemWire
	if it.Price != nil {
		w.Price = priceRef{set: true, obj: it.Price.wire()}
	}
	return w
}

func (p *priceNative) wire() *priceWire {
	if p == nil { // null
		return nil
	}
	w := &p.priceWire
	w.CurrencyOptions = keyedOf(p.CurrencyOptions)
	return w
}

// keyedOf is the keyed object of the members of m, sorted by key (as keyed's fast
// decoding gives them); nil for nil.
func keyedOf[T any](m map[string]T) keyed[T] {
	if m == nil {
		return nil
	}
	out := make(keyed[T], 0, len(m))
	for k, v := range m {
		out = append(out, member[T]{key: k, value: v})
	}
	slices.SortFunc(out, func(a, b member[T]) int { return strings.Compare(a.key, b.key) })
	return out
}
