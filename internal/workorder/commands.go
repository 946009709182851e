package workorder

// The action names. Each is a Command's Action(), the Type of the event that
// records it, and what Allowed lists.
const (
	ActionRegister          = "register"
	ActionAnswer            = "answer"             // 直接办结
	ActionEmergency         = "emergency"          // transfer to 110/119/120/122
	ActionDecline           = "decline"            // out of scope
	ActionDispatch          = "dispatch"           // 派单
	ActionSign              = "sign"               // 签收
	ActionSubDispatch       = "sub_dispatch"       // 下派
	ActionReturn            = "return"             // 退单
	ActionRedispatch        = "redispatch"         // 改派
	ActionRefuseReturn      = "refuse_return"      // 退单驳回
	ActionRequestExtension  = "request_extension"  // 延期申请
	ActionDecideExtension   = "decide_extension"   // 延期审核
	ActionRequestSuspension = "request_suspension" // 挂起申请
	ActionDecideSuspension  = "decide_suspension"  // 挂起审核
	ActionResume            = "resume"             // 解挂
	ActionReply             = "reply"              // 答复
	ActionReview            = "review"             // 审核
	ActionCallback          = "callback"           // 回访
	ActionRehandle          = "rehandle"           // 重办
	ActionClose             = "close"              // 研判销号
	ActionUrge              = "urge"               // 催办
	ActionSupervise         = "supervise"          // 督办
	ActionMerge             = "merge"              // 并单 (on the duplicate)
	ActionMergeChild        = "merge_child"        // 并单 (on the master)
	ActionNote              = "note"
	ActionAttach            = "attach"
	ActionWarn              = "warn"      // deadline sweeper: yellow/red warning
	ActionAutoUrge          = "auto_urge" // deadline sweeper: automatic urge when overdue
)

// Actions lists every action in a fixed order, the order Allowed reports them
// in.
var Actions = []string{
	ActionRegister, ActionAnswer, ActionEmergency, ActionDecline, ActionDispatch,
	ActionSign, ActionSubDispatch, ActionReturn, ActionRedispatch, ActionRefuseReturn,
	ActionRequestExtension, ActionDecideExtension, ActionRequestSuspension,
	ActionDecideSuspension, ActionResume, ActionReply, ActionReview, ActionCallback,
	ActionRehandle, ActionClose, ActionUrge, ActionSupervise, ActionMerge,
	ActionMergeChild, ActionNote, ActionAttach, ActionWarn, ActionAutoUrge,
}

// Command is one action someone asks to take on an order. Validate checks
// the command on its own (fields, lengths, enums); Decide checks it against
// the order, the actor and the clock.
type Command interface {
	Action() string
	Validate() error
}

// Register records a new request (登记). No is the order number storage
// allocated; Phone is normalised to E.164 in the event.
type Register struct {
	No          string       `json:"no"`
	Channel     Channel      `json:"channel"`
	Caller      Caller       `json:"caller"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Type        Type         `json:"type"`
	Category    string       `json:"category"`
	Urgency     Urgency      `json:"urgency"` // empty means normal
	Address     string       `json:"address,omitempty"`
	RegionCode  string       `json:"region_code"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// AnswerDirect closes a registered order with an answer, usually from the
// knowledge base, while the caller is on the line (直接办结).
type AnswerDirect struct {
	Answer    string `json:"answer"`
	KBArticle int64  `json:"kb_article,omitempty"`
}

// TransferEmergency records that the matter went to an emergency service and
// ends the order here.
type TransferEmergency struct {
	Service string `json:"service"` // 110, 119, 120 or 122
	Note    string `json:"note,omitempty"`
}

// Decline ends an order outside the hotline's scope (litigation,
// arbitration, 信访 already filed, …) with the reason told to the caller.
type Decline struct {
	Reason string `json:"reason"`
}

// Dispatch sends a registered order to a lead unit (主办) and optional
// assisting units (协办) (派单).
type Dispatch struct {
	Lead   int64   `json:"lead"`
	Assist []int64 `json:"assist,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// Sign records that the actor's unit accepted its assignment (签收).
type Sign struct{}

// SubDispatch sends the actor's signed assignment on to a unit below the
// actor's unit (下派); that unit signs and replies to the actor's unit.
type SubDispatch struct {
	Unit int64  `json:"unit"`
	Note string `json:"note,omitempty"`
}

// Return hands the actor's unit's assignment back, before it replied (退单):
// to the centre for a top-level assignment, to the parent unit otherwise.
type Return struct {
	Reason string `json:"reason"`
}

// Redispatch sends a returned order to another lead unit (改派); every open
// assignment is withdrawn and the given set replaces it.
type Redispatch struct {
	Lead   int64   `json:"lead"`
	Assist []int64 `json:"assist,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// RefuseReturn rules that the lead unit that returned the order must handle
// it (退单驳回): its assignment becomes signed again and cannot be returned a
// second time.
type RefuseReturn struct {
	Reason string `json:"reason"`
}

// RequestExtension asks the centre for more working days to reply (延期申请),
// before the reply deadline.
type RequestExtension struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
}

// DecideExtension approves or refuses the pending extension. Days 0 on
// approval grants the days requested; the centre may grant fewer or more.
type DecideExtension struct {
	Approve bool   `json:"approve"`
	Days    int    `json:"days,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// RequestSuspension asks the centre to stop the clock while the unit waits
// for the citizen or a third party (挂起申请).
type RequestSuspension struct {
	Reason string `json:"reason"`
}

// DecideSuspension approves (the clock stops now) or refuses the pending
// suspension.
type DecideSuspension struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason,omitempty"`
}

// Resume restarts the clock (解挂): open deadlines move by the suspended
// time.
type Resume struct{}

// Reply submits the actor's unit's result (答复) to whoever sent the
// assignment; the lead unit's top-level reply goes to the centre for review.
type Reply struct {
	Text        string       `json:"text"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Review accepts the lead unit's reply (callback due next) or sends it back
// to the unit with a reason (审核).
type Review struct {
	Accept bool   `json:"accept"`
	Reason string `json:"reason,omitempty"`
}

// Callback records one call back to the citizen (回访). Satisfaction is 1–5
// when the citizen was reached and 0 when not. A satisfied citizen closes the
// order; an unsatisfied one (unresolved, or 1–2) leaves it for the centre to
// re-handle or close; the third unreached attempt closes it as unreachable.
type Callback struct {
	Reached      bool   `json:"reached"`
	Resolved     bool   `json:"resolved,omitempty"`
	Satisfaction int    `json:"satisfaction,omitempty"`
	Note         string `json:"note,omitempty"`
}

// Rehandle sends an order for another round (重办), to the same or another
// lead unit: after a callback found the citizen unsatisfied, or on a closed
// order within the re-handling window (the citizen called again). The third
// re-handling makes it a problem order (提级督办).
type Rehandle struct {
	Lead   int64   `json:"lead"`
	Assist []int64 `json:"assist,omitempty"`
	Reason string  `json:"reason"`
}

// Close ends an open order with the centre's stated reason (研判销号).
type Close struct {
	Reason string `json:"reason"`
}

// Urge presses the units handling an open order (催办).
type Urge struct {
	Note string `json:"note,omitempty"`
}

// Supervise puts an open order under supervision (督办).
type Supervise struct {
	Note string `json:"note,omitempty"`
}

// Merge makes this order a duplicate of Master (并单). It records only this
// order's side; storage then runs MergeChild on the master in the same
// transaction, and refuses both if either is refused, so the master's list of
// children and the children's MergedInto never disagree.
type Merge struct {
	Master string `json:"master"`
}

// MergeChild is the master's side of a Merge: it records Child as merged into
// this order. Storage issues it, not people.
type MergeChild struct {
	Child string `json:"child"`
}

// Note adds a note; internal notes are never shown to the citizen.
type Note struct {
	Text     string `json:"text"`
	Internal bool   `json:"internal,omitempty"`
}

// Attach adds a file to an order that has not ended.
type Attach struct {
	Attachment Attachment `json:"attachment"`
}

// Warn records a yellow or red deadline warning (预警/超期) issued by the
// sweeper. A warning is issued once per order, period, assignment and level:
// Decide refuses a repeat with a Conflict that IsDuplicate recognises.
type Warn struct {
	Period       Period `json:"period"`
	AssignmentID int64  `json:"assignment_id,omitempty"`
	Level        Level  `json:"level"`
}

// AutoUrge records the automatic urge the sweeper issues once a period is
// overdue, once per order, period and assignment.
type AutoUrge struct {
	Period       Period `json:"period"`
	AssignmentID int64  `json:"assignment_id,omitempty"`
}

// Action implements Command.
func (Register) Action() string { return ActionRegister }

// Action implements Command.
func (AnswerDirect) Action() string { return ActionAnswer }

// Action implements Command.
func (TransferEmergency) Action() string { return ActionEmergency }

// Action implements Command.
func (Decline) Action() string { return ActionDecline }

// Action implements Command.
func (Dispatch) Action() string { return ActionDispatch }

// Action implements Command.
func (Sign) Action() string { return ActionSign }

// Action implements Command.
func (SubDispatch) Action() string { return ActionSubDispatch }

// Action implements Command.
func (Return) Action() string { return ActionReturn }

// Action implements Command.
func (Redispatch) Action() string { return ActionRedispatch }

// Action implements Command.
func (RefuseReturn) Action() string { return ActionRefuseReturn }

// Action implements Command.
func (RequestExtension) Action() string { return ActionRequestExtension }

// Action implements Command.
func (DecideExtension) Action() string { return ActionDecideExtension }

// Action implements Command.
func (RequestSuspension) Action() string { return ActionRequestSuspension }

// Action implements Command.
func (DecideSuspension) Action() string { return ActionDecideSuspension }

// Action implements Command.
func (Resume) Action() string { return ActionResume }

// Action implements Command.
func (Reply) Action() string { return ActionReply }

// Action implements Command.
func (Review) Action() string { return ActionReview }

// Action implements Command.
func (Callback) Action() string { return ActionCallback }

// Action implements Command.
func (Rehandle) Action() string { return ActionRehandle }

// Action implements Command.
func (Close) Action() string { return ActionClose }

// Action implements Command.
func (Urge) Action() string { return ActionUrge }

// Action implements Command.
func (Supervise) Action() string { return ActionSupervise }

// Action implements Command.
func (Merge) Action() string { return ActionMerge }

// Action implements Command.
func (MergeChild) Action() string { return ActionMergeChild }

// Action implements Command.
func (Note) Action() string { return ActionNote }

// Action implements Command.
func (Attach) Action() string { return ActionAttach }

// Action implements Command.
func (Warn) Action() string { return ActionWarn }

// Action implements Command.
func (AutoUrge) Action() string { return ActionAutoUrge }
