//go:build desktope2e

package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitNoProcessWith polls /proc until no process carries envEntry in its
// environment: Xvfb, dbus-daemon, gnome-keyring and the app must all be
// gone after the run.
func waitNoProcessWith(t *testing.T, envEntry string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var left []string
		procs, _ := filepath.Glob("/proc/[0-9]*")
		for _, p := range procs {
			env, err := os.ReadFile(filepath.Join(p, "environ"))
			if err != nil {
				continue
			}
			for _, kv := range bytes.Split(env, []byte{0}) {
				if string(kv) == envEntry {
					comm, _ := os.ReadFile(filepath.Join(p, "comm"))
					left = append(left, filepath.Base(p)+":"+strings.TrimSpace(string(comm)))
					break
				}
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes of the test session outlived it: %v", left)
		}
		time.Sleep(50 * time.Millisecond) // polling external processes
	}
}
