//go:build tools

// Package tools pins honnef.co/go/tools' staticcheck for go tool task lint
// (go build -C tools/lint -o ../../bin/staticcheck honnef.co/go/tools/cmd/staticcheck),
// outside the SDK's go.mod.
package tools

import _ "honnef.co/go/tools/cmd/staticcheck"
