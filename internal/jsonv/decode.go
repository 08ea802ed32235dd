package jsonv

import "strconv"

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// Decode parses data as exactly one JSON value, with optional whitespace
// around it, into nil, bool, float64, string, []any or map[string]any: the
// values json.Unmarshal gives for an any, accepted and rejected alike.
// A duplicate object key keeps its last value; invalid UTF-8 and lone or
// invalid surrogate escapes in strings become U+FFFD.
//
// Invalid JSON and nesting deeper than 10000 give a [*SyntaxError]; a
// number too large for a float64 gives a [*RangeError].
func Decode(data []byte) (any, error) {
	p := parser{data: data, build: true}
	v := p.document()
	if p.err != nil {
		return nil, p.err
	}
	if p.rangeErr != nil {
		return nil, p.rangeErr
	}
	return v, nil
}

// Object is [Decode] for a JSON object. The JSON null gives a nil map and
// no error; any other value that is not an object gives a [*TypeError].
func Object(data []byte) (map[string]any, error) {
	v, err := Decode(data)
	if err != nil || v == nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok {
		return m, nil
	}
	return nil, &TypeError{want: "object", got: kindOf(v)}
}

// Valid reports whether data is one valid JSON value, as json.Valid does.
// Numbers too large for a float64 are valid.
func Valid(data []byte) bool {
	return check(data) == nil
}

// check returns the [*SyntaxError] for data, or nil if it is valid JSON.
func check(data []byte) error {
	p := parser{data: data}
	p.document()
	return p.err
}

// parser is a recursive-descent JSON parser. With build unset it only
// checks the syntax and builds no values.
type parser struct {
	data     []byte
	i        int
	build    bool
	err      error // the first syntax error
	rangeErr error // the first number overflow, reported if syntax is fine
}

// fail records a syntax error at offset off unless one is recorded already.
func (p *parser) fail(off int, msg string) {
	if p.err == nil {
		p.err = &SyntaxError{Offset: int64(off), msg: msg}
	}
}

// bad records an unexpected byte at p.i, or the end of the input.
func (p *parser) bad(context string) {
	if p.i >= len(p.data) {
		p.fail(len(p.data), "unexpected end of JSON input")
		return
	}
	p.fail(p.i+1, "invalid character "+quoteChar(p.data[p.i])+" "+context)
}

// tok skips whitespace and returns the next byte, or 0 at the end of the
// input. No JSON token starts with a 0 byte, so callers that need a token
// treat 0 as bad; [parser.bad] then tells a NUL byte from the end.
func (p *parser) tok() byte {
	for p.i < len(p.data) {
		switch c := p.data[p.i]; c {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return c
		}
	}
	return 0
}

// document parses one value and then allows only whitespace.
func (p *parser) document() any {
	v := p.value(0)
	if p.tok(); p.err == nil && p.i < len(p.data) {
		p.bad("after top-level value")
	}
	return v
}

// value parses the value at p.i, which sits depth levels deep.
func (p *parser) value(depth int) any {
	switch c := p.tok(); {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		p.literal("true")
		return true
	case c == 'f':
		p.literal("false")
		return false
	case c == 'n':
		p.literal("null")
		return nil
	}
	p.bad("looking for beginning of value")
	return nil
}

// literal consumes the literal word at p.i.
func (p *parser) literal(word string) {
	for j := 0; j < len(word); j++ {
		if p.i >= len(p.data) || p.data[p.i] != word[j] {
			p.bad("in literal " + word + " (expecting " + quoteChar(word[j]) + ")")
			return
		}
		p.i++
	}
}

// object parses the object at p.i, whose members sit depth levels deep.
func (p *parser) object(depth int) any {
	if depth > maxDepth {
		p.fail(p.i+1, "exceeded max depth")
		return nil
	}
	p.i++ // {
	var m map[string]any
	if p.build {
		m = make(map[string]any)
	}
	if p.tok() == '}' {
		p.i++
		return m
	}
	for {
		if p.tok() != '"' {
			p.bad("looking for beginning of object key string")
			return nil
		}
		k := p.str()
		if p.err != nil {
			return nil
		}
		if p.tok() != ':' {
			p.bad("after object key")
			return nil
		}
		p.i++
		v := p.value(depth)
		if p.err != nil {
			return nil
		}
		if p.build {
			m[k] = v
		}
		switch p.tok() {
		case ',':
			p.i++
		case '}':
			p.i++
			return m
		default:
			p.bad("after object key:value pair")
			return nil
		}
	}
}

// array parses the array at p.i, whose elements sit depth levels deep.
func (p *parser) array(depth int) any {
	if depth > maxDepth {
		p.fail(p.i+1, "exceeded max depth")
		return nil
	}
	p.i++ // [
	var a []any
	if p.build {
		a = make([]any, 0)
	}
	if p.tok() == ']' {
		p.i++
		return a
	}
	for {
		v := p.value(depth)
		if p.err != nil {
			return nil
		}
		if p.build {
			a = append(a, v)
		}
		switch p.tok() {
		case ',':
			p.i++
		case ']':
			p.i++
			return a
		default:
			p.bad("after array element")
			return nil
		}
	}
}

// number parses the number at p.i into a float64.
func (p *parser) number() any {
	start := p.i
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.digit() == '0' {
		p.i++
	} else if !p.digits() {
		return nil
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if !p.digits() {
			return nil
		}
	}
	if p.i < len(p.data) && p.data[p.i]|0x20 == 'e' {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return nil
		}
	}
	if !p.build {
		return nil
	}
	f, err := strconv.ParseFloat(string(p.data[start:p.i]), 64)
	if err != nil && p.rangeErr == nil {
		p.rangeErr = &RangeError{Offset: int64(start)}
	}
	return f
}

// digit returns the digit at p.i, or 0 if there is none.
func (p *parser) digit() byte {
	if p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
		return p.data[p.i]
	}
	return 0
}

// digits consumes one or more digits, or records an error if there are
// none.
func (p *parser) digits() bool {
	if p.digit() == 0 {
		p.bad("in numeric literal")
		return false
	}
	for p.digit() != 0 {
		p.i++
	}
	return true
}
