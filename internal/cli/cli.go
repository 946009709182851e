// Package cli is the tongban command: it parses subcommands and flags and
// wires the packages together. main only calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
)

// Version is set at link time (-ldflags "-X tongban/internal/cli.Version=…").
var Version = "dev"

// Env bundles what a command reads from and writes to, so tests can run
// commands in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "[flags]", "run the HTTP server", runServe},
		{"demo", "[flags]", "run the server; on an empty data dir first create the demo data set", runDemo},
		{"migrate", "[flags]", "apply database migrations and exit", runMigrate},
		{"import", "regions FILE | holidays FILE... | categories FILE | catalog FILE", "import divisions, holiday schedules, categories or the service catalog", runImport},
		{"workday", "add DATE N | between FROM TO | show YEAR", "working-day calculations", runWorkday},
		{"audit", "verify", "check the hash chain of every order's events", runAudit},
		{"bench", "intake [flags]", "measure intake throughput and latency through the HTTP API", runBench},
		{"version", "", "print the version", runVersion},
	}
}

// usageError is returned for wrong arguments; Run prints the usage with it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run executes the command line and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	cmds := commands()
	if len(args) < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
		printUsage(env.Stdout, cmds)
		if len(args) < 2 {
			return 2
		}
		return 0
	}
	for _, c := range cmds {
		if c.name != args[1] {
			continue
		}
		err := c.run(ctx, env, args[2:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		}
		fmt.Fprintf(env.Stderr, "tongban %s: %v\n", c.name, err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(env.Stderr, "usage: tongban %s %s\n", c.name, c.args)
			return 2
		}
		return 1
	}
	fmt.Fprintf(env.Stderr, "tongban: unknown command %q\n", args[1])
	printUsage(env.Stderr, cmds)
	return 2
}

func printUsage(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "tongban — 12345 hotline, service halls and evaluation for Alxa League (通办)")
	fmt.Fprintln(w, "\nusage: tongban COMMAND [arguments]   (tongban COMMAND --help for its flags)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-9s %-42s %s\n", c.name, c.args, c.summary)
	}
}

// newFlags returns a flag set that prints its usage to env.Stderr and does
// not exit the process.
func newFlags(env Env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: tongban %s %s\n\n%s\n\nflags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

func runVersion(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "version", "", "print the version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && v == "dev" {
				v = "dev-" + s.Value[:min(12, len(s.Value))]
			}
		}
		fmt.Fprintf(env.Stdout, "tongban %s (%s)\n", v, bi.GoVersion)
		return nil
	}
	fmt.Fprintf(env.Stdout, "tongban %s\n", v)
	return nil
}

// setupLogging installs the default slog logger.
func setupLogging(w io.Writer, level, format string) {
	var l slog.Level
	l.UnmarshalText([]byte(strings.ToUpper(level)))
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	slog.SetDefault(slog.New(h))
}
