//go:build unix

package tokenstore

import (
	"os"
	"syscall"
)

// killed reports whether the process died of os.Process.Kill (SIGKILL).
func killed(ps *os.ProcessState) bool {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
