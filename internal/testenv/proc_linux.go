//go:build linux

package testenv

import (
	"os/exec"
	"syscall"
)

// setProcAttr makes the kernel SIGKILL the devserver when the test process
// dies, so no server outlives go test even after a crash or a timeout panic.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
