// Package hostile is the hostile-server matrix of bosgo's reliability suite:
// one table of server misbehaviours ([Cases]) and one httptest server
// ([Start]) that plays each of them, shared by two runners — a native
// runner that drives core directly (native_test.go) and a browser runner
// that drives the WebAssembly module through its JavaScript API in headless
// Chromium (wasm_test.go).
//
// Every case names a client operation ([Op]), the session the client holds
// before it ([Case.Session]), and what must come out ([Want]): either a
// correct result or a typed error with a given status, and what the auth
// store holds afterwards. A runner reports an [Outcome]; [Check] compares
// the two. Never acceptable, in any case: a panic, a call that does not
// settle before its deadline, an untyped error, or a session lost where the
// server gave no reason to drop it.
//
// The server routes /c/{case}/… to the case's handler, so one server serves
// the whole matrix; the client of a case uses [Server.BaseURL] as its base
// URL. It also serves /site/ (the repository's web/ folder, for the browser
// runner) and /runner/ (the runner page embedded in this package), so the
// browser runner needs no CORS.
package hostile
