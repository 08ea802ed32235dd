package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// Exit statuses; see the package documentation.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitNotSignedIn = 3
	ExitLocked      = 4
	ExitUnreachable = 5
	ExitRefused     = 6
	ExitMFARequired = 7
	ExitExpired     = 8
	ExitCancelled   = 9
)

// maxPasswordLen bounds what login --password-stdin reads.
const maxPasswordLen = 4096

// Env is what a run of the command line works with. The zero value is
// the real program's: the process's standard streams, the OS keyring, the
// system browser, the app's folder.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// StdoutIsTerminal reports whether stdout is a terminal; nil means
	// checking Stdout when it is an *os.File (a character device), false
	// otherwise.
	StdoutIsTerminal func() bool
	// AppID, Dir, Keyring, Opener, ServerURL, OAuth2Timeout and
	// ClientOptions are passed to [authservice.Config]; "" / nil / 0 mean
	// its defaults, except that AppID "" means [authservice.AppID].
	AppID         string
	Dir           string
	Keyring       tokenstore.Keyring
	Opener        opener.Opener
	ServerURL     string
	OAuth2Timeout time.Duration
	ClientOptions []core.Option
}

// commands are the subcommands; anything else starts the window.
var commands = map[string]func(*runner, context.Context, []string) int{
	"status": (*runner).status,
	"token":  (*runner).token,
	"logout": (*runner).logout,
	"login":  (*runner).login,
	"help":   (*runner).help,
}

// IsCommand reports whether arg (the program's first argument) names a
// subcommand, so that main runs [Main] instead of opening the window.
func IsCommand(arg string) bool {
	_, ok := commands[arg]
	return ok || arg == "--help" || arg == "-h"
}

// Main runs the command line with the process's arguments and streams,
// BOSGO_SERVER_URL as the default server, and Ctrl+C cancelling; it
// returns the exit status.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return Run(ctx, os.Args[1:], Env{ServerURL: os.Getenv("BOSGO_SERVER_URL")})
}

// Run runs one subcommand (args[0]) and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.AppID == "" {
		env.AppID = authservice.AppID
	}
	r := &runner{env: env}
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		return r.help(ctx, nil)
	}
	cmd, ok := commands[args[0]]
	if !ok {
		r.errorf("unknown command %q; run `bosgo-desktop help`", args[0])
		return ExitUsage
	}
	return cmd(r, ctx, args[1:])
}

// runner is one run.
type runner struct {
	env Env
	svc *authservice.Service
}

func (r *runner) errorf(format string, args ...any) {
	fmt.Fprintf(r.env.Stderr, "bosgo-desktop: "+format+"\n", args...)
}

func (r *runner) stdoutIsTerminal() bool {
	if r.env.StdoutIsTerminal != nil {
		return r.env.StdoutIsTerminal()
	}
	f, ok := r.env.Stdout.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// flags returns a flag set with --profile, printing its errors to stderr.
func (r *runner) flags(name string, profile *string) *flag.FlagSet {
	fs := flag.NewFlagSet("bosgo-desktop "+name, flag.ContinueOnError)
	fs.SetOutput(r.env.Stderr)
	fs.StringVar(profile, "profile", "", "the account's profile name (default \"default\")")
	return fs
}

// parse parses args and refuses extra arguments.
func (r *runner) parse(fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		r.errorf("unexpected argument %q", fs.Arg(0))
		return false
	}
	return true
}

// start opens the profile's session the way the window does; emit gets
// the service's events.
func (r *runner) start(ctx context.Context, profile string, emit authservice.Emitter) (authservice.State, int) {
	if profile != "" && !tokenstore.ValidProfile(profile) {
		r.errorf("invalid profile name %q (letters, digits, '.', '_' and '-')", profile)
		return authservice.State{}, ExitUsage
	}
	r.svc = authservice.New(authservice.Config{
		AppID: r.env.AppID, Dir: r.env.Dir, Profile: profile, Keyring: r.env.Keyring, Opener: r.env.Opener,
		Emitter: emit, ServerURL: r.env.ServerURL, OAuth2Timeout: r.env.OAuth2Timeout, ClientOptions: r.env.ClientOptions,
	})
	if err := r.svc.Start(ctx); err != nil {
		return authservice.State{}, r.fail(err)
	}
	return r.svc.State(), ExitOK
}

func (r *runner) stop() {
	if r.svc != nil {
		_ = r.svc.Stop(context.Background())
	}
}

// fail prints err's user-facing sentence (never a secret: the service's
// messages hold none) and returns its exit status.
func (r *runner) fail(err error) int {
	var e *authservice.Error
	if !errors.As(err, &e) {
		r.errorf("%v", err)
		return ExitError
	}
	r.errorf("%s", e.Message)
	switch e.Code {
	case authservice.CodeInvalidInput:
		return ExitUsage
	case authservice.CodeUnreachable, authservice.CodeServer, authservice.CodeRateLimited:
		return ExitUnreachable
	case authservice.CodeWrongCredentials, authservice.CodeWrongCode, authservice.CodeForbidden,
		authservice.CodeNotSignedIn, authservice.CodeOAuth2:
		return ExitRefused
	case authservice.CodeStorage:
		return ExitLocked
	case authservice.CodeCancelled, authservice.CodeTimeout:
		return ExitCancelled
	}
	return ExitError
}

// unavailable reports a store that cannot be used, with its exit status.
func (r *runner) unavailable(st authservice.State) (int, bool) {
	switch {
	case st.Storage.Locked:
		r.errorf("the saved session is protected by a passphrase; unlock it in the app (nothing is printed while it is locked)")
		return ExitLocked, true
	case !st.Storage.Ready:
		r.errorf("the session store is unavailable: %s", st.Storage.Summary)
		return ExitLocked, true
	}
	return 0, false
}

func (r *runner) help(context.Context, []string) int {
	fmt.Fprint(r.env.Stdout, `Usage: bosgo-desktop [COMMAND] [FLAGS]

Without a command the sign-in window opens. Commands (no window):
  status   who is signed in, where, until when, and how the session is protected
  token    print the session's token for a script (refuses a terminal without --force)
  logout   sign out: delete the session and make earlier copies of it unreadable
  login    sign in: --email E --password-stdin, or --oauth2 PROVIDER [--mode realtime|loopback]

Every command takes --profile NAME for several accounts; login takes --server URL and
--collection NAME. Exit status: 0 ok, 1 error, 2 usage, 3 not signed in, 4 store locked or
unavailable, 5 server unreachable, 6 credentials refused, 7 second factor needed, 8 session
expired, 9 cancelled.
`)
	return ExitOK
}

// statusJSON is the output of status --json.
type statusJSON struct {
	Server     string `json:"server"`
	Collection string `json:"collection"`
	SignedIn   bool   `json:"signedIn"`
	Valid      bool   `json:"valid"`
	Email      string `json:"email,omitempty"`
	Name       string `json:"name,omitempty"`
	ID         string `json:"id,omitempty"`
	Superuser  bool   `json:"superuser,omitempty"`
	Expires    string `json:"expires,omitempty"`
	Protection string `json:"protection"`
	Tier       string `json:"tier"`
	Locked     bool   `json:"locked"`
	File       string `json:"file,omitempty"`
	Notice     string `json:"notice,omitempty"`
}

func (r *runner) status(ctx context.Context, args []string) int {
	var profile string
	var asJSON bool
	fs := r.flags("status", &profile)
	fs.BoolVar(&asJSON, "json", false, "print the status as JSON")
	if !r.parse(fs, args) {
		return ExitUsage
	}
	st, code := r.start(ctx, profile, nil)
	defer r.stop()
	if code != ExitOK {
		return code
	}
	out := statusJSON{Server: st.ServerURL, Collection: st.Collection, SignedIn: st.SignedIn, Protection: st.Storage.Summary,
		Tier: st.Storage.Tier, Locked: st.Storage.Locked || !st.Storage.Ready, File: st.Storage.Path, Notice: st.Storage.Notice}
	if st.Session != nil {
		out.Valid, out.Email, out.Name, out.ID = st.Session.Valid, st.Session.Email, st.Session.Name, st.Session.ID
		out.Superuser, out.Expires = st.Session.IsSuperuser, st.Session.Expires
	}
	if asJSON {
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintf(r.env.Stdout, "%s\n", b)
	} else {
		w := r.env.Stdout
		fmt.Fprintf(w, "Server:      %s (collection %q)\n", st.ServerURL, st.Collection)
		switch {
		case st.Session != nil:
			who := st.Session.Email
			if who == "" {
				who = st.Session.ID
			}
			if st.Session.Name != "" {
				who += " (" + st.Session.Name + ")"
			}
			if st.Session.IsSuperuser {
				who += ", superuser"
			}
			fmt.Fprintf(w, "Signed in:   %s\n", who)
			state := st.Session.ExpiresText
			if !st.Session.Valid {
				state += " (expired: sign in again)"
			}
			fmt.Fprintf(w, "Expires:     %s\n", state)
		case out.Locked:
			fmt.Fprintf(w, "Signed in:   unknown (the session store is locked or unavailable)\n")
		default:
			fmt.Fprintf(w, "Signed in:   no\n")
		}
		fmt.Fprintf(w, "Protection:  %s\n", st.Storage.Summary)
		if st.Storage.Path != "" {
			fmt.Fprintf(w, "File:        %s\n", st.Storage.Path)
		}
		if st.Storage.Notice != "" {
			fmt.Fprintf(w, "Note:        %s\n", st.Storage.Notice)
		}
	}
	switch {
	case out.Locked:
		return ExitLocked
	case st.Session == nil:
		return ExitNotSignedIn
	case !st.Session.Valid:
		return ExitExpired
	}
	return ExitOK
}

func (r *runner) token(ctx context.Context, args []string) int {
	var profile string
	var force bool
	fs := r.flags("token", &profile)
	fs.BoolVar(&force, "force", false, "print the token even when stdout is a terminal")
	if !r.parse(fs, args) {
		return ExitUsage
	}
	if r.stdoutIsTerminal() && !force {
		r.errorf("refusing to print the session token to a terminal; pipe it (TOKEN=$(bosgo-desktop token)) or pass --force")
		return ExitUsage
	}
	st, code := r.start(ctx, profile, nil)
	defer r.stop()
	if code != ExitOK {
		return code
	}
	if code, bad := r.unavailable(st); bad {
		return code
	}
	tok := authservice.SessionToken(r.svc)
	switch {
	case st.Session == nil || tok == "":
		r.errorf("not signed in to %s; run `bosgo-desktop login`", st.ServerURL)
		return ExitNotSignedIn
	case !st.Session.Valid:
		r.errorf("the session has expired; run `bosgo-desktop login` again")
		return ExitExpired
	}
	if _, err := fmt.Fprintln(r.env.Stdout, tok); err != nil {
		r.errorf("writing the token failed")
		return ExitError
	}
	return ExitOK
}

func (r *runner) logout(ctx context.Context, args []string) int {
	var profile string
	fs := r.flags("logout", &profile)
	if !r.parse(fs, args) {
		return ExitUsage
	}
	st, code := r.start(ctx, profile, nil)
	defer r.stop()
	if code != ExitOK {
		return code
	}
	switch {
	case st.Storage.Locked:
		if _, err := r.svc.ForgetSavedSession(); err != nil {
			return r.fail(err)
		}
		fmt.Fprintln(r.env.Stderr, "Signed out: the passphrase-protected session was deleted.")
		return ExitOK
	case !st.Storage.Ready:
		// Without a keyring the key of a keyring-protected file is out of
		// reach; the file is useless, so it goes.
		fi, err := tokenstore.Inspect(r.env.AppID, r.env.Dir, profile)
		if err == nil && fi.Exists {
			if err := os.Remove(fi.Path); err != nil {
				r.errorf("the saved session could not be deleted")
				return ExitError
			}
			fmt.Fprintln(r.env.Stderr, "Signed out: the saved session was deleted (the keyring is unavailable, so its key was left there).")
			return ExitOK
		}
	}
	if !st.SignedIn {
		fmt.Fprintln(r.env.Stderr, "Not signed in; nothing to do.")
		return ExitOK
	}
	if _, err := r.svc.SignOut(); err != nil {
		return r.fail(err)
	}
	fmt.Fprintf(r.env.Stderr, "Signed out of %s.\n", st.ServerURL)
	return ExitOK
}

func (r *runner) login(ctx context.Context, args []string) int {
	var profile, server, collection, email, provider, mode string
	var passwordStdin bool
	fs := r.flags("login", &profile)
	fs.StringVar(&server, "server", "", "the server address (default: the last one used)")
	fs.StringVar(&collection, "collection", "", "the auth collection (default: the last one used)")
	fs.StringVar(&email, "email", "", "the email (or other identity) to sign in with")
	fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	fs.StringVar(&provider, "oauth2", "", "sign in through this OAuth2 provider in the browser")
	fs.StringVar(&mode, "mode", "", `how the browser comes back: "realtime" or "loopback" (default: the last one used)`)
	if !r.parse(fs, args) {
		return ExitUsage
	}
	if passwordStdin == (provider != "") {
		r.errorf("login needs exactly one of --password-stdin (with --email) or --oauth2 PROVIDER")
		return ExitUsage
	}
	if passwordStdin && strings.TrimSpace(email) == "" {
		r.errorf("login --password-stdin needs --email")
		return ExitUsage
	}
	var password string
	if passwordStdin {
		b, err := io.ReadAll(io.LimitReader(r.env.Stdin, maxPasswordLen+1))
		if err != nil || len(b) > maxPasswordLen {
			r.errorf("could not read the password from standard input")
			return ExitUsage
		}
		password = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		clear(b)
		if password == "" {
			r.errorf("no password on standard input")
			return ExitUsage
		}
	}

	links := &linkPrinter{w: r.env.Stderr}
	st, code := r.start(ctx, profile, links)
	defer r.stop()
	if code != ExitOK {
		return code
	}
	if code, bad := r.unavailable(st); bad {
		return code
	}
	if st.SignedIn {
		r.errorf("already signed in as %s; run `bosgo-desktop logout` first", st.Session.Email)
		return ExitError
	}
	if server == "" {
		server = st.ServerURL
	}
	if collection == "" {
		collection = st.Collection
	}
	if _, err := r.svc.Connect(server, collection); err != nil {
		return r.fail(err)
	}
	var res authservice.SignInResult
	var err error
	if passwordStdin {
		res, err = r.svc.SignInWithPassword(email, password, "")
	} else {
		if mode != "" {
			if _, err := r.svc.SetOAuth2Mode(mode); err != nil {
				return r.fail(err)
			}
		}
		res, err = r.svc.SignInWithOAuth2(provider)
	}
	if err != nil {
		if ctx.Err() != nil {
			r.errorf("cancelled")
			return ExitCancelled
		}
		return r.fail(err)
	}
	if res.Status == authservice.StatusMFARequired {
		r.errorf("this account needs a second factor (MFA); finish signing in in the bosgo-desktop window")
		return ExitMFARequired
	}
	who := ""
	if res.State.Session != nil {
		who = res.State.Session.Email
	}
	fmt.Fprintf(r.env.Stderr, "Signed in to %s as %s.\n", res.State.ServerURL, who)
	return ExitOK
}

// linkPrinter tells the user on stderr what the browser sign-in does.
// The provider link is printed only when no browser opened: the user must
// then open it by hand.
type linkPrinter struct {
	mu sync.Mutex // guards w
	w  io.Writer
}

func (p *linkPrinter) Emit(name string, data any) {
	l, ok := data.(authservice.OAuth2Link)
	if !ok || name != authservice.EventOAuth2Link {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if l.BrowserFailed {
		fmt.Fprintf(p.w, "%s Open this link in a browser to continue:\n  %s\n", l.Reason, l.URL)
		return
	}
	fmt.Fprintf(p.w, "Opening the browser to sign in with %s; waiting for it to come back (Ctrl+C to cancel)…\n", l.Provider)
}
