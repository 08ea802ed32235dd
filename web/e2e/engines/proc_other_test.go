//go:build !linux && !js

package engines

import "os/exec"

func setProcAttr(*exec.Cmd) {}
