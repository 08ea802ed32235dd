//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/bosgo/bosgo/core"
)

// Follow the changes of a collection. (A stand-in server answers here and
// announces one new post as soon as the subscription arrives; point
// core.New at BosBase.)
func ExampleRecordService_Subscribe() {
	srv := newStandInRealtime()
	defer srv.Close()

	pb := core.New(srv.URL)
	defer pb.Realtime.Close()
	created := make(chan core.RecordEvent, 1)
	unsubscribe, err := pb.Collection("posts").Subscribe(context.Background(), "*", func(ev core.RecordEvent) {
		created <- ev
	}, core.WithExpand("user"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := <-created
	fmt.Println(ev.Action, ev.Record.ID(), ev.Record.String("title"))
	fmt.Println("subscribed to:", pb.Realtime.Subscriptions())
	if err := unsubscribe(); err != nil { // the last one: disconnects
		fmt.Println(err)
	}
	fmt.Println("connected:", pb.Realtime.IsConnected())
	// Output:
	// create p1 Hello
	// subscribed to: [posts/*?options=%7B%22query%22%3A%7B%22expand%22%3A%22user%22%7D%2C%22headers%22%3A%7B%7D%7D]
	// connected: false
}

// standIn is a tiny stand-in for the BosBase realtime and OAuth2 routes,
// enough to run the examples without a server.
type standIn struct {
	*httptest.Server
	mu      sync.Mutex
	clients map[string]chan string // realtime client id -> messages to stream
	next    int
}

func newStandInRealtime() *standIn {
	s := &standIn{clients: map[string]chan string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/realtime", s.stream)
	mux.HandleFunc("POST /api/realtime", s.subscribe)
	mux.HandleFunc("GET /api/oauth2-redirect", s.redirect)
	mux.HandleFunc("GET /api/collections/users/auth-methods", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"password":{"enabled":true,"identityFields":["email"]},`+
			`"oauth2":{"enabled":true,"providers":[{"name":"demo","displayName":"Demo","state":"serverstate123",`+
			`"authURL":"https://provider.example/authorize?client_id=app&code_challenge=abc&code_challenge_method=S256&response_type=code&scope=openid&state=serverstate123&redirect_uri=",`+
			`"codeVerifier":"verifier123","codeChallenge":"abc","codeChallengeMethod":"S256"}]},`+
			`"mfa":{"enabled":false,"duration":0},"otp":{"enabled":false,"duration":0}}`)
	})
	mux.HandleFunc("POST /api/collections/users/auth-with-oauth2", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Code, CodeVerifier string
			CreateData         map[string]any
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.Code != "demo-code" || body.CodeVerifier != "verifier123" {
			w.WriteHeader(http.StatusBadRequest)
			writeJSON(w, `{"status":400,"message":"Failed to fetch OAuth2 token.","data":{}}`)
			return
		}
		writeJSON(w, `{"token":"demo.token.sig","record":{"id":"u1","collectionName":"users","email":"ada@example.com","name":`+
			strconv.Quote(fmt.Sprint(body.CreateData["name"]))+`},"meta":{"isNew":true}}`)
	})
	s.Server = httptest.NewServer(mux)
	return s
}

func writeJSON(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, body)
}

// stream is GET /api/realtime: PB_CONNECT, then whatever is queued.
func (s *standIn) stream(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.next++
	id := "client" + strconv.Itoa(s.next)
	msgs := make(chan string, 8)
	s.clients[id] = msgs
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, id)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	fmt.Fprintf(w, "id:%s\nevent:PB_CONNECT\ndata:{\"clientId\":%q}\n\n", id, id)
	w.(http.Flusher).Flush()
	for {
		select {
		case m := <-msgs:
			_, _ = io.WriteString(w, m)
			w.(http.Flusher).Flush()
		case <-r.Context().Done():
			return
		}
	}
}

// send queues an event for a realtime client.
func (s *standIn) send(clientID, name, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.clients[clientID]; ok {
		ch <- "id:" + clientID + "\nevent:" + name + "\ndata:" + data + "\n\n"
	}
}

// subscribe is POST /api/realtime; it announces a new post to every
// posts subscription.
func (s *standIn) subscribe(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientID      string   `json:"clientId"`
		Subscriptions []string `json:"subscriptions"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	for _, sub := range body.Subscriptions {
		if strings.HasPrefix(sub, "posts/") {
			s.send(body.ClientID, sub, `{"action":"create","record":{"id":"p1","title":"Hello"}}`)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// redirect is GET /api/oauth2-redirect: it relays the provider's answer to
// the realtime client named by state.
func (s *standIn) redirect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data, _ := json.Marshal(map[string]string{"state": q.Get("state"), "code": q.Get("code")})
	s.send(q.Get("state"), "@oauth2", string(data))
	http.Redirect(w, r, "/_/#/auth/oauth2-redirect-success", http.StatusTemporaryRedirect)
}
