package workorder

import (
	"slices"
	"time"
)

// Role is what a staff account (or the system) does; it decides which
// actions an Actor may take, together with the actor's unit.
type Role string

// The roles of DOMAIN.md §2.
const (
	RoleAgent       Role = "agent"        // 话务员/坐席: takes calls, registers, answers from the knowledge base
	RoleDispatcher  Role = "dispatcher"   // 派单员/审核员: dispatches, rules on returns and requests, reviews
	RoleHandler     Role = "handler"      // 承办人: signs, handles, sub-dispatches, replies for a unit
	RoleUnitHead    Role = "unit_head"    // 单位负责人: may do everything a handler does for the unit
	RoleSupervisor  Role = "supervisor"   // 督办员: urges and supervises
	RoleLeader      Role = "leader"       // reads dashboards; changes nothing
	RoleAdmin       Role = "admin"        // manages settings; takes no order actions
	RoleWindowClerk Role = "window_clerk" // 窗口人员: applications, not orders
	RoleApprover    Role = "approver"     // 审批人员: applications, not orders
	RoleCitizen     Role = "citizen"      // 群众/企业: registers online, adds notes and attachments
	RoleSystem      Role = "system"       // platform transfers and the deadline sweeper
)

// Actor is who takes an action: a staff account in a unit, a citizen, or the
// system. Centre is true when the actor's unit is the 12345 centre or one of
// its banner sub-centres, which is what the hotline-side actions and the
// caller-identity rule depend on.
type Actor struct {
	StaffID int64
	UnitID  int64
	Role    Role
	Centre  bool
}

// Type is the kind of request (诉求类型).
type Type string

// The five request types.
const (
	TypeConsult    Type = "consult"    // 咨询
	TypeHelp       Type = "help"       // 求助
	TypeComplaint  Type = "complaint"  // 投诉
	TypeReport     Type = "report"     // 举报: the caller's identity is hidden outside the centre
	TypeSuggestion Type = "suggestion" // 意见建议
)

// Channel is how a request reached the hotline.
type Channel string

// The intake channels of DOMAIN.md §4.
const (
	ChannelPhone       Channel = "phone"
	ChannelWeb         Channel = "web"
	ChannelApp         Channel = "app"
	ChannelWeChat      Channel = "wechat"
	ChannelSMS         Channel = "sms"
	ChannelEmail       Channel = "email"
	ChannelLetter      Channel = "letter"
	ChannelWalkIn      Channel = "walkin"
	ChannelPlatform    Channel = "platform"    // the region's integrated government-service platform
	ChannelTransfer110 Channel = "transfer110" // non-emergency matters handed over by 110 (110 转 12345)
)

// Urgency selects the short (urgent) or the normal time limits.
type Urgency string

// The urgencies.
const (
	UrgencyNormal Urgency = "normal"
	UrgencyUrgent Urgency = "urgent"
)

// Lang is the language the caller speaks, so callbacks use it too.
type Lang string

// The two service languages (7×24 in Chinese and Mongolian).
const (
	LangZh Lang = "zh"
	LangMn Lang = "mn"
)

// State is where an order stands in its lifecycle (DOMAIN.md §4).
type State string

// The order states. answered, emergency, declined and merged are terminal;
// closed is final unless the centre re-handles it within the re-handling
// window. unsatisfied follows a callback that reached a citizen who is not
// satisfied (1–2) or whose problem is not resolved: the centre re-handles
// the order or closes it with a stated reason (研判销号) instead.
const (
	StateRegistered  State = "registered"  // waiting for dispatch
	StateAnswered    State = "answered"    // 直接办结 from the knowledge base
	StateEmergency   State = "emergency"   // transferred to 110/119/120/122
	StateDeclined    State = "declined"    // outside the hotline's scope
	StateDispatched  State = "dispatched"  // the lead unit has to sign
	StateReturned    State = "returned"    // the lead unit returned it; the centre rules
	StateHandling    State = "handling"    // the lead unit signed
	StateReplied     State = "replied"     // the lead unit replied; the centre reviews
	StateCallback    State = "callback"    // reply accepted; the citizen is to be called back
	StateUnsatisfied State = "unsatisfied" // callback found the citizen unsatisfied; the centre rules
	StateClosed      State = "closed"      // 办结
	StateMerged      State = "merged"      // duplicate merged into a master order
)

// Terminal reports whether no further lifecycle action is possible (notes
// still are). Closed is not terminal: a closed order can be re-handled.
func (s State) Terminal() bool {
	switch s {
	case StateAnswered, StateEmergency, StateDeclined, StateMerged:
		return true
	}
	return false
}

// Open reports whether the order is still being worked on: urging,
// supervising, closing and merging are possible only then.
func (s State) Open() bool {
	switch s {
	case StateRegistered, StateDispatched, StateReturned, StateHandling, StateReplied, StateCallback, StateUnsatisfied:
		return true
	}
	return false
}

// AssignmentState is where one unit's part of an order stands.
type AssignmentState string

// The assignment states.
const (
	AssignDispatched AssignmentState = "dispatched" // waiting for the unit to sign
	AssignSigned     AssignmentState = "signed"     // the unit is handling it
	AssignReturned   AssignmentState = "returned"   // the unit returned it to whoever sent it
	AssignReplied    AssignmentState = "replied"    // the unit replied to whoever sent it
	AssignWithdrawn  AssignmentState = "withdrawn"  // taken away: redispatch, the parent replied, the order ended
)

// Closure says how an order came to be closed.
type Closure string

// The ways an order closes.
const (
	ClosureCallback    Closure = "callback"    // the citizen was reached on callback
	ClosureUnreachable Closure = "unreachable" // three callback attempts failed
	ClosureJudged      Closure = "judged"      // 研判销号: closed by the centre with a stated reason
)

// Caller is the person who raised the request. Name, phone and the order's
// address identify them and are hidden for reports and confidential orders
// (see Redacted and CallerVisible).
type Caller struct {
	Name         string `json:"name,omitempty"`
	Phone        string `json:"phone,omitempty"` // E.164 after registration, e.g. +8613800138000
	Anonymous    bool   `json:"anonymous,omitempty"`
	Lang         Lang   `json:"lang"`
	Confidential bool   `json:"confidential,omitempty"`
}

// Attachment is a file's metadata; the bytes live in blob storage under
// StorageKey and are checked against SHA256 when served.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	StorageKey  string `json:"storage_key"`
}

// Assignment is one unit's part of an order: the lead unit (主办) or an
// assisting unit (协办) sent by the centre, or a unit below either of them
// that it sub-dispatched (下派) to. A sub-dispatched assignment signs and
// replies to its parent, which then replies upward.
type Assignment struct {
	ID       int64           `json:"id"` // 1, 2, … within the order
	UnitID   int64           `json:"unit_id"`
	ParentID int64           `json:"parent_id,omitempty"` // 0: sent by the centre
	Lead     bool            `json:"lead,omitempty"`      // in the lead unit's chain
	State    AssignmentState `json:"state"`
	At       time.Time       `json:"at"` // when it was sent: start of its sign and reply periods
	SignDue  time.Time       `json:"sign_due"`
	ReplyDue time.Time       `json:"reply_due"`
	// ReplyCalendar marks a reply period counted in calendar hours (urgent
	// orders: 24 hours), so warnings and suspensions measure it that way.
	ReplyCalendar bool      `json:"reply_calendar,omitempty"`
	SignedAt      time.Time `json:"signed_at,omitzero"`
	RepliedAt     time.Time `json:"replied_at,omitzero"`
	ReplyText     string    `json:"reply_text,omitempty"`
	ReturnReason  string    `json:"return_reason,omitempty"`
	// ReturnRefused is set once the centre refused this assignment's return:
	// the unit must handle the order and cannot return it a second time.
	ReturnRefused bool `json:"return_refused,omitempty"`
}

// Open reports whether the assignment still waits for its unit.
func (a *Assignment) Open() bool {
	return a.State == AssignDispatched || a.State == AssignSigned
}

// TopLevel reports whether the centre sent this assignment.
func (a *Assignment) TopLevel() bool { return a.ParentID == 0 }

// ExtensionRequest is a pending request for more time (延期申请).
type ExtensionRequest struct {
	Days       int       `json:"days"`
	Reason     string    `json:"reason"`
	Assignment int64     `json:"assignment"`
	At         time.Time `json:"at"`
}

// SuspensionRequest is a pending request to stop the clock (挂起申请).
type SuspensionRequest struct {
	Reason     string    `json:"reason"`
	Assignment int64     `json:"assignment"`
	At         time.Time `json:"at"`
}

// Suspension is one finished period during which the clock stood still.
// Working is the working time it covered, the amount deadlines were pushed by.
type Suspension struct {
	From    time.Time     `json:"from"`
	To      time.Time     `json:"to"`
	Working time.Duration `json:"working"`
}

// Satisfied reports whether a reached citizen counts as satisfied: the
// problem resolved and a rating of 3 (基本满意) or better, the threshold of
// the satisfaction rate.
func (c CallbackResult) Satisfied() bool {
	return c.Reached && c.Resolved && c.Satisfaction >= 3
}

// CallbackResult is what the latest callback round (回访) found.
type CallbackResult struct {
	Attempts     int       `json:"attempts"` // unreached calls so far, 3 closes the order
	Reached      bool      `json:"reached"`
	Resolved     bool      `json:"resolved"`
	Satisfaction int       `json:"satisfaction"` // 1–5 when reached, 0 otherwise
	Note         string    `json:"note,omitempty"`
	At           time.Time `json:"at,omitzero"`
}

// Milestones are the times measures are computed from. Dispatched is the
// first dispatch (time to dispatch); the others belong to the current round
// and are cleared by re-handling. Closed is also set when the order ends as
// answered, emergency, declined or merged.
type Milestones struct {
	Registered time.Time `json:"registered"`
	Dispatched time.Time `json:"dispatched,omitzero"`
	Signed     time.Time `json:"signed,omitzero"`
	Replied    time.Time `json:"replied,omitzero"`
	Accepted   time.Time `json:"accepted,omitzero"`
	Closed     time.Time `json:"closed,omitzero"`
}

// NoteEntry is a note on an order; internal notes are never shown to the
// citizen.
type NoteEntry struct {
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id"`
	UnitID   int64     `json:"unit_id"`
	Text     string    `json:"text"`
	Internal bool      `json:"internal,omitempty"`
}

// WarningKey identifies a warning or an automatic urge the sweeper issued,
// so that issuing it again can be refused.
type WarningKey struct {
	Period       Period `json:"period"`
	AssignmentID int64  `json:"assignment_id"`
	Level        Level  `json:"level,omitempty"`
}

// Order is a 12345 work order as derived from its events. Only Apply changes
// it.
type Order struct {
	No      string // date + 6-digit daily sequence, e.g. 20261126000123
	Version int    // number of events applied, for optimistic concurrency
	State   State

	Channel     Channel
	Caller      Caller
	Title       string
	Description string
	Type        Type
	Category    string
	Urgency     Urgency
	// Address is the caller's address (DOMAIN.md §4 lists it with the
	// caller), so it is hidden with the caller; where the matter is belongs
	// in the description and RegionCode, which stay visible for routing.
	Address     string
	RegionCode  string // 12-digit statistical division code
	Attachments []Attachment

	Answer        string // 直接办结 answer
	KBArticle     int64  // knowledge-base article the answer came from, 0 for none
	Emergency     string // 110, 119, 120 or 122
	DeclineReason string

	Assignments []Assignment

	Extension      *ExtensionRequest  // pending, nil when none
	Suspension     *SuspensionRequest // pending, nil when none
	SuspendedSince time.Time          // zero unless the clock stands still now
	Suspensions    []Suspension       // finished suspensions
	SuspendedTotal time.Duration      // working time of all finished suspensions
	ExtensionDays  int                // working days granted by all approved extensions

	DispatchDue   time.Time
	CallbackDue   time.Time
	RehandleUntil time.Time // end of the re-handling window of a closed order

	RehandleCount int
	// Problem marks an order re-handled three times: it is escalated for
	// supervision (提级督办).
	Problem      bool
	Urges        int // 催办, manual and automatic
	Supervisions int // 督办

	MergedInto     string
	MergedChildren []string

	ReplyText   string // the lead unit's current reply to the centre
	Callback    CallbackResult
	Closure     Closure
	CloseReason string

	Times     Milestones
	Notes     []NoteEntry
	Warned    []WarningKey // warnings issued by the sweeper
	AutoUrged []WarningKey // automatic urges issued by the sweeper
}

// Suspended reports whether the clock stands still now.
func (o *Order) Suspended() bool { return !o.SuspendedSince.IsZero() }

// Assignment returns the assignment with the given ID, or nil.
func (o *Order) Assignment(id int64) *Assignment {
	for i := range o.Assignments {
		if o.Assignments[i].ID == id {
			return &o.Assignments[i]
		}
	}
	return nil
}

// LeadAssignment returns the current lead assignment sent by the centre
// (the latest one: a redispatch or re-handling adds a new one), or nil
// before dispatch.
func (o *Order) LeadAssignment() *Assignment {
	for i := len(o.Assignments) - 1; i >= 0; i-- {
		if a := &o.Assignments[i]; a.TopLevel() && a.Lead {
			return a
		}
	}
	return nil
}

// ReplyDue returns the current reply deadline of the order, i.e. of its lead
// assignment, or the zero time before dispatch.
func (o *Order) ReplyDue() time.Time {
	if a := o.LeadAssignment(); a != nil {
		return a.ReplyDue
	}
	return time.Time{}
}

// openAssignmentOf returns the unit's open assignment. A unit holds at most
// one open assignment per order (dispatch and sub-dispatch refuse a second),
// so the actor's unit identifies it.
func (o *Order) openAssignmentOf(unit int64) *Assignment {
	for i := range o.Assignments {
		if a := &o.Assignments[i]; a.UnitID == unit && a.Open() {
			return a
		}
	}
	return nil
}

// involves reports whether the unit ever held an assignment on the order.
func (o *Order) involves(unit int64) bool {
	for i := range o.Assignments {
		if o.Assignments[i].UnitID == unit {
			return true
		}
	}
	return false
}

// descendants returns the IDs of the assignments below id, at any depth.
func (o *Order) descendants(id int64) []int64 {
	var out []int64
	frontier := []int64{id}
	for len(frontier) > 0 {
		p := frontier[0]
		frontier = frontier[1:]
		for i := range o.Assignments {
			if o.Assignments[i].ParentID == p {
				out = append(out, o.Assignments[i].ID)
				frontier = append(frontier, o.Assignments[i].ID)
			}
		}
	}
	return out
}

// CallerHidden reports whether the caller's identity must be hidden from
// everyone outside the hotline centre: reports (举报) and confidential orders.
func (o *Order) CallerHidden() bool {
	return o.Type == TypeReport || o.Caller.Confidential
}

// CallerVisible reports whether actor may see the caller's name, phone and
// address. For reports and confidential orders only centre actors may; for
// other orders everyone who may see the order may, because the handling unit
// needs to contact the citizen.
func CallerVisible(o *Order, actor Actor) bool {
	return !o.CallerHidden() || actor.Centre
}

// Redacted returns a deep copy of the order with the caller's name, phone and
// address cleared, for actors for whom CallerVisible is false.
func (o *Order) Redacted() Order {
	c := o.Clone()
	c.Caller.Name = ""
	c.Caller.Phone = ""
	c.Address = ""
	return c
}

// Clone returns a deep copy, so a caller can keep a snapshot that later
// Apply calls on the original do not change.
func (o *Order) Clone() Order {
	c := *o
	c.Attachments = slices.Clone(o.Attachments)
	c.Assignments = slices.Clone(o.Assignments)
	c.Suspensions = slices.Clone(o.Suspensions)
	c.MergedChildren = slices.Clone(o.MergedChildren)
	c.Notes = slices.Clone(o.Notes)
	c.Warned = slices.Clone(o.Warned)
	c.AutoUrged = slices.Clone(o.AutoUrged)
	if o.Extension != nil {
		x := *o.Extension
		c.Extension = &x
	}
	if o.Suspension != nil {
		x := *o.Suspension
		c.Suspension = &x
	}
	return c
}
