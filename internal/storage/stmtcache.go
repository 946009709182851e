package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// The pure-Go SQLite driver prepares, runs and finalises a statement for
// every Exec and Query that database/sql hands it, so each call parses its
// SQL again: a fifth of the CPU of order intake went to SQLite's parser.
// cachingDriver keeps each connection's prepared statements by SQL text and
// reuses them. Statements with several commands (migrations) pass through,
// as does a statement whose previous result set is still open.
func init() { sql.Register("sqlite-cached", cachingDriver{&sqlite.Driver{}}) }

type cachingDriver struct{ d *sqlite.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: c, stmts: map[string]*cachedStmt{}}, nil
}

// maxCached bounds a connection's cache; the queries are a fixed set, but
// list filters build their text from the filters given.
const maxCached = 256

type cachedStmt struct {
	driver.Stmt
	busy bool // a result set of it is open
}

type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

func single(q string) bool {
	q = strings.TrimRight(strings.TrimSpace(q), ";")
	return !strings.Contains(q, ";")
}

func (c *cachingConn) stmt(ctx context.Context, q string) (*cachedStmt, error) {
	if s, ok := c.stmts[q]; ok && !s.busy {
		return s, nil
	}
	ds, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s := &cachedStmt{Stmt: ds}
	if _, ok := c.stmts[q]; !ok {
		if len(c.stmts) >= maxCached {
			for k, old := range c.stmts {
				if !old.busy {
					old.Close()
					delete(c.stmts, k)
				}
			}
		}
		c.stmts[q] = s
	}
	return s, nil
}

// ExecContext implements driver.ExecerContext.
func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if !single(q) {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
	}
	s, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	if c.stmts[q] != s {
		s.Close()
	}
	return r, err
}

// QueryContext implements driver.QueryerContext.
func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	if !single(q) {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
	}
	s, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		if c.stmts[q] != s {
			s.Close()
		}
		return nil, err
	}
	s.busy = true
	return &cachedRows{Rows: rows, s: s, own: c.stmts[q] != s}, nil
}

type cachedRows struct {
	driver.Rows
	s   *cachedStmt
	own bool // not in the cache: close the statement with the rows
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.s.busy = false
	if r.own {
		r.s.Close()
	}
	return err
}

// Close finalises the cached statements, then the connection.
func (c *cachingConn) Close() error {
	for _, s := range c.stmts {
		s.Close()
	}
	return c.Conn.Close()
}

// The rest passes through to the driver's connection.

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *cachingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *cachingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *cachingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}
