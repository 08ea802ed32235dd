//go:build (linux || freebsd || openbsd || netbsd || dragonfly) && !android

package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
)

// errNoSessionBus is returned instead of letting D-Bus auto-launch a bus.
var errNoSessionBus = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist)")

// sessionBusReachable reports whether a session bus address can be found
// without auto-launching one.
func sessionBusReachable() error {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
