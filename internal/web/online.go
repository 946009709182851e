package web

// The applicant portal for applications (网上办事, 一网通办, DOMAIN.md §5):
// find an item or a "one thing" bundle, apply online with the materials
// as files, choose the hall window that accepts and issues the result,
// then track the application by its number and the applicant's ID number,
// hand in what a correction notice asks for, withdraw, and rate the
// service once the result is issued.
//
// Nobody signs in, as on the citizen portal: the link to an application's
// page carries a token that proves its holder knew the application's
// number and the applicant's ID number (trackToken), so the ID number
// never travels in a URL. Every action goes through package hall as the
// applicant (hall.Applicant), which lets an applicant touch only their own
// applications. The applicant's material library (一套资料) is not offered
// here: without a real-name sign-in (统一身份认证) anyone who knows an ID
// number could use, and learn of, its documents; windows and the API offer
// it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/storage"
)

// OnlineMaxBody is the largest application form with its files: several
// materials at hall.MaxFileSize each. Each file is also held to
// hall.MaxFileSize on its own.
const OnlineMaxBody = 64 << 20

func init() {
	register("GET /online", true, func(ui *UI) handler { return ui.onlineHome })
	register("GET /online/items/{code}", true, func(ui *UI) handler { return ui.onlineApplyForm })
	registerLimited("POST /online/items/{code}", true, OnlineMaxBody, func(ui *UI) handler { return ui.onlineApply })
	register("GET /online/bundles/{code}", true, func(ui *UI) handler { return ui.onlineBundleForm })
	registerLimited("POST /online/bundles/{code}", true, OnlineMaxBody, func(ui *UI) handler { return ui.onlineBundleApply })
	register("GET /online/track", true, func(ui *UI) handler { return ui.onlineTrackForm })
	register("POST /online/track", true, func(ui *UI) handler { return ui.onlineTrack })
	addNav("/online", "online.nav", "public")
	addNav("/online/track", "online.nav.track", "public")
}

// onlineChannel is the channel of everything done here.
const onlineChannel = application.Online

type onlineHomeData struct {
	Q       string
	All     bool // window-only items are listed too
	Items   []hallItem
	Next    string // the query of the next page, "" on the last
	Bundles []hallBundleRef
}

// onlinePage is how many items the portal lists at once.
const onlinePage = 30

func (ui *UI) onlineHome(w http.ResponseWriter, r *http.Request, p *Page) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := onlineHomeData{Q: strings.TrimSpace(q.Get("q")), All: q.Get("all") == "1"}
	p.Form.Set("q", d.Q)
	if d.All {
		p.Form.Set("all", "1")
	}
	active := true
	f := storage.ItemFilter{Text: d.Q, Active: &active, Limit: onlinePage, After: q.Get("after")}
	depts, err := ui.hallDepartments(ctx)
	if err != nil {
		return err
	}
	// Window-only items are left out unless asked for; the filter takes
	// one depth, so pages are read until one is full.
	more := false
	for {
		its, next, err := ui.st.Items(ctx, f)
		if err != nil {
			return err
		}
		for _, it := range its {
			if !d.All && !it.OnlineDepth.Online() {
				continue
			}
			if len(d.Items) == onlinePage {
				more = true
				break
			}
			d.Items = append(d.Items, hallItem{Code: it.Code, Name: p.Name(it.NameZH, it.NameMN), Dept: depts[it.Department],
				Depth: it.OnlineDepth, LeagueWide: it.LeagueWide})
		}
		if more || next == "" {
			break
		}
		f.After = next
	}
	if more {
		v := url.Values{"after": {d.Items[len(d.Items)-1].Code}}
		if d.Q != "" {
			v.Set("q", d.Q)
		}
		if d.All {
			v.Set("all", "1")
		}
		d.Next = v.Encode()
	}
	bs, err := ui.hall().Bundles(ctx)
	if err != nil {
		return err
	}
	for _, b := range bs {
		d.Bundles = append(d.Bundles, hallBundleRef{Code: b.Code, Name: p.Name(b.NameZH, b.NameMN), Items: len(b.Items), TargetDays: b.TargetDays})
	}
	p.Title = p.T("online.home.title")
	p.Data = d
	ui.render(w, http.StatusOK, p, "online_home")
	return nil
}

// onlineFile is a material's file input on an online form, with the file
// an earlier try of the same form already uploaded.
type onlineFile struct {
	Index    int
	Name     string
	Required bool
	Field    string // the file input: file_{Index}
	Kept     string // the name of the file kept from an earlier try
	KeptRef  string // its signed reference (have_{Index})
}

// onlineFiles are the file inputs of the named materials.
func onlineFiles(p *Page, names []string, required func(string) bool) []onlineFile {
	out := make([]onlineFile, len(names))
	for i, n := range names {
		out[i] = onlineFile{Index: i, Name: n, Required: required(n), Field: fmt.Sprintf("file_%d", i),
			Kept: p.Value(fmt.Sprintf("have_%d_name", i)), KeptRef: p.Value(fmt.Sprintf("have_%d", i))}
	}
	return out
}

// fileRef signs a stored file's hash so that a form sent back with errors
// can carry the files that were fine without uploading them again; a
// reference that was not signed here is ignored.
func fileRef(key []byte, sha string) string { return sha + "." + trackToken(key, "file", sha) }

func checkFileRef(key []byte, ref string) (string, bool) {
	sha, sig, ok := strings.Cut(ref, ".")
	return sha, ok && len(sha) == 64 && hmacEqual(sig, trackToken(key, "file", sha))
}

// readUploads reads the files of a multipart form for the named materials:
// input file_{i} for material i, or have_{i} for a file kept from an
// earlier try. Every file is checked and stored; a bad one becomes an
// error on its input, and every good one is kept in the form (have_{i})
// so nothing has to be chosen again. It returns the materials provided.
func (ui *UI) readUploads(ctx context.Context, r *http.Request, p *Page, names []string) ([]application.Provided, error) {
	key, err := ui.trackKey(ctx)
	if err != nil {
		return nil, err
	}
	var out []application.Provided
	for i, name := range names {
		field, have := fmt.Sprintf("file_%d", i), fmt.Sprintf("have_%d", i)
		fh := formFile(r, field)
		if fh == nil {
			if sha, ok := checkFileRef(key, p.Value(have)); ok {
				out = append(out, application.Provided{Name: name, SHA256: sha, Source: application.SourceHanded})
			} else {
				p.Form.Del(have)
				p.Form.Del(have + "_name")
			}
			continue
		}
		b, err := readFormFile(fh)
		if err != nil {
			return nil, err
		}
		f, err := ui.hall().StoreFile(ctx, fh.Filename, b)
		if err != nil {
			fe := fault.As(err)
			if fe == nil || (fe.Code != fault.Invalid && fe.Code != fault.TooLarge) {
				return nil, err
			}
			p.Errors[field] = hallText(p, fe)
			continue
		}
		p.Form.Set(have, fileRef(key, f.SHA256))
		p.Form.Set(have+"_name", fh.Filename)
		out = append(out, application.Provided{Name: name, SHA256: f.SHA256, Source: application.SourceHanded})
	}
	return out, nil
}

// formFile returns the first file sent in a multipart field, or nil.
func formFile(r *http.Request, field string) *multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	fs := r.MultipartForm.File[field]
	if len(fs) == 0 || fs[0].Size == 0 && fs[0].Filename == "" {
		return nil
	}
	return fs[0]
}

func readFormFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One byte over the limit is enough to refuse the file as too large.
	return io.ReadAll(io.LimitReader(f, hall.MaxFileSize+1))
}

// parseUploadForm reads a multipart form into p.Form. A body over the
// route's limit is a page-wide error, not a lost page.
func parseUploadForm(r *http.Request, p *Page) error {
	err := r.ParseMultipartForm(1 << 20)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return fault.New(fault.TooLarge, "the files together are larger than %d MiB", OnlineMaxBody>>20).
			WithKey("online.error.too_big", map[string]any{"limit": OnlineMaxBody >> 20})
	case errors.Is(err, http.ErrNotMultipart):
		if err := r.ParseForm(); err != nil {
			return fault.Invalidf("form", "%v", err)
		}
	case err != nil:
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.Form
	return nil
}

// onlineApplicant reads and checks the applicant fields: the ID check
// marks the wrong character, and a phone number is required online, where
// it is the only way the window can reach the applicant.
func onlineApplicant(p *Page) application.Applicant {
	a := hallApplicant(p)
	if a.Phone == "" {
		p.Errors["phone"] = p.T("online.error.phone_required")
	}
	return a
}

// onlineWindowField is the form field of the chosen window.
const onlineWindowField = "window"

// onlineWindow reads the chosen window.
func onlineWindow(p *Page) int64 {
	id, err := strconv.ParseInt(p.Value(onlineWindowField), 10, 64)
	if err != nil || id <= 0 {
		p.Errors[onlineWindowField] = p.T("online.error.window")
		return 0
	}
	return id
}

// onlineForm is what the online forms share: the windows to choose from,
// a file input per material, the ID number's mark and the file limit.
type onlineForm struct {
	Windows []option
	Files   []onlineFile
	Mark    *idMark
	Limit   int
}

// onlineForm builds the shared part of a form for the named materials;
// the windows are named with their region.
func (ui *UI) onlineForm(ctx context.Context, p *Page, names []string, required func(string) bool) (onlineForm, error) {
	f := onlineForm{Files: onlineFiles(p, names, required), Limit: hall.MaxFileSize >> 20,
		Mark: hallIDMark(p.Value("kind"), p.Value("id_number"), ui.svc.Now())}
	us, err := ui.st.WindowUnits(ctx)
	if err != nil {
		return f, err
	}
	for _, u := range us {
		label := p.Name(u.NameZH, u.NameMN)
		if rg, ok := ui.svc.Regions().Get(u.RegionCode); ok {
			label = p.Name(rg.Name, rg.NameMN) + " · " + label
		}
		f.Windows = append(f.Windows, option{strconv.FormatInt(u.ID, 10), label})
	}
	return f, nil
}

// onlineApplyData is the online application form of one item.
type onlineApplyData struct {
	onlineForm
	Item   catalog.Item
	Name   string
	Dept   string
	Owners []option // banners that may own a league-wide item (通办)
}

func (ui *UI) onlineApplyForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Form.Set("kind", application.Person)
	return ui.onlineRenderApply(w, r, p, http.StatusOK)
}

func (ui *UI) onlineRenderApply(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	it, err := ui.st.Item(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	depts, err := ui.hallDepartments(ctx)
	if err != nil {
		return err
	}
	names := make([]string, len(it.Materials))
	required := map[string]bool{}
	for i, m := range it.Materials {
		names[i] = m.Name
		required[m.Name] = m.Required
	}
	form, err := ui.onlineForm(ctx, p, names, func(n string) bool { return required[n] })
	if err != nil {
		return err
	}
	d := onlineApplyData{onlineForm: form, Item: it, Name: p.Name(it.NameZH, it.NameMN), Dept: depts[it.Department]}
	if it.LeagueWide && len(d.Windows) > 0 {
		league := ui.windowLeague(ctx)
		for _, c := range ui.svc.Regions().Children(league) {
			d.Owners = append(d.Owners, option{c.Code, p.Name(c.Name, c.NameMN)})
		}
	}
	p.Title = p.T("online.apply.title", "item", d.Name)
	p.Data = d
	ui.render(w, status, p, "online_apply")
	return nil
}

// windowLeague is the league of the halls' windows (the tree may start at
// the province).
func (ui *UI) windowLeague(ctx context.Context) string {
	us, err := ui.st.WindowUnits(ctx)
	if err != nil || len(us) == 0 {
		return ""
	}
	return leagueOf(us[0].RegionCode)
}

func (ui *UI) onlineApply(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := parseUploadForm(r, p); err != nil {
		return ui.onlineFormError(w, r, p, err, ui.onlineRenderApply)
	}
	ctx := r.Context()
	it, err := ui.st.Item(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !ui.portal().allow(r, "apply", submitEvery, submitBurst) {
		return fault.New(fault.RateLimited, "too many applications from this address").WithKey("portal.rate_limited", nil)
	}
	names := make([]string, len(it.Materials))
	for i, m := range it.Materials {
		names[i] = m.Name
	}
	ms, err := ui.readUploads(ctx, r, p, names)
	if err != nil {
		return err
	}
	cmd := application.Submit{ItemCode: it.Code, Applicant: onlineApplicant(p), Channel: onlineChannel,
		AcceptUnitID: onlineWindow(p), OwnerRegion: p.Value("owner_region"), Materials: ms}
	if len(p.Errors) > 0 {
		hallCheckID(p, ui.svc.Now())
		p.Message = p.T("error.invalid")
		return ui.onlineRenderApply(w, r, p, http.StatusBadRequest)
	}
	v, err := ui.hall().Submit(ctx, hall.Applicant(cmd.Applicant.IDNumber), cmd, false)
	if err != nil {
		return ui.onlineFormError(w, r, p, err, ui.onlineRenderApply)
	}
	return ui.toApplication(w, r, v.App.No, v.App.Applicant.IDNumber, "submitted")
}

// onlineFormError shows the errors of a refused online form on the form,
// with everything typed and every good file kept.
func (ui *UI) onlineFormError(w http.ResponseWriter, r *http.Request, p *Page, err error,
	render func(http.ResponseWriter, *http.Request, *Page, int) error) error {
	if hallSetErrors(p, "", err) {
		hallCheckID(p, ui.svc.Now())
		if msg := p.Errors["accept_unit_id"]; msg != "" {
			p.Errors[onlineWindowField] = msg
		}
		return render(w, r, p, http.StatusBadRequest)
	}
	fe := fault.As(err)
	if fe == nil {
		return err
	}
	switch fe.Code {
	case fault.Forbidden, fault.TooLarge, fault.Unavailable:
		p.Message = hallErrorText(p, err)
		return render(w, r, p, map[fault.Code]int{fault.Forbidden: 403, fault.TooLarge: 413, fault.Unavailable: 503}[fe.Code])
	}
	return err
}

// toApplication sends the applicant to the page of their application
// with its token; done names the notice to show there.
func (ui *UI) toApplication(w http.ResponseWriter, r *http.Request, no, id, done string) error {
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return err
	}
	redirect(w, r, onlineLink("/online/applications/", no, trackToken(key, no, id), done))
	return nil
}

// onlineLink is the link to an application's or a bundle's page.
func onlineLink(base, no, token, done string) string {
	q := url.Values{"k": {token}}
	if done != "" {
		q.Set("done", done)
	}
	return base + url.PathEscape(no) + "?" + q.Encode()
}

// onlineBundleData is the online form of a bundle.
type onlineBundleData struct {
	onlineForm
	B      application.Bundle
	Name   string
	Fields []hallFormField
}

func (ui *UI) onlineBundleForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Form.Set("kind", application.Enterprise)
	return ui.onlineRenderBundle(w, r, p, http.StatusOK)
}

func (ui *UI) onlineRenderBundle(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	b, err := ui.st.Bundle(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	required, err := ui.bundleRequired(ctx, b)
	if err != nil {
		return err
	}
	form, err := ui.onlineForm(ctx, p, b.SharedMaterials, func(n string) bool { return required[n] })
	if err != nil {
		return err
	}
	d := onlineBundleData{onlineForm: form, B: b, Name: p.Name(b.NameZH, b.NameMN), Fields: hallFormFields(p, b)}
	p.Title = p.T("online.bundle.title", "bundle", d.Name)
	p.Data = d
	ui.render(w, status, p, "online_bundle_apply")
	return nil
}

// bundleRequired tells which shared materials of a bundle some item
// requires.
func (ui *UI) bundleRequired(ctx context.Context, b application.Bundle) (map[string]bool, error) {
	required := map[string]bool{}
	for _, code := range b.Items {
		it, err := ui.st.Item(ctx, code)
		if err != nil {
			return nil, err
		}
		for _, m := range it.Materials {
			required[m.Name] = required[m.Name] || m.Required
		}
	}
	return required, nil
}

func (ui *UI) onlineBundleApply(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := parseUploadForm(r, p); err != nil {
		return ui.onlineFormError(w, r, p, err, ui.onlineRenderBundle)
	}
	ctx := r.Context()
	b, err := ui.st.Bundle(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !ui.portal().allow(r, "apply", submitEvery, submitBurst) {
		return fault.New(fault.RateLimited, "too many applications from this address").WithKey("portal.rate_limited", nil)
	}
	ms, err := ui.readUploads(ctx, r, p, b.SharedMaterials)
	if err != nil {
		return err
	}
	cmd := application.BundleSubmit{Applicant: onlineApplicant(p), Channel: onlineChannel, AcceptUnitID: onlineWindow(p),
		Form: map[string]string{}, Materials: ms}
	for _, f := range b.SharedForm {
		if v := strings.TrimSpace(p.Value("form_" + f.Key)); v != "" {
			cmd.Form[f.Key] = v
		}
	}
	if len(p.Errors) > 0 {
		hallCheckID(p, ui.svc.Now())
		p.Message = p.T("error.invalid")
		return ui.onlineRenderBundle(w, r, p, http.StatusBadRequest)
	}
	bv, err := ui.hall().SubmitBundle(ctx, hall.Applicant(cmd.Applicant.IDNumber), b.Code, cmd, false)
	if err != nil {
		return ui.onlineFormError(w, r, p, err, ui.onlineRenderBundle)
	}
	key, err := ui.trackKey(ctx)
	if err != nil {
		return err
	}
	redirect(w, r, onlineLink("/online/bundle-applications/", bv.No, trackToken(key, bv.No, bv.Parts[0].App.Applicant.IDNumber), "submitted"))
	return nil
}

func (ui *UI) onlineTrackForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("online.track.title")
	ui.render(w, http.StatusOK, p, "online_track")
	return nil
}

// onlineTrack finds an application or a bundle application by its number
// and the applicant's ID number, and sends the applicant to its page.
func (ui *UI) onlineTrack(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Title = p.T("online.track.title")
	p.Form = r.PostForm
	no := strings.ToUpper(strings.TrimSpace(p.Value("no")))
	id := strings.TrimSpace(p.Value("id_number"))
	p.Form.Set("no", no)
	if no == "" {
		p.Errors["no"] = p.T("online.error.no")
	}
	if id == "" {
		p.Errors["id_number"] = p.T("online.error.id_required")
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		ui.render(w, http.StatusBadRequest, p, "online_track")
		return nil
	}
	if !ui.portal().allow(r, "track", trackEvery, trackBurst) {
		return fault.New(fault.RateLimited, "too many look-ups from this address").WithKey("portal.rate_limited", nil)
	}
	c := hall.Applicant(id)
	base := "/online/applications/"
	var owner string
	// A bundle's number, not one of its parts' (YJS…-01).
	if strings.HasPrefix(no, hall.PrefixBundle) && !strings.Contains(no, "-") {
		bv, err := ui.hall().BundleApplication(r.Context(), c, no)
		if err == nil {
			base, owner = "/online/bundle-applications/", bv.Parts[0].App.Applicant.IDNumber
		} else if !notTrackable(err) {
			return err
		}
	} else {
		v, err := ui.hall().Get(r.Context(), c, no)
		if err == nil {
			owner = v.App.Applicant.IDNumber
		} else if !notTrackable(err) {
			return err
		}
	}
	if owner == "" {
		p.Message = p.T("online.track.not_found")
		ui.render(w, http.StatusNotFound, p, "online_track")
		return nil
	}
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return err
	}
	redirect(w, r, onlineLink(base, no, trackToken(key, no, owner), ""))
	return nil
}

// notTrackable reports an error that means "no such application of this
// applicant": a number of the wrong shape, or one that is not theirs.
func notTrackable(err error) bool {
	c := fault.CodeOf(err)
	return c == fault.NotFound || c == fault.Invalid
}
