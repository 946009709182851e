package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/locale"
	"tongban/internal/org"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

func adminClient(t *testing.T, app *apptest.App) *webClient {
	t.Helper()
	c := newWebClient(t, app)
	c.login("admin", demo.Password)
	return c
}

// upload posts one file as multipart/form-data.
func (c *webClient) upload(path, field, name string, content []byte) page {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", c.app.URL+path, &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestAdminPagesOnlyForAdmin(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	admin := adminClient(t, app)
	staff, _, err := app.Store.StaffByUsername(context.Background(), "agent")
	if err != nil {
		t.Fatal(err)
	}
	unit := app.Units[demo.CentreCode]
	pages := []string{"/admin", "/admin/units", "/admin/units?q=阿拉善左旗&kind=department&page=2", "/admin/units/new",
		fmt.Sprintf("/admin/units/%d", unit), "/admin/staff", fmt.Sprintf("/admin/staff?unit=%d", unit), "/admin/staff/new",
		fmt.Sprintf("/admin/staff/%d", staff.ID), "/admin/categories", "/admin/categories/C01.02", "/admin/calendar",
		"/admin/calendar?year=2025", "/admin/calendar?year=2030", "/admin/deadlines"}
	for _, lang := range []string{"zh", "mn"} {
		admin.setLang(lang)
		for _, path := range pages {
			p := admin.get(path)
			if p.Status != http.StatusOK {
				t.Errorf("admin (%s) GET %s: status %d", lang, path, p.Status)
			}
			if strings.Contains(p.Body, "[admin.") || strings.Contains(p.Body, "[portal.") {
				t.Errorf("admin (%s) GET %s: a message is missing from the catalog", lang, path)
			}
		}
	}
	admin.setLang("zh")
	// / sends an administrator to the administration.
	if p := admin.get("/"); p.Status != http.StatusSeeOther || p.Location != "/admin" {
		t.Errorf("admin's home: %d → %q, want /admin", p.Status, p.Location)
	}
	posts := map[string]url.Values{
		"/admin/units/new":                                {"code": {"x-unit"}, "name_zh": {"某单位"}, "kind": {"department"}, "region_code": {zuoqi}},
		"/admin/staff/new":                                {"username": {"someone"}, "display_name": {"某人"}, "role": {"admin"}, "unit_id": {strconv.FormatInt(unit, 10)}, "lang": {"zh"}, "password": {"a-long-password"}},
		"/admin/categories/new":                           {"parent": {"C01"}, "name_zh": {"新分类"}},
		"/admin/calendar/days":                            {"year": {"2026"}, "date": {"2026-06-02"}, "name": {"测试"}, "kind": {"off"}},
		"/admin/calendar/hours":                           {"work_hours": {"09:00-17:00"}},
		"/admin/deadlines":                                {"category": {"C01"}, "urgency": {"normal"}},
		"/admin/deadlines/delete":                         {"category": {"C01"}, "urgency": {"normal"}},
		"/admin/calendar/days/delete":                     {"year": {"2026"}, "date": {"2026-10-01"}},
		fmt.Sprintf("/admin/staff/%d/password", staff.ID): {"password": {"hijacked-password"}},
	}
	// One account per role: every role but admin is refused. (One login per
	// role also stays under the per-address login limit.)
	seen := map[org.Role]bool{org.Admin: true}
	for _, a := range demo.Accounts {
		if seen[a.Role] {
			continue
		}
		seen[a.Role] = true
		t.Run(a.Username, func(t *testing.T) {
			c := newWebClient(t, app)
			c.login(a.Username, demo.Password)
			for _, path := range pages {
				if p := c.get(path); p.Status != http.StatusForbidden {
					t.Errorf("%s GET %s: status %d, want 403", a.Role, path, p.Status)
				} else {
					mustContain(t, p, T(t, locale.Lang(a.Lang), "error.forbidden"))
				}
			}
			for path, form := range posts {
				if p := c.post(path, form); p.Status != http.StatusForbidden {
					t.Errorf("%s POST %s: status %d, want 403", a.Role, path, p.Status)
				}
			}
			if p := c.upload("/admin/categories/import", "file", "x.txt", []byte("A->B")); p.Status != http.StatusForbidden {
				t.Errorf("%s import: status %d, want 403", a.Role, p.Status)
			}
		})
	}
	// Nothing the others tried took effect.
	if _, _, err := app.Store.StaffByUsername(context.Background(), "someone"); err == nil {
		t.Error("a non-admin created an account")
	}
	// Someone not signed in is sent to the login page.
	if p := newWebClient(t, app).get("/admin/units"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("anonymous /admin/units: %d → %q", p.Status, p.Location)
	}
}

func TestAdminUnits(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := adminClient(t, app)
	centre := strconv.FormatInt(app.Units[demo.CentreCode], 10)
	valid := url.Values{"code": {"dept-test-1"}, "name_zh": {"阿拉善左旗测试局"}, "name_mn": {"ᠲᠧᠰᠲ"}, "kind": {"department"},
		"region_code": {zuoqi}, "parent_id": {centre}, "active": {"1"}}
	for _, tc := range []struct {
		name, field, message, keep string
		form                       url.Values
	}{
		{"no code", "code", "admin.unit.error.code", "阿拉善左旗测试局", with(valid, "code", "")},
		{"code with spaces", "code", "admin.unit.error.code", `value="a b"`, with(valid, "code", "a b")},
		{"taken code", "code", "admin.unit.error.code_taken", "阿拉善左旗测试局", with(valid, "code", demo.CentreCode)},
		{"no name", "name_zh", "admin.unit.error.name_zh", `value="dept-test-1"`, with(valid, "name_zh", "")},
		{"bad kind", "kind", "admin.unit.error.kind", "阿拉善左旗测试局", with(valid, "kind", "ministry")},
		{"unknown region", "region_code", "admin.unit.error.region_code", "阿拉善左旗测试局", with(valid, "region_code", "152999000000")},
		{"unknown parent", "parent_id", "admin.unit.error.parent_id", "阿拉善左旗测试局", with(valid, "parent_id", "999999")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post("/admin/units/new", tc.form)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			msg := T(t, locale.ZH, tc.message)
			if tc.message == "admin.unit.error.code_taken" {
				msg = T(t, locale.ZH, tc.message, "code", demo.CentreCode)
			}
			mustContain(t, p, `id="e-`+tc.field+`"`, msg, tc.keep)
		})
	}
	p := c.post("/admin/units/new", valid)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d: %s", p.Status, p.Body)
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(p.Location, "/admin/units/"), "?saved=1"), 10, 64)
	if err != nil {
		t.Fatalf("redirect %q: %v", p.Location, err)
	}
	if u, ok := app.Svc.Unit(id); !ok || u.Code != "dept-test-1" || u.NameMN != "ᠲᠧᠰᠲ" || u.ParentID != app.Units[demo.CentreCode] {
		t.Fatalf("the service does not know the new unit (ReloadUnits): %+v %v", u, ok)
	}
	mustContain(t, c.get(p.Location), T(t, locale.ZH, "admin.saved"), `value="dept-test-1"`)
	mustContain(t, c.get("/admin/units?q=测试局"), "dept-test-1")
	if strings.Contains(c.get("/admin/units?q=测试局&kind=committee").Body, "dept-test-1") {
		t.Error("the kind filter does not filter")
	}
	// Edit: deactivate, and refuse making it its own ancestor.
	path := fmt.Sprintf("/admin/units/%d", id)
	if p := c.post(path, with(valid, "parent_id", strconv.FormatInt(id, 10))); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, T(t, locale.ZH, "admin.unit.error.parent_cycle")) {
		t.Errorf("own parent: %d", p.Status)
	}
	if p := c.post(path, with(valid, "active", "\x00", "name_zh", "阿拉善左旗测试局（撤销）")); p.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d: %s", p.Status, p.Body)
	}
	if u, _ := app.Svc.Unit(id); u.Active || u.NameZH != "阿拉善左旗测试局（撤销）" {
		t.Errorf("after edit the service sees %+v", u)
	}
	if p := c.get("/admin/units/999999"); p.Status != http.StatusNotFound {
		t.Errorf("unknown unit: %d", p.Status)
	}
}

func TestAdminStaff(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := adminClient(t, app)
	unit := strconv.FormatInt(app.Units[demo.DeptCode(zuoqi, "scjgj")], 10)
	valid := url.Values{"username": {"handler.new"}, "display_name": {"新承办人 乌兰"}, "role": {"handler"}, "unit_id": {unit},
		"lang": {"mn"}, "active": {"1"}, "password": {"first-password-1"}}
	for _, tc := range []struct {
		name, field, message string
		form                 url.Values
	}{
		{"short password", "password", "admin.staff.error.password", with(valid, "password", "short")},
		{"bad username", "username", "admin.staff.error.username", with(valid, "username", "Wang Li")},
		{"taken username", "username", "admin.staff.error.username_taken", with(valid, "username", "agent")},
		{"no name", "display_name", "admin.staff.error.display_name", with(valid, "display_name", "")},
		{"bad role", "role", "admin.staff.error.role", with(valid, "role", "root")},
		{"no unit", "unit_id", "admin.staff.error.unit_id", with(valid, "unit_id", "")},
		{"unknown unit", "unit_id", "admin.staff.error.unit_id", with(valid, "unit_id", "999999")},
		{"bad language", "lang", "admin.staff.error.lang", with(valid, "lang", "en")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post("/admin/staff/new", tc.form)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			msg := T(t, locale.ZH, tc.message)
			if tc.message == "admin.staff.error.username_taken" {
				msg = T(t, locale.ZH, tc.message, "username", "agent")
			}
			keep := `value="` + tc.form.Get("display_name") + `"`
			if tc.form.Get("display_name") == "" {
				keep = `value="handler.new"`
			}
			mustContain(t, p, `id="e-`+tc.field+`"`, msg, keep)
			if strings.Contains(p.Body, "first-password-1") {
				t.Error("the password is echoed back")
			}
		})
	}
	p := c.post("/admin/staff/new", valid)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d: %s", p.Status, p.Body)
	}
	mustContain(t, c.get(fmt.Sprintf("/admin/staff?unit=%s", unit)), "handler.new", "新承办人 乌兰")
	newbie := newWebClient(t, app)
	newbie.login("handler.new", "first-password-1")

	path := strings.TrimSuffix(p.Location, "?saved=1")
	// Reset the password: the old one stops working, the new one works.
	if p := c.post(path+"/password", url.Values{"password": {"short"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, T(t, locale.ZH, "admin.staff.error.password")) {
		t.Errorf("short new password: %d", p.Status)
	}
	if p := c.post(path+"/password", url.Values{"password": {"second-password-2"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", p.Status)
	}
	if p := newWebClient(t, app).post("/login", url.Values{"username": {"handler.new"}, "password": {"first-password-1"}}); p.Status == http.StatusSeeOther {
		t.Error("the old password still works")
	}
	newWebClient(t, app).login("handler.new", "second-password-2")
	// Edit role and unit; disable.
	head := strconv.FormatInt(app.Units[demo.DeptCode(demo.LeagueCode, "scjgj")], 10)
	if p := c.post(path, url.Values{"display_name": {"乌兰"}, "role": {"unit_head"}, "unit_id": {head}, "lang": {"zh"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d: %s", p.Status, p.Body)
	}
	s, _, err := app.Store.StaffByUsername(context.Background(), "handler.new")
	if err != nil || s.Role != org.UnitHead || strconv.FormatInt(s.UnitID, 10) != head || s.Active || s.DisplayName != "乌兰" {
		t.Fatalf("after edit: %+v %v", s, err)
	}
	if p := newWebClient(t, app).post("/login", url.Values{"username": {"handler.new"}, "password": {"second-password-2"}}); p.Status == http.StatusSeeOther {
		t.Error("a disabled account can sign in")
	}
	// The administrator cannot lock themselves out.
	me, _, _ := app.Store.StaffByUsername(context.Background(), "admin")
	p = c.post(fmt.Sprintf("/admin/staff/%d", me.ID), url.Values{"display_name": {"管理员"}, "role": {"agent"}, "unit_id": {strconv.FormatInt(me.UnitID, 10)}, "lang": {"zh"}, "active": {"1"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, T(t, locale.ZH, "admin.staff.error.self")) {
		t.Errorf("admin demoting themselves: %d", p.Status)
	}
}

func TestAdminCategories(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := adminClient(t, app)
	ctx := context.Background()
	p := c.get("/admin/categories")
	mustContain(t, p, "经济调节", "C01.04.01", `id="cat-C02.01"`)

	// Add under C01: the next free code.
	p = c.post("/admin/categories/new", url.Values{"parent": {"C01"}, "name_zh": {"数字经济"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("add: %d: %s", p.Status, p.Body)
	}
	if ok, _ := app.Store.CategoryExists(ctx, "C01.08"); !ok {
		t.Fatal("C01.08 was not created")
	}
	for _, tc := range []struct {
		name, field, message string
		args                 []any
		form                 url.Values
	}{
		{"no name", "name_zh", "admin.category.error.name_zh", nil, url.Values{"parent": {"C01"}, "name_zh": {""}}},
		{"sibling name", "name_zh", "admin.category.error.sibling", []any{"code", "C01.05"}, url.Values{"parent": {"C01"}, "name_zh": {"物价"}}},
		{"too deep", "parent", "admin.category.error.parent", nil, url.Values{"parent": {"C01.04.01"}, "name_zh": {"第四级"}}},
		{"code under another parent", "code", "admin.category.error.code_parent", []any{"parent", "C01"}, url.Values{"parent": {"C01"}, "code": {"C02.99"}, "name_zh": {"错位"}}},
		{"taken code", "code", "admin.category.error.code_taken", []any{"code", "C01.01"}, url.Values{"parent": {"C01"}, "code": {"C01.01"}, "name_zh": {"重复"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post("/admin/categories/new", tc.form)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			mustContain(t, p, `id="e-`+tc.field+`"`, T(t, locale.ZH, tc.message, tc.args...))
		})
	}

	// Edit: rename, then retire C01.04 with its children.
	if p := c.post("/admin/categories/C01.08", url.Values{"name_zh": {"数字经济发展"}, "name_mn": {"ᠲᠣᠭᠠᠨ ᠡᠳ᠋ ᠦᠨ ᠵᠠᠰᠠᠭ"}, "position": {"8"}, "active": {"1"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d: %s", p.Status, p.Body)
	}
	if p := c.post("/admin/categories/C01.04", url.Values{"name_zh": {"农牧业补贴"}, "position": {"4"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("retire: %d: %s", p.Status, p.Body)
	}
	for _, code := range []string{"C01.04", "C01.04.01"} {
		if ok, _ := app.Store.CategoryExists(ctx, code); ok {
			t.Errorf("%s is still active after retiring C01.04", code)
		}
	}
	if p := c.post("/admin/categories/C01.04.02", url.Values{"name_zh": {"耕地地力保护补贴"}, "position": {"2"}, "active": {"1"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, T(t, locale.ZH, "admin.category.error.parent_retired")) {
		t.Errorf("reactivating below a retired parent: %d", p.Status)
	}
	if strings.Contains(c.get("/portal/new").Body, `value="C01.04"`) {
		t.Error("the portal still offers the retired category")
	}

	// Import: one bad row imports nothing and names file:line.
	before, _ := app.Store.Categories(ctx)
	bad := "一级分类,二级分类,三级分类\n城乡建设,住房保障,公租房\n城乡建设,,物业管理\n交通运输,公共交通,公交线路\n"
	p = c.upload("/admin/categories/import", "file", "bad.csv", []byte(bad))
	if p.Status != http.StatusBadRequest {
		t.Fatalf("bad import: %d", p.Status)
	}
	mustContain(t, p, "bad.csv:3", T(t, locale.ZH, "admin.import.failed", "file", "bad.csv", "count", 1))
	after, _ := app.Store.Categories(ctx)
	if len(after) != len(before) {
		t.Fatalf("a failed import changed the tree: %d categories, want %d", len(after), len(before))
	}
	// A good file replaces the tree.
	good := "城乡建设->住房保障->公租房\n城乡建设->物业管理\n交通运输->公共交通->公交线路\n"
	p = c.upload("/admin/categories/import", "file", `C:\Users\admin\paths.txt`, []byte(good))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("good import: %d: %s", p.Status, p.Body)
	}
	mustContain(t, c.get(p.Location), T(t, locale.ZH, "admin.categories.imported", "count", 7), "公交线路")
	if ok, _ := app.Store.CategoryExists(ctx, "C01.04.01"); ok {
		t.Error("a category missing from the imported file is still active")
	}
	if p := c.upload("/admin/categories/import", "file", "empty.csv", nil); p.Status != http.StatusBadRequest {
		t.Errorf("empty file: %d", p.Status)
	}
}

func TestAdminCalendarChangesDeadlines(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := adminClient(t, app)
	monday := workday.Date{Y: 2026, M: time.June, D: 1}
	next := func() workday.Date {
		d, err := app.Svc.Calendar().AddDays(monday, 1)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got := next(); got != (workday.Date{Y: 2026, M: time.June, D: 2}) {
		t.Fatalf("before: 1 working day after %s is %s", monday, got)
	}
	p := c.get("/admin/calendar")
	// 2027 is not loaded: the page says so.
	mustContain(t, p, T(t, locale.ZH, "admin.calendar.missing_next", "year", 2027), "2026-10-01", "国庆节")

	p = c.post("/admin/calendar/days", url.Values{"year": {"2026"}, "date": {"2026-06-02"}, "name": {"临时放假"}, "kind": {"off"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("add day: %d: %s", p.Status, p.Body)
	}
	if got := next(); got != (workday.Date{Y: 2026, M: time.June, D: 3}) {
		t.Errorf("after adding an off day: 1 working day after %s is %s, want 2026-06-03", monday, got)
	}
	mustContain(t, c.get(p.Location), "临时放假", T(t, locale.ZH, "admin.calendar.notice.saved"))
	// Deadlines of new orders use the new calendar: dispatch due moves too.
	no := submit(t, newWebClient(t, app), validRequest(app))
	if o, _ := app.Store.Order(context.Background(), no); o.DispatchDue.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04") != "2026-06-01 11:00" {
		t.Errorf("dispatch due: %v", o.DispatchDue)
	}

	for _, tc := range []struct {
		name, field, message string
		form                 url.Values
	}{
		{"bad date", "date", "admin.calendar.error.date", url.Values{"year": {"2026"}, "date": {"2026-02-30"}, "name": {"x"}, "kind": {"off"}}},
		{"far year", "date", "admin.calendar.error.date_year", url.Values{"year": {"2026"}, "date": {"2029-01-01"}, "name": {"x"}, "kind": {"off"}}},
		{"make-up on a weekday", "kind", "admin.calendar.error.makeup_weekday", url.Values{"year": {"2026"}, "date": {"2026-06-03"}, "name": {"x"}, "kind": {"makeup"}}},
		{"no name", "name", "admin.calendar.error.name", url.Values{"year": {"2026"}, "date": {"2026-06-04"}, "name": {""}, "kind": {"off"}}},
		{"listed already", "date", "admin.calendar.error.duplicate", url.Values{"year": {"2026"}, "date": {"2026-06-02"}, "name": {"x"}, "kind": {"off"}}},
		{"year not loaded", "", "admin.calendar.error.not_loaded", url.Values{"year": {"2030"}, "date": {"2030-06-03"}, "name": {"x"}, "kind": {"off"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post("/admin/calendar/days", tc.form)
			if p.Status != http.StatusBadRequest || tc.field != "" && !strings.Contains(p.Body, `id="e-`+tc.field+`"`) {
				t.Fatalf("status %d, or no error on %s: %s", p.Status, tc.field, p.Body)
			}
			msg := T(t, locale.ZH, tc.message, "year", 2026, "date", "2026-06-02")
			if tc.message == "admin.calendar.error.not_loaded" {
				msg = T(t, locale.ZH, tc.message, "year", 2030)
			}
			mustContain(t, p, msg)
		})
	}

	// Removing the day restores the deadline.
	if p := c.post("/admin/calendar/days/delete", url.Values{"year": {"2026"}, "date": {"2026-06-02"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Status)
	}
	if got := next(); got != (workday.Date{Y: 2026, M: time.June, D: 2}) {
		t.Errorf("after removing the day: %s", got)
	}

	// Import next year's schedule; a broken file changes nothing.
	if p := c.upload("/admin/calendar/import", "file", "2027.json", []byte(`{"year":2027,"days":[{"name":"元旦","date":"2027-01-01"}]}`)); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, "isOffDay") {
		t.Errorf("broken schedule: %d", p.Status)
	}
	y2027 := `{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"春节","date":"2027-02-06","isOffDay":true},{"name":"春节","date":"2027-02-07","isOffDay":false}]}`
	if p := c.upload("/admin/calendar/import", "file", "2027.json", []byte(y2027)); p.Status != http.StatusSeeOther {
		t.Fatalf("import 2027: %d: %s", p.Status, p.Body)
	}
	d, err := app.Svc.Calendar().AddDays(workday.Date{Y: 2026, M: time.December, D: 31}, 1)
	if err != nil || d != (workday.Date{Y: 2027, M: time.January, D: 4}) {
		t.Errorf("1 working day after 2026-12-31 with 2027 loaded: %s, %v; want 2027-01-04", d, err)
	}
	if strings.Contains(c.get("/admin/calendar").Body, T(t, locale.ZH, "admin.calendar.missing_next", "year", 2027)) {
		t.Error("the warning about 2027 stays after loading it")
	}

	// Working hours: refused when malformed, in force when saved.
	if p := c.post("/admin/calendar/hours", url.Values{"work_hours": {"9-5"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Body, T(t, locale.ZH, "admin.calendar.error.hours")) || !strings.Contains(p.Body, `value="9-5"`) {
		t.Errorf("bad hours: %d", p.Status)
	}
	if p := c.post("/admin/calendar/hours", url.Values{"work_hours": {"09:00-12:00, 13:00-17:00"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("hours: %d: %s", p.Status, p.Body)
	}
	if got := app.Svc.Calendar().Hours().String(); got != "09:00-12:00,13:00-17:00" {
		t.Errorf("hours in service: %s", got)
	}
	if v, _ := app.Store.Setting(context.Background(), "work_hours", ""); v != "09:00-12:00,13:00-17:00" {
		t.Errorf("stored hours: %q", v)
	}
}

func TestAdminDeadlines(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	c := adminClient(t, app)
	form := url.Values{"category": {"C02"}, "urgency": {"normal"}, "dispatch_hours": {"4"}, "sign_days": {"1"}, "urgent_sign_hours": {"2"},
		"reply_days": {"10"}, "urgent_reply_hours": {"24"}, "callback_days": {"1"}, "rehandle_days": {"15"}}
	for _, tc := range []struct {
		name, field, message string
		form                 url.Values
	}{
		{"zero days", "reply_days", "admin.deadline.error.other", with(form, "reply_days", "0")},
		{"not a number", "sign_days", "admin.deadline.error.other", with(form, "sign_days", "一")},
		{"too many", "rehandle_days", "admin.deadline.error.other", with(form, "rehandle_days", "366")},
		{"no category", "category", "admin.deadline.error.category", with(form, "category", "")},
		{"unknown category", "category", "admin.deadline.error.category", with(form, "category", "C99")},
		{"bad urgency", "urgency", "admin.deadline.error.urgency", with(form, "urgency", "now")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post("/admin/deadlines", tc.form)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			mustContain(t, p, `id="e-`+tc.field+`"`, T(t, locale.ZH, tc.message))
			if tc.field != "category" && tc.field != "urgency" {
				mustContain(t, p, `value="`+tc.form.Get(tc.field)+`"`)
			}
		})
	}
	dispatchDue := func() string {
		no := submit(t, newWebClient(t, app), validRequest(app)) // category C02.01, normal
		o, err := app.Store.Order(context.Background(), no)
		if err != nil {
			t.Fatal(err)
		}
		return o.DispatchDue.In(time.FixedZone("CST", 8*3600)).Format("15:04")
	}
	if got := dispatchDue(); got != "11:00" {
		t.Fatalf("default dispatch due at %s, want 11:00", got)
	}
	if p := c.post("/admin/deadlines", form); p.Status != http.StatusSeeOther {
		t.Fatalf("set: %d: %s", p.Status, p.Body)
	}
	mustContain(t, c.get("/admin/deadlines"), "市场监管", T(t, locale.ZH, "admin.urgency.normal"))
	mustContain(t, c.get("/admin/deadlines?category=C02&urgency=normal"), `name="dispatch_hours" type="number" value="4"`)
	// 09:00 plus 4 working hours: 12:00 at noon, then 14:30–15:30.
	if got := dispatchDue(); got != "15:30" {
		t.Errorf("dispatch due with the override: %s, want 15:30 (ReloadPolicy)", got)
	}
	if p := c.post("/admin/deadlines/delete", url.Values{"category": {"C02"}, "urgency": {"normal"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Status)
	}
	if got := dispatchDue(); got != "11:00" {
		t.Errorf("dispatch due after deleting the override: %s, want 11:00", got)
	}
	if p := c.post("/admin/deadlines/delete", url.Values{"category": {"C02"}, "urgency": {"normal"}}); p.Status != http.StatusNotFound {
		t.Errorf("deleting a missing override: %d, want 404", p.Status)
	}
}
