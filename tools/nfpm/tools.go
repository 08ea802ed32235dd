//go:build tools

// Package tools pins goreleaser's nfpm (the .deb/.rpm packager) in its own
// module, so the root module does not carry its dependencies.
//
// Build it with `go tool task desktop:setup`, which writes bin/nfpm; the
// package spec is desktop/packaging/nfpm.yaml.
package tools

import _ "github.com/goreleaser/nfpm/v2/cmd/nfpm"
