package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"tongban/internal/api"
	"tongban/internal/auth"
	"tongban/internal/config"
	"tongban/internal/hall"
	"tongban/internal/hotline"
	"tongban/internal/outbox"
	"tongban/internal/server"
	"tongban/internal/storage"
	"tongban/internal/web"
	"tongban/internal/workday"
)

// Listening, when set (by tests), is told the address the server bound.
var Listening func(net.Addr)

func runServe(ctx context.Context, env Env, args []string) error {
	return serve(ctx, env, args, "serve", "run the HTTP server", false)
}

func runDemo(ctx context.Context, env Env, args []string) error {
	return serve(ctx, env, args, "demo", "run the HTTP server; on an empty data dir first create the demo data set", true)
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	cfg, err := parseConfig(env, "migrate", "[flags]", "apply database migrations and exit", args)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema at version %d (%s)\n", v, st.Dialect())
	return nil
}

// parseConfig parses the common flags of server commands and validates them.
func parseConfig(env Env, name, argsUsage, summary string, args []string) (*config.Config, error) {
	cfg, rest, err := parseConfigArgs(env, name, argsUsage, summary, args)
	if err == nil && len(rest) > 0 {
		err = usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	return cfg, err
}

// parseConfigArgs is parseConfig for commands that take positional arguments.
func parseConfigArgs(env Env, name, argsUsage, summary string, args []string) (*config.Config, []string, error) {
	fs := newFlags(env, name, argsUsage, summary)
	cfg, finish := config.Bind(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := finish(); err != nil {
		return nil, nil, err
	}
	setupLogging(env.Stderr, cfg.LogLevel, cfg.LogFormat)
	return cfg, fs.Args(), nil
}

// openStore opens the configured database, applies migrations and loads
// the defaults an empty database needs: Alxa's regions and the built-in
// holiday schedules.
func openStore(ctx context.Context, cfg *config.Config) (*storage.Store, error) {
	st, err := storage.Open(ctx, storage.Options{PostgresURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Bootstrap(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// loadCalendar builds the calendar from the stored schedules and the
// working hours (the stored setting wins over the configured default).
func loadCalendar(ctx context.Context, st *storage.Store, cfg *config.Config) (*workday.Calendar, error) {
	spec, err := st.Setting(ctx, "work_hours", cfg.WorkHours)
	if err != nil {
		return nil, err
	}
	hours, err := workday.ParseHours(spec, cfg.Location())
	if err != nil {
		return nil, fmt.Errorf("--work-hours / TONGBAN_WORK_HOURS: %w", err)
	}
	scs, err := st.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	return workday.New(scs, hours)
}

// warnMissingSchedule says loudly when deadlines will soon run into a year
// whose official schedule is not loaded: from November the next year's
// deadlines start to need it, and actions whose deadlines fall there are
// refused until an administrator loads it.
func warnMissingSchedule(cal *workday.Calendar, now time.Time) {
	years := map[int]bool{}
	for _, y := range cal.Years() {
		years[y] = true
	}
	if !years[now.Year()] {
		slog.Error("no official holiday schedule for this year: deadlines cannot be computed; load it with tongban import holidays FILE", slog.Int("year", now.Year()))
	} else if now.Month() >= time.November && !years[now.Year()+1] {
		slog.Warn("no official holiday schedule for next year yet: actions whose deadlines fall in it will be refused until it is loaded", slog.Int("year", now.Year()+1))
	}
}

func serve(ctx context.Context, env Env, args []string, name, summary string, demo bool) error {
	cfg, err := parseConfig(env, name, "[flags]", summary, args)
	if err != nil {
		return err
	}
	if _, err := workday.ParseHours(cfg.WorkHours, cfg.Location()); err != nil {
		return fmt.Errorf("--work-hours / TONGBAN_WORK_HOURS: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if demo {
		if err := seedDemo(ctx, st, cfg); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	cal, err := loadCalendar(ctx, st, cfg)
	if err != nil {
		return err
	}
	slog.Info("calendar", slog.Any("years", cal.Years()), slog.String("hours", cal.Hours().String()))
	warnMissingSchedule(cal, time.Now().In(cfg.Location()))
	svc, err := hotline.New(ctx, st, cal, cfg.Location())
	if err != nil {
		return err
	}
	if demo {
		if err := seedDemoOrders(ctx, st, svc); err != nil {
			return fmt.Errorf("demo orders: %w", err)
		}
		if err := seedDemoHall(ctx, st, cal); err != nil {
			return fmt.Errorf("demo halls: %w", err)
		}
	}
	hallSvc := hall.New(st, svc.Calendar, cfg.Location())
	srv := server.New(st, st)
	a := auth.New(st)
	api.Mount(srv.Mux(), svc, hallSvc, a)
	if err := web.Mount(srv.Mux(), svc, hallSvc, a); err != nil {
		return err
	}
	var pub *outbox.Publisher
	if cfg.NATSURL != "" {
		if pub, err = outbox.Connect(ctx, st, cfg.NATSURL); err != nil {
			return fmt.Errorf("--nats-url / TONGBAN_NATS_URL: %w", err)
		}
		defer pub.Close()
	}
	// The background loops stop, and are waited for, before the publisher
	// and the store close (their deferred Close calls run after this one).
	sweepCtx, stopSweep := context.WithCancel(ctx)
	var loops sync.WaitGroup
	defer func() { stopSweep(); loops.Wait() }()
	loops.Go(func() { svc.RunSweeper(sweepCtx, cfg.SweepEvery) })
	loops.Go(func() { hallSvc.RunSweeper(sweepCtx, cfg.SweepEvery) })
	if pub != nil {
		loops.Go(func() { pub.Run(sweepCtx, time.Second) })
	}
	return srv.Serve(ctx, cfg.Addr, cfg.ShutdownIn, Listening)
}
