package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/locale"
	"tongban/internal/storage"
	"tongban/internal/web/browsertest"
)

// library returns an applicant's library as stored.
func (a *deskApp) library(id string) []storage.LibraryEntry {
	a.t.Helper()
	lib, err := a.Store.Library(context.Background(), id)
	if err != nil {
		a.t.Fatal(err)
	}
	return lib
}

// materialIndex is the index of a material in an item's list.
func (a *deskApp) materialIndex(code, name string) int {
	a.t.Helper()
	it, err := a.Store.Item(context.Background(), code)
	if err != nil {
		a.t.Fatal(err)
	}
	for i, m := range it.Materials {
		if m.Name == name {
			return i
		}
	}
	a.t.Fatalf("item %s has no material %s", code, name)
	return -1
}

// download fetches a file as a client, with the response's headers.
func (c *deskClient) download(path string) (int, http.Header, []byte) {
	c.a.t.Helper()
	resp, err := c.hc.Get(c.a.URL + path)
	if err != nil {
		c.a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// covered reports whether the window's start form shows the material as
// supplied by the applicant's library.
func covered(body, material string) bool {
	re := regexp.MustCompile(`(?s)value="` + regexp.QuoteMeta(material) + `"[^<]*>[^<]*</label></td>.*?<td class="library">(.*?)</td>`)
	m := re.FindStringSubmatch(body)
	return m != nil && strings.Contains(m[1], `class="badge ok"`)
}

// TestLibraryPagesByRole: window clerks read and change libraries,
// approvers only read them, other roles see nothing; changes by a role
// without the permission are refused before anything is read.
func TestLibraryPagesByRole(t *testing.T) {
	a := newHallApp(t)
	id := hallCreditCode(41)
	w := a.login("window")
	if r := w.post("/hall/applicants", url.Values{"kind": {"enterprise"}, "id_number": {id}, "name": {"阿拉善左旗驼乡乳业有限公司"}}); r.Status != 303 {
		t.Fatalf("create: %d: %s", r.Status, hallAlert(r.Body))
	}
	r := w.postFile("/hall/applicants/"+id+"/materials", url.Values{"type": {"business_licence"}}, "执照.pdf", pdfFile("", "licence").content)
	if r.Status != 303 {
		t.Fatalf("add: %d: %s", r.Status, hallAlert(r.Body))
	}
	mid := a.library(id)[0].ID
	page := "/hall/applicants/" + id
	file := fmt.Sprintf("%s/materials/%d/file", page, mid)
	clients := map[string]*deskClient{"window": w}
	for _, tc := range []struct {
		user, method, path string
		want               int
		has, lacks         string
	}{
		{"window", "GET", "/hall/applicants", 200, `id="f-id_number"`, ""},
		{"window", "GET", page, 200, `id="library-add"`, ""},
		{"window.yq", "GET", page, 200, `id="lib-`, ""}, // libraries serve every window of the league
		{"approver", "GET", "/hall/applicants", 200, `id="f-id_number"`, ""},
		{"approver", "GET", page, 200, `id="lib-`, `id="library-add"`},
		{"approver", "GET", file, 200, "", ""},
		{"approver", "POST", "/hall/applicants", 403, "", ""},
		{"approver", "POST", page, 403, "", ""},
		{"approver", "POST", page + "/materials", 403, "", ""},
		{"approver", "POST", fmt.Sprintf("%s/materials/%d", page, mid), 403, "", ""},
		{"approver", "POST", fmt.Sprintf("%s/materials/%d/delete", page, mid), 403, "", ""},
		{"agent", "GET", "/hall/applicants", 403, "", ""},
		{"agent", "GET", page, 403, "", ""},
		{"agent", "GET", file, 403, "", ""},
		{"leader", "GET", page, 403, "", ""},
		{"admin", "GET", page, 403, "", ""},
		{"", "GET", page, 303, "", ""},
		{"", "GET", file, 303, "", ""},
		{"window", "GET", "/hall/applicants/" + hallCreditCode(42), 404, "", ""},
		{"window", "GET", fmt.Sprintf("%s/materials/%d/file", page, mid+1), 404, "", ""},
		{"window", "GET", page + "/materials/x/file", 404, "", ""},
	} {
		c := a.anonymous()
		if tc.user != "" {
			if clients[tc.user] == nil {
				clients[tc.user] = a.login(tc.user)
			}
			c = clients[tc.user]
		}
		var r deskResp
		if tc.method == "POST" {
			r = c.post(tc.path, url.Values{"name": {"改名"}, "type": {"business_licence"}})
		} else {
			r = c.get(tc.path)
		}
		if r.Status != tc.want {
			t.Errorf("%s %s as %q: status %d, want %d", tc.method, tc.path, tc.user, r.Status, tc.want)
			continue
		}
		if tc.has != "" && !strings.Contains(r.Body, tc.has) {
			t.Errorf("%s as %q: body lacks %q", tc.path, tc.user, tc.has)
		}
		if tc.lacks != "" && strings.Contains(r.Body, tc.lacks) {
			t.Errorf("%s as %q: body has %q", tc.path, tc.user, tc.lacks)
		}
	}
	if lib := a.library(id); len(lib) != 1 {
		t.Errorf("refused changes left %d entries", len(lib))
	}
	if rec, _ := a.Store.Applicant(context.Background(), id); rec.Name != "阿拉善左旗驼乡乳业有限公司" {
		t.Errorf("a refused change renamed the applicant to %q", rec.Name)
	}
}

// TestLibraryWindowClerk: a window clerk looks an applicant up (a wrong
// check character is marked), records them, adds a business licence
// (refusing a bad validity and a text file with every error at once and
// nothing stored), downloads it, corrects and deletes it; the start form of
// an item that needs the licence shows it covered while it is valid.
func TestLibraryWindowClerk(t *testing.T) {
	a := newHallApp(t)
	ctx := context.Background()
	w := a.login("window")
	id := hallCreditCode(43)
	bad := []byte(id)
	bad[17] = map[bool]byte{true: '1', false: '2'}[bad[17] != '1']

	r := w.get("/hall/applicants?kind=enterprise&id_number=" + string(bad))
	if r.Status != 400 {
		t.Fatalf("a wrong credit code: %d, want 400", r.Status)
	}
	deskWant(t, "wrong code", r.Body, `id="e-id_number"`, "第 18 位", `id="id-mark"`, "<mark>"+string(bad[17])+"</mark>", `value="`+string(bad)+`"`)
	deskWantNot(t, "wrong code", r.Body, `id="library-unknown"`)

	r = w.get("/hall/applicants?kind=enterprise&id_number=" + strings.ToLower(id))
	if r.Status != 200 {
		t.Fatalf("an unknown code: %d", r.Status)
	}
	deskWant(t, "unknown code", r.Body, `id="library-unknown"`, `id="library-create"`, `name="id_number" value="`+id+`"`)
	if r := w.post("/hall/applicants", url.Values{"kind": {"enterprise"}, "id_number": {id}, "phone": {"13947833333"}}); r.Status != 400 {
		t.Fatalf("create without a name: %d", r.Status)
	} else {
		deskWant(t, "create without a name", r.Body, `id="e-name"`, `value="13947833333"`, `id="library-create"`)
	}
	if _, err := a.Store.Applicant(ctx, id); err == nil {
		t.Fatal("a refused form recorded the applicant")
	}
	r = w.post("/hall/applicants", url.Values{"kind": {"enterprise"}, "id_number": {id}, "name": {"阿拉善盟戈壁石材有限公司"}, "phone": {"13947833333"}})
	page := "/hall/applicants/" + id
	if r.Status != 303 || r.Location != page+"?done=created" {
		t.Fatalf("create: %d → %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	if r := w.get("/hall/applicants?kind=enterprise&id_number=" + id); r.Status != 303 || r.Location != page {
		t.Errorf("looking a known applicant up: %d → %q", r.Status, r.Location)
	}
	r = w.get(page + "?done=created")
	deskWant(t, "new applicant", r.Body, `role="status"`, `id="library-empty"`, `<option value="business_licence">营业执照</option>`, `value="阿拉善盟戈壁石材有限公司"`)

	// Every error at once, everything typed kept, nothing stored.
	form := url.Values{"type": {"business_licence"}, "issuer": {"阿拉善左旗市场监督管理局"}, "number": {"91152921MA0TEST01X"},
		"valid_from": {"2030-01-01"}, "valid_to": {"2020-12-31"}}
	r = w.postFile(page+"/materials", form, "执照.txt", []byte("this is not a scan"))
	if r.Status != 400 {
		t.Fatalf("a bad document: %d, want 400", r.Status)
	}
	deskWant(t, "bad document", r.Body, `id="e-valid_to"`, "有效期至不能早于有效期起", `id="e-file"`, "执照.txt",
		`value="阿拉善左旗市场监督管理局"`, `value="91152921MA0TEST01X"`, `value="2030-01-01"`, `value="2020-12-31"`,
		`<option value="business_licence" selected>`)
	r = w.postFiles(page+"/materials", url.Values{"valid_from": {"2020/01/01"}}, nil)
	if r.Status != 400 {
		t.Fatalf("no type, file or date: %d", r.Status)
	}
	deskWant(t, "empty document", r.Body, `id="e-type"`, `id="e-file"`, `id="e-valid_from"`, "2026-01-31")
	r = w.postFile(page+"/materials", url.Values{"type": {"business_licence"}, "valid_to": {"2026-02-30"}}, "执照.pdf", pdfFile("", "licence").content)
	deskWant(t, "good file, bad date", r.Body, `id="e-valid_to"`, `id="file-again"`)
	big := append([]byte("%PDF-1.4\n"), make([]byte, hall.MaxFileSize)...)
	r = w.postFile(page+"/materials", url.Values{"type": {"business_licence"}, "issuer": {"某局"}}, "大扫描件.pdf", big)
	if r.Status != 400 {
		t.Fatalf("a file over the limit: %d, want 400", r.Status)
	}
	deskWant(t, "large file", r.Body, `id="e-file"`, "大扫描件.pdf", `value="某局"`)
	// A body too large to read is cut off: the page says why on the file input.
	r = w.postFile(page+"/materials", url.Values{"type": {"business_licence"}}, "巨大.pdf", bytes.Repeat(big, 3))
	if r.Status != 413 {
		t.Fatalf("a body over the limit: %d, want 413", r.Status)
	}
	deskWant(t, "body over the limit", r.Body, `id="e-file"`, "10 MB", `id="library-add"`)
	if lib := a.library(id); len(lib) != 0 {
		t.Fatalf("refused forms stored %d documents", len(lib))
	}

	// The Mongolian page says the same in Mongolian.
	a.setLang("window", "mn")
	mn := a.login("window")
	r = mn.postFile(page+"/materials", form, "执照.txt", []byte("this is not a scan"))
	cat, _ := locale.Default()
	deskWant(t, "bad document in Mongolian", r.Body, cat.T(locale.MN, "library.err.valid_to", nil), `id="e-file"`)
	a.setLang("window", "zh")
	w = a.login("window")

	code := hallItem(t, "企业变更登记")
	start := "/hall/window/items/" + code + "?kind=enterprise&id_number=" + id
	if b := w.get(start).Body; covered(b, "营业执照") || !strings.Contains(b, `href="/hall/applicants/`+id+`" id="applicant-link"`) {
		t.Errorf("before the licence is stored: covered %v, or no link to the library", covered(b, "营业执照"))
	}
	// An applicant without a record is offered one.
	other := hallCreditCode(48)
	if b := w.get("/hall/window/items/" + code + "?kind=enterprise&id_number=" + other).Body; !strings.Contains(b, `href="/hall/applicants?kind=enterprise&amp;id_number=`+other+`" id="applicant-link"`) {
		t.Errorf("the start form of an unknown applicant does not offer to record them")
	}

	form.Set("valid_from", "2020-01-01")
	form.Set("valid_to", "")
	licence := pdfFile("", "licence of 戈壁石材").content
	r = w.postFile(page+"/materials", form, "营业执照.pdf", licence)
	if r.Status != 303 || r.Location != page+"?done=added" {
		t.Fatalf("add: %d → %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	lib := a.library(id)
	if len(lib) != 1 || lib[0].Type != "business_licence" || lib[0].Issuer != "阿拉善左旗市场监督管理局" || !lib[0].ValidTo.IsZero() ||
		lib[0].ValidFrom.Format("2006-01-02") != "2020-01-01" || lib[0].FileName != "营业执照.pdf" || lib[0].ContentType != "application/pdf" {
		t.Fatalf("stored %+v", lib)
	}
	mid := lib[0].ID
	r = w.get(page)
	deskWant(t, "library", r.Body, fmt.Sprintf(`id="lib-%d" data-type="business_licence" data-state="valid"`, mid), "营业执照.pdf", "2020-01-01 起长期有效",
		fmt.Sprintf(`href="/hall/applicants/%s/materials/%d/file"`, id, mid))
	status, h, body := w.download(fmt.Sprintf("%s/materials/%d/file", page, mid))
	if status != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
		!strings.Contains(h.Get("Content-Disposition"), "filename*=utf-8''%E8%90%A5") || string(body) != string(licence) {
		t.Errorf("download: %d %q %q, %d bytes", status, h.Get("Content-Type"), h.Get("Content-Disposition"), len(body))
	}
	if b := w.get(start).Body; !covered(b, "营业执照") || !strings.Contains(b, `href="/hall/applicants/`+id+`" id="applicant-link"`) {
		t.Errorf("the start form does not show the licence as covered or lacks the link")
	}

	// A correction with a bad validity is refused on its own form.
	pre := fmt.Sprintf("e%d", mid)
	edit := fmt.Sprintf("%s/materials/%d", page, mid)
	r = w.post(edit, url.Values{pre + "_issuer": {"阿拉善盟市场监督管理局"}, pre + "_valid_from": {"2020-01-01"}, pre + "_valid_to": {"2019-01-01"}})
	if r.Status != 400 {
		t.Fatalf("a bad correction: %d", r.Status)
	}
	deskWant(t, "bad correction", r.Body, `id="e-`+pre+`_valid_to"`, `value="阿拉善盟市场监督管理局"`, fmt.Sprintf(`id="edit-%d" open`, mid))
	if got := a.library(id)[0]; got.Issuer != "阿拉善左旗市场监督管理局" || !got.ValidTo.IsZero() {
		t.Fatalf("a refused correction changed the entry: %+v", got)
	}
	// Expired yesterday: the start form asks for it again.
	yesterday := a.Now().AddDate(0, 0, -1).Format("2006-01-02")
	r = w.post(edit, url.Values{pre + "_issuer": {"阿拉善盟市场监督管理局"}, pre + "_number": {"91152921MA0TEST01X"}, pre + "_valid_from": {"2020-01-01"}, pre + "_valid_to": {yesterday}})
	if r.Status != 303 || r.Location != page+"?done=updated" {
		t.Fatalf("correct: %d: %s", r.Status, hallAlert(r.Body))
	}
	if got := a.library(id)[0]; got.Issuer != "阿拉善盟市场监督管理局" || got.Type != "business_licence" || got.SHA256 != lib[0].SHA256 {
		t.Errorf("corrected %+v", got)
	}
	deskWant(t, "expired", w.get(page).Body, `data-state="expired"`, "已过期")
	if b := w.get(start).Body; covered(b, "营业执照") || !strings.Contains(b, "库中材料已过期") {
		t.Errorf("an expired licence is still covered, or not shown as stale")
	}

	r = w.post(edit+"/delete", nil)
	if r.Status != 303 || len(a.library(id)) != 0 {
		t.Fatalf("delete: %d, %d left", r.Status, len(a.library(id)))
	}
	if r := w.post(edit+"/delete", nil); r.Status != 404 {
		t.Errorf("delete twice: %d, want 404", r.Status)
	}

	// Name and phone.
	if r := w.post(page, url.Values{"name": {""}, "phone": {"13900000000"}}); r.Status != 400 || !strings.Contains(r.Body, `id="e-name"`) || !strings.Contains(r.Body, `value="13900000000"`) {
		t.Errorf("a record without a name: %d", r.Status)
	}
	if r := w.post(page, url.Values{"name": {"阿拉善盟戈壁新材料有限公司"}, "phone": {"13900000000"}}); r.Status != 303 {
		t.Errorf("rename: %d", r.Status)
	}
	if rec, _ := a.Store.Applicant(ctx, id); rec.Name != "阿拉善盟戈壁新材料有限公司" || rec.Phone != "13900000000" || rec.Kind != application.Enterprise {
		t.Errorf("renamed %+v", rec)
	}
}

// onlineSubmit applies online for an item with a file for every material
// and returns the application's number.
func onlineSubmit(t *testing.T, a *deskApp, code, id string) string {
	t.Helper()
	it, err := a.Store.Item(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]onlineUpload{}
	for i, m := range it.Materials {
		files[fmt.Sprintf("file_%d", i)] = pdfFile(m.Name+".pdf", m.Name+" "+id)
	}
	r := a.anonymous().postFiles("/online/items/"+code, url.Values{"kind": {"enterprise"}, "id_number": {id}, "name": {"阿拉善左旗沙棘饮品有限公司"},
		"phone": {"13947844444"}, "window": {a.onlineWindow()}}, files)
	m := onlineLinkRe.FindStringSubmatch(r.Location)
	if r.Status != 303 || m == nil {
		t.Fatalf("online submit: %d: %s", r.Status, hallAlert(r.Body))
	}
	return m[1]
}

// TestLibraryFromApplication: the file an online application uploaded for
// a reusable material goes to the applicant's library from the application
// page without uploading it again; the next start form finds it.
func TestLibraryFromApplication(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "企业变更登记")
	it, err := a.Store.Item(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	id := hallCreditCode(44)
	no := onlineSubmit(t, a, code, id)
	row := a.materialIndex(code, "营业执照")
	pre := fmt.Sprintf("lib%d", row)
	app := "/hall/applications/" + no
	w := a.login("window")
	b := w.get(app).Body
	deskWant(t, "application page", b, fmt.Sprintf(`id="do-store-%d"`, row), `name="`+pre+`_valid_to"`, `href="/hall/applicants/`+id+`" id="library-link"`)
	if form := a.materialIndex(code, it.Materials[len(it.Materials)-1].Name); strings.Contains(b, fmt.Sprintf(`id="do-store-%d"`, form)) {
		t.Errorf("a material that is not reusable is offered for the library")
	}
	if b := a.login("approver").get(app).Body; strings.Contains(b, "do-store-") {
		t.Errorf("the approver is offered the library form")
	}
	if r := a.login("approver").post(app+"/library", url.Values{"row": {fmt.Sprint(row)}, "material": {"营业执照"}}); r.Status != 403 {
		t.Errorf("approver stores: %d, want 403", r.Status)
	}

	r := w.post(app+"/library", url.Values{"row": {fmt.Sprint(row)}, "material": {"营业执照"}, pre + "_issuer": {"阿拉善左旗市场监督管理局"}, pre + "_valid_to": {"31.12.2030"}})
	if r.Status != 400 {
		t.Fatalf("a bad date: %d", r.Status)
	}
	deskWant(t, "bad date", r.Body, `id="e-`+pre+`_valid_to"`, `value="阿拉善左旗市场监督管理局"`, `value="31.12.2030"`)
	if lib := a.library(id); len(lib) != 0 {
		t.Fatalf("a refused form stored %d documents", len(lib))
	}
	formRow := a.materialIndex(code, it.Materials[len(it.Materials)-1].Name)
	if r := w.post(app+"/library", url.Values{"row": {fmt.Sprint(formRow)}, "material": {it.Materials[formRow].Name}}); r.Status != 400 ||
		!strings.Contains(r.Body, "不是可以存入材料库的证照") {
		t.Errorf("a material that is not reusable: %d: %s", r.Status, hallAlert(r.Body))
	}

	r = w.post(app+"/library", url.Values{"row": {fmt.Sprint(row)}, "material": {"营业执照"}, pre + "_issuer": {"阿拉善左旗市场监督管理局"},
		pre + "_number": {"91152921MA0SJYP01X"}, pre + "_valid_to": {"2040-12-31"}})
	if r.Status != 303 || r.Location != app+"?done=library" {
		t.Fatalf("store: %d → %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	lib := a.library(id)
	var sha string
	for _, p := range a.hallApp(no).Materials {
		if p.Name == "营业执照" {
			sha = p.SHA256
		}
	}
	if len(lib) != 1 || lib[0].SHA256 != sha || lib[0].Type != "business_licence" || lib[0].FileName != "营业执照.pdf" ||
		lib[0].ValidTo.Format("2006-01-02") != "2040-12-31" || lib[0].Number != "91152921MA0SJYP01X" {
		t.Fatalf("stored %+v (application file %s)", lib, sha)
	}
	b = w.get(app + "?done=library").Body
	deskWant(t, "stored", b, `role="status"`, fmt.Sprintf(`id="store-%d">`, row), "已在材料库")
	deskWantNot(t, "stored", b, fmt.Sprintf(`id="do-store-%d"`, row))
	if r := w.post(app+"/library", url.Values{"row": {fmt.Sprint(row)}, "material": {"营业执照"}}); r.Status != 409 || len(a.library(id)) != 1 {
		t.Errorf("storing twice: %d, %d entries", r.Status, len(a.library(id)))
	}
	if b := w.get("/hall/window/items/" + code + "?kind=enterprise&id_number=" + id).Body; !covered(b, "营业执照") {
		t.Errorf("the start form does not find the stored licence")
	}
	// Another banner's window does not see the application, so it cannot
	// take its files.
	if r := a.login("window.yq").post(app+"/library", url.Values{"row": {fmt.Sprint(row)}, "material": {"营业执照"}}); r.Status != 404 {
		t.Errorf("another banner's window: %d, want 404", r.Status)
	}
}

// TestLibraryPagesAreLabelledAndTranslated runs the accessibility checks
// over the library pages and the application page's library forms, in
// both languages.
func TestLibraryPagesAreLabelledAndTranslated(t *testing.T) {
	a := newHallApp(t)
	id := hallPersonID(45)
	w := a.login("window")
	w.post("/hall/applicants", url.Values{"kind": {"person"}, "id_number": {id}, "name": {"其其格"}})
	if r := w.postFile("/hall/applicants/"+id+"/materials", url.Values{"type": {"resident_id_card"}, "valid_to": {"2036-05-01"}}, "身份证.png",
		[]byte("\x89PNG\r\n\x1a\n0000000000000000")); r.Status != 303 {
		t.Fatalf("add: %d: %s", r.Status, hallAlert(r.Body))
	}
	code := hallItem(t, "个体工商户设立登记")
	files := map[string]onlineUpload{}
	for i, m := range a.hallRequired(code) {
		files[fmt.Sprintf("file_%d", i)] = pdfFile(m+".pdf", m)
	}
	other := hallPersonID(46)
	r := a.anonymous().postFiles("/online/items/"+code, url.Values{"kind": {"person"}, "id_number": {other}, "name": {"巴特尔"},
		"phone": {"13947855555"}, "window": {a.onlineWindow()}}, files)
	m := onlineLinkRe.FindStringSubmatch(r.Location)
	if m == nil {
		t.Fatalf("online submit: %d: %s", r.Status, hallAlert(r.Body))
	}
	pages := map[string][]string{
		"window": {"/hall/applicants", "/hall/applicants?kind=person&id_number=" + hallPersonID(47), "/hall/applicants/" + id,
			"/hall/applications/" + m[1], "/hall/window/items/" + code + "?kind=person&id_number=" + id},
		"approver": {"/hall/applicants", "/hall/applicants/" + id},
	}
	checkPages(t, a.URL, pages)
}

// TestLibraryInBothLanguages: from the window desk a clerk records an
// enterprise and stores its business licence with the file chosen in the
// browser, in Chinese and in Mongolian, with a screenshot of the library.
func TestLibraryInBothLanguages(t *testing.T) {
	a := newHallApp(t)
	b := browsertest.New(t)
	scan := filepath.Join(t.TempDir(), "营业执照.pdf")
	if err := os.WriteFile(scan, pdfFile("", "licence").content, 0o644); err != nil {
		t.Fatal(err)
	}
	click := func(sel string) { b.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)) }
	code := hallItem(t, "企业变更登记")
	row := a.materialIndex(code, "营业执照")
	sel, pre := fmt.Sprintf("#store-%d", row), fmt.Sprintf("lib%d", row)
	for i, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			a.setLang("window", lang)
			b.Login(a.URL, "window", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/window"), chromedp.WaitVisible(chromedp.CSS("#applicants-link")))
			click("#applicants-link")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#f-id_number")))
			id := hallCreditCode(uint64(60 + i))
			click("#f-kind-enterprise")
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-id_number"), id))
			click("#library-find")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#library-create")))
			b.Screenshot("hall-applicants-new." + lang)
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-name"), "阿拉善左旗驼乡乳业有限公司"))
			click("#library-create")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#library-add")),
				chromedp.SetValue(chromedp.CSS("#f-type"), "business_licence"),
				chromedp.SendKeys(chromedp.CSS("#f-issuer"), "阿拉善左旗市场监督管理局"),
				chromedp.SetValue(chromedp.CSS("#f-valid_from"), "2020-01-01"),
				chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{scan}))
			click("#library-add-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`tr[data-type="business_licence"]`)))
			if state := b.Text(`tr[data-type="business_licence"] .badge`); state == "" || lang == "mn" && !hasMongolian(state) {
				t.Errorf("state badge %q", state)
			}
			if lib := a.library(id); len(lib) != 1 || lib[0].FileName != "营业执照.pdf" {
				t.Fatalf("stored %+v", lib)
			}
			b.Screenshot("hall-library." + lang)

			// The application page stores an uploaded file without uploading
			// it again.
			no := onlineSubmit(t, a, code, id)
			b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+no), chromedp.WaitVisible(chromedp.CSS(sel+" summary")))
			click(sel + " summary")
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-"+pre+"_issuer"), "阿拉善左旗市场监督管理局"))
			b.Screenshot("hall-app-library." + lang)
			click("#do-store-" + fmt.Sprint(row))
			b.Do(chromedp.WaitVisible(chromedp.CSS(sel + " .badge.ok")))
			if lib := a.library(id); len(lib) != 2 || lib[1].FileName != "营业执照.pdf" || lib[1].SHA256 == lib[0].SHA256 {
				t.Errorf("after storing: %+v", lib)
			}
		})
	}
}
