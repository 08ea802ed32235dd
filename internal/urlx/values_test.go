package urlx_test

import (
	"strconv"
	"strings"
	"testing"

	url "github.com/bosgo/bosgo/internal/urlx"
)

func TestValues(t *testing.T) {
	t.Parallel()
	v := url.Values{}
	if v.Encode() != "" || v.Has("a") || v.Get("a") != "" {
		t.Fatal("empty Values is not empty")
	}
	v.Add("b", "2")
	v.Add("a", "x y")
	v.Add("a", "&=")
	v.Set("c", "é")
	v.Set("c", "3")
	v["empty"] = nil
	if got, want := v.Encode(), "a=x+y&a=%26%3D&b=2&c=3"; got != want {
		t.Errorf("Encode() = %q, want %q", got, want)
	}
	if !v.Has("empty") || v.Get("empty") != "" || v.Get("a") != "x y" {
		t.Errorf("Has/Get: %v", v)
	}
	v.Del("a")
	if v.Has("a") {
		t.Error("Del left a")
	}
}

func TestEncodeSorts(t *testing.T) {
	t.Parallel()
	v := url.Values{}
	var want []string
	for i := 999; i >= 0; i-- {
		v.Set(strconv.Itoa(i), "")
	}
	for i := range 1000 {
		want = append(want, strconv.Itoa(i)+"=")
	}
	// Keys sort as strings: "0", "1", "10", "100", ...
	sorted := strings.Split(v.Encode(), "&")
	for i := 1; i < len(sorted); i++ {
		if strings.TrimSuffix(sorted[i-1], "=") >= strings.TrimSuffix(sorted[i], "=") {
			t.Fatalf("Encode() not sorted at %d: %q >= %q", i, sorted[i-1], sorted[i])
		}
	}
	if len(sorted) != len(want) {
		t.Fatalf("Encode() has %d pairs, want %d", len(sorted), len(want))
	}
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string // Encode() of the result
		wantErr bool
	}{
		{"", "", false},
		{"a=1&b=2&a=3", "a=1&a=3&b=2", false},
		{"a+b=c+d%20e", "a+b=c+d+e", false},
		{"a&&b=&=c", "=c&a=&b=", false},
		{"a=1;b=2&c=3", "c=3", true},
		{"a=%zz&b=2", "b=2", true},
		{"%zz=1&b=2;&c=3", "c=3", true},
		{"redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=x", "redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=x", false},
		{strings.Repeat("&", 10000), "", true},
		{strings.Repeat("&", 9999) + "a", "a=", false},
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.in)
		if got := v.Encode(); got != tt.want || (err != nil) != tt.wantErr {
			name := tt.in
			if len(name) > 40 {
				name = name[:40] + "..."
			}
			t.Errorf("ParseQuery(%q) = %q, %v; want %q, error %v", name, got, err, tt.want, tt.wantErr)
		}
	}
}
