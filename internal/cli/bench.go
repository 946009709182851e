package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"tongban/internal/bench"
)

const benchSummary = `measure intake throughput and latency through the HTTP API.

"intake" starts a tongban server in this process on 127.0.0.1 over a fresh
database (SQLite in a temporary directory with production's durable commits,
or a new PostgreSQL schema that is dropped afterwards), seeds the demo
organisation, signs in as the demo dispatcher and drives "register +
dispatch" pairs through real HTTP. Server and load generator share this
machine's CPUs.`

func runBench(ctx context.Context, env Env, args []string) error {
	const argsUsage = "intake [flags]"
	if len(args) == 0 {
		return usageError{"name the benchmark: intake"}
	}
	fs := newFlags(env, "bench", argsUsage, benchSummary)
	db := fs.String("db", "sqlite", "database: sqlite or postgres")
	dbURL := fs.String("database-url", "", `PostgreSQL database for --db postgres; the run creates and drops its own schema in it (env TONGBAN_DATABASE_URL, default "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")`)
	duration := fs.Duration("duration", 20*time.Second, "measured window, after the warm-up")
	warmup := fs.Duration("warmup", 3*time.Second, "load before the measured window, not measured")
	conc := fs.Int("concurrency", 64, "client workers (connections), each with one request in flight")
	rate := fs.Float64("rate", 0, "orders/s offered at fixed intervals (open loop; latency from the scheduled start); 0 = as fast as possible (closed loop)")
	asJSON := fs.Bool("json", false, "write the result as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load phase to `FILE` (labels side=server|client)")
	if args[0] != "intake" {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fs.Usage()
			return nil
		}
		return usageError{fmt.Sprintf("unknown benchmark %q; there is intake", args[0])}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	switch *db {
	case "sqlite", "postgres":
	default:
		return usageError{fmt.Sprintf("--db %q: want sqlite or postgres", *db)}
	}
	if *conc < 1 {
		return usageError{fmt.Sprintf("--concurrency %d: must be at least 1", *conc)}
	}
	if *duration <= 0 || *warmup < 0 || *rate < 0 {
		return usageError{"--duration must be positive; --warmup and --rate must not be negative"}
	}
	if *dbURL == "" {
		*dbURL = env.Getenv("TONGBAN_DATABASE_URL")
	}
	if *dbURL == "" {
		*dbURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	// The server's per-request logs would measure the terminal, not tongban.
	setupLogging(env.Stderr, "warn", "text")

	o := bench.Options{DB: *db, DatabaseURL: *dbURL, Duration: *duration, Warmup: *warmup, Concurrency: *conc, Rate: *rate, Log: env.Stderr}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		o.CPUProfile = f
	}
	res, err := bench.Intake(ctx, o)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		fmt.Fprintf(env.Stderr, "CPU profile in %s: go tool pprof -top -tagfocus side=server %s\n", *cpuProfile, *cpuProfile)
	}
	if *asJSON {
		return res.WriteJSON(env.Stdout)
	}
	return res.WriteText(env.Stdout)
}
