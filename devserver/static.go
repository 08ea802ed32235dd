package main

import (
	"bytes"
	"html/template"
	"net/http"
	"os"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// staticDirExists reports whether dir is an existing directory.
func staticDirExists(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}

// registerStatic serves dir at "/" when it exists, and otherwise a built-in
// page that says what the server offers. With isolate, the files carry the
// headers that make a page crossOriginIsolated.
func registerStatic(r *router.Router[*core.RequestEvent], dir string, page []byte, isolate bool) {
	if staticDirExists(dir) {
		files := apis.Static(os.DirFS(dir), false)
		r.GET("/{path...}", func(e *core.RequestEvent) error {
			if isolate {
				e.Response.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
				e.Response.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
			}
			return files(e)
		})
		return
	}
	r.GET("/{$}", func(e *core.RequestEvent) error {
		return e.Blob(http.StatusOK, "text/html; charset=utf-8", page)
	})
}

// indexTemplate is the built-in page served when the static folder is missing.
var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bosgo devserver</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}td{padding:0 1rem 0 0}</style>
</head>
<body>
<h1>bosgo devserver</h1>
<p>A local BosBase-compatible backend (PocketBase with a mock OpenID Connect provider).
No static folder was found at <code>{{.StaticDir}}</code>; put files there (or pass <code>-static DIR</code>) to serve them here.</p>
<ul>
<li>Admin UI: <a href="/_/">/_/</a> &mdash; superuser <code>{{.Superuser.Email}}</code> / <code>{{.Superuser.Password}}</code></li>
<li>REST API: <code>{{.URL}}/api/</code> (try <a href="/api/health">/api/health</a>)</li>
<li>OAuth2 provider <code>oidc</code> (&ldquo;Demo OIDC&rdquo;) at <code>{{.OIDC.Issuer}}</code></li>
<li>Token mode: <code>{{.TokenMode}}</code></li>
{{if .Dev}}<li>Captured mails: <a href="/api/dev/mails">/api/dev/mails</a> (OTP codes and tokens also appear in the devserver console)</li>{{end}}
</ul>
<h2>Demo accounts (collection <code>users</code>)</h2>
<table>{{range .Users}}<tr><td><code>{{.Email}}</code></td><td><code>{{.Password}}</code></td><td>{{.Name}}{{if .MFA}} (MFA: password, then OTP){{end}}</td></tr>{{end}}</table>
</body>
</html>
`))

// indexPage renders indexTemplate.
func indexPage(info readyInfo, staticDir string) ([]byte, error) {
	var buf bytes.Buffer
	err := indexTemplate.Execute(&buf, struct {
		readyInfo
		StaticDir string
	}{info, staticDir})
	return buf.Bytes(), err
}
