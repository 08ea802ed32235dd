// Package desktopbench times desktop/tokenstore's Save and Open (benchmarks
// only; see tokenstore_test.go). go tool task bench:desktop runs it, with
// the real Secret Service under dbus-run-session when it is available.
package desktopbench
