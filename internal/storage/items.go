package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
)

// SaveDepartments stores the departments that own service items, inserting
// new keys and updating the names, levels and regions of known ones; their
// order is kept for lists.
func (s *Store) SaveDepartments(ctx context.Context, ds []catalog.Department) error {
	var errs fault.List
	for i, d := range ds {
		if d.Key == "" || strings.Trim(d.Key, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" || len(d.Key) > 64 {
			errs.Add(fmt.Sprintf("departments[%d].key", i), "%q must be 1 to 64 lower-case letters, digits, '-' or '_'", d.Key)
		}
		if d.NameZH == "" || len(d.Region) != 12 || d.Level != "league" && d.Level != "banner" {
			errs.Add(fmt.Sprintf("departments[%d]", i), "department %s needs a name, level league or banner and a 12-digit region", d.Key)
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO departments (key, name_zh, level, region_code, position) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (key) DO UPDATE SET name_zh = excluded.name_zh, level = excluded.level, region_code = excluded.region_code,
			position = excluded.position`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, d := range ds {
			if _, err := stmt.ExecContext(ctx, d.Key, d.NameZH, d.Level, d.Region, i); err != nil {
				return fmt.Errorf("department %s: %w", d.Key, err)
			}
		}
		return nil
	})
}

// Departments returns every department in its stored order.
func (s *Store) Departments(ctx context.Context) ([]catalog.Department, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, name_zh, level, region_code FROM departments ORDER BY position, key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Department
	for rows.Next() {
		var d catalog.Department
		if err := rows.Scan(&d.Key, &d.NameZH, &d.Level, &d.Region); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DepartmentUnit says which organisation unit handles a department's items
// for a region: the league's department for the league (and for banners
// without their own bureau), a banner's bureau for its banner.
type DepartmentUnit struct {
	Department string `json:"department"`
	RegionCode string `json:"region_code"`
	UnitID     int64  `json:"unit_id"`
}

// SetDepartmentUnits stores routing rows, replacing the unit of a
// department and region already routed.
func (s *Store) SetDepartmentUnits(ctx context.Context, rows []DepartmentUnit) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO department_units (department, region_code, unit_id) VALUES ($1, $2, $3)
			ON CONFLICT (department, region_code) DO UPDATE SET unit_id = excluded.unit_id`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r.Department, r.RegionCode, r.UnitID); err != nil {
				if isForeignKeyViolation(err) {
					return fault.Invalidf("department", "department %s or unit %d does not exist", r.Department, r.UnitID)
				}
				return fmt.Errorf("route department %s in %s: %w", r.Department, r.RegionCode, err)
			}
		}
		return nil
	})
}

// DepartmentUnits returns every routing row ordered by department and region.
func (s *Store) DepartmentUnits(ctx context.Context) ([]DepartmentUnit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT department, region_code, unit_id FROM department_units ORDER BY department, region_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DepartmentUnit
	for rows.Next() {
		var r DepartmentUnit
		if err := rows.Scan(&r.Department, &r.RegionCode, &r.UnitID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DepartmentUnit returns the unit that handles a department's items for a
// region (a 12-digit code of the league or a banner).
func (s *Store) DepartmentUnit(ctx context.Context, department, region string) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT unit_id FROM department_units WHERE department = $1 AND region_code = $2`, department, region).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fault.NotFoundf("no unit handles department %s in region %s", department, region).
			WithKey("department.no_unit", map[string]any{"department": department, "region": region})
	}
	return id, err
}

// ImportItems inserts or updates items by code in one transaction: all of
// them or, on any error, none. Items missing from the list are kept, so
// that applications never lose their item. It returns how many items were
// stored. The caller validates the items (catalog.ImportCSV does); an item
// of an unknown department is refused here.
func (s *Store) ImportItems(ctx context.Context, items []catalog.Item) (int, error) {
	docs := make([]string, len(items))
	for i, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return 0, err
		}
		docs[i] = string(b)
	}
	now := time.Now().UTC()
	err := s.write(ctx, func(tx *sql.Tx) error {
		// One prepared statement for the whole file: a catalog at the
		// source's scale (2,964 items) is one round trip per row and one
		// commit.
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO items (code, department, name_zh, name_mn, kind, online_depth, league_wide,
			notify_commit, legal_days, promised_days, active, updated_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (code) DO UPDATE SET department = excluded.department, name_zh = excluded.name_zh, name_mn = excluded.name_mn,
			kind = excluded.kind, online_depth = excluded.online_depth, league_wide = excluded.league_wide,
			notify_commit = excluded.notify_commit, legal_days = excluded.legal_days, promised_days = excluded.promised_days,
			active = excluded.active, updated_at = excluded.updated_at, doc = excluded.doc`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, it := range items {
			if _, err := stmt.ExecContext(ctx, it.Code, it.Department, it.NameZH, it.NameMN, string(it.Kind), string(it.OnlineDepth),
				it.LeagueWide, it.NotifyCommit, it.LegalDays, it.PromisedDays, it.Active, now, docs[i]); err != nil {
				if isForeignKeyViolation(err) {
					return fault.Invalidf("department", "item %s: department %q does not exist", it.Code, it.Department).
						WithKey("catalog.unknown_department", map[string]any{"item": it.Code, "department": it.Department})
				}
				return fmt.Errorf("item %s: %w", it.Code, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(items), nil
}

// Item returns one item by code.
func (s *Store) Item(ctx context.Context, code string) (catalog.Item, error) {
	var doc string
	err := s.r.QueryRowContext(ctx, `SELECT doc FROM items WHERE code = $1`, code).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.Item{}, fault.NotFoundf("item %s not found", code).WithKey("item.not_found", map[string]any{"code": code})
	}
	if err != nil {
		return catalog.Item{}, err
	}
	var it catalog.Item
	if err := json.Unmarshal([]byte(doc), &it); err != nil {
		return it, fmt.Errorf("item %s: decode: %w", code, err)
	}
	return it, nil
}

// ItemFilter selects items. Zero fields do not filter.
type ItemFilter struct {
	Department  string
	Kind        string
	OnlineDepth string
	LeagueWide  *bool
	Active      *bool
	Text        string // in the Chinese or Mongolian name, or the code's start
	After       string // cursor: items with a code after this one
	Limit       int    // 0 means every matching item
}

// Items returns items ordered by code, and the cursor of the next page
// ("" when there is none or no limit was given).
func (s *Store) Items(ctx context.Context, f ItemFilter) ([]catalog.Item, string, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Department != "" {
		where = append(where, "department = "+arg(f.Department))
	}
	if f.Kind != "" {
		where = append(where, "kind = "+arg(f.Kind))
	}
	if f.OnlineDepth != "" {
		where = append(where, "online_depth = "+arg(f.OnlineDepth))
	}
	if f.LeagueWide != nil {
		where = append(where, "league_wide = "+arg(*f.LeagueWide))
	}
	if f.Active != nil {
		where = append(where, "active = "+arg(*f.Active))
	}
	if f.Text != "" {
		p := arg("%" + likeEscape(f.Text) + "%")
		where = append(where, "(name_zh LIKE "+p+` ESCAPE '\' OR name_mn LIKE `+p+` ESCAPE '\' OR code LIKE `+arg(likeEscape(strings.ToUpper(f.Text))+"%")+` ESCAPE '\')`)
	}
	if f.After != "" {
		where = append(where, "code > "+arg(f.After))
	}
	q := `SELECT doc FROM items`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY code"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit+1)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list items: %w", err)
	}
	defer rows.Close()
	var out []catalog.Item
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, "", err
		}
		var it catalog.Item
		if err := json.Unmarshal([]byte(doc), &it); err != nil {
			return nil, "", err
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[f.Limit-1].Code
	}
	return out, next, nil
}

// CountItems returns the number of items in the catalog.
func (s *Store) CountItems(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM items`).Scan(&n)
	return n, err
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SaveBundles stores "one thing" bundles (一件事), replacing those with the
// same code.
func (s *Store) SaveBundles(ctx context.Context, bs []application.Bundle) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		for i, b := range bs {
			if b.Code == "" || b.NameZH == "" || len(b.Items) == 0 {
				return fault.Invalidf("bundles", "bundle %d needs a code, a name and items", i)
			}
			doc, err := json.Marshal(b)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO bundles (code, name_zh, position, doc) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, position = excluded.position, doc = excluded.doc`,
				b.Code, b.NameZH, i, string(doc)); err != nil {
				return fmt.Errorf("bundle %s: %w", b.Code, err)
			}
		}
		return nil
	})
}

// Bundles returns every bundle in its stored order.
func (s *Store) Bundles(ctx context.Context) ([]application.Bundle, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT doc FROM bundles ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []application.Bundle
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var b application.Bundle
		if err := json.Unmarshal([]byte(doc), &b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Bundle returns one bundle by code.
func (s *Store) Bundle(ctx context.Context, code string) (application.Bundle, error) {
	var doc string
	err := s.r.QueryRowContext(ctx, `SELECT doc FROM bundles WHERE code = $1`, code).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return application.Bundle{}, fault.NotFoundf("bundle %s not found", code).WithKey("bundle.not_found", map[string]any{"code": code})
	}
	if err != nil {
		return application.Bundle{}, err
	}
	var b application.Bundle
	return b, json.Unmarshal([]byte(doc), &b)
}
