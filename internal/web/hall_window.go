package web

// The comprehensive window's desk (/hall/window, 前台综合受理): find any
// item of the catalog, start an application for it or for a bundle, and
// work the window's queue — applications to accept, results returned from
// back offices to issue (统一窗口出件, 通办 ones included), results to
// deliver.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/storage"
)

func init() {
	register("GET /hall/window", false, func(ui *UI) handler { return ui.hallWindow })
	register("GET /hall/window/items/{code}", false, func(ui *UI) handler { return ui.hallStartForm })
	register("POST /hall/window/items/{code}", false, func(ui *UI) handler { return ui.hallStart })
}

// hallQueues are the window's tabs and the states each lists.
var hallQueues = []struct {
	Key    string
	States []string
}{
	{"accept", []string{string(application.Submitted), string(application.Correcting)}},
	{"issue", []string{string(application.Approved)}},
	{"deliver", []string{string(application.Issued)}},
}

type hallWindowData struct {
	Q        string
	Items    []hallItem
	Searched bool
	Bundles  []hallBundleRef
	Tabs     []deskTab
	Tab      string
	Rows     []hallRow
}

type hallItem struct {
	Code, Name, Dept string
	Depth            catalog.OnlineDepth
	LeagueWide       bool
}

type hallBundleRef struct {
	Code, Name string
	Items      int
	TargetDays int
}

func (ui *UI) hallWindow(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	ctx := r.Context()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := hallWindowData{Q: q}
	p.Form.Set("q", q)
	if q != "" {
		active := true
		its, _, err := ui.st.Items(ctx, storage.ItemFilter{Text: q, Active: &active, Limit: 30})
		if err != nil {
			return err
		}
		d.Searched = true
		depts, err := ui.hallDepartments(ctx)
		if err != nil {
			return err
		}
		for _, it := range its {
			d.Items = append(d.Items, hallItem{Code: it.Code, Name: p.Name(it.NameZH, it.NameMN), Dept: depts[it.Department],
				Depth: it.OnlineDepth, LeagueWide: it.LeagueWide})
		}
	}
	bs, err := ui.hall().Bundles(ctx)
	if err != nil {
		return err
	}
	for _, b := range bs {
		d.Bundles = append(d.Bundles, hallBundleRef{Code: b.Code, Name: p.Name(b.NameZH, b.NameMN), Items: len(b.Items), TargetDays: b.TargetDays})
	}
	d.Tab = r.URL.Query().Get("tab")
	i := slices.IndexFunc(hallQueues, func(q struct {
		Key    string
		States []string
	}) bool {
		return q.Key == d.Tab
	})
	if i < 0 {
		i, d.Tab = 0, hallQueues[0].Key
	}
	for _, t := range hallQueues {
		d.Tabs = append(d.Tabs, deskTab{Key: t.Key, Label: p.T("hall.queue." + t.Key), URL: "/hall/window?tab=" + t.Key, Current: t.Key == d.Tab})
	}
	vs, _, err := ui.hall().List(ctx, hallCaller(p), storage.ApplicationFilter{States: hallQueues[i].States,
		AcceptUnit: p.Principal.Unit.ID, Limit: 50})
	if err != nil {
		return err
	}
	d.Rows = hallRows(ctx, p, vs)
	p.Title = p.T("hall.window.title")
	p.Data = d
	ui.render(w, http.StatusOK, p, "hall_window")
	return nil
}

// hallDepartments maps department keys to their names.
func (ui *UI) hallDepartments(ctx context.Context) (map[string]string, error) {
	ds, err := ui.st.Departments(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(ds))
	for _, d := range ds {
		m[d.Key] = d.NameZH
	}
	return m, nil
}

// hallStartData is the start form of an application at the window.
type hallStartData struct {
	Item     catalog.Item
	Name     string
	Dept     string
	Owners   []option // banners that may own a league-wide item (通办)
	Rows     []hallMaterialRow
	Checked  map[string]bool
	Mark     *idMark
	Checked2 bool // the library was looked up
	Known    bool // the applicant is known
}

// hallMaterialRow is a material of an item with what the applicant's
// library does for it.
type hallMaterialRow struct {
	Index int
	catalog.MaterialReq
	Library bool // a valid library document supplies it (一套资料)
	Stale   bool // the library holds one, but not valid today
}

func (ui *UI) hallStartForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	p.Form = r.URL.Query()
	if p.Form.Get("kind") == "" {
		p.Form.Set("kind", application.Person)
	}
	if p.Form.Get("reuse") == "" && p.Form.Get("check") == "" {
		p.Form.Set("reuse", "1")
	}
	return ui.hallRenderStart(w, r, p, http.StatusOK)
}

func (ui *UI) hallRenderStart(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	it, err := ui.st.Item(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	depts, err := ui.hallDepartments(ctx)
	if err != nil {
		return err
	}
	d := hallStartData{Item: it, Name: p.Name(it.NameZH, it.NameMN), Dept: depts[it.Department], Checked: map[string]bool{}}
	for _, n := range p.Form["handed"] {
		d.Checked[n] = true
	}
	if it.LeagueWide {
		league := p.Principal.Unit.RegionCode[:4] + "00000000"
		for _, c := range ui.svc.Regions().Children(league) {
			d.Owners = append(d.Owners, option{c.Code, p.Name(c.Name, c.NameMN)})
		}
	}
	var cov applicant.Coverage
	if id := p.Value("id_number"); id != "" {
		if _, _, err := ui.hall().Applicant(ctx, p.subject(), id); err == nil {
			d.Known = true
		}
		if c, err := ui.hall().Coverage(ctx, p.subject(), id, it.Code); err == nil {
			cov, d.Checked2 = c, true
		}
		if d.Mark = hallIDMark(p.Value("kind"), id, ui.svc.Now()); d.Mark != nil && p.Errors["id_number"] == "" {
			if chk, err := hall.VerifyID(p.Value("kind"), id, ui.svc.Now()); err == nil && !chk.Valid {
				p.Errors["id_number"] = hallIDText(p, chk)
			}
		}
	}
	for i, m := range it.Materials {
		row := hallMaterialRow{Index: i, MaterialReq: m}
		row.Library = slices.ContainsFunc(cov.Reused, func(u applicant.Reuse) bool { return u.Req.Name == m.Name })
		row.Stale = slices.ContainsFunc(cov.Stale, func(u applicant.Reuse) bool { return u.Req.Name == m.Name })
		d.Rows = append(d.Rows, row)
	}
	p.Title = p.T("hall.start.title", "item", d.Name)
	p.Data = d
	ui.render(w, status, p, "hall_start")
	return nil
}

func (ui *UI) hallStart(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.WindowClerk); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Form = r.PostForm
	code := r.PathValue("code")
	cmd := application.Submit{ItemCode: code, Applicant: hallApplicant(p), Channel: application.Window,
		OwnerRegion: p.Value("owner_region")}
	for _, n := range p.Form["handed"] {
		cmd.Materials = append(cmd.Materials, application.Provided{Name: n, Source: application.SourceHanded})
	}
	v, err := ui.hall().Submit(r.Context(), hallCaller(p), cmd, p.Value("reuse") != "")
	if err != nil {
		if hallSetErrors(p, "", err) {
			return ui.hallRenderStart(w, r, p, http.StatusBadRequest)
		}
		if fe := fault.As(err); fe != nil && fe.Code != fault.Unavailable && fe.Code != fault.Forbidden {
			p.Message = hallErrorText(p, err)
			return ui.hallRenderStart(w, r, p, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, "/hall/applications/"+url.PathEscape(v.App.No)+"?done=submit")
	return nil
}
