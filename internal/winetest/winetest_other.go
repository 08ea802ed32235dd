//go:build !windows

package winetest

// Wine reports whether the process runs under Wine; never, off Windows.
func Wine() bool { return false }
