// Package authservice is the sign-in service of the bosgo desktop app, as
// a reusable package: a Wails app binds a [*Service] and its exported
// methods become JavaScript functions returning Promises. It has no Wails
// dependency; the app supplies an [Emitter] (Wails EventsEmit) and an
// [opener.Opener] (the system browser), and tests supply their own.
//
// Every bound method returns (T, error) over JSON-tagged types, and every
// error reads as a sentence that can be shown to the user as is
// ([*Error]). Auth changes are pushed to the UI as the [EventAuthChange]
// event carrying the new [State].
//
// The session is kept in an encrypted [tokenstore.Store] (key in the OS
// keyring by default). Without a keyring the service fails closed: it
// saves nothing until the user picks a passphrase ([Service.UsePassphrase])
// or chooses not to save the session ([Service.UseMemoryOnly]).
//
// A Service is safe for concurrent use; Wails calls bound methods from
// several goroutines.
package authservice
