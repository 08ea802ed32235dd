package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bosgo/bosgo/core"
)

// account is a login.
type account struct{ Email, Password string }

// counter is a core.Transport that counts the auth-refresh requests that
// reach the network, below all of core's logic.
type counter struct {
	next      core.Transport
	refreshes atomic.Int64
}

func (c *counter) RoundTrip(ctx context.Context, req *core.Request) (*core.Response, error) {
	path, _, _ := strings.Cut(req.URL, "?")
	if strings.HasSuffix(path, "/auth-refresh") {
		c.refreshes.Add(1)
	}
	return c.next.RoundTrip(ctx, req)
}

// newTransport returns a counting transport over its own net/http client.
func newTransport() (*counter, *http.Transport) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &counter{next: &core.HTTPTransport{Client: &http.Client{Transport: tr}}}, tr
}

// nativeStorm signs in, waits until the token expires within threshold,
// then makes 100 concurrent GetOne calls through the same client and counts
// the auth-refresh requests sent.
func nativeStorm(ctx context.Context, url string, acct account, postID string, threshold time.Duration) (Storm, error) {
	cnt, tr := newTransport()
	defer tr.CloseIdleConnections()
	pb := core.New(url, core.WithTransport(cnt), core.WithAutoRefresh(threshold))
	if _, err := pb.Collection("users").AuthWithPassword(ctx, acct.Email, acct.Password); err != nil {
		return Storm{}, err
	}
	claims, err := core.ParseToken(pb.AuthStore().Token())
	if err != nil {
		return Storm{}, err
	}
	// Waiting on the wall clock: the token must come within the threshold.
	if wait := time.Until(claims.Expiry.Add(-threshold + 300*time.Millisecond)); wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return Storm{}, ctx.Err()
		}
	}
	cnt.refreshes.Store(0)
	start := make(chan struct{})
	var wg sync.WaitGroup
	var failed atomic.Int64
	var mu sync.Mutex
	var errs []string
	for range 100 {
		wg.Go(func() {
			<-start
			if _, err := pb.Collection("posts").GetOne(ctx, postID); err != nil {
				failed.Add(1)
				mu.Lock()
				if len(errs) < 3 {
					errs = append(errs, err.Error())
				}
				mu.Unlock()
			}
		})
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	f := int(failed.Load())
	return Storm{Name: "native, 1 client, 100 concurrent calls", Calls: 100, OK: 100 - f, Failed: f,
		Refreshes: int(cnt.refreshes.Load()), Errors: errs, MS: float64(time.Since(t0).Microseconds()) / 1000}, nil
}

// nativeLoad runs signIns concurrent sign-ins and then requests
// authenticated calls (GetOne and GetList of 10 in turn) with concurrency
// workers, all through one client.
func nativeLoad(ctx context.Context, name, url, server string, acct account, postID string, signIns, requests, concurrency int) (Load, error) {
	l := Load{Name: name, SignIns: signIns, Requests: requests, Concurrency: concurrency, Errors: map[string]int{}, Server: server}
	runtime.GC()
	l.GoroutinesPre = runtime.NumGoroutine()
	cnt, tr := newTransport()
	pb := core.New(url, core.WithTransport(cnt), core.WithAutoRefresh(5*time.Second))

	var peak atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if g := int64(runtime.NumGoroutine()); g > peak.Load() {
				peak.Store(g)
			}
			select {
			case <-t.C:
			case <-stopSampling:
				return
			}
		}
	}()

	var mu sync.Mutex
	record := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		var e *core.ClientResponseError
		if !errors.As(err, &e) {
			l.Untyped++
			l.Errors["untyped"]++
			return
		}
		l.Errors[strconv.Itoa(e.Status)]++
	}
	t0 := time.Now()
	signLat := make([]float64, signIns)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range signIns {
		wg.Go(func() {
			<-start
			s := time.Now()
			_, err := pb.Collection("users").AuthWithPassword(ctx, acct.Email, acct.Password)
			signLat[i] = float64(time.Since(s).Microseconds()) / 1000
			if err != nil {
				record(err)
			}
		})
	}
	close(start)
	wg.Wait()
	if pb.AuthStore().Token() == "" {
		// Every sign-in was refused (rate limiter): sign in once, patiently,
		// so the authenticated phase still runs authenticated.
		for try := 0; try < 50 && pb.AuthStore().Token() == ""; try++ {
			if _, err := pb.Collection("users").AuthWithPassword(ctx, acct.Email, acct.Password); err != nil && core.StatusOf(err) != 429 {
				return l, fmt.Errorf("sign in: %w", err)
			}
			if pb.AuthStore().Token() == "" {
				time.Sleep(200 * time.Millisecond) // backing off from the rate limiter
			}
		}
	}

	reqLat := make([]float64, requests)
	var next atomic.Int64
	for range concurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= requests {
					return
				}
				s := time.Now()
				var err error
				if i%2 == 0 {
					_, err = pb.Collection("posts").GetOne(ctx, postID)
				} else {
					_, err = pb.Collection("posts").GetList(ctx, 1, 10)
				}
				reqLat[i] = float64(time.Since(s).Microseconds()) / 1000
				if err != nil {
					record(err)
				}
			}
		})
	}
	wg.Wait()
	l.Seconds = time.Since(t0).Seconds()
	close(stopSampling)
	<-sampled
	l.SignInP50, l.SignInP99 = median(signLat), quantile(signLat, 0.99)
	l.RequestP50, l.RequestP99 = median(reqLat), quantile(reqLat, 0.99)
	l.GoroutinesMax = int(peak.Load())
	l.Refreshes = int(cnt.refreshes.Load())

	// Goroutines after: idle keep-alive connections hold two each until
	// closed; close them and give the exits a moment (polling, deadline).
	tr.CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > l.GoroutinesPre && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	l.GoroutinesEnd = runtime.NumGoroutine()
	return l, nil
}
