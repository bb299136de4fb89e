package previewjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// checkInput is the one pass over the raw bytes that encoding/json does not make.
// It builds no values. It refuses, with the path of the offending value:
//   - input longer than MaxRequestBytes ([ErrTooLarge]);
//   - input that is not one JSON value (encoding/json's own verdict, [ErrMalformedJSON],
//     given when the walk meets what is not JSON; checkInput may accept some input
//     that is not JSON, which encoding/json refuses when it decodes it);
//   - strings (keys included) that are not valid UTF-8 or hold a lone surrogate
//     escape such as \ud800 ([ErrMalformedJSON]): encoding/json would replace them
//     with U+FFFD, so that two distinct ids could become one;
//   - a key repeated within one object, at the path of the second ([ErrMalformedJSON]):
//     encoding/json would keep the last;
//   - nesting deeper than MaxDepth, more than MaxValues values ([ErrTooLarge]);
//   - more than MaxUsageRecords usage records ([ErrTooMany], at the item's usage), so
//     that no decoding ever holds more.
//
// It walks the input beside the wire types (schema.go), and also reports whether
// encoding/json alone would read it as the member loop does (see decode.go): whether
// every key of every object of the format is exactly the name of one of its fields.
func checkInput(data []byte) (fastOK bool, err error) {
	chk, err := check(data)
	return chk.fastOK, err
}

// checked is what the pre-pass found about input it accepts.
type checked struct {
	fastOK   bool // encoding/json alone reads it as the member loop does
	native   bool // and the subscription items' prices are objects (requestNative)
	products bool // some price's product is not an object (productRef for requestNative)
	list     bool // the subscription's items are a list object (itemListNative for requestNative)
}

// check is checkInput, and tells whether requestNative can decode the input.
func check(data []byte) (checked, error) {
	if len(data) > MaxRequestBytes {
		return checked{}, &PathError{Path: "$", Err: fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrTooLarge, len(data), MaxRequestBytes)}
	}
	c := checker{data: data}
	err := c.value(0, requestType)
	if err == nil {
		if c.space(); c.pos < len(data) {
			err = errNotJSON // a second value
		}
	}
	if err != nil && (err == errNotJSON || !json.Valid(data)) {
		return checked{}, &PathError{Path: "$", Err: syntaxError(data)}
	}
	var pe *PathError
	if errors.As(err, &pe) && pe.Path == "" {
		pe.Path = "$"
	}
	return checked{fastOK: !c.unknown, native: !c.unknown && !c.other, products: c.products, list: c.list}, err
}

// The fields of the objects whose members requestNative reads in one form.
var (
	subscriptionFields = structOf(reflect.TypeFor[subscriptionWire]())
	itemFields         = structOf(reflect.TypeFor[itemWire]())
	priceFields        = structOf(reflect.TypeFor[priceWire]())
)

// The members requestNative reads in fewer forms than the wire types.
const (
	itemsMember   = 1 + iota // a subscription's items: an array or a list object
	priceMember              // an item's price: an object
	productMember            // a price's product: an object, or else productRef
)

// nativeMember tells which of those the member key of an object of the fields info
// is (0: none).
func nativeMember(info *structInfo, key []byte) int {
	switch {
	case info == subscriptionFields && string(key) == "items":
		return itemsMember
	case info == itemFields && string(key) == "price":
		return priceMember
	case info == priceFields && string(key) == "product":
		return productMember
	}
	return 0
}

// form records how requestNative reads the member m whose value starts with b.
func (c *checker) form(m int, b byte) {
	switch {
	case b == 'n', m == itemsMember && b == '[', m != itemsMember && b == '{':
	case m == itemsMember && b == '{':
		c.list = true
	case m == productMember:
		c.products = true
	default:
		c.other = true
	}
}

// errNotJSON stops the walk where the input is not JSON; encoding/json then says why.
var errNotJSON = errors.New("not JSON")

// checkValid refuses input that is not one JSON value, with encoding/json's reason.
func checkValid(data []byte) error {
	if !json.Valid(data) {
		return &PathError{Path: "$", Err: syntaxError(data)}
	}
	return nil
}

// syntaxError describes why data is not JSON, with the line and column.
func syntaxError(data []byte) error {
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset)
		if off > len(data) {
			off = len(data)
		}
		line := 1 + bytes.Count(data[:off], []byte{'\n'})
		col := off - bytes.LastIndexByte(data[:off], '\n')
		return fmt.Errorf("%w: %s (line %d, column %d)", ErrMalformedJSON, se.Error(), line, col)
	}
	if err == nil {
		err = errors.New("not one JSON value")
	}
	return fmt.Errorf("%w: %s", ErrMalformedJSON, err.Error())
}

// checker walks the input. It never reads past its end and stops with errNotJSON
// where it finds what JSON does not allow between values; it does not check the
// forms of numbers and literals, which encoding/json checks when it decodes.
type checker struct {
	data     []byte
	pos      int
	values   int
	unknown  bool // a key that is not a field of its object (encoding/json would drop it, or match it regardless of case)
	other    bool // the subscription's items not an array, or an item's price not an object (see requestNative)
	products bool // a price's product not an object
	list     bool // the subscription's items a list object
	records  int  // usage records
}

func (c *checker) space() {
	for c.pos < len(c.data) {
		if b := c.data[c.pos]; b > ' ' || b != ' ' && b != '\t' && b != '\n' && b != '\r' { // most bytes are above the space
			return
		}
		c.pos++
	}
}

// value checks the value at pos, nested depth levels deep, and moves past it; t is
// the Go type it decodes into (nil: one whose keys are not checked).
func (c *checker) value(depth int, t reflect.Type) error {
	c.space()
	c.values++
	if c.values > MaxValues {
		return &PathError{Path: "$", Err: fmt.Errorf("%w: more than %d JSON values", ErrTooLarge, MaxValues)}
	}
	if c.pos >= len(c.data) {
		return &PathError{Path: "$", Err: fmt.Errorf("%w: unexpected end of input", ErrMalformedJSON)}
	}
	switch c.data[c.pos] {
	case '{':
		if depth >= MaxDepth {
			return &PathError{Path: "$", Err: fmt.Errorf("%w: nesting deeper than %d levels", ErrTooLarge, MaxDepth)}
		}
		return c.object(depth+1, objectSchema(t))
	case '[':
		if depth >= MaxDepth {
			return &PathError{Path: "$", Err: fmt.Errorf("%w: nesting deeper than %d levels", ErrTooLarge, MaxDepth)}
		}
		c.pos++
		elem, records := arraySchema(t)
		for i := 0; ; i++ {
			c.space()
			if c.pos >= len(c.data) {
				return errNotJSON
			}
			if c.data[c.pos] == ']' && i == 0 {
				c.pos++
				return nil
			}
			if records {
				if c.records++; c.records > MaxUsageRecords {
					return &PathError{Err: fmt.Errorf("%w: more than %d usage records in the request", ErrTooMany, MaxUsageRecords)}
				}
			}
			if err := c.value(depth+1, elem); err != nil {
				if err == errNotJSON {
					return err
				}
				return within("["+strconv.Itoa(i)+"]", err)
			}
			c.space()
			switch {
			case c.pos >= len(c.data):
				return errNotJSON
			case c.data[c.pos] == ',':
				c.pos++
			case c.data[c.pos] == ']':
				c.pos++
				return nil
			default:
				return errNotJSON
			}
		}
	case '"':
		_, _, err := c.str()
		return err
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n':
	default:
		return errNotJSON
	}
	for c.pos < len(c.data) { // a number or a literal
		switch c.data[c.pos] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return nil
		}
		c.pos++
	}
	return nil
}

// object checks the members of the object at pos: each key once (and, for an object
// of the format, the name of a field), each value.
func (c *checker) object(depth int, sch schema) error {
	c.pos++
	var (
		// A field of a wire struct is seen once by its index; other keys (of a
		// keyed object, or unknown) by their text.
		fields [4]uint64 // the fields seen, a bit each (a struct has fewer than 256)
		room   [16][]byte
		few    = room[:0]          // the other keys so far, while there are few
		many   map[string]struct{} // all the other keys, once there are many
	)
	for first := true; ; first = false {
		c.space()
		if c.pos >= len(c.data) {
			return errNotJSON
		}
		if c.data[c.pos] == '}' && first {
			c.pos++
			return nil
		}
		if c.data[c.pos] != '"' {
			return errNotJSON
		}
		raw, escaped, err := c.str()
		if err != nil {
			return err
		}
		key := raw
		if escaped {
			var s string
			if err := json.Unmarshal(c.data[c.pos-len(raw)-2:c.pos], &s); err != nil {
				return errNotJSON
			}
			key = []byte(s)
		}
		child, field, known := sch.member(key)
		if !known {
			c.unknown = true
		}
		dup := false
		if field >= 0 && field < 64*len(fields) {
			bit := uint64(1) << (field % 64)
			dup = fields[field/64]&bit != 0
			fields[field/64] |= bit
		} else if many != nil {
			_, dup = many[string(key)]
			many[string(key)] = struct{}{}
		} else {
			for _, k := range few {
				if bytes.Equal(k, key) {
					dup = true
					break
				}
			}
			few = append(few, key)
			if len(few) == len(room) {
				many = make(map[string]struct{}, 2*len(few))
				for _, k := range few {
					many[string(k)] = struct{}{}
				}
				few = nil
			}
		}
		if dup {
			return &PathError{Path: keySegment(string(key)), Err: fmt.Errorf("%w: duplicate key %s", ErrMalformedJSON, quote(string(key)))}
		}
		c.space()
		if c.pos >= len(c.data) || c.data[c.pos] != ':' {
			return errNotJSON
		}
		c.pos++
		if m := nativeMember(sch.info, key); m != 0 {
			if c.space(); c.pos < len(c.data) {
				c.form(m, c.data[c.pos])
			}
		}
		if err := c.value(depth, child); err != nil {
			if err == errNotJSON {
				return err
			}
			return within(keySegment(string(key)), err)
		}
		c.space()
		switch {
		case c.pos >= len(c.data):
			return errNotJSON
		case c.data[c.pos] == ',':
			c.pos++
		case c.data[c.pos] == '}':
			c.pos++
			return nil
		default:
			return errNotJSON
		}
	}
}

// str checks the string at pos (valid UTF-8, no lone surrogate escape) and moves
// past it; it returns the bytes between the quotes and whether they hold an escape.
func (c *checker) str() (raw []byte, escaped bool, err error) {
	c.pos++
	start := c.pos
	d := c.data
	for c.pos < len(d) {
		b := d[c.pos]
		switch {
		case b == '"':
			raw = d[start:c.pos]
			c.pos++
			return raw, escaped, nil
		case b == '\\':
			escaped = true
			if c.pos+1 >= len(d) {
				return nil, false, errNotJSON
			}
			if d[c.pos+1] != 'u' {
				c.pos += 2
				continue
			}
			r, ok := hex4(d, c.pos+2)
			if !ok {
				return nil, false, errNotJSON
			}
			c.pos += 6
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return nil, false, &PathError{Err: fmt.Errorf("%w: lone surrogate \\u%04x in a string", ErrMalformedJSON, r)}
			case r >= 0xD800 && r <= 0xDBFF:
				lo, ok := rune(0), c.pos+1 < len(d) && d[c.pos] == '\\' && d[c.pos+1] == 'u'
				if ok {
					lo, ok = hex4(d, c.pos+2)
				}
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return nil, false, &PathError{Err: fmt.Errorf("%w: lone surrogate \\u%04x in a string", ErrMalformedJSON, r)}
				}
				c.pos += 6
			}
		case b < 0x20:
			return nil, false, errNotJSON
		case b < utf8.RuneSelf:
			c.pos++
		default:
			r, n := utf8.DecodeRune(d[c.pos:])
			if r == utf8.RuneError && n <= 1 {
				return nil, false, &PathError{Err: fmt.Errorf("%w: invalid UTF-8 in a string (byte 0x%02x at offset %d)", ErrMalformedJSON, b, c.pos)}
			}
			c.pos += n
		}
	}
	return nil, false, errNotJSON
}

// hex4 returns the value of the four hexadecimal digits at d[i:], and false when
// there are not four.
func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// quote quotes s for a message, shortened to 40 bytes on a character boundary.
func quote(s string) string {
	return strconv.Quote(shorten(s, 40))
}

// shorten cuts s to at most n bytes on a character boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
