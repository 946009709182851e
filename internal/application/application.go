// Package application is the lifecycle of applications for service items
// (办件, DOMAIN.md §5) and of "one thing" bundles (一件事).
//
// An application is a stream of events (eventlog.Event, stream "app:"+No),
// and its state is derived from them: Decide checks a command against the
// current state, the actor and the item and returns the events it causes
// (unsealed: storage numbers, chains and stores them); Apply folds one event
// into the state; Replay folds a whole stream. Everything Apply needs is in
// the events — the item's limits and steps are copied into the submit event,
// deadlines into the accept and resume events — so a stream replays to the
// same state whatever later happens to the catalog or the calendar.
//
// The lifecycle:
//
//	submit → [correct (补正, one notice listing every problem) → resubmit]* →
//	accept (受理, clocks start) | refuse (不予受理) →
//	review steps, with pause/resume for legally excluded periods →
//	approve | deny → issue (出件, at the accepting window) → deliver → rate (好差评)
//
// plus withdraw by the applicant before a decision, and, for notify-and-commit
// (告知承诺) acceptances, verify_ok or verify_failed (which revokes).
//
// One window: a window clerk accepts any item at a comprehensive window
// (前台综合受理); approvers of the owning department review and decide
// (后台分类审批); the accepting window issues the result (统一窗口出件). For
// league-wide items (盟域通办) the accepting region and unit differ from the
// owning ones: the application travels to the owner and the result back.
package application

import (
	"slices"
	"time"

	"tongban/internal/catalog"
)

// State is where an application is in its lifecycle.
type State string

// The states. New is the zero state of an application not yet submitted.
const (
	New        State = ""
	Submitted  State = "submitted"  // 已申请, waiting for acceptance
	Correcting State = "correcting" // 补正中, waiting for the applicant
	Refused    State = "refused"    // 不予受理
	Reviewing  State = "reviewing"  // 已受理, in the review steps
	Paused     State = "paused"     // 特别程序, the clocks stand still
	Approved   State = "approved"   // 准予, waiting for the result to be issued
	Denied     State = "denied"     // 不予许可/不予批准
	Issued     State = "issued"     // 已出件
	Delivered  State = "delivered"  // 已送达
	Withdrawn  State = "withdrawn"  // 申请人撤回
	Revoked    State = "revoked"    // 撤销: a notify-and-commit promise proved false
)

// Terminal reports whether nothing but rating can happen any more.
func (s State) Terminal() bool {
	switch s {
	case Refused, Denied, Delivered, Withdrawn, Revoked:
		return true
	}
	return false
}

// The actions, which are also the event types.
const (
	ActSubmit       = "submit"
	ActCorrect      = "correct"  // a correction notice (补正告知), by the window or back office
	ActResubmit     = "resubmit" // the applicant hands in what the notice asked for
	ActAccept       = "accept"
	ActRefuse       = "refuse"
	ActReview       = "review" // completes the current review step other than the last
	ActPause        = "pause"
	ActResume       = "resume"
	ActApprove      = "approve" // completes the last step with approval
	ActDeny         = "deny"    // completes the last step with denial
	ActIssue        = "issue"
	ActDeliver      = "deliver"
	ActRate         = "rate"
	ActWithdraw     = "withdraw"
	ActVerifyOK     = "verify_ok"
	ActVerifyFailed = "verify_failed"
)

// Actions lists every action in lifecycle order.
var Actions = []string{
	ActSubmit, ActCorrect, ActResubmit, ActAccept, ActRefuse, ActReview, ActPause, ActResume,
	ActApprove, ActDeny, ActIssue, ActDeliver, ActRate, ActWithdraw, ActVerifyOK, ActVerifyFailed,
}

// Channel is how an application was submitted or a rating given.
type Channel string

// The channels. Applications come in through the first three; ratings also
// through SMS and the 12345 hotline's callback.
const (
	Window  Channel = "window"
	Online  Channel = "online" // the integrated government-service web platform
	App     Channel = "app"    // 蒙速办 App
	SMS     Channel = "sms"
	Hotline Channel = "hotline"
)

// RatingChannels are the channels through which an application can be rated,
// once each (好差评).
var RatingChannels = []Channel{Window, Online, App, SMS, Hotline}

// The roles this package knows; they are the role strings of org.Role.
const (
	RoleCitizen     = "citizen" // a person or enterprise signed in to the platform
	RoleWindowClerk = "window_clerk"
	RoleApprover    = "approver"
)

// Actor is who asks for an action.
type Actor struct {
	StaffID int64  // 0 for citizens
	UnitID  int64  // the staff member's unit, 0 for citizens
	Role    string // RoleCitizen, RoleWindowClerk, RoleApprover; others may do nothing here
	Region  string // the 12-digit division code of the unit's region
	// Subject is the resident ID number or credit code a citizen signed in
	// with; a citizen may act only on applications with that applicant.
	Subject string
}

// Applicant kinds.
const (
	Person     = "person"
	Enterprise = "enterprise"
)

// Applicant is who applies: a person with a resident ID number or an
// enterprise (or other organisation) with a unified social credit code.
type Applicant struct {
	Kind     string `json:"kind"` // Person or Enterprise
	Name     string `json:"name"`
	IDNumber string `json:"id_number"` // resident ID number or credit code
	Phone    string `json:"phone,omitempty"`
}

// Sources of a provided material.
const (
	SourceHanded  = "handed"  // handed in or uploaded for this application
	SourceLibrary = "library" // taken from the applicant's material library (once-only)
	SourceForm    = "form"    // a bundle's shared form standing in for the item's own form
)

// Provided is a material the applicant has provided.
type Provided struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256,omitempty"`
	Source string `json:"source,omitempty"` // "" means SourceHanded
	// Rev is the version of the application at which it was provided, so a
	// later correction notice can tell changed materials from unchanged ones.
	Rev int64 `json:"rev,omitempty"`
}

// Defect is one problem in a correction notice.
type Defect struct {
	Material string `json:"material"`
	Problem  string `json:"problem,omitempty"`
	// Missing is set when the material was not provided at all.
	Missing bool `json:"missing,omitempty"`
	// Promisable is set when a notify-and-commit promise may replace it.
	Promisable bool `json:"promisable,omitempty"`
}

// Notice is a correction notice (补正告知书).
type Notice struct {
	Rev     int64     `json:"rev"`
	At      time.Time `json:"at"`
	UnitID  int64     `json:"unit_id"`
	Defects []Defect  `json:"defects"`
	Note    string    `json:"note,omitempty"`
}

// Opinion is the record of one completed review step.
type Opinion struct {
	Step    string    `json:"step"`
	StaffID int64     `json:"staff_id"`
	At      time.Time `json:"at"`
	Text    string    `json:"text,omitempty"`
}

// Pause reasons: the periods a statute excludes from the time limit
// (行政许可法 §45: hearing, tender, auction, testing, inspection, quarantine,
// appraisal, expert review) and those the item procedures add (public notice,
// on-site inspection).
const (
	PauseExpertReview = "expert_review" // 专家评审
	PauseHearing      = "hearing"       // 听证
	PausePublicNotice = "public_notice" // 公示
	PauseInspection   = "inspection"    // 现场勘验/核查
	PauseTesting      = "testing"       // 检验、检测、检疫
	PauseAppraisal    = "appraisal"     // 鉴定
	PauseTender       = "tender"        // 招标、拍卖
)

// PauseReasons lists the valid pause reasons.
var PauseReasons = []string{PauseExpertReview, PauseHearing, PausePublicNotice, PauseInspection, PauseTesting, PauseAppraisal, PauseTender}

// Pause is one legally excluded period.
type Pause struct {
	Reason string    `json:"reason"`
	Note   string    `json:"note,omitempty"`
	Days   int       `json:"days"` // the working days the applicant was told it takes (书面告知)
	From   time.Time `json:"from"`
	To     time.Time `json:"to,omitzero"` // zero while the pause lasts
	// Working is the working time the pause took, by which the deadlines moved.
	Working time.Duration `json:"working,omitempty"`
}

// Verification results of a promise; "" while pending.
const (
	PromiseKept   = "ok"
	PromiseBroken = "failed"
)

// Promise is a notify-and-commit promise (告知承诺书) signed at acceptance in
// place of named materials, with the task of verifying it later.
type Promise struct {
	Materials  []string  `json:"materials"`
	SignedAt   time.Time `json:"signed_at"`
	VerifyDue  time.Time `json:"verify_due"`
	Result     string    `json:"result,omitempty"`
	VerifiedAt time.Time `json:"verified_at,omitzero"`
	Note       string    `json:"note,omitempty"`
}

// VerifyPending reports whether the application's notify-and-commit
// promise still waits for its verification (核查).
func (a *Application) VerifyPending() bool {
	return a.Promise != nil && a.Promise.Result == "" && slices.Contains(from[ActVerifyOK], a.State)
}

// Delivery methods.
const (
	DeliverWindow     = "window"     // picked up at the accepting window
	DeliverMail       = "mail"       // 邮寄 (free post), with a tracking number
	DeliverElectronic = "electronic" // 电子证照
)

// Delivery records how the result reached the applicant.
type Delivery struct {
	Method string    `json:"method"`
	Ref    string    `json:"ref,omitempty"` // tracking number for mail
	At     time.Time `json:"at"`
}

// Rating is one evaluation (好差评) of the service.
type Rating struct {
	Channel Channel   `json:"channel"`
	Score   int       `json:"score"` // 5 非常满意 … 1 非常不满意
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
	// Bad marks a 差评 (score 1 or 2), which opens a rectification case.
	Bad bool `json:"bad,omitempty"`
}

// ItemSnapshot is what the application keeps of its item as it was at
// submission, so later catalog edits do not change a running application.
type ItemSnapshot struct {
	Code            string                `json:"code"`
	NameZH          string                `json:"name_zh"`
	Department      string                `json:"department"`
	Kind            catalog.Kind          `json:"kind"`
	LegalDays       int                   `json:"legal_days"`
	PromisedDays    int                   `json:"promised_days"`
	Steps           []string              `json:"steps"`
	Materials       []catalog.MaterialReq `json:"materials"`
	OnlineDepth     catalog.OnlineDepth   `json:"online_depth"`
	LeagueWide      bool                  `json:"league_wide"`
	NotifyCommit    bool                  `json:"notify_commit"`
	PromiseReplaces []string              `json:"promise_replaces,omitempty"`
}

func snapshot(it catalog.Item) ItemSnapshot {
	return ItemSnapshot{
		Code: it.Code, NameZH: it.NameZH, Department: it.Department, Kind: it.Kind,
		LegalDays: it.LegalDays, PromisedDays: it.PromisedDays, Steps: it.Steps(),
		Materials: slices.Clone(it.Materials), OnlineDepth: it.OnlineDepth,
		LeagueWide: it.LeagueWide, NotifyCommit: it.NotifyCommit, PromiseReplaces: slices.Clone(it.PromiseReplaces),
	}
}

func (s ItemSnapshot) material(name string) (catalog.MaterialReq, bool) {
	for _, m := range s.Materials {
		if m.Name == name {
			return m, true
		}
	}
	return catalog.MaterialReq{}, false
}

// BundleRef ties a part to its bundle application: the bundle's code and the
// number of the bundle application all its parts share.
type BundleRef struct {
	Code string `json:"code,omitempty"`
	No   string `json:"no,omitempty"`
}

// Application is the state of one application, derived from its events.
type Application struct {
	No      string `json:"no"`
	State   State  `json:"state"`
	Version int64  `json:"version"` // the number of events applied

	Item      ItemSnapshot      `json:"item"`
	Applicant Applicant         `json:"applicant"`
	Channel   Channel           `json:"channel"`
	Form      map[string]string `json:"form,omitempty"`
	Bundle    BundleRef         `json:"bundle,omitzero"`

	// The accepting window's unit and region, and the owning department's
	// unit and region; they differ for 盟域通办.
	AcceptUnitID int64  `json:"accept_unit_id"`
	AcceptRegion string `json:"accept_region"`
	OwnerUnitID  int64  `json:"owner_unit_id"`
	OwnerRegion  string `json:"owner_region"`

	Materials []Provided `json:"materials,omitempty"`
	Notices   []Notice   `json:"notices,omitempty"`

	SubmittedAt time.Time `json:"submitted_at"`
	AcceptedAt  time.Time `json:"accepted_at,omitzero"`
	NoticeNo    string    `json:"notice_no,omitempty"` // 受理通知书编号
	// LegalDue and PromisedDue end the legal and promised time limits; they
	// move by the working time of each pause.
	LegalDue    time.Time `json:"legal_due,omitzero"`
	PromisedDue time.Time `json:"promised_due,omitzero"`

	Step     int       `json:"step"` // index into Item.Steps of the current step
	Opinions []Opinion `json:"opinions,omitempty"`
	Pauses   []Pause   `json:"pauses,omitempty"`
	Promise  *Promise  `json:"promise,omitempty"`

	DecidedAt     time.Time `json:"decided_at,omitzero"`
	CertificateNo string    `json:"certificate_no,omitempty"`
	IssuedAt      time.Time `json:"issued_at,omitzero"`
	IssuedUnitID  int64     `json:"issued_unit_id,omitempty"`
	Delivery      *Delivery `json:"delivery,omitempty"`
	Ratings       []Rating  `json:"ratings,omitempty"`
	// Reason is why the application was refused, denied, withdrawn or revoked.
	Reason  string    `json:"reason,omitempty"`
	EndedAt time.Time `json:"ended_at,omitzero"` // when it was refused, denied, withdrawn or revoked
}

// CrossRegion reports whether the application is handled across banners
// (盟域通办): accepted in one county-level region and owned by another.
func (a *Application) CrossRegion() bool {
	return county(a.AcceptRegion) != county(a.OwnerRegion)
}

// county reduces a 12-digit division code to its county-level prefix: a town
// window (152921100000) accepting for its banner's department (152921000000)
// is not cross-region.
func county(code string) string {
	if len(code) < 6 {
		return code
	}
	return code[:6]
}

// CurrentStep returns the name of the current review step, "" outside review.
func (a *Application) CurrentStep() string {
	if (a.State == Reviewing || a.State == Paused) && a.Step < len(a.Item.Steps) {
		return a.Item.Steps[a.Step]
	}
	return ""
}

// PausedWorking is the working time of all finished pauses.
func (a *Application) PausedWorking() time.Duration {
	var d time.Duration
	for _, p := range a.Pauses {
		d += p.Working
	}
	return d
}

// provided returns the provided material with the given name.
func (a *Application) provided(name string) (Provided, bool) {
	for _, p := range a.Materials {
		if p.Name == name {
			return p, true
		}
	}
	return Provided{}, false
}

// missing returns the item's required materials that are neither provided nor
// replaced by a promise, in the item's order.
func (a *Application) missing(promised []string) []string {
	var out []string
	for _, m := range a.Item.Materials {
		if !m.Required || slices.Contains(promised, m.Name) {
			continue
		}
		if _, ok := a.provided(m.Name); !ok {
			out = append(out, m.Name)
		}
	}
	return out
}
