package storage

import (
	"context"
	"database/sql"
	"time"
)

// OutboxMessage is an event notification written in the same transaction
// as the change it reports, waiting to be published.
type OutboxMessage struct {
	ID      int64
	Subject string
	Payload []byte
}

// PublishOutbox hands up to limit unpublished messages, oldest first, to
// publish and marks those it accepted as published, in one transaction. On
// PostgreSQL the rows are locked with SKIP LOCKED, so several processes
// publish different messages; publishing is at least once (a crash after
// publishing and before the commit publishes again), which NATS JetStream
// deduplicates by message ID.
func (s *Store) PublishOutbox(ctx context.Context, limit int, publish func(OutboxMessage) error) (int, error) {
	q := `SELECT id, subject, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`
	if s.dialect == Postgres {
		q += ` FOR UPDATE SKIP LOCKED`
	}
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, limit)
		if err != nil {
			return err
		}
		var msgs []OutboxMessage
		for rows.Next() {
			var m OutboxMessage
			var p string
			if err := rows.Scan(&m.ID, &m.Subject, &p); err != nil {
				rows.Close()
				return err
			}
			m.Payload = []byte(p)
			msgs = append(msgs, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, m := range msgs {
			if err := publish(m); err != nil {
				return nil // keep what was published so far; the rest waits
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET published_at = $1 WHERE id = $2`, now, m.ID); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// OutboxPending counts unpublished messages.
func (s *Store) OutboxPending(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE published_at IS NULL`).Scan(&n)
	return n, err
}
