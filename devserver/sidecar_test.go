package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"testing"
)

// TestSidecarReceivesMail: a mail sent to the sidecar's SMTP sink with a
// tagged subject shows up at /api/dev/mails with its code or token.
func TestSidecarReceivesMail(t *testing.T) {
	cfg, err := parseConfig([]string{"-sidecar", "-addr", "127.0.0.1:0"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- runSidecar(ctx, cfg, pw, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runSidecar: %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	var info sidecarInfo
	if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "READY ")), &info); err != nil {
		t.Fatalf("READY line %q: %v", line, err)
	}
	if info.Provider.Name != oidcProviderName || info.Provider.ClientId == "" || info.SMTP.Port == 0 {
		t.Fatalf("READY info %+v", info)
	}

	addr := net.JoinHostPort(info.SMTP.Host, strconv.Itoa(info.SMTP.Port))
	send := func(to, subject string) {
		msg := "From: app@example.com\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\n.leading dot\r\nbody\r\n"
		if err := smtp.SendMail(addr, nil, "app@example.com", []string{to}, []byte(msg)); err != nil {
			t.Fatalf("SendMail: %v", err)
		}
	}
	send("a@example.com", "BOSGO otp otp123 12345678")
	send("b@example.com", "BOSGO emailChange tok.en.jwt")
	send("a@example.com", "Welcome")

	get := func(to string) []capturedMail {
		resp, err := http.Get(info.URL + "/api/dev/mails?to=" + to)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []capturedMail
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := get("a@example.com")
	if len(a) != 2 || a[0].Kind != mailKindOther || a[1].Kind != mailKindOTP || a[1].OTPID != "otp123" || a[1].Code != "12345678" {
		t.Errorf("mails to a: %+v", a)
	}
	b := get("b@example.com")
	if len(b) != 1 || b[0].Kind != mailKindEmailChange || b[0].Token != "tok.en.jwt" || b[0].NewEmail != "b@example.com" {
		t.Errorf("mails to b: %+v", b)
	}
}

func FuzzParseTaggedSubject(f *testing.F) {
	for _, s := range []string{"BOSGO otp id 123", "BOSGO verification tok", "BOSGO", "BOSGO otp", "Hello", "BOSGO emailChange  x  y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := parseTaggedSubject(s)
		switch c.Kind {
		case mailKindOther:
		case mailKindOTP:
			if c.OTPID == "" || c.Code == "" || !strings.Contains(s, c.Code) {
				t.Errorf("%q: %+v", s, c)
			}
		case mailKindVerification, mailKindPasswordReset, mailKindEmailChange:
			if c.Token == "" || !strings.Contains(s, c.Token) {
				t.Errorf("%q: %+v", s, c)
			}
		default:
			t.Errorf("%q: unknown kind %q", s, c.Kind)
		}
	})
}
