package workorder

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// Translation keys of the conflicts a caller may want to tell apart.
const (
	// KeyNotAllowed marks an action the order's state (or the actor's
	// assignment) does not allow.
	KeyNotAllowed = "workorder.not_allowed"
	// KeyTooLate marks an action whose deadline or window has passed.
	KeyTooLate = "workorder.too_late"
	// KeyDuplicate marks a warning, automatic urge or merged child that was
	// already recorded; the sweeper treats it as done.
	KeyDuplicate = "workorder.duplicate"
	// KeyNotDue marks a warning or automatic urge that is not due (yet, or
	// any more).
	KeyNotDue = "workorder.not_due"
)

// IsDuplicate reports whether err is Decide refusing something already
// recorded (a warning, an automatic urge, a merged child), which a retrying
// caller such as the deadline sweeper can treat as success.
func IsDuplicate(err error) bool {
	fe := fault.As(err)
	return fe != nil && fe.Code == fault.Conflict && fe.Key == KeyDuplicate
}

// Decide checks cmd, taken by actor at now, against o and returns the events
// that record it, for storage to append (it fills Seq, Prev and Hash). o is
// not changed; it may be nil for Register. Most commands give one event; an
// action that ends the lead unit's handling while the order is suspended
// (reply, return, close, merge) is preceded by a resume event, so the
// suspended time is accounted for.
//
// Errors: fault.Conflict with Allowed when the state (or the clock) does not
// allow the action, fault.Forbidden when the actor may not take it,
// fault.Invalid naming the field when the command is wrong; calendar failures
// are returned wrapped.
func Decide(o *Order, cmd Command, actor Actor, now time.Time, env Env) ([]eventlog.Event, error) {
	if cmd == nil {
		return nil, fault.Invalidf("action", "no command")
	}
	action := cmd.Action()
	if e := check(o, actor, action); e != nil {
		if e.Code == fault.Conflict {
			return nil, conflict(o, actor, action, e)
		}
		return nil, e
	}
	if err := invalid(cmd.Validate()); err != nil {
		return nil, err
	}
	d := &decider{actor: actor, at: ut(now), env: env, action: action}
	if o != nil {
		d.orig = o
		d.cur = o.Clone()
	} else {
		d.orig = &Order{}
	}
	if err := d.decide(cmd); err != nil {
		return nil, err
	}
	return d.events, nil
}

// invalid turns a Validate error into one that fault.CodeOf reports as
// Invalid: a single field error as itself, several as an Invalid error that
// wraps the fault.List, so errors.As still finds every field.
func invalid(err error) error {
	var l fault.List
	if !errors.As(err, &l) {
		return err
	}
	if len(l) == 1 {
		return l[0]
	}
	return &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("%d fields are invalid", len(l)), Err: l}
}

// decider builds the events of one decision. cur is the order with the
// events emitted so far applied, so a second event sees the first.
type decider struct {
	orig   *Order
	cur    Order
	actor  Actor
	at     time.Time
	env    Env
	action string
	events []eventlog.Event
}

func (d *decider) emit(typ string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("workorder: encoding %s: %w", typ, err)
	}
	no := d.cur.No
	if r, ok := payload.(RegisterPayload); ok {
		no = r.No
	}
	e := eventlog.Event{
		Stream:  StreamOf(no),
		Type:    typ,
		At:      d.at,
		ActorID: d.actor.StaffID,
		UnitID:  d.actor.UnitID,
		Payload: b,
	}
	if err := Apply(&d.cur, e); err != nil {
		return fmt.Errorf("workorder: decided event does not apply: %w", err)
	}
	d.events = append(d.events, e)
	return nil
}

// refuse reports a conflict found after check: the clock or the arguments
// make the action impossible now.
func (d *decider) refuse(key, format string, a ...any) error {
	e := fault.Conflictf(format, a...)
	e.Key = key
	return conflict(d.orig, d.actor, d.action, e)
}

func (d *decider) cal() Calendar { return d.env.Calendar() }

func (d *decider) limits() Limits {
	return d.env.Policy().Limits(d.cur.Type, d.cur.Category, d.cur.Urgency)
}

func (d *decider) decide(cmd Command) error {
	o := &d.cur
	switch c := cmd.(type) {
	case Register:
		return d.register(c)
	case AnswerDirect:
		return d.emit(ActionAnswer, c)
	case TransferEmergency:
		return d.emit(ActionEmergency, c)
	case Decline:
		return d.emit(ActionDecline, c)

	case Dispatch:
		as, err := d.newAssignments(c.Lead, c.Assist, 0)
		if err != nil {
			return err
		}
		return d.emit(ActionDispatch, DispatchPayload{Dispatch: c, Assignments: as})
	case Redispatch:
		if l := o.LeadAssignment(); l != nil && l.UnitID == c.Lead {
			return fault.Invalidf("lead", "unit %d has just returned this order; refuse the return instead", c.Lead)
		}
		as, err := d.newAssignments(c.Lead, c.Assist, 0)
		if err != nil {
			return err
		}
		return d.emit(ActionRedispatch, RedispatchPayload{Redispatch: c, Assignments: as})
	case Rehandle:
		// An unsatisfied order waits for this ruling; a closed one can be
		// reopened only within the window.
		if o.State == StateClosed && d.at.After(o.RehandleUntil) {
			return d.refuse(KeyTooLate, "the re-handling window ended at %s", o.RehandleUntil.Format(time.RFC3339))
		}
		as, err := d.newAssignments(c.Lead, c.Assist, 0)
		if err != nil {
			return err
		}
		return d.emit(ActionRehandle, RehandlePayload{Rehandle: c, Assignments: as, Count: o.RehandleCount + 1})

	case Sign:
		return d.emit(ActionSign, SignPayload{Assignment: d.own().ID})
	case SubDispatch:
		return d.subDispatch(c)
	case Return:
		a := d.own()
		if a.TopLevel() && a.Lead {
			if err := d.autoResume(); err != nil {
				return err
			}
		}
		return d.emit(ActionReturn, ReturnPayload{Return: c, Assignment: a.ID})
	case RefuseReturn:
		return d.emit(ActionRefuseReturn, RefuseReturnPayload{RefuseReturn: c, Assignment: o.LeadAssignment().ID})

	case RequestExtension:
		l := o.LeadAssignment()
		if !o.Suspended() && d.at.After(l.ReplyDue) {
			return d.refuse(KeyTooLate, "the reply deadline passed at %s; an extension is requested before it", l.ReplyDue.Format(time.RFC3339))
		}
		return d.emit(ActionRequestExtension, RequestExtensionPayload{RequestExtension: c, Assignment: l.ID})
	case DecideExtension:
		return d.decideExtension(c)
	case RequestSuspension:
		return d.emit(ActionRequestSuspension, RequestSuspensionPayload{RequestSuspension: c, Assignment: o.LeadAssignment().ID})
	case DecideSuspension:
		return d.emit(ActionDecideSuspension, c)
	case Resume:
		return d.autoResume()

	case Reply:
		a := d.own()
		if a.TopLevel() && a.Lead {
			if err := d.autoResume(); err != nil {
				return err
			}
		}
		return d.emit(ActionReply, ReplyPayload{Reply: c, Assignment: a.ID})
	case Review:
		p := ReviewPayload{Review: c}
		if c.Accept {
			due, err := d.cal().Deadline(d.at, d.limits().CallbackDays)
			if err != nil {
				return fmt.Errorf("workorder: callback deadline: %w", err)
			}
			p.CallbackDue = ut(due)
		}
		return d.emit(ActionReview, p)
	case Callback:
		p := CallbackPayload{Callback: c}
		switch {
		case (CallbackResult{Reached: c.Reached, Resolved: c.Resolved, Satisfaction: c.Satisfaction}).Satisfied():
			p.Closure = ClosureCallback
		case c.Reached: // unsatisfied: the centre rules next
		case o.Callback.Attempts+1 >= MaxCallbackAttempts:
			p.Closure = ClosureUnreachable
		}
		if p.Closure != "" {
			until, err := d.rehandleUntil()
			if err != nil {
				return err
			}
			p.RehandleUntil = until
		}
		return d.emit(ActionCallback, p)
	case Close:
		if err := d.autoResume(); err != nil {
			return err
		}
		until, err := d.rehandleUntil()
		if err != nil {
			return err
		}
		return d.emit(ActionClose, ClosePayload{Close: c, RehandleUntil: until})

	case Urge:
		return d.emit(ActionUrge, c)
	case Supervise:
		return d.emit(ActionSupervise, c)
	case Merge:
		if c.Master == o.No {
			return fault.Invalidf("master", "is this order itself")
		}
		if err := d.autoResume(); err != nil {
			return err
		}
		return d.emit(ActionMerge, c)
	case MergeChild:
		if c.Child == o.No {
			return fault.Invalidf("child", "is this order itself")
		}
		if slices.Contains(o.MergedChildren, c.Child) {
			return d.refuse(KeyDuplicate, "order %s is already merged into this one", c.Child)
		}
		return d.emit(ActionMergeChild, c)
	case Note:
		if c.Internal && d.actor.Role == RoleCitizen {
			return fault.Forbiddenf("citizens cannot add internal notes")
		}
		return d.emit(ActionNote, c)
	case Attach:
		return d.emit(ActionAttach, c)
	case Warn:
		w, err := d.due(c.Period, c.AssignmentID, c.Level, o.Warned, WarningKey{Period: c.Period, AssignmentID: c.AssignmentID, Level: c.Level})
		if err != nil {
			return err
		}
		return d.emit(ActionWarn, WarnPayload{Warn: c, Start: w.Start, Due: w.Due})
	case AutoUrge:
		w, err := d.due(c.Period, c.AssignmentID, LevelRed, o.AutoUrged, WarningKey{Period: c.Period, AssignmentID: c.AssignmentID})
		if err != nil {
			return err
		}
		return d.emit(ActionAutoUrge, AutoUrgePayload{AutoUrge: c, Start: w.Start, Due: w.Due})
	}
	return fault.Invalidf("action", "unsupported command %T", cmd)
}

// MaxCallbackAttempts is how many unreached callbacks close an order as
// unreachable.
const MaxCallbackAttempts = 3

func (d *decider) register(c Register) error {
	if c.Caller.Phone != "" {
		phone, err := NormalizePhone(c.Caller.Phone)
		if err != nil { // Validate already passed; kept for safety
			return fault.Invalidf("caller.phone", "%s", err)
		}
		c.Caller.Phone = phone
	}
	if c.Urgency == "" {
		c.Urgency = UrgencyNormal
	}
	lim := d.env.Policy().Limits(c.Type, c.Category, c.Urgency)
	due, err := d.cal().AddWorking(d.at, hours(lim.DispatchHours))
	if err != nil {
		return fmt.Errorf("workorder: dispatch deadline: %w", err)
	}
	return d.emit(ActionRegister, RegisterPayload{Register: c, DispatchDue: ut(due)})
}

// own returns the actor's unit's open assignment; check made sure it exists.
func (d *decider) own() *Assignment { return d.cur.openAssignmentOf(d.actor.UnitID) }

// newAssignments builds the top-level assignments of a dispatch, redispatch
// or re-handling, with deadlines counted from now.
func (d *decider) newAssignments(lead int64, assist []int64, parent int64) ([]NewAssignment, error) {
	var errs fault.List
	if !d.env.UnitExists(lead) {
		errs.Add("lead", "unit %d does not exist", lead)
	}
	for i, u := range assist {
		if !d.env.UnitExists(u) {
			errs.Add(fmt.Sprintf("assist[%d]", i), "unit %d does not exist", u)
		}
	}
	if err := invalid(errs.Err()); err != nil {
		return nil, err
	}
	sign, reply, calReply, err := deadlines(d.limits(), d.cur.Urgency, d.cal(), d.at)
	if err != nil {
		return nil, err
	}
	id := d.cur.nextAssignmentID()
	out := make([]NewAssignment, 0, 1+len(assist))
	for i, u := range append([]int64{lead}, assist...) {
		out = append(out, NewAssignment{
			ID: id + int64(i), UnitID: u, ParentID: parent, Lead: i == 0,
			SignDue: sign, ReplyDue: reply, ReplyCalendar: calReply,
		})
	}
	return out, nil
}

func (d *decider) subDispatch(c SubDispatch) error {
	parent := d.own()
	switch {
	case c.Unit == d.actor.UnitID:
		return fault.Invalidf("unit", "is your own unit")
	case !d.env.UnitExists(c.Unit):
		return fault.Invalidf("unit", "unit %d does not exist", c.Unit)
	case !d.env.IsBelow(d.actor.UnitID, c.Unit):
		return fault.Invalidf("unit", "unit %d is not below your unit", c.Unit)
	case d.cur.openAssignmentOf(c.Unit) != nil:
		return fault.Invalidf("unit", "unit %d already has an open assignment on this order", c.Unit)
	}
	sign, _, _, err := deadlines(d.limits(), d.cur.Urgency, d.cal(), d.at)
	if err != nil {
		return err
	}
	// The child inherits its parent's reply deadline: the order's deadline
	// binds everyone working on it, and a shorter internal deadline is the
	// parent's to set in its note.
	return d.emit(ActionSubDispatch, SubDispatchPayload{SubDispatch: c, Assignment: NewAssignment{
		ID: d.cur.nextAssignmentID(), UnitID: c.Unit, ParentID: parent.ID, Lead: parent.Lead,
		SignDue: sign, ReplyDue: parent.ReplyDue, ReplyCalendar: parent.ReplyCalendar,
	}})
}

func (d *decider) decideExtension(c DecideExtension) error {
	p := DecideExtensionPayload{DecideExtension: c}
	if !c.Approve {
		return d.emit(ActionDecideExtension, p)
	}
	if p.Days == 0 {
		p.Days = d.cur.Extension.Days
	}
	// Every open assignment moves: the sub-dispatched and assisting units
	// work towards the order's reply deadline too.
	for _, a := range d.cur.Assignments {
		if !a.Open() {
			continue
		}
		due, err := d.cal().Deadline(a.ReplyDue, p.Days)
		if err != nil {
			return fmt.Errorf("workorder: extended deadline: %w", err)
		}
		p.Dues = append(p.Dues, DueChange{Assignment: a.ID, SignDue: a.SignDue, ReplyDue: ut(due)})
	}
	return d.emit(ActionDecideExtension, p)
}

// autoResume emits a resume event if the order is suspended. Each open
// deadline moves by the suspended time that overlapped its period (an
// assignment sent during the suspension lost only the part after it was
// sent), in working time, or calendar time for calendar-hour periods.
func (d *decider) autoResume() error {
	o := &d.cur
	if !o.Suspended() {
		return nil
	}
	cal := d.cal()
	working, err := cal.WorkingTime(o.SuspendedSince, d.at)
	if err != nil {
		return fmt.Errorf("workorder: suspended time: %w", err)
	}
	p := ResumePayload{Suspension: Suspension{From: o.SuspendedSince, To: d.at, Working: working}}
	for _, a := range o.Assignments {
		if !a.Open() {
			continue
		}
		from := maxTime(o.SuspendedSince, a.At)
		if !d.at.After(from) {
			continue
		}
		w, err := cal.WorkingTime(from, d.at)
		if err != nil {
			return fmt.Errorf("workorder: suspended time: %w", err)
		}
		ch := DueChange{Assignment: a.ID, SignDue: a.SignDue, ReplyDue: a.ReplyDue}
		if a.State == AssignDispatched {
			if ch.SignDue, err = cal.AddWorking(a.SignDue, w); err != nil {
				return fmt.Errorf("workorder: resumed deadline: %w", err)
			}
		}
		if a.ReplyCalendar {
			ch.ReplyDue = a.ReplyDue.Add(d.at.Sub(from))
		} else if ch.ReplyDue, err = cal.AddWorking(a.ReplyDue, w); err != nil {
			return fmt.Errorf("workorder: resumed deadline: %w", err)
		}
		ch.SignDue, ch.ReplyDue = ut(ch.SignDue), ut(ch.ReplyDue)
		p.Dues = append(p.Dues, ch)
	}
	return d.emit(ActionResume, p)
}

func (d *decider) rehandleUntil() (time.Time, error) {
	until, err := d.cal().Deadline(d.at, d.limits().RehandleDays)
	if err != nil {
		return time.Time{}, fmt.Errorf("workorder: re-handling window: %w", err)
	}
	return ut(until), nil
}

// due finds the warning the sweeper asks to record and refuses it if it was
// already recorded or is not due at the given level.
func (d *decider) due(p Period, id int64, level Level, issued []WarningKey, key WarningKey) (Warning, error) {
	if slices.Contains(issued, key) {
		return Warning{}, d.refuse(KeyDuplicate, "the %s %s warning for assignment %d was already issued", p, level, id)
	}
	for _, w := range d.cur.Warnings(d.at, d.cal()) {
		if w.Period == p && w.AssignmentID == id && w.Level.rank() >= level.rank() {
			return w, nil
		}
	}
	return Warning{}, d.refuse(KeyNotDue, "no %s %s warning is due for assignment %d", p, level, id)
}
