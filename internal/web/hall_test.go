package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
)

// hallItem returns the code of the demo item with the given name.
func hallItem(t *testing.T, name string) string {
	t.Helper()
	for _, it := range catalog.Demo() {
		if it.NameZH == name {
			return it.Code
		}
	}
	t.Fatalf("no demo item %s", name)
	return ""
}

func hallPersonID(seed uint64) string {
	return applicant.GenerateResidentID(rand.New(rand.NewPCG(seed, 7)), "152921", time.Date(1988, 3, 14, 0, 0, 0, 0, time.UTC))
}

func hallCreditCode(seed uint64) string {
	return applicant.GenerateCreditCode(rand.New(rand.NewPCG(seed, 9)), "152921")
}

// hallRequired returns the required materials of an item.
func (a *deskApp) hallRequired(code string) []string {
	a.t.Helper()
	it, err := a.Store.Item(context.Background(), code)
	if err != nil {
		a.t.Fatal(err)
	}
	var out []string
	for _, m := range it.Materials {
		if m.Required {
			out = append(out, m.Name)
		}
	}
	return out
}

// newHallApp starts a server with the demo catalog and bundles loaded.
func newHallApp(t *testing.T) *deskApp {
	t.Helper()
	a := newDeskApp(t)
	if err := demo.SeedCatalog(context.Background(), a.Store); err != nil {
		t.Fatal(err)
	}
	return a
}

var hallNoRe = regexp.MustCompile(`/hall/applications/([A-Za-z0-9_-]+)`)

// hallSubmit starts an application at the window through the page and
// returns its number.
func (c *deskClient) hallSubmit(code string, form url.Values) string {
	c.a.t.Helper()
	r := c.post("/hall/window/items/"+code, form)
	if r.Status != 303 {
		c.a.t.Fatalf("submit %s: status %d: %s", code, r.Status, hallAlert(r.Body))
	}
	m := hallNoRe.FindStringSubmatch(r.Location)
	if m == nil {
		c.a.t.Fatalf("submit redirects to %q", r.Location)
	}
	return m[1]
}

// hallAct posts an action's form on the application page.
func (c *deskClient) hallAct(no, action string, form url.Values, want int) deskResp {
	c.a.t.Helper()
	r := c.post("/hall/applications/"+no+"/"+action, form)
	if r.Status != want {
		c.a.t.Fatalf("%s %s: status %d, want %d: %s", action, no, r.Status, want, hallAlert(r.Body))
	}
	return r
}

var hallAlertRe = regexp.MustCompile(`(?s)<div class="alert" role="alert">(.*?)</div>`)

func hallAlert(body string) string {
	if m := hallAlertRe.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	if len(body) > 300 {
		return body[:300]
	}
	return body
}

func (a *deskApp) hallApp(no string) *application.Application {
	a.t.Helper()
	sum, err := a.Store.Application(context.Background(), no)
	if err != nil {
		a.t.Fatal(err)
	}
	return sum.App
}

// TestHallPagesByRole: each hall page opens for the roles it serves and
// is refused to the others; the guide is public.
func TestHallPagesByRole(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "个体工商户设立登记")
	w := a.login("window")
	no := w.hallSubmit(code, url.Values{"kind": {"person"}, "id_number": {hallPersonID(1)}, "name": {"其其格"}, "handed": a.hallRequired(code)})
	app := "/hall/applications/" + no
	clients := map[string]*deskClient{"window": w}
	for _, tc := range []struct {
		user, path string
		want       int
		has        string
	}{
		{"window", "/hall/window", 200, "id=\"h-queue\""},
		{"window", "/hall/window?q=" + url.QueryEscape("个体"), 200, "/hall/window/items/" + code},
		{"window", "/hall/window/items/" + code, 200, "id=\"f-id_number\""},
		{"window", "/hall/window/bundles/" + application.BundleEnterpriseOpening, 200, "f-form_enterprise_name"},
		{"window", app, 200, "id=\"do-accept\""},
		{"window", "/hall/inbox", 403, ""},
		{"window.yq", app, 404, ""}, // another banner's window does not see it
		{"approver", "/hall/inbox", 200, "hall.inbox"},
		{"approver", "/hall/window", 403, ""},
		{"approver", "/hall/window/items/" + code, 403, ""},
		{"approver", app, 200, "id=\"app-no\""},
		{"approver.zq.gaj", app, 404, ""}, // another department's back office
		{"agent", "/hall/window", 403, ""},
		{"agent", "/hall/inbox", 403, ""},
		{"", "/hall/window", 303, ""},
		{"", "/guide/" + code, 200, "个体工商户设立登记"},
		{"", "/guide/NO-SUCH-ITEM", 404, ""},
		{"window", "/hall/window/items/NO-SUCH-ITEM", 404, ""},
	} {
		c := a.anonymous()
		if tc.user != "" {
			if clients[tc.user] == nil {
				clients[tc.user] = a.login(tc.user)
			}
			c = clients[tc.user]
		}
		r := c.get(tc.path)
		if r.Status != tc.want {
			t.Errorf("%s as %q: status %d, want %d", tc.path, tc.user, r.Status, tc.want)
			continue
		}
		if tc.has == "hall.inbox" {
			tc.has = "class=\"tabs\""
		}
		if tc.has != "" && !strings.Contains(r.Body, tc.has) {
			t.Errorf("%s as %q: body lacks %q", tc.path, tc.user, tc.has)
		}
	}
}

// TestHallWindowFormErrors: a wrong check digit is named with its
// position, in the user's language, and what the clerk typed stays.
func TestHallWindowFormErrors(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "个体工商户设立登记")
	id := []byte(hallPersonID(2))
	if id[17] == '1' {
		id[17] = '2'
	} else {
		id[17] = '1'
	}
	for _, tc := range []struct{ lang, want string }{{"zh", "第 18 位"}, {"mn", "18 ᠳᠤᠭᠠᠷ"}} {
		a.setLang("window", tc.lang)
		w := a.login("window")
		r := w.post("/hall/window/items/"+code, url.Values{"kind": {"person"}, "id_number": {string(id)}, "name": {"巴特尔"}, "phone": {"13947800002"}})
		if r.Status != 400 {
			t.Fatalf("%s: status %d, want 400", tc.lang, r.Status)
		}
		for _, want := range []string{`id="e-id_number"`, tc.want, `value="巴特尔"`, `value="13947800002"`, `id="id-mark"`, "<mark>" + string(id[17]) + "</mark>"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s: the page lacks %q: %s", tc.lang, want, hallAlert(r.Body))
			}
		}
		// The enterprise form of a bundle: the credit code and the shared form.
		r = w.post("/hall/window/bundles/"+application.BundleEnterpriseOpening, url.Values{"kind": {"enterprise"}, "id_number": {"91152921MA0N0000X"}, "name": {"阿拉善某公司"}})
		if r.Status != 400 || !strings.Contains(r.Body, `id="e-id_number"`) || !strings.Contains(r.Body, `id="e-form_enterprise_name"`) || !strings.Contains(r.Body, `value="阿拉善某公司"`) {
			t.Errorf("%s: bundle form errors: status %d: %s", tc.lang, r.Status, hallAlert(r.Body))
		}
	}
	if n, _, err := a.Store.ListApplications(context.Background(), storage.ApplicationFilter{ScopeAll: true, Limit: 10}); err != nil || len(n) != 0 {
		t.Errorf("refused forms stored %d applications (%v)", len(n), err)
	}
}

// TestHallCorrectionNotice: an application without its materials gets one
// notice naming every missing one; once they are handed in the window
// accepts it and the notice number shows.
func TestHallCorrectionNotice(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "个体工商户设立登记")
	w := a.login("window")
	no := w.hallSubmit(code, url.Values{"kind": {"person"}, "id_number": {hallPersonID(3)}, "name": {"其其格"}})
	// Accepting now fails and says what is missing.
	r := w.hallAct(no, "accept", url.Values{"version": {"1"}}, 400)
	missing := a.hallRequired(code)
	for _, m := range missing {
		if !strings.Contains(hallAlert(r.Body), m) {
			t.Errorf("accept error lacks %s: %s", m, hallAlert(r.Body))
		}
	}
	w.hallAct(no, "correct", url.Values{"correct_note": {"请补交"}}, 303)
	ap := a.hallApp(no)
	if ap.State != application.Correcting || len(ap.Notices) != 1 || len(ap.Notices[0].Defects) != len(missing) {
		t.Fatalf("after the notice: %s %+v", ap.State, ap.Notices)
	}
	page := w.get("/hall/applications/" + no).Body
	if !strings.Contains(page, `class="warn-box notice-box"`) || !strings.Contains(page, `id="do-resubmit"`) {
		t.Errorf("the page does not show the notice and the resubmit form")
	}
	w.hallAct(no, "resubmit", url.Values{"resubmit_materials": missing}, 303)
	w.hallAct(no, "accept", url.Values{"accept_notice_no": {"ZQ-SL-0001"}}, 303)
	if ap := a.hallApp(no); ap.State != application.Reviewing || ap.NoticeNo != "ZQ-SL-0001" {
		t.Fatalf("after accepting: %s %q", ap.State, ap.NoticeNo)
	}
	if b := w.get("/hall/applications/" + no + "?done=accept").Body; !strings.Contains(b, "ZQ-SL-0001") || !strings.Contains(b, `role="status"`) {
		t.Errorf("the accepted page lacks the notice number or the notice")
	}
}

// TestHallWindowBackOfficeWindow: 阿拉善右旗's window accepts a league-wide
// item for an applicant of 阿拉善左旗 (盟域通办); 阿拉善左旗's back office
// finds it in its inbox and approves it; the result comes back to
// 阿拉善右旗's window to issue and deliver.
func TestHallWindowBackOfficeWindow(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "个体工商户设立登记")
	yq := a.login("window.yq")
	if b := yq.get("/hall/window/items/" + code).Body; !strings.Contains(b, `id="f-owner_region"`) {
		t.Fatal("the start form of a league-wide item offers no owning banner")
	}
	no := yq.hallSubmit(code, url.Values{"kind": {"person"}, "id_number": {hallPersonID(4)}, "name": {"其其格"},
		"owner_region": {"152921000000"}, "handed": a.hallRequired(code)})
	if b := yq.get("/hall/window?tab=accept").Body; !strings.Contains(b, no) {
		t.Errorf("the accept queue lacks %s", no)
	}
	yq.hallAct(no, "accept", url.Values{}, 303)

	ap := a.login("approver")
	if b := ap.get("/hall/inbox?tab=review").Body; !strings.Contains(b, no) || !strings.Contains(b, "通办") {
		t.Fatalf("the inbox lacks %s as 通办", no)
	}
	// The window may not decide; the back office may not issue.
	yq.hallAct(no, "approve", url.Values{}, 403)
	for a.hallApp(no).Step < len(a.hallApp(no).Item.Steps)-1 {
		ap.hallAct(no, "review", url.Values{"review_opinion": {"材料齐全"}}, 303)
	}
	if r := ap.hallAct(no, "deny", url.Values{}, 400); !strings.Contains(r.Body, `id="e-deny_reason"`) {
		t.Errorf("a denial without its reason is not marked")
	}
	ap.hallAct(no, "pause", url.Values{"pause_reason": {"inspection"}, "pause_days": {"2"}}, 303)
	if b := ap.get("/hall/inbox?tab=paused").Body; !strings.Contains(b, no) {
		t.Errorf("the paused tab lacks %s", no)
	}
	a.Advance(3 * time.Hour)
	ap.hallAct(no, "resume", url.Values{}, 303)
	ap.hallAct(no, "approve", url.Values{"approve_opinion": {"准予登记"}}, 303)

	if b := yq.get("/hall/window?tab=issue").Body; !strings.Contains(b, no) {
		t.Fatalf("the issue queue of the accepting window lacks %s", no)
	}
	if b := a.login("window").get("/hall/window?tab=issue").Body; strings.Contains(b, no) {
		t.Errorf("the owning banner's window lists %s to issue", no)
	}
	r := yq.hallAct(no, "issue", url.Values{"issue_certificate_no": {""}}, 400)
	if !strings.Contains(r.Body, `id="e-issue_certificate_no"`) {
		t.Errorf("the missing certificate number is not marked")
	}
	yq.hallAct(no, "issue", url.Values{"issue_certificate_no": {"92152921MA0000001X"}}, 303)
	yq.hallAct(no, "deliver", url.Values{"deliver_method": {"window"}}, 303)
	got := a.hallApp(no)
	if got.State != application.Delivered || got.CertificateNo != "92152921MA0000001X" || got.IssuedUnitID != a.unit("dept-152922000000-spj") {
		t.Fatalf("at the end: %s %q issued at %d", got.State, got.CertificateNo, got.IssuedUnitID)
	}
	b := yq.get("/hall/applications/" + no).Body
	for _, want := range []string{"app.event", "92152921MA0000001X"} {
		if want == "app.event" {
			want = "准予"
		}
		if !strings.Contains(b, want) {
			t.Errorf("the application page lacks %q", want)
		}
	}
	// A stale form (an old version) is refused with a message, not applied.
	r = ap.post("/hall/applications/"+no+"/approve", url.Values{"version": {"3"}})
	if r.Status != 403 && r.Status != 409 {
		t.Errorf("a stale action: status %d", r.Status)
	}
}

// TestHallBundleAtWindow: enterprise opening with one form and one set of
// materials makes seven parts in seven back offices; the window accepts
// every complete part at once and each approver decides their own.
func TestHallBundleAtWindow(t *testing.T) {
	a := newHallApp(t)
	b, err := a.Store.Bundle(context.Background(), application.BundleEnterpriseOpening)
	if err != nil {
		t.Fatal(err)
	}
	w := a.login("window")
	f := url.Values{"kind": {"enterprise"}, "id_number": {hallCreditCode(1)}, "name": {"阿拉善驼乡商贸有限公司"}, "phone": {"13947800003"}, "handed": b.SharedMaterials}
	for _, ff := range b.SharedForm {
		f.Set("form_"+ff.Key, "1")
	}
	r := w.post("/hall/window/bundles/"+b.Code, f)
	if r.Status != 303 || !strings.HasPrefix(r.Location, "/hall/bundles/YJS") {
		t.Fatalf("bundle submit: %d %q: %s", r.Status, r.Location, hallAlert(r.Body))
	}
	page := w.get(r.Location)
	if !strings.Contains(page.Body, `data-state="submitted"`) || strings.Count(page.Body, `class="app-link"`) != len(b.Items) {
		t.Fatalf("bundle page: %d parts shown", strings.Count(page.Body, `class="app-link"`))
	}
	no := strings.TrimPrefix(r.Location, "/hall/bundles/")
	r = w.post("/hall/bundles/"+no+"/accept", nil)
	if r.Status != 303 {
		t.Fatalf("accept all: %d", r.Status)
	}
	page = w.get(r.Location)
	if !strings.Contains(page.Body, `data-state="in_progress"`) || !strings.Contains(page.Body, `role="status"`) {
		t.Errorf("after accepting: %s", hallAlert(page.Body))
	}
	part := application.PartNo(no, 0)
	ap := a.login("approver")
	if b := ap.get("/hall/bundles/" + no).Body; strings.Count(b, `class="app-link"`) != 1 {
		t.Errorf("the registration approver sees %d parts, want only theirs", strings.Count(b, `class="app-link"`))
	}
	for a.hallApp(part).Step < len(a.hallApp(part).Item.Steps)-1 {
		ap.hallAct(part, "review", url.Values{}, 303)
	}
	ap.hallAct(part, "approve", url.Values{}, 303)
	if got := a.hallApp(part).State; got != application.Approved {
		t.Errorf("the registration part is %s", got)
	}
}

// TestHallPagesAreLabelledAndTranslated runs the accessibility checks of
// the other pages over the hall pages, in both languages.
func TestHallPagesAreLabelledAndTranslated(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "个体工商户设立登记")
	no := a.login("window").hallSubmit(code, url.Values{"kind": {"person"}, "id_number": {hallPersonID(5)}, "name": {"其其格"}, "handed": a.hallRequired(code)})
	pages := map[string][]string{
		"":         {"/guide/" + code},
		"window":   {"/hall/window", "/hall/window?q=" + url.QueryEscape("登记"), "/hall/window/items/" + code, "/hall/window/bundles/" + application.BundleEnterpriseOpening, "/hall/applications/" + no},
		"approver": {"/hall/inbox", "/hall/inbox?tab=red"},
	}
	checkPages(t, a.URL, pages)
}

// TestHallVerificationTasks: a promise signed at acceptance (告知承诺)
// becomes a verification task in the back office's inbox until it is
// verified; the API lists the same tasks.
func TestHallVerificationTasks(t *testing.T) {
	a := newHallApp(t)
	code := hallItem(t, "食品经营许可")
	const promised = "经营场所使用证明"
	var handed []string
	for _, m := range a.hallRequired(code) {
		if m != promised {
			handed = append(handed, m)
		}
	}
	w := a.login("window")
	no := w.hallSubmit(code, url.Values{"kind": {"person"}, "id_number": {hallPersonID(70)}, "name": {"乌日娜"}, "handed": handed})
	a.staffAct("window", no, application.Accept{Promise: []string{promised}})

	ap := a.login("approver")
	tasks := func() string { return ap.get("/hall/inbox?tab=verify").Body }
	if !strings.Contains(tasks(), no) {
		t.Fatalf("the verification tasks lack %s", no)
	}
	api := a.Login("approver")
	var list struct {
		Applications []struct{ Application struct{ No string } }
	}
	api.Do("GET", "/api/v1/applications?verify=pending", nil, 200).JSON(&list)
	if len(list.Applications) != 1 || list.Applications[0].Application.No != no {
		t.Errorf("verify=pending lists %+v", list.Applications)
	}
	api.Do("GET", "/api/v1/applications?verify=done", nil, 400)

	ap.hallAct(no, application.ActVerifyOK, url.Values{"version": {fmt.Sprint(a.hallApp(no).Version)}, "verify_ok_note": {"现场核查属实"}}, 303)
	if strings.Contains(tasks(), no) {
		t.Errorf("%s is still a task after verification", no)
	}
	if p := a.hallApp(no).Promise; p == nil || p.Result != application.PromiseKept {
		t.Errorf("promise %+v", p)
	}
}

// TestHallMeasuresPage: the leader's measures page shows what package hall
// computes for the demo's applications, filters by department, region and
// period, refuses a bad date with a field error, and is not for approvers.
func TestHallMeasuresPage(t *testing.T) {
	a := newDeskApp(t)
	ctx := context.Background()
	stats, err := demo.SeedHall(ctx, a.Store, a.Svc.Calendar(), a.Now())
	if err != nil {
		t.Fatal(err)
	}
	leader := a.login("leader")
	r := leader.get("/hall/measures")
	if r.Status != 200 {
		t.Fatalf("measures: %d", r.Status)
	}
	m, err := a.Hall.Measures(ctx, a.subject("leader"), hall.MeasureQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Applications != stats.Applications {
		t.Errorf("measures count %d applications, the demo made %d", m.Applications, stats.Applications)
	}
	text := regexp.MustCompile(`<dd id="m-applications">(\d+)</dd>`).FindStringSubmatch(r.Body)
	if text == nil || text[1] != fmt.Sprint(m.Applications) {
		t.Errorf("the page shows %v applications, want %d", text, m.Applications)
	}
	withApps := 0
	for _, it := range m.Items {
		if it.N > 0 {
			withApps++
		}
	}
	if rows := strings.Count(r.Body[strings.Index(r.Body, `id="measures-items"`):], `<tr data-code=`); rows != min(withApps, 50) {
		t.Errorf("the items table has %d rows, want %d", rows, min(withApps, 50))
	}
	if withApps > 50 && !strings.Contains(r.Body, `id="measures-items-more"`) {
		t.Errorf("the page does not say it lists %d of %d items", 50, withApps)
	}
	for _, want := range []string{`<tr data-code="` + application.BundleEnterpriseOpening + `">`, `id="measures-items"`, `id="m-online"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// One department, one banner and a period select fewer.
	from := a.Now().AddDate(0, 0, -14).Format("2006-01-02")
	r = leader.get("/hall/measures?department=scjgj&region=152921000000&from=" + from + "&to=" + a.Now().Format("2006-01-02"))
	sub := regexp.MustCompile(`<dd id="m-applications">(\d+)</dd>`).FindStringSubmatch(r.Body)
	if r.Status != 200 || sub == nil || sub[1] == "0" || sub[1] == fmt.Sprint(m.Applications) {
		t.Errorf("filtered: status %d, %v applications of %d", r.Status, sub, m.Applications)
	}
	if r := leader.get("/hall/measures?from=2026-13-01"); r.Status != 400 || !strings.Contains(r.Body, `id="e-from"`) {
		t.Errorf("a bad date: %d", r.Status)
	}
	if r := leader.get("/hall/measures?department=nosuch"); r.Status != 400 || !strings.Contains(r.Body, `id="e-department"`) {
		t.Errorf("an unknown department: %d", r.Status)
	}
	if r := a.login("approver").get("/hall/measures"); r.Status != 403 {
		t.Errorf("approver: %d, want 403", r.Status)
	}
}
