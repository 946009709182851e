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

const staffColumns = `id, username, display_name, role, unit_id, lang, active`

func scanStaff(row interface{ Scan(...any) error }, extra ...any) (org.Staff, error) {
	var st org.Staff
	err := row.Scan(append([]any{&st.ID, &st.Username, &st.DisplayName, &st.Role, &st.UnitID, &st.Lang, &st.Active}, extra...)...)
	return st, err
}

// CreateStaff inserts a staff account with an already hashed password.
func (s *Store) CreateStaff(ctx context.Context, st org.Staff, passwordHash string) (org.Staff, error) {
	if err := st.Validate(); err != nil {
		return st, err
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO staff (username, display_name, password_hash, role, unit_id, lang, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		st.Username, st.DisplayName, passwordHash, st.Role, st.UnitID, st.Lang, st.Active, time.Now().UTC()).Scan(&st.ID)
	switch {
	case err == nil:
		return st, nil
	case isUniqueViolation(err):
		return st, fault.Conflictf("username %q is taken", st.Username).WithKey("staff.username_taken", map[string]any{"username": st.Username})
	case isForeignKeyViolation(err):
		return st, fault.Invalidf("unit_id", "unit %d does not exist", st.UnitID)
	}
	return st, fmt.Errorf("create staff %s: %w", st.Username, err)
}

// UpdateStaff changes an account's name, role, unit, language and active flag.
func (s *Store) UpdateStaff(ctx context.Context, st org.Staff) error {
	if err := st.Validate(); err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE staff SET display_name = $1, role = $2, unit_id = $3, lang = $4, active = $5 WHERE id = $6`,
		st.DisplayName, st.Role, st.UnitID, st.Lang, st.Active, st.ID)
	if isForeignKeyViolation(err) {
		return fault.Invalidf("unit_id", "unit %d does not exist", st.UnitID)
	}
	if err != nil {
		return err
	}
	return mustAffect(res, "staff %d", st.ID)
}

// SetStaffLang records a user's chosen language.
func (s *Store) SetStaffLang(ctx context.Context, id int64, lang string) error {
	if lang != "zh" && lang != "mn" {
		return fault.Invalidf("lang", "must be zh or mn")
	}
	res, err := s.w.ExecContext(ctx, `UPDATE staff SET lang = $1 WHERE id = $2`, lang, id)
	if err != nil {
		return err
	}
	return mustAffect(res, "staff %d", id)
}

// SetPassword replaces an account's password hash.
func (s *Store) SetPassword(ctx context.Context, id int64, passwordHash string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE staff SET password_hash = $1 WHERE id = $2`, passwordHash, id)
	if err != nil {
		return err
	}
	return mustAffect(res, "staff %d", id)
}

// StaffByUsername returns an account and its password hash, for logging in.
func (s *Store) StaffByUsername(ctx context.Context, username string) (org.Staff, string, error) {
	var hash string
	st, err := scanStaff(s.r.QueryRowContext(ctx, `SELECT `+staffColumns+`, password_hash FROM staff WHERE username = $1`, username), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return st, "", fault.NotFoundf("staff %q not found", username)
	}
	return st, hash, err
}

// StaffMember returns one account by id.
func (s *Store) StaffMember(ctx context.Context, id int64) (org.Staff, error) {
	st, err := scanStaff(s.r.QueryRowContext(ctx, `SELECT `+staffColumns+` FROM staff WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, fault.NotFoundf("staff %d not found", id)
	}
	return st, err
}

// StaffList returns the accounts of one unit, or of all units when unitID is 0.
func (s *Store) StaffList(ctx context.Context, unitID int64) ([]org.Staff, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+staffColumns+` FROM staff WHERE $1 = 0 OR unit_id = $1 ORDER BY username`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
