package workorder

import (
	"fmt"
	"slices"
	"strings"

	"tongban/internal/fault"
)

// This file is the one place that says who may take which action in which
// state. Allowed and Decide both ask check, so what a UI offers and what
// Decide accepts cannot drift apart. check looks at the state first and the
// actor second: an action impossible in this state is a Conflict for
// everybody, an action possible now but not for this actor is Forbidden.
//
// check does not look at the clock or at the command's arguments. Decide adds
// those checks (before the reply deadline, within the re-handling window, a
// warning actually due, …) and reports a failure as a Conflict whose Allowed
// no longer contains the action.

func isCentreStaff(a Actor) bool {
	return a.Centre && (a.Role == RoleAgent || a.Role == RoleDispatcher)
}

func isDispatcher(a Actor) bool { return a.Centre && a.Role == RoleDispatcher }

func isUnitStaff(a Actor) bool { return a.Role == RoleHandler || a.Role == RoleUnitHead }

// involved reports whether a may add notes and attachments: the centre, a
// supervisor, the citizen (storage makes sure it is the order's own caller),
// and every unit that ever held an assignment on the order.
func involved(o *Order, a Actor) bool {
	return isCentreStaff(a) || a.Role == RoleSupervisor || a.Role == RoleCitizen ||
		(isUnitStaff(a) && o.involves(a.UnitID))
}

// unitState reports whether units can act on their assignments: from
// dispatch until the centre accepts the lead's reply (assisting units may
// still be working after the lead replied or returned).
func unitState(s State) bool {
	switch s {
	case StateDispatched, StateReturned, StateHandling, StateReplied:
		return true
	}
	return false
}

func stateConflict(o *Order, format string, a ...any) *fault.Error {
	e := fault.Conflictf(format, a...)
	e.Current = o.State
	return e
}

func forbidden(format string, a ...any) *fault.Error { return fault.Forbiddenf(format, a...) }

// check returns nil when actor may take action on o now (clock and arguments
// aside), a Conflict when the state does not allow it and Forbidden when the
// actor may not.
func check(o *Order, a Actor, action string) *fault.Error {
	if o == nil || o.State == "" {
		if action != ActionRegister {
			return &fault.Error{Code: fault.Conflict, Message: "the order is not registered yet"}
		}
		if !isCentreStaff(a) && a.Role != RoleCitizen && a.Role != RoleSystem {
			return forbidden("only the hotline centre, a citizen or a platform transfer registers orders")
		}
		return nil
	}
	state := func(ok bool) *fault.Error {
		if ok {
			return nil
		}
		return stateConflict(o, "the order is %s", o.State)
	}
	actor := func(ok bool, who string) *fault.Error {
		if ok {
			return nil
		}
		return forbidden("only %s may %s", who, strings.ReplaceAll(action, "_", " "))
	}
	first := func(errs ...*fault.Error) *fault.Error {
		for _, e := range errs {
			if e != nil {
				return e
			}
		}
		return nil
	}
	const (
		centre     = "hotline centre staff"
		dispatcher = "a hotline centre dispatcher"
	)

	switch action {
	case ActionRegister:
		return stateConflict(o, "the order is already registered")
	case ActionAnswer, ActionEmergency, ActionDecline:
		return first(state(o.State == StateRegistered), actor(isCentreStaff(a), centre))
	case ActionDispatch:
		return first(state(o.State == StateRegistered), actor(isDispatcher(a), dispatcher))
	case ActionRedispatch, ActionRefuseReturn:
		return first(state(o.State == StateReturned), actor(isDispatcher(a), dispatcher))
	case ActionDecideExtension:
		if e := state(o.State == StateHandling); e != nil {
			return e
		}
		if o.Extension == nil {
			return stateConflict(o, "no extension request is pending")
		}
		return actor(isDispatcher(a), dispatcher)
	case ActionDecideSuspension:
		if e := state(o.State == StateHandling); e != nil {
			return e
		}
		if o.Suspension == nil {
			return stateConflict(o, "no suspension request is pending")
		}
		return actor(isDispatcher(a), dispatcher)
	case ActionResume:
		if e := state(o.State == StateHandling); e != nil {
			return e
		}
		if !o.Suspended() {
			return stateConflict(o, "the order is not suspended")
		}
		return actor(isDispatcher(a) || isLeadStaff(o, a), "the centre or the lead unit")
	case ActionReview:
		return first(state(o.State == StateReplied), actor(isDispatcher(a), dispatcher))
	case ActionCallback:
		return first(state(o.State == StateCallback), actor(isCentreStaff(a), centre))
	case ActionRehandle:
		return first(state(o.State == StateClosed), actor(isDispatcher(a), dispatcher))
	case ActionClose, ActionMerge:
		return first(state(o.State.Open()), actor(isDispatcher(a), dispatcher))
	case ActionMergeChild:
		return first(state(o.State.Open() || o.State == StateClosed), actor(isDispatcher(a), dispatcher))
	case ActionUrge, ActionSupervise:
		return first(state(o.State.Open()), actor(a.Role == RoleSupervisor || isCentreStaff(a), "a supervisor or the centre"))
	case ActionWarn, ActionAutoUrge:
		return first(state(o.State.Open()), actor(a.Role == RoleSystem, "the deadline sweeper"))
	case ActionNote:
		return actor(involved(o, a), "those involved in the order")
	case ActionAttach:
		return first(state(!o.State.Terminal()), actor(involved(o, a), "those involved in the order"))
	case ActionSign:
		return unitCheck(o, a, action, AssignDispatched)
	case ActionSubDispatch, ActionReply:
		return unitCheck(o, a, action, AssignSigned)
	case ActionReturn:
		if e := unitCheck(o, a, action, AssignDispatched, AssignSigned); e != nil {
			return e
		}
		if o.openAssignmentOf(a.UnitID).ReturnRefused {
			return stateConflict(o, "the centre refused your unit's return: the unit must handle the order")
		}
		return nil
	case ActionRequestExtension:
		if e := state(o.State == StateHandling); e != nil {
			return e
		}
		if o.Extension != nil {
			return stateConflict(o, "an extension request is already pending")
		}
		return actor(isLeadStaff(o, a), "the lead unit")
	case ActionRequestSuspension:
		if e := state(o.State == StateHandling); e != nil {
			return e
		}
		if o.Suspended() {
			return stateConflict(o, "the order is already suspended")
		}
		if o.Suspension != nil {
			return stateConflict(o, "a suspension request is already pending")
		}
		return actor(isLeadStaff(o, a), "the lead unit")
	}
	return &fault.Error{Code: fault.Invalid, Field: "action", Message: fmt.Sprintf("unknown action %q", action)}
}

// isLeadStaff reports whether a works for the unit holding the open
// top-level lead assignment.
func isLeadStaff(o *Order, a Actor) bool {
	l := o.LeadAssignment()
	return isUnitStaff(a) && l != nil && l.Open() && l.UnitID == a.UnitID
}

// unitCheck checks an action a unit takes on its own open assignment.
func unitCheck(o *Order, a Actor, action string, want ...AssignmentState) *fault.Error {
	if !unitState(o.State) {
		return stateConflict(o, "the order is %s", o.State)
	}
	if !isUnitStaff(a) {
		return forbidden("only the assigned unit's handlers may %s", strings.ReplaceAll(action, "_", " "))
	}
	as := o.openAssignmentOf(a.UnitID)
	if as == nil {
		if o.involves(a.UnitID) {
			return stateConflict(o, "your unit's assignment is no longer open")
		}
		return forbidden("your unit has no assignment on this order")
	}
	if !slices.Contains(want, as.State) {
		return stateConflict(o, "your unit's assignment is %s", as.State)
	}
	return nil
}

// Allowed lists the actions actor may take on o now, in the order of
// Actions. It does not look at the clock: an action that also depends on a
// deadline or window (a request before the reply deadline, re-handling
// within the window, a warning that is actually due) is listed, and Decide
// refuses it with a Conflict when the clock says no. A nil o lists what may
// be done to an order not yet registered.
func Allowed(o *Order, actor Actor) []string {
	out := []string{}
	for _, act := range Actions {
		if check(o, actor, act) == nil {
			out = append(out, act)
		}
	}
	return out
}

// conflict completes a state conflict with what is allowed instead, so the
// UI can offer it and the message says it.
func conflict(o *Order, actor Actor, action string, e *fault.Error) *fault.Error {
	allowed := slices.DeleteFunc(Allowed(o, actor), func(s string) bool { return s == action })
	state := State("")
	if o != nil {
		state = o.State
	}
	e.Allowed = allowed
	e.Current = state
	list := "nothing"
	if len(allowed) > 0 {
		list = strings.Join(allowed, ", ")
	}
	e.Message = fmt.Sprintf("cannot %s: %s (state %s); allowed now: %s",
		strings.ReplaceAll(action, "_", " "), e.Message, state, list)
	if e.Key == "" {
		e.Key = "workorder.not_allowed"
	}
	e.Args = map[string]any{"action": action, "state": string(state), "allowed": allowed}
	return e
}
