package workorder

import (
	"encoding/json"
	"fmt"
	"time"

	"tongban/internal/eventlog"
)

// Event payloads are the command as the actor gave it (normalised) plus
// whatever Decide computed from the order, the calendar and the policy at
// that moment: deadlines, assignment IDs, the closure. Apply reads only the
// payload and the envelope, so replays never depend on today's calendar or
// policy. Actions whose payload is the command itself use the command type.

// RegisterPayload is the payload of a register event.
type RegisterPayload struct {
	Register
	DispatchDue time.Time `json:"dispatch_due"`
}

// NewAssignment is an assignment created by dispatch, redispatch,
// re-handling or sub-dispatch, with its deadlines fixed at that moment.
type NewAssignment struct {
	ID            int64     `json:"id"`
	UnitID        int64     `json:"unit_id"`
	ParentID      int64     `json:"parent_id,omitempty"`
	Lead          bool      `json:"lead,omitempty"`
	SignDue       time.Time `json:"sign_due"`
	ReplyDue      time.Time `json:"reply_due"`
	ReplyCalendar bool      `json:"reply_calendar,omitempty"`
}

// DispatchPayload is the payload of a dispatch event.
type DispatchPayload struct {
	Dispatch
	Assignments []NewAssignment `json:"assignments"`
}

// RedispatchPayload is the payload of a redispatch event.
type RedispatchPayload struct {
	Redispatch
	Assignments []NewAssignment `json:"assignments"`
}

// RehandlePayload is the payload of a rehandle event; Count is the order's
// re-handling count after it.
type RehandlePayload struct {
	Rehandle
	Assignments []NewAssignment `json:"assignments"`
	Count       int             `json:"count"`
}

// SubDispatchPayload is the payload of a sub_dispatch event.
type SubDispatchPayload struct {
	SubDispatch
	Assignment NewAssignment `json:"assignment"`
}

// SignPayload is the payload of a sign event.
type SignPayload struct {
	Assignment int64 `json:"assignment"`
}

// ReturnPayload is the payload of a return event.
type ReturnPayload struct {
	Return
	Assignment int64 `json:"assignment"`
}

// RefuseReturnPayload is the payload of a refuse_return event.
type RefuseReturnPayload struct {
	RefuseReturn
	Assignment int64 `json:"assignment"`
}

// RequestExtensionPayload is the payload of a request_extension event.
type RequestExtensionPayload struct {
	RequestExtension
	Assignment int64 `json:"assignment"`
}

// DueChange is an assignment's deadlines after an extension or a resume.
type DueChange struct {
	Assignment int64     `json:"assignment"`
	SignDue    time.Time `json:"sign_due"`
	ReplyDue   time.Time `json:"reply_due"`
}

// DecideExtensionPayload is the payload of a decide_extension event; Days is
// the number of working days granted (0 when refused).
type DecideExtensionPayload struct {
	DecideExtension
	Dues []DueChange `json:"dues,omitempty"`
}

// RequestSuspensionPayload is the payload of a request_suspension event.
type RequestSuspensionPayload struct {
	RequestSuspension
	Assignment int64 `json:"assignment"`
}

// ResumePayload is the payload of a resume event: the suspension that ended
// and the deadlines it pushed.
type ResumePayload struct {
	Suspension Suspension  `json:"suspension"`
	Dues       []DueChange `json:"dues,omitempty"`
}

// ReplyPayload is the payload of a reply event.
type ReplyPayload struct {
	Reply
	Assignment int64 `json:"assignment"`
}

// ReviewPayload is the payload of a review event; CallbackDue is set when
// the reply was accepted.
type ReviewPayload struct {
	Review
	CallbackDue time.Time `json:"callback_due,omitzero"`
}

// CallbackPayload is the payload of a callback event. Closure is set when the
// callback closes the order (reached, or the third unreached attempt).
type CallbackPayload struct {
	Callback
	Closure       Closure   `json:"closure,omitempty"`
	RehandleUntil time.Time `json:"rehandle_until,omitzero"`
}

// ClosePayload is the payload of a close event.
type ClosePayload struct {
	Close
	RehandleUntil time.Time `json:"rehandle_until"`
}

// WarnPayload is the payload of a warn event.
type WarnPayload struct {
	Warn
	Start time.Time `json:"start"`
	Due   time.Time `json:"due"`
}

// AutoUrgePayload is the payload of an auto_urge event.
type AutoUrgePayload struct {
	AutoUrge
	Start time.Time `json:"start"`
	Due   time.Time `json:"due"`
}

// newPayload returns a pointer to the payload type of an event type.
func newPayload(typ string) (any, error) {
	switch typ {
	case ActionRegister:
		return new(RegisterPayload), nil
	case ActionAnswer:
		return new(AnswerDirect), nil
	case ActionEmergency:
		return new(TransferEmergency), nil
	case ActionDecline:
		return new(Decline), nil
	case ActionDispatch:
		return new(DispatchPayload), nil
	case ActionSign:
		return new(SignPayload), nil
	case ActionSubDispatch:
		return new(SubDispatchPayload), nil
	case ActionReturn:
		return new(ReturnPayload), nil
	case ActionRedispatch:
		return new(RedispatchPayload), nil
	case ActionRefuseReturn:
		return new(RefuseReturnPayload), nil
	case ActionRequestExtension:
		return new(RequestExtensionPayload), nil
	case ActionDecideExtension:
		return new(DecideExtensionPayload), nil
	case ActionRequestSuspension:
		return new(RequestSuspensionPayload), nil
	case ActionDecideSuspension:
		return new(DecideSuspension), nil
	case ActionResume:
		return new(ResumePayload), nil
	case ActionReply:
		return new(ReplyPayload), nil
	case ActionReview:
		return new(ReviewPayload), nil
	case ActionCallback:
		return new(CallbackPayload), nil
	case ActionRehandle:
		return new(RehandlePayload), nil
	case ActionClose:
		return new(ClosePayload), nil
	case ActionUrge:
		return new(Urge), nil
	case ActionSupervise:
		return new(Supervise), nil
	case ActionMerge:
		return new(Merge), nil
	case ActionMergeChild:
		return new(MergeChild), nil
	case ActionNote:
		return new(Note), nil
	case ActionAttach:
		return new(Attach), nil
	case ActionWarn:
		return new(WarnPayload), nil
	case ActionAutoUrge:
		return new(AutoUrgePayload), nil
	}
	return nil, fmt.Errorf("workorder: unknown event type %q", typ)
}

// DecodePayload decodes an event's payload into its typed struct, returned
// as a pointer (*DispatchPayload, *Note, …), for history views.
func DecodePayload(e eventlog.Event) (any, error) {
	p, err := newPayload(e.Type)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(e.Payload, p); err != nil {
		return nil, fmt.Errorf("workorder: decoding %s payload: %w", e.Type, err)
	}
	return p, nil
}
