package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"tongban/internal/fault"
	"tongban/internal/org"
)

// CreateSession stores a session under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, staffID int64, csrf string, expires time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, staff_id, csrf, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, staffID, csrf, expires.UTC())
		return err
	})
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		return err
	})
}

// DeleteExpiredSessions removes sessions that ended before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now.UTC())
		return err
	})
}

// Principal is a signed-in staff member with their unit.
type Principal struct {
	Staff org.Staff
	Unit  org.Unit
	CSRF  string
}

// SessionPrincipal returns who holds a live session.
func (s *Store) SessionPrincipal(ctx context.Context, tokenHash string, now time.Time) (Principal, error) {
	return s.principal(ctx, `SELECT `+prefixed("st.", staffColumns)+`, `+prefixed("u.", unitColumns)+`, x.csrf
		FROM sessions x JOIN staff st ON st.id = x.staff_id JOIN units u ON u.id = st.unit_id
		WHERE x.token_hash = $1 AND x.expires_at > $2 AND st.active`, tokenHash, now.UTC())
}

// TokenPrincipal returns who holds a live API token.
func (s *Store) TokenPrincipal(ctx context.Context, tokenHash string, now time.Time) (Principal, error) {
	return s.principal(ctx, `SELECT `+prefixed("st.", staffColumns)+`, `+prefixed("u.", unitColumns)+`, ''
		FROM api_tokens x JOIN staff st ON st.id = x.staff_id JOIN units u ON u.id = st.unit_id
		WHERE x.token_hash = $1 AND (x.expires_at IS NULL OR x.expires_at > $2) AND st.active`, tokenHash, now.UTC())
}

func (s *Store) principal(ctx context.Context, q string, args ...any) (Principal, error) {
	var p Principal
	var parent sql.NullInt64
	u := &p.Unit
	err := s.r.QueryRowContext(ctx, q, args...).Scan(&p.Staff.ID, &p.Staff.Username, &p.Staff.DisplayName, &p.Staff.Role,
		&p.Staff.UnitID, &p.Staff.Lang, &p.Staff.Active,
		&u.ID, &u.Code, &u.NameZH, &u.NameMN, &u.Kind, &u.RegionCode, &parent, &u.Active, &p.CSRF)
	u.ParentID = parent.Int64
	if errors.Is(err, sql.ErrNoRows) {
		return p, fault.New(fault.Unauthorized, "not signed in or the session has ended")
	}
	return p, err
}

// CreateToken stores an API token for a staff account (a system user).
func (s *Store) CreateToken(ctx context.Context, tokenHash string, staffID int64, name string, expires time.Time) error {
	var exp any
	if !expires.IsZero() {
		exp = expires.UTC()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, staff_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		tokenHash, staffID, name, time.Now().UTC(), exp)
	if isForeignKeyViolation(err) {
		return fault.Invalidf("staff_id", "staff %d does not exist", staffID)
	}
	return err
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i := range parts {
		parts[i] = p + strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ", ")
}
