package storage

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tongban/internal/fault"
)

// RatingSubject is what a rating (好差评) is about.
type RatingSubject string

// The things that can be rated (DOMAIN.md §6).
const (
	RatingOrder       RatingSubject = "order"       // a 12345 work order
	RatingApplication RatingSubject = "application" // a service application (办件)
)

// Rating limits.
const (
	MaxRatingComment = 1000 // runes
	MaxRatingChannel = 32
)

// Rating is one evaluation (好差评) of a work order or an application through
// one channel: 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1. Scores 1–2
// are bad reviews (差评), which the evaluation work turns into rectification
// cases. A subject can be rated once per channel.
type Rating struct {
	ID          int64         `json:"id"`
	SubjectKind RatingSubject `json:"subject_kind"`
	SubjectNo   string        `json:"subject_no"`
	Channel     string        `json:"channel"` // e.g. "portal", "sms", "window"
	Score       int           `json:"score"`
	Comment     string        `json:"comment,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
}

// Bad reports whether the rating is a bad review (差评).
func (r Rating) Bad() bool { return r.Score >= 1 && r.Score <= 2 }

// Validate checks a rating's fields.
func (r Rating) Validate() error {
	var errs fault.List
	if r.SubjectKind != RatingOrder && r.SubjectKind != RatingApplication {
		errs.Add("subject_kind", "must be order or application")
	}
	if r.SubjectNo == "" || len(r.SubjectNo) > 64 {
		errs.Add("subject_no", "must be 1 to 64 characters")
	}
	if r.Channel == "" || len(r.Channel) > MaxRatingChannel || strings.Trim(r.Channel, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		errs.Add("channel", "must be 1 to %d lower-case letters, digits or '_'", MaxRatingChannel)
	}
	if r.Score < 1 || r.Score > 5 {
		errs.Add("score", "must be 1 to 5")
	}
	switch {
	case !utf8.ValidString(r.Comment):
		errs.Add("comment", "is not valid UTF-8")
	case utf8.RuneCountInString(r.Comment) > MaxRatingComment:
		errs.Add("comment", "is longer than %d characters", MaxRatingComment)
	case strings.ContainsFunc(r.Comment, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\r' && c != '\t' }):
		errs.Add("comment", "contains control characters")
	}
	return errs.Err()
}

// AddRating stores a rating and returns it with its id and time. A second
// rating of the same subject through the same channel is a fault.Conflict
// (key rating.already), so a subject is rated once per channel even when
// two submissions race.
func (s *Store) AddRating(ctx context.Context, r Rating) (Rating, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	r.CreatedAt = r.CreatedAt.UTC()
	err := s.w.QueryRowContext(ctx, `INSERT INTO ratings (subject_kind, subject_no, channel, score, comment, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		string(r.SubjectKind), r.SubjectNo, r.Channel, r.Score, r.Comment, r.CreatedAt).Scan(&r.ID)
	switch {
	case err == nil:
		return r, nil
	case isUniqueViolation(err):
		return r, fault.Conflictf("%s %s is already rated through %s", r.SubjectKind, r.SubjectNo, r.Channel).
			WithKey("rating.already", map[string]any{"no": r.SubjectNo})
	}
	return r, fmt.Errorf("add rating of %s %s: %w", r.SubjectKind, r.SubjectNo, err)
}

// RatingsOf returns the ratings of one subject, oldest first.
func (s *Store) RatingsOf(ctx context.Context, kind RatingSubject, no string) ([]Rating, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, subject_kind, subject_no, channel, score, comment, created_at
		FROM ratings WHERE subject_kind = $1 AND subject_no = $2 ORDER BY created_at, id`, string(kind), no)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rating
	for rows.Next() {
		var r Rating
		var kind string
		if err := rows.Scan(&r.ID, &kind, &r.SubjectNo, &r.Channel, &r.Score, &r.Comment, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.SubjectKind = RatingSubject(kind)
		out = append(out, r)
	}
	return out, rows.Err()
}
