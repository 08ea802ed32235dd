package tokenstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// Open a profile's store, fall back to a passphrase when there is no
// keyring, and use it as the client's auth store.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "bosgo-example")
	defer os.RemoveAll(dir)

	// A real program leaves Keys nil (the OS keyring); the example uses an
	// in-memory keyring so it runs anywhere.
	keys := tokenstore.NewKeyringSource(tokenstore.NewMemoryKeyring())
	store, err := tokenstore.Open(ctx, tokenstore.Options{Dir: dir, Profile: "work", Keys: keys})
	if errors.Is(err, tokenstore.ErrNoKeyring) {
		// Fail closed: ask the user for a passphrase instead.
		src, perr := tokenstore.NewPassphraseSource([]byte("a passphrase the user typed"), nil)
		if perr != nil {
			fmt.Println(perr)
			return
		}
		store, err = tokenstore.Open(ctx, tokenstore.Options{Dir: dir, Profile: "work", Keys: src})
	}
	var corrupt *tokenstore.CorruptError
	if errors.As(err, &corrupt) {
		fmt.Println("your saved session could not be read; please sign in again")
	} else if err != nil {
		fmt.Println(err)
		return
	}
	// pb := core.New(url, core.WithAuthStore(store))
	fmt.Println(store.Status().Tier, store.Status().Encryption)
	// Output: keyring XChaCha20-Poly1305
}

// A store bound to one server refuses a session saved for another (its
// token is never handed out), and signing out makes a restored copy of the
// old file unreadable.
func ExampleOptions_binding() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "bosgo-example")
	defer os.RemoveAll(dir)
	kr := tokenstore.NewMemoryKeyring()
	open := func(server string) (*tokenstore.Store, error) {
		return tokenstore.Open(ctx, tokenstore.Options{AppID: "myapp", Dir: dir, Keys: tokenstore.NewKeyringSource(kr),
			ServerURL: server, Collection: "users"})
	}
	a, _ := open("https://a.example")
	_ = a.Save("header.payload.signature", nil)
	saved, _ := os.ReadFile(a.Status().Path)

	b, err := open("https://b.example")
	fmt.Println(errors.Is(err, tokenstore.ErrBindingMismatch), b.Token() == "")

	again, _ := open("https://a.example")
	fmt.Println(again.Token() != "")
	_ = again.Clear()
	_ = os.WriteFile(again.Status().Path, saved, 0o600) // a backup put back
	_, err = open("https://a.example")
	fmt.Println(errors.Is(err, tokenstore.ErrCorrupt))
	// Output:
	// true true
	// true
	// true
}
