package application

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tongban/internal/applicant"
	"tongban/internal/fault"
)

// Text limits of free-text fields.
const (
	maxReason  = 2000
	maxComment = 1000
	maxRef     = 100
	maxFormKey = 64
	maxFormVal = 2000
	maxForm    = 100
)

func checkText(errs *fault.List, field, s string, max int, required bool) {
	switch n := utf8.RuneCountInString(s); {
	case required && strings.TrimSpace(s) == "":
		errs.Add(field, "is required")
	case n > max:
		errs.Add(field, "has %d characters, at most %d are allowed", n, max)
	}
}

func validRegion(code string) bool {
	return len(code) == 12 && strings.Trim(code, "0123456789") == ""
}

func validNo(no string) bool {
	return no != "" && len(no) <= 64 && strings.Trim(no, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

func validSHA256(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

// checkMaterials validates provided materials against the item: known names,
// each once, a known source and a well-formed hash.
func checkMaterials(errs *fault.List, item ItemSnapshot, ms []Provided) {
	for i, m := range ms {
		field := fmt.Sprintf("materials[%d]", i)
		if _, ok := item.material(m.Name); !ok {
			errs.Add(field+".name", "%q is not a material of item %s", m.Name, item.Code)
		}
		if slices.IndexFunc(ms, func(o Provided) bool { return o.Name == m.Name }) < i {
			errs.Add(field+".name", "%q is provided twice", m.Name)
		}
		if m.SHA256 != "" && !validSHA256(m.SHA256) {
			errs.Add(field+".sha256", "must be 64 lower-case hexadecimal digits")
		}
		switch m.Source {
		case "", SourceHanded, SourceLibrary, SourceForm:
		default:
			errs.Add(field+".source", "%q is not handed, library or form", m.Source)
		}
	}
}

func checkForm(errs *fault.List, form map[string]string) {
	if len(form) > maxForm {
		errs.Add("form", "has %d fields, at most %d are allowed", len(form), maxForm)
	}
	for k, v := range form {
		if k == "" || len(k) > maxFormKey {
			errs.Add("form", "field name %q must be 1 to %d bytes", k, maxFormKey)
		}
		checkText(errs, "form."+k, v, maxFormVal, false)
	}
}

// Submit submits an application (申请): at a window by a clerk (channel
// window), or online or in the app by the applicant.
type Submit struct {
	No        string    `json:"no"` // the application number, assigned by storage
	ItemCode  string    `json:"item_code"`
	Applicant Applicant `json:"applicant"`
	Channel   Channel   `json:"channel"`
	// AcceptUnitID and AcceptRegion are the window that accepts and issues:
	// for the window channel the clerk's own (may be left zero); online, the
	// window the applicant chose.
	AcceptUnitID int64  `json:"accept_unit_id"`
	AcceptRegion string `json:"accept_region"`
	// OwnerRegion is the region whose department owns the matter (the
	// applicant's banner of residence or registration); empty means the
	// accepting region. It may differ only for league-wide items (盟域通办).
	OwnerRegion string            `json:"owner_region"`
	Form        map[string]string `json:"form,omitempty"`
	Materials   []Provided        `json:"materials,omitempty"`
	Bundle      BundleRef         `json:"bundle,omitzero"`
}

// Action implements Command.
func (Submit) Action() string { return ActSubmit }

type submitPayload struct {
	Submit
	Item        ItemSnapshot `json:"item"`
	OwnerUnitID int64        `json:"owner_unit_id"`
}

func (c Submit) payload(_ *Application, actor Actor, now time.Time, env Env) (any, error) {
	// Who may submit through which channel, and for whom, is settled before
	// the data is looked at, so a stranger learns nothing from validation.
	switch {
	case c.Channel == Window && actor.Role != RoleWindowClerk:
		return nil, fault.Forbiddenf("only a window clerk submits at a window").WithKey("application.forbidden.channel", map[string]any{"channel": string(c.Channel)})
	case (c.Channel == Online || c.Channel == App) && actor.Role != RoleCitizen:
		return nil, fault.Forbiddenf("only the applicant submits %s", c.Channel).WithKey("application.forbidden.channel", map[string]any{"channel": string(c.Channel)})
	case c.Channel == Window && c.AcceptUnitID != 0 && c.AcceptUnitID != actor.UnitID:
		return nil, fault.Forbiddenf("a clerk submits at their own window (unit %d), not unit %d", actor.UnitID, c.AcceptUnitID)
	case actor.Role == RoleCitizen && (actor.Subject == "" || actor.Subject != c.Applicant.IDNumber):
		return nil, fault.Forbiddenf("a citizen submits only for themselves or the enterprise they signed in for").WithKey("application.forbidden.applicant", nil)
	}
	var errs fault.List
	if !validNo(c.No) {
		errs.Add("no", "%q must be 1 to 64 letters, digits, '-' or '_'", c.No)
	}
	if c.Channel != Window && c.Channel != Online && c.Channel != App {
		errs.Add("channel", "%q is not window, online or app", c.Channel)
	}
	switch c.Applicant.Kind {
	case Person:
		if err := applicant.ValidateResidentIDOn(c.Applicant.IDNumber, now); err != nil {
			errs = append(errs, refield(err, "applicant.id_number"))
		}
	case Enterprise:
		if err := applicant.ValidateCreditCode(c.Applicant.IDNumber); err != nil {
			errs = append(errs, refield(err, "applicant.id_number"))
		}
	default:
		errs.Add("applicant.kind", "%q is not person or enterprise", c.Applicant.Kind)
	}
	checkText(&errs, "applicant.name", c.Applicant.Name, 100, true)
	checkText(&errs, "applicant.phone", c.Applicant.Phone, 30, false)
	if c.Channel == Window {
		c.AcceptUnitID, c.AcceptRegion = actor.UnitID, actor.Region
	}
	if c.AcceptUnitID <= 0 {
		errs.Add("accept_unit_id", "is required: the window that accepts and issues")
	}
	if !validRegion(c.AcceptRegion) {
		errs.Add("accept_region", "%q must be a 12-digit division code", c.AcceptRegion)
	}
	if c.OwnerRegion == "" {
		c.OwnerRegion = c.AcceptRegion
	}
	if !validRegion(c.OwnerRegion) {
		errs.Add("owner_region", "%q must be a 12-digit division code", c.OwnerRegion)
	}
	if c.Bundle != (BundleRef{}) && (c.Bundle.Code == "" || !validNo(c.Bundle.No)) {
		errs.Add("bundle", "needs both the bundle code and the bundle application number")
	}
	checkForm(&errs, c.Form)
	if env.Item == nil || env.Route == nil {
		return nil, fmt.Errorf("application: Env.Item and Env.Route are required to submit")
	}
	item, err := env.Item(c.ItemCode)
	if err != nil {
		return nil, err
	}
	snap := snapshot(item)
	if !item.Active {
		errs.Add("item_code", "item %s %s is not active", item.Code, item.NameZH)
	}
	if (c.Channel == Online || c.Channel == App) && !item.OnlineDepth.Online() {
		errs.Add("channel", "item %s %s is handled at a window only (窗口办理)", item.Code, item.NameZH)
	}
	if validRegion(c.AcceptRegion) && validRegion(c.OwnerRegion) && county(c.AcceptRegion) != county(c.OwnerRegion) && !item.LeagueWide {
		errs = append(errs, fault.Invalidf("owner_region", "item %s %s is not handled anywhere in the league (盟域通办): apply in region %s", item.Code, item.NameZH, c.OwnerRegion).
			WithKey("application.not_league_wide", map[string]any{"item": item.Code, "region": c.OwnerRegion}))
	}
	checkMaterials(&errs, snap, c.Materials)
	if len(errs) > 0 {
		return nil, errs
	}
	if c.Channel != Window && env.Window != nil {
		if err := env.Window(c.AcceptUnitID, c.AcceptRegion); err != nil {
			return nil, err
		}
	}
	owner, err := env.Route(item, c.OwnerRegion)
	if err != nil {
		return nil, err
	}
	if owner <= 0 {
		return nil, fmt.Errorf("application: no unit handles item %s in region %s", item.Code, c.OwnerRegion)
	}
	c.Materials = slices.Clone(c.Materials)
	return submitPayload{Submit: c, Item: snap, OwnerUnitID: owner}, nil
}

// refield moves a validation error of the applicant package to a field of
// the submit command, keeping its key and arguments for translation.
func refield(err error, field string) *fault.Error {
	fe := fault.As(err)
	if fe == nil {
		return fault.Invalidf(field, "%v", err)
	}
	c := *fe
	c.Field = field
	return &c
}

// Correct issues a correction notice (补正告知, 一次性告知): Defects name the
// materials that are wrong and why. Every required material not yet provided
// is added to the notice, so the notice always tells everything at once. A
// later notice may not raise new objections to materials that were already
// there, unobjected, at the time of the previous notice and have not changed.
type Correct struct {
	Defects []Defect `json:"defects"`
	Note    string   `json:"note,omitempty"`
}

// Action implements Command.
func (Correct) Action() string { return ActCorrect }

func (c Correct) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	var prev *Notice
	if len(a.Notices) > 0 {
		prev = &a.Notices[len(a.Notices)-1]
	}
	byName := map[string]Defect{}
	for i, d := range c.Defects {
		field := fmt.Sprintf("defects[%d]", i)
		if _, ok := a.Item.material(d.Material); !ok {
			errs.Add(field+".material", "%q is not a material of item %s", d.Material, a.Item.Code)
			continue
		}
		if _, dup := byName[d.Material]; dup {
			errs.Add(field+".material", "%q is named twice; put every problem with it in one entry", d.Material)
			continue
		}
		checkText(&errs, field+".problem", d.Problem, maxReason, true)
		p, provided := a.provided(d.Material)
		if prev != nil && provided && p.Rev <= prev.Rev && !named(a.Notices, d.Material) {
			errs = append(errs, fault.Invalidf(field+".material",
				"%q was provided before the notice of %s and not objected to then; 一次性告知 allows no new objections to unchanged materials",
				d.Material, prev.At.In(chinaTime).Format("2006-01-02")).
				WithKey("application.correct.once", map[string]any{"material": d.Material}))
			continue
		}
		byName[d.Material] = Defect{Material: d.Material, Problem: strings.TrimSpace(d.Problem), Missing: !provided}
	}
	checkText(&errs, "note", c.Note, maxReason, false)
	if len(errs) > 0 {
		return nil, errs
	}
	for _, name := range a.missing(nil) {
		if _, ok := byName[name]; !ok {
			byName[name] = Defect{Material: name, Missing: true}
		}
	}
	if len(byName) == 0 {
		return nil, fault.Invalidf("defects", "nothing to correct: every required material is present; accept the application or name what is wrong").
			WithKey("application.correct.empty", nil)
	}
	// The notice lists the problems in the item's order of materials.
	out := Correct{Note: c.Note}
	for _, m := range a.Item.Materials {
		if d, ok := byName[m.Name]; ok {
			d.Promisable = a.Item.NotifyCommit && slices.Contains(a.Item.PromiseReplaces, m.Name)
			out.Defects = append(out.Defects, d)
		}
	}
	return out, nil
}

func named(notices []Notice, material string) bool {
	for _, n := range notices {
		for _, d := range n.Defects {
			if d.Material == material {
				return true
			}
		}
	}
	return false
}

// chinaTime is UTC+8, for dates in messages.
var chinaTime = time.FixedZone("CST", 8*3600)

// Resubmit hands in the materials a correction notice asked for; a material
// with the name of one already provided replaces it.
type Resubmit struct {
	Materials []Provided        `json:"materials"`
	Form      map[string]string `json:"form,omitempty"`
}

// Action implements Command.
func (Resubmit) Action() string { return ActResubmit }

func (c Resubmit) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	if len(c.Materials) == 0 && len(c.Form) == 0 {
		errs.Add("materials", "name at least one material (or form field) handed in")
	}
	checkMaterials(&errs, a.Item, c.Materials)
	checkForm(&errs, c.Form)
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// Accept accepts an application (受理) and starts its clocks. Promise names
// the materials replaced by a signed notify-and-commit promise (告知承诺),
// which creates a verification task.
type Accept struct {
	NoticeNo string   `json:"notice_no,omitempty"` // 受理通知书编号; empty means No + "-SL"
	Promise  []string `json:"promise,omitempty"`
}

// Action implements Command.
func (Accept) Action() string { return ActAccept }

type acceptPayload struct {
	Accept
	LegalDue    time.Time `json:"legal_due"`
	PromisedDue time.Time `json:"promised_due"`
	VerifyDue   time.Time `json:"verify_due,omitzero"`
}

func (c Accept) payload(a *Application, _ Actor, now time.Time, env Env) (any, error) {
	var errs fault.List
	if c.NoticeNo == "" {
		c.NoticeNo = a.No + "-SL"
	}
	checkText(&errs, "notice_no", c.NoticeNo, 64, true)
	if len(c.Promise) > 0 && !a.Item.NotifyCommit {
		errs.Add("promise", "item %s does not allow notify-and-commit (告知承诺)", a.Item.Code)
	}
	for i, name := range c.Promise {
		switch {
		case !slices.Contains(a.Item.PromiseReplaces, name):
			errs.Add(fmt.Sprintf("promise[%d]", i), "%q may not be replaced by a promise for item %s (allowed: %s)", name, a.Item.Code, strings.Join(a.Item.PromiseReplaces, ", "))
		case slices.Index(c.Promise, name) < i:
			errs.Add(fmt.Sprintf("promise[%d]", i), "%q is named twice", name)
		}
	}
	if missing := a.missing(c.Promise); len(missing) > 0 {
		errs = append(errs, fault.Invalidf("materials", "cannot accept while required materials are missing: %s; issue a correction notice", strings.Join(missing, ", ")).
			WithKey("application.accept.missing", map[string]any{"missing": missing}))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if env.Calendar == nil {
		return nil, fmt.Errorf("application: Env.Calendar is required to accept")
	}
	p := acceptPayload{Accept: c}
	var err error
	if p.LegalDue, err = deadline(env.Calendar, now, a.Item.LegalDays); err != nil {
		return nil, err
	}
	if p.PromisedDue, err = deadline(env.Calendar, now, a.Item.PromisedDays); err != nil {
		return nil, err
	}
	if len(c.Promise) > 0 {
		days := env.VerifyDays
		if days <= 0 {
			days = DefaultVerifyDays
		}
		if p.VerifyDue, err = deadline(env.Calendar, now, days); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Refuse refuses to accept an application (不予受理), with the reason the
// applicant is told.
type Refuse struct {
	Reason string `json:"reason"`
}

// Action implements Command.
func (Refuse) Action() string { return ActRefuse }

func (c Refuse) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	checkText(&errs, "reason", c.Reason, maxReason, true)
	return c, errs.Err()
}

// Review completes the current review step, other than the last, with an
// opinion (审查意见).
type Review struct {
	Opinion string `json:"opinion,omitempty"`
}

// Action implements Command.
func (Review) Action() string { return ActReview }

type stepPayload struct {
	Step    string `json:"step"`
	Opinion string `json:"opinion,omitempty"`
}

func (c Review) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	checkText(&errs, "opinion", c.Opinion, maxReason, false)
	return stepPayload{a.CurrentStep(), c.Opinion}, errs.Err()
}

// PauseClock starts a legally excluded period (expert review, hearing,
// public notice, on-site inspection …): the clocks stop until ResumeClock.
// Days is the time the applicant is told in writing the period will take.
type PauseClock struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"`
	Days   int    `json:"days"`
}

// Action implements Command.
func (PauseClock) Action() string { return ActPause }

func (c PauseClock) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	if !slices.Contains(PauseReasons, c.Reason) {
		errs.Add("reason", "%q is not one of %s", c.Reason, strings.Join(PauseReasons, ", "))
	}
	if c.Days < 1 || c.Days > 365 {
		errs.Add("days", "is %d, must be 1 to 365 working days", c.Days)
	}
	checkText(&errs, "note", c.Note, maxReason, false)
	return c, errs.Err()
}

// ResumeClock ends the current pause; the deadlines move by the working time
// it took.
type ResumeClock struct {
	Note string `json:"note,omitempty"`
}

// Action implements Command.
func (ResumeClock) Action() string { return ActResume }

type resumePayload struct {
	Note        string        `json:"note,omitempty"`
	Working     time.Duration `json:"working"`
	LegalDue    time.Time     `json:"legal_due"`
	PromisedDue time.Time     `json:"promised_due"`
}

func (c ResumeClock) payload(a *Application, _ Actor, now time.Time, env Env) (any, error) {
	var errs fault.List
	checkText(&errs, "note", c.Note, maxReason, false)
	if len(errs) > 0 {
		return nil, errs
	}
	if env.Calendar == nil {
		return nil, fmt.Errorf("application: Env.Calendar is required to resume")
	}
	w, err := env.Calendar.WorkingTime(a.Pauses[len(a.Pauses)-1].From, now)
	if err != nil {
		return nil, calendarError(err)
	}
	p := resumePayload{Note: c.Note, Working: max(w, 0)}
	if p.LegalDue, err = env.Calendar.AddWorking(a.LegalDue, p.Working); err != nil {
		return nil, calendarError(err)
	}
	if p.PromisedDue, err = env.Calendar.AddWorking(a.PromisedDue, p.Working); err != nil {
		return nil, calendarError(err)
	}
	p.LegalDue, p.PromisedDue = p.LegalDue.UTC(), p.PromisedDue.UTC()
	return p, nil
}

// Approve completes the last step with a decision to approve (准予).
type Approve struct {
	Opinion string `json:"opinion,omitempty"`
}

// Action implements Command.
func (Approve) Action() string { return ActApprove }

func (c Approve) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	checkText(&errs, "opinion", c.Opinion, maxReason, false)
	return stepPayload{a.CurrentStep(), c.Opinion}, errs.Err()
}

// Deny completes the last step with a decision to deny (不予许可), with the
// reason the applicant is told.
type Deny struct {
	Reason string `json:"reason"`
}

// Action implements Command.
func (Deny) Action() string { return ActDeny }

func (c Deny) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	checkText(&errs, "reason", c.Reason, maxReason, true)
	return stepPayload{a.CurrentStep(), c.Reason}, errs.Err()
}

// Issue issues the result (出件) at the accepting window: the certificate or
// decision number.
type Issue struct {
	CertificateNo string `json:"certificate_no"`
}

// Action implements Command.
func (Issue) Action() string { return ActIssue }

func (c Issue) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	checkText(&errs, "certificate_no", c.CertificateNo, 64, true)
	return c, errs.Err()
}

// Deliver records that the result reached the applicant: picked up at the
// window, mailed (with a tracking number) or sent electronically.
type Deliver struct {
	Method string `json:"method"`
	Ref    string `json:"ref,omitempty"`
}

// Action implements Command.
func (Deliver) Action() string { return ActDeliver }

func (c Deliver) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	switch c.Method {
	case DeliverWindow, DeliverElectronic:
	case DeliverMail:
		checkText(&errs, "ref", c.Ref, maxRef, true)
	default:
		errs.Add("method", "%q is not window, mail or electronic", c.Method)
	}
	checkText(&errs, "ref", c.Ref, maxRef, false)
	return c, errs.Err()
}

// Rate rates the service (好差评): 5 非常满意, 4 满意, 3 基本满意, 2 不满意,
// 1 非常不满意, once per channel.
type Rate struct {
	Channel Channel `json:"channel"`
	Score   int     `json:"score"`
	Comment string  `json:"comment,omitempty"`
}

// Action implements Command.
func (Rate) Action() string { return ActRate }

type ratePayload struct {
	Rate
	Bad bool `json:"bad,omitempty"`
}

func (c Rate) payload(a *Application, _ Actor, _ time.Time, _ Env) (any, error) {
	var errs fault.List
	if !slices.Contains(RatingChannels, c.Channel) {
		errs.Add("channel", "%q is not window, online, app, sms or hotline", c.Channel)
	}
	if c.Score < 1 || c.Score > 5 {
		errs.Add("score", "is %d, must be 1 to 5", c.Score)
	}
	checkText(&errs, "comment", c.Comment, maxComment, false)
	if len(errs) > 0 {
		return nil, errs
	}
	if slices.ContainsFunc(a.Ratings, func(r Rating) bool { return r.Channel == c.Channel }) {
		return nil, &fault.Error{Code: fault.Conflict, Field: "channel",
			Message: fmt.Sprintf("application %s has already been rated on channel %s", a.No, c.Channel),
			Allowed: stateActions(a), Current: a.State,
			Key: "application.rated", Args: map[string]any{"no": a.No, "channel": string(c.Channel)}}
	}
	return ratePayload{c, c.Score <= 2}, nil
}

// Withdraw withdraws an application before it is decided (撤回申请).
type Withdraw struct {
	Reason string `json:"reason,omitempty"`
}

// Action implements Command.
func (Withdraw) Action() string { return ActWithdraw }

func (c Withdraw) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	checkText(&errs, "reason", c.Reason, maxReason, false)
	return c, errs.Err()
}

// VerifyOK records that a notify-and-commit promise was verified as true.
type VerifyOK struct {
	Note string `json:"note,omitempty"`
}

// Action implements Command.
func (VerifyOK) Action() string { return ActVerifyOK }

func (c VerifyOK) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	checkText(&errs, "note", c.Note, maxReason, false)
	return c, errs.Err()
}

// VerifyFailed records that a promise proved false: the application is
// revoked (撤销) whatever stage it reached, since it rests on a false
// statement; Note says what was found.
type VerifyFailed struct {
	Note string `json:"note"`
}

// Action implements Command.
func (VerifyFailed) Action() string { return ActVerifyFailed }

func (c VerifyFailed) payload(*Application, Actor, time.Time, Env) (any, error) {
	var errs fault.List
	checkText(&errs, "note", c.Note, maxReason, true)
	return c, errs.Err()
}
