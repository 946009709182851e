package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/storage"
)

// hallAPI holds what the handlers of the halls need.
type hallAPI struct {
	h  *hall.Service
	st *storage.Store
}

// mountApplications registers the routes of service items, applicants,
// applications, bundles and their measures (issue 5). Routes under
// /api/v1/online and the catalog's reads need no staff sign-in: they serve
// applicants online, who identify themselves on an application with the
// X-Applicant-ID header (the resident ID number or credit code they applied
// with).
func mountApplications(api *API, h *hall.Service, limited func(string, int64, handler), signedInLimited func(string, int64, authed)) {
	x := &hallAPI{h: h, st: api.st}
	route := func(pattern string, f handler) { limited(pattern, MaxBody, f) }
	signedIn := func(pattern string, f authed) { signedInLimited(pattern, MaxBody, f) }
	upload := int64(hall.MaxFileSize + 1<<16)

	// The catalog (事项目录), bundles and windows: public.
	route("GET /api/v1/items", x.listItems)
	route("GET /api/v1/items/{code}", x.getItem)
	route("GET /api/v1/items/{code}/guide", x.itemGuide)
	route("GET /api/v1/departments", x.departments)
	route("GET /api/v1/bundles", x.bundles)
	route("GET /api/v1/bundles/{code}", x.bundle)
	route("GET /api/v1/windows", x.windows)
	route("POST /api/v1/applicants/verify", x.verifyID)
	signedInLimited("POST /api/v1/catalog/import", hall.MaxCatalogFile+1<<16, x.importCatalog)
	signedIn("GET /api/v1/catalog/export", x.exportCatalog)

	// Applicants and their material library (材料库).
	signedIn("PUT /api/v1/applicants/{id}", x.saveApplicant)
	signedIn("GET /api/v1/applicants/{id}", x.getApplicant)
	signedInLimited("POST /api/v1/applicants/{id}/materials", upload, x.addLibraryMaterial)
	signedIn("PUT /api/v1/applicants/{id}/materials/{mid}", x.updateLibraryMaterial)
	signedIn("DELETE /api/v1/applicants/{id}/materials/{mid}", x.deleteLibraryMaterial)
	signedIn("GET /api/v1/applicants/{id}/coverage", x.coverage)

	// Applications at windows and in back offices.
	signedIn("POST /api/v1/applications", x.submit)
	signedIn("GET /api/v1/applications", x.listApplications)
	signedIn("GET /api/v1/applications/{no}", x.getApplication)
	signedIn("POST /api/v1/applications/{no}/correct", x.act(decodeApp[application.Correct]))
	signedIn("POST /api/v1/applications/{no}/resubmit", x.act(decodeApp[application.Resubmit]))
	signedIn("POST /api/v1/applications/{no}/accept", x.act(decodeApp[application.Accept]))
	signedIn("POST /api/v1/applications/{no}/refuse", x.act(decodeApp[application.Refuse]))
	signedIn("POST /api/v1/applications/{no}/review", x.act(decodeApp[application.Review]))
	signedIn("POST /api/v1/applications/{no}/pause", x.act(decodeApp[application.PauseClock]))
	signedIn("POST /api/v1/applications/{no}/resume", x.act(decodeApp[application.ResumeClock]))
	signedIn("POST /api/v1/applications/{no}/approve", x.act(decodeApp[application.Approve]))
	signedIn("POST /api/v1/applications/{no}/deny", x.act(decodeApp[application.Deny]))
	signedIn("POST /api/v1/applications/{no}/issue", x.act(decodeApp[application.Issue]))
	signedIn("POST /api/v1/applications/{no}/deliver", x.act(decodeApp[application.Deliver]))
	signedIn("POST /api/v1/applications/{no}/withdraw", x.act(decodeApp[application.Withdraw]))
	signedIn("POST /api/v1/applications/{no}/verify_ok", x.act(decodeApp[application.VerifyOK]))
	signedIn("POST /api/v1/applications/{no}/verify_failed", x.act(decodeApp[application.VerifyFailed]))
	signedInLimited("POST /api/v1/applications/{no}/materials", upload, x.uploadMaterial)
	signedIn("GET /api/v1/applications/{no}/materials/{sha256}", x.downloadMaterial)
	signedInLimited("POST /api/v1/materials", upload, x.storeFile)
	signedIn("POST /api/v1/bundles/{code}/applications", x.submitBundle)
	signedIn("GET /api/v1/bundle-applications/{no}", x.getBundleApplication)
	signedIn("GET /api/v1/measures/applications", x.measures)

	// Applicants online (一网通办).
	route("POST /api/v1/online/applications", x.onlineSubmit)
	route("GET /api/v1/online/applications", x.onlineList)
	route("GET /api/v1/online/applications/{no}", x.onlineGet)
	route("POST /api/v1/online/applications/{no}/resubmit", x.onlineAct(decodeApp[application.Resubmit]))
	route("POST /api/v1/online/applications/{no}/withdraw", x.onlineAct(decodeApp[application.Withdraw]))
	route("POST /api/v1/online/applications/{no}/rate", x.onlineAct(decodeApp[application.Rate]))
	limited("POST /api/v1/online/applications/{no}/materials", upload, x.onlineUploadMaterial)
	limited("POST /api/v1/online/materials", upload, x.onlineStoreFile)
	route("POST /api/v1/online/bundles/{code}/applications", x.onlineSubmitBundle)
	route("GET /api/v1/online/bundle-applications/{no}", x.onlineGetBundle)
}

// ApplicationResponse is an application as the API returns it: the
// application, the caller's allowed actions, its warning level and, for
// single applications, its live warnings, the warnings recorded and its
// history.
type ApplicationResponse struct {
	Application *application.Application  `json:"application"`
	Warning     string                    `json:"warning,omitempty"`
	Allowed     []string                  `json:"allowed"`
	Warnings    []application.Warning     `json:"warnings,omitempty"`
	Recorded    []storage.RecordedWarning `json:"recorded_warnings,omitempty"`
	History     []HistoryEntry            `json:"history,omitempty"`
}

func applicationResponse(v hall.View) ApplicationResponse {
	resp := ApplicationResponse{Application: v.App, Warning: v.Warning, Allowed: v.Allowed, Warnings: v.Warnings, Recorded: v.Recorded}
	if resp.Allowed == nil {
		resp.Allowed = []string{}
	}
	resp.History = history(v.History)
	return resp
}

func history(events []eventlog.Event) []HistoryEntry {
	var out []HistoryEntry
	for _, e := range events {
		out = append(out, HistoryEntry{Seq: e.Seq, Type: e.Type, At: e.At, ActorID: e.ActorID, UnitID: e.UnitID, Payload: jsonRaw(e.Payload), Hash: e.Hash})
	}
	return out
}

func respondApplication(w http.ResponseWriter, status int, v hall.View) {
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/applications/"+v.App.No)
	}
	etag(w, int(v.App.Version))
	writeJSON(w, status, applicationResponse(v))
}

// ApplicationList is a page of applications.
type ApplicationList struct {
	Applications []ApplicationResponse `json:"applications"`
	NextCursor   string                `json:"next_cursor,omitempty"`
}

// BundleResponse is a bundle application (一件事) with the state derived
// from its parts and, once done, its elapsed working days.
type BundleResponse struct {
	No          string                  `json:"no"`
	Bundle      application.Bundle      `json:"bundle"`
	State       application.BundleState `json:"state"`
	Parts       []ApplicationResponse   `json:"parts"`
	ElapsedDays *float64                `json:"elapsed_days,omitempty"`
	OnTarget    *bool                   `json:"on_target,omitempty"`
}

func respondBundle(w http.ResponseWriter, status int, v hall.BundleView) {
	resp := BundleResponse{No: v.No, Bundle: v.Bundle, State: v.State, Parts: make([]ApplicationResponse, len(v.Parts)),
		ElapsedDays: v.Elapsed, OnTarget: v.OnTarget}
	for i, p := range v.Parts {
		resp.Parts[i] = applicationResponse(p)
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/bundle-applications/"+v.No)
	}
	writeJSON(w, status, resp)
}

// SubmitRequest is the body of a submission. Staff submit at their window
// (channel window, the default); applicants online choose the window that
// will accept and issue (accept_unit_id, see GET /windows) and submit
// through channel online (the default) or app.
type SubmitRequest struct {
	ItemCode     string                 `json:"item_code"`
	Applicant    application.Applicant  `json:"applicant"`
	Channel      application.Channel    `json:"channel,omitempty"`
	AcceptUnitID int64                  `json:"accept_unit_id,omitempty"`
	OwnerRegion  string                 `json:"owner_region,omitempty"`
	Form         map[string]string      `json:"form,omitempty"`
	Materials    []application.Provided `json:"materials,omitempty"`
	ReuseLibrary bool                   `json:"reuse_library,omitempty"`
}

// BundleSubmitRequest is the body of a bundle submission: one form and one
// set of materials for every item of the bundle.
type BundleSubmitRequest struct {
	Applicant    application.Applicant  `json:"applicant"`
	Channel      application.Channel    `json:"channel,omitempty"`
	AcceptUnitID int64                  `json:"accept_unit_id,omitempty"`
	OwnerRegion  string                 `json:"owner_region,omitempty"`
	Form         map[string]string      `json:"form,omitempty"`
	Materials    []application.Provided `json:"materials,omitempty"`
	ReuseLibrary bool                   `json:"reuse_library,omitempty"`
}

func (req SubmitRequest) command(def application.Channel) application.Submit {
	if req.Channel == "" {
		req.Channel = def
	}
	return application.Submit{ItemCode: req.ItemCode, Applicant: req.Applicant, Channel: req.Channel, AcceptUnitID: req.AcceptUnitID,
		OwnerRegion: req.OwnerRegion, Form: req.Form, Materials: req.Materials}
}

func (req BundleSubmitRequest) command(def application.Channel) application.BundleSubmit {
	if req.Channel == "" {
		req.Channel = def
	}
	return application.BundleSubmit{Applicant: req.Applicant, Channel: req.Channel, AcceptUnitID: req.AcceptUnitID,
		OwnerRegion: req.OwnerRegion, Form: req.Form, Materials: req.Materials}
}

func decodeApp[T application.Command](b []byte) (application.Command, error) {
	var c T
	if err := decodeBytes(b, &c); err != nil {
		return nil, err
	}
	return c, nil
}

// applicantCaller reads who an online request is from.
func applicantCaller(r *http.Request) (hall.Caller, error) {
	id := strings.TrimSpace(r.Header.Get("X-Applicant-ID"))
	if id == "" {
		return hall.Caller{}, fault.New(fault.Unauthorized, "send the applicant's resident ID number or credit code in the X-Applicant-ID header")
	}
	return hall.Applicant(id), nil
}

func (x *hallAPI) submit(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	var req SubmitRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	v, err := x.h.Submit(r.Context(), hall.Staff(sub), req.command(application.Window), req.ReuseLibrary)
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusCreated, v)
	return nil
}

func (x *hallAPI) onlineSubmit(w http.ResponseWriter, r *http.Request) error {
	var req SubmitRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	v, err := x.h.Submit(r.Context(), hall.Applicant(req.Applicant.IDNumber), req.command(application.Online), req.ReuseLibrary)
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusCreated, v)
	return nil
}

func (x *hallAPI) submitBundle(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	var req BundleSubmitRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	v, err := x.h.SubmitBundle(r.Context(), hall.Staff(sub), r.PathValue("code"), req.command(application.Window), req.ReuseLibrary)
	if err != nil {
		return err
	}
	respondBundle(w, http.StatusCreated, v)
	return nil
}

func (x *hallAPI) onlineSubmitBundle(w http.ResponseWriter, r *http.Request) error {
	var req BundleSubmitRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	v, err := x.h.SubmitBundle(r.Context(), hall.Applicant(req.Applicant.IDNumber), r.PathValue("code"), req.command(application.Online), req.ReuseLibrary)
	if err != nil {
		return err
	}
	respondBundle(w, http.StatusCreated, v)
	return nil
}

func (x *hallAPI) getApplication(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	v, err := x.h.Get(r.Context(), hall.Staff(sub), r.PathValue("no"))
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusOK, v)
	return nil
}

func (x *hallAPI) onlineGet(w http.ResponseWriter, r *http.Request) error {
	c, err := applicantCaller(r)
	if err != nil {
		return err
	}
	v, err := x.h.Get(r.Context(), c, r.PathValue("no"))
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusOK, v)
	return nil
}

func (x *hallAPI) getBundleApplication(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	v, err := x.h.BundleApplication(r.Context(), hall.Staff(sub), r.PathValue("no"))
	if err != nil {
		return err
	}
	respondBundle(w, http.StatusOK, v)
	return nil
}

func (x *hallAPI) onlineGetBundle(w http.ResponseWriter, r *http.Request) error {
	c, err := applicantCaller(r)
	if err != nil {
		return err
	}
	v, err := x.h.BundleApplication(r.Context(), c, r.PathValue("no"))
	if err != nil {
		return err
	}
	respondBundle(w, http.StatusOK, v)
	return nil
}

// actOn decodes an action's body and takes it for the caller.
func (x *hallAPI) actOn(w http.ResponseWriter, r *http.Request, c hall.Caller, dec func([]byte) (application.Command, error)) error {
	expected, err := ifMatch(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decode(r, nil)
	}
	cmd, err := dec(body)
	if err != nil {
		return err
	}
	v, err := x.h.Act(r.Context(), c, r.PathValue("no"), cmd, int64(expected))
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusOK, v)
	return nil
}

func (x *hallAPI) act(dec func([]byte) (application.Command, error)) authed {
	return func(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
		return x.actOn(w, r, hall.Staff(sub), dec)
	}
}

func (x *hallAPI) onlineAct(dec func([]byte) (application.Command, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := applicantCaller(r)
		if err != nil {
			return err
		}
		return x.actOn(w, r, c, dec)
	}
}

func (x *hallAPI) listApplications(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	f, err := parseApplicationFilter(r, true)
	if err != nil {
		return err
	}
	return x.list(w, r, hall.Staff(sub), f)
}

func (x *hallAPI) onlineList(w http.ResponseWriter, r *http.Request) error {
	c, err := applicantCaller(r)
	if err != nil {
		return err
	}
	f, err := parseApplicationFilter(r, false)
	if err != nil {
		return err
	}
	return x.list(w, r, c, f)
}

func (x *hallAPI) list(w http.ResponseWriter, r *http.Request, c hall.Caller, f storage.ApplicationFilter) error {
	vs, next, err := x.h.List(r.Context(), c, f)
	if err != nil {
		return err
	}
	resp := ApplicationList{Applications: make([]ApplicationResponse, len(vs))}
	for i, v := range vs {
		resp.Applications[i] = applicationResponse(v)
	}
	if next != 0 {
		resp.NextCursor = strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

var appStates = set(application.Submitted, application.Correcting, application.Refused, application.Reviewing, application.Paused,
	application.Approved, application.Denied, application.Issued, application.Delivered, application.Withdrawn, application.Revoked)

// parseApplicationFilter reads the list filters; every bad value is
// reported with the parameter's name. Applicants online get the filters
// that concern one applicant's own applications.
func parseApplicationFilter(r *http.Request, staff bool) (storage.ApplicationFilter, error) {
	q := r.URL.Query()
	var f storage.ApplicationFilter
	var errs fault.List
	known := set("state", "item", "bundle", "channel", "q", "from", "to", "cursor", "limit")
	if staff {
		for k := range set("department", "applicant", "warning", "verify", "accept_unit", "owner_unit", "region", "cross_region") {
			known[k] = true
		}
	}
	for k := range q {
		if !known[k] {
			errs.Add(k, "unknown query parameter")
		}
	}
	if v := q.Get("state"); v != "" {
		for _, s := range strings.Split(v, ",") {
			if !appStates[s] {
				errs.Add("state", "%q is not an application state", s)
			}
			f.States = append(f.States, s)
		}
	}
	f.ItemCode, f.BundleNo, f.Department = q.Get("item"), q.Get("bundle"), q.Get("department")
	if v := q.Get("applicant"); v != "" {
		f.Applicant = applicant.NormalizeResidentID(v)
	}
	if v := q.Get("channel"); v != "" {
		if v != string(application.Window) && v != string(application.Online) && v != string(application.App) {
			errs.Add("channel", "must be window, online or app")
		}
		f.Channel = v
	}
	if v := q.Get("warning"); v != "" {
		if v != application.Yellow && v != application.Red {
			errs.Add("warning", "must be yellow or red")
		}
		f.Warning = v
	}
	if v := q.Get("verify"); v != "" {
		if v != "pending" {
			errs.Add("verify", "must be pending")
		}
		f.VerifyPending = true
	}
	num := func(name string) int64 {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			errs.Add(name, "must be a positive whole number")
		}
		return n
	}
	f.AcceptUnit, f.OwnerUnit, f.Before, f.Limit = num("accept_unit"), num("owner_unit"), num("cursor"), int(num("limit"))
	if f.Limit > 200 {
		errs.Add("limit", "must be at most 200")
	}
	if v := q.Get("region"); v != "" {
		if !validRegion(v) {
			errs.Add("region", "must be a 12-digit division code")
		}
		f.RegionPrefix = access.RegionPrefix(v)
	}
	if v := q.Get("cross_region"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs.Add("cross_region", "must be true or false")
		}
		f.CrossRegion = &b
	}
	f.From, f.To = parseDate(q.Get("from"), "from", &errs), parseDate(q.Get("to"), "to", &errs)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs.Add("to", "must be after from")
	}
	if v := q.Get("q"); len([]rune(v)) > 100 {
		errs.Add("q", "must be at most 100 characters")
	} else {
		f.Text = v
	}
	return f, errs.Err()
}

func validRegion(v string) bool { return len(v) == 12 && strings.Trim(v, "0123456789") == "" }

// parseDate reads a date (2026-11-26, the start of that day in China) or an
// RFC 3339 time.
func parseDate(v, name string, errs *fault.List) time.Time {
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if d, err := time.ParseInLocation("2006-01-02", v, shanghai); err == nil {
		return d
	}
	errs.Add(name, "must be a date (2026-11-26) or an RFC 3339 time")
	return time.Time{}
}

// readFile reads the multipart field file (and the other form fields) of
// an upload; a body over the route's limit is a 413.
func readFile(r *http.Request) (string, []byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, fault.New(fault.TooLarge, "the upload is larger than %d MiB", hall.MaxFileSize>>20)
		}
		return "", nil, fault.Invalidf("file", "the body must be multipart/form-data with a field named file: %v", err)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, fault.Invalidf("file", "a multipart field named file is required")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, hall.MaxFileSize+1))
	if err != nil {
		return "", nil, err
	}
	return hdr.Filename, b, nil
}

func (x *hallAPI) storeFile(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	return x.store(w, r)
}

func (x *hallAPI) onlineStoreFile(w http.ResponseWriter, r *http.Request) error { return x.store(w, r) }

func (x *hallAPI) store(w http.ResponseWriter, r *http.Request) error {
	name, b, err := readFile(r)
	if err != nil {
		return err
	}
	f, err := x.h.StoreFile(r.Context(), name, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (x *hallAPI) uploadMaterial(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	return x.upload(w, r, hall.Staff(sub))
}

func (x *hallAPI) onlineUploadMaterial(w http.ResponseWriter, r *http.Request) error {
	c, err := applicantCaller(r)
	if err != nil {
		return err
	}
	return x.upload(w, r, c)
}

// upload hands in one material's file for an application waiting for
// corrections; a refused file leaves the application unchanged.
func (x *hallAPI) upload(w http.ResponseWriter, r *http.Request, c hall.Caller) error {
	expected, err := ifMatch(r)
	if err != nil {
		return err
	}
	name, b, err := readFile(r)
	if err != nil {
		return err
	}
	material := r.FormValue("material")
	if material == "" {
		return fault.Invalidf("material", "name the material the file is for")
	}
	v, _, err := x.h.UploadMaterial(r.Context(), c, r.PathValue("no"), material, name, b, int64(expected))
	if err != nil {
		return err
	}
	respondApplication(w, http.StatusOK, v)
	return nil
}

func (x *hallAPI) downloadMaterial(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	ct, b, err := x.h.MaterialFile(r.Context(), hall.Staff(sub), r.PathValue("no"), r.PathValue("sha256"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
	return nil
}

// ItemList is a page of items.
type ItemList struct {
	Items      []catalog.Item `json:"items"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

func (x *hallAPI) listItems(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var errs fault.List
	for k := range q {
		if !set("department", "kind", "online_depth", "league_wide", "active", "q", "cursor", "limit")[k] {
			errs.Add(k, "unknown query parameter")
		}
	}
	f := storage.ItemFilter{Department: q.Get("department"), After: q.Get("cursor"), Limit: 50}
	if v := q.Get("kind"); v != "" {
		k, ok := catalog.ParseKind(v)
		if !ok {
			errs.Add("kind", "%q is not a kind of item", v)
		}
		f.Kind = string(k)
	}
	if v := q.Get("online_depth"); v != "" {
		d, ok := catalog.ParseOnlineDepth(v)
		if !ok {
			errs.Add("online_depth", "must be full_online, online_pre_review or window_only")
		}
		f.OnlineDepth = string(d)
	}
	boolean := func(name string) *bool {
		v := q.Get(name)
		if v == "" {
			return nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs.Add(name, "must be true or false")
		}
		return &b
	}
	f.LeagueWide, f.Active = boolean("league_wide"), boolean("active")
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			errs.Add("limit", "must be from 1 to 500")
		}
		f.Limit = n
	}
	if v := q.Get("q"); len([]rune(v)) > 100 {
		errs.Add("q", "must be at most 100 characters")
	} else {
		f.Text = v
	}
	if err := errs.Err(); err != nil {
		return err
	}
	items, next, err := x.st.Items(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []catalog.Item{}
	}
	writeJSON(w, http.StatusOK, ItemList{Items: items, NextCursor: next})
	return nil
}

func (x *hallAPI) getItem(w http.ResponseWriter, r *http.Request) error {
	it, err := x.st.Item(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (x *hallAPI) itemGuide(w http.ResponseWriter, r *http.Request) error {
	g, err := x.h.ItemGuide(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

// DepartmentResponse is a department with the units that handle its items.
type DepartmentResponse struct {
	catalog.Department
	Units []DepartmentUnit `json:"units"`
}

// DepartmentUnit is the unit that handles a department's items for a region.
type DepartmentUnit struct {
	RegionCode string `json:"region_code"`
	UnitID     int64  `json:"unit_id"`
}

func (x *hallAPI) departments(w http.ResponseWriter, r *http.Request) error {
	ds, err := x.st.Departments(r.Context())
	if err != nil {
		return err
	}
	routes, err := x.st.DepartmentUnits(r.Context())
	if err != nil {
		return err
	}
	byDept := map[string][]DepartmentUnit{}
	for _, u := range routes {
		byDept[u.Department] = append(byDept[u.Department], DepartmentUnit{u.RegionCode, u.UnitID})
	}
	out := make([]DepartmentResponse, len(ds))
	for i, d := range ds {
		out[i] = DepartmentResponse{Department: d, Units: byDept[d.Key]}
		if out[i].Units == nil {
			out[i].Units = []DepartmentUnit{}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"departments": out})
	return nil
}

func (x *hallAPI) bundles(w http.ResponseWriter, r *http.Request) error {
	bs, err := x.h.Bundles(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"bundles": bs})
	return nil
}

func (x *hallAPI) bundle(w http.ResponseWriter, r *http.Request) error {
	b, err := x.st.Bundle(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (x *hallAPI) windows(w http.ResponseWriter, r *http.Request) error {
	us, err := x.st.WindowUnits(r.Context())
	if err != nil {
		return err
	}
	if us == nil {
		us = []org.Unit{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"windows": us})
	return nil
}

// VerifyIDRequest asks whether a resident ID number or credit code is valid.
type VerifyIDRequest struct {
	Kind     string `json:"kind"`
	IDNumber string `json:"id_number"`
}

func (x *hallAPI) verifyID(w http.ResponseWriter, r *http.Request) error {
	var req VerifyIDRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	res, err := hall.VerifyID(req.Kind, req.IDNumber, x.h.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// ImportResult reports a catalog import.
type ImportResult struct {
	Imported int `json:"imported"`
}

func (x *hallAPI) importCatalog(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ManageCatalog); err != nil {
		return err
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fault.New(fault.TooLarge, "a catalog file may have at most %d MiB", hall.MaxCatalogFile>>20)
		}
		return fault.Invalidf("file", "the body must be multipart/form-data with a field named file: %v", err)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fault.Invalidf("file", "a multipart field named file is required")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, hall.MaxCatalogFile+1))
	if err != nil {
		return err
	}
	if len(b) > hall.MaxCatalogFile {
		return fault.New(fault.TooLarge, "a catalog file may have at most %d MiB", hall.MaxCatalogFile>>20)
	}
	name := hdr.Filename
	if name == "" || len([]rune(name)) > 200 {
		name = "catalog"
	}
	n, err := x.h.ImportCatalog(r.Context(), sub, name, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ImportResult{Imported: n})
	return nil
}

func (x *hallAPI) exportCatalog(w http.ResponseWriter, r *http.Request, _ storage.Principal, _ access.Subject) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = hall.FormatCSV
	}
	ct := map[string]string{hall.FormatCSV: "text/csv; charset=utf-8", hall.FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format]
	if ct == "" {
		return fault.Invalidf("format", "must be csv or xlsx")
	}
	var buf bytes.Buffer
	if err := x.h.ExportCatalog(r.Context(), &buf, format, r.URL.Query().Get("department")); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="catalog.%s"`, format))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
	return nil
}

// ApplicantRequest records an applicant at a window.
type ApplicantRequest struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
}

// ApplicantResponse is an applicant with their material library.
type ApplicantResponse struct {
	Applicant storage.ApplicantRecord `json:"applicant"`
	Library   []storage.LibraryEntry  `json:"library"`
}

func (x *hallAPI) saveApplicant(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	var req ApplicantRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	a, err := x.h.SaveApplicant(r.Context(), sub, application.Applicant{Kind: req.Kind, Name: req.Name, Phone: req.Phone, IDNumber: r.PathValue("id")})
	if err != nil {
		return err
	}
	lib, err := x.st.Library(r.Context(), a.IDNumber)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ApplicantResponse{Applicant: a, Library: lib})
	return nil
}

func (x *hallAPI) getApplicant(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	a, lib, err := x.h.Applicant(r.Context(), sub, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ApplicantResponse{Applicant: a, Library: lib})
	return nil
}

// LibraryMaterialRequest describes a library document (its file comes in
// the upload).
type LibraryMaterialRequest struct {
	Type      string `json:"type"`
	Issuer    string `json:"issuer,omitempty"`
	Number    string `json:"number,omitempty"`
	ValidFrom string `json:"valid_from,omitempty"` // 2026-01-31
	ValidTo   string `json:"valid_to,omitempty"`   // empty: without expiry (长期)
}

func (req LibraryMaterialRequest) material() (applicant.Material, error) {
	var errs fault.List
	day := func(name, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, shanghai)
		if err != nil {
			errs.Add(name, "must be a date such as 2026-01-31")
		}
		return t
	}
	m := applicant.Material{Type: req.Type, Issuer: req.Issuer, Number: req.Number,
		ValidFrom: day("valid_from", req.ValidFrom), ValidTo: day("valid_to", req.ValidTo)}
	if len([]rune(req.Issuer)) > 200 || len([]rune(req.Number)) > 100 {
		errs.Add("issuer", "the issuer may have 200 characters, the number 100")
	}
	return m, errs.Err()
}

func (x *hallAPI) addLibraryMaterial(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return err
	}
	name, b, err := readFile(r)
	if err != nil {
		return err
	}
	m, err := LibraryMaterialRequest{Type: r.FormValue("type"), Issuer: r.FormValue("issuer"), Number: r.FormValue("number"),
		ValidFrom: r.FormValue("valid_from"), ValidTo: r.FormValue("valid_to")}.material()
	if err != nil {
		return err
	}
	e, err := x.h.AddLibraryMaterial(r.Context(), sub, r.PathValue("id"), m, name, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (x *hallAPI) updateLibraryMaterial(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil || mid < 1 {
		return fault.Invalidf("mid", "must be a positive whole number")
	}
	var req LibraryMaterialRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	m, err := req.material()
	if err != nil {
		return err
	}
	e, err := x.h.UpdateLibraryMaterial(r.Context(), sub, r.PathValue("id"), mid, m)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (x *hallAPI) deleteLibraryMaterial(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil || mid < 1 {
		return fault.Invalidf("mid", "must be a positive whole number")
	}
	if err := x.h.DeleteLibraryMaterial(r.Context(), sub, r.PathValue("id"), mid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (x *hallAPI) coverage(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	item := r.URL.Query().Get("item")
	if item == "" {
		return fault.Invalidf("item", "name the item whose materials to cover")
	}
	c, err := x.h.Coverage(r.Context(), sub, r.PathValue("id"), item)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (x *hallAPI) measures(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	q := r.URL.Query()
	var errs fault.List
	for k := range q {
		if !set("department", "region", "from", "to")[k] {
			errs.Add(k, "unknown query parameter")
		}
	}
	mq := hall.MeasureQuery{Department: q.Get("department"), Region: q.Get("region")}
	if mq.Region != "" && !validRegion(mq.Region) {
		errs.Add("region", "must be a 12-digit division code")
	}
	mq.From, mq.To = parseDate(q.Get("from"), "from", &errs), parseDate(q.Get("to"), "to", &errs)
	if !mq.From.IsZero() && !mq.To.IsZero() && !mq.From.Before(mq.To) {
		errs.Add("to", "must be after from")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	m, err := x.h.Measures(r.Context(), sub, mq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
