//go:build js

package core

import "strconv"

// filterLiteralOther renders the unnamed basic types filterLiteral has no
// case for. The browser build uses no reflection here (for size), so named
// types (type Status string) go to the JSON fallback, which refuses them
// with ErrJSONNeedsReflection; values from JavaScript never are named.
func filterLiteralOther(v any) (lit string, ok bool, err error) {
	switch t := v.(type) {
	case int8:
		return strconv.FormatInt(int64(t), 10), true, nil
	case int16:
		return strconv.FormatInt(int64(t), 10), true, nil
	case int32:
		return strconv.FormatInt(int64(t), 10), true, nil
	case uint:
		return strconv.FormatUint(uint64(t), 10), true, nil
	case uint8:
		return strconv.FormatUint(uint64(t), 10), true, nil
	case uint16:
		return strconv.FormatUint(uint64(t), 10), true, nil
	case uint32:
		return strconv.FormatUint(uint64(t), 10), true, nil
	case uint64:
		return strconv.FormatUint(t, 10), true, nil
	case float32:
		lit, err = filterFloat(float64(t), 32)
		return lit, true, err
	case *string:
		if t == nil {
			return "null", true, nil
		}
		lit, err = quoteFilterString(*t)
		return lit, true, err
	}
	return "", false, nil
}
