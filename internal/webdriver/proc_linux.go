//go:build linux

package webdriver

import (
	"os/exec"
	"syscall"
)

// setProcAttr makes the kernel SIGKILL the browser, its driver or Xvfb when
// the test process dies, so none outlives go test after a crash or a
// timeout panic.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
