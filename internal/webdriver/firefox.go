//go:build !js

package webdriver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// bidiTimeout bounds one BiDi command; sessionTimeout the first one.
const (
	bidiTimeout    = 60 * time.Second
	sessionTimeout = 3 * time.Minute
)

// firefox is Firefox ESR driven over WebDriver BiDi (its remote agent,
// started with --remote-debugging-port=0: the port it picks is read from
// its stderr).
type firefox struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	conn *websocket.Conn
	rd   sync.WaitGroup

	mu      sync.Mutex
	next    int
	pending map[int]chan bidiReply
	logsBy  map[string][]string // console output by top-level context
	tabs    map[string]bool     // the top-level contexts the test opened (not popups)
	closed  error
}

type bidiReply struct {
	Type    string          `json:"type"`
	ID      *int            `json:"id"`
	Method  string          `json:"method"`
	Result  json.RawMessage `json:"result"`
	Params  json.RawMessage `json:"params"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

// StartFirefox starts Firefox ESR (BOSGO_FIREFOX, or firefox-esr on PATH)
// headless with its profile in the empty directory profile. Each tab Open
// makes has a user context of its own (its own storage).
func StartFirefox(profile string) (Engine, error) {
	bin := os.Getenv("BOSGO_FIREFOX")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("firefox-esr"); err != nil {
			return nil, fmt.Errorf("firefox-esr not found: install it (go tool task web:setup) or set BOSGO_FIREFOX: %w", err)
		}
	}
	// Popups from a click open as windows, not tabs, as for users who
	// never changed the setting; no first-run pages, no updates.
	prefs := `user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
`
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(prefs), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", profile, "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	setProcAttr(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start firefox: %w", err)
	}
	f := &firefox{cmd: cmd, done: make(chan struct{}), pending: map[int]chan bidiReply{}, logsBy: map[string][]string{}, tabs: map[string]bool{}}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent {
				if _, u, ok := strings.Cut(line, "WebDriver BiDi listening on "); ok {
					urls <- strings.TrimSpace(u)
					sent = true
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		close(f.done)
	}()
	var ws string
	select {
	case ws = <-urls:
	case <-f.done:
		return nil, errors.New("firefox exited before its remote agent listened")
	case <-time.After(sessionTimeout):
		f.kill()
		return nil, fmt.Errorf("firefox's remote agent did not listen within %v", sessionTimeout)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, ws+"/session", nil)
	if err != nil {
		f.kill()
		return nil, fmt.Errorf("connect to firefox's remote agent: %w", err)
	}
	conn.SetReadLimit(64 << 20)
	f.conn = conn
	f.rd.Add(1)
	go f.read()
	// session.new waits for the first window to be ready, which took
	// over a minute once on a loaded 2-core machine.
	if _, err := f.callWithin("session.new", sessionTimeout, map[string]any{"capabilities": map[string]any{
		"alwaysMatch": map[string]any{"acceptInsecureCerts": true, "unhandledPromptBehavior": map[string]any{"default": "dismiss"}},
	}}); err != nil {
		_ = f.Close()
		return nil, err
	}
	if _, err := f.call("session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func (f *firefox) Name() string { return "Firefox" }

func (f *firefox) kill() {
	_ = f.cmd.Process.Kill()
	<-f.done
}

func (f *firefox) read() {
	defer f.rd.Done()
	for {
		_, data, err := f.conn.Read(context.Background())
		if err != nil {
			f.mu.Lock()
			f.closed = err
			for id, ch := range f.pending {
				close(ch)
				delete(f.pending, id)
			}
			f.mu.Unlock()
			return
		}
		var r bidiReply
		if json.Unmarshal(data, &r) != nil {
			continue
		}
		if r.ID != nil {
			f.mu.Lock()
			ch := f.pending[*r.ID]
			delete(f.pending, *r.ID)
			f.mu.Unlock()
			if ch != nil {
				ch <- r
			}
			continue
		}
		if r.Method == "log.entryAdded" {
			var p struct {
				Level  string `json:"level"`
				Text   string `json:"text"`
				Source struct {
					Context string `json:"context"`
				} `json:"source"`
			}
			if json.Unmarshal(r.Params, &p) == nil {
				f.mu.Lock()
				f.logsBy[p.Source.Context] = append(f.logsBy[p.Source.Context], p.Level+": "+p.Text)
				f.mu.Unlock()
			}
		}
	}
}

// call sends a command and waits for its result.
func (f *firefox) call(method string, params any) (json.RawMessage, error) {
	return f.callWithin(method, bidiTimeout, params)
}

// callWithin is call with its own time limit.
func (f *firefox) callWithin(method string, limit time.Duration, params any) (json.RawMessage, error) {
	f.mu.Lock()
	if f.closed != nil {
		f.mu.Unlock()
		return nil, fmt.Errorf("%s: connection closed: %w", method, f.closed)
	}
	f.next++
	id := f.next
	ch := make(chan bidiReply, 1)
	f.pending[id] = ch
	f.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	if err := f.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r, ok := <-ch:
		if !ok {
			return nil, fmt.Errorf("%s: connection closed", method)
		}
		if r.Type == "error" {
			return nil, fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		return r.Result, nil
	case <-ctx.Done():
		f.mu.Lock()
		delete(f.pending, id)
		f.mu.Unlock()
		return nil, fmt.Errorf("%s: no reply within %v", method, limit)
	}
}

func (f *firefox) Close() error {
	// browser.close ends the session and quits Firefox; the connection
	// may drop before the reply.
	_, _ = f.call("browser.close", map[string]any{})
	_ = f.conn.Close(websocket.StatusNormalClosure, "")
	f.rd.Wait()
	select {
	case <-f.done:
	case <-time.After(10 * time.Second):
		_ = f.cmd.Process.Kill()
		<-f.done
	}
	return nil
}

func (f *firefox) Open(share Tab) (Tab, error) {
	var uc string
	owner := true
	if share != nil {
		uc = share.(*ffTab).userContext
		owner = false
	} else {
		res, err := f.call("browser.createUserContext", map[string]any{})
		if err != nil {
			return nil, err
		}
		var r struct {
			UserContext string `json:"userContext"`
		}
		if err := json.Unmarshal(res, &r); err != nil {
			return nil, err
		}
		uc = r.UserContext
	}
	res, err := f.call("browsingContext.create", map[string]any{"type": "tab", "userContext": uc})
	if err != nil {
		return nil, err
	}
	var r struct {
		Context string `json:"context"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.tabs[r.Context] = true
	f.mu.Unlock()
	// A fixed viewport, as the Chromium suite's window.
	if _, err := f.call("browsingContext.setViewport", map[string]any{"context": r.Context, "viewport": map[string]any{"width": 560, "height": 900}}); err != nil {
		return nil, err
	}
	return &ffTab{f: f, context: r.Context, userContext: uc, owner: owner}, nil
}

type ffTab struct {
	f           *firefox
	context     string
	userContext string
	owner       bool // removes the user context on close
}

func (t *ffTab) Navigate(url string) error {
	_, err := t.f.call("browsingContext.navigate", map[string]any{"context": t.context, "url": url, "wait": "complete"})
	return err
}

func (t *ffTab) Reload() error {
	_, err := t.f.call("browsingContext.reload", map[string]any{"context": t.context, "wait": "complete"})
	return err
}

func (t *ffTab) Eval(expr string) (json.RawMessage, error) {
	res, err := t.f.call("script.evaluate", map[string]any{
		"expression": wrapExpr(expr), "target": map[string]any{"context": t.context},
		"awaitPromise": true, "resultOwnership": "none",
	})
	if err != nil {
		if strings.Contains(err.Error(), "no such frame") || strings.Contains(err.Error(), "discarded") || strings.Contains(err.Error(), "destroyed") {
			return nil, fmt.Errorf("%w: %v", ErrStale, err)
		}
		return nil, err
	}
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	if r.Type == "exception" {
		return nil, fmt.Errorf("the page threw: %s", r.ExceptionDetails.Text)
	}
	if r.Result.Type != "string" {
		return nil, fmt.Errorf("the page returned a %s, not JSON", r.Result.Type)
	}
	return json.RawMessage(r.Result.Value), nil
}

// click moves the mouse to the element's centre and clicks there.
func (t *ffTab) Click(id string) error {
	raw, err := t.Eval(fmt.Sprintf(`(() => {
  const el = document.getElementById(%q);
  if (!el) return null;
  el.scrollIntoView({block: "center", inline: "center"});
  const r = el.getBoundingClientRect();
  return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2)};
})()`, id))
	if err != nil {
		return err
	}
	var at *struct{ X, Y int }
	if err := json.Unmarshal(raw, &at); err != nil {
		return err
	}
	if at == nil {
		return fmt.Errorf("no element #%s", id)
	}
	_, err = t.f.call("input.performActions", map[string]any{"context": t.context, "actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]any{"pointerType": "mouse"},
		"actions": []any{
			map[string]any{"type": "pointerMove", "x": at.X, "y": at.Y},
			map[string]any{"type": "pointerDown", "button": 0},
			map[string]any{"type": "pointerUp", "button": 0},
		},
	}}})
	if err != nil {
		return err
	}
	_, err = t.f.call("input.releaseActions", map[string]any{"context": t.context})
	return err
}

func (t *ffTab) Popups() ([]string, error) {
	res, err := t.f.call("browsingContext.getTree", map[string]any{"maxDepth": 0})
	if err != nil {
		return nil, err
	}
	var r struct {
		Contexts []struct {
			Context        string  `json:"context"`
			OriginalOpener *string `json:"originalOpener"`
			UserContext    string  `json:"userContext"`
		} `json:"contexts"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	var ids []string
	for _, c := range r.Contexts {
		switch {
		case c.OriginalOpener != nil && *c.OriginalOpener == t.context:
			ids = append(ids, c.Context)
		case c.OriginalOpener == nil && c.UserContext == t.userContext && !t.f.tabs[c.Context]:
			// A popup that Cross-Origin-Opener-Policy cut off from its
			// opener: Firefox reports no originalOpener for it.
			ids = append(ids, c.Context)
		}
	}
	return ids, nil
}

func (t *ffTab) Popup(id string) Tab {
	return &ffTab{f: t.f, context: id, userContext: t.userContext}
}

func (t *ffTab) ClosePopup(id string) error {
	_, err := t.f.call("browsingContext.close", map[string]any{"context": id})
	return err
}

func (t *ffTab) Logs() string {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	return strings.Join(t.f.logsBy[t.context], "\n")
}

func (t *ffTab) Close() error {
	popups, _ := t.Popups()
	for _, p := range popups {
		_ = t.ClosePopup(p)
	}
	if _, err := t.f.call("browsingContext.close", map[string]any{"context": t.context}); err != nil {
		return err
	}
	t.f.mu.Lock()
	delete(t.f.tabs, t.context)
	t.f.mu.Unlock()
	if t.owner {
		_, err := t.f.call("browser.removeUserContext", map[string]any{"userContext": t.userContext})
		return err
	}
	return nil
}
