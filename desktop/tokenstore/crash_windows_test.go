package tokenstore

import "os"

// killed reports whether the process died of os.Process.Kill, which on
// Windows is TerminateProcess with exit code 1: the child itself never
// exits on its own except with codes 2 to 5 (see crashChild).
func killed(ps *os.ProcessState) bool { return ps.ExitCode() == 1 }
