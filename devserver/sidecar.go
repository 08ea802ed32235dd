package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// The sidecar (-sidecar) is the harness side of a conformance run against an
// external BosBase or PocketBase server (internal/testenv's external mode):
// no PocketBase, only the mock OIDC provider, an SMTP mail sink and the
// /api/dev/* endpoints that read them. The harness points the server's
// OAuth2 provider at the mock OIDC and its SMTP settings at the sink, and
// sets the auth mail templates to machine-readable subjects (mailSubjectTag),
// so OTP codes and mail tokens are read from real mail.

// mailSubjectTag starts the subjects of the harness's mail templates:
//
//	BOSGO otp <otpId> <code>
//	BOSGO verification|passwordReset|emailChange <token>
const mailSubjectTag = "BOSGO"

// smtpMaxMessage bounds one message the sink accepts.
const smtpMaxMessage = 1 << 20

// sidecarInfo is the JSON of the sidecar's READY line.
type sidecarInfo struct {
	URL      string                    `json:"url"`
	OIDC     oidcInfo                  `json:"oidc"`
	Provider core.OAuth2ProviderConfig `json:"provider"` // the users collection's OAuth2 provider entry
	SMTP     smtpInfo                  `json:"smtp"`
}

type smtpInfo struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

// runSidecar serves the sidecar until ctx is done.
func runSidecar(ctx context.Context, cfg *config, stdout, console io.Writer) (err error) {
	mails := newMailbox(console)
	oidc, err := startOIDC()
	if err != nil {
		return fmt.Errorf("start mock OIDC provider: %w", err)
	}
	defer func() { err = errors.Join(err, oidc.shutdown()) }()

	smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen for SMTP: %w", err)
	}
	sink := &smtpSink{ln: smtpLn, mails: mails}
	go sink.serve()
	defer sink.close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.addr, err)
	}
	srv := &http.Server{Handler: sidecarHandler(mails, oidc), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	info := sidecarInfo{
		URL:      "http://" + ln.Addr().String(),
		OIDC:     oidcInfo{Issuer: oidc.issuer(), Provider: oidcProviderName},
		Provider: oidc.providerConfig(),
		SMTP:     smtpInfo{Host: "127.0.0.1", Port: smtpLn.Addr().(*net.TCPAddr).Port},
	}
	b, _ := json.Marshal(info)
	fmt.Fprintln(stdout, "READY "+string(b))
	fmt.Fprintf(console, "\nbosgo devserver sidecar: mock OIDC at %s, SMTP sink at %s:%d, mails at %s/api/dev/mails\n",
		info.OIDC.Issuer, info.SMTP.Host, info.SMTP.Port, info.URL)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// sidecarHandler serves /api/dev/mails, /api/dev/oidc/queue, /api/dev/oidc/page and
// /api/health, like the devserver's dev endpoints.
func sidecarHandler(mails *mailbox, oidc *oidcServer) http.Handler {
	mux := http.NewServeMux()
	writeJSON := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("GET /api/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"code": 200, "message": "API is healthy."})
	})
	mux.HandleFunc("GET /api/dev/mails", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, mails.list(r.URL.Query().Get("to")))
	})
	mux.HandleFunc("POST /api/dev/oidc/queue", func(w http.ResponseWriter, r *http.Request) {
		var u oidcUser
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&u); err != nil || u.Email == "" {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status": 400, "message": "Want {email, name}.", "data": map[string]any{}})
			return
		}
		u = u.withDefaults()
		if err := oidc.queueUser(u); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status": 400, "message": "Failed to queue the OIDC user.", "data": map[string]any{}})
			return
		}
		writeJSON(w, http.StatusOK, u)
	})
	mux.HandleFunc("POST /api/dev/oidc/page", func(w http.ResponseWriter, r *http.Request) {
		var p signInPage
		err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&p)
		if err == nil {
			p, err = oidc.setPage(p.On, p.COOP)
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status": 400, "message": "Want {on, coop}.", "data": map[string]any{}})
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("GET /api/dev/oidc/page", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, oidc.pageState())
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Browser tests (wasm in Chromium) read the mails cross-origin.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
			w.Header().Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// smtpSink is a minimal SMTP server (RFC 5321 without extensions) that
// records every message it receives in a mailbox.
type smtpSink struct {
	ln    net.Listener
	mails *mailbox
	wg    sync.WaitGroup
}

func (s *smtpSink) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(time.Minute))
			s.session(conn)
		}()
	}
}

func (s *smtpSink) close() {
	_ = s.ln.Close()
	s.wg.Wait()
}

// session runs one SMTP conversation.
func (s *smtpSink) session(conn net.Conn) {
	r := bufio.NewReader(io.LimitReader(conn, 4*smtpMaxMessage))
	reply := func(line string) bool {
		_, err := io.WriteString(conn, line+"\r\n")
		return err == nil
	}
	if !reply("220 bosgo-sidecar ESMTP") {
		return
	}
	var to []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250 bosgo-sidecar")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			to = nil
			reply("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			addr := strings.TrimSpace(strings.TrimSpace(line)[len("RCPT TO:"):])
			to = append(to, strings.Trim(addr, "<>"))
			reply("250 OK")
		case cmd == "DATA":
			if !reply("354 End data with <CR><LF>.<CR><LF>") {
				return
			}
			data, ok := readData(r)
			if !ok {
				return
			}
			s.record(to, data)
			reply("250 OK")
		case cmd == "RSET":
			to = nil
			reply("250 OK")
		case cmd == "NOOP":
			reply("250 OK")
		case cmd == "QUIT":
			reply("221 Bye")
			return
		default:
			reply("502 Command not implemented")
		}
	}
}

// readData reads a DATA section up to the lone "." line, undoing dot
// stuffing.
func readData(r *bufio.Reader) ([]byte, bool) {
	var b strings.Builder
	for b.Len() <= smtpMaxMessage {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, false
		}
		trimmed := strings.TrimRight(line, "\r\n")
		if trimmed == "." {
			return []byte(b.String()), true
		}
		b.WriteString(strings.TrimPrefix(trimmed, "."))
		b.WriteString("\r\n")
	}
	return nil, false
}

// record parses a received message into the mailbox, one entry per
// recipient.
func (s *smtpSink) record(to []string, data []byte) {
	subject := ""
	if msg, err := mail.ReadMessage(strings.NewReader(string(data))); err == nil {
		subject = msg.Header.Get("Subject")
		if dec, err := new(mime.WordDecoder).DecodeHeader(subject); err == nil {
			subject = dec
		}
	}
	for _, rcpt := range to {
		c := parseTaggedSubject(subject)
		c.To, c.Subject, c.Time = rcpt, subject, time.Now().UTC()
		if c.Kind == mailKindEmailChange {
			c.NewEmail = rcpt
		}
		s.mails.add(c)
	}
}

// parseTaggedSubject reads a mailSubjectTag subject; any other subject is
// kind "other".
func parseTaggedSubject(subject string) capturedMail {
	f := strings.Fields(subject)
	if len(f) < 3 || f[0] != mailSubjectTag {
		return capturedMail{Kind: mailKindOther}
	}
	switch f[1] {
	case mailKindOTP:
		if len(f) == 4 {
			return capturedMail{Kind: mailKindOTP, OTPID: f[2], Code: f[3]}
		}
	case mailKindVerification, mailKindPasswordReset, mailKindEmailChange:
		return capturedMail{Kind: f[1], Token: f[2]}
	}
	return capturedMail{Kind: mailKindOther}
}
