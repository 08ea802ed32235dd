package main

import (
	"github.com/pocketbase/pocketbase/core"
)

// registerRoutes adds every route devserver has on top of PocketBase's own.
// It is the one place to register more: a feature lives in its own file and
// adds one line here, as pubsub.go does.
func (s *devServer) registerRoutes(se *core.ServeEvent) {
	api := se.Router.Group("/api")

	// BosBase-only custom token binding (tokenbind.go).
	limiter := newCollectionLimiter()
	auth := api.Group("/collections/{collection}")
	auth.POST("/bind-token", recordBindToken).Bind(limiter.middleware("bindToken", "auth"))
	auth.POST("/unbind-token", recordUnbindToken).Bind(limiter.middleware("unbindToken", "auth"))
	auth.POST("/auth-with-token", recordAuthWithToken).Bind(limiter.middleware("authWithToken", "auth"))

	// BosBase-only GET /api/collections/{collection}/records/count (count.go).
	auth.GET("/records/count", recordsCount)

	// BosBase pub/sub over WebSocket, plus POST /api/dev/pubsub/drop with -dev (pubsub.go).
	registerPubSub(se, api, s.cfg.dev)

	// Dev-only helpers (devapi.go).
	if s.cfg.dev {
		registerDevAPI(api, s.mails, s.oidc)
	}

	// The web folder or the built-in index page (static.go).
	registerStatic(se.Router, s.cfg.staticDir, s.indexPage, s.cfg.isolate)
}
