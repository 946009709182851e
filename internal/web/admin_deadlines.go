package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

func init() {
	register("GET /admin/deadlines", false, func(ui *UI) handler { return ui.adminDeadlines })
	register("POST /admin/deadlines", false, func(ui *UI) handler { return ui.adminDeadlineSet })
	register("POST /admin/deadlines/delete", false, func(ui *UI) handler { return ui.adminDeadlineDelete })
}

// limitFields are the time limits of an override in form order, with the
// form field names storage.DeadlineOverride.Validate reports.
var limitFields = []string{"dispatch_hours", "sign_days", "urgent_sign_hours", "reply_days", "urgent_reply_hours", "callback_days", "rehandle_days"}

func limitValues(l workorder.Limits) []int {
	return []int{l.DispatchHours, l.SignDays, l.UrgentSignHours, l.ReplyDays, l.UrgentReplyHours, l.CallbackDays, l.RehandleDays}
}

type deadlinesPage struct {
	Rows       []overrideRow
	Categories []option
	Urgencies  []option
	Fields     []string
}

type overrideRow struct {
	Category, CategoryName, Urgency, UrgencyLabel string
	Values                                        []int
}

func (ui *UI) renderDeadlines(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	ovs, err := ui.st.DeadlineOverrides(ctx)
	if err != nil {
		return err
	}
	cs, err := ui.st.Categories(ctx)
	if err != nil {
		return err
	}
	d := deadlinesPage{Fields: limitFields,
		Urgencies: []option{{"normal", p.T("admin.urgency.normal")}, {"urgent", p.T("admin.urgency.urgent")}}}
	for _, o := range ovs {
		d.Rows = append(d.Rows, overrideRow{o.Category, categoryPath(p, cs, o.Category), o.Urgency,
			p.T("admin.urgency." + o.Urgency), limitValues(o.Limits)})
	}
	tree := buildCategoryTree(p, cs)
	for _, o := range tree.Parents[1:] { // the first two levels, active
		d.Categories = append(d.Categories, o)
	}
	for _, c := range cs { // and the third, listed under their parents
		if c.Active && strings.Count(c.Code, ".") == 2 {
			d.Categories = append(d.Categories, option{c.Code, "\u3000\u3000" + p.Name(c.NameZH, c.NameMN) + " " + c.Code})
		}
	}
	sortOptionsByCode(d.Categories)
	if p.Value("urgency") == "" {
		p.Form.Set("urgency", "normal")
	}
	if p.Value(limitFields[0]) == "" {
		for i, v := range limitValues(workorder.DefaultPolicy{}.Limits(workorder.TypeComplaint, "", workorder.UrgencyNormal)) {
			p.Form.Set(limitFields[i], strconv.Itoa(v))
		}
	}
	p.Title = p.T("admin.deadlines.title")
	p.Data = d
	ui.render(w, status, p, "admin_deadlines")
	return nil
}

// sortOptionsByCode puts category options in code order, which is tree
// order: every code starts with its parent's.
func sortOptionsByCode(os []option) {
	slices.SortStableFunc(os, func(a, b option) int { return strings.Compare(a.Value, b.Value) })
}

func (ui *UI) adminDeadlines(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageDeadlines); err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("saved") != "":
		p.Notice = p.T("admin.saved")
	case q.Get("deleted") != "":
		p.Notice = p.T("admin.deadlines.deleted")
	}
	// ?category=&urgency= fills the form with an override to change it.
	if c, u := q.Get("category"), q.Get("urgency"); c != "" {
		ovs, err := ui.st.DeadlineOverrides(r.Context())
		if err != nil {
			return err
		}
		for _, o := range ovs {
			if o.Category == c && o.Urgency == u {
				p.Form = url.Values{"category": {c}, "urgency": {u}}
				for i, v := range limitValues(o.Limits) {
					p.Form.Set(limitFields[i], strconv.Itoa(v))
				}
			}
		}
	}
	return ui.renderDeadlines(w, r, p, http.StatusOK)
}

var overrideFields = map[string]string{"category": "category", "urgency": "urgency", "dispatch_hours": "dispatch_hours",
	"sign_days": "sign_days", "urgent_sign_hours": "urgent_sign_hours", "reply_days": "reply_days",
	"urgent_reply_hours": "urgent_reply_hours", "callback_days": "callback_days", "rehandle_days": "rehandle_days"}

func (ui *UI) adminDeadlineSet(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageDeadlines); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	ctx := r.Context()
	p.Form.Set("category", r.PostForm.Get("category"))
	p.Form.Set("urgency", r.PostForm.Get("urgency"))
	vals := make([]int, len(limitFields))
	for i, f := range limitFields {
		p.Form.Set(f, strings.TrimSpace(r.PostForm.Get(f)))
		if n, ok := formInt(p.Value(f)); ok && n >= -1<<31 && n < 1<<31 {
			vals[i] = int(n)
		}
	}
	o := storage.DeadlineOverride{Category: p.Value("category"), Urgency: p.Value("urgency"), Limits: workorder.Limits{
		DispatchHours: vals[0], SignDays: vals[1], UrgentSignHours: vals[2], ReplyDays: vals[3],
		UrgentReplyHours: vals[4], CallbackDays: vals[5], RehandleDays: vals[6]}}
	if o.Category != "" {
		if ok, err := ui.st.CategoryExists(ctx, o.Category); err != nil {
			return err
		} else if !ok {
			p.Errors["category"] = p.T("admin.deadline.error.category")
		}
	}
	err := o.Validate()
	if err == nil && len(p.Errors) == 0 {
		err = ui.st.SetDeadlineOverride(ctx, o)
	}
	if err != nil && !p.formErrors(err, "admin.deadline.error.", overrideFields) {
		return err
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		return ui.renderDeadlines(w, r, p, http.StatusBadRequest)
	}
	if err := ui.svc.ReloadPolicy(ctx); err != nil {
		return err
	}
	redirect(w, r, "/admin/deadlines?saved=1")
	return nil
}

func (ui *UI) adminDeadlineDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageDeadlines); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	if err := ui.st.DeleteDeadlineOverride(r.Context(), r.PostForm.Get("category"), r.PostForm.Get("urgency")); err != nil {
		return err
	}
	if err := ui.svc.ReloadPolicy(r.Context()); err != nil {
		return err
	}
	redirect(w, r, "/admin/deadlines?deleted=1")
	return nil
}
