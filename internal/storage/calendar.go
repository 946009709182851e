package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"tongban/internal/workday"
)

// SaveSchedule replaces one year's official schedule (off days and make-up
// working days) in one transaction.
func (s *Store) SaveSchedule(ctx context.Context, sc workday.Schedule) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE year = $1`, sc.Year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, papers, loaded_at) VALUES ($1, $2, $3)
			ON CONFLICT (year) DO UPDATE SET papers = excluded.papers, loaded_at = excluded.loaded_at`,
			sc.Year, strings.Join(sc.Papers, "\n"), time.Now().UTC()); err != nil {
			return err
		}
		for _, d := range sc.Days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (day, year, name, off_day) VALUES ($1, $2, $3, $4)`,
				d.Date.String(), sc.Year, d.Name, d.OffDay); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteSchedule removes a year's schedule, so that deadlines in that year
// report a missing schedule again.
func (s *Store) DeleteSchedule(ctx context.Context, year int) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM calendar_years WHERE year = $1`, year)
	if err != nil {
		return err
	}
	return mustAffect(res, "schedule for %d", year)
}

// Schedules returns every stored schedule ordered by year.
func (s *Store) Schedules(ctx context.Context) ([]workday.Schedule, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT y.year, y.papers, d.day, d.name, d.off_day
		FROM calendar_years y LEFT JOIN calendar_days d ON d.year = y.year ORDER BY y.year, d.day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workday.Schedule
	for rows.Next() {
		var year int
		var papers string
		var day, name sql.NullString
		var off sql.NullBool
		if err := rows.Scan(&year, &papers, &day, &name, &off); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Year != year {
			sc := workday.Schedule{Year: year}
			if papers != "" {
				sc.Papers = strings.Split(papers, "\n")
			}
			out = append(out, sc)
		}
		if day.Valid {
			d, err := workday.ParseDate(day.String)
			if err != nil {
				return nil, err
			}
			sc := &out[len(out)-1]
			sc.Days = append(sc.Days, workday.Day{Date: d, Name: name.String, OffDay: off.Bool})
		}
	}
	return out, rows.Err()
}

// Setting returns a stored setting, or def when it is not set.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return def, nil
	}
	return v, err
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, time.Now().UTC())
	return err
}
