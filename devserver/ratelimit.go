package main

import (
	"net/netip"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// collectionLimiter gives the routes devserver adds under
// /api/collections/{collection} what PocketBase's unexported
// collectionPathRateLimit gives its own: a 404 "Missing or invalid collection
// context." for an unknown collection, and rate-limit rules matched by the
// labels "<collection>:<tag>", "*:<tag>", "METHOD /path" and "/path" (for
// example "*:auth" covers bind-token as it does in BosBase).
//
// It uses fixed windows keyed by rule, collection and client IP, like
// PocketBase. A collectionLimiter is safe for concurrent use.
type collectionLimiter struct {
	mu      sync.Mutex
	windows map[string]*rateWindow // guarded by mu
}

type rateWindow struct {
	start time.Time
	count int
}

func newCollectionLimiter() *collectionLimiter {
	return &collectionLimiter{windows: map[string]*rateWindow{}}
}

// middleware returns the route middleware for a route with the given tags.
// It takes PocketBase's rate-limit middleware id, so it replaces the global
// limiter on that route instead of running after it.
func (l *collectionLimiter) middleware(tags ...string) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id:       apis.DefaultRateLimitMiddlewareId,
		Priority: apis.DefaultRateLimitMiddlewarePriority,
		Func: func(e *core.RequestEvent) error {
			collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
			if err != nil {
				return e.NotFoundError("Missing or invalid collection context.", err)
			}
			if !l.allow(e, collection, tags) {
				return e.TooManyRequestsError("", nil)
			}
			return e.Next()
		},
	}
}

// allow reports whether the request fits its matching rule, if any.
func (l *collectionLimiter) allow(e *core.RequestEvent, collection *core.Collection, tags []string) bool {
	limits := &e.App.Settings().RateLimits
	if !limits.Enabled || e.HasSuperuserAuth() || ipListed(limits.ExcludedIPs, e.RealIP()) {
		return true
	}
	labels := make([]string, 0, 2*len(tags)+2)
	for _, t := range tags {
		labels = append(labels, collection.Name+":"+t)
	}
	for _, t := range tags {
		labels = append(labels, "*:"+t)
	}
	labels = append(labels, e.Request.Method+" "+e.Request.URL.Path, e.Request.URL.Path)

	audience := []string{core.RateLimitRuleAudienceAll, core.RateLimitRuleAudienceGuest}
	if e.Auth != nil {
		audience[1] = core.RateLimitRuleAudienceAuth
	}
	rule, ok := limits.FindRateLimitRule(labels, audience...)
	if !ok {
		return true
	}

	key := rule.Label + rule.Audience + "|" + collection.Id + "|" + e.Request.Pattern + "|" + e.RealIP()
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= time.Duration(rule.Duration)*time.Second {
		w = &rateWindow{start: now}
		l.windows[key] = w
	}
	w.count++
	return w.count <= rule.MaxRequests
}

// ipListed reports whether ip is one of the listed IPs or subnets.
func ipListed(list []string, ip string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, item := range list {
		if p, err := netip.ParsePrefix(item); err == nil && p.Contains(addr) {
			return true
		}
		if a, err := netip.ParseAddr(item); err == nil && a == addr {
			return true
		}
	}
	return false
}
