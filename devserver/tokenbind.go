package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// BosBase custom token binding: a client binds an arbitrary string (for
// example a device id) to an auth record by proving the record's email and
// password once, then signs in with that string alone. Only SHA-256 of the
// string is stored, in the _token_bindings table, unique per
// (collection, token hash). Bindings survive password and email changes and
// are deleted with their record or collection.
//
// Bodies, status codes and messages follow BosBase's
// apis/record_auth_token.go (see shared/reference/bosbase-auth-api.md §1.5).

// tokenBindingsTable is the table that stores the bindings, as in BosBase.
const tokenBindingsTable = "_token_bindings"

// Method name of auth-with-token in _mfas rows, as in BosBase.
const mfaMethodToken = "token"

// ensureTokenBindingsTable creates the bindings table when it is missing.
func ensureTokenBindingsTable(app core.App) error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS {{` + tokenBindingsTable + `}} (
			[[id]]            TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
			[[collectionRef]] TEXT NOT NULL,
			[[recordRef]]     TEXT NOT NULL,
			[[tokenHash]]     TEXT NOT NULL,
			[[created]]       TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL,
			[[updated]]       TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL
		)`,
		`CREATE UNIQUE INDEX IF NOT EXISTS idx__token_bindings_token ON {{` + tokenBindingsTable + `}} ([[collectionRef]], [[tokenHash]])`,
		`CREATE INDEX IF NOT EXISTS idx__token_bindings_record ON {{` + tokenBindingsTable + `}} ([[collectionRef]], [[recordRef]])`,
	}
	for _, s := range stmts {
		if _, err := app.NonconcurrentDB().NewQuery(s).Execute(); err != nil {
			return err
		}
	}
	return nil
}

// bindTokenBindingCleanup deletes bindings together with their auth record
// or auth collection.
func bindTokenBindingCleanup(app core.App) {
	app.OnRecordAfterDeleteSuccess().BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Collection().IsAuth() {
			if err := deleteBindings(e.App, "collectionRef = {:c} AND recordRef = {:r}", dbx.Params{"c": e.Record.Collection().Id, "r": e.Record.Id}); err != nil {
				e.App.Logger().Warn("Failed to delete token bindings of record", "error", err, "recordId", e.Record.Id)
			}
		}
		return e.Next()
	})
	app.OnCollectionAfterDeleteSuccess().BindFunc(func(e *core.CollectionEvent) error {
		if e.Collection.IsAuth() {
			if err := deleteBindings(e.App, "collectionRef = {:c}", dbx.Params{"c": e.Collection.Id}); err != nil {
				e.App.Logger().Warn("Failed to delete token bindings of collection", "error", err, "collectionId", e.Collection.Id)
			}
		}
		return e.Next()
	})
}

// saveBinding binds token to record; a token already bound in the same
// collection is re-pointed to record.
func saveBinding(app core.App, record *core.Record, token string) error {
	_, err := app.NonconcurrentDB().NewQuery(`
		INSERT INTO {{` + tokenBindingsTable + `}} ([[collectionRef]], [[recordRef]], [[tokenHash]])
		VALUES ({:c}, {:r}, {:h})
		ON CONFLICT ([[collectionRef]], [[tokenHash]])
		DO UPDATE SET [[recordRef]] = excluded.[[recordRef]], [[updated]] = strftime('%Y-%m-%d %H:%M:%fZ')
	`).Bind(dbx.Params{"c": record.Collection().Id, "r": record.Id, "h": hashToken(token)}).Execute()
	return err
}

// findBoundRecordID returns the id of the record token is bound to in
// collection, or sql.ErrNoRows.
func findBoundRecordID(app core.App, collection *core.Collection, token string) (string, error) {
	var id string
	err := app.ConcurrentDB().NewQuery(`
		SELECT [[recordRef]] FROM {{` + tokenBindingsTable + `}}
		WHERE [[collectionRef]] = {:c} AND [[tokenHash]] = {:h} LIMIT 1
	`).Bind(dbx.Params{"c": collection.Id, "h": hashToken(token)}).Row(&id)
	return id, err
}

func deleteBindings(app core.App, where string, params dbx.Params) error {
	_, err := app.NonconcurrentDB().NewQuery("DELETE FROM {{" + tokenBindingsTable + "}} WHERE " + where).Bind(params).Execute()
	return err
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// recordBindToken handles POST /api/collections/{collection}/bind-token.
func recordBindToken(e *core.RequestEvent) error {
	record, token, err := credentialsRecord(e, "Failed to bind token.")
	if err != nil {
		return err
	}
	if err := saveBinding(e.App, record, token); err != nil {
		return e.InternalServerError("Failed to bind token.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// recordUnbindToken handles POST /api/collections/{collection}/unbind-token.
// It answers 204 also when nothing was bound.
func recordUnbindToken(e *core.RequestEvent) error {
	record, token, err := credentialsRecord(e, "Failed to unbind token.")
	if err != nil {
		return err
	}
	err = deleteBindings(e.App, "collectionRef = {:c} AND recordRef = {:r} AND tokenHash = {:h}",
		dbx.Params{"c": record.Collection().Id, "r": record.Id, "h": hashToken(token)})
	if err != nil {
		return e.InternalServerError("Failed to unbind token.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// recordAuthWithToken handles POST /api/collections/{collection}/auth-with-token.
// Like BosBase it does not require password auth to be enabled, and MFA
// applies with method "token".
func recordAuthWithToken(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	form := &authWithTokenForm{}
	if err := e.BindBody(form); err != nil {
		return e.BadRequestError("An error occurred while loading the submitted data.", err)
	}
	if err := form.validate(); err != nil {
		return e.BadRequestError("An error occurred while validating the submitted data.", err)
	}

	id, err := findBoundRecordID(e.App, collection, form.Token)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return e.BadRequestError("Failed to authenticate.", errors.New("invalid token"))
		}
		return e.InternalServerError("Failed to authenticate.", err)
	}
	record, err := e.App.FindRecordById(collection, id)
	if err != nil {
		return e.BadRequestError("Failed to authenticate.", err)
	}
	return apis.RecordAuthResponse(e, record, mfaMethodToken, nil)
}

// credentialsRecord runs the checks bind-token and unbind-token share:
// auth collection, password auth enabled, body valid, email and password
// correct. It returns the record and the token to (un)bind. failMsg is the
// 400 message for wrong credentials.
func credentialsRecord(e *core.RequestEvent, failMsg string) (*core.Record, string, error) {
	collection, err := findAuthCollection(e)
	if err != nil {
		return nil, "", err
	}
	if !collection.PasswordAuth.Enabled {
		return nil, "", e.ForbiddenError("The collection is not configured to allow password authentication.", nil)
	}
	form := &bindTokenForm{}
	if err := e.BindBody(form); err != nil {
		return nil, "", e.BadRequestError("An error occurred while loading the submitted data.", err)
	}
	if err := form.validate(); err != nil {
		return nil, "", e.BadRequestError("An error occurred while validating the submitted data.", err)
	}
	record, err := e.App.FindAuthRecordByEmail(collection, form.Email)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", e.BadRequestError(failMsg, errors.New("invalid login credentials"))
		}
		return nil, "", e.InternalServerError("", err)
	}
	if !record.ValidatePassword(form.Password) {
		return nil, "", e.BadRequestError(failMsg, errors.New("invalid login credentials"))
	}
	return record, form.Token, nil
}

// findAuthCollection mirrors PocketBase's unexported helper of the same name.
func findAuthCollection(e *core.RequestEvent) (*core.Collection, error) {
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !collection.IsAuth() {
		return nil, e.NotFoundError("Missing or invalid auth collection context.", err)
	}
	return collection, nil
}

type bindTokenForm struct {
	Email    string `form:"email" json:"email"`
	Password string `form:"password" json:"password"`
	Token    string `form:"token" json:"token"`
}

func (f *bindTokenForm) validate() error {
	return validation.ValidateStruct(f,
		validation.Field(&f.Email, validation.Required, validation.Length(1, 255), is.EmailFormat),
		validation.Field(&f.Password, validation.Required, validation.Length(1, 255)),
		validation.Field(&f.Token, validation.Required, validation.Length(1, 1024)),
	)
}

type authWithTokenForm struct {
	Token string `form:"token" json:"token"`
}

func (f *authWithTokenForm) validate() error {
	return validation.ValidateStruct(f,
		validation.Field(&f.Token, validation.Required, validation.Length(1, 1024)),
	)
}
