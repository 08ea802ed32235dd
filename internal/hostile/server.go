package hostile

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

//go:embed runner
var runnerFiles embed.FS

// Env is what a case handler shares with its server.
type Env struct {
	// Done is closed when the server shuts down: a handler that stalls on
	// purpose must return then.
	Done <-chan struct{}
}

// Server is the hostile server of one runner: every case of [Cases] under
// /c/{case}/, plus the browser runner's files.
type Server struct {
	*httptest.Server
	done     chan struct{}
	stopOnce sync.Once
}

// Start starts the server on a loopback port with the handlers of cases.
// webDir is the folder served at /site/ ("" = the repository's web/).
// Close it with [Server.Close].
func Start(cases []Case, webDir string) (*Server, error) {
	if webDir == "" {
		webDir = RepoPath("web")
	}
	s := &Server{done: make(chan struct{})}
	env := &Env{Done: s.done}
	mux := http.NewServeMux()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] || c.Name == "" || strings.ContainsAny(c.Name, "/?#% ") {
			return nil, fmt.Errorf("hostile: bad or duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		prefix := "/c/" + c.Name
		mux.Handle(prefix+"/", http.StripPrefix(prefix, c.Handler(env)))
	}
	mux.Handle("/site/", http.StripPrefix("/site/", noStore(http.FileServer(http.Dir(webDir)))))
	sub, err := fs.Sub(runnerFiles, "runner")
	if err != nil {
		return nil, err
	}
	mux.Handle("/runner/", http.StripPrefix("/runner/", noStore(http.FileServer(http.FS(sub)))))
	s.Server = httptest.NewServer(mux)
	return s, nil
}

// BaseURL is the base URL a client of case name uses.
func (s *Server) BaseURL(name string) string { return s.URL + "/c/" + name }

// Close releases stalled handlers, then shuts the server down.
func (s *Server) Close() {
	s.stopOnce.Do(func() {
		close(s.done)
		s.CloseClientConnections()
		s.Server.Close()
	})
}

// noStore keeps the browser from caching the runner's files.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// RepoPath returns the absolute path of rel under the repository root.
func RepoPath(rel string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", rel)
}
