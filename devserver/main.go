package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	default:
		fmt.Fprintf(os.Stderr, "devserver: %v\n", err)
		os.Exit(1)
	}
}

// run parses args, starts the dev server and serves until ctx is done or
// SIGINT/SIGTERM arrives. The READY line goes to stdout; everything meant
// for people goes to console.
func run(ctx context.Context, args []string, stdout, console io.Writer) error {
	cfg, err := parseConfig(args, console)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl+C kills the process the default way
	}()

	if cfg.sidecar {
		return runSidecar(ctx, cfg, stdout, console)
	}
	s, err := newDevServer(cfg, console)
	if err != nil {
		return err
	}
	if !staticDirExists(cfg.staticDir) {
		fmt.Fprintf(console, "devserver: static folder %q not found; serving the built-in page at /\n", cfg.staticDir)
	}
	return s.serve(ctx, func() {
		fmt.Fprintln(stdout, s.readyLine())
		fmt.Fprint(console, s.banner())
	})
}
