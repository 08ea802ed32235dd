package main

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// platform is the only place that calls the Wails runtime. Those calls
// need the context Wails passes to OnStartup (given any other context they
// call log.Fatalf and end the process), so every call checks that the app
// has started and not yet shut down.
type platform struct {
	mu  sync.RWMutex    // guards ctx
	ctx context.Context // the Wails context between startup and shutdown; nil otherwise
}

func (p *platform) startup(ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ctx = ctx
}

func (p *platform) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ctx = nil
}

// Emit sends an event to the UI (authservice.Emitter); before startup and
// after shutdown it does nothing.
func (p *platform) Emit(name string, data any) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.ctx != nil {
		runtime.EventsEmit(p.ctx, name, data)
	}
}

// focus brings the window to the front when a second instance starts.
func (p *platform) focus() {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.ctx != nil {
		runtime.WindowUnminimise(p.ctx)
		runtime.WindowShow(p.ctx)
	}
}
