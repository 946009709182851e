// Package storagetest opens real databases for tests: an SQLite file in a
// temporary directory, and — when TONGBAN_TEST_POSTGRES is set — a fresh
// schema in that PostgreSQL database, so the same test body runs on both.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"tongban/internal/storage"
)

// Backend is one database a test runs on.
type Backend struct {
	Name string
	Open func(tb testing.TB) *storage.Store
}

// Backends returns SQLite and, when configured, PostgreSQL. With CI=true a
// missing TONGBAN_TEST_POSTGRES fails the test instead of skipping it.
func Backends(tb testing.TB) []Backend {
	tb.Helper()
	bs := []Backend{{"sqlite", OpenSQLite}}
	if os.Getenv("TONGBAN_TEST_POSTGRES") != "" {
		bs = append(bs, Backend{"postgres", OpenPostgres})
	} else if os.Getenv("CI") == "true" {
		tb.Fatal("CI=true but TONGBAN_TEST_POSTGRES is not set: the PostgreSQL half of the suite must run in CI")
	}
	return bs
}

// Each runs fn as a subtest on every backend with a freshly migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Open(t)) })
	}
}

// OpenSQLite opens a migrated SQLite store in a temporary directory.
func OpenSQLite(tb testing.TB) *storage.Store {
	tb.Helper()
	s, err := storage.Open(context.Background(), storage.Options{SQLitePath: filepath.Join(tb.TempDir(), "tongban.db")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}

// OpenPostgres opens a migrated store in a new schema of the database named
// by TONGBAN_TEST_POSTGRES; the schema is dropped when the test ends.
func OpenPostgres(tb testing.TB) *storage.Store {
	tb.Helper()
	s, _ := openPostgres(tb, true)
	return s
}

// PostgresURL returns a URL for a fresh, empty schema (dropped at cleanup),
// for tests that start the whole program against PostgreSQL.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	_, u := openPostgres(tb, false)
	return u
}

func openPostgres(tb testing.TB, open bool) (*storage.Store, string) {
	base := os.Getenv("TONGBAN_TEST_POSTGRES")
	if base == "" {
		tb.Skip("TONGBAN_TEST_POSTGRES is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema on %s: %v", base, err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	if !open {
		return nil, u.String()
	}
	s, err := storage.Open(context.Background(), storage.Options{PostgresURL: u.String()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s, u.String()
}
