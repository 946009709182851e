package hotline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"tongban/internal/access"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/periodic"
	"tongban/internal/storage"
	"tongban/internal/workday"
	"tongban/internal/workorder"
)

// Service runs work-order actions.
type Service struct {
	st  *storage.Store
	env *env
	loc *time.Location
	// Now is the clock; tests and the demo generator replace it.
	Now func() time.Time
}

// New returns a service over the store with the given calendar; loc is the
// time zone of order numbers.
func New(ctx context.Context, st *storage.Store, cal *workday.Calendar, loc *time.Location) (*Service, error) {
	s := &Service{st: st, env: &env{}, loc: loc, Now: time.Now}
	s.SetCalendar(cal)
	if err := s.ReloadUnits(ctx); err != nil {
		return nil, err
	}
	if err := s.ReloadPolicy(ctx); err != nil {
		return nil, err
	}
	if err := s.ReloadRegions(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Register records a new order (登记) and returns it as the subject sees it.
func (s *Service) Register(ctx context.Context, sub access.Subject, cmd workorder.Register) (*workorder.Order, error) {
	if err := access.Require(sub, access.RegisterOrders); err != nil {
		return nil, err
	}
	return s.register(ctx, sub.Actor(), cmd)
}

// RegisterAs records an order for an actor that is not a staff subject: a
// citizen submitting online, or a platform transfer.
func (s *Service) RegisterAs(ctx context.Context, actor workorder.Actor, cmd workorder.Register) (*workorder.Order, error) {
	return s.register(ctx, actor, cmd)
}

func (s *Service) register(ctx context.Context, actor workorder.Actor, cmd workorder.Register) (*workorder.Order, error) {
	// Validate before allocating a number so a bad request does not burn one.
	cmd.No = "20000101000001" // a valid placeholder; the real number comes after validation
	if p, err := workorder.NormalizePhone(cmd.Caller.Phone); err == nil && cmd.Caller.Phone != "" {
		cmd.Caller.Phone = p // parse once; Validate and Decide see the canonical form
	}
	if err := cmd.Validate(); err != nil {
		return nil, err
	}
	if _, ok := s.Regions().Get(cmd.RegionCode); !ok {
		return nil, fault.Invalidf("region_code", "region %s does not exist", cmd.RegionCode)
	}
	if ok, err := s.categoryExists(ctx, cmd.Category); err != nil {
		return nil, err
	} else if !ok {
		return nil, fault.Invalidf("category", "category %q does not exist or is no longer in use", cmd.Category)
	}
	now := s.Now()
	no, err := s.st.NextOrderNo(ctx, now.In(s.loc).Format("20060102"))
	if err != nil {
		return nil, err
	}
	cmd.No = no
	events, err := workorder.Decide(nil, cmd, actor, now, s.env)
	if err != nil {
		if cerr := calendarError(err); cerr != nil {
			return nil, cerr
		}
		return nil, err
	}
	o, err := workorder.Replay(events)
	if err != nil {
		return nil, err
	}
	if err := s.st.SaveOrder(ctx, o, s.row(o, now), 0, events); err != nil {
		return nil, err
	}
	return o, nil
}

// Load returns an order if the subject may see it; otherwise NotFound, so
// that an order's existence does not leak outside its scope.
func (s *Service) Load(ctx context.Context, sub access.Subject, no string) (*workorder.Order, error) {
	if !workorder.ValidOrderNo(no) {
		return nil, fault.Invalidf("no", "%q is not an order number (date and 6 digits, e.g. 20261126000123)", no)
	}
	o, err := s.st.Order(ctx, no)
	if err != nil {
		return nil, err
	}
	if !access.OrderScope(sub).Sees(o) {
		return nil, fault.NotFoundf("order %s not found", no).WithKey("order.not_found", map[string]any{"no": no})
	}
	return o, nil
}

// Get returns an order and its history as the subject may see them.
func (s *Service) Get(ctx context.Context, sub access.Subject, no string) (*workorder.Order, []eventlog.Event, error) {
	o, err := s.Load(ctx, sub, no)
	if err != nil {
		return nil, nil, err
	}
	events, err := s.st.OrderEvents(ctx, no)
	if err != nil {
		return nil, nil, err
	}
	hist, err := workorder.History(o, events, sub.Actor())
	if err != nil {
		return nil, nil, err
	}
	return access.View(sub, o), hist, nil
}

// Allowed lists the actions the subject may take on the order now.
func (s *Service) Allowed(sub access.Subject, o *workorder.Order) []string {
	return workorder.Allowed(o, sub.Actor())
}

// Act takes an action on an order. expected is the version the client saw
// (0: none given). With a version, a concurrent change is a conflict; without
// one, the action is decided once more against the fresh order, so two
// compatible actions (two notes) both succeed while two conflicting ones
// (two signs) do not.
func (s *Service) Act(ctx context.Context, sub access.Subject, no string, cmd workorder.Command, expected int) (*workorder.Order, error) {
	for attempt := 0; ; attempt++ {
		o, err := s.act(ctx, sub, no, cmd, expected)
		if err == nil || expected != 0 || attempt == 2 || !isStale(err) {
			return o, err
		}
	}
}

func isStale(err error) bool {
	fe := fault.As(err)
	return fe != nil && fe.Key == "order.stale"
}

func (s *Service) act(ctx context.Context, sub access.Subject, no string, cmd workorder.Command, expected int) (*workorder.Order, error) {
	o, err := s.Load(ctx, sub, no)
	if err != nil {
		return nil, err
	}
	if expected != 0 && expected != o.Version {
		e := fault.Conflictf("order %s is at version %d, not %d: it changed meanwhile", no, o.Version, expected).WithKey("order.stale", nil)
		e.Current = access.View(sub, o)
		return nil, e
	}
	now := s.Now()
	actor := sub.Actor()
	if m, ok := cmd.(workorder.Merge); ok {
		return s.merge(ctx, sub, o, m, now)
	}
	events, err := workorder.Decide(o, cmd, actor, now, s.env)
	if err != nil {
		return nil, withCurrent(err, access.View(sub, o))
	}
	next, err := s.applied(o, events)
	if err != nil {
		return nil, err
	}
	if err := s.st.SaveOrder(ctx, next, s.row(next, now), o.Version, events); err != nil {
		return nil, withCurrent(err, access.View(sub, o))
	}
	return access.View(sub, next), nil
}

// merge records a duplicate (并单) on both orders in one transaction.
func (s *Service) merge(ctx context.Context, sub access.Subject, child *workorder.Order, m workorder.Merge, now time.Time) (*workorder.Order, error) {
	master, err := s.Load(ctx, sub, m.Master)
	if err != nil {
		return nil, fault.Invalidf("master", "master order %s: %v", m.Master, err)
	}
	actor := sub.Actor()
	ce, err := workorder.Decide(child, m, actor, now, s.env)
	if err != nil {
		return nil, withCurrent(err, access.View(sub, child))
	}
	me, err := workorder.Decide(master, workorder.MergeChild{Child: child.No}, actor, now, s.env)
	if err != nil {
		return nil, fault.Invalidf("master", "order %s cannot take a duplicate: %v", master.No, err)
	}
	nc, err := s.applied(child, ce)
	if err != nil {
		return nil, err
	}
	nm, err := s.applied(master, me)
	if err != nil {
		return nil, err
	}
	if err := s.st.SaveOrders(ctx,
		storage.OrderSave{Order: nc, Row: s.row(nc, now), Expected: child.Version, Events: ce},
		storage.OrderSave{Order: nm, Row: s.row(nm, now), Expected: master.Version, Events: me}); err != nil {
		return nil, err
	}
	return access.View(sub, nc), nil
}

func (s *Service) applied(o *workorder.Order, events []eventlog.Event) (*workorder.Order, error) {
	next := o.Clone()
	for _, e := range events {
		if err := workorder.Apply(&next, e); err != nil {
			return nil, fmt.Errorf("apply %s to %s: %w", e.Type, o.No, err)
		}
	}
	return &next, nil
}

func withCurrent(err error, cur *workorder.Order) error {
	if err := calendarError(err); err != nil {
		return err
	}
	if fe := fault.As(err); fe != nil && fe.Code == fault.Conflict && fe.Current == nil {
		c := *fe
		c.Current = cur
		return &c
	}
	return err
}

// row computes the projection's warning level and the next time the sweeper
// has to look at the order: the earliest instant a period turns yellow or
// red that has not been warned about yet.
func (s *Service) row(o *workorder.Order, now time.Time) storage.OrderRow {
	var r storage.OrderRow
	cal := s.env.Calendar()
	for _, w := range o.Warnings(now, cal) {
		if w.Level == workorder.LevelRed || r.Warning == "" {
			r.Warning = string(w.Level)
		}
	}
	if o.Suspended() {
		return r
	}
	issued := map[workorder.WarningKey]bool{}
	for _, k := range o.Warned {
		issued[k] = true
	}
	consider := func(t time.Time) {
		if !t.IsZero() && (r.NextDue.IsZero() || t.Before(r.NextDue)) {
			r.NextDue = t
		}
	}
	for _, p := range periods(o) {
		yellow := workorder.WarningKey{Period: p.period, AssignmentID: p.id, Level: workorder.LevelYellow}
		red := workorder.WarningKey{Period: p.period, AssignmentID: p.id, Level: workorder.LevelRed}
		if !issued[yellow] && !issued[red] {
			consider(yellowAt(cal, p))
		}
		if !issued[red] {
			consider(p.due)
		}
	}
	return r
}

type period struct {
	period     workorder.Period
	id         int64
	start, due time.Time
	calendar   bool
}

// periods lists the open timed periods of an order, as Warnings sees them.
func periods(o *workorder.Order) []period {
	var out []period
	switch o.State {
	case workorder.StateRegistered:
		out = append(out, period{workorder.PeriodDispatch, 0, o.Times.Registered, o.DispatchDue, false})
	case workorder.StateCallback:
		if l := o.LeadAssignment(); l != nil {
			out = append(out, period{workorder.PeriodCallback, l.ID, o.Times.Accepted, o.CallbackDue, false})
		}
	case workorder.StateDispatched, workorder.StateReturned, workorder.StateHandling, workorder.StateReplied:
		for _, a := range o.Assignments {
			if !a.Open() {
				continue
			}
			if a.State == workorder.AssignDispatched {
				out = append(out, period{workorder.PeriodSign, a.ID, a.At, a.SignDue, false})
			}
			out = append(out, period{workorder.PeriodReply, a.ID, a.At, a.ReplyDue, a.ReplyCalendar})
		}
	}
	return out
}

// yellowAt is when 75% of a period has passed. Suspensions are ignored
// here: they only make the real instant later, and the sweeper checks the
// real level with Warnings before it records anything.
func yellowAt(cal workorder.Calendar, p period) time.Time {
	if p.due.IsZero() || !p.due.After(p.start) {
		return time.Time{}
	}
	if p.calendar {
		return p.start.Add(p.due.Sub(p.start) * 3 / 4)
	}
	span, err := cal.WorkingTime(p.start, p.due)
	if err != nil {
		return p.due
	}
	t, err := cal.AddWorking(p.start, span*3/4)
	if err != nil {
		return p.due
	}
	return t
}

// Sweep records due warnings and automatic urges (催办) for orders whose next
// check time has come. Each is recorded once per order, period and level,
// also with several processes sweeping one PostgreSQL database: the domain
// refuses a repeat and the optimistic version makes concurrent sweepers take
// turns. It returns how many events it recorded.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.Now()
	nos, err := s.st.DueOrders(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	sys := workorder.Actor{Role: workorder.RoleSystem}
	total := 0
	for _, no := range nos {
		n, err := s.sweepOne(ctx, sys, no, now)
		if err != nil {
			slog.WarnContext(ctx, "sweep order", slog.String("order", no), slog.Any("err", err))
			continue
		}
		total += n
	}
	return total, nil
}

func (s *Service) sweepOne(ctx context.Context, sys workorder.Actor, no string, now time.Time) (int, error) {
	o, err := s.st.Order(ctx, no)
	if err != nil {
		return 0, err
	}
	var events []eventlog.Event
	cur := o.Clone()
	for _, w := range o.Warnings(now, s.env.Calendar()) {
		cmds := []workorder.Command{workorder.Warn{Period: w.Period, AssignmentID: w.AssignmentID, Level: w.Level}}
		if w.Level == workorder.LevelRed {
			cmds = append(cmds, workorder.AutoUrge{Period: w.Period, AssignmentID: w.AssignmentID})
		}
		for _, c := range cmds {
			es, err := workorder.Decide(&cur, c, sys, now, s.env)
			if workorder.IsDuplicate(err) || fault.As(err) != nil && fault.As(err).Key == workorder.KeyNotDue {
				continue
			}
			if err != nil {
				return 0, err
			}
			for _, e := range es {
				if err := workorder.Apply(&cur, e); err != nil {
					return 0, err
				}
			}
			events = append(events, es...)
		}
	}
	err = s.st.SaveOrder(ctx, &cur, s.row(&cur, now), o.Version, events)
	if fault.Is(err, fault.Conflict) {
		return 0, nil // another sweeper or an action got there first; the next round sees it
	}
	return len(events), err
}

// RunSweeper sweeps every interval until ctx ends.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration) {
	periodic.Run(ctx, every, "sweep orders", s.Sweep)
}

// calendarError turns a deadline that runs into a year without an official
// holiday schedule into an error that says so and what to do, instead of a
// guessed deadline (DOMAIN.md §8) or an anonymous internal error.
func calendarError(err error) error {
	var nse workday.NoScheduleError
	if !errors.As(err, &nse) {
		return nil
	}
	e := fault.New(fault.Unavailable, "the deadline falls in %d, whose official holiday schedule is not loaded; "+
		"an administrator must load it (tongban import holidays FILE, or the calendar page)", nse.Year).
		WithKey("calendar.no_schedule", map[string]any{"year": nse.Year})
	e.Err = err
	return e
}
