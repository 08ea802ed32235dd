package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/chromedp/chromedp"
)

// tabsContenders are the names tabs.js knows, with the report's names.
var tabsContenders = []struct{ key, name string }{
	{"bosgo", "bosgo (one realtime connection shared by the tabs)"},
	{"bosgo-own", "bosgo with sharedRealtime: false (a connection per tab)"},
	{"js", "BosBase JS SDK 0.26.3 (a connection per tab)"},
}

// measureTabs opens n tabs per contender in a browser context of their own
// (so a socket pool of their own: Chromium opens at most six HTTP/1.1
// connections per host in one), one after the other; each subscribes to
// realtime and then makes a request, within wait. A tab whose page does not
// even load (its document request queued behind the open streams) counts
// as not completed.
func measureTabs(browser context.Context, base string, n int, wait time.Duration) ([]TabsResult, error) {
	var out []TabsResult
	for _, c := range tabsContenders {
		r, err := tabsRun(browser, base, c.key, n, wait)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.key, err)
		}
		r.Name = c.name
		log.Printf("tabs: %s: %d of %d completed", c.key, r.Completed, r.Tabs)
		out = append(out, r)
	}
	return out, nil
}

func tabsRun(browser context.Context, base, key string, n int, wait time.Duration) (TabsResult, error) {
	r := TabsResult{Tabs: n, WaitMS: int(wait.Milliseconds())}
	first, cancelFirst := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelFirst()
	if err := chromedp.Do(first); err != nil { // opens the tab; no timeout here
		return r, fmt.Errorf("open a tab: %w", err)
	}
	for i := range n {
		tab := first
		if i > 0 {
			t, cancel := chromedp.NewContext(first) // the same browser context
			defer cancel()
			if err := chromedp.Do(t); err != nil {
				return r, fmt.Errorf("open tab %d: %w", i+1, err)
			}
			tab = t
		}
		ok := tabDone(tab, base, key, wait)
		if ok {
			r.Completed++
		} else if r.FirstStuck == 0 {
			r.FirstStuck = i + 1
		}
	}
	return r, nil
}

// tabDone loads the page in tab and runs the contender; false when the page
// or the run did not finish within wait (plus a margin for the module).
func tabDone(tab context.Context, base, key string, wait time.Duration) bool {
	ctx, cancel := context.WithTimeout(tab, wait+15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/tabs.html")); err != nil {
		return false
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.tabsReady === true`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		return false
	}
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`window.tabRun(%q, %d)`, key, wait.Milliseconds()), chromedp.EvalAwaitPromise))
	return err == nil && ok
}
