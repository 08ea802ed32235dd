//go:build !linux && !js

package webdriver

import "os/exec"

func setProcAttr(*exec.Cmd) {}
