package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongban/internal/fault"
	"tongban/internal/org"
)

const unitColumns = `id, code, name_zh, name_mn, kind, region_code, parent_id, active`

func scanUnit(row interface{ Scan(...any) error }) (org.Unit, error) {
	var u org.Unit
	var parent sql.NullInt64
	err := row.Scan(&u.ID, &u.Code, &u.NameZH, &u.NameMN, &u.Kind, &u.RegionCode, &parent, &u.Active)
	u.ParentID = parent.Int64
	return u, err
}

// CreateUnit inserts a unit and returns it with its id.
func (s *Store) CreateUnit(ctx context.Context, u org.Unit) (org.Unit, error) {
	if err := u.Validate(); err != nil {
		return u, err
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO units (code, name_zh, name_mn, kind, region_code, parent_id, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		u.Code, u.NameZH, u.NameMN, u.Kind, u.RegionCode, nullInt(u.ParentID), u.Active, time.Now().UTC()).Scan(&u.ID)
	return u, unitError(err, u)
}

// UpdateUnit changes a unit's names, kind, region, parent and active flag.
func (s *Store) UpdateUnit(ctx context.Context, u org.Unit) error {
	if err := u.Validate(); err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE units SET code = $1, name_zh = $2, name_mn = $3, kind = $4, region_code = $5,
		parent_id = $6, active = $7 WHERE id = $8`,
		u.Code, u.NameZH, u.NameMN, u.Kind, u.RegionCode, nullInt(u.ParentID), u.Active, u.ID)
	if err != nil {
		return unitError(err, u)
	}
	return mustAffect(res, "unit %d", u.ID)
}

func unitError(err error, u org.Unit) error {
	switch {
	case err == nil:
		return nil
	case isUniqueViolation(err):
		return fault.Conflictf("unit code %q is taken", u.Code).WithKey("unit.code_taken", map[string]any{"code": u.Code})
	case isForeignKeyViolation(err):
		return fault.Invalidf("region_code", "region %s or parent unit %d does not exist", u.RegionCode, u.ParentID)
	}
	return fmt.Errorf("save unit %s: %w", u.Code, err)
}

// Unit returns one unit by id.
func (s *Store) Unit(ctx context.Context, id int64) (org.Unit, error) {
	u, err := scanUnit(s.r.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fault.NotFoundf("unit %d not found", id)
	}
	return u, err
}

// Units returns every unit ordered by region and code.
func (s *Store) Units(ctx context.Context) ([]org.Unit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+unitColumns+` FROM units ORDER BY region_code, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var us []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

func mustAffect(res sql.Result, format string, a ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fault.NotFoundf(format+" not found", a...)
	}
	return nil
}
