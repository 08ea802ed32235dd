package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	failures := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:8090"}, "not a loopback address"},
		{[]string{"-addr", ":8090"}, "not a loopback address"},
		{[]string{"-addr", "example.com:8090"}, "not a loopback address"},
		{[]string{"-addr", "127.0.0.1"}, "invalid address"},
		{[]string{"-addr", "127.0.0.1:99999"}, "invalid port"},
		{[]string{"-token-ttl", "9s"}, "too short"},
		{[]string{"-token-ttl", "10500ms"}, "whole number of seconds"},
		{[]string{"-token-mode", "jwt"}, "unknown mode"},
		{[]string{"-rate-limit=maybe"}, "want on or off"},
		{[]string{"-data", ""}, "-data: must not be empty"},
		{[]string{"extra"}, "unexpected arguments"},
	}
	for _, f := range failures {
		_, err := parseConfig(f.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), f.want) {
			t.Errorf("parseConfig(%q) = %v, want an error containing %q", f.args, err, f.want)
		}
	}

	cfg, err := parseConfig(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != "127.0.0.1:8090" || cfg.dataDir != ".devdata" || cfg.staticDir != "web" || cfg.tokenMode != tokenModeBosBase ||
		cfg.dev || cfg.fastHash || cfg.rateLimit || cfg.tokenTTL != 0 {
		t.Errorf("defaults: %+v", cfg)
	}

	cfg, err = parseConfig([]string{"-addr", "localhost:0", "-token-ttl", "10s", "-rate-limit", "-dev", "-fast-hash", "-token-mode", "pocketbase"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != "127.0.0.1:0" || cfg.tokenTTL != 10*time.Second || !cfg.rateLimit || !cfg.dev || !cfg.fastHash || cfg.tokenMode != tokenModePocketBase {
		t.Errorf("parsed: %+v", cfg)
	}

	for _, v := range []string{"on", "true", "1"} {
		if cfg, err := parseConfig([]string{"-rate-limit=" + v}, io.Discard); err != nil || !cfg.rateLimit {
			t.Errorf("-rate-limit=%s: %v, %v", v, cfg, err)
		}
	}
	if cfg, err := parseConfig([]string{"-rate-limit=off"}, io.Discard); err != nil || cfg.rateLimit {
		t.Errorf("-rate-limit=off: %v, %v", cfg, err)
	}
	if cfg, err := parseConfig([]string{"-addr", "[::1]:0"}, io.Discard); err != nil || cfg.addr != "[::1]:0" {
		t.Errorf("-addr [::1]:0: %v, %v", cfg, err)
	}
}
