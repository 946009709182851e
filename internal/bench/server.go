package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"tongban/internal/api"
	"tongban/internal/auth"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/hotline"
	"tongban/internal/server"
	"tongban/internal/storage"
	"tongban/internal/web"
	"tongban/internal/workday"
)

// instance is a running tongban server over a database created for the run.
type instance struct {
	url       string // http://127.0.0.1:port
	st        *storage.Store
	dbVersion string // engine and version, for the report
	dbWhere   string // file or schema, for the report
	stop      func() error
}

// startServer creates a fresh database, wires the server as `tongban serve`
// does (storage.Open with its production pragmas and group commit, Migrate,
// Bootstrap, the hotline and hall services, the API and web UI routes, the
// deadline sweepers; no NATS publisher) and seeds the demo organisation and
// accounts. The returned stop shuts the server
// down and removes the database.
func startServer(ctx context.Context, o Options) (inst *instance, err error) {
	inst = &instance{}
	var cleanups []func() error
	inst.stop = func() error {
		var errs []error
		for i := len(cleanups) - 1; i >= 0; i-- {
			errs = append(errs, cleanups[i]())
		}
		cleanups = nil
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			inst.stop()
		}
	}()

	var so storage.Options
	switch o.DB {
	case "sqlite":
		dir, err := os.MkdirTemp("", "tongban-bench-")
		if err != nil {
			return nil, err
		}
		cleanups = append(cleanups, func() error { return os.RemoveAll(dir) })
		so.SQLitePath = filepath.Join(dir, "tongban.db")
		inst.dbVersion = "SQLite (modernc.org/sqlite " + moduleVersion("modernc.org/sqlite") + "), WAL, synchronous=FULL, group commit"
		inst.dbWhere = so.SQLitePath
	case "postgres":
		u, version, drop, err := freshSchema(ctx, o.DatabaseURL)
		if err != nil {
			return nil, err
		}
		cleanups = append(cleanups, drop)
		so.PostgresURL = u
		inst.dbVersion = "PostgreSQL " + version + " (pgx " + moduleVersion("github.com/jackc/pgx/v5") + ")"
		inst.dbWhere = redact(u)
	default:
		return nil, fmt.Errorf("database %q: want sqlite or postgres", o.DB)
	}

	// On SQLite, Open starts the group-commit goroutine that runs every
	// write; the label lets a CPU profile show how busy that one goroutine
	// is (near one core means it is the bottleneck).
	var st *storage.Store
	pprof.Do(ctx, pprof.Labels("storage", "batcher"), func(ctx context.Context) {
		st, err = storage.Open(ctx, so)
	})
	if err != nil {
		return nil, err
	}
	cleanups = append(cleanups, st.Close)
	inst.st = st
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := st.Bootstrap(ctx); err != nil {
		return nil, err
	}
	cs, err := st.Categories(ctx)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 { // until built-in category defaults land
		if err := st.ReplaceCategories(ctx, []storage.Category{{Code: "C01", NameZH: "公共服务", Active: true}}); err != nil {
			return nil, err
		}
	}
	if err := demo.Seed(ctx, st); err != nil {
		return nil, fmt.Errorf("demo data: %w", err)
	}
	scs, err := st.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		return nil, err
	}
	svc, err := hotline.New(ctx, st, cal, workday.DefaultHours().Loc)
	if err != nil {
		return nil, err
	}
	hallSvc := hall.New(st, svc.Calendar, workday.DefaultHours().Loc)
	srv := server.New(st, st)
	a := auth.New(st)
	api.Mount(srv.Mux(), svc, hallSvc, a)
	if err := web.Mount(srv.Mux(), svc, hallSvc, a); err != nil {
		return nil, err
	}

	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go svc.RunSweeper(sctx, time.Minute) // the production default
	go hallSvc.RunSweeper(sctx, time.Minute)
	addr := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, "127.0.0.1:0", 10*time.Second, func(a net.Addr) { addr <- a }) }()
	cleanups = append(cleanups, func() error {
		cancel()
		return <-served
	})
	select {
	case a := <-addr:
		inst.url = "http://" + a.String()
	case err := <-served:
		served <- err // for the cleanup
		return nil, fmt.Errorf("start server: %w", err)
	}
	return inst, nil
}

// freshSchema creates a schema with a random name in the database at base
// and returns a URL whose search_path selects it, the server's version, and
// a function that drops the schema with everything in it. Nothing outside
// the new schema is touched.
func freshSchema(ctx context.Context, base string) (string, string, func() error, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "", "", nil, fmt.Errorf("database URL %s: must be postgres://user@host:port/db", redact(base))
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", nil, err
	}
	// Durability settings change the numbers more than anything else, so
	// they go into the report with the version.
	var version, fsync, syncCommit string
	if err := admin.QueryRowContext(ctx, `SELECT current_setting('server_version'), current_setting('fsync'),
		current_setting('synchronous_commit')`).Scan(&version, &fsync, &syncCommit); err != nil {
		admin.Close()
		return "", "", nil, fmt.Errorf("connect to %s: %w", redact(base), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return "", "", nil, fmt.Errorf("create schema %s: %w", schema, err)
	}
	drop := func() error {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			return fmt.Errorf("drop schema %s: %w", schema, err)
		}
		return nil
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	if i := strings.IndexByte(version, ' '); i > 0 {
		version = version[:i]
	}
	return u.String(), version + " on " + u.Host + ", fsync=" + fsync + ", synchronous_commit=" + syncCommit, drop, nil
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}
