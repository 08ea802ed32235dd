//go:build !js

package core

import (
	"reflect"
	"strconv"
	"time"
)

var timeType = reflect.TypeFor[time.Time]()

// filterLiteralOther renders the values filterLiteral has no case for by
// their kind, so named types (type Status string, pointers, a named
// time.Time) bind like their underlying type. ok is false for kinds it
// leaves to the JSON fallback.
func filterLiteralOther(v any) (lit string, ok bool, err error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return "null", true, nil
		}
		lit, err = filterLiteral(rv.Elem().Interface())
	case reflect.String:
		lit, err = quoteFilterString(rv.String())
	case reflect.Bool:
		lit = filterBool(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		lit = strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		lit = strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32:
		lit, err = filterFloat(rv.Float(), 32)
	case reflect.Float64:
		lit, err = filterFloat(rv.Float(), 64)
	case reflect.Struct:
		if !rv.Type().ConvertibleTo(timeType) { // a named type over time.Time
			return "", false, nil
		}
		lit, err = filterLiteral(rv.Convert(timeType).Interface())
	default:
		return "", false, nil
	}
	return lit, true, err
}
