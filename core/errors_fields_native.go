//go:build !js

package core

import (
	"strings"

	"github.com/bosgo/bosgo/internal/smallsort"
)

// writeFieldErrors appends " (field: message; …)" for the failing fields,
// sorted by name, to b.
func writeFieldErrors(b *strings.Builder, e *ClientResponseError) {
	fields := e.FieldErrors()
	if len(fields) == 0 {
		return
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	smallsort.Sort(names)
	b.WriteString(" (")
	for i, name := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		msg := fields[name].Message
		if msg == "" {
			msg = fields[name].Code
		}
		b.WriteString(name + ": " + strings.TrimSuffix(msg, "."))
	}
	b.WriteString(")")
}
