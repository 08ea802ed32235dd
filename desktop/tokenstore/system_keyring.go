package tokenstore

import (
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// SystemKeyring returns the OS keyring: the Secret Service over D-Bus on
// Linux and BSD, the Keychain on macOS, the Credential Manager on Windows
// (github.com/zalando/go-keyring, no cgo).
//
// On Linux it refuses up front, with an error, when no D-Bus session bus
// is reachable (no DBUS_SESSION_BUS_ADDRESS and no $XDG_RUNTIME_DIR/bus):
// otherwise the D-Bus library would auto-launch a private dbus-daemon that
// outlives the program.
func SystemKeyring() Keyring { return systemKeyring{} }

type systemKeyring struct{}

func (systemKeyring) Get(service, user string) (string, error) {
	if err := sessionBusReachable(); err != nil {
		return "", err
	}
	v, err := keyring.Get(service, user)
	return v, mapKeyringErr(err)
}

func (systemKeyring) Set(service, user, secret string) error {
	if err := sessionBusReachable(); err != nil {
		return err
	}
	return mapKeyringErr(keyring.Set(service, user, secret))
}

func (systemKeyring) Delete(service, user string) error {
	if err := sessionBusReachable(); err != nil {
		return err
	}
	return mapKeyringErr(keyring.Delete(service, user))
}

func mapKeyringErr(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("%w", ErrKeyNotFound)
	}
	return err
}
