package main

import (
	"net"
	"net/http"
	"net/netip"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// registerDevAPI adds the /api/dev/* endpoints (only with -dev):
//
//	GET  /api/dev/mails?to=<email>  captured mails to <email> (all when empty), newest first
//	POST /api/dev/oidc/queue        {"email","name","subject"?}: who logs in next at the mock provider
//	POST /api/dev/oidc/page         {"on","coop"?}: the provider shows a sign-in page that waits for the user (signInPage)
//	GET  /api/dev/oidc/page         the page mode and how many pages were shown
//
// They answer only loopback clients and skip the activity log, since tests
// poll them.
func registerDevAPI(api *router.RouterGroup[*core.RequestEvent], mails *mailbox, oidc *oidcServer) {
	dev := api.Group("/dev")
	dev.BindFunc(loopbackOnly)
	dev.Bind(apis.SkipSuccessActivityLog())

	dev.GET("/mails", func(e *core.RequestEvent) error {
		return e.JSON(http.StatusOK, mails.list(e.Request.URL.Query().Get("to")))
	})

	dev.POST("/oidc/queue", func(e *core.RequestEvent) error {
		var u oidcUser
		if err := e.BindBody(&u); err != nil {
			return e.BadRequestError("An error occurred while loading the submitted data.", err)
		}
		err := validation.ValidateStruct(&u,
			validation.Field(&u.Email, validation.Required, validation.Length(1, 255), is.EmailFormat),
			validation.Field(&u.Name, validation.Length(0, 255)),
			validation.Field(&u.Subject, validation.Length(0, 255)),
		)
		if err != nil {
			return e.BadRequestError("An error occurred while validating the submitted data.", err)
		}
		u = u.withDefaults()
		if err := oidc.queueUser(u); err != nil {
			return e.BadRequestError("Failed to queue the OIDC user.", err)
		}
		return e.JSON(http.StatusOK, u)
	})

	dev.POST("/oidc/page", func(e *core.RequestEvent) error {
		var p signInPage
		if err := e.BindBody(&p); err != nil {
			return e.BadRequestError("An error occurred while loading the submitted data.", err)
		}
		got, err := oidc.setPage(p.On, p.COOP)
		if err != nil {
			return e.BadRequestError("Failed to set the OIDC sign-in page.", err)
		}
		return e.JSON(http.StatusOK, got)
	})

	dev.GET("/oidc/page", func(e *core.RequestEvent) error {
		return e.JSON(http.StatusOK, oidc.pageState())
	})
}

// loopbackOnly rejects requests whose TCP peer is not a loopback address.
// It looks at the connection, not at forwarding headers.
func loopbackOnly(e *core.RequestEvent) error {
	host, _, err := net.SplitHostPort(e.Request.RemoteAddr)
	if err != nil {
		host = e.Request.RemoteAddr
	}
	if addr, err := netip.ParseAddr(host); err != nil || !addr.Unmap().IsLoopback() {
		return e.ForbiddenError("The dev endpoints only answer loopback clients.", nil)
	}
	return e.Next()
}
