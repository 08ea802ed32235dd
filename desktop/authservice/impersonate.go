package authservice

import (
	"strings"
	"time"

	"github.com/bosgo/bosgo/core"
)

// MaxImpersonationMinutes bounds [Service.Impersonate].
const MaxImpersonationMinutes = 24 * 60

// Impersonate lets a signed-in superuser act as another user for minutes
// minutes: it gets a short-lived token for the user (an email or record
// id) of collection ("" means "users") and shows what that user sees,
// their posts, fetched with that token. The superuser's own session is
// unchanged and the impersonation token is never saved.
//
// Endpoint: POST /api/collections/{collection}/impersonate/{id}
func (s *Service) Impersonate(collection, user string, minutes int) (Impersonation, error) {
	user = strings.TrimSpace(user)
	if collection == "" {
		collection = DefaultCollection
	}
	if err := checkCollection(collection); err != nil {
		return Impersonation{}, err
	}
	if user == "" {
		return Impersonation{}, inputError("Enter the email or id of the user to impersonate.")
	}
	if minutes < 1 || minutes > MaxImpersonationMinutes {
		return Impersonation{}, inputError("Impersonation lasts between 1 minute and 24 hours.")
	}
	client, st, ctx, err := s.ready()
	if err != nil {
		return Impersonation{}, err
	}
	if !client.AuthStore().IsSuperuser() {
		return Impersonation{}, &Error{Code: CodeNotSuperuser, Message: "Only a signed-in superuser can impersonate users. Sign in to the _superusers collection."}
	}
	users := client.Collection(collection)
	id := user
	if strings.Contains(user, "@") {
		rec, err := users.GetFirstListItem(ctx, client.Filter("email = {:email}", map[string]any{"email": user}))
		if err != nil {
			return Impersonation{}, friendly(err, actImpersonate, st.ServerURL)
		}
		id = rec.ID()
	}
	imp, err := users.Impersonate(ctx, id, time.Duration(minutes)*time.Minute)
	if err != nil {
		return Impersonation{}, friendly(err, actImpersonate, st.ServerURL)
	}
	store := imp.AuthStore()
	out := Impersonation{
		User:    sessionOf(store.Token(), store.Record(), store.IsSuperuser(), time.Now()),
		Minutes: minutes,
		Posts:   []Post{},
		Visible: -1,
	}
	posts := imp.Collection("posts")
	mine, err := posts.GetList(ctx, 1, 50, core.WithFilter(imp.Filter("user = {:id}", map[string]any{"id": store.Record().ID()})), core.WithSort("-created"))
	switch {
	case isNotFound(err):
		return out, nil // no posts collection on this server
	case err != nil:
		return out, friendly(err, actOther, st.ServerURL)
	}
	for _, p := range mine.Items {
		out.Posts = append(out.Posts, Post{ID: p.ID(), Title: p.String("title"), Published: p.Bool("published"), Created: p.String("created")})
	}
	if all, err := posts.GetList(ctx, 1, 1); err == nil {
		out.Visible = all.TotalItems
	}
	return out, nil
}
