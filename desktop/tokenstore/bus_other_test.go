//go:build !((linux || freebsd || openbsd || netbsd || dragonfly) && !android)

package tokenstore

// keyringOverDBus: the system keyring here (Credential Manager, Keychain)
// is not reached over D-Bus.
const keyringOverDBus = false
