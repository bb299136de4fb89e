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
// or three of them (items, price, product). So when the pre-pass found the
// subscription's items to be an array and each of their prices an object, the
// request is decoded into these types instead, each of which embeds its wire type
// and shadows the members that decode themselves with their plain form
// (encoding/json takes the shallower of two fields of one name): a pointer to the
// price (and to the product, when every product is an object), a slice of items, a
// map for an object keyed by data. Nothing else differs, and wire() gives the wire types back, as decoding
// into them would have given them.

// requestNative is requestWire with its subscription's items and its prices plain.
type requestNative[P productField] struct {
	requestWire
	Subscription *subscriptionNative[P] `json:"subscription"`
	Usage        map[string]records     `json:"usage"`
	UsageBefore  map[string]decimalNum  `json:"usage_before"`
	Prices       []*priceNative[P]      `json:"prices"`
}

// subscriptionNative is subscriptionWire with its items an array.
type subscriptionNative[P productField] struct {
	subscriptionWire
	Items []*itemNative[P] `json:"items"`
}

// itemNative is itemWire with its price an object.
type itemNative[P productField] struct {
	itemWire
	Price *priceNative[P] `json:"price"`
}

// priceNative is priceWire with its currency options a map, and its product an
// object when P is *productWire (when P is productRef, the product is read as
// priceWire reads it).
type priceNative[P productField] struct {
	priceWire
	Product         P                          `json:"product"`
	CurrencyOptions map[string]priceOptionWire `json:"currency_options"`
}

// productField is a price's product: productRef, or *productWire when every
// product is an object.
type productField interface {
	productRef | *productWire
	asRef() productRef
}

func (p productRef) asRef() productRef { return p }

func (p *productWire) asRef() productRef {
	if p == nil { // null
		return productRef{}
	}
	return productRef{set: true, obj: true, p: *p}
}

// decodeNative decodes data, checked, into the wire types by way of requestNative;
// products tells that some price's product is not an object.
func decodeNative(data []byte, products bool) (*requestWire, error) {
	if products {
		return decodeNativeOf[productRef](data)
	}
	return decodeNativeOf[*productWire](data)
}

func decodeNativeOf[P productField](data []byte) (*requestWire, error) {
	var n requestNative[P]
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	return n.wire(), nil
}

func (n *requestNative[P]) wire() *requestWire {
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

func (s *subscriptionNative[P]) wire() *subscriptionWire {
	w := &s.subscriptionWire
	if s.Items != nil {
		w.Items = itemList{set: true, items: make([]*itemWire, len(s.Items))}
		for i, it := range s.Items {
			w.Items.items[i] = it.wire()
		}
	}
	return w
}

func (it *itemNative[P]) wire() *itemWire {
	if it == nil { // null
		return nil
	}
	w := &it.itemWire
	if it.Price != nil {
		w.Price = priceRef{set: true, obj: it.Price.wire()}
	}
	return w
}

func (p *priceNative[P]) wire() *priceWire {
	if p == nil { // null
		return nil
	}
	w := &p.priceWire
	w.Product = p.Product.asRef()
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
