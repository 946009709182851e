package web

// The applicants' material libraries at the window (一套资料, once-only,
// DOMAIN.md §5): look an applicant up by resident ID number or credit
// code, record a new one, and fill their library with the licences and
// certificates later applications reuse instead of asking for again —
// uploaded at the window, or taken from a file an application already
// holds (the application page's "store to library" form). Reading takes
// access.ReadApplicants (window clerks and approvers), changing takes
// access.ManageApplicants (window clerks); package hall checks both again.
// Strings come from the library.* messages and the hall.* ones they share
// with the window's forms.

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/storage"
)

// libraryMaxBody is the largest request of the add-document form: a file
// up to twice the size limit is still read whole, so it is refused with an
// error on the file input and everything typed kept; only a larger body is
// cut off.
const libraryMaxBody = 2*hall.MaxFileSize + 1<<20

func init() {
	register("GET /hall/applicants", false, func(ui *UI) handler { return ui.libraryLookup })
	register("POST /hall/applicants", false, func(ui *UI) handler { return ui.libraryCreate })
	register("GET /hall/applicants/{id}", false, func(ui *UI) handler { return ui.libraryApplicant })
	register("POST /hall/applicants/{id}", false, func(ui *UI) handler { return ui.librarySave })
	registerLimited("POST /hall/applicants/{id}/materials", false, libraryMaxBody, func(ui *UI) handler { return ui.libraryAdd })
	register("POST /hall/applicants/{id}/materials/{mid}", false, func(ui *UI) handler { return ui.libraryUpdate })
	register("POST /hall/applicants/{id}/materials/{mid}/delete", false, func(ui *UI) handler { return ui.libraryDelete })
	register("GET /hall/applicants/{id}/materials/{mid}/file", false, func(ui *UI) handler { return ui.libraryFile })
	register("POST /hall/applications/{no}/library", false, func(ui *UI) handler { return ui.libraryFromApplication })
	addNav("/hall/applicants", "library.nav", string(org.WindowClerk))
}

// libraryDone are the notices after a change, by the done= of the redirect.
var libraryDone = map[string]string{"created": "library.done.created", "saved": "library.done.saved",
	"added": "library.done.added", "updated": "library.done.updated", "deleted": "library.done.deleted"}

// applicantPath is the page of an applicant's library.
func applicantPath(id string) string { return "/hall/applicants/" + url.PathEscape(id) }

// libraryLookupData is the look-up page: the ID check's mark, and whether
// a valid ID number has no record yet.
type libraryLookupData struct {
	Mark      *idMark
	Unknown   bool
	CanManage bool
}

func (ui *UI) libraryLookup(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ReadApplicants); err != nil {
		return err
	}
	p.Form = r.URL.Query()
	if p.Value("kind") == "" {
		p.Form.Set("kind", application.Person)
	}
	id := strings.TrimSpace(p.Value("id_number"))
	if id == "" {
		return ui.libraryRenderLookup(w, p, false, http.StatusOK)
	}
	chk, ok := libraryCheckID(p, ui.hall().Now())
	if !ok {
		return ui.libraryRenderLookup(w, p, false, http.StatusBadRequest)
	}
	_, _, err := ui.hall().Applicant(r.Context(), p.subject(), chk.IDNumber)
	switch {
	case err == nil:
		redirect(w, r, applicantPath(chk.IDNumber))
		return nil
	case fault.CodeOf(err) != fault.NotFound:
		return err
	}
	p.Form.Set("id_number", chk.IDNumber)
	return ui.libraryRenderLookup(w, p, true, http.StatusOK)
}

// libraryCheckID verifies the typed ID number or credit code and puts a
// failure on the form with its position, as the window's start form does.
func libraryCheckID(p *Page, now time.Time) (hall.IDCheck, bool) {
	chk, err := hall.VerifyID(p.Value("kind"), p.Value("id_number"), now)
	if err != nil {
		p.Errors["kind"] = p.T("error.field", "field", p.T("hall.field.kind"))
		return chk, false
	}
	if !chk.Valid {
		p.Errors["id_number"] = hallIDText(p, chk)
		return chk, false
	}
	return chk, true
}

func (ui *UI) libraryRenderLookup(w http.ResponseWriter, p *Page, unknown bool, status int) error {
	p.Title = p.T("library.lookup.title")
	p.Data = libraryLookupData{Mark: hallIDMark(p.Value("kind"), p.Value("id_number"), ui.hall().Now()), Unknown: unknown,
		CanManage: access.Can(p.subject(), access.ManageApplicants)}
	ui.render(w, status, p, "hall_applicants")
	return nil
}

// libraryCreate records a new applicant from the look-up page.
func (ui *UI) libraryCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	rec, err := ui.hall().SaveApplicant(r.Context(), p.subject(), hallApplicant(p))
	if err != nil {
		if hallSetErrors(p, "", err) {
			_, valid := libraryCheckID(p, ui.hall().Now())
			return ui.libraryRenderLookup(w, p, valid, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, applicantPath(rec.IDNumber)+"?done=created")
	return nil
}

// libraryData is an applicant's page: the record and the library.
type libraryData struct {
	A         storage.ApplicantRecord
	Rows      []libraryRow
	Types     []option
	CanManage bool
	Limit     int    // the file size limit in MiB
	Open      string // the prefix of the entry form that has errors
	FileAgain bool   // a good file was chosen but the form had errors
}

// libraryRow is a library document as the table shows it; its edit form's
// fields are named Prefix_field.
type libraryRow struct {
	storage.LibraryEntry
	TypeName string
	State    string // valid, expired or pending on today's date
	Validity string
	Prefix   string
}

func (ui *UI) libraryApplicant(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ReadApplicants); err != nil {
		return err
	}
	if msg := libraryDone[r.URL.Query().Get("done")]; msg != "" {
		p.Notice = p.T(msg)
	}
	return ui.libraryRender(w, r, p, libraryData{}, http.StatusOK)
}

// libraryRender shows an applicant's page; d carries what a refused form
// wants shown (Open, FileAgain). Every form not being re-shown is filled
// with what is stored.
func (ui *UI) libraryRender(w http.ResponseWriter, r *http.Request, p *Page, d libraryData, status int) error {
	ctx := r.Context()
	a, lib, err := ui.hall().Applicant(ctx, p.subject(), r.PathValue("id"))
	if err != nil {
		return err
	}
	types, err := ui.hall().LibraryDocTypes(ctx)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(types))
	for _, t := range types {
		names[t.Type] = t.Name
		d.Types = append(d.Types, option{t.Type, t.Name})
	}
	d.A, d.CanManage, d.Limit = a, access.Can(p.subject(), access.ManageApplicants), hall.MaxFileSize>>20
	fill := func(name, v string) {
		if _, ok := p.Form[name]; !ok {
			p.Form.Set(name, v)
		}
	}
	fill("name", a.Name)
	fill("phone", a.Phone)
	today := ui.hall().Now()
	for _, e := range lib {
		row := libraryRow{LibraryEntry: e, TypeName: names[e.Type], State: libraryState(e.Material, today),
			Validity: libraryValidity(p, e.Material), Prefix: fmt.Sprintf("e%d", e.ID)}
		if row.TypeName == "" {
			row.TypeName = e.Type
		}
		if d.Open != row.Prefix {
			fill(row.Prefix+"_issuer", e.Issuer)
			fill(row.Prefix+"_number", e.Number)
			fill(row.Prefix+"_valid_from", p.Date(e.ValidFrom))
			fill(row.Prefix+"_valid_to", p.Date(e.ValidTo))
		}
		d.Rows = append(d.Rows, row)
	}
	p.Title = p.T("library.applicant.title", "name", a.Name)
	p.Data = d
	ui.render(w, status, p, "hall_applicant")
	return nil
}

// libraryState is a document's validity on the day: valid, expired, or not
// yet valid (pending).
func libraryState(m applicant.Material, now time.Time) string {
	switch {
	case m.ValidOn(now):
		return "valid"
	case !m.ValidFrom.IsZero() && now.Before(m.ValidFrom):
		return "pending"
	}
	return "expired"
}

// libraryValidity describes a document's validity: from–to, to a day, or
// long-term (长期).
func libraryValidity(p *Page, m applicant.Material) string {
	from, to := p.Date(m.ValidFrom), p.Date(m.ValidTo)
	switch {
	case from != "" && to != "":
		return p.T("library.validity.from_to", "from", from, "to", to)
	case to != "":
		return p.T("library.validity.to", "to", to)
	case from != "":
		return p.T("library.validity.from_long", "from", from)
	}
	return p.T("library.validity.long")
}

// librarySave changes an applicant's name and phone.
func (ui *UI) librarySave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	ctx := r.Context()
	a, _, err := ui.hall().Applicant(ctx, p.subject(), r.PathValue("id"))
	if err != nil {
		return err
	}
	a.Name, a.Phone = strings.TrimSpace(p.Value("name")), strings.TrimSpace(p.Value("phone"))
	if _, err := ui.hall().SaveApplicant(ctx, p.subject(), a.Applicant); err != nil {
		if hallSetErrors(p, "", err) {
			return ui.libraryRender(w, r, p, libraryData{}, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, applicantPath(a.IDNumber)+"?done=saved")
	return nil
}

// libraryDates reads a validity from a form: dates as an <input
// type="date"> sends them, in China's time zone; an empty valid-to is
// long-term. A date that does not parse is a field error.
func libraryDates(p *Page, prefix string, m *applicant.Material, errs *fault.List) {
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"valid_from", &m.ValidFrom}, {"valid_to", &m.ValidTo}} {
		field := f.name
		if prefix != "" {
			field = prefix + "_" + f.name
		}
		v := strings.TrimSpace(p.Value(field))
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", v, alxa)
		if err != nil {
			*errs = append(*errs, fault.Invalidf(f.name, "%q is not a date (2026-01-31)", v).WithKey("library.err.date", nil))
			continue
		}
		*f.t = d
	}
}

// libraryDescription reads the typed description of a document.
func libraryDescription(p *Page, prefix string, errs *fault.List) applicant.Material {
	get := func(name string) string {
		if prefix != "" {
			name = prefix + "_" + name
		}
		return strings.TrimSpace(p.Value(name))
	}
	m := applicant.Material{Type: get("type"), Issuer: get("issuer"), Number: get("number")}
	libraryDates(p, prefix, &m, errs)
	return m
}

// libraryCheck adds the domain's checks of a document to the form's own.
func libraryCheck(errs *fault.List, m applicant.Material, name string, b []byte) error {
	err := hall.CheckLibraryMaterial(m, name, b)
	var l fault.List
	switch {
	case err == nil:
	case errors.As(err, &l):
		*errs = append(*errs, l...)
	default:
		return err
	}
	return nil
}

// libraryAdd adds an uploaded document to an applicant's library. Every
// problem — the file's and the description's — is shown at once and
// nothing is stored until all are fixed.
func (ui *UI) libraryAdd(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	d := libraryData{Open: "add"}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if !errors.As(err, &mbe) {
			return fault.Invalidf("form", "%v", err)
		}
		// Cut off: what was typed is lost with the body.
		p.Form = url.Values{}
		p.Errors["file"] = p.T("library.err.too_large", "limit", hall.MaxFileSize>>20)
		p.Message = p.T("error.invalid") + " " + p.Errors["file"]
		return ui.libraryRender(w, r, p, d, http.StatusRequestEntityTooLarge)
	}
	p.Form = r.MultipartForm.Value
	var errs fault.List
	m := libraryDescription(p, "", &errs)
	var name string
	var b []byte
	if fh := formFile(r, "file"); fh == nil {
		errs = append(errs, fault.Invalidf("file", "choose the document's file").WithKey("library.err.file_required", nil))
	} else {
		var err error
		if b, err = readFormFile(fh); err != nil {
			return err
		}
		name = fh.Filename
	}
	if err := libraryCheck(&errs, m, name, b); err != nil {
		return err
	}
	err := errs.Err()
	if err == nil {
		_, err = ui.hall().AddLibraryMaterial(r.Context(), p.subject(), r.PathValue("id"), m, name, b)
	}
	if err != nil {
		if hallSetErrors(p, "", err) {
			d.FileAgain = b != nil && p.Errors["file"] == ""
			return ui.libraryRender(w, r, p, d, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, applicantPath(applicant.NormalizeResidentID(r.PathValue("id")))+"?done=added")
	return nil
}

// libraryEntry finds a document of the applicant's library by the {mid}
// of the path.
func (ui *UI) libraryEntry(r *http.Request, p *Page) (storage.LibraryEntry, error) {
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil {
		return storage.LibraryEntry{}, fault.NotFoundf("no library material %q", r.PathValue("mid"))
	}
	_, lib, err := ui.hall().Applicant(r.Context(), p.subject(), r.PathValue("id"))
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	for _, e := range lib {
		if e.ID == mid {
			return e, nil
		}
	}
	return storage.LibraryEntry{}, fault.NotFoundf("library material %d not found", mid)
}

// libraryUpdate changes a document's issuer, number and validity; its type
// and file stay.
func (ui *UI) libraryUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	e, err := ui.libraryEntry(r, p)
	if err != nil {
		return err
	}
	prefix := fmt.Sprintf("e%d", e.ID)
	var errs fault.List
	m := libraryDescription(p, prefix, &errs)
	m.Type = e.Type
	if err := libraryCheck(&errs, m, "", nil); err != nil {
		return err
	}
	err = errs.Err()
	if err == nil {
		_, err = ui.hall().UpdateLibraryMaterial(r.Context(), p.subject(), r.PathValue("id"), e.ID, m)
	}
	if err != nil {
		if hallSetErrors(p, prefix, err) {
			return ui.libraryRender(w, r, p, libraryData{Open: prefix}, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, applicantPath(applicant.NormalizeResidentID(r.PathValue("id")))+"?done=updated")
	return nil
}

// libraryDelete removes a document from the library; applications that
// took it keep their copy.
func (ui *UI) libraryDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil {
		return fault.NotFoundf("no library material %q", r.PathValue("mid"))
	}
	if err := ui.hall().DeleteLibraryMaterial(r.Context(), p.subject(), r.PathValue("id"), mid); err != nil {
		return err
	}
	redirect(w, r, applicantPath(applicant.NormalizeResidentID(r.PathValue("id")))+"?done=deleted")
	return nil
}

// libraryFile serves a library document's file as a download.
func (ui *UI) libraryFile(w http.ResponseWriter, r *http.Request, p *Page) error {
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil {
		return fault.NotFoundf("no library material %q", r.PathValue("mid"))
	}
	e, b, err := ui.hall().LibraryFile(r.Context(), p.subject(), r.PathValue("id"), mid)
	if err != nil {
		return err
	}
	serveFile(w, e.FileName, e.ContentType, b)
	return nil
}

// serveFile sends a stored material file as a download: its stored type,
// never rendered inline (the type was detected from the content when it
// was stored), and not kept by caches since it is personal.
func serveFile(w http.ResponseWriter, name, contentType string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if cd == "" {
		cd = "attachment"
	}
	h.Set("Content-Disposition", cd)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	w.Write(b)
}

// libraryOffer is a material of an application whose file may go to the
// applicant's library: reusable, with a document type, and a file held.
type libraryOffer struct {
	Row       int // the material's index in the item, naming the form's fields lib{Row}_…
	Name      string
	InLibrary bool
}

// libraryOffers lists the application's files the viewer may store in the
// applicant's library, for the application page; none for a viewer who
// may not change libraries.
func (ui *UI) libraryOffers(r *http.Request, p *Page, a *application.Application) ([]libraryOffer, error) {
	if !access.Can(p.subject(), access.ManageApplicants) {
		return nil, nil
	}
	_, lib, err := ui.hall().Applicant(r.Context(), p.subject(), a.Applicant.IDNumber)
	if err != nil && fault.CodeOf(err) != fault.NotFound {
		return nil, err
	}
	var out []libraryOffer
	for i, req := range a.Item.Materials {
		if !req.Reusable || req.DocType == "" {
			continue
		}
		for _, pm := range a.Materials {
			if pm.Name != req.Name || pm.SHA256 == "" {
				continue
			}
			o := libraryOffer{Row: i, Name: req.Name}
			for _, e := range lib {
				o.InLibrary = o.InLibrary || e.SHA256 == pm.SHA256
			}
			out = append(out, o)
			break
		}
	}
	return out, nil
}

// libraryFromApplication stores the file an application holds for a
// material in the applicant's library; the form of material row i names
// its fields lib{i}_issuer, lib{i}_number and lib{i}_valid_to.
func (ui *UI) libraryFromApplication(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := access.Require(p.subject(), access.ManageApplicants); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	no := r.PathValue("no")
	row, err := strconv.Atoi(p.Value("row"))
	if err != nil || row < 0 {
		return fault.Invalidf("row", "%q is not a material row", p.Value("row"))
	}
	prefix := fmt.Sprintf("lib%d", row)
	var errs fault.List
	m := libraryDescription(p, prefix, &errs)
	if err = errs.Err(); err == nil {
		_, err = ui.hall().LibraryFromApplication(r.Context(), p.subject(), no, p.Value("material"), m)
	}
	if err != nil {
		if hallSetErrors(p, prefix, err) {
			return ui.hallRenderApp(w, r, p, http.StatusBadRequest)
		}
		if fault.CodeOf(err) == fault.Conflict {
			p.Message = hallErrorText(p, err)
			return ui.hallRenderApp(w, r, p, http.StatusConflict)
		}
		return err
	}
	redirect(w, r, "/hall/applications/"+url.PathEscape(no)+"?done=library")
	return nil
}
