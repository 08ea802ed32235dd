// Command devserver is the local BosBase-compatible development backend for
// bosgo.
//
// It embeds PocketBase (as a Go framework, not through pocketbase.New) with a
// SQLite data directory, a mock OpenID Connect provider and a captured-mail
// console, all in one process that listens on loopback only. The SDK's
// integration tests spawn it through internal/testenv; developers run it with
// "go tool task dev".
//
// # Start-up
//
// All collections and settings are applied before the HTTP server starts
// (runtime settings changes race inside PocketBase under -race). When the
// server is ready, devserver prints exactly one line to stdout:
//
//	READY {"url":"http://127.0.0.1:PORT","superuser":{...},"oidc":{...},"tokenMode":"bosbase","dev":true,...}
//
// Everything else (the banner, captured mails) goes to stderr.
//
// # Seed data
//
// Seeding is idempotent: every item is looked up before it is created, so a
// restart on the same data directory duplicates nothing. See seed.go for the
// demo accounts and the posts collection.
//
// # BosBase compatibility
//
// PocketBase lacks two BosBase features that the SDK needs, and devserver adds
// them:
//
//   - custom token binding (bind-token, unbind-token, auth-with-token), see
//     tokenbind.go;
//   - static 100-year tokens, the default (-token-mode bosbase); -token-mode
//     pocketbase issues PocketBase's refreshable, expiring tokens for tests
//     of token refresh. See tokenmode.go.
//
// The seed's rules are written so that they also work on BosBase's
// PostgreSQL backend (mfa = '1', not mfa = true); see docs/server-issues.md.
//
// # Dev endpoints
//
// With -dev, loopback clients can read captured mails (GET /api/dev/mails)
// and choose the next mock OIDC user (POST /api/dev/oidc/queue). See devapi.go
// and docs/devserver.md.
package main
