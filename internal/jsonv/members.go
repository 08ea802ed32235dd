package jsonv

// Members parses data as one JSON object and returns each member's value
// as the JSON text it had, a sub-slice of data (numbers keep every digit,
// nothing is re-encoded). A duplicate key keeps its last value. The JSON
// null gives a nil map and no error; invalid JSON gives a [*SyntaxError]
// and any other value a [*TypeError].
func Members(data []byte) (map[string][]byte, error) {
	if err := check(data); err != nil {
		return nil, err
	}
	p := parser{data: data}
	switch c := p.tok(); c {
	case '{':
	case 'n':
		return nil, nil
	default:
		return nil, &TypeError{want: "object", got: kindOfByte(c)}
	}
	p.i++ // {
	m := map[string][]byte{}
	if p.tok() == '}' {
		return m, nil
	}
	for {
		p.tok()
		p.build = true
		k := p.str()
		p.build = false
		p.tok()
		p.i++ // :
		p.tok()
		start := p.i
		p.value(1)
		m[k] = data[start:p.i]
		if p.tok() == '}' {
			return m, nil
		}
		p.i++ // ,
	}
}

// kindOfByte names the kind of the valid JSON value that starts with c.
func kindOfByte(c byte) string {
	switch c {
	case 't', 'f':
		return "bool"
	case '"':
		return "string"
	case '[':
		return "array"
	}
	return "number"
}
