package web

// "One thing" bundles at the window (一件事一次办): one form and one set
// of materials start every part of a bundle (enterprise opening: seven
// items in seven back offices); the bundle page shows the state derived
// from all parts and lets the window accept every part that is complete.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
)

func init() {
	register("GET /hall/window/bundles/{code}", false, func(ui *UI) handler { return ui.hallBundleForm })
	register("POST /hall/window/bundles/{code}", false, func(ui *UI) handler { return ui.hallBundleStart })
	register("GET /hall/bundles/{no}", false, func(ui *UI) handler { return ui.hallBundle })
	register("POST /hall/bundles/{no}/accept", false, func(ui *UI) handler { return ui.hallBundleAccept })
}

type hallBundleFormData struct {
	B         application.Bundle
	Name      string
	Fields    []hallFormField
	Materials []string
	Checked   map[string]bool
	Mark      *idMark
}

type hallFormField struct {
	Name, Label string // form field and message ID
	Required    bool
}

// hallFormLabel is the message of a bundle's form field: the catalog's
// when it has one, else the bundle's Chinese label.
func hallFormLabel(p *Page, f application.FormField) string {
	if id := "bundle.form." + f.Key; p.ui.cat.Has(p.Lang, id) {
		return p.T(id)
	}
	return f.LabelZH
}

// hallFormFields are the inputs of a bundle's shared form (form_KEY).
func hallFormFields(p *Page, b application.Bundle) []hallFormField {
	out := make([]hallFormField, 0, len(b.SharedForm))
	for _, f := range b.SharedForm {
		out = append(out, hallFormField{Name: "form_" + f.Key, Label: hallFormLabel(p, f), Required: f.Required})
	}
	return out
}

func (ui *UI) hallBundleForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	p.Form.Set("kind", application.Enterprise)
	p.Form.Set("reuse", "1")
	return ui.hallRenderBundleForm(w, r, p, http.StatusOK)
}

func (ui *UI) hallRenderBundleForm(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	b, err := ui.st.Bundle(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	d := hallBundleFormData{B: b, Name: p.Name(b.NameZH, b.NameMN), Materials: b.SharedMaterials, Checked: map[string]bool{}}
	d.Fields = hallFormFields(p, b)
	for _, n := range p.Form["handed"] {
		d.Checked[n] = true
	}
	d.Mark = hallIDMark(p.Value("kind"), p.Value("id_number"), ui.svc.Now())
	p.Title = p.T("bundle.start.title", "bundle", d.Name)
	p.Data = d
	ui.render(w, status, p, "hall_bundle_start")
	return nil
}

func (ui *UI) hallBundleStart(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	cmd := application.BundleSubmit{Applicant: hallApplicant(p), Channel: application.Window, Form: map[string]string{}}
	for k := range p.Form {
		if key, ok := strings.CutPrefix(k, "form_"); ok {
			if v := strings.TrimSpace(p.Form.Get(k)); v != "" {
				cmd.Form[key] = v
			}
		}
	}
	for _, n := range p.Form["handed"] {
		cmd.Materials = append(cmd.Materials, application.Provided{Name: n, Source: application.SourceHanded})
	}
	bv, err := ui.hall().SubmitBundle(r.Context(), hallCaller(p), r.PathValue("code"), cmd, p.Value("reuse") != "")
	if err != nil {
		if hallSetErrors(p, "", err) {
			hallCheckID(p, ui.svc.Now())
			return ui.hallRenderBundleForm(w, r, p, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, "/hall/bundles/"+url.PathEscape(bv.No))
	return nil
}

type hallBundleData struct {
	V       hall.BundleView
	Name    string
	Rows    []hallRow
	Elapsed string
	Accept  bool // some part may be accepted by the viewer
}

func (ui *UI) hallBundle(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, hallRoles...); err != nil {
		return err
	}
	v, err := ui.hall().BundleApplication(r.Context(), hallCaller(p), r.PathValue("no"))
	if err != nil {
		return err
	}
	d := hallBundleData{V: v, Name: p.Name(v.Bundle.NameZH, v.Bundle.NameMN), Rows: hallRows(r.Context(), p, v.Parts)}
	for _, part := range v.Parts {
		for _, a := range part.Allowed {
			if a == application.ActAccept {
				d.Accept = true
			}
		}
	}
	if v.Elapsed != nil {
		d.Elapsed = fmt.Sprintf("%.2f", *v.Elapsed)
	}
	switch q := r.URL.Query(); {
	case q.Get("accepted") != "":
		p.Notice = p.T("bundle.accepted", "n", q.Get("accepted"))
		if f := q.Get("failed"); f != "" {
			p.Message = p.T("bundle.accept_failed", "parts", f)
		}
	}
	p.Title = p.T("bundle.title", "bundle", d.Name, "no", v.No)
	p.Data = d
	ui.render(w, http.StatusOK, p, "hall_bundle")
	return nil
}

// hallBundleAccept accepts every part of a bundle that the window may
// accept and that is complete; the parts that lack materials stay for a
// correction notice, named on the bundle page.
func (ui *UI) hallBundleAccept(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	no := r.PathValue("no")
	v, err := ui.hall().BundleApplication(r.Context(), hallCaller(p), no)
	if err != nil {
		return err
	}
	n := 0
	var failed []string
	for _, part := range v.Parts {
		allowed := false
		for _, a := range part.Allowed {
			allowed = allowed || a == application.ActAccept
		}
		if !allowed {
			continue
		}
		if _, err := ui.hall().Act(r.Context(), hallCaller(p), part.App.No, application.Accept{}, part.App.Version); err != nil {
			if fault.CodeOf(err) != fault.Invalid && fault.CodeOf(err) != fault.Conflict {
				return err
			}
			failed = append(failed, part.App.No)
			continue
		}
		n++
	}
	q := url.Values{"accepted": {fmt.Sprint(n)}}
	if len(failed) > 0 {
		q.Set("failed", strings.Join(failed, ", "))
	}
	redirect(w, r, "/hall/bundles/"+url.PathEscape(no)+"?"+q.Encode())
	return nil
}
