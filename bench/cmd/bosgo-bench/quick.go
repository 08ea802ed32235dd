package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/bosgo/bosgo/bench/internal/devsrv"
	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/browsertest"
)

// runOnly measures one section alone (bosgo-bench -only latency: the
// per-call latency and the getOne profile; -only memory) and prints it
// instead of writing the docs: a quick look at the direction of a change,
// on a machine that need not be quiet (its figures are noisier than the
// full run's).
func runOnly(section, repo, work string, rounds int) error {
	ctx := context.Background()
	repo, _ = filepath.Abs(repo)
	work, _ = filepath.Abs(work)
	site := filepath.Join(work, "site")
	_ = os.RemoveAll(site)
	if err := buildSite(repo, site); err != nil {
		return err
	}
	srv, err := devsrv.Start(filepath.Join(repo, "bin", "devserver"), work, "-static", site, "-token-mode", "pocketbase", "-token-ttl", tokenTTL.String())
	if err != nil {
		return err
	}
	defer srv.Stop()
	demo := srv.Demo()
	acct := account{demo.Email, demo.Password}
	postID, err := seedPosts(ctx, srv.URL, acct, 12)
	if err != nil {
		return fmt.Errorf("seed posts: %w", err)
	}
	if err := seedBulk(ctx, srv.URL, acct, bulkPosts); err != nil {
		return fmt.Errorf("seed posts: %w", err)
	}
	bctx, stop, err := browsertest.Start(filepath.Join(work, "chromium-profile"))
	if err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	defer stop()
	if section == "storm" {
		storms, err := browserStorms(bctx, srv.URL, acct, postID, stormThreshold)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(storms, "", " ")
		if err != nil {
			return err
		}
		fmt.Println(string(b))
		return nil
	}
	if section == "memory" {
		m, err := measureMemory(bctx, srv.URL, acct, postID)
		if err != nil {
			return err
		}
		fmt.Print(memoryTable(m))
		return nil
	}
	l, err := measureLatency(bctx, srv.URL, site, acct, postID, rounds, 30)
	if err != nil {
		return err
	}
	fmt.Print(latencySummary(l))
	prof, err := measureProfile(bctx, rounds, 10)
	if err != nil {
		return err
	}
	fmt.Print(profileTable(prof))
	return nil
}

// latencySummary is one line per call: each contender's median and p90,
// and bosgo's ratios to the JS SDK.
func latencySummary(l Latency) string {
	var b strings.Builder
	calls := make([]string, 0, len(l.Samples["bosgo"]))
	for c := range l.Samples["bosgo"] {
		calls = append(calls, c)
	}
	slices.Sort(calls)
	fmt.Fprintf(&b, "%d rounds (isolated %v)\n", l.Rounds, l.Isolated)
	for _, c := range calls {
		g, j, f := l.Samples["bosgo"][c], l.Samples["js"][c], l.Samples["fetch"][c]
		fmt.Fprintf(&b, "%-14s bosgo %7.3f / %7.3f  js %7.3f / %7.3f  fetch %7.3f / %7.3f  median %.2f×  p90 %.2f×\n",
			c, median(g), quantile(g, 0.9), median(j), quantile(j, 0.9), median(f), quantile(f, 0.9),
			median(g)/median(j), quantile(g, 0.9)/quantile(j, 0.9))
	}
	return b.String()
}

// bulkPosts is how many long posts seedBulk adds for the large calls of
// the latency run (getList of 500, getFullList of every post).
const bulkPosts = 2000

// seedBulk signs in as acct and creates n posts with 200-character titles
// (about 430 bytes of JSON each, so a page of 500 is about 215 KB),
// several at a time.
func seedBulk(ctx context.Context, url string, acct account, n int) error {
	pb := core.New(url)
	a, err := pb.Collection("users").AuthWithPassword(ctx, acct.Email, acct.Password)
	if err != nil {
		return err
	}
	title := strings.Repeat("bulk post for the large-answer benchmark, ", 5)[:190]
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	slots := make(chan struct{}, 8)
	for i := range n {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			_, err := pb.Collection("posts").Create(ctx, map[string]any{"title": fmt.Sprintf("%s %05d", title, i), "published": true, "user": a.Record.ID()})
			mu.Lock()
			first = cmp.Or(first, err)
			mu.Unlock()
		})
	}
	wg.Wait()
	return first
}
