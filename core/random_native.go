//go:build !js

package core

import "crypto/rand"

// randomBytes fills b from crypto/rand.
func randomBytes(b []byte) { _, _ = rand.Read(b) } // never fails (crypto/rand panics instead)
