//go:build (linux || freebsd || openbsd || netbsd || dragonfly) && !android

package tokenstore

// keyringOverDBus: the system keyring here is the Secret Service on D-Bus.
const keyringOverDBus = true
