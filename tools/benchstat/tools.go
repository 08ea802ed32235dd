//go:build tools

// Package tools pins golang.org/x/perf's benchstat for go tool task bench
// (go build -C tools/benchstat -o ../../bin/benchstat golang.org/x/perf/cmd/benchstat),
// outside the SDK's go.mod.
package tools

import _ "golang.org/x/perf/cmd/benchstat"
