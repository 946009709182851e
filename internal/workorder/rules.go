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

// judge answers check's question. With explain false it only says yes or
// no and builds no messages, because Allowed asks about every action.
type judge struct {
	o       *Order
	a       Actor
	action  string
	explain bool
}

// denied is what an unexplained refusal returns; only nil versus non-nil
// matters to Allowed.
var denied = &fault.Error{Code: fault.Conflict, Message: "not allowed"}

func (j judge) conflict(format string, args ...any) *fault.Error {
	if !j.explain {
		return denied
	}
	e := fault.Conflictf(format, args...)
	if j.o != nil {
		e.Current = j.o.State
	}
	return e
}

func (j judge) forbidden(format string, args ...any) *fault.Error {
	if !j.explain {
		return denied
	}
	return fault.Forbiddenf(format, args...)
}

// verb is the action for messages, built only when a message is.
func (j judge) verb() string {
	if !j.explain {
		return ""
	}
	return strings.ReplaceAll(j.action, "_", " ")
}

// gate checks the state, then the actor.
func (j judge) gate(stateOK, actorOK bool, who string) *fault.Error {
	switch {
	case !j.explain && (!stateOK || !actorOK):
		return denied
	case !stateOK:
		return j.conflict("the order is %s", j.o.State)
	case !actorOK:
		return j.forbidden("only %s may %s", who, j.verb())
	}
	return nil
}

// check returns nil when actor may take action on o now (clock and arguments
// aside), a Conflict when the state does not allow it and Forbidden when the
// actor may not.
func check(o *Order, a Actor, action string) *fault.Error {
	return judge{o: o, a: a, action: action, explain: true}.check()
}

func (j judge) check() *fault.Error {
	o, a, action := j.o, j.a, j.action
	if o == nil || o.State == "" {
		if action != ActionRegister {
			return j.conflict("the order is not registered yet")
		}
		if !isCentreStaff(a) && a.Role != RoleCitizen && a.Role != RoleSystem {
			return j.forbidden("only the hotline centre, a citizen or a platform transfer registers orders")
		}
		return nil
	}
	const (
		centre     = "hotline centre staff"
		dispatcher = "a hotline centre dispatcher"
		lead       = "the lead unit"
		involvedIn = "those involved in the order"
	)
	switch action {
	case ActionRegister:
		return j.conflict("the order is already registered")
	case ActionAnswer, ActionEmergency, ActionDecline:
		return j.gate(o.State == StateRegistered, isCentreStaff(a), centre)
	case ActionDispatch:
		// Agents dispatch too: the agent desk registers and dispatches in
		// one flow while the caller is on the line (一派到底).
		return j.gate(o.State == StateRegistered, isCentreStaff(a), centre)
	case ActionRedispatch, ActionRefuseReturn:
		return j.gate(o.State == StateReturned, isDispatcher(a), dispatcher)
	case ActionDecideExtension:
		if o.State == StateHandling && o.Extension == nil {
			return j.conflict("no extension request is pending")
		}
		return j.gate(o.State == StateHandling, isDispatcher(a), dispatcher)
	case ActionDecideSuspension:
		if o.State == StateHandling && o.Suspension == nil {
			return j.conflict("no suspension request is pending")
		}
		return j.gate(o.State == StateHandling, isDispatcher(a), dispatcher)
	case ActionResume:
		if o.State == StateHandling && !o.Suspended() {
			return j.conflict("the order is not suspended")
		}
		return j.gate(o.State == StateHandling, isDispatcher(a) || isLeadStaff(o, a), "the centre or the lead unit")
	case ActionReview:
		return j.gate(o.State == StateReplied, isDispatcher(a), dispatcher)
	case ActionCallback:
		return j.gate(o.State == StateCallback, isCentreStaff(a), centre)
	case ActionRehandle:
		return j.gate(o.State == StateClosed || o.State == StateUnsatisfied, isDispatcher(a), dispatcher)
	case ActionClose, ActionMerge:
		return j.gate(o.State.Open(), isDispatcher(a), dispatcher)
	case ActionMergeChild:
		return j.gate(o.State.Open() || o.State == StateClosed, isDispatcher(a), dispatcher)
	case ActionUrge, ActionSupervise:
		return j.gate(o.State.Open(), a.Role == RoleSupervisor || isCentreStaff(a), "a supervisor or the centre")
	case ActionWarn, ActionAutoUrge:
		return j.gate(o.State.Open(), a.Role == RoleSystem, "the deadline sweeper")
	case ActionNote:
		return j.gate(true, involved(o, a), involvedIn)
	case ActionAttach:
		return j.gate(!o.State.Terminal(), involved(o, a), involvedIn)
	case ActionSign:
		return j.unit(AssignDispatched)
	case ActionSubDispatch, ActionReply:
		return j.unit(AssignSigned)
	case ActionReturn:
		if e := j.unit(AssignDispatched, AssignSigned); e != nil {
			return e
		}
		if o.openAssignmentOf(a.UnitID).ReturnRefused {
			return j.conflict("the centre refused your unit's return: the unit must handle the order")
		}
		return nil
	case ActionRequestExtension:
		if o.State == StateHandling && o.Extension != nil {
			return j.conflict("an extension request is already pending")
		}
		return j.gate(o.State == StateHandling, isLeadStaff(o, a), lead)
	case ActionRequestSuspension:
		switch {
		case o.State == StateHandling && o.Suspended():
			return j.conflict("the order is already suspended")
		case o.State == StateHandling && o.Suspension != nil:
			return j.conflict("a suspension request is already pending")
		}
		return j.gate(o.State == StateHandling, isLeadStaff(o, a), lead)
	}
	return &fault.Error{Code: fault.Invalid, Field: "action", Message: fmt.Sprintf("unknown action %q", action)}
}

// isLeadStaff reports whether a works for the unit holding the open
// top-level lead assignment.
func isLeadStaff(o *Order, a Actor) bool {
	l := o.LeadAssignment()
	return isUnitStaff(a) && l != nil && l.Open() && l.UnitID == a.UnitID
}

// unit checks an action a unit takes on its own open assignment.
func (j judge) unit(want ...AssignmentState) *fault.Error {
	o, a := j.o, j.a
	if !unitState(o.State) {
		return j.conflict("the order is %s", o.State)
	}
	if !isUnitStaff(a) {
		return j.forbidden("only the assigned unit's handlers may %s", j.verb())
	}
	as := o.openAssignmentOf(a.UnitID)
	if as == nil {
		if o.involves(a.UnitID) {
			return j.conflict("your unit's assignment is no longer open")
		}
		return j.forbidden("your unit has no assignment on this order")
	}
	if !slices.Contains(want, as.State) {
		return j.conflict("your unit's assignment is %s", as.State)
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
		if (judge{o: o, a: actor, action: act}).check() == nil {
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
		e.Key = KeyNotAllowed
	}
	e.Args = map[string]any{"action": action, "state": string(state), "allowed": allowed}
	return e
}
