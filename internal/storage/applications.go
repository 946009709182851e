package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tongban/internal/application"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/org"
)

// NextApplicationNo allocates the next application number of a day: the
// prefix, the date and a 6-digit daily sequence shared by all prefixes,
// e.g. SQ20260601000042 for an application, YJS20260601000043 for a bundle.
func (s *Store) NextApplicationNo(ctx context.Context, prefix, day string) (string, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO application_numbers (day, last) VALUES ($1, 1)
			ON CONFLICT (day) DO UPDATE SET last = application_numbers.last + 1 RETURNING last`, day).Scan(&n)
	})
	if err != nil {
		return "", fmt.Errorf("allocate application number: %w", err)
	}
	if n > 999999 {
		return "", fault.New(fault.Unavailable, "more than 999999 applications on %s", day)
	}
	return fmt.Sprintf("%s%s%06d", prefix, day, n), nil
}

// ApplicationRow is what the projection keeps besides the application: the
// current warning level and the next instant the sweeper must look at it.
type ApplicationRow struct {
	Warning string
	NextDue time.Time // zero: nothing due
}

// ApplicationSave is one application's change: App is the application
// after the events, Expected its version before them (0 for a new one).
type ApplicationSave struct {
	App      *application.Application
	Row      ApplicationRow
	Expected int64
	Events   []eventlog.Event
}

// SaveApplications appends events to applications' logs and updates their
// projections in one transaction, all or none (a bundle's parts are
// submitted together). A new application records its applicant too. If
// another writer changed an application first the result is a
// fault.Conflict (key application.stale) and nothing is written.
func (s *Store) SaveApplications(ctx context.Context, saves ...ApplicationSave) error {
	docs := make([]string, len(saves))
	for i, sv := range saves {
		doc, err := json.Marshal(sv.App)
		if err != nil {
			return err
		}
		docs[i] = string(doc)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := time.Now().UTC()
		for i, sv := range saves {
			if err := saveApplication(ctx, tx, sv, docs[i], now); err != nil {
				return err
			}
		}
		return nil
	})
}

func saveApplication(ctx context.Context, tx *sql.Tx, sv ApplicationSave, doc string, now time.Time) error {
	a, row := sv.App, sv.Row
	var nextDue any
	if !row.NextDue.IsZero() {
		nextDue = row.NextDue.UTC()
	}
	var id int64
	if sv.Expected == 0 {
		if err := upsertApplicant(ctx, tx, a.Applicant, now); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO applications (no, version, state, item_code, item_name, department, channel,
			applicant_id, applicant_name, accept_unit_id, accept_region, owner_unit_id, owner_region, cross_region, bundle_code, bundle_no,
			warning, next_due, submitted_at, updated_at, doc, verify_pending)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
			a.No, a.Version, string(a.State), a.Item.Code, a.Item.NameZH, a.Item.Department, string(a.Channel),
			a.Applicant.IDNumber, a.Applicant.Name, a.AcceptUnitID, a.AcceptRegion, a.OwnerUnitID, a.OwnerRegion, a.CrossRegion(),
			a.Bundle.Code, a.Bundle.No, row.Warning, nextDue, a.SubmittedAt.UTC(), now, doc, a.VerifyPending()).Scan(&id)
		if isUniqueViolation(err) {
			return fault.Conflictf("application %s already exists", a.No)
		}
		if err != nil {
			return fmt.Errorf("insert application %s: %w", a.No, err)
		}
	} else {
		err := tx.QueryRowContext(ctx, `UPDATE applications SET version = $1, state = $2, applicant_name = $3, warning = $4,
			next_due = $5, updated_at = $6, doc = $7, verify_pending = $8 WHERE no = $9 AND version = $10 RETURNING id`,
			a.Version, string(a.State), a.Applicant.Name, row.Warning, nextDue, now, doc, a.VerifyPending(), a.No, sv.Expected).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return applicationLog.stale(ctx, tx, a.No, sv.Expected)
		}
		if err != nil {
			return fmt.Errorf("update application %s: %w", a.No, err)
		}
	}
	if err := applicationLog.appendEvents(ctx, tx, id, a.No, sv.Expected, sv.Events); err != nil {
		return err
	}
	if len(sv.Events) == 0 {
		return nil
	}
	if err := rateApplication(ctx, tx, a.No, sv.Events); err != nil {
		return err
	}
	if err := addOutbox(ctx, tx, "tongban.application."+a.No,
		fmt.Sprintf(`{"no":%q,"version":%d,"state":%q}`, a.No, a.Version, a.State), now); err != nil {
		return fmt.Errorf("application %s: outbox: %w", a.No, err)
	}
	return nil
}

// rateApplication copies the ratings (好差评) among events into the ratings
// table, where the evaluation of windows, departments and regions reads
// them for work orders and applications alike; the application's event
// log stays the audited record.
func rateApplication(ctx context.Context, tx *sql.Tx, no string, events []eventlog.Event) error {
	for _, e := range events {
		if e.Type != application.ActRate {
			continue
		}
		var r struct {
			Channel string `json:"channel"`
			Score   int    `json:"score"`
			Comment string `json:"comment"`
		}
		if err := json.Unmarshal(e.Payload, &r); err != nil {
			return fmt.Errorf("application %s: rating: %w", no, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (subject_kind, subject_no, channel, score, comment, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subject_kind, subject_no, channel) DO NOTHING`,
			string(RatingApplication), no, r.Channel, r.Score, r.Comment, e.At.UTC()); err != nil {
			return fmt.Errorf("application %s: rating: %w", no, err)
		}
	}
	return nil
}

// ApplicationSummary is an application with its projection's warning level.
type ApplicationSummary struct {
	ID      int64
	App     *application.Application
	Warning string
}

// Application returns the current state of an application from its
// projection.
func (s *Store) Application(ctx context.Context, no string) (ApplicationSummary, error) {
	var sum ApplicationSummary
	var doc string
	err := s.r.QueryRowContext(ctx, `SELECT id, warning, doc FROM applications WHERE no = $1`, no).Scan(&sum.ID, &sum.Warning, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return sum, fault.NotFoundf("application %s not found", no).WithKey("application.not_found", map[string]any{"no": no})
	}
	if err != nil {
		return sum, err
	}
	sum.App = new(application.Application)
	if err := json.Unmarshal([]byte(doc), sum.App); err != nil {
		return sum, fmt.Errorf("application %s: decode: %w", no, err)
	}
	return sum, nil
}

// ApplicationEvents returns an application's events in order.
func (s *Store) ApplicationEvents(ctx context.Context, no string) ([]eventlog.Event, error) {
	return s.events(ctx, applicationLog, no)
}

// VerifyApplicationChains checks the hash chain of every application and
// calls bad for each one whose events were edited, deleted or reordered. It
// returns the number of applications checked.
func (s *Store) VerifyApplicationChains(ctx context.Context, bad func(no string, err error)) (int, error) {
	return s.verify(ctx, applicationLog, bad)
}

// ApplicationFilter selects applications for lists, inboxes and measures.
// Zero fields do not filter.
type ApplicationFilter struct {
	States     []string
	ItemCode   string
	Department string // the item's department key
	Channel    string
	Applicant  string // ID number or credit code
	BundleNo   string
	Warning    string // yellow or red
	// VerifyPending selects notify-and-commit promises waiting for
	// verification (核查任务).
	VerifyPending bool
	AcceptUnit    int64
	OwnerUnit     int64
	RegionPrefix  string // the owning region's subtree, as a code prefix
	CrossRegion   *bool  // 盟域通办: accepted in another banner than the owner
	From, To      time.Time
	Text          string // the application number or a part of the item's name
	Before        int64  // cursor: applications with id < Before
	Limit         int

	// Scope restricts to what the reader may see: all when ScopeAll, else
	// applications accepted or owned in ScopeRegion's subtree, accepted at
	// ScopeAcceptUnit or owned by ScopeOwnerUnit.
	ScopeAll        bool
	ScopeRegion     string
	ScopeAcceptUnit int64
	ScopeOwnerUnit  int64
}

// prefixEnd returns the smallest string of digits after every string that
// starts with the digit string p ("1529" → "1530"), "" when there is none.
// Region codes are digits, so a range on it selects a subtree in any
// collation, and an index serves it.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

func (f ApplicationFilter) where() (string, []any, bool) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	inPrefix := func(col, p string) string {
		c := col + " >= " + arg(p)
		if end := prefixEnd(p); end != "" {
			c += " AND " + col + " < " + arg(end)
		}
		return "(" + c + ")"
	}
	if !f.ScopeAll {
		var or []string
		if f.ScopeRegion != "" {
			or = append(or, inPrefix("a.accept_region", f.ScopeRegion), inPrefix("a.owner_region", f.ScopeRegion))
		}
		if f.ScopeAcceptUnit != 0 {
			or = append(or, "a.accept_unit_id = "+arg(f.ScopeAcceptUnit))
		}
		if f.ScopeOwnerUnit != 0 {
			or = append(or, "a.owner_unit_id = "+arg(f.ScopeOwnerUnit))
		}
		if len(or) == 0 {
			return "", nil, false
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, v := range f.States {
			ph[i] = arg(v)
		}
		where = append(where, "a.state IN ("+strings.Join(ph, ", ")+")")
	}
	eq := func(col string, v any, set bool) {
		if set {
			where = append(where, col+" = "+arg(v))
		}
	}
	eq("a.item_code", f.ItemCode, f.ItemCode != "")
	eq("a.department", f.Department, f.Department != "")
	eq("a.channel", f.Channel, f.Channel != "")
	eq("a.applicant_id", f.Applicant, f.Applicant != "")
	eq("a.bundle_no", f.BundleNo, f.BundleNo != "")
	eq("a.warning", f.Warning, f.Warning != "")
	if f.VerifyPending {
		where = append(where, "a.verify_pending")
	}
	eq("a.accept_unit_id", f.AcceptUnit, f.AcceptUnit != 0)
	eq("a.owner_unit_id", f.OwnerUnit, f.OwnerUnit != 0)
	if f.CrossRegion != nil {
		eq("a.cross_region", *f.CrossRegion, true)
	}
	if f.RegionPrefix != "" {
		where = append(where, inPrefix("a.owner_region", f.RegionPrefix))
	}
	if !f.From.IsZero() {
		where = append(where, "a.submitted_at >= "+arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "a.submitted_at < "+arg(f.To.UTC()))
	}
	if f.Text != "" {
		where = append(where, "(a.item_name LIKE "+arg("%"+likeEscape(f.Text)+"%")+` ESCAPE '\' OR a.no = `+arg(f.Text)+
			" OR a.bundle_no = "+arg(f.Text)+")")
	}
	if f.Before > 0 {
		where = append(where, "a.id < "+arg(f.Before))
	}
	if len(where) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(where, " AND "), args, true
}

// ListApplications returns applications newest first, and the cursor of the
// next page (0 when there is none).
func (s *Store) ListApplications(ctx context.Context, f ApplicationFilter) ([]ApplicationSummary, int64, error) {
	where, args, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args = append(args, limit+1)
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.warning, a.doc FROM applications a`+where+
		` ORDER BY a.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list applications: %w", err)
	}
	out, err := scanApplications(rows)
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// Applications returns every application the filter selects (without
// paging, for measures), oldest first.
func (s *Store) Applications(ctx context.Context, f ApplicationFilter) ([]*application.Application, error) {
	where, args, ok := f.where()
	if !ok {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.warning, a.doc FROM applications a`+where+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("select applications: %w", err)
	}
	sums, err := scanApplications(rows)
	if err != nil {
		return nil, err
	}
	out := make([]*application.Application, len(sums))
	for i, s := range sums {
		out[i] = s.App
	}
	return out, nil
}

// BundleParts returns the parts of a bundle application in part order.
func (s *Store) BundleParts(ctx context.Context, bundleNo string) ([]*application.Application, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.warning, a.doc FROM applications a WHERE a.bundle_no = $1 ORDER BY a.no`, bundleNo)
	if err != nil {
		return nil, err
	}
	sums, err := scanApplications(rows)
	if err != nil {
		return nil, err
	}
	if len(sums) == 0 {
		return nil, fault.NotFoundf("bundle application %s not found", bundleNo).WithKey("bundle.application_not_found", map[string]any{"no": bundleNo})
	}
	out := make([]*application.Application, len(sums))
	for i, s := range sums {
		out[i] = s.App
	}
	return out, nil
}

func scanApplications(rows *sql.Rows) ([]ApplicationSummary, error) {
	defer rows.Close()
	var out []ApplicationSummary
	for rows.Next() {
		var sum ApplicationSummary
		var doc string
		if err := rows.Scan(&sum.ID, &sum.Warning, &doc); err != nil {
			return nil, err
		}
		sum.App = new(application.Application)
		if err := json.Unmarshal([]byte(doc), sum.App); err != nil {
			return nil, fmt.Errorf("application %d: decode: %w", sum.ID, err)
		}
		out = append(out, sum)
	}
	return out, rows.Err()
}

// DueApplications returns the numbers of applications whose next check time
// has come, for the deadline sweeper.
func (s *Store) DueApplications(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT no FROM applications WHERE next_due IS NOT NULL AND next_due <= $1 ORDER BY next_due LIMIT $2`,
		now.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, err
		}
		out = append(out, no)
	}
	return out, rows.Err()
}

// RecordedWarning is a deadline warning the sweeper recorded.
type RecordedWarning struct {
	Clock string    `json:"clock"`
	Level string    `json:"level"`
	Due   time.Time `json:"due"`
	At    time.Time `json:"at"`
}

// RecordApplicationWarnings records the warnings of an application at
// version expected that were not recorded before, each once per clock and
// level however many sweepers run, queues a message for each new one, and
// updates the projection's warning level and next check time. It returns
// how many warnings were new; an application that changed meanwhile is a
// fault.Conflict and nothing is written.
func (s *Store) RecordApplicationWarnings(ctx context.Context, no string, expected int64, row ApplicationRow, ws []application.Warning, now time.Time) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		n = 0
		var nextDue any
		if !row.NextDue.IsZero() {
			nextDue = row.NextDue.UTC()
		}
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE applications SET warning = $1, next_due = $2 WHERE no = $3 AND version = $4 RETURNING id`,
			row.Warning, nextDue, no, expected).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return applicationLog.stale(ctx, tx, no, expected)
		}
		if err != nil {
			return err
		}
		for _, w := range ws {
			res, err := tx.ExecContext(ctx, `INSERT INTO application_warnings (application_id, clock, level, due, at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (application_id, clock, level) DO NOTHING`, id, w.Clock, w.Level, w.Due.UTC(), now.UTC())
			if err != nil {
				return fmt.Errorf("application %s: record warning: %w", no, err)
			}
			if k, err := res.RowsAffected(); err != nil {
				return err
			} else if k == 0 {
				continue
			}
			n++
			if err := addOutbox(ctx, tx, "tongban.application."+no+".warning",
				fmt.Sprintf(`{"no":%q,"clock":%q,"level":%q,"due":%q}`, no, w.Clock, w.Level, w.Due.UTC().Format(time.RFC3339)), now.UTC()); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// ApplicationWarnings returns the warnings recorded for an application.
func (s *Store) ApplicationWarnings(ctx context.Context, no string) ([]RecordedWarning, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT w.clock, w.level, w.due, w.at FROM application_warnings w
		JOIN applications a ON a.id = w.application_id WHERE a.no = $1 ORDER BY w.at, w.clock, w.level`, no)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RecordedWarning{}
	for rows.Next() {
		var w RecordedWarning
		if err := rows.Scan(&w.Clock, &w.Level, &w.Due, &w.At); err != nil {
			return nil, err
		}
		w.Due, w.At = w.Due.UTC(), w.At.UTC()
		out = append(out, w)
	}
	return out, rows.Err()
}

// WindowUnits returns the active units where active window clerks work (窗口):
// the comprehensive windows an applicant can choose online.
func (s *Store) WindowUnits(ctx context.Context) ([]org.Unit, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+prefixed("u.", unitColumns)+` FROM units u WHERE u.active AND EXISTS (
		SELECT 1 FROM staff st WHERE st.unit_id = u.id AND st.active AND st.role = $1) ORDER BY u.region_code, u.code`, string(org.WindowClerk))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
