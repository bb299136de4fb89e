package previewjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The generic part of decoding: the members of every object are read in document
// order, each into the field of its json tag with the field's own decoding, and an
// error is wrapped with the member's key (an array element's with [i]) on its way
// up, so that it names the JSON path of the value the user wrote and the first bad
// value in the document is the one reported. encoding/json reads every value; only
// the order of members and the paths are this file's.
//
// Field tags besides json:
//
//	max:"N"         a list of at most N entries (ErrTooMany beyond)
//	hint:"amount"   an integer amount in minor units (the message of a fraction says so)
//	hint:"quantity" a whole quantity (the message of a fraction points to quantity_decimal)
//	why:"…"         for an unsupported field: what pricekit does not compute
//
// The same wire types decode a second way, the fast path: encoding/json's own
// decoding of the whole request, which gives no paths. A request is decoded the fast
// way first when the pre-pass found every key of every object of the format to be
// exactly the name of one of its fields (encoding/json would drop an unknown key,
// and match a key to a field regardless of case); if that fails in any way, the
// request is decoded again by the member loop, which reports the first error with
// its path. The fast way accepts nothing the member loop refuses: the scalars, the
// unsupported fields and the object members check themselves in both, and the
// limits on lists are checked again during conversion. Most requests take the fast
// way through the plain types of wire_native.go, which embed the wire types and
// read their unions in the one form the pre-pass found.

// decoder holds the state of one request's decoding.
type decoder struct {
	fast bool // decode with encoding/json alone (no paths)
}

// selfDecoder is a type that decodes itself with the decoder's help: values that
// take several JSON forms (a price or its id, a list object or an array) and
// ordered maps.
type selfDecoder interface {
	decodeJSON(d *decoder, raw []byte) error
}

type fieldInfo struct {
	name        string
	index       int
	typ         reflect.Type
	max         int
	hint        string
	why         string
	unsupported bool
}

// unsupportedField is implemented by every unsupported[O].
type unsupportedField interface{ unsupportedField() }

type structInfo struct {
	fields []fieldInfo
	byName map[string]int
}

var (
	structCache          sync.Map // reflect.Type → *structInfo
	unsupportedFieldType = reflect.TypeFor[unsupportedField]()
	unmarshalerType      = reflect.TypeFor[json.Unmarshaler]()
)

// structOf returns the fields of the struct type t by JSON name, built once per type.
func structOf(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		f := fieldInfo{name: name, index: i, typ: sf.Type, hint: sf.Tag.Get("hint"), why: sf.Tag.Get("why"),
			unsupported: reflect.PointerTo(sf.Type).Implements(unsupportedFieldType)}
		if m := sf.Tag.Get("max"); m != "" {
			f.max, _ = strconv.Atoi(m)
		}
		info.byName[name] = len(info.fields)
		info.fields = append(info.fields, f)
	}
	v, _ := structCache.LoadOrStore(t, info)
	return v.(*structInfo)
}

// decodeValue decodes raw into the value v points to.
func (d *decoder) decodeValue(raw []byte, v any) error {
	if d.fast {
		return json.Unmarshal(raw, v)
	}
	return d.value(raw, reflect.ValueOf(v).Elem(), nil)
}

// fast decodes the nested values of the fast path's UnmarshalJSON methods.
var fast = &decoder{fast: true}

// value decodes raw (one JSON value, checked) into v; f is the field holding it, if any.
func (d *decoder) value(raw []byte, v reflect.Value, f *fieldInfo) error {
	if v.CanAddr() {
		switch u := v.Addr().Interface().(type) {
		case selfDecoder:
			return u.decodeJSON(d, raw)
		case json.Unmarshaler:
			return u.UnmarshalJSON(raw)
		}
	}
	if raw[0] == 'n' { // null: not set
		v.SetZero()
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(raw, v.Elem(), f)
	case reflect.Struct:
		if u, ok := v.Addr().Interface().(unexpanded); ok && raw[0] == '"' {
			id, _ := unquote(raw)
			return u.unexpanded(id)
		}
		return d.object(raw, v)
	case reflect.Slice:
		max := 0
		if f != nil {
			max = f.max
		}
		return d.array(raw, v, max)
	}
	return fmt.Errorf("internal error: no decoding for %s", v.Type())
}

// object decodes the members of the JSON object raw into the struct v, in order.
func (d *decoder) object(raw []byte, v reflect.Value) error {
	if raw[0] != '{' {
		return fmt.Errorf("%w: want an object, got %s", ErrInvalidValue, kindOf(raw))
	}
	info := structOf(v.Type())
	return eachMember(raw, func(key string, m []byte) error {
		i, ok := info.byName[key]
		if !ok {
			return &PathError{Path: keySegment(key), Err: unknownField(key, info)}
		}
		f := &info.fields[i]
		if err := d.field(m, v.Field(f.index), f, info); err != nil {
			return within(keySegment(key), err)
		}
		return nil
	})
}

// field decodes the member m into the field fv described by f.
func (d *decoder) field(m []byte, fv reflect.Value, f *fieldInfo, info *structInfo) error {
	err := d.value(m, fv, f)
	var ue *unsupportedError
	if f.unsupported && errors.As(err, &ue) && ue.why == "" {
		return &unsupportedError{value: ue.value, why: f.why}
	}
	var (
		ni *notInteger
		pe *PathError
	)
	if err != nil && !errors.As(err, &pe) && errors.As(err, &ni) { // the field's own value
		err = integerHint(ni, f, info)
	}
	return err
}

// integerHint explains a fraction where an integer is required.
func integerHint(ni *notInteger, f *fieldInfo, info *structInfo) error {
	twin := f.name + "_decimal"
	_, hasTwin := info.byName[twin]
	switch f.hint {
	case "amount":
		msg := "amounts are integers in minor units"
		if minor, ok := minorGuess(ni.text); ok {
			msg += " (" + shorten(ni.text, 24) + " in a currency of 2 decimals is " + minor + ")"
		}
		if hasTwin {
			msg += ": write an integer, or use " + twin + " for a fraction of a minor unit"
		}
		return fmt.Errorf("%w: %s", ni, msg)
	case "quantity":
		if hasTwin {
			return fmt.Errorf("%w: a quantity is a whole number; write a fractional quantity as %s (a decimal string)", ni, twin)
		}
		return fmt.Errorf("%w: a quantity here is a whole number", ni)
	}
	return ni
}

// minorGuess returns text × 100 when it is a whole number, the likely amount in minor
// units of an amount written in major units.
func minorGuess(text string) (string, bool) {
	whole, frac, ok := strings.Cut(text, ".")
	if !ok || len(frac) > 2 || strings.ContainsAny(text, "eE") || len(whole) > 13 {
		return "", false
	}
	frac += strings.Repeat("0", 2-len(frac))
	s := strings.TrimLeft(whole+frac, "0")
	if s == "" || s == "-" {
		s = "0"
	}
	if strings.HasPrefix(s, "-") && strings.TrimLeft(s[1:], "0") != "" {
		s = "-" + strings.TrimLeft(s[1:], "0")
	}
	return s, true
}

// array decodes the JSON array raw into the slice v: an empty array gives an empty,
// non-nil slice; more than max elements (max > 0) is ErrTooMany.
func (d *decoder) array(raw []byte, v reflect.Value, max int) error {
	if raw[0] != '[' {
		return fmt.Errorf("%w: want an array, got %s", ErrInvalidValue, kindOf(raw))
	}
	s := reflect.MakeSlice(v.Type(), 0, 0)
	n := 0
	err := eachElement(raw, func(i int, e []byte) error {
		if max > 0 && i >= max {
			return fmt.Errorf("%w: more than %d entries", ErrTooMany, max)
		}
		s = reflect.Append(s, reflect.Zero(v.Type().Elem()))
		n++
		if err := d.value(e, s.Index(i), nil); err != nil {
			return within("["+strconv.Itoa(i)+"]", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.Set(s)
	return nil
}

// eachMember calls fn with each member of the JSON object raw, in document order.
func eachMember(raw []byte, fn func(key string, value []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformedJSON, err)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%w: %v", ErrMalformedJSON, err)
		}
		key, _ := t.(string)
		var m json.RawMessage
		if err := dec.Decode(&m); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformedJSON, err)
		}
		if err := fn(key, m); err != nil {
			return err
		}
	}
	return nil
}

// eachElement calls fn with each element of the JSON array raw, in order.
func eachElement(raw []byte, fn func(i int, value []byte) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformedJSON, err)
	}
	for i := 0; dec.More(); i++ {
		var m json.RawMessage
		if err := dec.Decode(&m); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformedJSON, err)
		}
		if err := fn(i, m); err != nil {
			return err
		}
	}
	return nil
}

// unknownField says that key is not a field here, with the nearest known name when
// one is within two edits.
func unknownField(key string, info *structInfo) error {
	best, bestDist := "", 3
	if len(key) <= 64 {
		for _, f := range info.fields {
			if d := editDistance(key, f.name, bestDist); d < bestDist {
				best, bestDist = f.name, d
			}
		}
	}
	if best != "" {
		return fmt.Errorf("%w %s: did you mean %q?", ErrUnknownField, quote(key), best)
	}
	return fmt.Errorf("%w %s", ErrUnknownField, quote(key))
}

// editDistance returns the Levenshtein distance of a and b, or limit when it is at
// least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

// keyed is a JSON object read as an ordered list of members (a map whose keys are
// data: currencies, item ids), so that conversion sees them in document order.
type keyed[T any] []member[T]

type member[T any] struct {
	key   string
	value T
}

func (k *keyed[T]) decodeJSON(d *decoder, raw []byte) error {
	*k = nil
	if raw[0] == 'n' {
		return nil
	}
	if raw[0] != '{' {
		return fmt.Errorf("%w: want an object, got %s", ErrInvalidValue, kindOf(raw))
	}
	if d.fast { // order matters only to errors, which the member loop reports
		var m map[string]T
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		*k = keyedOf(m)
		return nil
	}
	out := keyed[T]{}
	err := eachMember(raw, func(key string, m []byte) error {
		out = append(out, member[T]{key: key})
		if err := d.decodeValue(m, &out[len(out)-1].value); err != nil {
			return within(keySegment(key), err)
		}
		return nil
	})
	*k = out
	return err
}
