//go:build !unix

package testenv

// lockFile is a no-op where flock is unavailable: parallel builds may then
// both run, and the atomic rename in buildBinary keeps the result intact.
func lockFile(string) (unlock func(), err error) {
	return func() {}, nil
}
