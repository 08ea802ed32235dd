package authservice

// Event names pushed through the [Emitter].
const (
	// EventAuthChange carries the new [State] after every sign-in,
	// refresh, sign-out or storage change.
	EventAuthChange = "auth:change"
	// EventOAuth2Link carries an [OAuth2Link] while an OAuth2 sign-in
	// waits for the browser, so the UI can offer "copy this link".
	EventOAuth2Link = "oauth2:link"
)

// Emitter pushes an event to the UI. In a Wails app it wraps
// runtime.EventsEmit; it must be safe for concurrent use and must not
// block for long.
type Emitter interface {
	Emit(name string, data any)
}

// EmitterFunc adapts a function to [Emitter].
type EmitterFunc func(name string, data any)

// Emit calls f.
func (f EmitterFunc) Emit(name string, data any) { f(name, data) }

type noEmitter struct{}

func (noEmitter) Emit(string, any) {}
