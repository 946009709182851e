package storage

import (
	"context"
	"database/sql"
	"fmt"

	"tongban/internal/region"
)

// ImportRegions inserts or updates regions (parents before children) in one
// transaction: either all rows land or none.
func (s *Store) ImportRegions(ctx context.Context, rs []region.Region) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO regions (code, name_zh, name_mn, level, parent_code)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, level = excluded.level,
				parent_code = excluded.parent_code,
				name_mn = CASE WHEN excluded.name_mn = '' THEN regions.name_mn ELSE excluded.name_mn END`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rs {
			if _, err := stmt.ExecContext(ctx, r.Code, r.Name, r.NameMN, int(r.Level), nullString(r.Parent)); err != nil {
				return fmt.Errorf("region %s: %w", r.Code, err)
			}
		}
		return nil
	})
}

// Regions returns every region ordered by level and code.
func (s *Store) Regions(ctx context.Context) ([]region.Region, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name_zh, name_mn, level, parent_code FROM regions ORDER BY level, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []region.Region
	for rows.Next() {
		var r region.Region
		var parent sql.NullString
		var level int
		if err := rows.Scan(&r.Code, &r.Name, &r.NameMN, &level, &parent); err != nil {
			return nil, err
		}
		r.Level, r.Parent = region.Level(level), parent.String
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// SetRegionNameMN records the Mongolian name of a region once a translator
// has supplied it.
func (s *Store) SetRegionNameMN(ctx context.Context, code, name string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE regions SET name_mn = $1 WHERE code = $2`, name, code)
	if err != nil {
		return err
	}
	return mustAffect(res, "region %s", code)
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullInt(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }
