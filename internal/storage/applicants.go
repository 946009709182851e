package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/fault"
)

// ApplicantRecord is an applicant as stored: who they are and when they
// were first and last seen.
type ApplicantRecord struct {
	application.Applicant
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// upsertApplicant records an applicant (a verified person or enterprise)
// or updates the name and phone of a known one.
func upsertApplicant(ctx context.Context, tx *sql.Tx, a application.Applicant, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO applicants (id_number, kind, name, phone, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (id_number) DO UPDATE SET name = excluded.name,
		phone = CASE WHEN excluded.phone = '' THEN applicants.phone ELSE excluded.phone END, updated_at = excluded.updated_at`,
		a.IDNumber, a.Kind, a.Name, a.Phone, now)
	if err != nil {
		return fmt.Errorf("applicant %s: %w", a.Kind, err)
	}
	return nil
}

// SaveApplicant records an applicant or updates a known one's name and
// phone. The ID number or credit code must already be verified.
func (s *Store) SaveApplicant(ctx context.Context, a application.Applicant) error {
	return s.write(ctx, func(tx *sql.Tx) error { return upsertApplicant(ctx, tx, a, time.Now().UTC()) })
}

// Applicant returns an applicant by ID number or credit code.
func (s *Store) Applicant(ctx context.Context, id string) (ApplicantRecord, error) {
	var r ApplicantRecord
	err := s.r.QueryRowContext(ctx, `SELECT id_number, kind, name, phone, created_at, updated_at FROM applicants WHERE id_number = $1`, id).
		Scan(&r.IDNumber, &r.Kind, &r.Name, &r.Phone, &r.CreatedAt, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fault.NotFoundf("applicant not found").WithKey("applicant.not_found", nil)
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// LibraryEntry is one document of an applicant's material library (材料库)
// with its id.
type LibraryEntry struct {
	ID int64 `json:"id"`
	applicant.Material
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AddLibraryMaterial adds a document to an applicant's library; its file
// must already be stored (PutBlob).
func (s *Store) AddLibraryMaterial(ctx context.Context, applicantID string, m applicant.Material) (LibraryEntry, error) {
	if err := m.Validate(); err != nil {
		return LibraryEntry{}, err
	}
	doc, err := json.Marshal(m)
	if err != nil {
		return LibraryEntry{}, err
	}
	e := LibraryEntry{Material: m, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	e.UpdatedAt = e.CreatedAt
	err = s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO applicant_materials (applicant, type, sha256, created_at, updated_at, doc)
			VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`, applicantID, m.Type, m.SHA256, e.CreatedAt, string(doc)).Scan(&e.ID)
	})
	if isForeignKeyViolation(err) {
		return e, fault.Invalidf("applicant", "the applicant or the file %s does not exist", m.SHA256)
	}
	return e, err
}

// UpdateLibraryMaterial replaces the description (type, issuer, number,
// validity, file) of a library document.
func (s *Store) UpdateLibraryMaterial(ctx context.Context, applicantID string, id int64, m applicant.Material) (LibraryEntry, error) {
	if err := m.Validate(); err != nil {
		return LibraryEntry{}, err
	}
	doc, err := json.Marshal(m)
	if err != nil {
		return LibraryEntry{}, err
	}
	e := LibraryEntry{ID: id, Material: m, UpdatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	err = s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE applicant_materials SET type = $1, sha256 = $2, updated_at = $3, doc = $4
			WHERE id = $5 AND applicant = $6 RETURNING created_at`, m.Type, m.SHA256, e.UpdatedAt, string(doc), id, applicantID).Scan(&e.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.NotFoundf("library material %d not found", id)
		}
		return err
	})
	if isForeignKeyViolation(err) {
		return e, fault.Invalidf("sha256", "the file %s does not exist", m.SHA256)
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return e, err
}

// DeleteLibraryMaterial removes a document from an applicant's library.
// Applications that took it keep their copy (the file's hash).
func (s *Store) DeleteLibraryMaterial(ctx context.Context, applicantID string, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM applicant_materials WHERE id = $1 AND applicant = $2`, id, applicantID)
		if err != nil {
			return err
		}
		return mustAffect(res, "library material %d", id)
	})
}

// Library returns an applicant's material library, oldest first.
func (s *Store) Library(ctx context.Context, applicantID string) ([]LibraryEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, created_at, updated_at, doc FROM applicant_materials WHERE applicant = $1 ORDER BY id`, applicantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LibraryEntry{}
	for rows.Next() {
		var e LibraryEntry
		var doc string
		if err := rows.Scan(&e.ID, &e.CreatedAt, &e.UpdatedAt, &doc); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &e.Material); err != nil {
			return nil, fmt.Errorf("library material %d: %w", e.ID, err)
		}
		e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
