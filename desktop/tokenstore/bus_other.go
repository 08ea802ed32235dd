//go:build !((linux || freebsd || openbsd || netbsd || dragonfly) && !android)

package tokenstore

// sessionBusReachable is always nil where the keyring is not on D-Bus.
func sessionBusReachable() error { return nil }
