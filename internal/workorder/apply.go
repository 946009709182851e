package workorder

import (
	"fmt"
	"time"

	"tongban/internal/eventlog"
)

// Apply folds one event into o. It trusts that Decide produced the event and
// checks only what would corrupt the order (a foreign stream, an unknown
// assignment); it reads no clock and no calendar, so the same events always
// give the same order. On error o is left unchanged.
func Apply(o *Order, e eventlog.Event) error {
	p, err := DecodePayload(e)
	if err != nil {
		return err
	}
	if e.Type == ActionRegister {
		if o.State != "" {
			return fmt.Errorf("workorder: register event for order %s, which is already registered", o.No)
		}
	} else if o.State == "" {
		return fmt.Errorf("workorder: %s event before register", e.Type)
	} else if e.Stream != StreamOf(o.No) {
		return fmt.Errorf("workorder: event of stream %q applied to order %s", e.Stream, o.No)
	}
	next := o.Clone()
	if err := apply(&next, e, p, ut(e.At)); err != nil {
		return fmt.Errorf("workorder: apply %s to order %s: %w", e.Type, next.No, err)
	}
	next.Version++
	*o = next
	return nil
}

// Replay folds a stream of events, oldest first, into a new Order.
func Replay(events []eventlog.Event) (*Order, error) {
	o := &Order{}
	for _, e := range events {
		if err := Apply(o, e); err != nil {
			return nil, err
		}
	}
	if o.State == "" {
		return nil, fmt.Errorf("workorder: replay of an empty stream")
	}
	return o, nil
}

// StreamOf returns the event stream name of an order.
func StreamOf(no string) string { return "order:" + no }

func apply(o *Order, e eventlog.Event, payload any, at time.Time) error {
	switch p := payload.(type) {
	case *RegisterPayload:
		o.No = p.No
		o.State = StateRegistered
		o.Channel = p.Channel
		o.Caller = p.Caller
		o.Title, o.Description = p.Title, p.Description
		o.Type, o.Category, o.Urgency = p.Type, p.Category, p.Urgency
		o.Address, o.RegionCode = p.Address, p.RegionCode
		o.Attachments = append(o.Attachments, p.Attachments...)
		o.DispatchDue = p.DispatchDue
		o.Times.Registered = at
		if e.Stream != StreamOf(o.No) {
			return fmt.Errorf("register event in stream %q", e.Stream)
		}

	case *AnswerDirect:
		o.Answer, o.KBArticle = p.Answer, p.KBArticle
		o.end(StateAnswered, at)
	case *TransferEmergency:
		o.Emergency = p.Service
		o.end(StateEmergency, at)
	case *Decline:
		o.DeclineReason = p.Reason
		o.end(StateDeclined, at)

	case *DispatchPayload:
		o.addAssignments(p.Assignments, at)
		o.State = StateDispatched
		if o.Times.Dispatched.IsZero() {
			o.Times.Dispatched = at
		}
	case *RedispatchPayload:
		o.withdrawOpen()
		o.addAssignments(p.Assignments, at)
		o.State = StateDispatched
	case *RehandlePayload:
		o.withdrawOpen()
		o.RehandleCount = p.Count
		if o.RehandleCount >= 3 {
			o.Problem = true
		}
		o.ReplyText = ""
		o.Callback = CallbackResult{}
		o.Closure, o.CloseReason = "", ""
		o.CallbackDue, o.RehandleUntil = time.Time{}, time.Time{}
		o.Times.Signed, o.Times.Replied, o.Times.Accepted, o.Times.Closed = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		o.addAssignments(p.Assignments, at)
		o.State = StateDispatched

	case *SubDispatchPayload:
		if o.Assignment(p.Assignment.ParentID) == nil {
			return fmt.Errorf("unknown parent assignment %d", p.Assignment.ParentID)
		}
		o.addAssignments([]NewAssignment{p.Assignment}, at)

	case *SignPayload:
		a := o.Assignment(p.Assignment)
		if a == nil {
			return fmt.Errorf("unknown assignment %d", p.Assignment)
		}
		a.State, a.SignedAt = AssignSigned, at
		if a.TopLevel() && a.Lead {
			o.State = StateHandling
			o.Times.Signed = at
		}

	case *ReturnPayload:
		a := o.Assignment(p.Assignment)
		if a == nil {
			return fmt.Errorf("unknown assignment %d", p.Assignment)
		}
		a.State, a.ReturnReason = AssignReturned, p.Reason
		o.withdrawBelow(a.ID)
		if a.TopLevel() && a.Lead {
			o.State = StateReturned
			o.Extension, o.Suspension = nil, nil
		}

	case *RefuseReturnPayload:
		a := o.Assignment(p.Assignment)
		if a == nil {
			return fmt.Errorf("unknown assignment %d", p.Assignment)
		}
		// The unit must handle the order: the centre's ruling stands in for
		// the signature, so the unit does not have to sign again.
		a.State, a.ReturnRefused = AssignSigned, true
		if a.SignedAt.IsZero() {
			a.SignedAt = at
		}
		o.Times.Signed = a.SignedAt
		o.State = StateHandling

	case *RequestExtensionPayload:
		o.Extension = &ExtensionRequest{Days: p.Days, Reason: p.Reason, Assignment: p.Assignment, At: at}
	case *DecideExtensionPayload:
		o.Extension = nil
		if p.Approve {
			o.ExtensionDays += p.Days
			if err := o.setDues(p.Dues); err != nil {
				return err
			}
		}
	case *RequestSuspensionPayload:
		o.Suspension = &SuspensionRequest{Reason: p.Reason, Assignment: p.Assignment, At: at}
	case *DecideSuspension:
		o.Suspension = nil
		if p.Approve {
			o.SuspendedSince = at
		}
	case *ResumePayload:
		o.SuspendedSince = time.Time{}
		o.Suspensions = append(o.Suspensions, p.Suspension)
		o.SuspendedTotal += p.Suspension.Working
		if err := o.setDues(p.Dues); err != nil {
			return err
		}

	case *ReplyPayload:
		a := o.Assignment(p.Assignment)
		if a == nil {
			return fmt.Errorf("unknown assignment %d", p.Assignment)
		}
		a.State, a.RepliedAt, a.ReplyText = AssignReplied, at, p.Text
		o.withdrawBelow(a.ID)
		o.Attachments = append(o.Attachments, p.Attachments...)
		if a.TopLevel() && a.Lead {
			o.State = StateReplied
			o.ReplyText = p.Text
			o.Times.Replied = at
			o.Extension, o.Suspension = nil, nil
		}

	case *ReviewPayload:
		lead := o.LeadAssignment()
		if lead == nil {
			return fmt.Errorf("review without a lead assignment")
		}
		if p.Accept {
			o.State = StateCallback
			o.Times.Accepted = at
			o.CallbackDue = p.CallbackDue
			o.Callback = CallbackResult{}
			// Assisting units still open are done with: the lead's reply,
			// which their input fed, has been accepted.
			o.withdrawOpen()
		} else {
			o.State = StateHandling
			lead.State, lead.RepliedAt = AssignSigned, time.Time{}
			o.ReplyText = ""
			o.Times.Replied = time.Time{}
		}

	case *CallbackPayload:
		o.Callback.Note = p.Note
		o.Callback.At = at
		if p.Reached {
			o.Callback.Reached, o.Callback.Resolved, o.Callback.Satisfaction = true, p.Resolved, p.Satisfaction
		} else {
			o.Callback.Attempts++
		}
		switch {
		case p.Closure != "":
			o.closeAs(p.Closure, "", p.RehandleUntil, at)
		case p.Reached:
			o.State = StateUnsatisfied
		}
	case *ClosePayload:
		o.closeAs(ClosureJudged, p.Reason, p.RehandleUntil, at)

	case *Urge:
		o.Urges++
	case *Supervise:
		o.Supervisions++
	case *Merge:
		o.MergedInto = p.Master
		o.withdrawOpen()
		o.Extension, o.Suspension = nil, nil
		o.end(StateMerged, at)
	case *MergeChild:
		o.MergedChildren = append(o.MergedChildren, p.Child)
	case *Note:
		o.Notes = append(o.Notes, NoteEntry{At: at, ActorID: e.ActorID, UnitID: e.UnitID, Text: p.Text, Internal: p.Internal})
	case *Attach:
		o.Attachments = append(o.Attachments, p.Attachment)
	case *WarnPayload:
		o.Warned = append(o.Warned, WarningKey{Period: p.Period, AssignmentID: p.AssignmentID, Level: p.Level})
	case *AutoUrgePayload:
		o.Urges++
		o.AutoUrged = append(o.AutoUrged, WarningKey{Period: p.Period, AssignmentID: p.AssignmentID})
	default:
		return fmt.Errorf("no fold for %T", payload)
	}
	return nil
}

// end puts the order into a terminal state.
func (o *Order) end(s State, at time.Time) {
	o.State = s
	o.Times.Closed = at
}

// closeAs closes the order (办结); it stays re-handleable until until.
func (o *Order) closeAs(c Closure, reason string, until, at time.Time) {
	o.withdrawOpen()
	o.Extension, o.Suspension = nil, nil
	o.Closure, o.CloseReason, o.RehandleUntil = c, reason, until
	o.end(StateClosed, at)
}

func (o *Order) addAssignments(as []NewAssignment, at time.Time) {
	for _, n := range as {
		o.Assignments = append(o.Assignments, Assignment{
			ID: n.ID, UnitID: n.UnitID, ParentID: n.ParentID, Lead: n.Lead,
			State: AssignDispatched, At: at,
			SignDue: n.SignDue, ReplyDue: n.ReplyDue, ReplyCalendar: n.ReplyCalendar,
		})
	}
}

// withdrawOpen withdraws every open assignment: the order moved on without
// them (redispatch, acceptance, closing, merging).
func (o *Order) withdrawOpen() {
	for i := range o.Assignments {
		if o.Assignments[i].Open() {
			o.Assignments[i].State = AssignWithdrawn
		}
	}
}

// withdrawBelow withdraws the open assignments below id: a unit that replied
// or returned answers for its whole subtree, so what it sub-dispatched and
// did not get back is moot.
func (o *Order) withdrawBelow(id int64) {
	for _, d := range o.descendants(id) {
		if a := o.Assignment(d); a.Open() {
			a.State = AssignWithdrawn
		}
	}
}

func (o *Order) setDues(dues []DueChange) error {
	for _, d := range dues {
		a := o.Assignment(d.Assignment)
		if a == nil {
			return fmt.Errorf("unknown assignment %d", d.Assignment)
		}
		a.SignDue, a.ReplyDue = d.SignDue, d.ReplyDue
	}
	return nil
}

// nextAssignmentID is the ID the next new assignment gets.
func (o *Order) nextAssignmentID() int64 {
	var last int64
	for _, a := range o.Assignments {
		last = max(last, a.ID)
	}
	return last + 1
}
