package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/apptest"
	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// hallFixture is a server with the demo organisation and catalog and a
// client per account.
type hallFixture struct {
	*apptest.App
	t       *testing.T
	clients map[string]*apptest.Client
	sha     string // a stored PDF
	rnd     *rand.Rand
}

func newHallFixture(t *testing.T, st *storage.Store, accounts ...string) *hallFixture {
	t.Helper()
	f := &hallFixture{App: newHallApp(t, st), t: t, clients: map[string]*apptest.Client{}, rnd: rand.New(rand.NewPCG(9, 9))}
	f.clients["anon"] = f.Anonymous()
	for _, a := range accounts {
		f.clients[a] = f.Login(a)
	}
	body, ct := multipartFile(t, "scan.pdf", pdf("scan"))
	var file hall.File
	if err := f.upload(f.clients["window"], "/api/v1/materials", ct, body, http.StatusCreated).JSON(&file); err != nil {
		t.Fatal(err)
	}
	f.sha = file.SHA256
	return f
}

// upload posts a multipart body.
func (f *hallFixture) upload(c *apptest.Client, path, ct string, body []byte, want int) apptest.Response {
	f.t.Helper()
	c.Header.Set("Content-Type", ct)
	defer c.Header.Del("Content-Type")
	return c.Do("POST", path, body, want)
}

type appResp struct {
	Application application.Application `json:"application"`
	Allowed     []string                `json:"allowed"`
}

func (f *hallFixture) appOf(r apptest.Response) application.Application {
	f.t.Helper()
	var v appResp
	if err := r.JSON(&v); err != nil {
		f.t.Fatalf("decode %s: %v", r.Body, err)
	}
	return v.Application
}

// materials names every required material of an item with the stored PDF.
func (f *hallFixture) materials(it catalog.Item, except ...string) []map[string]any {
	var out []map[string]any
	for _, m := range it.Materials {
		if m.Required && !strings.Contains(strings.Join(except, "|"), m.Name) {
			out = append(out, map[string]any{"name": m.Name, "sha256": f.sha})
		}
	}
	return out
}

func (f *hallFixture) enterprise() map[string]any {
	return map[string]any{"kind": "enterprise", "name": "阿拉善左旗骆驼产业发展有限公司", "id_number": applicant.GenerateCreditCode(f.rnd, "152921")}
}

func (f *hallFixture) person(area string) map[string]any {
	return map[string]any{"kind": "person", "name": "那仁", "id_number": applicant.GenerateResidentID(f.rnd, area, time.Date(1979, 8, 1, 0, 0, 0, 0, time.UTC))}
}

func (f *hallFixture) act(who, no, action string, body any) application.Application {
	f.t.Helper()
	return f.appOf(f.clients[who].Do("POST", "/api/v1/applications/"+no+"/"+action, body, http.StatusOK))
}

func (f *hallFixture) measures(who, query string) hall.Measures {
	f.t.Helper()
	var m hall.Measures
	if err := f.clients[who].Do("GET", "/api/v1/measures/applications"+query, nil, http.StatusOK).JSON(&m); err != nil {
		f.t.Fatal(err)
	}
	return m
}

var openingAccounts = []string{"approver", "approver.zq.gaj", "approver.zq.swju", "approver.zq.sbzx", "approver.zq.ybj", "approver.gjj", "approver.rmyh"}

// TestEnterpriseOpeningOverHTTP runs enterprise opening (企业开办一件事)
// end to end over the API, at a window and online, on both databases:
// submitted with a material missing, corrected, accepted, decided in
// parallel by the seven back offices, issued at the window and delivered;
// its elapsed working days then appear in the measures.
func TestEnterpriseOpeningOverHTTP(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newHallFixture(t, st, append([]string{"window", "leader"}, openingAccounts...)...)
		b, err := st.Bundle(t.Context(), application.BundleEnterpriseOpening)
		if err != nil {
			t.Fatal(err)
		}
		form := map[string]string{"enterprise_name": "阿拉善左旗沙棘饮品有限公司", "enterprise_type": "有限责任公司", "legal_rep": "阿拉坦",
			"registered_capital": "200", "address": "巴彦浩特镇王府街8号", "business_scope": "饮料生产销售", "phone": "13947833333",
			"employees": "12", "seal_count": "5", "bank": "中国农业银行阿拉善左旗支行"}
		day := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, apptest.Start.Location()) }
		run := func(channel string, start int) {
			f.Set(day(start, 9, 0))
			ent := f.enterprise()
			var ms []map[string]any
			for _, name := range b.SharedMaterials {
				if name != "全体股东主体资格证明" && !strings.HasPrefix(name, "授权委托书") {
					ms = append(ms, map[string]any{"name": name, "sha256": f.sha})
				}
			}
			body := map[string]any{"applicant": ent, "form": form, "materials": ms}
			c, path := f.clients["window"], "/api/v1/bundles/"+b.Code+"/applications"
			if channel == "online" {
				body["accept_unit_id"] = f.Units[demo.DeptCode("152921000000", "spj")]
				c, path = f.clients["anon"], "/api/v1/online/bundles/"+b.Code+"/applications"
			}
			var bv struct {
				No    string
				State string
				Parts []appResp
			}
			if err := c.Do("POST", path, body, http.StatusCreated).JSON(&bv); err != nil {
				t.Fatal(err)
			}
			if len(bv.Parts) != 7 || bv.State != "submitted" || bv.Parts[0].Application.Channel != application.Channel(channel) {
				t.Fatalf("%s: %d parts, %s", channel, len(bv.Parts), bv.State)
			}
			get := func() (string, *float64) {
				var v struct {
					State       string
					ElapsedDays *float64 `json:"elapsed_days"`
				}
				f.clients["window"].Do("GET", "/api/v1/bundle-applications/"+bv.No, nil, http.StatusOK).JSON(&v)
				return v.State, v.ElapsedDays
			}
			reg := bv.Parts[0].Application.No
			f.Set(day(start, 9, 20))
			notice := f.act("window", reg, "correct", map[string]any{"note": "请补交股东主体资格证明"})
			if len(notice.Notices) != 1 || notice.Notices[0].Defects[0].Material != "全体股东主体资格证明" {
				t.Fatalf("notice %+v", notice.Notices)
			}
			up, ct := multipartForm(t, map[string]string{"material": "全体股东主体资格证明"}, "股东.pdf", pdf("shareholders"))
			uc, upath := f.clients["window"], "/api/v1/applications/"+reg+"/materials"
			if channel == "online" {
				uc, upath = f.clients["anon"], "/api/v1/online/applications/"+reg+"/materials"
				uc.Header.Set("X-Applicant-ID", ent["id_number"].(string))
			}
			f.upload(uc, upath, ct, up, http.StatusOK)
			uc.Header.Del("X-Applicant-ID")
			f.Set(day(start, 9, 30))
			for _, p := range bv.Parts {
				f.act("window", p.Application.No, "accept", nil)
			}
			if s, _ := get(); s != "in_progress" {
				t.Errorf("%s after acceptance: %s", channel, s)
			}
			f.Set(day(start, 10, 30))
			for i, p := range bv.Parts {
				f.act(openingAccounts[i], p.Application.No, "review", map[string]any{"opinion": "符合条件"})
				f.act(openingAccounts[i], p.Application.No, "approve", nil)
			}
			f.Set(day(start, 11, 30))
			for i, p := range bv.Parts {
				a := f.act("window", p.Application.No, "issue", map[string]any{"certificate_no": fmt.Sprintf("KB%d-%02d", start, i+1)})
				if s, _ := get(); i < 6 && s != "partially_done" {
					t.Errorf("%s after %d results: %s", channel, i+1, s)
				}
				if a.IssuedUnitID != a.AcceptUnitID {
					t.Errorf("issued at %d, accepted at %d", a.IssuedUnitID, a.AcceptUnitID)
				}
			}
			state, elapsed := get()
			if state != "done" || elapsed == nil || *elapsed != 2.0/7 {
				t.Errorf("%s: %s after %v working days, want done after 2/7 (09:30–11:30)", channel, state, elapsed)
			}
			for _, p := range bv.Parts {
				f.act("window", p.Application.No, "deliver", map[string]any{"method": "electronic"})
			}
		}
		run("window", 1)
		run("online", 2)

		m := f.measures("leader", "?from=2026-06-01&to=2026-06-03")
		var got *hall.BundleElapsed
		for i := range m.Bundles {
			if m.Bundles[i].Code == application.BundleEnterpriseOpening {
				got = &m.Bundles[i]
			}
		}
		if got == nil || got.N != 2 || got.Median != 2.0/7 || got.P90 != 2.0/7 || got.TargetDays != 1 || got.OnTarget != (hall.Share{Count: 2, Total: 2, Rate: 1}) {
			t.Errorf("enterprise opening in the measures: %+v", got)
		}
		var reg *hall.ItemElapsed
		for i := range m.Items {
			if m.Items[i].NameZH == "企业设立登记" {
				reg = &m.Items[i]
			}
		}
		if reg == nil || reg.N != 2 || reg.Median != 2.0/7 || reg.PromisedDays != 1 || reg.OnTimePromised.Count != 2 {
			t.Errorf("企业设立登记 in the measures: %+v", reg)
		}
		if m.Online.Applications != (hall.Share{Count: 7, Total: 14, Rate: 0.5}) {
			t.Errorf("online share %+v, want 7 of 14", m.Online.Applications)
		}
		if m.OnTime.Promised.Count != 14 || m.OnTime.Legal.Count != 14 {
			t.Errorf("on time %+v", m.OnTime)
		}
		if f.measures("leader", "?department=rmyh").Applications != 2 {
			t.Errorf("the bank's applications are not 2")
		}
	})
}

// TestCrossRegionOverHTTP accepts a league-wide item at 阿拉善右旗's window
// for 阿拉善左旗: 阿拉善左旗's 市场监管局 decides, 阿拉善右旗's window issues,
// and the measures count the pair.
func TestCrossRegionOverHTTP(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newHallFixture(t, st, "window", "window.yq", "approver", "leader")
		it := demoItem(t, "个体工商户设立登记")
		a := f.appOf(f.clients["window.yq"].Do("POST", "/api/v1/applications", map[string]any{"item_code": it.Code, "applicant": f.person("152921"),
			"owner_region": "152921000000", "materials": f.materials(it)}, http.StatusCreated))
		if a.AcceptUnitID != f.Units[demo.DeptCode("152922000000", "spj")] || a.OwnerUnitID != f.Units[demo.DeptCode("152921000000", "scjgj")] {
			t.Fatalf("accepted at %d, owned by %d", a.AcceptUnitID, a.OwnerUnitID)
		}
		f.clients["window"].Do("POST", "/api/v1/applications/"+a.No+"/accept", nil, http.StatusForbidden)
		f.act("window.yq", a.No, "accept", nil)
		f.act("approver", a.No, "review", nil)
		f.act("approver", a.No, "approve", nil)
		f.clients["window"].Do("POST", "/api/v1/applications/"+a.No+"/issue", map[string]any{"certificate_no": "x"}, http.StatusForbidden)
		if got := f.act("window.yq", a.No, "issue", map[string]any{"certificate_no": "92152921MA01"}); got.IssuedUnitID != a.AcceptUnitID {
			t.Errorf("issued at %d", got.IssuedUnitID)
		}
		var list struct{ Applications []appResp }
		f.clients["window"].Do("GET", "/api/v1/applications?cross_region=true", nil, http.StatusOK).JSON(&list)
		if len(list.Applications) != 1 {
			t.Errorf("阿拉善左旗's window lists %d league-wide applications owned in its banner, want 1", len(list.Applications))
		}
		m := f.measures("leader", "")
		if len(m.CrossRegion) != 1 || m.CrossRegion[0].Accept != "152922000000" || m.CrossRegion[0].Owner != "152921000000" || m.CrossRegion[0].Count != 1 {
			t.Errorf("region pairs %+v", m.CrossRegion)
		}
		// Not league-wide: refused for another banner, naming the rule.
		other := demoItem(t, "企业变更登记")
		r := f.clients["window.yq"].Do("POST", "/api/v1/applications", map[string]any{"item_code": other.Code, "applicant": f.person("152921"),
			"owner_region": "152921000000"}, http.StatusBadRequest)
		if !bytes.Contains(r.Body, []byte("盟域通办")) {
			t.Errorf("refusal %s", r.Body)
		}
	})
}

// TestHallBadInput: a wrong ID number or credit code is refused with the
// position and the reason; a catalog file with one bad row (CSV or XLSX)
// imports nothing and names the row; a material upload of the wrong type
// or over the limit is refused and the application is unchanged.
func TestHallBadInput(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newHallFixture(t, st, "window", "admin")
		valid := applicant.GenerateResidentID(f.rnd, "152921", time.Date(1985, 2, 3, 0, 0, 0, 0, time.UTC))
		credit := applicant.GenerateCreditCode(f.rnd, "152921")
		flip := func(s string, i int, c byte) string { b := []byte(s); b[i] = c; return string(b) }
		wrongCheck := flip(valid, 17, map[bool]byte{true: '0', false: '1'}[valid[17] != '0'])
		for _, tc := range []struct {
			kind, id string
			pos      int
			reason   string
		}{
			{"person", valid[:17], 18, "length is 17"},
			{"person", flip(valid, 4, 'a'), 5, "character 5"},
			{"person", wrongCheck, 18, "check character"},
			{"person", valid[:6] + "20991231" + valid[14:], 7, "in the future"},
			{"person", "99" + valid[2:], 1, "province"},
			{"enterprise", flip(credit, 10, 'I'), 11, "I, O, Z, S and V"},
			{"enterprise", flip(credit, 1, 'Z'), 2, "character 2"},
			{"enterprise", credit[:17] + map[bool]string{true: "0", false: "1"}[credit[17] != '0'], 18, "check character"},
		} {
			var res hall.IDCheck
			f.clients["anon"].Do("POST", "/api/v1/applicants/verify", map[string]any{"kind": tc.kind, "id_number": tc.id}, http.StatusOK).JSON(&res)
			if res.Valid || res.Position != tc.pos || !strings.Contains(res.Reason, tc.reason) {
				t.Errorf("verify %s %s: %+v, want position %d and %q", tc.kind, tc.id, res, tc.pos, tc.reason)
			}
			// Submitting with it is refused the same way, naming the field.
			r := f.clients["window"].Do("POST", "/api/v1/applications", map[string]any{"item_code": "AL-SCJGJ-0001",
				"applicant": map[string]any{"kind": tc.kind, "name": "申请人", "id_number": tc.id}}, http.StatusBadRequest)
			var e struct {
				Error struct {
					Fields []struct{ Field, Message string }
				}
			}
			json.Unmarshal(r.Body, &e)
			if len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != "applicant.id_number" || !strings.Contains(e.Error.Fields[0].Message, tc.reason) {
				t.Errorf("submit with %s: %s", tc.id, r.Body)
			}
		}
		var ok hall.IDCheck
		f.clients["anon"].Do("POST", "/api/v1/applicants/verify", map[string]any{"kind": "person", "id_number": " " + valid[:6] + " " + valid[6:]}, http.StatusOK).JSON(&ok)
		if !ok.Valid || ok.IDNumber != valid {
			t.Errorf("a valid ID typed with spaces: %+v", ok)
		}

		// Catalog files with one bad row.
		items := catalog.Demo()[:30]
		items[0].NameZH = "不该导入的新名称"
		items[20].LegalDays = -3 // row 22
		var csvBuf, xlsxBuf bytes.Buffer
		if err := catalog.ExportCSV(&csvBuf, items); err != nil {
			t.Fatal(err)
		}
		if err := catalog.ExportXLSX(&xlsxBuf, items); err != nil {
			t.Fatal(err)
		}
		for _, file := range []struct {
			name string
			b    []byte
		}{{"目录.csv", csvBuf.Bytes()}, {"目录.xlsx", xlsxBuf.Bytes()}} {
			body, ct := multipartFile(t, file.name, file.b)
			r := f.upload(f.clients["admin"], "/api/v1/catalog/import", ct, body, http.StatusBadRequest)
			if !bytes.Contains(r.Body, []byte(file.name+" row 22, column F (legal_days)")) {
				t.Errorf("%s: the error does not name row 22: %s", file.name, r.Body)
			}
			var it catalog.Item
			f.clients["anon"].Do("GET", "/api/v1/items/"+items[0].Code, nil, http.StatusOK).JSON(&it)
			if it.NameZH == "不该导入的新名称" {
				t.Errorf("%s: a good row of a bad file was imported", file.name)
			}
		}
		// An unreadable workbook names the file.
		body, ct := multipartFile(t, "坏.xlsx", []byte("PK\x03\x04 not really a zip"))
		if r := f.upload(f.clients["admin"], "/api/v1/catalog/import", ct, body, http.StatusBadRequest); !bytes.Contains(r.Body, []byte("坏.xlsx row 1")) {
			t.Errorf("unreadable workbook: %s", r.Body)
		}
		// A workbook that was edited by hand: a cell typed as a number.
		wb, err := excelize.OpenReader(bytes.NewReader(xlsxBuf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		wb.SetCellValue(catalog.SheetName, "F22", 5)
		wb.SetCellValue(catalog.SheetName, "E5", "许可证")
		var edited bytes.Buffer
		wb.Write(&edited)
		body, ct = multipartFile(t, "手改.xlsx", edited.Bytes())
		if r := f.upload(f.clients["admin"], "/api/v1/catalog/import", ct, body, http.StatusBadRequest); !bytes.Contains(r.Body, []byte("手改.xlsx row 5, column E (kind)")) {
			t.Errorf("edited workbook: %s", r.Body)
		}

		// Uploads that are refused leave the application as it was.
		it := demoItem(t, "企业注销登记")
		a := f.appOf(f.clients["window"].Do("POST", "/api/v1/applications", map[string]any{"item_code": it.Code, "applicant": f.enterprise(),
			"materials": f.materials(it, "清算报告")}, http.StatusCreated))
		before := f.act("window", a.No, "correct", nil)
		for _, u := range []struct {
			name    string
			content []byte
			want    int
		}{
			{"清算报告.docx", []byte("PK\x03\x04word"), http.StatusBadRequest},
			{"清算报告.exe", []byte("MZ\x90\x00"), http.StatusBadRequest},
			{"清算报告.pdf", append(pdf("big"), make([]byte, hall.MaxFileSize)...), http.StatusRequestEntityTooLarge},
			{"清算报告.pdf", append(pdf("bigger"), make([]byte, 2*hall.MaxFileSize)...), http.StatusRequestEntityTooLarge},
		} {
			body, ct := multipartForm(t, map[string]string{"material": "清算报告"}, u.name, u.content)
			f.upload(f.clients["window"], "/api/v1/applications/"+a.No+"/materials", ct, body, u.want)
			after := f.appOf(f.clients["window"].Do("GET", "/api/v1/applications/"+a.No, nil, http.StatusOK))
			if after.Version != before.Version || after.State != application.Correcting || len(after.Materials) != len(before.Materials) {
				t.Errorf("after a refused %s: version %d, %s, %d materials; want %d, correcting, %d", u.name, after.Version, after.State,
					len(after.Materials), before.Version, len(before.Materials))
			}
		}
	})
}

// TestHallAuthorizationMatrix runs the halls' endpoints as every demo role
// and expects, for each, exactly the statuses the roles and scopes allow: an
// application in scope but not the caller's to act on is a 403, one out of
// scope a 404, an anonymous call to a staff route a 401.
func TestHallAuthorizationMatrix(t *testing.T) {
	accounts := []string{"admin", "leader", "supervisor", "dispatcher", "agent", "handler.zq.scjgj", "head.zq.scjgj",
		"window", "window.yq", "approver", "approver.gjj"}
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newHallFixture(t, st, append([]string{}, accounts...)...)
		change := demoItem(t, "企业变更登记")
		// Who sees an application accepted and owned in 阿拉善左旗 by its 市场监管局.
		sees := set("admin", "leader", "supervisor", "window", "approver")
		type actionCase struct {
			action string
			steps  []string
			body   any
			who    map[string]bool
		}
		cases := []actionCase{
			{"correct", nil, map[string]any{"defects": []map[string]any{{"material": "营业执照", "problem": "复印件不清晰"}}}, set("window", "approver")},
			{"accept", nil, nil, set("window")},
			{"refuse", nil, map[string]any{"reason": "不符合受理条件"}, set("window", "approver")},
			{"withdraw", nil, nil, set("window")},
			{"review", []string{"accept"}, nil, set("approver")},
			{"pause", []string{"accept"}, map[string]any{"reason": "inspection", "days": 3}, set("approver")},
			{"approve", []string{"accept", "review"}, nil, set("approver")},
			{"deny", []string{"accept", "review"}, map[string]any{"reason": "不符合条件"}, set("approver")},
			{"issue", []string{"accept", "review", "approve"}, map[string]any{"certificate_no": "91152921MA02"}, set("window")},
			{"deliver", []string{"accept", "review", "approve", "issue"}, map[string]any{"method": "window"}, set("window")},
		}
		for _, c := range cases {
			for _, who := range append([]string{"anon"}, accounts...) {
				no, _ := prepareSteps(f, change, c.steps)
				want := http.StatusForbidden
				switch {
				case who == "anon":
					want = http.StatusUnauthorized
				case !sees[who]:
					want = http.StatusNotFound
				case c.who[who]:
					want = http.StatusOK
				}
				if r := f.clients[who].Request("POST", "/api/v1/applications/"+no+"/"+c.action, c.body); r.Status != want {
					t.Errorf("%s by %s: %d, want %d: %s", c.action, who, r.Status, want, r.Body)
				}
			}
		}

		no, id := prepareSteps(f, change, nil)
		bundle := struct{ No string }{}
		f.clients["window"].Do("POST", "/api/v1/bundles/"+application.BundleEnterpriseOpening+"/applications", map[string]any{"applicant": f.enterprise(),
			"form": map[string]string{"enterprise_name": "x", "enterprise_type": "x", "legal_rep": "x", "registered_capital": "1", "address": "x",
				"business_scope": "x", "phone": "x", "employees": "1", "seal_count": "1"}}, http.StatusCreated).JSON(&bundle)
		readers := set("admin", "leader", "supervisor", "window", "window.yq", "approver", "approver.gjj")
		library := set("window", "window.yq", "approver", "approver.gjj")
		measures := set("admin", "leader", "supervisor", "dispatcher", "head.zq.scjgj")
		status := func(ok bool, signedIn bool, deny int) int {
			switch {
			case ok:
				return http.StatusOK
			case !signedIn:
				return http.StatusUnauthorized
			}
			return deny
		}
		for _, who := range append([]string{"anon"}, accounts...) {
			c, in := f.clients[who], who != "anon"
			for _, ep := range []struct {
				method, path string
				body         any
				want         int
			}{
				{"GET", "/api/v1/applications/" + no, nil, status(sees[who], in, http.StatusNotFound)},
				{"GET", "/api/v1/applications", nil, status(readers[who], in, http.StatusForbidden)},
				{"GET", "/api/v1/bundle-applications/" + bundle.No, nil, status(sees[who] || who == "approver.gjj", in, http.StatusNotFound)},
				{"GET", "/api/v1/applicants/" + id, nil, status(library[who], in, http.StatusForbidden)},
				{"PUT", "/api/v1/applicants/" + id, map[string]any{"kind": "enterprise", "name": "改名公司"}, status(who == "window" || who == "window.yq", in, http.StatusForbidden)},
				{"GET", "/api/v1/applicants/" + id + "/coverage?item=" + change.Code, nil, status(library[who], in, http.StatusForbidden)},
				{"GET", "/api/v1/measures/applications", nil, status(measures[who], in, http.StatusForbidden)},
				{"GET", "/api/v1/catalog/export", nil, status(in, in, 0)},
				{"GET", "/api/v1/items?limit=1", nil, http.StatusOK},
				{"GET", "/api/v1/bundles", nil, http.StatusOK},
				{"GET", "/api/v1/windows", nil, http.StatusOK},
				{"GET", "/api/v1/online/applications/" + no, nil, http.StatusUnauthorized},
			} {
				if r := c.Request(ep.method, ep.path, ep.body); r.Status != ep.want {
					t.Errorf("%s %s by %s: %d, want %d: %.300s", ep.method, ep.path, who, r.Status, ep.want, r.Body)
				}
			}
			// The list shows the application exactly to those who see it.
			if readers[who] {
				r := c.Do("GET", "/api/v1/applications?applicant="+id, nil, http.StatusOK)
				if got := bytes.Contains(r.Body, []byte(no)); got != sees[who] {
					t.Errorf("list by %s shows %s: %v, want %v", who, no, got, sees[who])
				}
			}
			// Submitting at a window: window clerks only.
			want := status(who == "window" || who == "window.yq", in, http.StatusForbidden)
			if want == http.StatusOK {
				want = http.StatusCreated
			}
			if r := c.Request("POST", "/api/v1/applications", map[string]any{"item_code": change.Code, "applicant": f.enterprise()}); r.Status != want {
				t.Errorf("submit by %s: %d, want %d: %s", who, r.Status, want, r.Body)
			}
			body, ct := multipartFile(t, "catalog.csv", func() []byte {
				var b bytes.Buffer
				catalog.ExportCSV(&b, catalog.Demo()[:2])
				return b.Bytes()
			}())
			c.Header.Set("Content-Type", ct)
			if r := c.Request("POST", "/api/v1/catalog/import", body); r.Status != status(who == "admin", in, http.StatusForbidden) {
				t.Errorf("import by %s: %d", who, r.Status)
			}
			c.Header.Del("Content-Type")
		}
		// Online, an application is reached only with its applicant's ID.
		anon := f.clients["anon"]
		for _, tc := range []struct {
			id   string
			want int
		}{{applicant.GenerateCreditCode(f.rnd, "152921"), http.StatusNotFound}, {id, http.StatusOK}} {
			anon.Header.Set("X-Applicant-ID", tc.id)
			for _, ep := range []struct{ method, path string }{{"GET", "/online/applications/" + no}, {"POST", "/online/applications/" + no + "/withdraw"}} {
				if r := anon.Request(ep.method, "/api/v1"+ep.path, nil); r.Status != tc.want {
					t.Errorf("%s %s online with ID %s: %d, want %d", ep.method, ep.path, tc.id, r.Status, tc.want)
				}
			}
			anon.Header.Del("X-Applicant-ID")
		}
	})
}

// prepareSteps submits an application at 阿拉善左旗's window and takes it
// through the given steps; it returns its number and its applicant's
// credit code.
func prepareSteps(f *hallFixture, it catalog.Item, steps []string) (string, string) {
	f.t.Helper()
	ent := f.enterprise()
	a := f.appOf(f.clients["window"].Do("POST", "/api/v1/applications", map[string]any{"item_code": it.Code, "applicant": ent,
		"materials": f.materials(it)}, http.StatusCreated))
	for _, s := range steps {
		switch s {
		case "accept":
			f.act("window", a.No, s, nil)
		case "issue":
			f.act("window", a.No, s, map[string]any{"certificate_no": "C-" + a.No})
		default:
			f.act("approver", a.No, s, nil)
		}
	}
	return a.No, ent["id_number"].(string)
}
