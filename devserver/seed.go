package main

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// account is a seeded login.
type account struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name,omitempty"`
	MFA      bool   `json:"mfa,omitempty"`
}

// superuser is the seeded _superusers account.
var superuser = account{Email: "admin@example.com", Password: "adminpassword"}

// demoUsers are the seeded users accounts, all verified.
var demoUsers = []account{
	{Email: "demo@example.com", Password: "secret123", Name: "Demo User"},
	{Email: "test@example.com", Password: "password123", Name: "Test User"},
	{Email: "mfa@example.com", Password: "password123", Name: "MFA User", MFA: true},
}

// demoPosts are the seeded posts; owner is a demoUsers email.
var demoPosts = []struct {
	title     string
	published bool
	owner     string
}{
	{"Welcome to bosgo", true, "demo@example.com"},
	{"Signing in with the Demo OIDC provider", true, "demo@example.com"},
	{"Draft: realtime notes", false, "demo@example.com"},
	{"Testing against the devserver", true, "test@example.com"},
	{"Token binding explained", true, "test@example.com"},
	{"Draft: pub/sub ideas", false, "test@example.com"},
}

// Names of the users collection settings that seeding relies on.
const (
	usersCollection = "users"
	postsCollection = "posts"
	mfaField        = "mfa"
	// mfaRule asks flagged users for a second factor, in a form both
	// SQLite PocketBase and PostgreSQL BosBase evaluate (see
	// configureUsers).
	mfaRule = mfaField + " = '1'"
)

// bosbaseAuthTokenDuration is BosBase's default authToken.duration of an
// auth collection, in seconds: 7 days (PocketBase's is 5 days).
const bosbaseAuthTokenDuration = 7 * 24 * 60 * 60

// fastBcryptCost is the bcrypt cost -fast-hash uses (bcrypt.MinCost).
const fastBcryptCost = 4

// seed configures the collections and creates the demo data. Every item is
// looked up before it is created, so seeding again on the same data
// directory creates nothing new; collection options (OAuth2 provider URLs,
// token lifetime, password cost) are re-applied on every start.
func seed(app core.App, cfg *config, provider core.OAuth2ProviderConfig) error {
	return app.RunInTransaction(func(tx core.App) error {
		steps := []struct {
			name string
			fn   func() error
		}{
			{"configure _superusers", func() error { return configureSuperusers(tx, cfg) }},
			{"configure users", func() error { return configureUsers(tx, cfg, provider) }},
			{"ensure posts collection", func() error { return ensurePostsCollection(tx) }},
			{"seed superuser", func() error { return ensureAccount(tx, core.CollectionNameSuperusers, superuser) }},
			{"seed users", func() error { return ensureDemoUsers(tx) }},
			{"seed posts", func() error { return ensureDemoPosts(tx) }},
			{"seed file fields and an OAuth2-linked user", func() error { return seedFiles(tx) }}, // seed_files.go
		}
		for _, s := range steps {
			if err := s.fn(); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		return nil
	})
}

// setPasswordCost sets the bcrypt cost of the collection's password field;
// 0 means bcrypt's default.
func setPasswordCost(c *core.Collection, fast bool) {
	if f, ok := c.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok {
		f.Cost = 0
		if fast {
			f.Cost = fastBcryptCost
		}
	}
}

func configureSuperusers(app core.App, cfg *config) error {
	c, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	setPasswordCost(c, cfg.fastHash)
	return app.Save(c)
}

// configureUsers enables every auth method on the users collection: password
// (email), OTP (8 digits, 180 s), MFA for records whose mfa flag is set, and
// OAuth2 through provider.
//
// The MFA rule compares the bool field with the quoted literal '1' (mfaRule),
// not with true: BosBase on PostgreSQL rewrites true to 1 and PostgreSQL
// refuses boolean = integer, which fails every password sign-in of the
// collection. '1' selects the flagged records on SQLite and PostgreSQL.
func configureUsers(app core.App, cfg *config, provider core.OAuth2ProviderConfig) error {
	c, err := app.FindCollectionByNameOrId(usersCollection)
	if err != nil {
		return err
	}
	setPasswordCost(c, cfg.fastHash)
	if c.Fields.GetByName(mfaField) == nil {
		c.Fields.Add(&core.BoolField{Name: mfaField})
	}

	c.CreateRule = types.Pointer("") // anyone may sign up, which OAuth2 sign-up needs
	c.PasswordAuth = core.PasswordAuthConfig{Enabled: true, IdentityFields: []string{core.FieldNameEmail}}
	c.OTP.Enabled, c.OTP.Length, c.OTP.Duration = true, 8, 180
	c.MFA.Enabled, c.MFA.Duration, c.MFA.Rule = true, 600, mfaRule
	c.OAuth2.Enabled = true
	c.OAuth2.MappedFields.Name = "name"
	c.OAuth2.Providers = []core.OAuth2ProviderConfig{provider}

	c.AuthToken.Duration = core.NewAuthCollection("defaults").AuthToken.Duration
	if cfg.tokenMode == tokenModeBosBase {
		// BosBase ignores it for logins; impersonation with duration 0
		// uses it, and BosBase's default is 7 days.
		c.AuthToken.Duration = bosbaseAuthTokenDuration
	}
	if cfg.tokenTTL > 0 {
		c.AuthToken.Duration = int64(cfg.tokenTTL.Seconds())
	}
	return app.Save(c)
}

// ensurePostsCollection creates posts: title, published and its owner user.
// Signed-in users see all posts and manage their own.
func ensurePostsCollection(app core.App) error {
	if _, err := app.FindCollectionByNameOrId(postsCollection); err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	users, err := app.FindCollectionByNameOrId(usersCollection)
	if err != nil {
		return err
	}
	c := core.NewBaseCollection(postsCollection)
	// Ids may also be given as BosBase's 36-character UUIDv7s, so tests
	// can check that nothing assumes PocketBase's 15 characters.
	if id, ok := c.Fields.GetByName(core.FieldNameId).(*core.TextField); ok {
		id.Pattern, id.Max = "^[a-z0-9-]+$", 36
	}
	c.Fields.Add(
		&core.TextField{Name: "title", Required: true, Max: 200},
		&core.BoolField{Name: "published"},
		&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1, CascadeDelete: true},
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
	c.ListRule = types.Pointer("@request.auth.id != ''")
	c.ViewRule = types.Pointer("@request.auth.id != ''")
	c.CreateRule = types.Pointer("@request.auth.id != '' && user = @request.auth.id")
	c.UpdateRule = types.Pointer("user = @request.auth.id")
	c.DeleteRule = types.Pointer("user = @request.auth.id")
	return app.Save(c)
}

// ensureAccount creates a verified auth record for a unless its email exists.
func ensureAccount(app core.App, collection string, a account) error {
	if _, err := app.FindAuthRecordByEmail(collection, a.Email); err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	r := core.NewRecord(c)
	r.SetEmail(a.Email)
	r.SetPassword(a.Password)
	r.SetVerified(true)
	if a.Name != "" {
		r.Set("name", a.Name)
	}
	if a.MFA {
		r.Set(mfaField, true)
	}
	return app.Save(r)
}

func ensureDemoUsers(app core.App) error {
	for _, u := range demoUsers {
		if err := ensureAccount(app, usersCollection, u); err != nil {
			return fmt.Errorf("%s: %w", u.Email, err)
		}
	}
	return nil
}

// ensureDemoPosts creates each demo post unless a post with its title exists.
func ensureDemoPosts(app core.App) error {
	c, err := app.FindCollectionByNameOrId(postsCollection)
	if err != nil {
		return err
	}
	for _, p := range demoPosts {
		if _, err := app.FindFirstRecordByData(c, "title", p.title); err == nil {
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		owner, err := app.FindAuthRecordByEmail(usersCollection, p.owner)
		if err != nil {
			return fmt.Errorf("owner %s of %q: %w", p.owner, p.title, err)
		}
		r := core.NewRecord(c)
		r.Set("title", p.title)
		r.Set("published", p.published)
		r.Set("user", owner.Id)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("post %q: %w", p.title, err)
		}
	}
	return nil
}
