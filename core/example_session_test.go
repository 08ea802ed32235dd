package core_test

import (
	"fmt"

	"github.com/bosgo/bosgo/core"
)

// A refresh answer is written only if the store still holds the token the
// refresh was sent with: a sign-out made meanwhile stands.
func ExampleMemoryStore_CompareAndSave() {
	store := core.NewMemoryStore()
	store.OnChange(func(ev core.AuthEvent) { fmt.Println("event:", ev.Kind) })

	_ = store.Save("token-1", core.Record{"id": "u1"}) // signed in
	sent := store.Token()                              // an auth-refresh goes out with token-1…
	_ = store.Clear()                                  // …the user signs out meanwhile…

	// …and the refresh answer arrives.
	saved, err := store.CompareAndSave(sent, core.AuthEvent{Token: "token-2", Record: core.Record{"id": "u1"}})
	fmt.Println("saved:", saved, err, "signed out:", store.Token() == "")

	// Output:
	// event: signed-in
	// event: signed-out
	// saved: false <nil> signed out: true
}
