package previewjson

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// The request's wire types for encoding/json alone, with no decoding of their own
// on the way to the prices. A value that decodes itself (a union such as priceRef)
// is handed its bytes by encoding/json, which then reads them again, once to check
// them and once to decode them: everything inside k such values is read 2 + 2k
// times. Most of a request is its subscription items and their prices, inside two
// or three of them (items, price, product). So when the pre-pass found each
// subscription item's price to be an object, the request is decoded into these
// types instead, each of which embeds its wire type and shadows the members that
// decode themselves with their plain form (encoding/json takes the shallower of two
// fields of one name): a pointer to the price (and to the product, when no product
// is an id), a slice of items or the list object holding them, a map for an object
// keyed by data. Nothing else differs, and wire() gives the wire types back, as
// decoding into them would have given them.

// requestNative is requestWire with its subscription's items and its prices plain.
type requestNative[P productField, L itemsField[P]] struct {
	requestWire
	Subscription *subscriptionNative[P, L] `json:"subscription"`
	Usage        map[string]records        `json:"usage"`
	UsageBefore  map[string]decimalNum     `json:"usage_before"`
	Prices       []*priceNative[P]         `json:"prices"`
}

// subscriptionNative is subscriptionWire with its items plain.
type subscriptionNative[P productField, L itemsField[P]] struct {
	subscriptionWire
	Items L `json:"items"`
}

// itemsField is a subscription's items: an array (itemArray), or a list object
// (*itemListNative) when the pre-pass found one.
type itemsField[P productField] interface {
	itemArray[P] | *itemListNative[P]
	// asList returns the items as itemList.decodeJSON gives them, and false for a
	// list object that it refuses.
	asList() (itemList, bool)
}

// itemArray is a subscription's items written as an array.
type itemArray[P productField] []*itemNative[P]

// itemListNative is Stripe's list object of a subscription's items.
type itemListNative[P productField] struct {
	listWire
	Data []*itemNative[P] `json:"data"`
}

func (a itemArray[P]) asList() (itemList, bool) {
	if a == nil { // null
		return itemList{}, true
	}
	return itemList{set: true, items: wires(a)}, true
}

func (l *itemListNative[P]) asList() (itemList, bool) {
	switch {
	case l == nil: // null
		return itemList{}, true
	case l.HasMore.v || l.Data == nil: // refused, with its path, by the member loop
		return itemList{}, false
	}
	return itemList{set: true, list: true, items: wires(l.Data)}, true
}

func wires[P productField](items []*itemNative[P]) []*itemWire {
	out := make([]*itemWire, len(items))
	for i, it := range items {
		out[i] = it.wire()
	}
	return out
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

// errListRefused is a list object of items that itemList.decodeJSON refuses.
var errListRefused = errors.New("a list object of items refused")

// decodeNative decodes data, checked, into the wire types by way of requestNative
// of the forms chk found.
func decodeNative(data []byte, chk checked) (*requestWire, error) {
	switch {
	case chk.products && chk.list:
		return decodeNativeOf[productRef, *itemListNative[productRef]](data)
	case chk.products:
		return decodeNativeOf[productRef, itemArray[productRef]](data)
	case chk.list:
		return decodeNativeOf[*productWire, *itemListNative[*productWire]](data)
	}
	return decodeNativeOf[*productWire, itemArray[*productWire]](data)
}

func decodeNativeOf[P productField, L itemsField[P]](data []byte) (*requestWire, error) {
	var n requestNative[P, L]
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	return n.wire()
}

func (n *requestNative[P, L]) wire() (*requestWire, error) {
	w := &n.requestWire
	if s := n.Subscription; s != nil {
		w.Subscription = &s.subscriptionWire
		var ok bool
		if w.Subscription.Items, ok = s.Items.asList(); !ok {
			return nil, errListRefused
		}
	}
	w.Usage, w.UsageBefore = keyedOf(n.Usage), keyedOf(n.UsageBefore)
	if n.Prices != nil {
		w.Prices = make([]*priceWire, len(n.Prices))
		for i, p := range n.Prices {
			w.Prices[i] = p.wire()
		}
	}
	return w, nil
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
