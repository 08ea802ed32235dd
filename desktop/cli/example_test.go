package cli_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/bosgo/bosgo/desktop/cli"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// A script asks for the token and branches on the exit status.
func ExampleRun() {
	dir, _ := os.MkdirTemp("", "bosgo-example")
	defer os.RemoveAll(dir)
	var stdout, stderr strings.Builder
	code := cli.Run(context.Background(), []string{"token"}, cli.Env{
		Stdout: &stdout, Stderr: &stderr, Dir: dir, Keyring: tokenstore.NewMemoryKeyring(),
	})
	switch code {
	case cli.ExitOK:
		fmt.Println("token:", len(stdout.String()) > 0)
	case cli.ExitNotSignedIn:
		fmt.Println("not signed in; run bosgo-desktop login")
	case cli.ExitLocked:
		fmt.Println("the session store is locked")
	}
	// Output: not signed in; run bosgo-desktop login
}
