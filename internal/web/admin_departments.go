package web

// The routing of the catalog's departments to handling units (部门与办理单位):
// for each department, which unit decides its items for the league and for
// each banner. hall.route sends an application owned in a banner to the
// banner's unit when the item is handled below league level and the banner
// has one, else to the league's unit; this page shows and changes the rows
// it reads (storage.DepartmentUnit).

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"tongban/internal/access"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
)

func init() {
	register("GET /admin/catalog/departments", false, func(ui *UI) handler { return ui.adminDepartments })
	register("POST /admin/catalog/departments", false, func(ui *UI) handler { return ui.adminDepartmentSave })
}

type departmentsPage struct {
	Depts []departmentRoutes
	Edit  *departmentRoutes // the department whose form is open
}

type departmentRoutes struct {
	Key, Name, Level string
	Regions          []regionRoute
}

// regionRoute is one (department, region) pair: who handles it now and,
// in the form, which units may.
type regionRoute struct {
	Code, Name string
	Field      string // form field of its unit: unit_<region code>
	Unit       string // name of the handling unit; "" when none is set
	UnitID     int64
	Fallback   bool // none set; the league's unit handles (a banner's row)
	Missing    bool // none set and nothing to fall back on
	Groups     []unitGroup
}

// unitGroup is the units of one region in a select (an optgroup).
type unitGroup struct {
	Label   string
	Options []option
}

func (ui *UI) adminDepartments(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCatalog); err != nil {
		return err
	}
	q := r.URL.Query()
	return ui.renderDepartments(w, r, p, q.Get("department"), q.Get("saved"), http.StatusOK)
}

// leagueOf reduces a 12-digit division code to its league's, as hall.route
// does to find the league's row.
func leagueOf(code string) string {
	if len(code) != region.CodeLen {
		return code
	}
	return code[:4] + "00000000"
}

// departmentRegions lists the regions whose rows hall.route may read for
// a department: a league department's league and the banners below it, a
// banner department's banner; and any region a stored row names besides.
func departmentRegions(t *region.Tree, d catalog.Department, rows []storage.DepartmentUnit) []string {
	out := []string{d.Region}
	if d.Level != "banner" {
		for _, c := range t.Children(d.Region) {
			out = append(out, c.Code)
		}
	}
	for _, row := range rows {
		if row.Department == d.Key && !slices.Contains(out, row.RegionCode) {
			out = append(out, row.RegionCode)
		}
	}
	return out
}

// handlingUnits are the units that may handle a department's items in a
// region: active functional departments (职能部门, where back offices
// decide) of the region or below it. hall.route finds the unit by the
// owning region's banner or league, so a unit outside that subtree would
// decide for a region it does not serve.
func handlingUnits(t *region.Tree, us []org.Unit, regionCode string) []org.Unit {
	var out []org.Unit
	for _, u := range us {
		if u.Active && u.Kind == org.Department && t.InSubtree(regionCode, u.RegionCode) {
			out = append(out, u)
		}
	}
	return out
}

// routing reads what the page works with: the departments, the stored
// routing rows and every unit, also by id.
func (ui *UI) routing(ctx context.Context) ([]catalog.Department, []storage.DepartmentUnit, []org.Unit, map[int64]org.Unit, error) {
	depts, err := ui.st.Departments(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rows, err := ui.st.DepartmentUnits(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	us, err := ui.st.Units(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	byID := make(map[int64]org.Unit, len(us))
	for _, u := range us {
		byID[u.ID] = u
	}
	return depts, rows, us, byID, nil
}

// renderDepartments shows every department's routing; edit names the
// department whose form is open, saved the one just saved.
func (ui *UI) renderDepartments(w http.ResponseWriter, r *http.Request, p *Page, edit, saved string, status int) error {
	depts, rows, us, byID, err := ui.routing(r.Context())
	if err != nil {
		return err
	}
	set := map[[2]string]int64{}
	for _, row := range rows {
		set[[2]string{row.Department, row.RegionCode}] = row.UnitID
	}
	t := ui.svc.Regions()
	regionName := func(code string) string {
		if rg, ok := t.Get(code); ok {
			return p.Name(rg.Name, rg.NameMN)
		}
		return code
	}
	var d departmentsPage
	editing := -1
	for _, dp := range depts {
		dr := departmentRoutes{Key: dp.Key, Name: dp.NameZH, Level: p.T("catalog.dept.level." + dp.Level)}
		open := dp.Key == edit
		if dp.Key == saved {
			p.Notice = p.T("catalog.dept.saved", "department", dp.NameZH)
		}
		for _, code := range departmentRegions(t, dp, rows) {
			rr := regionRoute{Code: code, Name: regionName(code), Field: "unit_" + code}
			if id, ok := set[[2]string{dp.Key, code}]; ok {
				rr.UnitID = id
				rr.Unit = strconv.FormatInt(id, 10)
				if u, ok := byID[id]; ok {
					rr.Unit = p.Name(u.NameZH, u.NameMN)
				}
			} else if _, ok := set[[2]string{dp.Key, leagueOf(code)}]; ok && code != leagueOf(code) {
				rr.Fallback = true
			} else {
				rr.Missing = true
			}
			if open {
				rr.Groups = unitGroups(p, handlingUnits(t, us, code), byID[rr.UnitID], regionName)
				// A refused choice the select cannot show falls back to the
				// stored one, so saving again does not pick the first unit.
				if v := p.Form.Get(rr.Field); v == "" || !offers(rr.Groups, v) {
					p.Form.Del(rr.Field)
					if rr.UnitID != 0 {
						p.Form.Set(rr.Field, strconv.FormatInt(rr.UnitID, 10))
					}
				}
			}
			dr.Regions = append(dr.Regions, rr)
		}
		d.Depts = append(d.Depts, dr)
		if open {
			editing = len(d.Depts) - 1
		}
	}
	if editing >= 0 {
		d.Edit = &d.Depts[editing]
	}
	p.Title = p.T("catalog.dept.title")
	p.Data = d
	ui.render(w, status, p, "admin_departments")
	return nil
}

// offers reports whether a select's groups hold the value.
func offers(gs []unitGroup, value string) bool {
	for _, g := range gs {
		if slices.ContainsFunc(g.Options, func(o option) bool { return o.Value == value }) {
			return true
		}
	}
	return false
}

// unitGroups groups the units of a select by their region; the current
// unit is listed even when it no longer qualifies (retired, moved), so
// the select shows the truth and saving the form unchanged stays
// possible.
func unitGroups(p *Page, us []org.Unit, current org.Unit, regionName func(string) string) []unitGroup {
	if current.ID != 0 && !slices.ContainsFunc(us, func(u org.Unit) bool { return u.ID == current.ID }) {
		us = append([]org.Unit{current}, us...)
	}
	var out []unitGroup
	at := map[string]int{}
	for _, u := range us {
		i, ok := at[u.RegionCode]
		if !ok {
			i = len(out)
			at[u.RegionCode] = i
			out = append(out, unitGroup{Label: regionName(u.RegionCode)})
		}
		out[i].Options = append(out[i].Options, option{strconv.FormatInt(u.ID, 10), p.Name(u.NameZH, u.NameMN)})
	}
	return out
}

// adminDepartmentSave changes the units of one department: every region
// whose select holds a unit other than the stored one. An empty select
// changes nothing (storage has no way to remove a row, and an unset row
// is what the empty choice means). All rows are checked before any is
// stored.
func (ui *UI) adminDepartmentSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCatalog); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	ctx := r.Context()
	key := r.PostForm.Get("department")
	depts, rows, _, byID, err := ui.routing(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(depts, func(d catalog.Department) bool { return d.Key == key })
	if i < 0 {
		return fault.NotFoundf("department %q not found", key)
	}
	dept := depts[i]
	current := map[string]int64{}
	for _, row := range rows {
		if row.Department == key {
			current[row.RegionCode] = row.UnitID
		}
	}
	t := ui.svc.Regions()
	var changes []storage.DepartmentUnit
	for _, code := range departmentRegions(t, dept, rows) {
		field := "unit_" + code
		v := r.PostForm.Get(field)
		p.Form.Set(field, v)
		if v == "" {
			continue
		}
		id, ok := formInt(v)
		if ok && id == current[code] {
			continue
		}
		u, known := byID[id]
		regionName := code
		if rg, ok := t.Get(code); ok {
			regionName = p.Name(rg.Name, rg.NameMN)
		}
		switch {
		case !ok || !known:
			p.Errors[field] = p.T("catalog.dept.error.unit")
		case !u.Active:
			p.Errors[field] = p.T("catalog.dept.error.inactive", "unit", p.Name(u.NameZH, u.NameMN))
		case u.Kind != org.Department:
			p.Errors[field] = p.T("catalog.dept.error.kind", "unit", p.Name(u.NameZH, u.NameMN))
		case !t.InSubtree(code, u.RegionCode):
			p.Errors[field] = p.T("catalog.dept.error.region", "unit", p.Name(u.NameZH, u.NameMN), "region", regionName)
		default:
			changes = append(changes, storage.DepartmentUnit{Department: key, RegionCode: code, UnitID: id})
		}
	}
	if len(p.Errors) == 0 && len(changes) > 0 {
		if err := ui.st.SetDepartmentUnits(ctx, changes); err != nil {
			if !fault.Is(err, fault.Invalid) {
				return err
			}
			p.Message = p.ErrorText(err)
		}
	}
	if len(p.Errors) > 0 || p.Message != "" {
		if p.Message == "" {
			p.Message = p.T("error.invalid")
		}
		return ui.renderDepartments(w, r, p, key, "", http.StatusBadRequest)
	}
	redirect(w, r, "/admin/catalog/departments?"+url.Values{"saved": {key}}.Encode()+"#dept-"+key)
	return nil
}
