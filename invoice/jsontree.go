package invoice

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// The preview format is decoded in two steps: the JSON text into a flat tree that
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

// tree is a parsed JSON text: its values in document order, each container before
// its members, so that a value and everything inside it are one range of nodes.
// Nodes hold no pointers (texts and keys are offsets into src), so their slice is
// one allocation the garbage collector never scans.
type tree struct {
	src   string   // the input, once: texts and keys are substrings of it
	nodes []node   // the values in document order; nodes[0] is the root
	strs  []string // decoded strings and keys that had escapes or non-ASCII bytes
}

type node struct {
	kind  kind
	flags uint8 // textDecoded, keyDecoded
	field int8  // as a member: its field in the parent's schema, or -1
	sid   uint8 // an object: the id of the schema it was parsed with, or 0
	end   int32 // index of the node after this value and its members
	n     int32 // members of an object, elements of an array
	key   span  // the member's key, when the value is an object's member
	text  span  // number literal, string value, or "true" or "false"
}

// span is a text in tree.src (offset and length), or, when the node's flag says it
// was decoded, an index in tree.strs (and the decoded text's length).
type span struct{ off, len int32 }

const (
	textDecoded uint8 = 1 << iota // text is tree.strs[text.off]
	keyDecoded                    // key is tree.strs[key.off]
)

func (t *tree) str(s span, decoded bool) string {
	if decoded {
		return t.strs[s.off]
	}
	return t.src[s.off : s.off+s.len]
}

func (t *tree) text(i int32) string {
	nd := &t.nodes[i]
	return t.str(nd.text, nd.flags&textDecoded != 0)
}

func (t *tree) key(i int32) string {
	nd := &t.nodes[i]
	return t.str(nd.key, nd.flags&keyDecoded != 0)
}

// Limits of the preview format: input beyond them is refused with an error that says so.
const (
	MaxRequestBytes  = 64 << 20 // size of a JSON request
	MaxRequestValues = 1 << 23  // values of a JSON request (objects, arrays, strings, numbers, literals)
	maxDepth         = 32       // nesting of JSON values
)

// parseTree parses data and returns its root value. With a schema, the members of
// the objects it describes are matched to their fields as they are read.
func parseTree(data []byte, root *schema) (val, error) {
	return parseTreeWithin(data, root, MaxRequestValues)
}

// parseTreeWithin is parseTree for a request of at most maxValues values (≥ 1).
func parseTreeWithin(data []byte, root *schema, maxValues int) (val, error) {
	if len(data) > MaxRequestBytes {
		return val{}, &PathError{Path: "$", Err: fmt.Errorf("%w: request is %d bytes, more than the limit of %d", ErrTooLarge, len(data), MaxRequestBytes)}
	}
	p := parser{data: data, t: &tree{src: string(data)}, maxValues: maxValues}
	p.sizeNodes()
	p.skipSpace()
	err := p.value(0, root)
	p.t.nodes = p.nodes
	if err == nil {
		p.skipSpace()
		if p.pos < len(p.data) {
			err = p.fail("data after the request object")
		}
	}
	if errors.Is(err, ErrTooLarge) {
		return val{}, &PathError{Path: "$", Err: err}
	}
	if err != nil {
		return val{}, &PathError{Path: "$", Err: fmt.Errorf("%w: %v", ErrMalformedJSON, err)}
	}
	return val{t: p.t, i: 0}, nil
}

// parser is a small, strict JSON (RFC 8259) parser that keeps numbers as their text
// and objects in order, and refuses duplicate keys.
type parser struct {
	data   []byte
	pos    int
	nodes  []node // the tree's nodes, while they grow
	t      *tree
	member member // the key of the value about to be added, when it is an object's member
	bound  int    // at most this many values if the input is valid JSON

	maxValues int // the values a request may have
}

// member is what a value added as an object's member carries of its key.
type member struct {
	key   span
	field int8  // the key's field in the object's schema, or -1
	flags uint8 // keyDecoded, or 0
}

// sizeNodes sizes the node slice from a count that bounds the values of valid input:
// an object of m members has m−1 commas, an array of e elements e−1, so there are at
// most 1 + commas + objects + arrays values (fewer when strings hold these bytes).
// Beyond 65,536 values the slice grows as values come (see grow), so that text in
// strings never makes it allocate ahead.
func (p *parser) sizeNodes() {
	p.bound = 1 + bytes.Count(p.data, []byte{','}) + bytes.Count(p.data, []byte{'{'}) + bytes.Count(p.data, []byte{'['})
	p.nodes = make([]node, 0, min(p.bound, 1<<16, p.maxValues))
}

// grow makes room for one more node when the slice is full: twice as many, but not
// beyond the bound of valid input, so that a large request copies its nodes a few
// times, not dozens (as append's growth by a quarter would); or it fails with
// [ErrTooLarge] at the limit of values. Objects and arrays call it before each of
// their values; add, which is inlined, leaves it out.
func (p *parser) grow() error {
	if len(p.nodes) < cap(p.nodes) {
		return nil
	}
	return p.growFull()
}

// growFull is grow when the slice is full.
func (p *parser) growFull() error {
	n := len(p.nodes)
	if n >= p.maxValues {
		return fmt.Errorf("%w: more than %d values in the request", ErrTooLarge, p.maxValues)
	}
	// make, not append: the capacity must stay within the limit.
	nodes := make([]node, n, n+max(1, min(n, p.bound-n, p.maxValues-n)))
	copy(nodes, p.nodes)
	p.nodes = nodes
	return nil
}

// add appends a value of kind k and text (with its flags), as the member p.member
// names, and returns its index.
func (p *parser) add(k kind, text span, flags uint8) int32 {
	i := int32(len(p.nodes))
	m := &p.member
	p.nodes = append(p.nodes, node{kind: k, flags: flags | m.flags, field: m.field, end: i + 1, key: m.key, text: text})
	return i
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("offset %d: "+format, append([]any{p.pos}, args...)...)
}

func (p *parser) skipSpace() {
	d, i := p.data, p.pos
	for i < len(d) && d[i] <= ' ' {
		switch d[i] {
		case ' ', '\t', '\r', '\n':
			i++
			// Spaces (indentation, mostly) eight at a time: the first byte that is
			// not a space ends the run.
			for i+8 <= len(d) {
				x := binary.LittleEndian.Uint64(d[i:]) ^ 0x2020202020202020
				if x != 0 {
					i += bits.TrailingZeros64(x) >> 3
					break
				}
				i += 8
			}
		default:
			p.pos = i
			return
		}
	}
	p.pos = i
}

// colon reads the ':' after a key and the space around it: the usual `:` or `: `
// directly, anything else through skipSpace.
func (p *parser) colon() error {
	if d, i := p.data, p.pos; i+2 < len(d) && d[i] == ':' {
		if d[i+1] > ' ' {
			p.pos = i + 1
			return nil
		}
		if d[i+1] == ' ' && d[i+2] > ' ' {
			p.pos = i + 2
			return nil
		}
	}
	return p.colonSpaced()
}

// colonSpaced is colon for any other white space around the ':'.
func (p *parser) colonSpaced() error {
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != ':' {
		return p.fail("want ':' after a key")
	}
	p.pos++
	p.skipSpace()
	return nil
}

func (p *parser) value(depth int, s *schema) error {
	if depth > maxDepth {
		return p.fail("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.data) {
		return p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth, s)
	case c == '[':
		return p.array(depth, s)
	case c == '"':
		s, decoded, err := p.str()
		if err != nil {
			return err
		}
		var flags uint8
		if decoded {
			flags = textDecoded
		}
		p.add(kString, s, flags)
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", kBool)
	case c == 'f':
		return p.literal("false", kBool)
	case c == 'n':
		return p.literal("null", kNull)
	default:
		if c >= utf8.RuneSelf {
			return p.fail("unexpected byte 0x%02x", c)
		}
		return p.fail("unexpected character %q", c)
	}
}

func (p *parser) literal(word string, k kind) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail("invalid literal")
	}
	p.add(k, span{int32(p.pos), int32(len(word))}, 0)
	p.pos += len(word)
	return nil
}

func (p *parser) object(depth int, s *schema) error {
	p.pos++ // {
	o := p.add(kObject, span{}, 0)
	if s != nil {
		p.nodes[o].sid = s.id
	}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return nil
	}
	var (
		n      int32
		fields uint16              // the schema's fields seen
		seen   map[string]struct{} // the keys, once the object is too large to scan
	)
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return p.fail("want a string key")
		}
		var (
			key     span
			decoded bool
			j       = -1
			child   *schema
		)
		if s != nil && s.fields != nil {
			// A field's name as it is in the input: no string to scan or decode.
			if j = s.match(p.data[p.pos+1:]); j >= 0 {
				key = span{int32(p.pos + 1), int32(len(s.fields[j]))}
				p.pos += len(s.fields[j]) + 2
			}
		}
		if j < 0 {
			var err error
			if key, decoded, err = p.str(); err != nil {
				return err
			}
			k := p.t.str(key, decoded)
			if s != nil && s.fields != nil {
				j = s.index(k)
			} else if s != nil {
				child = s.each
			}
			if j < 0 && p.duplicate(o, n, k, &seen) {
				return p.fail("duplicate key %q", truncate(k, 40))
			}
		}
		if j >= 0 {
			if fields&(1<<j) != 0 {
				return p.fail("duplicate key %q", truncate(s.fields[j], 40))
			}
			fields |= 1 << j
			child = s.sub[j]
		}
		if err := p.colon(); err != nil {
			return err
		}
		if err := p.grow(); err != nil {
			return err
		}
		p.member = member{key: key, field: int8(j)}
		if decoded {
			p.member.flags = keyDecoded
		}
		if err := p.value(depth+1, child); err != nil {
			return err
		}
		n++
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.fail("unexpected end of input")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.nodes[o].n = n
			p.nodes[o].end = int32(len(p.nodes))
			return nil
		default:
			return p.fail("want ',' or '}'")
		}
	}
}

// duplicate reports whether the object o, with n members so far, already has key:
// by a scan while it is small, by a set once it is large, so that no input makes
// the check quadratic.
func (p *parser) duplicate(o, n int32, key string, seen *map[string]struct{}) bool {
	nodes := p.nodes
	if n < 16 {
		for k, m := int32(0), o+1; k < n; k, m = k+1, nodes[m].end {
			if nd := &nodes[m]; int(nd.key.len) == len(key) && p.t.str(nd.key, nd.flags&keyDecoded != 0) == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*n)
		for k, m := int32(0), o+1; k < n; k, m = k+1, nodes[m].end {
			nd := &nodes[m]
			(*seen)[p.t.str(nd.key, nd.flags&keyDecoded != 0)] = struct{}{}
		}
	}
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (p *parser) array(depth int, s *schema) error {
	p.pos++ // [
	a := p.add(kArray, span{}, 0)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return nil
	}
	var n int32
	for {
		p.skipSpace()
		if err := p.grow(); err != nil {
			return err
		}
		p.member = member{}
		if err := p.value(depth+1, s); err != nil {
			return err
		}
		n++
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.fail("unexpected end of input")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.nodes[a].n = n
			p.nodes[a].end = int32(len(p.nodes))
			return nil
		default:
			return p.fail("want ',' or ']'")
		}
	}
}

// str reads a JSON string: its body in the input when it is plain ASCII, else its
// value decoded by encoding/json's rules (after a check that it is valid JSON)
// into tree.strs, which decoded reports.
func (p *parser) str() (s span, decoded bool, err error) {
	d := p.data
	start := p.pos
	i := start + 1 // after the opening quote
	simple := true
	for i < len(d) {
		i += plainPrefix(d[i:])
		if i >= len(d) {
			break
		}
		switch c := d[i]; {
		case c == '"':
			p.pos = i + 1
			if simple {
				return span{int32(start + 1), int32(i - start - 1)}, false, nil
			}
			var v string
			if err := json.Unmarshal(d[start:p.pos], &v); err != nil {
				return span{}, false, p.fail("invalid string: %v", err)
			}
			p.t.strs = append(p.t.strs, v)
			return span{int32(len(p.t.strs) - 1), int32(len(v))}, true, nil
		case c == '\\':
			simple = false
			i += 2
		case c < 0x20:
			p.pos = i
			return span{}, false, p.fail("control character in a string")
		default: // non-ASCII
			simple = false
			i++
		}
	}
	p.pos = len(d)
	return span{}, false, p.fail("unterminated string")
}

// number checks JSON number syntax and keeps the text; the value is parsed exactly,
// with bounds, where it is used.
func (p *parser) number() error {
	d, start := p.data, p.pos
	i := start
	if d[i] == '-' {
		i++
	}
	digits := func(i int) int {
		for i < len(d) && d[i]-'0' <= 9 {
			i++
		}
		return i
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i]-'1' <= 8:
		i = digits(i + 1)
	default:
		p.pos = i
		return p.fail("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		if j := digits(i + 1); j > i+1 {
			i = j
		} else {
			p.pos = i + 1
			return p.fail("invalid number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if j := digits(i); j > i {
			i = j
		} else {
			p.pos = i
			return p.fail("invalid number")
		}
	}
	p.pos = i
	p.add(kNumber, span{int32(start), int32(i - start)}, 0)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// val is a value of a parsed tree, or no value (absent, or null where get says so).
type val struct {
	t *tree
	i int32 // index in t.nodes; -1 for no value
}

var noVal = val{i: -1}

// ok reports whether v is a value.
func (v val) ok() bool { return v.t != nil && v.i >= 0 }

func (v val) kind() kind   { return v.t.nodes[v.i].kind }
func (v val) text() string { return v.t.text(v.i) }

// kids yields the members of an object or the elements of an array, in order.
func (v val) kids() iter.Seq2[int, val] {
	return func(yield func(int, val) bool) {
		t := v.t
		for k, m := 0, v.i+1; k < int(t.nodes[v.i].n); k, m = k+1, t.nodes[m].end {
			if !yield(k, val{t: t, i: m}) {
				return
			}
		}
	}
}

// kid returns the k-th member or element of v (which has more than k).
func (v val) kid(k int) val {
	m := v.i + 1
	for ; k > 0; k-- {
		m = v.t.nodes[m].end
	}
	return val{t: v.t, i: m}
}

// path names a value of the request for error messages without building any text:
// the value v itself, or v's member key or element index when one is set (which may
// be absent from the request). Only an error turns a path into a string, by walking
// down the tree to v. A path below an absent value, which the decoder never needs
// on its usual way, is kept as text.
type path struct {
	v     val
	key   string // a member of v, if not ""
	index int    // an element of v, if ≥ 0
	text  string // the whole path, when v is no value
}

// nodePath is the path of the value v.
func nodePath(v val) path { return path{v: v, index: -1} }

// target is the value p names, or no value if the request has none.
func (p path) target() val {
	switch {
	case !p.v.ok():
		return noVal
	case p.key != "":
		if p.v.kind() == kObject {
			for _, m := range p.v.kids() {
				if p.v.t.key(m.i) == p.key {
					return m
				}
			}
		}
		return noVal
	case p.index >= 0:
		if p.v.kind() == kArray && p.index < int(p.v.t.nodes[p.v.i].n) {
			return p.v.kid(p.index)
		}
		return noVal
	}
	return p.v
}

func (p path) field(k string) path {
	if t := p.target(); t.ok() {
		return path{v: t, key: k, index: -1}
	}
	return path{text: p.String() + "." + truncate(k, 40), index: -1}
}

func (p path) at(i int) path {
	if t := p.target(); t.ok() {
		if t.kind() == kArray && i < int(t.t.nodes[t.i].n) {
			return nodePath(t.kid(i))
		}
		return path{v: t, index: i}
	}
	return path{text: p.String() + "[" + strconv.Itoa(i) + "]", index: -1}
}

func (p path) String() string {
	if !p.v.ok() {
		if p.text == "" {
			return "$"
		}
		return p.text
	}
	b := appendNodePath(nil, p.v)
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

// appendNodePath appends the path of v from the root ("" for the root itself),
// found by walking down from the root to the container whose range holds v.
func appendNodePath(b []byte, v val) []byte {
	t := v.t
	c := int32(0)
	for c != v.i {
		for k, m := range (val{t: t, i: c}).kids() {
			if m.i <= v.i && v.i < t.nodes[m.i].end {
				if t.nodes[c].kind == kArray {
					b = append(b, '[')
					b = strconv.AppendInt(b, int64(k), 10)
					b = append(b, ']')
				} else {
					if len(b) > 0 {
						b = append(b, '.')
					}
					b = append(b, truncate(t.key(m.i), 40)...)
				}
				c = m.i
				break
			}
		}
	}
	return b
}

// schema is what members an object of the preview format may have: its fields,
// and the value Stripe's "object" member may take, if any (so that objects copied
// from Stripe's API decode). A nil schema is a map: any key.
type schema struct {
	id     uint8 // nonzero, distinct: marks the objects parsed with the schema
	object string
	fields []string
	byLen  [32]uint16         // the fields of each length, as bits of their indexes
	first  [128]uint16        // the fields starting with each byte, as bits of their indexes
	quoted [maxFields]words   // each field's name and closing quote, as little-endian words
	sub    [maxFields]*schema // the schema of the objects in a field (or in its array)
	each   *schema            // a map (no fields): the schema of the objects in its members
}

// maxFields bounds the fields of a schema.
const maxFields = 16

func newSchema(id uint8, object string, fields ...string) schema {
	s := schema{id: id, object: object, fields: fields}
	for j, f := range fields {
		if j >= maxFields || len(f) >= len(s.byLen) {
			panic("invoice: schema field " + f + " beyond the limits") // a programming error, at init
		}
		s.byLen[len(f)] |= 1 << j
		if f != "" && f[0] < 128 {
			s.first[f[0]] |= 1 << j
		}
		s.quoted[j] = newWords(f + `"`)
	}
	return s
}

// words is a text of at most 32 bytes as four little-endian words, zero beyond
// its n bytes; last masks the bytes of its last word.
type words struct {
	w    [4]uint64
	last uint64
	n    int
}

// newWords returns s (at most 32 bytes) as words.
func newWords(s string) (q words) {
	q.n = len(s)
	for i := 0; i < len(s); i++ {
		q.w[i/8] |= uint64(s[i]) << (8 * (i % 8))
	}
	q.last = ^uint64(0) >> (64 - 8*((len(s)-1)%8+1))
	return q
}

// prefixOf reports whether the text is the start of d, a word at a time.
func (q *words) prefixOf(d *[32]byte) bool {
	x := binary.LittleEndian.Uint64(d[0:]) ^ q.w[0]
	if q.n <= 8 {
		return x&q.last == 0
	}
	if x != 0 {
		return false
	}
	x = binary.LittleEndian.Uint64(d[8:]) ^ q.w[1]
	if q.n <= 16 {
		return x&q.last == 0
	}
	if x != 0 {
		return false
	}
	x = binary.LittleEndian.Uint64(d[16:]) ^ q.w[2]
	if q.n <= 24 {
		return x&q.last == 0
	}
	if x != 0 {
		return false
	}
	return (binary.LittleEndian.Uint64(d[24:])^q.w[3])&q.last == 0
}

// match returns the field whose name, then a closing quote, starts d (the input
// after a key's opening quote), or -1. Names are plain ASCII, so a key written
// with escapes is left to the general path.
func (s *schema) match(d []byte) int {
	if len(d) < 32 || d[0] >= 128 {
		return s.matchShort(d)
	}
	w := (*[32]byte)(d)
	for m := s.first[d[0]]; m != 0; m &= m - 1 {
		if j := bits.TrailingZeros16(m); s.quoted[j].prefixOf(w) {
			return j
		}
	}
	return -1
}

// matchShort is match byte by byte: for a key within the last 31 bytes of the input,
// where no word can be read whole.
func (s *schema) matchShort(d []byte) int {
	if len(d) == 0 || d[0] >= 128 {
		return -1
	}
	for m := s.first[d[0]]; m != 0; m &= m - 1 {
		j := bits.TrailingZeros16(m)
		if f := s.fields[j]; len(d) > len(f) && d[len(f)] == '"' && string(d[:len(f)]) == f {
			return j
		}
	}
	return -1
}

// with returns s with the objects of field (or of its array) described by sub.
func (s schema) with(field string, sub *schema) schema {
	j := s.index(field)
	if j < 0 {
		panic("invoice: no schema field " + field) // a programming error, at init
	}
	s.sub[j] = sub
	return s
}

// mapOf is the schema of an object whose members are any keys, each holding an
// object (or an array of objects) described by each.
func mapOf(id uint8, each *schema) schema { return schema{id: id, each: each} }

// obj is a JSON object being decoded: its members matched to its schema's fields
// once, so that a field is found without comparing keys again.
type obj struct {
	v  val
	p  path
	s  *schema
	at [maxFields]int32 // the member holding each field; 0 if absent (0 is the root)
}

// asObject returns v as an object of schema s; a member s does not define is an
// [ErrUnknownField] error (a typo must not pass silently).
func asObject(v val, p path, s *schema) (o obj, err error) {
	if v.kind() != kObject {
		return o, pathErr(p, fmt.Errorf("%w: want an object, got %s", ErrInvalidValue, v.kind()))
	}
	o.v, o.p, o.s = v, p, s
	if s == nil || s.fields == nil {
		return o, nil
	}
	t := v.t
	if nd := &t.nodes[v.i]; s.id != 0 && nd.sid == s.id { // members matched by the parser
		// The members and what they hold: the range of nodes after the object's.
		nodes := t.nodes[v.i+1 : nd.end]
		for m := 0; m < len(nodes); m = int(nodes[m].end - v.i - 1) {
			if j := nodes[m].field; j >= 0 {
				o.at[j&(maxFields-1)] = v.i + 1 + int32(m)
				continue
			}
			if err := o.other(v.i + 1 + int32(m)); err != nil {
				return o, err
			}
		}
		return o, nil
	}
	for k, m := int32(0), v.i+1; k < t.nodes[v.i].n; k, m = k+1, t.nodes[m].end {
		if j := s.index(t.key(m)); j >= 0 {
			o.at[j] = m
			continue
		}
		if err := o.other(m); err != nil {
			return o, err
		}
	}
	return o, nil
}

// other accepts the member m that is none of the object's fields only if it is
// Stripe's "object" member naming the schema's object.
func (o *obj) other(m int32) error {
	t, s := o.v.t, o.s
	if nd := &t.nodes[m]; nd.kind == kString && s.object != "" && t.key(m) == "object" && t.text(m) == s.object {
		return nil
	}
	return pathErr(nodePath(val{t: t, i: m}), ErrUnknownField)
}

// index returns the index of the field named key, or -1.
func (s *schema) index(key string) int {
	if len(key) >= len(s.byLen) {
		return -1
	}
	for m := s.byLen[len(key)]; m != 0; m &= m - 1 {
		if j := bits.TrailingZeros16(m); s.fields[j] == key {
			return j
		}
	}
	return -1
}

// get returns the value of the schema's field j, or no value if it is absent or
// null, and its path.
func (o *obj) get(j int) (val, path) {
	if m := o.at[j]; m != 0 {
		v := val{t: o.v.t, i: m}
		if o.v.t.nodes[m].kind == kNull {
			return noVal, nodePath(v)
		}
		return v, nodePath(v)
	}
	return noVal, path{v: o.v, key: o.s.fields[j], index: -1}
}

// members yields the key and value of every member of an object, null ones included.
func (v val) members() iter.Seq2[string, val] {
	return func(yield func(string, val) bool) {
		t := v.t
		for k, m := int32(0), v.i+1; k < t.nodes[v.i].n; k, m = k+1, t.nodes[m].end {
			if !yield(t.key(m), val{t: t, i: m}) {
				return
			}
		}
	}
}

// arr is an array being decoded, of n elements.
type arr struct {
	val
	n int
}

// asArray returns the elements of an array of at most max.
func asArray(v val, p path, max int) (arr, error) {
	if v.kind() != kArray {
		return arr{}, pathErr(p, fmt.Errorf("%w: want an array, got %s", ErrInvalidValue, v.kind()))
	}
	n := int(v.t.nodes[v.i].n)
	if n > max {
		return arr{}, pathErr(p, fmt.Errorf("%w: %d entries, more than the limit of %d", ErrTooMany, n, max))
	}
	return arr{val: v, n: n}, nil
}

func asString(v val, p path) (string, error) {
	if v.kind() != kString {
		return "", pathErr(p, fmt.Errorf("%w: want a string, got %s", ErrInvalidValue, v.kind()))
	}
	return v.text(), nil
}

func asBool(v val, p path) (bool, error) {
	if v.kind() != kBool {
		return false, pathErr(p, fmt.Errorf("%w: want true or false, got %s", ErrInvalidValue, v.kind()))
	}
	return v.text() == "true", nil
}
