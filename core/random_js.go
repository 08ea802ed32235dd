//go:build js

package core

import "math/rand/v2"

// randomBytes fills b from math/rand/v2, whose generator the Go runtime
// seeds from crypto.getRandomValues. It keeps crypto/rand (and with it the
// FIPS DRBG, AES, SHA-2/3 and math/big, about 38 KB of brotli) out of the
// browser module. Nothing secret is generated with it under GOOS=js: it
// makes pub/sub request-id prefixes, and the loopback OAuth2 mode, whose
// state it would make, is not available in the browser.
func randomBytes(b []byte) {
	for i := range b {
		b[i] = byte(rand.Uint32())
	}
}
