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
	register("GET /admin/staff", false, func(ui *UI) handler { return ui.adminStaff })
	register("GET /admin/staff/new", false, func(ui *UI) handler { return ui.adminStaffForm })
	register("POST /admin/staff/new", false, func(ui *UI) handler { return ui.adminStaffSave })
	register("GET /admin/staff/{id}", false, func(ui *UI) handler { return ui.adminStaffForm })
	register("POST /admin/staff/{id}", false, func(ui *UI) handler { return ui.adminStaffSave })
	register("POST /admin/staff/{id}/password", false, func(ui *UI) handler { return ui.adminStaffPassword })
}

type staffList struct {
	Rows  []staffRow
	Units []option
	Unit  string // the unit filtered on, "" for all
}

type staffRow struct {
	ID                                      int64
	Username, DisplayName, Role, Unit, Lang string
	Active                                  bool
}

func (ui *UI) unitOptions(r *http.Request, p *Page) ([]option, map[int64]org.Unit, error) {
	us, err := ui.st.Units(r.Context())
	if err != nil {
		return nil, nil, err
	}
	out := make([]option, len(us))
	by := make(map[int64]org.Unit, len(us))
	for i, u := range us {
		out[i] = option{strconv.FormatInt(u.ID, 10), p.Name(u.NameZH, u.NameMN) + "（" + u.Code + "）"}
		by[u.ID] = u
	}
	return out, by, nil
}

func roleOptions(p *Page) []option {
	out := make([]option, len(org.Roles))
	for i, r := range org.Roles {
		out[i] = option{string(r), p.T("role." + string(r))}
	}
	return out
}

func langOptions(p *Page) []option {
	return []option{{"zh", p.T("nav.lang.zh")}, {"mn", p.T("nav.lang.mn")}}
}

func (ui *UI) adminStaff(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageStaff); err != nil {
		return err
	}
	q := r.URL.Query()
	unit, _ := formInt(q.Get("unit"))
	text := strings.TrimSpace(q.Get("q"))
	p.Form.Set("q", text)
	if unit > 0 {
		p.Form.Set("unit", strconv.FormatInt(unit, 10))
	}
	units, byID, err := ui.unitOptions(r, p)
	if err != nil {
		return err
	}
	ss, err := ui.st.StaffList(r.Context(), max(unit, 0))
	if err != nil {
		return err
	}
	d := staffList{Units: units, Unit: p.Value("unit")}
	for _, s := range ss {
		if text != "" && !strings.Contains(s.Username, strings.ToLower(text)) && !strings.Contains(s.DisplayName, text) {
			continue
		}
		u := byID[s.UnitID]
		d.Rows = append(d.Rows, staffRow{ID: s.ID, Username: s.Username, DisplayName: s.DisplayName, Role: p.T("role." + string(s.Role)),
			Unit: p.Name(u.NameZH, u.NameMN), Lang: p.T("nav.lang." + s.Lang), Active: s.Active})
	}
	p.Title = p.T("admin.staff.title")
	p.Data = d
	ui.render(w, http.StatusOK, p, "admin_staff")
	return nil
}

type staffForm struct {
	ID       int64
	Username string // fixed once created
	Units    []option
	Roles    []option
	Langs    []option
}

func (ui *UI) renderStaffForm(w http.ResponseWriter, r *http.Request, p *Page, id int64, username string, status int) error {
	units, _, err := ui.unitOptions(r, p)
	if err != nil {
		return err
	}
	p.Title = p.T("admin.staff.new")
	if id != 0 {
		p.Title = p.T("admin.staff.edit", "name", username)
	}
	p.Data = staffForm{ID: id, Username: username, Units: units, Roles: roleOptions(p), Langs: langOptions(p)}
	ui.render(w, status, p, "admin_staff_edit")
	return nil
}

func (ui *UI) adminStaffForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageStaff); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p.Form.Set("active", "1")
	p.Form.Set("lang", "zh")
	p.Form.Set("role", string(org.Handler))
	if u := r.URL.Query().Get("unit"); u != "" {
		p.Form.Set("unit_id", u)
	}
	var username string
	if id != 0 {
		s, err := ui.st.StaffMember(r.Context(), id)
		if err != nil {
			return err
		}
		username = s.Username
		p.Form = url.Values{"display_name": {s.DisplayName}, "role": {string(s.Role)}, "unit_id": {strconv.FormatInt(s.UnitID, 10)}, "lang": {s.Lang}}
		if s.Active {
			p.Form.Set("active", "1")
		}
	}
	switch {
	case r.URL.Query().Get("saved") != "":
		p.Notice = p.T("admin.saved")
	case r.URL.Query().Get("password") != "":
		p.Notice = p.T("admin.staff.password_set")
	}
	return ui.renderStaffForm(w, r, p, id, username, http.StatusOK)
}

var staffFields = map[string]string{"username": "username", "display_name": "display_name", "role": "role",
	"unit_id": "unit_id", "lang": "lang", "password": "password"}

func (ui *UI) adminStaffSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageStaff); err != nil {
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
	var cur org.Staff
	if id != 0 {
		if cur, err = ui.st.StaffMember(ctx, id); err != nil {
			return err
		}
	}
	for _, k := range []string{"username", "display_name", "role", "unit_id", "lang", "active"} {
		p.Form.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	s := org.Staff{ID: id, Username: strings.ToLower(p.Value("username")), DisplayName: p.Value("display_name"),
		Role: org.Role(p.Value("role")), Lang: p.Value("lang"), Active: p.Value("active") != ""}
	if id != 0 {
		s.Username = cur.Username
	}
	if unit, ok := formInt(p.Value("unit_id")); ok {
		s.UnitID = unit
		if _, err := ui.st.Unit(ctx, unit); fault.Is(err, fault.NotFound) {
			p.Errors["unit_id"] = p.T("admin.staff.error.unit_id")
		} else if err != nil {
			return err
		}
	}
	// An administrator cannot lock themselves out: their own account stays
	// an active administrator.
	if id != 0 && p.Principal != nil && id == p.Principal.Staff.ID && (s.Role != org.Admin || !s.Active) {
		p.Errors["role"] = p.T("admin.staff.error.self")
	}
	if err := s.Validate(); err != nil && !p.formErrors(err, "admin.staff.error.", staffFields) {
		return err
	}
	var hash string
	if id == 0 {
		pw := r.PostForm.Get("password")
		if hash, err = org.HashPassword(pw); err != nil && !p.formErrors(err, "admin.staff.error.", staffFields) {
			return err
		}
	}
	if len(p.Errors) == 0 {
		if id == 0 {
			s, err = ui.st.CreateStaff(ctx, s, hash)
		} else {
			err = ui.st.UpdateStaff(ctx, s)
			ui.auth.ForgetStaff(id) // a disabled or moved account acts as such at once
		}
		switch {
		case fault.Is(err, fault.Conflict):
			p.Errors["username"] = p.T("admin.staff.error.username_taken", "username", s.Username)
		case err != nil && !p.formErrors(err, "admin.staff.error.", staffFields):
			return err
		}
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		return ui.renderStaffForm(w, r, p, id, cur.Username, http.StatusBadRequest)
	}
	redirect(w, r, fmt.Sprintf("/admin/staff/%d?saved=1", s.ID))
	return nil
}

// adminStaffPassword sets a new password for an account (密码重置), e.g.
// when someone forgot theirs; the administrator tells them in person.
func (ui *UI) adminStaffPassword(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageStaff); err != nil {
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
	s, err := ui.st.StaffMember(ctx, id)
	if err != nil {
		return err
	}
	hash, err := org.HashPassword(r.PostForm.Get("password"))
	if err != nil {
		if !fault.Is(err, fault.Invalid) {
			return err
		}
		p.Form = url.Values{"display_name": {s.DisplayName}, "role": {string(s.Role)}, "unit_id": {strconv.FormatInt(s.UnitID, 10)}, "lang": {s.Lang}}
		if s.Active {
			p.Form.Set("active", "1")
		}
		p.Errors["password"] = p.T("admin.staff.error.password")
		p.Message = p.T("error.invalid")
		return ui.renderStaffForm(w, r, p, id, s.Username, http.StatusBadRequest)
	}
	if err := ui.st.SetPassword(ctx, id, hash); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/admin/staff/%d?password=1", id))
	return nil
}
