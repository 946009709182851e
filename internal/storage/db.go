// Package storage holds all SQL of tongban. One SQL text serves SQLite and
// PostgreSQL ($N placeholders, RETURNING, ON CONFLICT); what really differs
// between the two lives in dialect.go and in the per-dialect migrations.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the database engine behind a Store.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options says which database to open.
type Options struct {
	// PostgresURL selects PostgreSQL when non-empty.
	PostgresURL string
	// SQLitePath is the database file used otherwise.
	SQLitePath string
}

// Store is the database: a write pool and a read pool. On SQLite the write
// pool has exactly one connection, because SQLite has one writer at a time and
// a queue in Go is cheaper than busy-waiting in the driver; on PostgreSQL both
// pools are the same.
type Store struct {
	w, r    *sql.DB
	dialect Dialect
	lock    *os.File

	writes      chan writeReq // group-commit queue, SQLite only
	batcherDone chan struct{}
}

// Open opens the database. It does not migrate; call Migrate.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.PostgresURL != "" {
		cfg, err := pgx.ParseConfig(o.PostgresURL)
		if err != nil {
			return nil, fmt.Errorf("TONGBAN_DATABASE_URL %s: %w", redact(o.PostgresURL), err)
		}
		// pgx prepares and caches statements; after five runs PostgreSQL
		// would switch a cached statement to a generic plan, which for the
		// list filters (a rare warning level, one unit among hundreds) is
		// the wrong plan by two orders of magnitude. Plan every run with
		// its values instead.
		cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s := &Store{w: db, r: db, dialect: Postgres}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to postgres %s: %w", redact(o.PostgresURL), err)
		}
		return s, nil
	}
	if err := os.MkdirAll(filepath.Dir(o.SQLitePath), 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	lock, err := lockFile(o.SQLitePath + ".lock")
	if err != nil {
		return nil, err
	}
	// busy_timeout comes first so that the pragmas after it wait instead of
	// failing while another connection holds the file.
	base := "file:" + filepath.ToSlash(o.SQLitePath) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_time_format=sqlite"
	w, err := sql.Open("sqlite-cached", base+"&_txlock=immediate")
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite-cached", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		lock.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s := &Store{w: w, r: r, dialect: SQLite, lock: lock}
	if err := w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", o.SQLitePath, err)
	}
	s.startBatcher()
	return s, nil
}

// lockFile takes an exclusive advisory lock so that a second tongban process
// on the same data dir stops with a clear message instead of sharing the
// SQLite file (and its single-writer pool assumption) with another process.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid, _ := os.ReadFile(path)
		f.Close()
		return nil, fmt.Errorf("data dir %s is in use by another tongban process (pid %s): %w", filepath.Dir(path), string(pid), err)
	}
	f.Truncate(0)
	f.WriteString(strconv.Itoa(os.Getpid()))
	return f, nil
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}

// Dialect returns the engine behind s.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes both pools and releases the data-dir lock.
func (s *Store) Close() error {
	if s.writes != nil {
		close(s.writes)
		<-s.batcherDone
	}
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	if s.lock != nil {
		err = errors.Join(err, s.lock.Close())
	}
	return err
}

// PoolStats returns the statistics of the write and read pools for /metrics.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.r == s.w {
		return map[string]sql.DBStats{"main": s.w.Stats()}
	}
	return map[string]sql.DBStats{"write": s.w.Stats(), "read": s.r.Stats()}
}

// Ready reports whether the database answers and every migration is applied.
func (s *Store) Ready(ctx context.Context) error {
	v, err := s.Version(ctx)
	if err != nil {
		return err
	}
	if want := latestVersion(s.dialect); v != want {
		return fmt.Errorf("schema at version %d, want %d", v, want)
	}
	return nil
}

// inTx runs fn in a write transaction and commits it, or rolls back on error.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Analyze refreshes the planner's statistics; run it after loading many
// rows at once (an import, a benchmark) so the next queries are planned
// on the real table sizes.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.w.ExecContext(ctx, `ANALYZE`)
	return err
}
