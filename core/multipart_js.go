//go:build js

package core

// uploadBody leaves the body as it is: the js build has no multipart
// encoder (a [File] in a body fails to encode), and the wasm adapters send
// the browser's FormData as a *[RawBody].
func uploadBody(body any) (any, error) { return body, nil }
