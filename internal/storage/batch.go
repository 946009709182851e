package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// On SQLite a durable commit costs one fsync of the WAL (≈ 0.4 ms here), so
// one transaction per request caps throughput at a few thousand writes a
// second however fast the rest is. The batcher is group commit: concurrent
// writes queue, one goroutine runs everything waiting in one transaction,
// each write inside its own savepoint so a failing write is undone alone,
// and all of them share one fsync. PostgreSQL does group commit itself, so
// there each write is its own transaction.

type writeReq struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error
}

const maxBatch = 256

func (s *Store) startBatcher() {
	s.writes = make(chan writeReq, maxBatch)
	s.batcherDone = make(chan struct{})
	go s.batchLoop()
}

func (s *Store) batchLoop() {
	defer close(s.batcherDone)
	for first := range s.writes {
		batch := []writeReq{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-s.writes:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.runBatch(batch)
	}
}

func (s *Store) runBatch(batch []writeReq) {
	errs := make([]error, len(batch))
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.Exec(`SAVEPOINT w`); err != nil {
			errs[i] = err
			continue
		}
		if err := r.fn(tx); err != nil {
			errs[i] = err
			if _, rerr := tx.Exec(`ROLLBACK TO w`); rerr != nil {
				errs[i] = fmt.Errorf("%w (and rollback: %v)", err, rerr)
			}
		}
		tx.Exec(`RELEASE w`)
	}
	cerr := tx.Commit()
	for i, r := range batch {
		if errs[i] == nil && cerr != nil {
			errs[i] = fmt.Errorf("commit: %w", cerr)
		}
		r.done <- errs[i]
	}
}

// write runs fn in a write transaction: batched with other writes on
// SQLite, alone on PostgreSQL. fn must only use tx and may be undone alone.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.writes == nil {
		return s.inTx(ctx, fn)
	}
	r := writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.writes <- r:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}
