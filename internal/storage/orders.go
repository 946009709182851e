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

	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/workorder"
)

// NextOrderNo allocates the next order number of a day: the date and a
// 6-digit daily sequence, e.g. 20261126000123. The upsert is atomic on both
// engines, so concurrent processes never hand out a number twice.
func (s *Store) NextOrderNo(ctx context.Context, day string) (string, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO order_numbers (day, last) VALUES ($1, 1)
			ON CONFLICT (day) DO UPDATE SET last = order_numbers.last + 1 RETURNING last`, day).Scan(&n)
	})
	if err != nil {
		return "", fmt.Errorf("allocate order number: %w", err)
	}
	if n > 999999 {
		return "", fault.New(fault.Unavailable, "more than 999999 orders on %s", day)
	}
	return fmt.Sprintf("%s%06d", day, n), nil
}

// OrderRow is what the projection keeps besides the order itself: the
// warning level and the next instant the sweeper must look at the order.
type OrderRow struct {
	Warning string
	NextDue time.Time // zero: nothing due
}

// OrderSave is one order's change: o is the order after the events,
// Expected its version before them (0 for a new order).
type OrderSave struct {
	Order    *workorder.Order
	Row      OrderRow
	Expected int
	Events   []eventlog.Event
}

// SaveOrder appends events to an order's log and updates its projection in
// one transaction. If another writer got there first the result is a
// fault.Conflict and nothing is written.
func (s *Store) SaveOrder(ctx context.Context, o *workorder.Order, row OrderRow, expected int, events []eventlog.Event) error {
	return s.SaveOrders(ctx, OrderSave{o, row, expected, events})
}

// SaveOrders saves changes to several orders (a merge changes the duplicate
// and its master) in one transaction: all or none.
func (s *Store) SaveOrders(ctx context.Context, saves ...OrderSave) error {
	docs := make([]string, len(saves))
	for i, sv := range saves {
		doc, err := json.Marshal(sv.Order)
		if err != nil {
			return err
		}
		docs[i] = string(doc)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for i, sv := range saves {
			if err := saveOrder(ctx, tx, sv, docs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func saveOrder(ctx context.Context, tx *sql.Tx, sv OrderSave, doc string) error {
	o, row, expected, events := sv.Order, sv.Row, sv.Expected, sv.Events
	lead := int64(0)
	if a := o.LeadAssignment(); a != nil {
		lead = a.UnitID
	}
	now := time.Now().UTC()
	var nextDue any
	if !row.NextDue.IsZero() {
		nextDue = row.NextDue.UTC()
	}
	var id int64
	if expected == 0 {
		err := tx.QueryRowContext(ctx, `INSERT INTO orders (no, version, state, type, category, urgency, channel, lang,
			region_code, caller_phone, confidential, problem, title, lead_unit_id, warning, next_due, created_at, updated_at, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
			o.No, o.Version, o.State, o.Type, o.Category, o.Urgency, o.Channel, o.Caller.Lang, o.RegionCode, o.Caller.Phone,
			o.Caller.Confidential, o.Problem, o.Title, nullInt(lead), row.Warning, nextDue, o.Times.Registered.UTC(), now, doc).Scan(&id)
		if isUniqueViolation(err) {
			return fault.Conflictf("order %s already exists", o.No)
		}
		if err != nil {
			return fmt.Errorf("insert order %s: %w", o.No, err)
		}
	} else {
		err := tx.QueryRowContext(ctx, `UPDATE orders SET version = $1, state = $2, category = $3, urgency = $4, problem = $5,
			lead_unit_id = $6, warning = $7, next_due = $8, updated_at = $9, doc = $10, type = $11
			WHERE no = $12 AND version = $13 RETURNING id`,
			o.Version, o.State, o.Category, o.Urgency, o.Problem, nullInt(lead), row.Warning, nextDue, now, doc, o.Type,
			o.No, expected).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return orderLog.stale(ctx, tx, o.No, int64(expected))
		}
		if err != nil {
			return fmt.Errorf("update order %s: %w", o.No, err)
		}
	}
	if err := orderLog.appendEvents(ctx, tx, id, o.No, int64(expected), events); err != nil {
		return err
	}
	// The units an order was sent to, for inboxes.
	for _, a := range o.Assignments {
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_units (order_id, unit_id, state) VALUES ($1, $2, $3)
			ON CONFLICT (order_id, unit_id) DO UPDATE SET state = excluded.state`, id, a.UnitID, unitInboxState(o, a.UnitID)); err != nil {
			return fmt.Errorf("order %s: unit index: %w", o.No, err)
		}
	}
	if len(events) == 0 {
		return nil
	}
	if err := addOutbox(ctx, tx, "tongban.order."+o.No, fmt.Sprintf(`{"no":%q,"version":%d,"state":%q}`, o.No, o.Version, o.State), now); err != nil {
		return fmt.Errorf("order %s: outbox: %w", o.No, err)
	}
	return nil
}

// unitInboxState is the most pressing state of a unit's assignments on an
// order: what the unit's inbox filters on.
func unitInboxState(o *workorder.Order, unit int64) string {
	best := ""
	rank := map[workorder.AssignmentState]int{workorder.AssignDispatched: 4, workorder.AssignSigned: 3,
		workorder.AssignReplied: 2, workorder.AssignReturned: 1, workorder.AssignWithdrawn: 0}
	for _, a := range o.Assignments {
		if a.UnitID == unit && (best == "" || rank[a.State] > rank[workorder.AssignmentState(best)]) {
			best = string(a.State)
		}
	}
	return best
}

// Order returns the current state of an order from its projection.
func (s *Store) Order(ctx context.Context, no string) (*workorder.Order, error) {
	var doc string
	err := s.r.QueryRowContext(ctx, `SELECT doc FROM orders WHERE no = $1`, no).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.NotFoundf("order %s not found", no).WithKey("order.not_found", map[string]any{"no": no})
	}
	if err != nil {
		return nil, err
	}
	var o workorder.Order
	if err := json.Unmarshal([]byte(doc), &o); err != nil {
		return nil, fmt.Errorf("order %s: decode: %w", no, err)
	}
	return &o, nil
}

// OrderEvents returns an order's events in order.
func (s *Store) OrderEvents(ctx context.Context, no string) ([]eventlog.Event, error) {
	return s.events(ctx, orderLog, no)
}

// VerifyOrderChains checks the hash chain of every order and calls bad for
// each order whose events were edited, deleted or reordered. It returns the
// number of orders checked.
func (s *Store) VerifyOrderChains(ctx context.Context, bad func(no string, err error)) (int, error) {
	return s.verify(ctx, orderLog, bad)
}

// OrderFilter selects orders for lists and inboxes. Zero fields do not filter.
type OrderFilter struct {
	States       []string
	UnitID       int64    // orders sent to this unit
	UnitStates   []string // with the unit's assignment in one of these states
	RegionPrefix string   // region subtree as a code prefix, e.g. "152921"
	Type         string
	Category     string // the category or any below it
	Lang         string
	Warning      string // yellow or red
	Phone        string // caller phone (E.164)
	Problem      *bool
	From, To     time.Time // registered in [From, To)
	Text         string    // in title (and order number)
	Before       int64     // cursor: orders with id < Before
	Limit        int

	// Scope restricts to what the reader may see: all when ScopeAll,
	// else orders in ScopeRegion's subtree or sent to ScopeUnit.
	ScopeAll    bool
	ScopeRegion string
	ScopeUnit   int64
}

// OrderSummary is a row of an order list.
type OrderSummary struct {
	ID      int64
	Order   *workorder.Order
	Warning string
}

// ListOrders returns orders newest first, and the cursor of the next page
// (0 when there is none).
func (s *Store) ListOrders(ctx context.Context, f OrderFilter) ([]OrderSummary, int64, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	in := func(col string, vals []string) {
		ph := make([]string, len(vals))
		for i, v := range vals {
			ph[i] = arg(v)
		}
		where = append(where, col+" IN ("+strings.Join(ph, ", ")+")")
	}
	prefix := func(col, p string) {
		// A range instead of LIKE: index-friendly on both engines and no
		// escaping of the prefix.
		where = append(where, col+" >= "+arg(p)+" AND "+col+" < "+arg(p+"\uffff"))
	}
	if !f.ScopeAll {
		var or []string
		if f.ScopeRegion != "" {
			or = append(or, "(o.region_code >= "+arg(f.ScopeRegion)+" AND o.region_code < "+arg(f.ScopeRegion+"\uffff")+")")
		}
		if f.ScopeUnit != 0 {
			or = append(or, "EXISTS (SELECT 1 FROM order_units su WHERE su.order_id = o.id AND su.unit_id = "+arg(f.ScopeUnit)+")")
		}
		if len(or) == 0 {
			return nil, 0, nil
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if len(f.States) > 0 {
		in("o.state", f.States)
	}
	from, idCol := "orders o", "o.id"
	switch {
	case f.UnitID != 0 && f.Warning != "":
		// A unit's overdue board: few orders carry a warning, so start
		// from those (index on warning and id) and check the unit's
		// assignment for each.
		sub := "EXISTS (SELECT 1 FROM order_units u WHERE u.order_id = o.id AND u.unit_id = " + arg(f.UnitID)
		if len(f.UnitStates) > 0 {
			ph := make([]string, len(f.UnitStates))
			for i, v := range f.UnitStates {
				ph[i] = arg(v)
			}
			sub += " AND u.state IN (" + strings.Join(ph, ", ") + ")"
		}
		where = append(where, sub+")")
	case f.UnitID != 0:
		// An inbox: start from the unit's assignments, indexed by unit,
		// state and order, and page by that index's own column.
		from, idCol = "order_units u JOIN orders o ON o.id = u.order_id", "u.order_id"
		where = append(where, "u.unit_id = "+arg(f.UnitID))
		if len(f.UnitStates) > 0 {
			in("u.state", f.UnitStates)
		}
	}
	if f.RegionPrefix != "" {
		prefix("o.region_code", f.RegionPrefix)
	}
	if f.Type != "" {
		where = append(where, "o.type = "+arg(f.Type))
	}
	if f.Category != "" {
		where = append(where, "(o.category = "+arg(f.Category)+" OR (o.category >= "+arg(f.Category+".")+" AND o.category < "+arg(f.Category+".\uffff")+"))")
	}
	if f.Lang != "" {
		where = append(where, "o.lang = "+arg(f.Lang))
	}
	if f.Warning != "" {
		where = append(where, "o.warning = "+arg(f.Warning))
	}
	if f.Phone != "" {
		where = append(where, "o.caller_phone = "+arg(f.Phone))
	}
	if f.Problem != nil {
		where = append(where, "o.problem = "+arg(*f.Problem))
	}
	if !f.From.IsZero() {
		where = append(where, "o.created_at >= "+arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "o.created_at < "+arg(f.To.UTC()))
	}
	if f.Text != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Text)
		p := arg("%" + esc + "%")
		where = append(where, "(o.title LIKE "+p+` ESCAPE '\' OR o.no = `+arg(f.Text)+")")
	}
	if f.Before > 0 {
		where = append(where, idCol+" < "+arg(f.Before))
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	q := `SELECT o.id, o.warning, o.doc FROM ` + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + idCol + " DESC LIMIT " + arg(limit+1)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	defer rows.Close()
	var out []OrderSummary
	for rows.Next() {
		var sum OrderSummary
		var doc string
		if err := rows.Scan(&sum.ID, &sum.Warning, &doc); err != nil {
			return nil, 0, err
		}
		sum.Order = new(workorder.Order)
		if err := json.Unmarshal([]byte(doc), sum.Order); err != nil {
			return nil, 0, err
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// DueOrders returns the numbers of open orders whose next check time has
// come, for the deadline sweeper.
func (s *Store) DueOrders(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT no FROM orders WHERE next_due IS NOT NULL AND next_due <= $1 ORDER BY next_due LIMIT $2`, now.UTC(), limit)
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
