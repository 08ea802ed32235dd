//go:build !linux

package testenv

import "os/exec"

// setProcAttr does nothing outside Linux, which has no parent-death signal;
// Main and t.Cleanup still stop every server.
func setProcAttr(*exec.Cmd) {}
