package hostile

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

// Handler building blocks of the cases. Each returns a factory for
// [Case.Handler].

// reply answers every request with status, content type and body.
func reply(status int, ctype, body string) func(*Env) http.Handler {
	return func(*Env) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			if ctype != "" {
				w.Header().Set("Content-Type", ctype)
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		})
	}
}

// replyJSON answers every request with status and a JSON body.
func replyJSON(status int, body string) func(*Env) http.Handler {
	return reply(status, "application/json", body)
}

// withHeader adds a response header to a reply.
func withHeader(key, value string, f func(*Env) http.Handler) func(*Env) http.Handler {
	return func(env *Env) http.Handler {
		h := f(env)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set(key, value)
			h.ServeHTTP(w, r)
		})
	}
}

// routes sends requests whose path ends with a key to its handler, and
// everything else to fallback.
func routes(fallback func(*Env) http.Handler, bySuffix map[string]func(*Env) http.Handler) func(*Env) http.Handler {
	return func(env *Env) http.Handler {
		hs := map[string]http.Handler{}
		for k, f := range bySuffix {
			hs[k] = f(env)
		}
		fb := fallback(env)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for k, h := range hs {
				if strings.HasSuffix(r.URL.Path, k) {
					h.ServeHTTP(w, r)
					return
				}
			}
			fb.ServeHTTP(w, r)
		})
	}
}

// stallHeaders sends nothing until the client gives up or the server
// stops. It reads the body first: net/http notices a client hang-up only
// once the request body was consumed.
func stallHeaders(env *Env) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-env.Done:
		}
	})
}

// stallBody sends a 200 JSON head and the first bytes of the body, then
// nothing until the client gives up or the server stops.
func stallBody(env *Env) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"token":"`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-env.Done:
		}
	})
}

// hijack takes the raw connection, writes raw (if any) and closes it;
// with reset the close is an RST instead of a FIN.
func hijack(raw string, reset bool) func(*Env) http.Handler {
	return func(*Env) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			if raw != "" {
				_, _ = buf.WriteString(raw)
				_ = buf.Flush()
			}
			if tcp, ok := conn.(*net.TCPConn); ok && reset {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
		})
	}
}

// huge answers status with n bytes: a JSON prefix, filler and a suffix.
func huge(status int, ctype, prefix string, n int, fill byte, suffix string) func(*Env) http.Handler {
	return func(*Env) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Length", strconv.Itoa(len(prefix)+n+len(suffix)))
			w.WriteHeader(status)
			_, _ = io.WriteString(w, prefix)
			chunk := []byte(strings.Repeat(string(fill), 64<<10))
			for left := n; left > 0; {
				k := min(left, len(chunk))
				if _, err := w.Write(chunk[:k]); err != nil {
					return
				}
				left -= k
			}
			_, _ = io.WriteString(w, suffix)
		})
	}
}

// redirectLoop redirects every request to itself (with a counter, so no
// client can see the loop from the URL alone). 307 keeps the method and
// body, as a misconfigured proxy would.
func redirectLoop(*Env) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		path, _, _ := strings.Cut(r.RequestURI, "?")
		http.Redirect(w, r, path+"?loop="+strconv.FormatInt(n.Add(1), 10), http.StatusTemporaryRedirect)
	})
}
