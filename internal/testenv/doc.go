// Package testenv starts the bosgo devserver (a real PocketBase-based,
// BosBase-compatible backend, see devserver/) for tests that talk to a live
// server over HTTP.
//
// It does not import PocketBase: it builds the devserver binary once per
// source state (cached under os.UserCacheDir()/bosgo, keyed by a hash of the
// devserver sources) and runs it as a child process on a random loopback
// port with its own data directory.
//
// # Use
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		t.Parallel()
//		srv := testenv.Shared(t)               // one server per test binary
//		user := srv.NewUser(t, testenv.UserOptions{Verified: true})
//		// ... call srv.URL with user.Email / user.Password ...
//	}
//
// Servers behave like BosBase by default: every sign-in returns a static
// token. Tests of token refresh and expiry ask for PocketBase's refreshable
// tokens explicitly, with [SharedPocketBase] or [Options.TokenMode].
//
// Use [Start] instead of [Shared] when a test needs its own server or
// non-default [Options] (token mode, token lifetime, rate limiting, dev mode
// off). Create a fresh user per test with [Server.NewUser]: PocketBase
// throttles OTP mails per record, and MFA sessions and token bindings are per
// record too.
//
// # Processes
//
// No devserver outlives the test binary: servers from [Start] are stopped in
// t.Cleanup (SIGTERM, then SIGKILL after a grace period), the shared server
// is stopped by [Main], and on Linux every child also gets SIGKILL when the
// test process dies. A child's combined stdout and stderr are kept in memory
// and logged when the test fails.
//
// # Environment
//
// BOSGO_DEVSERVER, when set, is the path of a prebuilt devserver binary to
// use instead of building one.
//
// BOSGO_EXTERNAL_URL, with BOSGO_EXTERNAL_SUPERUSER_EMAIL and
// BOSGO_EXTERNAL_SUPERUSER_PASSWORD, runs the tests against an external
// BosBase or PocketBase server instead of a devserver (external.go): the
// harness prepares the server through its admin API, runs the devserver
// binary's sidecar (mock OIDC, SMTP mail sink, /api/dev/*) and undoes its
// changes in [Main]. Tests that need a devserver skip with the reason
// ([Server.RequireDevserver]). See "Conformance against your deployment" in
// docs/devserver.md.
package testenv
