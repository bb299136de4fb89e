package previewjson

import (
	"reflect"
	"sync"
)

// The wire types seen as a schema, for the pre-pass: which keys an object may have
// and what type each member decodes into. Derived from the types and their json
// tags (structOf), so that it never drifts from the decoding.

var requestType = reflect.TypeFor[requestWire]()

// alternative is a type whose JSON takes several forms (a price or its id, a list
// object or an array); schemaFor returns the type a value whose first byte is kind
// decodes into, nil for a scalar form.
type alternative interface {
	schemaFor(kind byte) reflect.Type
}

// dataKeyed is an object whose keys are data (ids, currencies), each member of the
// type elem.
type dataKeyed interface {
	elemType() reflect.Type
}

var (
	alternativeType = reflect.TypeFor[alternative]()
	dataKeyedType   = reflect.TypeFor[dataKeyed]()
	recordsType     = reflect.TypeFor[records]()
)

// schema is how the checker sees an object: the fields of a wire struct (keys
// checked), data keys with members of one type, or anything (not checked).
type schema struct {
	info *structInfo  // a wire struct
	typ  reflect.Type // its type, or the type of every member of a keyed object
}

// member returns the type of the member key, whether key may be there, and the
// index of its field in a wire struct (−1 in a keyed object, or for a key that is
// not a field).
func (s schema) member(key []byte) (reflect.Type, int, bool) {
	if s.info == nil {
		return s.typ, -1, true
	}
	i, ok := s.info.byName[string(key)]
	if !ok {
		return nil, -1, false
	}
	return s.info.fields[i].typ, i, true
}

// resolve strips pointers from t and picks the form of an alternative.
func resolve(t reflect.Type, kind byte) reflect.Type {
	for t != nil {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			continue
		}
		if reflect.PointerTo(t).Implements(alternativeType) {
			t = reflect.New(t).Interface().(alternative).schemaFor(kind)
			continue
		}
		return t
	}
	return nil
}

// shapes are the schemas of an object and an array decoded into one type.
type shapes struct {
	object  schema
	elem    reflect.Type
	records bool
}

var shapeCache sync.Map // reflect.Type → *shapes

// shapesOf returns the shapes of t, built once per type.
func shapesOf(t reflect.Type) *shapes {
	if v, ok := shapeCache.Load(t); ok {
		return v.(*shapes)
	}
	sh := &shapes{object: objectSchemaOf(t)}
	sh.elem, sh.records = arraySchemaOf(t)
	v, _ := shapeCache.LoadOrStore(t, sh)
	return v.(*shapes)
}

// objectSchema is the schema of an object decoded into t.
func objectSchema(t reflect.Type) schema {
	if t == nil {
		return schema{}
	}
	return shapesOf(t).object
}

// arraySchema is the type of the elements of an array decoded into t, and whether
// they are usage records.
func arraySchema(t reflect.Type) (elem reflect.Type, records bool) {
	if t == nil {
		return nil, false
	}
	sh := shapesOf(t)
	return sh.elem, sh.records
}

func objectSchemaOf(t reflect.Type) schema {
	t = resolve(t, '{')
	switch {
	case t == nil:
		return schema{}
	case reflect.PointerTo(t).Implements(dataKeyedType):
		return schema{typ: reflect.New(t).Interface().(dataKeyed).elemType()}
	case t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType):
		return schema{info: structOf(t), typ: t}
	}
	return schema{} // a scalar type (encoding/json refuses the object) or an ignored value
}

func arraySchemaOf(t reflect.Type) (elem reflect.Type, records bool) {
	records = t == recordsType
	t = resolve(t, '[')
	if t == nil || t.Kind() != reflect.Slice {
		return nil, records
	}
	return t.Elem(), records
}

func (*productRef) schemaFor(kind byte) reflect.Type       { return objectOnly[productWire](kind) }
func (*idOrObject[T, N]) schemaFor(kind byte) reflect.Type { return objectOnly[T](kind) }
func (*billingMode) schemaFor(kind byte) reflect.Type      { return objectOnly[billingModeObject](kind) }

func (*itemList) schemaFor(kind byte) reflect.Type {
	switch kind {
	case '[':
		return reflect.TypeFor[[]*itemWire]()
	case '{':
		return reflect.TypeFor[listWire]()
	}
	return nil
}

func (*keyed[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

// objectOnly is the type T for an object, nil for any other form.
func objectOnly[T any](kind byte) reflect.Type {
	if kind == '{' {
		return reflect.TypeFor[T]()
	}
	return nil
}
