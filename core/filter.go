package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// ErrFilterValue is wrapped by the errors of [Client.FilterE]: a parameter
// that cannot be rendered exactly and safely, or a placeholder without a
// parameter.
var ErrFilterValue = errors.New("bosbase: filter parameter cannot be bound")

// unrepresentable replaces what a filter string literal cannot carry.
const unrepresentable = "\uFFFD"

// Filter returns expr with every {:name} placeholder replaced by params[name]
// rendered as a filter literal, so that user input can never change the
// structure of the expression:
//
//	pb.Filter("title ~ {:q} && created > {:since}", map[string]any{"q": q, "since": t})
//
// Values are rendered as follows:
//   - nil (and nil pointers) as null;
//   - bools as the quoted literals '1' (true) and '0' (false), see below;
//   - integers and finite floats as plain decimal numbers, unquoted;
//   - strings (and string kinds) as single-quoted literals, see below;
//   - [time.Time] as '2006-01-02 15:04:05.000Z' in UTC, the server's format;
//   - pointers as the value they point to;
//   - anything else as its JSON encoding; a value whose JSON is a string
//     (e.g. a type with MarshalText) is rendered as that string, other JSON
//     (maps, slices) as a string literal holding the JSON text.
//
// Booleans: BosBase on PostgreSQL rewrites the literals true and false to
// 1 and 0, and PostgreSQL refuses to compare a boolean column with an
// integer, so "published = true" answers 400 there (and silently drops
// realtime events with such a filter). The quoted '1' and '0' select the
// right rows on PostgreSQL (a quoted literal converts to boolean) and on
// SQLite PocketBase (which stores booleans as 1 and 0) alike. Write
// bool literals in hand-written filters the same way.
//
// Placeholders are replaced in one pass over expr, so a value that itself
// contains "{:other}" is never expanded. A placeholder whose name is not in
// params is left as it is (the server then rejects the filter).
//
// String literals: a quote becomes \' and a backslash becomes \\ when it
// is followed by n, t, r, a quote or another backslash (the escape
// sequences of the server's filter parser, fexpr v0.6.0 in PocketBase
// v0.39); other backslashes are kept as they are. The result parses back to
// exactly the original string on such servers. Servers with the older
// parser (fexpr v0.5.0, as BosBase ships) only know \' and end a literal
// at any quote preceded by a backslash: there the expression is equally
// safe, and values without a backslash before one of those characters
// still round-trip exactly, while such a backslash reaches the server
// doubled.
//
// What no parser version can represent is replaced by U+FFFD, so that the
// expression stays well formed and the literal fails closed (it matches
// the replacement character, never more than intended): a trailing
// backslash (with the old parser it would escape the closing quote and let
// the rest of the expression be read as filter code), a NUL character (the
// parsers' end-of-input marker) and invalid UTF-8. A NaN or infinite float
// and a value that cannot be JSON-encoded are rendered as null. Use
// [Client.FilterE] to get an error for all of these instead.
//
// Filter does not use the client; it may be called on a nil *Client.
func (c *Client) Filter(expr string, params map[string]any) string {
	out, _ := bindFilter(expr, params)
	return out
}

// FilterE is [Client.Filter] that reports what Filter silently replaces: a
// placeholder without a parameter, a string that cannot be represented
// exactly (trailing backslash, NUL, invalid UTF-8), a NaN or infinite
// float, and a value that cannot be JSON-encoded. The error wraps
// [ErrFilterValue] and names the placeholder, never the value. On error it
// still returns Filter's result.
func (c *Client) FilterE(expr string, params map[string]any) (string, error) {
	return bindFilter(expr, params)
}

// bindFilter replaces the placeholders of expr in a single left-to-right
// pass and returns the first problem met.
func bindFilter(expr string, params map[string]any) (string, error) {
	var (
		b     strings.Builder
		first error
	)
	b.Grow(len(expr))
	for {
		i := strings.Index(expr, "{:")
		if i < 0 {
			b.WriteString(expr)
			break
		}
		j := strings.IndexByte(expr[i+2:], '}')
		if j < 0 {
			b.WriteString(expr)
			break
		}
		name := expr[i+2 : i+2+j]
		b.WriteString(expr[:i])
		nested := strings.Contains(name, "{:")
		v, ok := params[name]
		if !ok || nested {
			// Not a placeholder we bind: keep "{:" and rescan right after
			// it, so that in "{:x {:a}" the inner {:a} is still bound.
			if first == nil && !nested {
				first = fmt.Errorf("%w: no parameter for placeholder {:%s}", ErrFilterValue, name)
			}
			b.WriteString("{:")
			expr = expr[i+2:]
			continue
		}
		lit, err := filterLiteral(v)
		if err != nil && first == nil {
			first = fmt.Errorf("%w: {:%s}: %w", ErrFilterValue, name, err)
		}
		b.WriteString(lit)
		expr = expr[i+2+j+1:]
	}
	return b.String(), first
}

// filterLiteral renders one parameter value; on error the returned literal
// is still safe to use.
func filterLiteral(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "null", nil
	case string:
		return quoteFilterString(t)
	case bool:
		return filterBool(t), nil
	case int:
		return strconv.Itoa(t), nil
	case int64:
		return strconv.FormatInt(t, 10), nil
	case float64:
		return filterFloat(t, 64)
	case time.Time:
		return quoteFilterString(t.UTC().Format(DateTimeLayout))
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return strconv.FormatInt(i, 10), nil
		}
		f, err := t.Float64()
		if err != nil {
			return "null", errors.New("invalid json.Number")
		}
		return filterFloat(f, 64)
	}
	if lit, ok, err := filterLiteralOther(v); ok {
		return lit, err
	}
	data, err := encodeJSON(v)
	if err != nil {
		return "null", errors.New("value cannot be JSON-encoded")
	}
	if s, err := jsonv.Decode(data); err == nil {
		if s, ok := s.(string); ok {
			return quoteFilterString(s)
		}
	}
	return quoteFilterString(string(data))
}

// filterBool renders a bool as '1' or '0', the form that both SQLite and
// PostgreSQL servers compare with a bool field correctly (see
// [Client.Filter]).
func filterBool(b bool) string {
	if b {
		return "'1'"
	}
	return "'0'"
}

// filterFloat renders a finite float as a decimal without exponent, which
// is the only number syntax the filter parser knows.
func filterFloat(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null", errors.New("NaN or infinite number")
	}
	return strconv.FormatFloat(f, 'f', -1, bits), nil
}

// quoteFilterString renders s as a single-quoted filter literal; see
// [Client.Filter] for the rules. The error reports that s had to be
// changed.
func quoteFilterString(s string) (string, error) {
	var err error
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, unrepresentable)
		err = errors.New("string is not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", unrepresentable)
		err = errors.New("string contains a NUL character")
	}
	trimmed := strings.TrimRight(s, `\`)
	trailing := len(s) - len(trimmed)
	if trailing > 0 {
		err = errors.New("string ends with a backslash")
	}

	var b strings.Builder
	b.Grow(len(trimmed) + trailing*len(unrepresentable) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(trimmed); i++ {
		switch ch := trimmed[i]; ch {
		case '\'':
			b.WriteString(`\'`)
		case '\\':
			// trimmed never ends with a backslash, so i+1 is in range.
			switch trimmed[i+1] {
			case 'n', 't', 'r', '\\', '\'', '"':
				b.WriteString(`\\`)
			default:
				b.WriteByte('\\')
			}
		default:
			b.WriteByte(ch)
		}
	}
	b.WriteString(strings.Repeat(unrepresentable, trailing))
	b.WriteByte('\'')
	return b.String(), err
}
