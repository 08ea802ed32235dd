//go:build !js

package webdriver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// classicTimeout bounds one classic WebDriver command.
const classicTimeout = 90 * time.Second

// webkit is WebKitGTK (MiniBrowser) driven by WebKitWebDriver over classic
// W3C WebDriver, on a private Xvfb display. Every fresh tab is a session of
// its own (WebKitWebDriver's sessions are ephemeral profiles: storage of
// their own); a second tab is a new window of the same session.
type webkit struct {
	xvfb, driver *exec.Cmd
	xvfbDone     chan struct{}
	driverDone   chan struct{}
	base         string // http://127.0.0.1:port
	client       *http.Client
}

// StartWebKit starts Xvfb and WebKitWebDriver. Each tab Open makes is a
// session of its own (an ephemeral profile); a tab that shares is a new
// window of that session.
func StartWebKit() (Engine, error) {
	drv, err := exec.LookPath("WebKitWebDriver")
	if err != nil {
		return nil, fmt.Errorf("WebKitWebDriver not found: install webkit2gtk-driver (go tool task web:setup): %w", err)
	}
	w := &webkit{client: &http.Client{Timeout: classicTimeout}}
	// Xvfb picks a free display itself and writes its number to fd 3.
	r, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	w.xvfb = exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	w.xvfb.ExtraFiles = []*os.File{pw}
	setProcAttr(w.xvfb)
	if err := w.xvfb.Start(); err != nil {
		pw.Close()
		r.Close()
		return nil, fmt.Errorf("start Xvfb: %w", err)
	}
	pw.Close()
	w.xvfbDone = make(chan struct{})
	go func() { _ = w.xvfb.Wait(); close(w.xvfbDone) }()
	display := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(r, 32)) // Xvfb closes fd 3 after writing
		display <- strings.TrimSpace(string(b))
		r.Close()
	}()
	var disp string
	select {
	case disp = <-display:
	case <-time.After(30 * time.Second):
	}
	if disp == "" {
		w.stopXvfb()
		return nil, errors.New("webdriver: Xvfb did not report its display")
	}
	// A free port, picked by the kernel (WebKitWebDriver has no port 0).
	port, err := freePort()
	if err != nil {
		w.stopXvfb()
		return nil, err
	}
	w.driver = exec.Command(drv, "--port="+strconv.Itoa(port))
	w.driver.Env = append(os.Environ(), "DISPLAY=:"+disp, "WEBKIT_DISABLE_COMPOSITING_MODE=1")
	setProcAttr(w.driver)
	if err := w.driver.Start(); err != nil {
		w.stopXvfb()
		return nil, fmt.Errorf("start WebKitWebDriver: %w", err)
	}
	w.driverDone = make(chan struct{})
	go func() { _ = w.driver.Wait(); close(w.driverDone) }()
	w.base = "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := w.do(http.MethodGet, w.base+"/status", nil); err == nil {
			break
		}
		select {
		case <-w.driverDone:
			w.stopXvfb()
			return nil, errors.New("WebKitWebDriver exited at start")
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = w.Close()
			return nil, errors.New("WebKitWebDriver did not answer within 30 s")
		}
	}
	return w, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (w *webkit) Name() string { return "WebKit" }

func (w *webkit) stopXvfb() {
	_ = w.xvfb.Process.Kill()
	<-w.xvfbDone
}

func (w *webkit) Close() error {
	_ = w.driver.Process.Kill()
	<-w.driverDone
	w.stopXvfb()
	w.client.CloseIdleConnections()
	return nil
}

// do sends one command and returns its "value".
func (w *webkit) do(method, url string, body any) (json.RawMessage, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), classicTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := w.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("%s %s: status %d: %w", method, url[len(w.base):], res.StatusCode, err)
	}
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(out.Value, &e)
		return nil, fmt.Errorf("%s %s: %s: %s", method, url[len(w.base):], e.Error, e.Message)
	}
	return out.Value, nil
}

// wkSession is one WebDriver session; its windows take turns being the
// current one.
type wkSession struct {
	w       *webkit
	url     string // base + /session/id
	mu      sync.Mutex
	current string
	tabs    map[string]bool // the windows the test opened (not popups)
}

func (w *webkit) Open(share Tab) (Tab, error) {
	if share != nil {
		s := share.(*wkTab).s
		s.mu.Lock()
		defer s.mu.Unlock()
		v, err := w.do(http.MethodPost, s.url+"/window/new", map[string]any{"type": "tab"})
		if err != nil {
			return nil, err
		}
		var r struct {
			Handle string `json:"handle"`
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, err
		}
		s.tabs[r.Handle] = true
		return &wkTab{s: s, handle: r.Handle}, nil
	}
	v, err := w.do(http.MethodPost, w.base+"/session", map[string]any{"capabilities": map[string]any{
		"alwaysMatch": map[string]any{"unhandledPromptBehavior": "dismiss", "webkitgtk:browserOptions": map[string]any{}},
	}})
	if err != nil {
		return nil, err
	}
	var r struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, err
	}
	s := &wkSession{w: w, url: w.base + "/session/" + r.SessionID, tabs: map[string]bool{}}
	if _, err := w.do(http.MethodPost, s.url+"/timeouts", map[string]any{"script": 60000, "pageLoad": 60000}); err != nil {
		return nil, err
	}
	v, err = w.do(http.MethodGet, s.url+"/window", nil)
	if err != nil {
		return nil, err
	}
	var h string
	if err := json.Unmarshal(v, &h); err != nil {
		return nil, err
	}
	if _, err := w.do(http.MethodPost, s.url+"/window/rect", map[string]any{"width": 560, "height": 900}); err != nil {
		return nil, err
	}
	s.current = h
	s.tabs[h] = true
	return &wkTab{s: s, handle: h, owner: true}, nil
}

type wkTab struct {
	s      *wkSession
	handle string
	owner  bool // ends the session on close
}

// cmd runs a command with this tab's window current.
func (t *wkTab) cmd(method, path string, body any) (json.RawMessage, error) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	return t.cmdLocked(method, path, body)
}

func (t *wkTab) cmdLocked(method, path string, body any) (json.RawMessage, error) {
	if t.s.current != t.handle {
		if _, err := t.s.w.do(http.MethodPost, t.s.url+"/window", map[string]any{"handle": t.handle}); err != nil {
			return nil, err
		}
		t.s.current = t.handle
	}
	return t.s.w.do(method, t.s.url+path, body)
}

func (t *wkTab) Navigate(url string) error {
	_, err := t.cmd(http.MethodPost, "/url", map[string]any{"url": url})
	return err
}

func (t *wkTab) Reload() error {
	_, err := t.cmd(http.MethodPost, "/refresh", map[string]any{})
	return err
}

func (t *wkTab) Eval(expr string) (json.RawMessage, error) {
	script := `const done = arguments[arguments.length - 1];
` + wrapExpr(expr) + `.then((v) => done({ok: v}), (e) => done({err: e && e.message ? e.message + "\n" + (e.stack || "") : String(e)}));`
	v, err := t.cmd(http.MethodPost, "/execute/async", map[string]any{"script": script, "args": []any{}})
	if err != nil {
		if strings.Contains(err.Error(), "javascript error") && strings.Contains(err.Error(), "unloaded") {
			return nil, fmt.Errorf("%w: %v", ErrStale, err)
		}
		return nil, err
	}
	var r struct {
		OK  *string `json:"ok"`
		Err string  `json:"err"`
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, err
	}
	if r.OK == nil {
		return nil, fmt.Errorf("the page threw: %s", r.Err)
	}
	return json.RawMessage(*r.OK), nil
}

func (t *wkTab) Click(id string) error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	v, err := t.cmdLocked(http.MethodPost, "/element", map[string]any{"using": "css selector", "value": "#" + id})
	if err != nil {
		return err
	}
	var el map[string]string
	if err := json.Unmarshal(v, &el); err != nil {
		return err
	}
	ref := el["element-6066-11e4-a52e-4f735466cecf"]
	_, err = t.cmdLocked(http.MethodPost, "/element/"+ref+"/click", map[string]any{})
	return err
}

// popups are the session's windows the test did not open itself.
func (t *wkTab) Popups() ([]string, error) {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	v, err := t.s.w.do(http.MethodGet, t.s.url+"/window/handles", nil)
	if err != nil {
		return nil, err
	}
	var hs []string
	if err := json.Unmarshal(v, &hs); err != nil {
		return nil, err
	}
	var ids []string
	for _, h := range hs {
		if !t.s.tabs[h] {
			ids = append(ids, h)
		}
	}
	return ids, nil
}

func (t *wkTab) Popup(id string) Tab { return &wkTab{s: t.s, handle: id} }

func (t *wkTab) ClosePopup(id string) error {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if _, err := t.s.w.do(http.MethodPost, t.s.url+"/window", map[string]any{"handle": id}); err != nil {
		return err
	}
	t.s.current = id
	_, err := t.s.w.do(http.MethodDelete, t.s.url+"/window", nil)
	return err
}

func (t *wkTab) Logs() string { return "(WebKitWebDriver does not report the console)" }

func (t *wkTab) Close() error {
	if t.owner {
		_, err := t.s.w.do(http.MethodDelete, t.s.url, nil)
		if err != nil && strings.Contains(err.Error(), "no such window") {
			// The session's current window was a popup that closed itself
			// (seen after an OAuth2 sign-in): make the tab current, again.
			if _, err := t.s.w.do(http.MethodPost, t.s.url+"/window", map[string]any{"handle": t.handle}); err != nil {
				return err
			}
			_, err = t.s.w.do(http.MethodDelete, t.s.url, nil)
		}
		return err
	}
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	delete(t.s.tabs, t.handle)
	if _, err := t.s.w.do(http.MethodPost, t.s.url+"/window", map[string]any{"handle": t.handle}); err != nil {
		return err
	}
	t.s.current = t.handle
	_, err := t.s.w.do(http.MethodDelete, t.s.url+"/window", nil)
	t.s.current = ""
	return err
}
