// Package reliability holds the reliability tests of bosgo that need a real
// devserver or a real browser rather than a fake server: clients surviving
// a server restart, and memory staying flat in Chromium over many calls.
// The hostile-server matrix lives in internal/hostile; the desktop token
// store's crash (kill) loop in desktop/tokenstore (TestCrashSafety).
//
// The package has no non-test code besides this comment.
package reliability
