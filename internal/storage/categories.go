package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongban/internal/category"

	"tongban/internal/fault"
)

// Category is a node of the request category tree (see package category).
type Category = category.Category

// ReplaceCategories stores a whole category tree (parents first), replacing
// names of existing codes and adding new ones, in one transaction. Codes in
// use by orders are never deleted; missing ones are marked inactive.
func (s *Store) ReplaceCategories(ctx context.Context, cs []Category) error {
	if err := category.Validate(cs); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE categories SET active = FALSE`); err != nil {
			return err
		}
		for _, c := range cs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO categories (code, parent_code, name_zh, name_mn, position, active)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code,
				name_zh = excluded.name_zh, name_mn = CASE WHEN excluded.name_mn = '' THEN categories.name_mn ELSE excluded.name_mn END,
				position = excluded.position, active = excluded.active`,
				c.Code, nullString(c.Parent), c.NameZH, c.NameMN, c.Position, c.Active); err != nil {
				if isForeignKeyViolation(err) {
					return fault.Invalidf("parent", "category %s: parent %s does not exist", c.Code, c.Parent)
				}
				return fmt.Errorf("category %s: %w", c.Code, err)
			}
		}
		return nil
	})
}

// Categories returns the category tree in display order.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, parent_code, name_zh, name_mn, position, active FROM categories ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		var parent sql.NullString
		if err := rows.Scan(&c.Code, &parent, &c.NameZH, &c.NameMN, &c.Position, &c.Active); err != nil {
			return nil, err
		}
		c.Parent = parent.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutBlob stores a file's bytes under their SHA-256; storing the same bytes
// twice keeps one copy.
func (s *Store) PutBlob(ctx context.Context, sha, contentType string, b []byte) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, content_type, size, content, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (sha256) DO NOTHING`, sha, contentType, len(b), b, time.Now().UTC())
		return err
	})
}

// Blob returns a stored file.
func (s *Store) Blob(ctx context.Context, sha string) (string, []byte, error) {
	var ct string
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT content_type, content FROM blobs WHERE sha256 = $1`, sha).Scan(&ct, &b)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, fault.NotFoundf("attachment %s not found", sha)
	}
	return ct, b, err
}

// CategoryExists reports whether an active category has the code.
func (s *Store) CategoryExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM categories WHERE code = $1 AND active`, code).Scan(&n)
	return n > 0, err
}
