package main

import (
	"testing"
	"time"
)

func TestSuperuserStaticTTL(t *testing.T) {
	for _, c := range []struct {
		env  string
		want time.Duration
	}{
		{"", staticTokenDuration},
		{"720h", 720 * time.Hour},
		{"3600", time.Hour},
		{"0", staticTokenDuration},
		{"-5m", staticTokenDuration},
		{"soon", staticTokenDuration},
	} {
		t.Setenv(superuserStaticTokenEnv, c.env)
		if got := superuserStaticTTL(); got != c.want {
			t.Errorf("%s=%q: %s, want %s", superuserStaticTokenEnv, c.env, got, c.want)
		}
	}
}
