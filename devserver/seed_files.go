package main

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// File fields of the demo data, for the SDKs' upload and file URL calls.
const (
	// avatarField is a public single image on users, with a 100x100 thumb.
	avatarField = "avatar"
	// attachmentField is a protected multi-file field on posts: its files
	// are served only with a file token.
	attachmentField = "attachment"
	// avatarMaxSize and attachmentMaxSize are the fields' size limits.
	avatarMaxSize     = 1 << 20
	attachmentMaxSize = 8 << 20
)

// linkedAccount is a seeded user with an OAuth2 link to the mock OIDC
// provider: signing in there as linked@example.com reaches this record.
var linkedAccount = account{Email: "linked@example.com", Password: "password123", Name: "Linked User"}

// seedFiles adds the file fields and the OAuth2-linked account. Like the
// rest of the seed it changes nothing on a second run.
func seedFiles(app core.App) error {
	users, err := app.FindCollectionByNameOrId(usersCollection)
	if err != nil {
		return err
	}
	// PocketBase's default users collection has an avatar field already:
	// set its options (a 1 MiB limit the tests can exceed, a thumb size).
	avatar, _ := users.Fields.GetByName(avatarField).(*core.FileField)
	if avatar == nil {
		avatar = &core.FileField{Name: avatarField}
		users.Fields.Add(avatar)
	}
	avatar.MaxSelect, avatar.MaxSize, avatar.Protected = 1, avatarMaxSize, false
	avatar.MimeTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}
	avatar.Thumbs = []string{"100x100"}
	if err := app.Save(users); err != nil {
		return err
	}
	posts, err := app.FindCollectionByNameOrId(postsCollection)
	if err != nil {
		return err
	}
	if posts.Fields.GetByName(attachmentField) == nil {
		posts.Fields.Add(&core.FileField{Name: attachmentField, MaxSelect: 5, MaxSize: attachmentMaxSize, Protected: true})
		if err := app.Save(posts); err != nil {
			return err
		}
	}
	if err := ensureAccount(app, usersCollection, linkedAccount); err != nil {
		return err
	}
	return ensureOIDCLink(app, users, linkedAccount.Email)
}

// ensureOIDCLink links the user with email to the mock OIDC identity of
// the same email (see oidcUser.withDefaults).
func ensureOIDCLink(app core.App, users *core.Collection, email string) error {
	user, err := app.FindAuthRecordByEmail(users, email)
	if err != nil {
		return err
	}
	subject := oidcUser{Email: email}.withDefaults().Subject
	if _, err := app.FindFirstExternalAuthByExpr(dbx.HashExp{
		"collectionRef": users.Id, "provider": oidcProviderName, "providerId": subject,
	}); err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	link := core.NewExternalAuth(app)
	link.SetCollectionRef(users.Id)
	link.SetRecordRef(user.Id)
	link.SetProvider(oidcProviderName)
	link.SetProviderId(subject)
	return app.Save(link)
}
