// Package tokenstore is an encrypted, file-backed [core.AuthStore] for
// desktop programs: it keeps the signed-in token and record across restarts
// without ever writing them to disk in plaintext.
//
// # Layout
//
// Every application has its own sessions: [Options.AppID] (default: the
// executable's name; the bosgo desktop app uses "bosgo-desktop") picks the
// folder, os.UserConfigDir()/<app ID> ([DefaultDir]), and the keyring
// service name. Each profile is one file, <Dir>/<profile>.session. The
// folder is kept at mode 0700 and the file at 0600. The file is a small
// versioned header followed by an XChaCha20-Poly1305 ciphertext of the
// session (sequence number, server URL, auth collection, token, record).
// The header, the application ID and the profile name are bound in as
// associated data, so a file copied to another application or profile, or
// with an edited header, does not open.
//
// # Server binding
//
// A store opened with [Options.ServerURL] and [Options.Collection] records
// them in every session it saves and loads only sessions of that server and
// collection: a session of another one is refused with a [*BindingError]
// and never handed out, so its token cannot be sent to the wrong server.
// [Store.Bind] switches a signed-out store to another server.
//
// # Sign-out and restored copies
//
// With the keyring tier, [Store.Clear] replaces the profile's key in the
// keyring before it deletes the file, so a copy of an earlier session file
// (a backup, a sync folder) no longer opens after a sign-out: [Open] moves
// it aside as unreadable. The passphrase tier keeps nothing outside the
// file, so there a restored copy still opens with the passphrase; use the
// keyring tier where restored copies are a concern.
//
// # Keys and protection tiers
//
// The 32-byte data key comes from a [KeySource]:
//
//   - [KeyringSource] (tier "keyring", the default) keeps a random key in the
//     OS keyring (Secret Service on Linux, Keychain on macOS, Credential
//     Manager on Windows) through github.com/zalando/go-keyring. Only the key
//     is stored there, never the token.
//   - [PassphraseSource] (tier "passphrase") derives the key from a
//     passphrase with argon2id; the salt and the parameters travel in the
//     file header. The defaults are [DefaultArgon2Params]: t=3, m=64 MiB,
//     p=4 (RFC 9106, second recommended option).
//
// The store fails closed: when the keyring is missing or refuses, [Open]
// returns an error wrapping [ErrNoKeyring] and writes nothing. There is no
// plaintext tier; a program that cannot use a keyring either asks the user
// for a passphrase or keeps the session in memory only ([core.MemoryStore]).
// [Store.Status] reports the tier so the UI can show it.
//
// # Durability and ordering
//
// Every Save and Clear is written before it returns: the new file is
// written to a temporary file in the same folder, synced, renamed over the
// old one and the folder is synced, so a crash at any instant leaves either
// the old session or the new one. Writes are serialised and each writes the
// newest in-memory state, so a slow save never overwrites a newer one (the
// ordering model of the JS SDK's AsyncAuthStore).
//
// A file that is truncated, tampered with, encrypted under another key or
// for another profile is never silently deleted: [Open] moves it aside to a
// name ending in ".corrupt", treats the session as signed out and returns a
// [*CorruptError] together with the usable store.
//
// # Concurrency
//
// A [Store] is safe for concurrent use. OnChange listeners run outside the
// store's locks and may call back into it. Two processes must not open the
// same profile at once (a desktop app holds a single-instance lock).
package tokenstore
