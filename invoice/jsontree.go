package invoice

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
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

// member is a member of an object, or an element of an array (with no key).
type member struct {
	key  string
	val  *node
	used bool
}

type node struct {
	kind   kind
	pos    int32    // index in the parent's kids
	parent *node    // the containing object or array; nil for the root
	text   string   // number literal, string value, or "true" or "false"
	kids   []member // an object's members or an array's elements, in order
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
	p := parser{data: data, src: string(data)}
	p.sizeSlabs()
	p.skipSpace()
	n, err := p.value(0)
	if err == nil {
		p.skipSpace()
		if p.pos < len(p.data) {
			err = p.fail("data after the request object")
		}
	}
	if err != nil {
		return nil, &PathError{Path: "$", Err: fmt.Errorf("%w: %v", ErrMalformedJSON, err)}
	}
	return n, nil
}

// parser is a small, strict JSON (RFC 8259) parser that keeps numbers as their text
// and objects in order, and refuses duplicate keys. Nodes, members and elements are
// carved from a few growing slabs, not allocated one by one.
type parser struct {
	data   []byte
	src    string // data as one string: texts are substrings of it, not copies
	pos    int
	nodes  []node   // slab the nodes are taken from
	kids   []member // slab the containers' kids are taken from
	stack  []member // kids of the containers being parsed
	nNodes int      // the next slab's size
}

func (p *parser) node(k kind) *node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]node, 0, p.nNodes)
		p.nNodes = min(2*p.nNodes, 4096)
	}
	p.nodes = append(p.nodes, node{kind: k})
	return &p.nodes[len(p.nodes)-1]
}

// sizeSlabs sizes the first slabs from counts that bound the values of valid input:
// an object of m members has m−1 commas, an array of e elements e−1, so there are at
// most 1 + commas + objects + arrays values (fewer when strings hold these bytes).
func (p *parser) sizeSlabs() {
	n := bytes.Count(p.data, []byte{','}) + bytes.Count(p.data, []byte{'{'}) + bytes.Count(p.data, []byte{'['})
	n = min(n, 4096)
	p.nNodes = n + 1
	p.kids = make([]member, 0, n)
	p.stack = make([]member, 0, min(n, 32))
}

// takeKids moves the kids of a finished container from the stack to the slab.
func (p *parser) takeKids(base int) []member {
	ks := p.stack[base:]
	if len(ks) > cap(p.kids)-len(p.kids) {
		p.kids = make([]member, 0, max(min(2*cap(p.kids), 4096), len(ks)))
	}
	start := len(p.kids)
	p.kids = append(p.kids, ks...)
	p.stack = p.stack[:base]
	return p.kids[start:len(p.kids):len(p.kids)]
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("offset %d: "+format, append([]any{p.pos}, args...)...)
}

func (p *parser) skipSpace() {
	d := p.data
	for p.pos < len(d) {
		switch d[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			for p.pos+8 <= len(d) && binary.LittleEndian.Uint64(d[p.pos:]) == 0x2020202020202020 {
				p.pos += 8 // indentation, eight spaces at a time
			}
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.fail("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n := p.node(kString)
		n.text = s
		return n, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		n := p.node(kBool)
		n.text = "true"
		return p.literal("true", n)
	case c == 'f':
		n := p.node(kBool)
		n.text = "false"
		return p.literal("false", n)
	case c == 'n':
		return p.literal("null", p.node(kNull))
	default:
		if c >= utf8.RuneSelf {
			return nil, p.fail("unexpected byte 0x%02x", c)
		}
		return nil, p.fail("unexpected character %q", c)
	}
}

func (p *parser) literal(word string, n *node) (*node, error) {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return nil, p.fail("invalid literal")
	}
	p.pos += len(word)
	return n, nil
}

func (p *parser) object(depth int) (*node, error) {
	p.pos++ // {
	n := p.node(kObject)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	base := len(p.stack)
	var seen map[string]struct{} // the keys, once the object is too large to scan
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.fail("want a string key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if p.duplicate(base, key, &seen) {
			return nil, p.fail("duplicate key %q", truncate(key, 40))
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail("want ':' after a key")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.parent, v.pos = n, int32(len(p.stack)-base)
		p.stack = append(p.stack, member{key: key, val: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			n.kids = p.takeKids(base)
			return n, nil
		default:
			return nil, p.fail("want ',' or '}'")
		}
	}
}

// duplicate reports whether the object whose members start at base already has key:
// by a scan while it is small, by a set once it is large, so that no input makes
// the check quadratic.
func (p *parser) duplicate(base int, key string, seen *map[string]struct{}) bool {
	ms := p.stack[base:]
	if len(ms) < 16 {
		for _, m := range ms {
			if m.key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(ms))
		for _, m := range ms {
			(*seen)[m.key] = struct{}{}
		}
	}
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (p *parser) array(depth int) (*node, error) {
	p.pos++ // [
	n := p.node(kArray)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	base := len(p.stack)
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.parent, v.pos = n, int32(len(p.stack)-base)
		p.stack = append(p.stack, member{val: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			n.kids = p.takeKids(base)
			return n, nil
		default:
			return nil, p.fail("want ',' or ']'")
		}
	}
}

// str reads a JSON string; escapes and non-ASCII are decoded by strconv.Unquote's
// rules after a check that they are valid JSON.
func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	simple := true
	for p.pos < len(p.data) {
		p.pos += plainPrefix(p.data[p.pos:])
		if p.pos >= len(p.data) {
			break
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			raw := p.data[start:p.pos]
			if simple {
				return p.src[start+1 : p.pos-1], nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", p.fail("invalid string: %v", err)
			}
			return s, nil
		case c == '\\':
			simple = false
			p.pos += 2
			continue
		case c < 0x20:
			return "", p.fail("control character in a string")
		case c >= 0x80:
			simple = false
		}
		p.pos++
	}
	return "", p.fail("unterminated string")
}

// number checks JSON number syntax and keeps the text; the value is parsed exactly,
// with bounds, where it is used.
func (p *parser) number() (*node, error) {
	start := p.pos
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.pos < len(d) && d[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return nil, p.fail("invalid number")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	n := p.node(kNumber)
	n.text = p.src[start:p.pos]
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// path names a value of the request for error messages without building any text:
// the node n itself, or n's member key or element index when one is set (which may
// be absent from the request). Only an error turns a path into a string, by walking
// up the tree. A path below an absent value, which the decoder never needs on its
// usual way, is kept as text.
type path struct {
	n     *node
	key   string // a member of n, if not ""
	index int    // an element of n, if ≥ 0
	text  string // the whole path, when n is nil
}

// nodePath is the path of the value n.
func nodePath(n *node) path { return path{n: n, index: -1} }

// target is the node p names, or nil if the request has no such value.
func (p path) target() *node {
	switch {
	case p.n == nil:
		return nil
	case p.key != "":
		for i := range p.n.kids {
			if p.n.kids[i].key == p.key {
				return p.n.kids[i].val
			}
		}
		return nil
	case p.index >= 0:
		if p.n.kind == kArray && p.index < len(p.n.kids) {
			return p.n.kids[p.index].val
		}
		return nil
	}
	return p.n
}

func (p path) field(k string) path {
	if t := p.target(); t != nil {
		return path{n: t, key: k, index: -1}
	}
	return path{text: p.String() + "." + truncate(k, 40), index: -1}
}

func (p path) at(i int) path {
	if t := p.target(); t != nil {
		if t.kind == kArray && i < len(t.kids) {
			return nodePath(t.kids[i].val)
		}
		return path{n: t, index: i}
	}
	return path{text: p.String() + "[" + strconv.Itoa(i) + "]", index: -1}
}

func (p path) String() string {
	if p.n == nil {
		if p.text == "" {
			return "$"
		}
		return p.text
	}
	var b []byte
	b = appendNodePath(b, p.n)
	switch {
	case p.key != "":
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, truncate(p.key, 40)...)
	case p.index >= 0:
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(p.index), 10)
		b = append(b, ']')
	}
	if len(b) == 0 {
		return "$"
	}
	return string(b)
}

// appendNodePath appends the path of n from the root ("" for the root itself).
func appendNodePath(b []byte, n *node) []byte {
	q := n.parent
	if q == nil {
		return b
	}
	b = appendNodePath(b, q)
	if q.kind == kArray {
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(n.pos), 10)
		return append(b, ']')
	}
	if len(b) > 0 {
		b = append(b, '.')
	}
	return append(b, truncate(q.kids[n.pos].key, 40)...)
}

// obj is a JSON object being decoded: get marks fields as used; done reports the
// first unused one, so that a misspelt field is an error, never silently ignored.
type obj struct {
	n *node
	p path
}

func asObject(n *node, p path) (obj, error) {
	if n.kind != kObject {
		return obj{}, pathErr(p, fmt.Errorf("%w: want an object, got %s", ErrInvalidValue, n.kind))
	}
	return obj{n: n, p: p}, nil
}

// get returns the field's value, or nil if it is absent or null, and its path.
func (o obj) get(key string) (*node, path) {
	for i := range o.n.kids {
		m := &o.n.kids[i]
		if m.key == key {
			m.used = true
			if m.val.kind == kNull {
				return nil, nodePath(m.val)
			}
			return m.val, nodePath(m.val)
		}
	}
	return nil, path{n: o.n, key: key, index: -1}
}

func (o obj) has(key string) bool {
	n, _ := o.get(key)
	return n != nil
}

func (o obj) done() error {
	for _, m := range o.n.kids {
		if !m.used {
			return pathErr(nodePath(m.val), ErrUnknownField)
		}
	}
	return nil
}

// asArray returns the elements of an array (members with no key) of at most max.
func asArray(n *node, p path, max int) ([]member, error) {
	if n.kind != kArray {
		return nil, pathErr(p, fmt.Errorf("%w: want an array, got %s", ErrInvalidValue, n.kind))
	}
	if len(n.kids) > max {
		return nil, pathErr(p, fmt.Errorf("%w: %d entries, more than the limit of %d", ErrTooMany, len(n.kids), max))
	}
	return n.kids, nil
}

func asString(n *node, p path) (string, error) {
	if n.kind != kString {
		return "", pathErr(p, fmt.Errorf("%w: want a string, got %s", ErrInvalidValue, n.kind))
	}
	return n.text, nil
}

func asBool(n *node, p path) (bool, error) {
	if n.kind != kBool {
		return false, pathErr(p, fmt.Errorf("%w: want true or false, got %s", ErrInvalidValue, n.kind))
	}
	return n.text == "true", nil
}
