package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/org"
)

func init() {
	register("GET /admin/units", false, func(ui *UI) handler { return ui.adminUnits })
	register("GET /admin/units/new", false, func(ui *UI) handler { return ui.adminUnitForm })
	register("POST /admin/units/new", false, func(ui *UI) handler { return ui.adminUnitSave })
	register("GET /admin/units/{id}", false, func(ui *UI) handler { return ui.adminUnitForm })
	register("POST /admin/units/{id}", false, func(ui *UI) handler { return ui.adminUnitSave })
}

const unitsPerPage = 50

type unitList struct {
	Rows        []unitRow
	Kinds       []option
	Total       int
	Page, Pages int
	Prev, Next  string
}

type unitRow struct {
	ID                               int64
	Code, Name, Kind, Region, Parent string
	Active                           bool
}

func kindOptions(p *Page) []option {
	out := make([]option, len(org.Kinds))
	for i, k := range org.Kinds {
		out[i] = option{string(k), p.T("admin.kind." + string(k))}
	}
	return out
}

func (ui *UI) adminUnits(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageUnits); err != nil {
		return err
	}
	us, err := ui.st.Units(r.Context())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	text, kind := strings.TrimSpace(q.Get("q")), q.Get("kind")
	p.Form.Set("q", text)
	p.Form.Set("kind", kind)
	needle := strings.ToLower(text)
	byID := map[int64]org.Unit{}
	for _, u := range us {
		byID[u.ID] = u
	}
	var rows []unitRow
	for _, u := range us {
		if kind != "" && string(u.Kind) != kind {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(u.Code), needle) && !strings.Contains(u.NameZH, text) &&
			!strings.Contains(u.NameMN, text) && !strings.HasPrefix(u.RegionCode, text) {
			continue
		}
		row := unitRow{ID: u.ID, Code: u.Code, Name: p.Name(u.NameZH, u.NameMN), Kind: p.T("admin.kind." + string(u.Kind)),
			Region: ui.regionPath(p, u.RegionCode), Active: u.Active}
		if parent, ok := byID[u.ParentID]; ok {
			row.Parent = p.Name(parent.NameZH, parent.NameMN)
		}
		rows = append(rows, row)
	}
	page, _ := strconv.Atoi(q.Get("page"))
	from, to, page, pages := pageOf(len(rows), page, unitsPerPage)
	d := unitList{Rows: rows[from:to], Kinds: kindOptions(p), Total: len(rows), Page: page, Pages: pages}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if text != "" {
			v.Set("q", text)
		}
		if kind != "" {
			v.Set("kind", kind)
		}
		return "/admin/units?" + v.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if page < pages {
		d.Next = link(page + 1)
	}
	p.Title = p.T("admin.units.title")
	if q.Get("saved") != "" {
		p.Notice = p.T("admin.saved")
	}
	p.Data = d
	ui.render(w, http.StatusOK, p, "admin_units")
	return nil
}

// unitForm is the data of the unit form; the values are in Page.Form.
type unitForm struct {
	ID      int64
	Kinds   []option
	Regions []option // nil: too many to list, a code field instead
	Parents []option
}

// maxRegionOptions is the most regions the unit form lists in a select;
// with a national division list loaded it asks for the code instead.
const maxRegionOptions = 3000

func (ui *UI) unitFormData(r *http.Request, p *Page, id int64) (unitForm, error) {
	f := unitForm{ID: id, Kinds: kindOptions(p)}
	t := ui.svc.Regions()
	if t.Len() <= maxRegionOptions {
		for _, root := range t.Roots() {
			for _, rg := range t.Subtree(root.Code) {
				indent := strings.Repeat("\u3000", max(0, int(rg.Level)-int(root.Level)))
				f.Regions = append(f.Regions, option{rg.Code, indent + p.Name(rg.Name, rg.NameMN) + " " + rg.Code})
			}
		}
	}
	us, err := ui.st.Units(r.Context())
	if err != nil {
		return f, err
	}
	for _, u := range us {
		if u.ID != id {
			f.Parents = append(f.Parents, option{strconv.FormatInt(u.ID, 10), p.Name(u.NameZH, u.NameMN) + "（" + u.Code + "）"})
		}
	}
	return f, nil
}

func (ui *UI) adminUnitForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageUnits); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p.Title = p.T("admin.unit.new")
	p.Form.Set("active", "1")
	p.Form.Set("kind", string(org.Department))
	if id != 0 {
		u, err := ui.st.Unit(r.Context(), id)
		if err != nil {
			return err
		}
		p.Title = p.T("admin.unit.edit", "name", p.Name(u.NameZH, u.NameMN))
		p.Form = url.Values{"code": {u.Code}, "name_zh": {u.NameZH}, "name_mn": {u.NameMN}, "kind": {string(u.Kind)},
			"region_code": {u.RegionCode}}
		if u.ParentID != 0 {
			p.Form.Set("parent_id", strconv.FormatInt(u.ParentID, 10))
		}
		if u.Active {
			p.Form.Set("active", "1")
		}
	}
	if r.URL.Query().Get("saved") != "" {
		p.Notice = p.T("admin.saved")
	}
	f, err := ui.unitFormData(r, p, id)
	if err != nil {
		return err
	}
	p.Data = f
	ui.render(w, http.StatusOK, p, "admin_unit")
	return nil
}

// pathID reads {id}, 0 for the "new" routes.
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.NotFoundf("no record %q", s)
	}
	return id, nil
}

var unitFields = map[string]string{"code": "code", "name_zh": "name_zh", "name_mn": "name_mn", "kind": "kind",
	"region_code": "region_code", "parent_id": "parent_id"}

func (ui *UI) adminUnitSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageUnits); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	ctx := r.Context()
	if id != 0 {
		if _, err := ui.st.Unit(ctx, id); err != nil {
			return err
		}
	}
	for _, k := range []string{"code", "name_zh", "name_mn", "kind", "region_code", "parent_id", "active"} {
		p.Form.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	u := org.Unit{ID: id, Code: p.Value("code"), NameZH: p.Value("name_zh"), NameMN: p.Value("name_mn"),
		Kind: org.Kind(p.Value("kind")), RegionCode: p.Value("region_code"), Active: p.Value("active") != ""}
	if _, ok := ui.svc.Regions().Get(u.RegionCode); !ok {
		p.Errors["region_code"] = p.T("admin.unit.error.region_code")
	}
	if s := p.Value("parent_id"); s != "" {
		pid, ok := formInt(s)
		if !ok {
			p.Errors["parent_id"] = p.T("admin.unit.error.parent_id")
		} else if err := ui.checkParent(r, id, pid); err != nil {
			if !fault.Is(err, fault.Invalid) {
				return err
			}
			p.Errors["parent_id"] = p.T(fault.As(err).Key)
		}
		u.ParentID = pid
	}
	if err := u.Validate(); err != nil && !p.formErrors(err, "admin.unit.error.", unitFields) {
		return err
	}
	if len(p.Errors) == 0 {
		if id == 0 {
			u, err = ui.st.CreateUnit(ctx, u)
		} else {
			err = ui.st.UpdateUnit(ctx, u)
		}
		switch {
		case fault.Is(err, fault.Conflict):
			p.Errors["code"] = p.T("admin.unit.error.code_taken", "code", u.Code)
		case err != nil && !p.formErrors(err, "admin.unit.error.", unitFields):
			return err
		}
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		p.Title = p.T("admin.unit.new")
		if id != 0 {
			p.Title = p.T("admin.unit.edit", "name", u.NameZH)
		}
		f, err := ui.unitFormData(r, p, id)
		if err != nil {
			return err
		}
		p.Data = f
		ui.render(w, http.StatusBadRequest, p, "admin_unit")
		return nil
	}
	if err := ui.svc.ReloadUnits(ctx); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/admin/units/%d?saved=1", u.ID))
	return nil
}

// checkParent refuses a parent unit that does not exist or that would make
// the unit its own ancestor.
func (ui *UI) checkParent(r *http.Request, id, parent int64) error {
	us, err := ui.st.Units(r.Context())
	if err != nil {
		return err
	}
	byID := map[int64]org.Unit{}
	for _, u := range us {
		byID[u.ID] = u
	}
	if _, ok := byID[parent]; !ok {
		return fault.Invalidf("parent_id", "unit %d does not exist", parent).WithKey("admin.unit.error.parent_id", nil)
	}
	for p, n := parent, 0; p != 0 && n <= len(us); p, n = byID[p].ParentID, n+1 {
		if p == id {
			return fault.Invalidf("parent_id", "unit %d would be its own ancestor", id).WithKey("admin.unit.error.parent_cycle", nil)
		}
	}
	return nil
}
