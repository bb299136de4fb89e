package invoice

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The preview format is decoded in two steps: the JSON text into a small tree that
// keeps numbers as their exact text and objects in order, then the tree into the
// request, field by field, with the JSON path of every value at hand for errors.

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kObject
	kArray
)

func (k kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "object", "array"}[k]
}

type member struct {
	key  string
	val  *node
	used bool
}

type node struct {
	kind    kind
	text    string // number literal or string value
	b       bool
	members []member
	elems   []*node
}

// Limits of the preview format: input beyond them is refused with an error that says so.
const (
	MaxRequestBytes = 64 << 20 // size of a JSON request
	maxDepth        = 32       // nesting of JSON values
)

func parseTree(data []byte) (*node, error) {
	if len(data) > MaxRequestBytes {
		return nil, &PathError{Path: "$", Err: fmt.Errorf("%w: request is %d bytes, more than the limit of %d", ErrTooLarge, len(data), MaxRequestBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readValue(dec, 0)
	if err != nil {
		return nil, &PathError{Path: "$", Err: fmt.Errorf("%w: %v", ErrMalformedJSON, jsonErr(err))}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &PathError{Path: "$", Err: fmt.Errorf("%w: data after the request object", ErrMalformedJSON)}
	}
	return n, nil
}

func jsonErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of input")
	}
	return err
}

func readValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nesting deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &node{kind: kNull}, nil
	case bool:
		return &node{kind: kBool, b: t}, nil
	case json.Number:
		return &node{kind: kNumber, text: string(t)}, nil
	case string:
		return &node{kind: kString, text: t}, nil
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: kObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				for _, m := range n.members {
					if m.key == key {
						return nil, fmt.Errorf("duplicate key %q", truncate(key, 40))
					}
				}
				v, err := readValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{key: key, val: v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: kArray}
			for dec.More() {
				v, err := readValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// path builds JSON paths lazily: only an error turns one into a string.
type path struct {
	parent *path
	key    string
	index  int // ≥ 0 for an array element
}

func (p *path) field(k string) *path { return &path{parent: p, key: k, index: -1} }
func (p *path) at(i int) *path       { return &path{parent: p, index: i} }

func (p *path) String() string {
	if p == nil {
		return "$"
	}
	var b []byte
	var walk func(q *path)
	walk = func(q *path) {
		if q == nil {
			return
		}
		walk(q.parent)
		if q.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(q.index), 10)
			b = append(b, ']')
			return
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, truncate(q.key, 40)...)
	}
	walk(p)
	if len(b) == 0 {
		return "$"
	}
	return string(b)
}

// obj is a JSON object being decoded: get marks fields as used; done reports the
// first unused one, so that a misspelt field is an error, never silently ignored.
type obj struct {
	n *node
	p *path
}

func asObject(n *node, p *path) (obj, error) {
	if n.kind != kObject {
		return obj{}, pathErr(p, fmt.Errorf("%w: want an object, got %s", ErrInvalidValue, n.kind))
	}
	return obj{n: n, p: p}, nil
}

// get returns the field's value, or nil if it is absent or null.
func (o obj) get(key string) (*node, *path) {
	for i := range o.n.members {
		m := &o.n.members[i]
		if m.key == key {
			m.used = true
			if m.val.kind == kNull {
				return nil, o.p.field(key)
			}
			return m.val, o.p.field(key)
		}
	}
	return nil, o.p.field(key)
}

func (o obj) has(key string) bool {
	n, _ := o.get(key)
	return n != nil
}

func (o obj) done() error {
	for _, m := range o.n.members {
		if !m.used {
			return pathErr(o.p.field(m.key), ErrUnknownField)
		}
	}
	return nil
}

func asArray(n *node, p *path, max int) ([]*node, error) {
	if n.kind != kArray {
		return nil, pathErr(p, fmt.Errorf("%w: want an array, got %s", ErrInvalidValue, n.kind))
	}
	if len(n.elems) > max {
		return nil, pathErr(p, fmt.Errorf("%w: %d entries, more than the limit of %d", ErrTooMany, len(n.elems), max))
	}
	return n.elems, nil
}

func asString(n *node, p *path) (string, error) {
	if n.kind != kString {
		return "", pathErr(p, fmt.Errorf("%w: want a string, got %s", ErrInvalidValue, n.kind))
	}
	return n.text, nil
}

func asBool(n *node, p *path) (bool, error) {
	if n.kind != kBool {
		return false, pathErr(p, fmt.Errorf("%w: want true or false, got %s", ErrInvalidValue, n.kind))
	}
	return n.b, nil
}
