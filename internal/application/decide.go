package application

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// Command is an action someone asks for; the concrete types are the structs
// in this package (Submit, Correct, Accept …).
type Command interface {
	// Action returns the action name, which is also the event type.
	Action() string
	// payload validates the command against the application and returns
	// what the event records, including values computed now (deadlines).
	payload(a *Application, actor Actor, now time.Time, env Env) (any, error)
}

// Decide checks cmd against the application's state, the actor's role and
// unit, and the command's own data, and returns the events it causes, without
// Seq, Prev or Hash: storage seals them. a may be nil for Submit.
//
// Errors: fault.Forbidden when the actor may not take the action on this
// application (wrong role or unit); fault.Conflict, with Allowed listing the
// actions the state allows, when the state does not allow it; fault.Invalid
// (a fault.List naming every bad field) when the data is wrong; fault.NotFound
// for an unknown item; fault.Unavailable when the calendar cannot compute a
// deadline.
func Decide(a *Application, cmd Command, actor Actor, now time.Time, env Env) ([]eventlog.Event, error) {
	if cmd == nil {
		return nil, fault.Invalidf("action", "no command")
	}
	if a == nil {
		a = &Application{}
	}
	act := cmd.Action()
	if a.State == New && act != ActSubmit {
		return nil, fault.NotFoundf("application %q has not been submitted", a.No).
			WithKey("application.not_found", map[string]any{"no": a.No})
	}
	if err := authorize(a, act, actor); err != nil {
		return nil, err
	}
	if !stateAllows(a, act) {
		return nil, conflict(a, act)
	}
	// Storage keeps microseconds; deciding on the same precision makes the
	// state in memory equal to the state replayed from storage.
	now = now.UTC().Truncate(time.Microsecond)
	p, err := cmd.payload(a, actor, now, env)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("application: encode %s: %w", act, err)
	}
	no := a.No
	if s, ok := cmd.(Submit); ok {
		no = s.No
	}
	return []eventlog.Event{{
		Stream: StreamOf(no), Type: act, At: now,
		ActorID: actor.StaffID, UnitID: actor.UnitID, Payload: body,
	}}, nil
}

// StreamOf returns the event stream of application no.
func StreamOf(no string) string { return "app:" + no }

// Allowed returns the actions actor may take on the application now, in
// lifecycle order: those its state allows and the actor's role and unit
// permit. A command for one of them can still be invalid. The list is never
// nil, so that it encodes as [] in JSON.
func Allowed(a *Application, actor Actor) []string {
	if a == nil {
		a = &Application{}
	}
	out := []string{}
	for _, act := range Actions {
		if (a.State != New || act == ActSubmit) && stateAllows(a, act) && authorize(a, act, actor) == nil {
			out = append(out, act)
		}
	}
	return out
}

// stateActions returns the actions the state allows, whoever asks.
func stateActions(a *Application) []string {
	var out []string
	for _, act := range Actions {
		if stateAllows(a, act) {
			out = append(out, act)
		}
	}
	return out
}

// from lists, per action, the states it may be taken in; stateAllows adds
// the conditions that depend on more than the state.
var from = map[string][]State{
	ActSubmit:       {New},
	ActCorrect:      {Submitted},
	ActResubmit:     {Correcting},
	ActAccept:       {Submitted},
	ActRefuse:       {Submitted, Correcting},
	ActReview:       {Reviewing},
	ActPause:        {Reviewing},
	ActResume:       {Paused},
	ActApprove:      {Reviewing},
	ActDeny:         {Reviewing},
	ActIssue:        {Approved},
	ActDeliver:      {Issued},
	ActRate:         {Issued, Delivered, Denied, Refused},
	ActWithdraw:     {Submitted, Correcting, Reviewing, Paused},
	ActVerifyOK:     {Reviewing, Paused, Approved, Issued, Delivered},
	ActVerifyFailed: {Reviewing, Paused, Approved, Issued, Delivered},
}

func stateAllows(a *Application, act string) bool {
	if !slices.Contains(from[act], a.State) {
		return false
	}
	last := len(a.Item.Steps) - 1
	switch act {
	case ActReview:
		return a.Step < last
	case ActApprove, ActDeny:
		return a.Step == last
	case ActRate:
		return len(a.Ratings) < len(RatingChannels)
	case ActVerifyOK, ActVerifyFailed:
		return verifiable(a)
	}
	return true
}

// verifiable reports whether a promise waits for verification: from
// acceptance until verified, unless the application ended without a result.
func verifiable(a *Application) bool {
	if a.Promise == nil || a.Promise.Result != "" {
		return false
	}
	switch a.State {
	case Reviewing, Paused, Approved, Issued, Delivered:
		return true
	}
	return false
}

// roleActions lists what each role may do at all; authorize adds whose
// application it is.
var roleActions = map[string][]string{
	RoleCitizen:     {ActSubmit, ActResubmit, ActWithdraw, ActRate},
	RoleWindowClerk: {ActSubmit, ActCorrect, ActResubmit, ActAccept, ActRefuse, ActWithdraw, ActIssue, ActDeliver},
	RoleApprover:    {ActCorrect, ActRefuse, ActReview, ActPause, ActResume, ActApprove, ActDeny, ActVerifyOK, ActVerifyFailed},
}

// authorize decides whether actor may take act on a, apart from its state.
// Window clerks act at the accepting window (前台综合受理, 统一窗口出件);
// approvers in the owning department (后台分类审批); citizens on their own
// applications. Both the window and the back office may issue a correction
// notice or refuse, since online pre-review (网上预审) happens in the back
// office.
func authorize(a *Application, act string, actor Actor) error {
	if !slices.Contains(roleActions[actor.Role], act) {
		return fault.Forbiddenf("role %q may not %s applications", actor.Role, act).
			WithKey("application.forbidden.role", map[string]any{"role": actor.Role, "action": act})
	}
	if act == ActSubmit {
		return nil // whose application it will be is checked with the command
	}
	switch actor.Role {
	case RoleCitizen:
		if actor.Subject == "" || actor.Subject != a.Applicant.IDNumber {
			return fault.Forbiddenf("application %s is not the signed-in applicant's", a.No).
				WithKey("application.forbidden.applicant", map[string]any{"no": a.No})
		}
	case RoleWindowClerk:
		if actor.UnitID != a.AcceptUnitID {
			return fault.Forbiddenf("application %s is handled at the window of unit %d, not %d", a.No, a.AcceptUnitID, actor.UnitID).
				WithKey("application.forbidden.window", map[string]any{"no": a.No, "unit": a.AcceptUnitID})
		}
	case RoleApprover:
		if actor.UnitID != a.OwnerUnitID {
			return fault.Forbiddenf("application %s is decided by unit %d, not %d", a.No, a.OwnerUnitID, actor.UnitID).
				WithKey("application.forbidden.owner", map[string]any{"no": a.No, "unit": a.OwnerUnitID})
		}
	}
	return nil
}

func conflict(a *Application, act string) error {
	msg := fmt.Sprintf("application %s is %s: %s is not possible now", a.No, a.State, act)
	switch {
	case (act == ActReview) && a.State == Reviewing:
		msg = fmt.Sprintf("application %s is at its last step %s: approve or deny", a.No, a.CurrentStep())
	case (act == ActApprove || act == ActDeny) && a.State == Reviewing:
		msg = fmt.Sprintf("application %s is at step %s, not the last one: review first", a.No, a.CurrentStep())
	case act == ActRate && slices.Contains(from[ActRate], a.State):
		msg = fmt.Sprintf("application %s has been rated on every channel", a.No)
	case (act == ActVerifyOK || act == ActVerifyFailed) && a.Promise == nil:
		msg = fmt.Sprintf("application %s has no notify-and-commit promise to verify", a.No)
	}
	return &fault.Error{
		Code: fault.Conflict, Message: msg, Allowed: stateActions(a), Current: a.State,
		Key: "application.state", Args: map[string]any{"no": a.No, "state": string(a.State), "action": act},
	}
}
