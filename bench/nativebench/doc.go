// Package nativebench compares core with hand-written net/http requests for
// the same cheap authenticated calls (benchmarks only; see native_test.go).
// go tool task bench:native runs it and benchstat summarises it into
// docs/BENCHMARKS.md.
package nativebench
