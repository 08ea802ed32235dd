// Command bosgo-desktop is the bosgo sign-in desktop app: a Wails v2 shell
// around the reusable packages desktop/authservice (the bound service),
// desktop/tokenstore (the encrypted session file) and desktop/opener (the
// system browser). This file only wires them; see docs/desktop.md.
//
// Given a subcommand (status, token, logout, login, help) the same binary
// is a command-line tool (desktop/cli) and opens no window: main hands
// over before anything of Wails runs, so GTK is never initialised.
package main

import (
	"context"
	"embed"
	"log"
	"os"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/cli"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// appID names the single-instance lock (a D-Bus name on Linux).
const appID = "io.github.bosgo.desktop"

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		os.Exit(cli.Main())
	}
	plat := &platform{}
	svc := authservice.New(authservice.Config{
		AppID:     authservice.AppID,
		Emitter:   plat,
		Opener:    opener.System{},
		ServerURL: os.Getenv("BOSGO_SERVER_URL"), // "" means the devserver default
	})
	err := wails.Run(&options.App{
		Title:       "bosgo sign-in",
		Width:       960,
		Height:      720,
		MinWidth:    640,
		MinHeight:   480,
		AssetServer: &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			plat.startup(ctx)
			if err := svc.Start(ctx); err != nil {
				log.Printf("bosgo-desktop: %v", err)
			}
		},
		OnDomReady: func(context.Context) { plat.Emit(authservice.EventAuthChange, svc.State()) },
		OnShutdown: func(ctx context.Context) {
			_ = svc.Stop(ctx)
			plat.shutdown()
		},
		Bind: []any{svc},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               appID,
			OnSecondInstanceLaunch: func(options.SecondInstanceData) { plat.focus() },
		},
		Linux: &linux.Options{ProgramName: "bosgo-desktop", Icon: icon},
	})
	if err != nil {
		log.Fatalf("bosgo-desktop: %v", err)
	}
}
