//go:build js

package core

import "strings"

// writeFieldErrors adds nothing under GOOS=js: the browser module reports
// the fields through the error's response data, and the text would only
// grow the module.
func writeFieldErrors(*strings.Builder, *ClientResponseError) {}
