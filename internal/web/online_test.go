package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
)

// postFiles posts a multipart form with files: field name → file name and
// content.
func (c *deskClient) postFiles(path string, form url.Values, files map[string]onlineUpload) deskResp {
	c.a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, f := range files {
		fw, _ := mw.CreateFormFile(field, f.name)
		fw.Write(f.content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.a.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

type onlineUpload struct {
	name    string
	content []byte
}

func pdfFile(name, text string) onlineUpload {
	return onlineUpload{name, []byte("%PDF-1.4\n% " + text + "\n%%EOF\n")}
}

var (
	onlineLinkRe = regexp.MustCompile(`^/online/applications/(SQ[0-9]+)\?(?:done=[a-z_]+&)?k=([A-Za-z0-9_-]+)`)
	keptRe       = regexp.MustCompile(`name="have_(\d+)" value="([^"]+)"`)
)

// onlineWindow is 阿拉善左旗's comprehensive window, where the demo's
// window account works.
func (a *deskApp) onlineWindow() string {
	return fmt.Sprint(a.unit(demo.DeptCode("152921000000", "spj")))
}

// staffAct takes an action on an application as a demo account.
func (a *deskApp) staffAct(user, no string, cmd application.Command) *application.Application {
	a.t.Helper()
	v, err := a.Hall.Act(context.Background(), hall.Staff(a.subject(user)), no, cmd, 0)
	if err != nil {
		a.t.Fatalf("%s %s %s: %v", user, cmd.Action(), no, err)
	}
	return v.App
}

// TestOnlineApplication runs one application through the applicant
// portal: a form with a wrong credit code, a file of the wrong type, one
// over the size limit and no window comes back with every error and the
// good file kept; fixed, it is
// submitted; a stranger cannot open it; the window's correction notice is
// answered with a file; once issued it is rated, once.
func TestOnlineApplication(t *testing.T) {
	a := newHallApp(t)
	ctx := context.Background()
	code := hallItem(t, "企业变更登记")
	it, err := a.Store.Item(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	c := a.anonymous()

	r := c.get("/online?q=" + url.QueryEscape("企业变更"))
	if r.Status != 200 || !strings.Contains(r.Body, `href="/online/items/`+code+`"`) || !strings.Contains(r.Body, `/online/bundles/`+application.BundleEnterpriseOpening) {
		t.Fatalf("/online: %d, lacks the item or the bundle", r.Status)
	}
	r = c.get("/online/items/" + code)
	if r.Status != 200 || !strings.Contains(r.Body, `name="window"`) || !strings.Contains(r.Body, `value="`+a.onlineWindow()+`"`) || !strings.Contains(r.Body, `enctype="multipart/form-data"`) {
		t.Fatalf("apply form: %d: %s", r.Status, hallAlert(r.Body))
	}

	good := hallCreditCode(21)
	bad := []byte(good)
	bad[17] = map[bool]byte{true: '1', false: '2'}[bad[17] != '1']
	form := url.Values{"kind": {"enterprise"}, "id_number": {string(bad)}, "name": {"阿拉善左旗驼乡乳业有限公司"}, "phone": {"13947811111"}}
	r = c.postFiles("/online/items/"+code, form, map[string]onlineUpload{
		"file_0": pdfFile("申请书.pdf", "form"),
		"file_1": {"执照.txt", []byte("not a scan")},
		"file_2": {"大扫描件.pdf", append([]byte("%PDF-1.4\n"), make([]byte, hall.MaxFileSize)...)},
	})
	if r.Status != 400 {
		t.Fatalf("bad form: status %d, want 400", r.Status)
	}
	for _, want := range []string{`id="e-id_number"`, `id="e-window"`, `id="e-file_1"`, "执照.txt", `id="e-file_2"`, "大扫描件.pdf", `id="kept-0"`, "申请书.pdf", `value="阿拉善左旗驼乡乳业有限公司"`, `value="13947811111"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if vs, _, _ := a.Store.ListApplications(ctx, storage.ApplicationFilter{ScopeAll: true, Limit: 5}); len(vs) != 0 {
		t.Fatalf("a refused form stored %d applications", len(vs))
	}
	kept := keptRe.FindStringSubmatch(r.Body)
	if kept == nil || kept[1] != "0" {
		t.Fatalf("no kept file in the form: %v", kept)
	}
	// A forged reference is ignored, the signed one carries the file over.
	form.Set("id_number", good)
	form.Set("window", a.onlineWindow())
	form.Set("have_0", kept[2])
	form.Set("have_0_name", "申请书.pdf")
	form.Set("have_1", strings.Repeat("a", 64)+".forged")
	files := map[string]onlineUpload{}
	for i := 2; i < len(it.Materials)-1; i++ {
		files[fmt.Sprintf("file_%d", i)] = pdfFile(it.Materials[i].Name+".pdf", it.Materials[i].Name)
	}
	r = c.postFiles("/online/items/"+code, form, files)
	m := onlineLinkRe.FindStringSubmatch(r.Location)
	if r.Status != 303 || m == nil {
		t.Fatalf("submit: status %d, location %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	no, link := m[1], r.Location
	app := a.hallApp(no)
	if app.Channel != application.Online || app.AcceptUnitID != a.unit(demo.DeptCode("152921000000", "spj")) || len(app.Materials) != len(it.Materials)-2 {
		t.Fatalf("stored: channel %s, window %d, %d materials of %d", app.Channel, app.AcceptUnitID, len(app.Materials), len(it.Materials))
	}
	if app.Materials[0].Name != it.Materials[0].Name || app.Materials[0].SHA256 == "" {
		t.Errorf("the kept file is not the first material: %+v", app.Materials[0])
	}
	r = c.get(link)
	if r.Status != 200 || !strings.Contains(r.Body, `data-state="submitted"`) || !strings.Contains(r.Body, no) || !strings.Contains(r.Body, `class="notice"`) {
		t.Fatalf("application page: %d", r.Status)
	}

	// Without the token, or with another applicant's ID, there is nothing.
	for _, path := range []string{"/online/applications/" + no, "/online/applications/" + no + "?k=forged", "/online/applications/SQ1?k=x"} {
		if r := c.get(path); r.Status != 404 || strings.Contains(r.Body, "驼乡乳业") {
			t.Errorf("%s: status %d", path, r.Status)
		}
	}
	if r := c.post("/online/track", url.Values{"no": {no}, "id_number": {hallCreditCode(22)}}); r.Status != 404 {
		t.Errorf("track with another ID: %d", r.Status)
	}
	if r := c.post("/online/track", url.Values{"no": {no}, "id_number": {""}}); r.Status != 400 || !strings.Contains(r.Body, `id="e-id_number"`) {
		t.Errorf("track without ID: %d", r.Status)
	}
	if r := c.post("/online/track", url.Values{"no": {strings.ToLower(no)}, "id_number": {strings.ToLower(good)}}); r.Status != 303 || !strings.HasPrefix(r.Location, "/online/applications/"+no+"?k=") {
		t.Errorf("track: %d → %q", r.Status, r.Location)
	}
	if r := c.post("/online/applications/"+no+"/withdraw", url.Values{"k": {"forged"}}); r.Status != 404 || a.hallApp(no).State != application.Submitted {
		t.Errorf("withdraw with a forged token: %d", r.Status)
	}

	// The window asks for the two missing materials at once.
	missing := []string{it.Materials[1].Name, it.Materials[len(it.Materials)-1].Name}
	a.staffAct("window", no, application.Correct{Defects: []application.Defect{{Material: missing[0], Problem: "请上传清晰的原件扫描件"}, {Material: missing[1], Problem: "未提供"}}})
	token := link[strings.Index(link, "k=")+2:]
	page := "/online/applications/" + no + "?k=" + token
	r = c.get(page)
	if !strings.Contains(r.Body, `id="correct"`) || !strings.Contains(r.Body, "请上传清晰的原件扫描件") {
		t.Fatalf("the correction form is missing")
	}
	version := fmt.Sprint(a.hallApp(no).Version)
	r = c.postFiles("/online/applications/"+no+"/materials", url.Values{"k": {token}, "version": {version}},
		map[string]onlineUpload{"file_0": pdfFile("执照.pdf", "licence"), "file_1": {"x.exe", []byte("MZ\x90\x00")}})
	if r.Status != 400 || !strings.Contains(r.Body, `id="e-file_1"`) || !strings.Contains(r.Body, `id="kept-0"`) || a.hallApp(no).State != application.Correcting {
		t.Fatalf("a bad correction file: status %d, state %s", r.Status, a.hallApp(no).State)
	}
	kept = keptRe.FindStringSubmatch(r.Body)
	r = c.postFiles("/online/applications/"+no+"/materials", url.Values{"k": {token}, "version": {version}, "have_0": {kept[2]}},
		map[string]onlineUpload{"file_1": pdfFile("章程.pdf", "articles")})
	if r.Status != 303 || !strings.Contains(r.Location, "done=resubmit") {
		t.Fatalf("resubmit: %d: %s", r.Status, hallAlert(r.Body))
	}
	if app := a.hallApp(no); app.State != application.Submitted || len(app.Materials) != len(it.Materials) {
		t.Fatalf("after resubmission: %s with %d materials", app.State, len(app.Materials))
	}

	a.staffAct("window", no, application.Accept{})
	app = a.hallApp(no)
	for range app.Item.Steps[:len(app.Item.Steps)-1] {
		a.staffAct("approver", no, application.Review{Opinion: "材料齐全"})
	}
	a.staffAct("approver", no, application.Approve{Opinion: "准予变更"})
	r = c.get(page)
	if !strings.Contains(r.Body, `id="rating-later"`) {
		t.Errorf("rating offered before the result is issued")
	}
	a.staffAct("window", no, application.Issue{CertificateNo: "ZX-2026-0001"})
	r = c.get(page)
	if !strings.Contains(r.Body, "ZX-2026-0001") || !strings.Contains(r.Body, `id="rate-submit"`) {
		t.Fatalf("issued: the page lacks the certificate or the rating form")
	}
	if r := c.post("/online/applications/"+no+"/rate", url.Values{"k": {token}}); r.Status != 400 || !strings.Contains(r.Body, `id="e-score"`) {
		t.Errorf("rating without a score: %d", r.Status)
	}
	if r := c.post("/online/applications/"+no+"/rate", url.Values{"k": {token}, "score": {"5"}, "comment": {"网上就办好了"}}); r.Status != 303 {
		t.Fatalf("rate: %d: %s", r.Status, hallAlert(r.Body))
	}
	if r := c.post("/online/applications/"+no+"/rate", url.Values{"k": {token}, "score": {"1"}}); r.Status != 409 {
		t.Errorf("a second rating: %d, want 409", r.Status)
	}
	if rs := a.hallApp(no).Ratings; len(rs) != 1 || rs[0].Score != 5 || rs[0].Channel != application.Online {
		t.Errorf("ratings %+v", rs)
	}
	if r := c.get(page); !strings.Contains(r.Body, `id="rating-done"`) {
		t.Errorf("the page does not show the rating")
	}
}

// TestOnlineWithdrawAndBundle: an applicant withdraws an application, and
// applies for enterprise opening online, whose page lists the seven parts
// with links that open them.
func TestOnlineWithdrawAndBundle(t *testing.T) {
	a := newHallApp(t)
	c := a.anonymous()
	code := hallItem(t, "企业变更登记")
	id := hallCreditCode(31)
	base := url.Values{"kind": {"enterprise"}, "id_number": {id}, "name": {"阿拉善盟戈壁石材有限公司"}, "phone": {"13947822222"}, "window": {a.onlineWindow()}}
	r := c.postFiles("/online/items/"+code, base, nil)
	m := onlineLinkRe.FindStringSubmatch(r.Location)
	if m == nil {
		t.Fatalf("submit: %d: %s", r.Status, hallAlert(r.Body))
	}
	no, token := m[1], m[2]
	if !strings.Contains(c.get(r.Location).Body, `id="withdraw-submit"`) {
		t.Fatalf("no withdraw form")
	}
	if r := c.post("/online/applications/"+no+"/withdraw", url.Values{"k": {token}, "withdraw_reason": {"材料准备不全，过几天再申请"}}); r.Status != 303 {
		t.Fatalf("withdraw: %d: %s", r.Status, hallAlert(r.Body))
	}
	if app := a.hallApp(no); app.State != application.Withdrawn {
		t.Fatalf("state %s after withdrawal", app.State)
	}
	// Withdrawing again is a conflict, shown on the page.
	if r := c.post("/online/applications/"+no+"/withdraw", url.Values{"k": {token}}); r.Status != 409 {
		t.Errorf("withdraw twice: %d", r.Status)
	}

	b, err := a.Store.Bundle(context.Background(), application.BundleEnterpriseOpening)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for k, v := range base {
		form[k] = v
	}
	form.Set("id_number", hallCreditCode(32))
	form.Set("name", "阿拉善左旗沙棘饮品有限公司")
	files := map[string]onlineUpload{}
	for i, name := range b.SharedMaterials {
		files[fmt.Sprintf("file_%d", i)] = pdfFile(name+".pdf", name)
	}
	r = c.postFiles("/online/bundles/"+b.Code, form, files)
	if r.Status != 400 || !strings.Contains(r.Body, `id="e-form_enterprise_name"`) || !strings.Contains(r.Body, `id="kept-0"`) {
		t.Fatalf("bundle without its form: %d", r.Status)
	}
	for _, f := range b.SharedForm {
		form.Set("form_"+f.Key, "测试 "+f.Key)
	}
	form.Set("form_registered_capital", "200")
	form.Set("form_employees", "12")
	form.Set("form_seal_count", "5")
	for _, kept := range keptRe.FindAllStringSubmatch(r.Body, -1) {
		form.Set("have_"+kept[1], kept[2])
	}
	r = c.postFiles("/online/bundles/"+b.Code, form, nil)
	if r.Status != 303 || !strings.HasPrefix(r.Location, "/online/bundle-applications/YJS") {
		t.Fatalf("bundle submit: %d %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	page := c.get(r.Location)
	links := regexp.MustCompile(`href="(/online/applications/[^"]+)" class="part-link"`).FindAllStringSubmatch(page.Body, -1)
	if page.Status != 200 || len(links) != len(b.Items) {
		t.Fatalf("bundle page: %d with %d part links, want %d", page.Status, len(links), len(b.Items))
	}
	bundleNo := strings.TrimPrefix(r.Location[:strings.Index(r.Location, "?")], "/online/bundle-applications/")
	for no, want := range map[string]string{bundleNo: "/online/bundle-applications/" + bundleNo, application.PartNo(bundleNo, 1): "/online/applications/" + application.PartNo(bundleNo, 1)} {
		if tr := c.post("/online/track", url.Values{"no": {no}, "id_number": {form.Get("id_number")}}); tr.Status != 303 || !strings.HasPrefix(tr.Location, want+"?k=") {
			t.Errorf("track %s: %d → %q", no, tr.Status, tr.Location)
		}
	}
	part := c.get(strings.ReplaceAll(links[0][1], "&amp;", "&"))
	if part.Status != 200 || !strings.Contains(part.Body, `id="bundle-link"`) {
		t.Errorf("a part's page: %d", part.Status)
	}
	if r := c.get(strings.Replace(r.Location, "k=", "k=x", 1)); r.Status != 404 {
		t.Errorf("bundle page with a bad token: %d", r.Status)
	}
}

// TestOnlineMine lists an applicant's applications by ID number and phone;
// an application with another phone, or another applicant's, is not listed.
func TestOnlineMine(t *testing.T) {
	a := newHallApp(t)
	c := a.anonymous()
	code := hallItem(t, "企业变更登记")
	id := hallCreditCode(81)
	submit := func(id, phone string) string {
		r := c.postFiles("/online/items/"+code, url.Values{"kind": {"enterprise"}, "id_number": {id}, "name": {"阿拉善右旗骆驼奶有限公司"},
			"phone": {phone}, "window": {a.onlineWindow()}}, nil)
		m := onlineLinkRe.FindStringSubmatch(r.Location)
		if m == nil {
			t.Fatalf("submit: %d: %s", r.Status, hallAlert(r.Body))
		}
		return m[1]
	}
	first, second := submit(id, "13947844444"), submit(id, "139 4784 4444")
	other := submit(id, "13947855555")
	stranger := submit(hallCreditCode(82), "13947844444")
	r := c.post("/online/mine", url.Values{"id_number": {strings.ToLower(id)}, "phone": {"139-4784-4444"}})
	if r.Status != 200 {
		t.Fatalf("mine: %d", r.Status)
	}
	for no, want := range map[string]bool{first: true, second: true, other: false, stranger: false} {
		if got := strings.Contains(r.Body, `data-no="`+no+`"`); got != want {
			t.Errorf("%s listed: %v, want %v", no, got, want)
		}
	}
	link := regexp.MustCompile(`href="([^"]+)" class="mine-link" data-no="` + first + `"`).FindStringSubmatch(r.Body)
	if link == nil || c.get(strings.ReplaceAll(link[1], "&amp;", "&")).Status != 200 {
		t.Errorf("the link to %s does not open it", first)
	}
	if r := c.post("/online/mine", url.Values{"id_number": {id}, "phone": {"13900000000"}}); r.Status != 200 || !strings.Contains(r.Body, `id="mine-none"`) {
		t.Errorf("another phone: %d", r.Status)
	}
	if r := c.post("/online/mine", url.Values{"id_number": {id}}); r.Status != 400 || !strings.Contains(r.Body, `id="e-phone"`) {
		t.Errorf("no phone: %d", r.Status)
	}
}

// TestMaterialFiles: the window that handles an online application opens
// the files the applicant uploaded, and so does the applicant through the
// token; nobody else does.
func TestMaterialFiles(t *testing.T) {
	a := newHallApp(t)
	c := a.anonymous()
	code := hallItem(t, "企业变更登记")
	scan := pdfFile("执照扫描.pdf", "licence scan")
	r := c.postFiles("/online/items/"+code, url.Values{"kind": {"enterprise"}, "id_number": {hallCreditCode(91)}, "name": {"阿拉善盟驼峰物流有限公司"},
		"phone": {"13947866666"}, "window": {a.onlineWindow()}}, map[string]onlineUpload{"file_0": scan})
	m := onlineLinkRe.FindStringSubmatch(r.Location)
	if m == nil {
		t.Fatalf("submit: %d: %s", r.Status, hallAlert(r.Body))
	}
	no, token := m[1], m[2]
	app := a.hallApp(no)
	sha := app.Materials[0].SHA256
	file := "/files/" + sha
	w := a.login("window")
	if page := w.get("/hall/applications/" + no); !strings.Contains(page.Body, `href="/hall/applications/`+no+file+`"`) {
		t.Errorf("the application page does not link the file")
	}
	if page := c.get("/online/applications/" + no + "?k=" + token); !strings.Contains(page.Body, `href="/online/applications/`+no+file+`?k=`+token+`"`) {
		t.Errorf("the applicant's page does not link the file")
	}
	for _, tc := range []struct {
		c    *deskClient
		path string
		want int
	}{
		{w, "/hall/applications/" + no + file, 200},
		{c, "/online/applications/" + no + file + "?k=" + token, 200},
		{c, "/online/applications/" + no + file + "?k=forged", 404},
		{c, "/hall/applications/" + no + file, 303}, // not signed in
		{a.login("window.yq"), "/hall/applications/" + no + file, 404},
		{w, "/hall/applications/" + no + "/files/" + strings.Repeat("0", 64), 404},
	} {
		req, _ := http.NewRequest("GET", a.URL+tc.path, nil)
		resp, err := tc.c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, resp.StatusCode, tc.want)
			continue
		}
		if tc.want == 200 && (!bytes.Equal(body, scan.content) || resp.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment")) {
			t.Errorf("%s: %q, %s, %s", tc.path, body, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
	}
}
