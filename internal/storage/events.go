package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// eventLog describes one hash-chained event log: a projection table whose
// rows own the streams (one order, one application), the table of their
// events and the stream names. Work orders and applications share
// everything below; only the projections differ.
type eventLog struct {
	kind   string // "order", "application": for messages and error keys
	prefix string // stream prefix, e.g. "order:" (eventlog.Event.Stream)
	parent string // projection table, with columns id, no, version
	table  string // events table
	fk     string // the events table's column referencing parent.id
}

var (
	orderLog       = eventLog{kind: "order", prefix: "order:", parent: "orders", table: "order_events", fk: "order_id"}
	applicationLog = eventLog{kind: "application", prefix: "app:", parent: "applications", table: "application_events", fk: "application_id"}
)

// appendEvents numbers, seals and stores events after version expected of
// the stream owned by row id, chaining them to the last stored event. The
// primary key (row, seq) turns a concurrent append into a conflict.
func (l eventLog) appendEvents(ctx context.Context, tx *sql.Tx, id int64, no string, expected int64, events []eventlog.Event) error {
	prev := ""
	if expected > 0 && len(events) > 0 {
		if err := tx.QueryRowContext(ctx, `SELECT hash FROM `+l.table+` WHERE `+l.fk+` = $1 AND seq = $2`, id, expected).Scan(&prev); err != nil {
			return fmt.Errorf("%s %s: read last event: %w", l.kind, no, err)
		}
	}
	for i := range events {
		e := &events[i]
		e.Seq = expected + int64(i) + 1
		e.Seal(prev)
		prev = e.Hash
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+l.table+` (`+l.fk+`, seq, type, at, actor_id, unit_id, payload, prev, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, e.Seq, e.Type, e.At, e.ActorID, e.UnitID, string(e.Payload), e.Prev, e.Hash); err != nil {
			if isUniqueViolation(err) {
				return fault.Conflictf("%s %s changed meanwhile", l.kind, no)
			}
			return fmt.Errorf("%s %s: append event: %w", l.kind, no, err)
		}
	}
	return nil
}

// stale explains why an optimistic update of row no at version expected
// matched nothing: the row does not exist, or it is at another version
// (a fault.Conflict with key "<kind>.stale").
func (l eventLog) stale(ctx context.Context, tx *sql.Tx, no string, expected int64) error {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT version FROM `+l.parent+` WHERE no = $1`, no).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return fault.NotFoundf("%s %s not found", l.kind, no).WithKey(l.kind+".not_found", map[string]any{"no": no})
	}
	if err != nil {
		return err
	}
	e := fault.Conflictf("%s %s is at version %d, not %d: it changed meanwhile", l.kind, no, v, expected)
	e.Key = l.kind + ".stale"
	return e
}

// events returns the events of stream no in order.
func (s *Store) events(ctx context.Context, l eventLog, no string) ([]eventlog.Event, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.seq, e.type, e.at, e.actor_id, e.unit_id, e.payload, e.prev, e.hash
		FROM `+l.table+` e JOIN `+l.parent+` p ON p.id = e.`+l.fk+` WHERE p.no = $1 ORDER BY e.seq`, no)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []eventlog.Event
	for rows.Next() {
		e := eventlog.Event{Stream: l.prefix + no}
		var payload string
		if err := rows.Scan(&e.Seq, &e.Type, &e.At, &e.ActorID, &e.UnitID, &payload, &e.Prev, &e.Hash); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		e.Payload = []byte(payload)
		out = append(out, e)
	}
	return out, rows.Err()
}

// verify checks the hash chain of every stream of the log and calls bad
// for each stream whose events were edited, deleted or reordered, or that
// has none. It returns the number of streams checked.
func (s *Store) verify(ctx context.Context, l eventLog, bad func(no string, err error)) (int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.no, p.version, e.seq, e.type, e.at, e.actor_id, e.unit_id, e.payload, e.prev, e.hash
		FROM `+l.parent+` p LEFT JOIN `+l.table+` e ON e.`+l.fk+` = p.id ORDER BY p.id, e.seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var cur string
	var version int
	var events []eventlog.Event
	flush := func() {
		if cur == "" {
			return
		}
		n++
		switch err := eventlog.Verify(events); {
		case len(events) == 0:
			bad(cur, fmt.Errorf("%s%s: has no events", l.prefix, cur))
		case err != nil:
			bad(cur, err)
		case len(events) != version:
			// A chain cut at its end still verifies; the projection's
			// version, written in the same transactions, tells.
			bad(cur, fmt.Errorf("%s%s: the log ends at event %d but the record is at version %d (events removed from the end)",
				l.prefix, cur, len(events), version))
		}
	}
	for rows.Next() {
		var no string
		var v int
		var seq sql.NullInt64
		var typ, payload, prev, hash sql.NullString
		var at sql.NullTime
		var actor, unit sql.NullInt64
		if err := rows.Scan(&no, &v, &seq, &typ, &at, &actor, &unit, &payload, &prev, &hash); err != nil {
			return n, err
		}
		if no != cur {
			flush()
			cur, version, events = no, v, events[:0]
		}
		if seq.Valid {
			events = append(events, eventlog.Event{Stream: l.prefix + no, Seq: seq.Int64, Type: typ.String, At: at.Time.UTC(),
				ActorID: actor.Int64, UnitID: unit.Int64, Payload: []byte(payload.String), Prev: prev.String, Hash: hash.String})
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	flush()
	return n, nil
}

// ChainCounts says how many streams of each log VerifyChains checked.
type ChainCounts struct {
	Orders       int
	Applications int
}

// VerifyChains checks the hash chains of every work order and every
// application and calls bad for each stream that was tampered with; kind is
// "order" or "application". It is what `tongban audit verify` runs.
func (s *Store) VerifyChains(ctx context.Context, bad func(kind, no string, err error)) (ChainCounts, error) {
	var c ChainCounts
	var err error
	if c.Orders, err = s.verify(ctx, orderLog, func(no string, err error) { bad(orderLog.kind, no, err) }); err != nil {
		return c, fmt.Errorf("verify orders: %w", err)
	}
	if c.Applications, err = s.verify(ctx, applicationLog, func(no string, err error) { bad(applicationLog.kind, no, err) }); err != nil {
		return c, fmt.Errorf("verify applications: %w", err)
	}
	return c, nil
}

// addOutbox queues a message for the event bus in the writing transaction,
// so that it is published if and only if the change is committed.
func addOutbox(ctx context.Context, tx *sql.Tx, subject, payload string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (subject, payload, created_at) VALUES ($1, $2, $3)`, subject, payload, now)
	return err
}
