// Package cli is the command-line face of bosgo-desktop, in the spirit of
// `gh auth status|token|logout`: the same binary, given a subcommand,
// works with the same encrypted session as the window and opens no window
// (the subcommand path never reaches Wails, so GTK is not initialised and
// no display is needed).
//
//	bosgo-desktop status [--profile P] [--json]
//	bosgo-desktop token  [--profile P] [--force]
//	bosgo-desktop logout [--profile P]
//	bosgo-desktop login  [--profile P] [--server URL] [--collection C] --email E --password-stdin
//	bosgo-desktop login  [--profile P] [--server URL] [--collection C] --oauth2 PROVIDER [--mode realtime|loopback]
//
// `token` prints the session's token for a script (`TOKEN=$(bosgo-desktop
// token)`); it refuses when stdout is a terminal unless --force is given,
// and it never prints anything when the session store is locked or the
// session has expired. `login --password-stdin` reads the password from
// standard input, so it never appears in the process list or the shell
// history. `login --oauth2` opens the system browser; when none opens, the
// link is printed on stderr for the user to open by hand.
//
// Messages go to stderr and never contain a token, password or code.
// Scripts branch on the exit status:
//
//	0  success (status: signed in with a valid session)
//	1  any other error
//	2  usage error, or `token` refused to print to a terminal
//	3  not signed in
//	4  the session store is locked or unavailable (passphrase, no keyring)
//	5  the server cannot be reached
//	6  the server refused the credentials
//	7  the account needs a second factor (finish in the app)
//	8  the session has expired
//	9  cancelled (Ctrl+C, or the browser sign-in was cancelled or timed out)
//
// --profile selects one of several accounts: each profile has its own
// session file and settings (server, collection), so `--profile work` and
// the default profile can be signed in to different servers at once.
package cli
