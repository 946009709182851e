package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tongban/internal/apptest"
	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/locale"
	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// newCatalogApp starts a server over st with the demo catalog loaded.
func newCatalogApp(t *testing.T, st *storage.Store) *apptest.App {
	t.Helper()
	app := apptest.New(t, st)
	if err := demo.SeedCatalog(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return app
}

// download fetches an export and returns its body and headers.
func (c *webClient) download(path string) (int, http.Header, []byte) {
	c.t.Helper()
	resp, err := c.hc.Get(c.app.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// export fetches an export that must succeed.
func (c *webClient) export(query string) []byte {
	c.t.Helper()
	status, _, b := c.download("/admin/catalog/export?" + query)
	if status != http.StatusOK {
		c.t.Fatalf("export %s: status %d: %s", query, status, b)
	}
	return b
}

// catalogRecords reads a CSV export (header first).
func catalogRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func catalogCSV(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// column is the index of a catalog column.
func column(t *testing.T, name string) int {
	t.Helper()
	for i, c := range catalog.Columns {
		if c == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

var catalogCodeRe = regexp.MustCompile(`href="/guide/(AL-[A-Z0-9-]+)"`)

func TestAdminCatalogPages(t *testing.T) {
	app := newCatalogApp(t, storagetest.OpenSQLite(t))
	admin := adminClient(t, app)
	name := func(code string) string {
		it, err := app.Store.Item(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		return it.NameZH
	}
	first := catalog.Demo()[0].Code // the first page starts with the lowest code
	for _, it := range catalog.Demo() {
		first = min(first, it.Code)
	}
	for _, lang := range []locale.Lang{locale.ZH, locale.MN} {
		admin.setLang(string(lang))
		for _, path := range []string{"/admin/catalog", "/admin/catalog?q=" + url.QueryEscape("个体工商户"),
			"/admin/catalog?department=scjgj&kind=licensing&online_depth=full_online&active=1", "/admin/catalog/departments",
			"/admin/catalog/departments?department=scjgj"} {
			p := admin.get(path)
			if p.Status != http.StatusOK {
				t.Fatalf("%s GET %s: status %d", lang, path, p.Status)
			}
			checkPage(t, string(lang)+" "+path, p.Body, string(lang))
			if strings.Contains(p.Body, "[catalog.") || strings.Contains(p.Body, "[item.") || strings.Contains(p.Body, "[admin.") {
				t.Errorf("%s GET %s: a message is missing from the catalog", lang, path)
			}
		}
		p := admin.get("/admin/catalog")
		mustContain(t, p, T(t, lang, "catalog.admin.title"), T(t, lang, "catalog.admin.count", "total", len(catalog.Demo())),
			`href="/guide/`+first+`"`, `href="/admin/catalog/export?format=csv"`, `href="/admin/catalog/export?format=xlsx"`,
			T(t, lang, "item.kind.licensing"), `action="/admin/catalog/import"`, `enctype="multipart/form-data"`)
		// The department filter offers that department's exports too.
		p = admin.get("/admin/catalog?department=scjgj")
		mustContain(t, p, `href="/admin/catalog/export?department=scjgj&amp;format=csv"`, `href="/admin/catalog/export?department=scjgj&amp;format=xlsx"`)
	}
	admin.setLang("zh")

	// Search: the text finds the item by name, and only items that match.
	p := admin.get("/admin/catalog?q=" + url.QueryEscape("个体工商户设立"))
	codes := catalogCodeRe.FindAllStringSubmatch(p.Body, -1)
	if len(codes) == 0 {
		t.Fatal("search 个体工商户设立: no items")
	}
	for _, m := range codes {
		if n := name(m[1]); !strings.Contains(n, "个体工商户设立") {
			t.Errorf("search 个体工商户设立 lists %s %s", m[1], n)
		}
	}
	mustContain(t, p, T(t, locale.ZH, "catalog.admin.matching", "count", len(codes), "total", len(catalog.Demo())))
	// The department filter lists that department's items only.
	for _, m := range catalogCodeRe.FindAllStringSubmatch(admin.get("/admin/catalog?department=gaj").Body, -1) {
		if !strings.HasPrefix(m[1], "AL-GAJ-") {
			t.Errorf("department gaj lists %s", m[1])
		}
	}

	// Paging: 50 a page by code, the next page after the last code, every
	// item once.
	seen := map[string]bool{}
	next, pages := "/admin/catalog", 0
	for next != "" {
		p := admin.get(next)
		pages++
		page := catalogCodeRe.FindAllStringSubmatch(p.Body, -1)
		if len(page) == 0 || len(page) > 50 {
			t.Fatalf("%s: %d items", next, len(page))
		}
		for _, m := range page {
			if seen[m[1]] {
				t.Fatalf("%s lists %s again", next, m[1])
			}
			seen[m[1]] = true
		}
		if pages > 1 && !strings.Contains(p.Body, T(t, locale.ZH, "catalog.admin.first")) {
			t.Errorf("%s: no link back to the first page", next)
		}
		next = ""
		if m := regexp.MustCompile(`href="([^"]*)" rel="next"`).FindStringSubmatch(p.Body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != len(catalog.Demo()) || pages != (len(catalog.Demo())+49)/50 {
		t.Errorf("paging saw %d items on %d pages, want %d items", len(seen), pages, len(catalog.Demo()))
	}
}

// TestAdminCatalogForbidden: every role but the administrator is refused
// the pages, the export and both forms, and nothing they post changes.
func TestAdminCatalogForbidden(t *testing.T) {
	app := newCatalogApp(t, storagetest.OpenSQLite(t))
	ctx := context.Background()
	before, _ := app.Store.DepartmentUnits(ctx)
	unit := app.Units[demo.DeptCode(zuoqi, "spj")]
	seen := map[org.Role]bool{org.Admin: true}
	for _, a := range demo.Accounts {
		if seen[a.Role] {
			continue
		}
		seen[a.Role] = true
		t.Run(a.Username, func(t *testing.T) {
			c := newWebClient(t, app)
			c.login(a.Username, demo.Password)
			for _, path := range []string{"/admin/catalog", "/admin/catalog/departments", "/admin/catalog/export?format=csv"} {
				if p := c.get(path); p.Status != http.StatusForbidden {
					t.Errorf("%s GET %s: status %d, want 403", a.Role, path, p.Status)
				} else {
					mustContain(t, p, T(t, locale.Lang(a.Lang), "error.forbidden"))
				}
			}
			good := catalogCSV(t, [][]string{catalog.Columns})
			if p := c.upload("/admin/catalog/import", "file", "x.csv", good); p.Status != http.StatusForbidden {
				t.Errorf("%s import: status %d, want 403", a.Role, p.Status)
			}
			form := url.Values{"department": {"scjgj"}, "unit_" + zuoqi: {strconv.FormatInt(unit, 10)}}
			if p := c.post("/admin/catalog/departments", form); p.Status != http.StatusForbidden {
				t.Errorf("%s departments: status %d, want 403", a.Role, p.Status)
			}
		})
	}
	if after, _ := app.Store.DepartmentUnits(ctx); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("a non-admin changed the department units")
	}
	if p := newWebClient(t, app).get("/admin/catalog"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("anonymous /admin/catalog: %d → %q", p.Status, p.Location)
	}
}

// TestAdminCatalogImport: a good file changes and adds items; a file with
// one bad row is refused with that row and column named in the user's
// language, and the catalog stays byte for byte what it was, even though
// the file's other rows were good and changed items.
func TestAdminCatalogImport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		app := newCatalogApp(t, st)
		ctx := context.Background()
		admin := adminClient(t, app)
		recs := catalogRecords(t, admin.export("format=csv"))
		nameCol, kindCol, codeCol := column(t, "name_zh"), column(t, "kind"), column(t, "code")

		// A good file: one item renamed, one added.
		good := make([][]string, len(recs))
		for i := range recs {
			good[i] = append([]string(nil), recs[i]...)
		}
		row := 0 // AL-SCJGJ-0001's record
		for i, r := range good {
			if r[codeCol] == "AL-SCJGJ-0001" {
				row = i
			}
		}
		if row == 0 {
			t.Fatal("the export lacks AL-SCJGJ-0001")
		}
		good[row][nameCol] = "企业设立登记（测试改名）"
		added := append([]string(nil), good[row]...)
		added[codeCol], added[nameCol] = "AL-SCJGJ-0999", "测试新增事项"
		good = append(good, added)
		p := admin.upload("/admin/catalog/import", "file", "good.csv", catalogCSV(t, good))
		if p.Status != http.StatusSeeOther || p.Location != "/admin/catalog?imported="+strconv.Itoa(len(good)-1) {
			t.Fatalf("good import: %d → %q: %s", p.Status, p.Location, hallAlert(p.Body))
		}
		mustContain(t, admin.get(p.Location), T(t, locale.ZH, "catalog.admin.imported", "count", len(good)-1))
		if it, err := st.Item(ctx, "AL-SCJGJ-0001"); err != nil || it.NameZH != "企业设立登记（测试改名）" {
			t.Errorf("renamed item: %q, %v", it.NameZH, err)
		}
		if it, err := st.Item(ctx, "AL-SCJGJ-0999"); err != nil || it.NameZH != "测试新增事项" {
			t.Errorf("added item: %q, %v", it.NameZH, err)
		}
		if n, _ := st.CountItems(ctx); n != len(catalog.Demo())+1 {
			t.Errorf("items after the good import: %d, want %d", n, len(catalog.Demo())+1)
		}

		// A bad file: good changes in rows 2 and 3, a kind no catalog has in
		// row 7 (column E).
		before := admin.export("format=csv")
		bad := catalogRecords(t, before)
		bad[1][nameCol] = "不该保存的名称"
		bad[2][nameCol] = "也不该保存"
		bad[6][kindCol] = "不存在的类型"
		for _, lang := range []locale.Lang{locale.ZH, locale.MN} {
			admin.setLang(string(lang))
			p := admin.upload("/admin/catalog/import", "file", "bad.csv", catalogCSV(t, bad))
			if p.Status != http.StatusBadRequest {
				t.Fatalf("%s bad import: status %d, want 400", lang, p.Status)
			}
			// The reason is in the page's language too, with the cell's
			// value; the English the command line prints is not shown.
			mustContain(t, p, T(t, lang, "catalog.admin.import.failed", "file", "bad.csv", "count", 1),
				T(t, lang, "catalog.admin.problems"), "<td>bad.csv</td><td>7</td><td>E</td><td>"+T(t, lang, "catalog.column.kind")+"</td>",
				`<td class="reason">`+T(t, lang, "catalog.reason.kind", "value", "不存在的类型")+"</td>")
			if strings.Contains(p.Body, "is not a kind") {
				t.Errorf("%s: the reason is shown in English", lang)
			}
			if strings.Contains(p.Body, "[catalog.") {
				t.Errorf("%s: a message is missing", lang)
			}
			checkPage(t, string(lang)+" failed import", p.Body, string(lang))

			// A reason that names another column or a kind names them in
			// the page's language.
			over := catalogRecords(t, before)
			over[9][column(t, "legal_days")], over[9][column(t, "promised_days")] = "5", "10"
			over[10][kindCol], over[10][column(t, "legal_basis")] = "licensing", ""
			p = admin.upload("/admin/catalog/import", "file", "over.csv", catalogCSV(t, over))
			mustContain(t, p, "<td>over.csv</td><td>10</td><td>G</td>",
				T(t, lang, "catalog.reason.promised_exceeds", "value", 10, "field", T(t, lang, "catalog.column.legal_days"), "limit", 5),
				"<td>over.csv</td><td>11</td><td>Q</td>", T(t, lang, "catalog.reason.legal_basis_required", "kind", T(t, lang, "item.kind.licensing")))
			// The hall's own check, a department the catalog lacks, too.
			dept := catalogRecords(t, before)
			dept[4][column(t, "department")] = "nosuchdept"
			p = admin.upload("/admin/catalog/import", "file", "dept.csv", catalogCSV(t, dept))
			mustContain(t, p, "<td>dept.csv</td><td>5</td><td>D</td>", T(t, lang, "catalog.reason.department_unknown", "value", "nosuchdept"))
			if strings.Contains(p.Body, "must not exceed") || strings.Contains(p.Body, "is not a department") {
				t.Errorf("%s: a reason is shown in English", lang)
			}
		}
		admin.setLang("zh")
		if after := admin.export("format=csv"); !bytes.Equal(after, before) {
			t.Error("a refused import changed the catalog")
		}

		// Every bad row is listed, not only the first; an empty upload and a
		// missing file are field errors.
		bad[9][column(t, "legal_days")] = "三十"
		p = admin.upload("/admin/catalog/import", "file", "bad2.csv", catalogCSV(t, bad))
		mustContain(t, p, "<td>bad2.csv</td><td>7</td><td>E</td>", "<td>bad2.csv</td><td>10</td><td>F</td>",
			T(t, locale.ZH, "catalog.admin.import.failed", "file", "bad2.csv", "count", 2))
		if p := admin.upload("/admin/catalog/import", "other", "x.csv", []byte("x")); p.Status != http.StatusBadRequest {
			t.Errorf("no file: status %d, want 400", p.Status)
		} else {
			mustContain(t, p, T(t, locale.ZH, "admin.import.error.file"))
		}
		if p := admin.upload("/admin/catalog/import", "file", "big.csv", bytes.Repeat([]byte("a"), hall.MaxCatalogFile+1)); p.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("too large: status %d, want 413", p.Status)
		} else {
			mustContain(t, p, T(t, locale.ZH, "catalog.admin.error.too_large", "mib", hall.MaxCatalogFile>>20))
		}
		if after := admin.export("format=csv"); !bytes.Equal(after, before) {
			t.Error("a refused import changed the catalog")
		}
	})
}

// TestAdminCatalogExportRoundTrip: an export imported again gives the same
// export, as CSV and as XLSX, and a department's export holds its items.
func TestAdminCatalogExportRoundTrip(t *testing.T) {
	app := newCatalogApp(t, storagetest.OpenSQLite(t))
	admin := adminClient(t, app)
	for _, tc := range []struct{ query, file, ctype string }{
		{"format=csv", "catalog.csv", "text/csv; charset=utf-8"},
		{"format=xlsx", "catalog.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"format=xlsx&department=scjgj", "catalog-scjgj.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	} {
		status, h, b := admin.download("/admin/catalog/export?" + tc.query)
		if status != http.StatusOK || h.Get("Content-Type") != tc.ctype ||
			h.Get("Content-Disposition") != `attachment; filename="`+tc.file+`"` {
			t.Fatalf("export %s: %d %q %q", tc.query, status, h.Get("Content-Type"), h.Get("Content-Disposition"))
		}
		if len(b) == 0 {
			t.Errorf("export %s is empty", tc.query)
		}
	}
	csv1 := admin.export("format=csv")
	xlsx1 := admin.export("format=xlsx")
	for _, f := range []struct {
		name string
		b    []byte
	}{{"catalog.csv", csv1}, {"catalog.xlsx", xlsx1}} {
		p := admin.upload("/admin/catalog/import", "file", f.name, f.b)
		if p.Status != http.StatusSeeOther || p.Location != "/admin/catalog?imported="+strconv.Itoa(len(catalog.Demo())) {
			t.Fatalf("import %s: %d → %q: %s", f.name, p.Status, p.Location, hallAlert(p.Body))
		}
		if got := admin.export("format=csv"); !bytes.Equal(got, csv1) {
			t.Errorf("import %s changed the CSV export", f.name)
		}
	}
	// An XLSX written after the round trip reads back as the same items.
	p := admin.upload("/admin/catalog/import", "file", "again.xlsx", admin.export("format=xlsx"))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("import the second XLSX: %d", p.Status)
	}
	if got := admin.export("format=csv"); !bytes.Equal(got, csv1) {
		t.Error("the XLSX round trip changed the catalog")
	}
	recs := catalogRecords(t, admin.export("format=csv&department=gaj"))
	if len(recs) < 2 {
		t.Fatal("department gaj exports no items")
	}
	for _, r := range recs[1:] {
		if r[column(t, "department")] != "gaj" {
			t.Errorf("department gaj exports %s of %s", r[0], r[column(t, "department")])
		}
	}
	for query, want := range map[string]int{"format=pdf": 400, "format=csv&department=nope": 404} {
		if status, h, _ := admin.download("/admin/catalog/export?" + query); status != want || h.Get("Content-Disposition") != "" {
			t.Errorf("export %s: status %d (%q), want %d and no attachment", query, status, h.Get("Content-Disposition"), want)
		}
	}
}

// TestAdminDepartments: the page shows who handles a department where;
// a unit of the region's subtree can take over; a unit elsewhere, of the
// wrong kind, retired or unknown is refused with nothing stored.
func TestAdminDepartments(t *testing.T) {
	app := newCatalogApp(t, storagetest.OpenSQLite(t))
	ctx := context.Background()
	admin := adminClient(t, app)
	st := app.Store
	id := func(code string) string { return strconv.FormatInt(app.Units[code], 10) }
	league := catalog.RegionLeague
	youqi := catalog.RegionYouqi

	p := admin.get("/admin/catalog/departments")
	mustContain(t, p, `id="dept-scjgj"`, "阿拉善盟市场监督管理局", "阿拉善左旗市场监督管理局", `href="/admin/catalog/departments?department=scjgj#edit"`)
	p = admin.get("/admin/catalog/departments?department=scjgj")
	mustContain(t, p, `name="unit_`+league+`"`, `name="unit_`+zuoqi+`"`, `<option value="`+id(demo.DeptCode(zuoqi, "scjgj"))+`" selected>`)
	// The banner's select offers the banner's departments, not another
	// banner's.
	if strings.Contains(selectOf(p.Body, "unit_"+zuoqi), `value="`+id(demo.DeptCode(youqi, "scjgj"))+`"`) {
		t.Error("阿拉善左旗's select offers 阿拉善右旗's bureau")
	}

	before, err := st.DepartmentUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	town := id("office-" + bhht)
	retired := app.Units[demo.DeptCode(zuoqi, "sfj")]
	u, err := st.Unit(ctx, retired)
	if err != nil {
		t.Fatal(err)
	}
	u.Active = false
	if err := st.UpdateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	unitName := func(code string) string {
		u, err := st.Unit(ctx, app.Units[code])
		if err != nil {
			t.Fatal(err)
		}
		return u.NameZH
	}
	for _, tc := range []struct {
		name, value, message string
		args                 []any
	}{
		{"another banner's unit", id(demo.DeptCode(youqi, "scjgj")), "catalog.dept.error.region",
			[]any{"unit", unitName(demo.DeptCode(youqi, "scjgj")), "region", "阿拉善左旗"}},
		{"a town office", town, "catalog.dept.error.kind", []any{"unit", unitName("office-" + bhht)}},
		{"a retired unit", strconv.FormatInt(retired, 10), "catalog.dept.error.inactive", []any{"unit", u.NameZH}},
		{"no such unit", "999999", "catalog.dept.error.unit", nil},
		{"not a number", "abc", "catalog.dept.error.unit", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The league row's change is valid, the banner's is not:
			// neither is stored.
			form := url.Values{"department": {"scjgj"}, "unit_" + league: {id(demo.DeptCode(league, "spj"))}, "unit_" + zuoqi: {tc.value}}
			p := admin.post("/admin/catalog/departments", form)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			mustContain(t, p, `aria-describedby="e-unit_`+zuoqi+`"`, `<p class="error" id="e-unit_`+zuoqi+`">`+T(t, locale.ZH, tc.message, tc.args...)+`</p>`)
			if strings.Contains(p.Body, `id="e-unit_`+league+`"`) {
				t.Error("the league's valid choice is marked")
			}
			// The valid choice is shown again; the refused one, which the
			// select does not offer, falls back to the stored unit.
			if sel := selectOf(p.Body, "unit_"+league); !strings.Contains(sel, `value="`+id(demo.DeptCode(league, "spj"))+`" selected`) {
				t.Error("the league's choice is not shown again")
			}
			if sel := selectOf(p.Body, "unit_"+zuoqi); !strings.Contains(sel, `value="`+id(demo.DeptCode(zuoqi, "scjgj"))+`" selected`) {
				t.Error("the banner's select does not fall back to the stored unit")
			}
			if after, _ := st.DepartmentUnits(ctx); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Error("a refused change was stored")
			}
		})
	}
	if p := admin.post("/admin/catalog/departments", url.Values{"department": {"nope"}}); p.Status != http.StatusNotFound {
		t.Errorf("unknown department: status %d, want 404", p.Status)
	}

	// A valid change: 阿拉善左旗's items of scjgj go to its 行政审批局.
	spj := id(demo.DeptCode(zuoqi, "spj"))
	p = admin.post("/admin/catalog/departments", url.Values{"department": {"scjgj"}, "unit_" + zuoqi: {spj}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/admin/catalog/departments?saved=scjgj") {
		t.Fatalf("save: %d → %q: %s", p.Status, p.Location, hallAlert(p.Body))
	}
	if got, err := st.DepartmentUnit(ctx, "scjgj", zuoqi); err != nil || strconv.FormatInt(got, 10) != spj {
		t.Errorf("scjgj in 阿拉善左旗: unit %d, %v; want %s", got, err, spj)
	}
	if got, _ := st.DepartmentUnit(ctx, "scjgj", league); got != app.Units[demo.DeptCode(league, "scjgj")] {
		t.Errorf("the league's row changed to %d", got)
	}
	mustContain(t, admin.get(p.Location), T(t, locale.ZH, "catalog.dept.saved", "department", "阿拉善盟市场监督管理局"), "阿拉善左旗行政审批和政务服务局")
}

// selectOf returns the HTML of the select named name.
func selectOf(body, name string) string {
	i := strings.Index(body, `<select id="f-`+name+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</select>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
