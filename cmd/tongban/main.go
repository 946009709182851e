// Command tongban runs the 12345 hotline, service-hall and evaluation
// platform (通办). See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"tongban/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args, cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
