package web

// The application page (/hall/applications/{no}): the facts, the legal and
// promised deadlines with their warnings, the materials, the correction
// notices, the full history, and a form for each action the viewer may
// take now. Window clerks and approvers share it; the domain decides which
// actions each may take (application.Allowed). A window clerk also gets a
// form per reusable material with a file, to store that file in the
// applicant's library (hall_library.go).

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tongban/internal/application"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
)

func init() {
	register("GET /hall/applications/{no}", false, func(ui *UI) handler { return ui.hallApplication })
	register("POST /hall/applications/{no}/{action}", false, func(ui *UI) handler { return ui.hallAct })
	register("GET /hall/applications/{no}/files/{sha}", false, func(ui *UI) handler { return ui.hallFile })
}

// hallRoles may open the hall's application pages.
var hallRoles = []org.Role{org.WindowClerk, org.Approver}

// hallAppData is the application page's data.
type hallAppData struct {
	V          hall.View
	A          *application.Application
	Accept     string
	Owner      string
	Cross      bool
	Materials  []hallProvided
	Allowed    map[string]bool
	Actions    []string // the allowed actions that have a form, in lifecycle order
	Warnings   map[string]string
	Step       string
	Pauses     []string
	Promise    []string // materials a promise may replace (告知承诺)
	Notice     []string // materials the last correction notice asked for
	History    []hallEvent
	Deliveries []string
	Library    []libraryOffer // files the viewer may store in the applicant's library (一套资料)
}

// hallProvided is one material of the item and what was provided for it.
type hallProvided struct {
	Name     string
	Required bool
	Provided bool
	Source   string
	SHA256   string // the file handed in, when there is one
}

type hallEvent struct {
	Type  string
	At    string
	Actor string
}

// hallActionForms are the actions the page has a form for.
var hallActionForms = []string{
	application.ActAccept, application.ActCorrect, application.ActResubmit, application.ActRefuse,
	application.ActReview, application.ActPause, application.ActResume, application.ActApprove, application.ActDeny,
	application.ActIssue, application.ActDeliver, application.ActWithdraw, application.ActVerifyOK, application.ActVerifyFailed,
}

func (ui *UI) hallApplication(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, hallRoles...); err != nil {
		return err
	}
	switch a := r.URL.Query().Get("done"); {
	case a == "library":
		p.Notice = p.T("library.done.stored")
	case a != "" && slices.Contains(application.Actions, a):
		p.Notice = p.T("hall.done." + a)
	}
	return ui.hallRenderApp(w, r, p, http.StatusOK)
}

func (ui *UI) hallRenderApp(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	v, err := ui.hall().Get(ctx, hallCaller(p), r.PathValue("no"))
	if err != nil {
		return err
	}
	a := v.App
	names := &unitNames{ctx: ctx, p: p}
	d := hallAppData{V: v, A: a, Accept: names.name(a.AcceptUnitID), Owner: names.name(a.OwnerUnitID), Cross: a.CrossRegion(),
		Allowed: map[string]bool{}, Warnings: map[string]string{}, Step: a.CurrentStep()}
	for _, act := range v.Allowed {
		d.Allowed[act] = true
	}
	for _, act := range hallActionForms {
		if d.Allowed[act] {
			d.Actions = append(d.Actions, act)
		}
	}
	for _, wn := range v.Warnings {
		d.Warnings[wn.Clock] = wn.Level
	}
	d.Materials = providedMaterials(a)
	d.Pauses = application.PauseReasons
	d.Deliveries = []string{application.DeliverWindow, application.DeliverMail, application.DeliverElectronic}
	if a.Item.NotifyCommit {
		d.Promise = a.Item.PromiseReplaces
	}
	if n := len(a.Notices); n > 0 {
		for _, df := range a.Notices[n-1].Defects {
			d.Notice = append(d.Notice, df.Material)
		}
	}
	d.History = hallHistory(p, names, v.History)
	if d.Library, err = ui.libraryOffers(r, p, a); err != nil {
		return err
	}
	if p.Value("version") == "" {
		p.Form.Set("version", strconv.FormatInt(a.Version, 10))
	}
	p.Title = p.T("hall.app.title", "no", a.No)
	p.Data = d
	ui.render(w, status, p, "hall_app")
	return nil
}

// hallHistory lists an application's events with the unit that acted.
func hallHistory(p *Page, names *unitNames, events []eventlog.Event) []hallEvent {
	out := make([]hallEvent, 0, len(events))
	for _, e := range events {
		actor := ""
		if e.UnitID != 0 {
			actor = names.name(e.UnitID)
		}
		out = append(out, hallEvent{Type: e.Type, At: p.Time(e.At), Actor: actor})
	}
	return out
}

// hallCommand builds the command of an action from its form; the fields
// of action X are named X_field.
func hallCommand(action string, f url.Values) (application.Command, error) {
	get := func(name string) string { return strings.TrimSpace(f.Get(action + "_" + name)) }
	handed := func() []application.Provided {
		var ms []application.Provided
		for _, n := range f[action+"_materials"] {
			ms = append(ms, application.Provided{Name: n, Source: application.SourceHanded})
		}
		return ms
	}
	switch action {
	case application.ActAccept:
		return application.Accept{NoticeNo: get("notice_no"), Promise: f[action+"_promise"]}, nil
	case application.ActCorrect:
		c := application.Correct{Note: get("note")}
		for _, m := range f[action+"_wrong"] {
			c.Defects = append(c.Defects, application.Defect{Material: m, Problem: get("defects_problem")})
		}
		return c, nil
	case application.ActResubmit:
		return application.Resubmit{Materials: handed()}, nil
	case application.ActRefuse:
		return application.Refuse{Reason: get("reason")}, nil
	case application.ActReview:
		return application.Review{Opinion: get("opinion")}, nil
	case application.ActPause:
		days, _ := strconv.Atoi(get("days"))
		return application.PauseClock{Reason: get("reason"), Days: days, Note: get("note")}, nil
	case application.ActResume:
		return application.ResumeClock{Note: get("note")}, nil
	case application.ActApprove:
		return application.Approve{Opinion: get("opinion")}, nil
	case application.ActDeny:
		return application.Deny{Reason: get("reason")}, nil
	case application.ActIssue:
		return application.Issue{CertificateNo: get("certificate_no")}, nil
	case application.ActDeliver:
		return application.Deliver{Method: get("method"), Ref: get("ref")}, nil
	case application.ActWithdraw:
		return application.Withdraw{Reason: get("reason")}, nil
	case application.ActVerifyOK:
		return application.VerifyOK{Note: get("note")}, nil
	case application.ActVerifyFailed:
		return application.VerifyFailed{Note: get("note")}, nil
	}
	return nil, fault.NotFoundf("no action %q", action)
}

func (ui *UI) hallAct(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, hallRoles...); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	action, no := r.PathValue("action"), r.PathValue("no")
	cmd, err := hallCommand(action, p.Form)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(p.Value("version"), 10, 64)
	if _, err := ui.hall().Act(r.Context(), hallCaller(p), no, cmd, version); err != nil {
		if hallSetErrors(p, action, err) {
			return ui.hallRenderApp(w, r, p, http.StatusBadRequest)
		}
		if fault.CodeOf(err) == fault.Conflict {
			p.Message = hallErrorText(p, err)
			p.Form = url.Values{}
			return ui.hallRenderApp(w, r, p, http.StatusConflict)
		}
		return err
	}
	redirect(w, r, "/hall/applications/"+url.PathEscape(no)+"?done="+url.QueryEscape(action))
	return nil
}
