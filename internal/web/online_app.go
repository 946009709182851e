package web

// An application's page on the applicant portal (/online/applications/{no}):
// where it is and what happens next, its deadlines, its materials and
// correction notices, and the forms of what the applicant may do now —
// hand in what a notice asks for (补正), withdraw, rate (好差评). The page
// of a bundle application lists its parts and the working days it took.

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/hall"
)

func init() {
	register("GET /online/applications/{no}", true, func(ui *UI) handler { return ui.onlineApplication })
	registerLimited("POST /online/applications/{no}/materials", true, OnlineMaxBody, func(ui *UI) handler { return ui.onlineResubmit })
	register("POST /online/applications/{no}/withdraw", true, func(ui *UI) handler { return ui.onlineWithdraw })
	register("POST /online/applications/{no}/rate", true, func(ui *UI) handler { return ui.onlineRate })
	register("GET /online/bundle-applications/{no}", true, func(ui *UI) handler { return ui.onlineBundle })
	register("GET /online/applications/{no}/files/{sha}", true, func(ui *UI) handler { return ui.onlineFile })
}

// onlineAppData is the application page's data.
type onlineAppData struct {
	V     hall.View
	A     *application.Application
	Token string
	Item  string
	// BundleLink is the page of the bundle application the application
	// is a part of.
	BundleLink string
	Accept     string
	Owner      string
	Cross      bool
	Warnings   map[string]string
	Materials  []hallProvided
	Files      []onlineFile // the correction form's inputs: the latest notice's materials
	Can        map[string]bool
	Rated      *application.Rating // the rating given here
	Scores     []option
	History    []hallEvent
	Limit      int
}

// onlineDone are the notices the page shows after an action.
var onlineDone = []string{"submitted", application.ActResubmit, application.ActWithdraw, application.ActRate}

// trackedApplication returns the application if token is its token, with
// the applicant as the caller; ok is false when it is not.
func (ui *UI) trackedApplication(r *http.Request, no, token string) (hall.Caller, bool, error) {
	sum, err := ui.st.Application(r.Context(), no)
	if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Invalid) {
		return hall.Caller{}, false, nil
	}
	if err != nil {
		return hall.Caller{}, false, err
	}
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return hall.Caller{}, false, err
	}
	id := sum.App.Applicant.IDNumber
	return hall.Applicant(id), hmacEqual(token, trackToken(key, no, id)), nil
}

func (ui *UI) onlineNotTracked(w http.ResponseWriter, p *Page) {
	p.Title = p.T("online.track.title")
	p.Message = p.T("online.track.not_found")
	ui.render(w, http.StatusNotFound, p, "online_track")
}

func (ui *UI) onlineApplication(w http.ResponseWriter, r *http.Request, p *Page) error {
	if d := r.URL.Query().Get("done"); slices.Contains(onlineDone, d) {
		p.Notice = p.T("online.done." + d)
	}
	return ui.onlineRenderApp(w, r, p, r.URL.Query().Get("k"), http.StatusOK)
}

func (ui *UI) onlineRenderApp(w http.ResponseWriter, r *http.Request, p *Page, token string, status int) error {
	ctx := r.Context()
	no := r.PathValue("no")
	c, ok, err := ui.trackedApplication(r, no, token)
	if err != nil {
		return err
	}
	if !ok {
		ui.onlineNotTracked(w, p)
		return nil
	}
	v, err := ui.hall().Get(ctx, c, no)
	if err != nil {
		return err
	}
	a := v.App
	names := &unitNames{ctx: ctx, p: p}
	d := onlineAppData{V: v, A: a, Token: token, Item: a.Item.NameZH, Accept: names.name(a.AcceptUnitID),
		Owner: names.name(a.OwnerUnitID), Cross: a.CrossRegion(), Warnings: map[string]string{}, Can: map[string]bool{},
		Limit: hall.MaxFileSize >> 20}
	for _, act := range v.Allowed {
		d.Can[act] = true
	}
	for _, wn := range v.Warnings {
		d.Warnings[wn.Clock] = wn.Level
	}
	if a.Bundle.No != "" {
		key, err := ui.trackKey(ctx)
		if err != nil {
			return err
		}
		d.BundleLink = onlineLink("/online/bundle-applications/", a.Bundle.No, trackToken(key, a.Bundle.No, a.Applicant.IDNumber), "")
	}
	d.Materials = providedMaterials(a)
	if d.Can[application.ActResubmit] {
		d.Files = onlineFiles(p, noticeMaterials(a), func(string) bool { return true })
	}
	if i := slices.IndexFunc(a.Ratings, func(rt application.Rating) bool { return rt.Channel == onlineChannel }); i >= 0 {
		d.Rated = &a.Ratings[i]
		d.Can[application.ActRate] = false
	}
	for s := 5; s >= 1; s-- {
		d.Scores = append(d.Scores, option{strconv.Itoa(s), p.T(scoreLabel(s))})
	}
	d.History = hallHistory(p, names, v.History)
	if p.Value("version") == "" {
		p.Form.Set("version", strconv.FormatInt(a.Version, 10))
	}
	p.Title = p.T("hall.app.title", "no", a.No)
	p.Data = d
	ui.render(w, status, p, "online_app")
	return nil
}

// providedMaterials lists the item's materials with what was provided for
// each.
func providedMaterials(a *application.Application) []hallProvided {
	out := make([]hallProvided, 0, len(a.Item.Materials))
	for _, m := range a.Item.Materials {
		hp := hallProvided{Name: m.Name, Required: m.Required}
		if i := slices.IndexFunc(a.Materials, func(x application.Provided) bool { return x.Name == m.Name }); i >= 0 {
			hp.Provided, hp.Source, hp.SHA256 = true, a.Materials[i].Source, a.Materials[i].SHA256
			if hp.Source == "" {
				hp.Source = application.SourceHanded
			}
		}
		out = append(out, hp)
	}
	return out
}

// noticeMaterials are the materials the latest correction notice asks
// for, or every material of the item when there is no notice.
func noticeMaterials(a *application.Application) []string {
	var out []string
	if n := len(a.Notices); n > 0 {
		for _, df := range a.Notices[n-1].Defects {
			if !slices.Contains(out, df.Material) {
				out = append(out, df.Material)
			}
		}
	}
	if len(out) == 0 {
		for _, m := range a.Item.Materials {
			out = append(out, m.Name)
		}
	}
	return out
}

// onlineAction checks an action's form on an application page: the token
// and the version. It returns the caller and the application as loaded.
func (ui *UI) onlineAction(w http.ResponseWriter, r *http.Request, p *Page) (hall.Caller, *application.Application, bool, error) {
	no := r.PathValue("no")
	c, ok, err := ui.trackedApplication(r, no, p.Value("k"))
	if err != nil || !ok {
		if err == nil {
			ui.onlineNotTracked(w, p)
		}
		return c, nil, false, err
	}
	v, err := ui.hall().Get(r.Context(), c, no)
	if err != nil {
		return c, nil, false, err
	}
	return c, v.App, true, nil
}

// onlineActed takes an action and shows its outcome: the page with the
// done notice, the form again with its errors, or a conflict.
func (ui *UI) onlineActed(w http.ResponseWriter, r *http.Request, p *Page, c hall.Caller, cmd application.Command, prefix string) error {
	no := r.PathValue("no")
	version, _ := strconv.ParseInt(p.Value("version"), 10, 64)
	v, err := ui.hall().Act(r.Context(), c, no, cmd, version)
	switch {
	case err == nil:
		return ui.toApplication(w, r, no, v.App.Applicant.IDNumber, cmd.Action())
	case hallSetErrors(p, prefix, err):
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusBadRequest)
	case fault.CodeOf(err) == fault.Conflict:
		p.Message = hallErrorText(p, err)
		p.Form.Del("version")
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusConflict)
	case fault.CodeOf(err) == fault.Unavailable:
		p.Message = hallErrorText(p, err)
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusServiceUnavailable)
	}
	return err
}

// onlineResubmit hands in the files a correction notice asked for: every
// file is checked and stored, and all of them are recorded as one
// resubmission. A bad file is refused on its own input; the good ones
// are kept for the next try and nothing is recorded.
func (ui *UI) onlineResubmit(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := parseUploadForm(r, p); err != nil {
		if fault.CodeOf(err) == fault.TooLarge {
			p.Message = hallErrorText(p, err)
			return ui.onlineRenderApp(w, r, p, r.URL.Query().Get("k"), http.StatusRequestEntityTooLarge)
		}
		return err
	}
	c, a, ok, err := ui.onlineAction(w, r, p)
	if err != nil || !ok {
		return err
	}
	if !slices.Contains(application.Allowed(a, application.Actor{Role: application.RoleCitizen, Subject: a.Applicant.IDNumber}), application.ActResubmit) {
		p.Message = p.T("online.error.not_correcting")
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusConflict)
	}
	ms, err := ui.readUploads(r.Context(), r, p, noticeMaterials(a))
	if err != nil {
		return err
	}
	if len(ms) == 0 && len(p.Errors) == 0 {
		p.Errors["file_0"] = p.T("online.error.no_file")
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusBadRequest)
	}
	return ui.onlineActed(w, r, p, c, application.Resubmit{Materials: ms}, application.ActResubmit)
}

func (ui *UI) onlineWithdraw(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	c, _, ok, err := ui.onlineAction(w, r, p)
	if err != nil || !ok {
		return err
	}
	return ui.onlineActed(w, r, p, c, application.Withdraw{Reason: strings.TrimSpace(p.Value("withdraw_reason"))}, application.ActWithdraw)
}

func (ui *UI) onlineRate(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	c, _, ok, err := ui.onlineAction(w, r, p)
	if err != nil || !ok {
		return err
	}
	score, err := strconv.Atoi(p.Value("score"))
	if err != nil || score < 1 || score > 5 {
		p.Errors["score"] = p.T("rating.error.score")
		p.Message = p.T("error.invalid")
		return ui.onlineRenderApp(w, r, p, p.Value("k"), http.StatusBadRequest)
	}
	return ui.onlineActed(w, r, p, c, application.Rate{Channel: onlineChannel, Score: score, Comment: strings.TrimSpace(p.Value("comment"))}, "")
}

// onlineBundleView is a bundle application's page.
type onlineBundleView struct {
	V       hall.BundleView
	Name    string
	Parts   []onlinePart
	Elapsed string
}

type onlinePart struct {
	No, Item, Owner, Link string
	State                 application.State
}

func (ui *UI) onlineBundle(w http.ResponseWriter, r *http.Request, p *Page) error {
	ctx := r.Context()
	no := r.PathValue("no")
	parts, err := ui.st.BundleParts(ctx, no)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return err
	}
	key, err := ui.trackKey(ctx)
	if err != nil {
		return err
	}
	if len(parts) == 0 || !hmacEqual(r.URL.Query().Get("k"), trackToken(key, no, parts[0].Applicant.IDNumber)) {
		ui.onlineNotTracked(w, p)
		return nil
	}
	id := parts[0].Applicant.IDNumber
	v, err := ui.hall().BundleApplication(ctx, hall.Applicant(id), no)
	if err != nil {
		return err
	}
	names := &unitNames{ctx: ctx, p: p}
	d := onlineBundleView{V: v, Name: p.Name(v.Bundle.NameZH, v.Bundle.NameMN)}
	for _, part := range v.Parts {
		a := part.App
		d.Parts = append(d.Parts, onlinePart{No: a.No, Item: a.Item.NameZH, Owner: names.name(a.OwnerUnitID),
			State: a.State, Link: onlineLink("/online/applications/", a.No, trackToken(key, a.No, id), "")})
	}
	if v.Elapsed != nil {
		d.Elapsed = fmt.Sprintf("%.2f", *v.Elapsed)
	}
	if r.URL.Query().Get("done") == "submitted" {
		p.Notice = p.T("online.done.bundle_submitted", "no", no)
	}
	p.Title = p.T("bundle.title", "bundle", d.Name, "no", no)
	p.Data = d
	ui.render(w, http.StatusOK, p, "online_bundle")
	return nil
}

// materialFile serves a file an application names, as the caller may see
// it, named after its material.
func (ui *UI) materialFile(w http.ResponseWriter, r *http.Request, c hall.Caller) error {
	no, sha := r.PathValue("no"), r.PathValue("sha")
	ct, b, err := ui.hall().MaterialFile(r.Context(), c, no, sha)
	if err != nil {
		return err
	}
	name := sha[:12]
	if sum, err := ui.st.Application(r.Context(), no); err == nil {
		if i := slices.IndexFunc(sum.App.Materials, func(m application.Provided) bool { return m.SHA256 == sha }); i >= 0 {
			name = sum.App.Materials[i].Name
		}
	}
	serveFile(w, name+fileExt[ct], ct, b)
	return nil
}

// fileExt names the file types materials are accepted in.
var fileExt = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}

// hallFile serves a file of an application to the staff who may see it.
func (ui *UI) hallFile(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, hallRoles...); err != nil {
		return err
	}
	return ui.materialFile(w, r, hallCaller(p))
}

// onlineFile serves a file of an application to its applicant, through
// the application's token.
func (ui *UI) onlineFile(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, ok, err := ui.trackedApplication(r, r.PathValue("no"), r.URL.Query().Get("k"))
	if err != nil {
		return err
	}
	if !ok {
		ui.onlineNotTracked(w, p)
		return nil
	}
	return ui.materialFile(w, r, c)
}
