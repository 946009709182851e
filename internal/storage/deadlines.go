package storage

import (
	"context"

	"tongban/internal/fault"
	"tongban/internal/workorder"
)

// DeadlineOverride replaces the default time limits for a category (and the
// categories below it) at one urgency.
type DeadlineOverride struct {
	Category string           `json:"category"`
	Urgency  string           `json:"urgency"`
	Limits   workorder.Limits `json:"limits"`
}

// Validate checks an override's fields.
func (o DeadlineOverride) Validate() error {
	var errs fault.List
	if o.Category == "" {
		errs.Add("category", "is required")
	}
	if o.Urgency != "normal" && o.Urgency != "urgent" {
		errs.Add("urgency", "must be normal or urgent")
	}
	l := o.Limits
	for _, f := range []struct {
		name string
		v    int
	}{{"dispatch_hours", l.DispatchHours}, {"sign_days", l.SignDays}, {"urgent_sign_hours", l.UrgentSignHours},
		{"reply_days", l.ReplyDays}, {"urgent_reply_hours", l.UrgentReplyHours}, {"callback_days", l.CallbackDays}, {"rehandle_days", l.RehandleDays}} {
		if f.v < 1 || f.v > 365 {
			errs.Add(f.name, "must be from 1 to 365")
		}
	}
	return errs.Err()
}

// SetDeadlineOverride stores an override.
func (s *Store) SetDeadlineOverride(ctx context.Context, o DeadlineOverride) error {
	if err := o.Validate(); err != nil {
		return err
	}
	l := o.Limits
	_, err := s.w.ExecContext(ctx, `INSERT INTO deadline_overrides (category, urgency, dispatch_hours, sign_days, urgent_sign_hours,
		reply_days, urgent_reply_hours, callback_days, rehandle_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (category, urgency) DO UPDATE SET dispatch_hours = excluded.dispatch_hours, sign_days = excluded.sign_days,
		urgent_sign_hours = excluded.urgent_sign_hours, reply_days = excluded.reply_days,
		urgent_reply_hours = excluded.urgent_reply_hours, callback_days = excluded.callback_days, rehandle_days = excluded.rehandle_days`,
		o.Category, o.Urgency, l.DispatchHours, l.SignDays, l.UrgentSignHours, l.ReplyDays, l.UrgentReplyHours, l.CallbackDays, l.RehandleDays)
	return err
}

// DeleteDeadlineOverride removes an override.
func (s *Store) DeleteDeadlineOverride(ctx context.Context, category, urgency string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM deadline_overrides WHERE category = $1 AND urgency = $2`, category, urgency)
	if err != nil {
		return err
	}
	return mustAffect(res, "deadline override %s/%s", category, urgency)
}

// DeadlineOverrides returns every override.
func (s *Store) DeadlineOverrides(ctx context.Context) ([]DeadlineOverride, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT category, urgency, dispatch_hours, sign_days, urgent_sign_hours, reply_days,
		urgent_reply_hours, callback_days, rehandle_days FROM deadline_overrides ORDER BY category, urgency`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DeadlineOverride
	for rows.Next() {
		var o DeadlineOverride
		l := &o.Limits
		if err := rows.Scan(&o.Category, &o.Urgency, &l.DispatchHours, &l.SignDays, &l.UrgentSignHours, &l.ReplyDays,
			&l.UrgentReplyHours, &l.CallbackDays, &l.RehandleDays); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
