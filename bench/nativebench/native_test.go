package nativebench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// newHTTPClient returns a client with its own transport, configured like
// net/http's default one; both contenders get one.
func newHTTPClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

// rawClient is the hand-written contender: what a Go program would write
// with net/http alone for the same calls, decoding into the same shapes.
type rawClient struct {
	hc    *http.Client
	base  string
	token string
}

func (c *rawClient) do(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

func (c *rawClient) authRefresh(ctx context.Context) error {
	var out struct {
		Token  string         `json:"token"`
		Record map[string]any `json:"record"`
	}
	if err := c.do(ctx, "POST", "/api/collections/users/auth-refresh", &out); err != nil {
		return err
	}
	c.token = out.Token
	return nil
}

func (c *rawClient) getOne(ctx context.Context, id string) error {
	var out map[string]any
	return c.do(ctx, "GET", "/api/collections/posts/records/"+id, &out)
}

func (c *rawClient) getList(ctx context.Context) error {
	var out struct {
		Page       int              `json:"page"`
		PerPage    int              `json:"perPage"`
		TotalItems int              `json:"totalItems"`
		TotalPages int              `json:"totalPages"`
		Items      []map[string]any `json:"items"`
	}
	return c.do(ctx, "GET", "/api/collections/posts/records?page=1&perPage=10", &out)
}

// BenchmarkCall times authRefresh, getOne and getList of 10 through core
// (impl=core) and through rawClient (impl=nethttp) against the devserver,
// signed in as the same fresh user. Compare with benchstat -col /impl.
func BenchmarkCall(b *testing.B) {
	srv := testenv.Shared(b)
	user := srv.NewUser(b, testenv.UserOptions{Verified: true})
	ctx := context.Background()
	pb := core.New(srv.URL, core.WithTransport(&core.HTTPTransport{Client: newHTTPClient()}))
	auth, err := pb.Collection("users").AuthWithPassword(ctx, user.Email, user.Password)
	if err != nil {
		b.Fatal(err)
	}
	var postID string
	for i := range 12 {
		rec, err := pb.Collection("posts").Create(ctx, map[string]any{"title": fmt.Sprintf("bench %d", i), "published": true, "user": auth.Record.ID()})
		if err != nil {
			b.Fatal(err)
		}
		if postID == "" {
			postID = rec.ID()
		}
	}
	raw := &rawClient{hc: newHTTPClient(), base: strings.TrimRight(srv.URL, "/"), token: auth.Token}

	calls := []struct {
		name string
		core func() error
		raw  func() error
	}{
		{"authRefresh", func() error { _, err := pb.Collection("users").AuthRefresh(ctx); return err }, func() error { return raw.authRefresh(ctx) }},
		{"getOne", func() error { _, err := pb.Collection("posts").GetOne(ctx, postID); return err }, func() error { return raw.getOne(ctx, postID) }},
		{"getList", func() error { _, err := pb.Collection("posts").GetList(ctx, 1, 10); return err }, func() error { return raw.getList(ctx) }},
	}
	for _, c := range calls {
		for _, impl := range []struct {
			name string
			fn   func() error
		}{{"core", c.core}, {"nethttp", c.raw}} {
			b.Run("call="+c.name+"/impl="+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := impl.fn(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
