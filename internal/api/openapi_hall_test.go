package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"tongban/internal/api"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/apptest"
	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

func init() {
	// Files the halls serve: material scans and catalog workbooks.
	for _, ct := range []string{"application/pdf", "image/png", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// hallPath reports whether a documented path belongs to the halls (issue 5),
// whose operations TestOpenAPIHallScenario runs.
func hallPath(path string) bool {
	for _, p := range []string{"/items", "/departments", "/bundles", "/bundle-applications", "/windows", "/applicants", "/catalog/",
		"/applications", "/materials", "/measures/applications", "/online/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// multipartForm returns a multipart/form-data body with the given fields
// and a file field named file, and its Content-Type.
func multipartForm(t *testing.T, fields map[string]string, name string, content []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	f, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(content)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}

// pdf is a small document that is detected as a PDF.
func pdf(label string) []byte { return []byte("%PDF-1.4\n% " + label + "\n%%EOF\n") }

// newHallApp starts a server with the demo organisation and catalog.
func newHallApp(t *testing.T, st *storage.Store) *apptest.App {
	t.Helper()
	a := apptest.New(t, st)
	if err := demo.SeedCatalog(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return a
}

func demoItem(t *testing.T, name string) catalog.Item {
	t.Helper()
	for _, it := range catalog.Demo() {
		if it.NameZH == name {
			return it
		}
	}
	t.Fatalf("no demo item %s", name)
	return catalog.Item{}
}

// TestOpenAPIHallScenario runs every documented operation of the halls on
// a real server — catalog, applicants and their library, applications
// through every action, bundles, the online routes and the measures — with
// the errors clients have to handle, and checks every request and response
// against openapi.json.
func TestOpenAPIHallScenario(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		doc := loadOpenAPI(t)
		a := newHallApp(t, st)
		s := &scenario{t: t, router: newRouter(t, doc), vars: map[string]string{}, seen: map[string]map[int]bool{},
			clients: map[string]*apptest.Client{
				"anon": a.Anonymous(), "admin": a.Login("admin"), "leader": a.Login("leader"), "window": a.Login("window"),
				"approver": a.Login("approver"), "gjj": a.Login("approver.gjj"), "handler": a.Login("handler.zq.scjgj"),
			}}
		decode := func(t *testing.T, r apptest.Response, v any) {
			t.Helper()
			if err := r.JSON(v); err != nil {
				t.Fatalf("decode %s: %v", r.Body, err)
			}
		}
		keep := func(name string) func(*testing.T, apptest.Response) {
			return func(t *testing.T, r apptest.Response) {
				var v struct {
					Application struct{ No string }
					No          string
				}
				decode(t, r, &v)
				s.vars[name] = v.Application.No + v.No
				if r.Status == http.StatusCreated && v.Application.No != "" && r.Header.Get("Location") != "/api/v1/applications/"+v.Application.No {
					t.Errorf("Location %q for %s", r.Header.Get("Location"), v.Application.No)
				}
			}
		}
		keepSHA := func(name string) func(*testing.T, apptest.Response) {
			return func(t *testing.T, r apptest.Response) {
				var v hall.File
				decode(t, r, &v)
				s.vars[name] = v.SHA256
			}
		}
		wantState := func(state string) func(*testing.T, apptest.Response) {
			return func(t *testing.T, r apptest.Response) {
				var v struct{ Application application.Application }
				decode(t, r, &v)
				if string(v.Application.State) != state {
					t.Errorf("state %s, want %s", v.Application.State, state)
				}
			}
		}
		r := rand.New(rand.NewPCG(5, 5))
		birth := time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)
		pid := applicant.GenerateResidentID(r, "152921", birth)
		badID := pid[:17] + map[bool]string{true: "1", false: "2"}[pid[17] != '1']
		cc := applicant.GenerateCreditCode(r, "152921")
		cc2 := applicant.GenerateCreditCode(r, "152921")
		zqWindow := a.Units[demo.DeptCode("152921000000", "spj")]
		person := map[string]any{"kind": "person", "name": "乌云其木格", "id_number": pid, "phone": "13947811111"}
		enterprise := func(id string) map[string]any {
			return map[string]any{"kind": "enterprise", "name": "阿拉善左旗沙漠之舟商贸有限公司", "id_number": id}
		}
		change := demoItem(t, "企业变更登记") // 营业执照, 法定代表人身份证件, 变更事项相关证明文件
		food := demoItem(t, "食品经营许可")   // notify-and-commit: 经营场所使用证明
		hukou := demoItem(t, "户籍证明开具")
		zhang, zhangType := multipartForm(t, map[string]string{"type": "legal_rep_id", "issuer": "阿拉善左旗公安局", "valid_to": "2036-01-01"}, "身份证.pdf", pdf("id"))
		notPDF, notPDFType := multipartForm(t, map[string]string{"type": "legal_rep_id"}, "id.txt", []byte("plain text"))
		file, fileType := multipartFile(t, "执照.pdf", pdf("licence"))
		txt, txtType := multipartFile(t, "执照.txt", []byte("plain text"))
		huge, hugeType := multipartForm(t, map[string]string{"material": "变更事项相关证明文件"}, "huge.pdf", append(pdf("huge"), make([]byte, hall.MaxFileSize)...))
		hugeOnline, hugeOnlineType := multipartFile(t, "huge.pdf", append(pdf("huge"), make([]byte, hall.MaxFileSize)...))
		mat := func(name string, content []byte) ([]byte, string) {
			return multipartForm(t, map[string]string{"material": name}, name+".pdf", content)
		}
		proof, proofType := mat("变更事项相关证明文件", pdf("proof"))
		wrongType, wrongTypeType := multipartForm(t, map[string]string{"material": "变更事项相关证明文件"}, "proof.zip", []byte("PK\x03\x04zip"))
		var csvFile bytes.Buffer
		if err := catalog.ExportCSV(&csvFile, catalog.Demo()[:5]); err != nil {
			t.Fatal(err)
		}
		good, goodType := multipartFile(t, "catalog.csv", csvFile.Bytes())
		bad, badType := multipartFile(t, "catalog.csv", bytes.Replace(csvFile.Bytes(), []byte(",licensing,"), []byte(",licence,"), 1))
		online := func(id string) map[string]string { return map[string]string{"X-Applicant-ID": id} }
		onlineMat, onlineMatType := mat("变更事项相关证明文件", pdf("online proof"))
		submit := func(item catalog.Item, who map[string]any, materials ...string) func() any {
			return func() any {
				b := map[string]any{"item_code": item.Code, "applicant": who}
				var ms []map[string]any
				for _, m := range materials {
					ms = append(ms, map[string]any{"name": m, "sha256": s.vars["sha"]})
				}
				if len(ms) > 0 {
					b["materials"] = ms
				}
				return b
			}
		}
		openingForm := map[string]string{"enterprise_name": "阿拉善左旗驼铃科技有限公司", "enterprise_type": "有限责任公司", "legal_rep": "巴特尔",
			"registered_capital": "100", "address": "巴彦浩特镇", "business_scope": "软件开发", "phone": "13947822222", "employees": "5", "seal_count": "4"}
		bundleBody := func(channel string) func() any {
			return func() any {
				b := map[string]any{"applicant": enterprise(cc2), "form": openingForm, "channel": channel}
				if channel == "online" {
					b["accept_unit_id"] = zqWindow
				}
				return b
			}
		}

		calls := []apiCall{
			// The catalog: public.
			{name: "items", as: "anon", method: "GET", path: "/items", want: 200},
			{name: "items filtered", as: "anon", method: "GET", path: "/items?department=scjgj&kind=" + url.QueryEscape("许可") +
				"&online_depth=full_online&league_wide=true&active=true&q=" + url.QueryEscape("登记") + "&limit=2", want: 200},
			{name: "items next page", as: "anon", method: "GET", path: "/items?department=scjgj&cursor=AL-SCJGJ-0002&limit=3", want: 200,
				then: func(t *testing.T, r apptest.Response) {
					var v api.ItemList
					decode(t, r, &v)
					if len(v.Items) != 3 || v.Items[0].Code != "AL-SCJGJ-0003" || v.NextCursor != "AL-SCJGJ-0005" {
						t.Errorf("page after AL-SCJGJ-0002: %d items, next %q", len(v.Items), v.NextCursor)
					}
				}},
			{name: "items, bad limit", as: "anon", method: "GET", path: "/items?limit=0", want: 400, invalid: true},
			{name: "items, unknown filter", as: "anon", method: "GET", path: "/items?colour=red", want: 400},
			{name: "item", as: "anon", method: "GET", path: "/items/" + change.Code, want: 200},
			{name: "unknown item", as: "anon", method: "GET", path: "/items/AL-NOSUCH-0001", want: 404},
			{name: "guide", as: "anon", method: "GET", path: "/items/AL-SCJGJ-0001/guide", want: 200, then: func(t *testing.T, r apptest.Response) {
				var g hall.Guide
				decode(t, r, &g)
				if g.Department.NameZH != "阿拉善盟市场监督管理局" || len(g.Bundles) != 1 || g.Bundles[0].Code != application.BundleEnterpriseOpening {
					t.Errorf("guide of 企业设立登记: %+v, bundles %+v", g.Department, g.Bundles)
				}
			}},
			{name: "guide of an unknown item", as: "anon", method: "GET", path: "/items/AL-NOSUCH-0001/guide", want: 404},
			{name: "departments", as: "anon", method: "GET", path: "/departments", want: 200},
			{name: "bundles", as: "anon", method: "GET", path: "/bundles", want: 200},
			{name: "bundle", as: "anon", method: "GET", path: "/bundles/" + application.BundleEnterpriseOpening, want: 200},
			{name: "unknown bundle", as: "anon", method: "GET", path: "/bundles/NOSUCH", want: 404},
			{name: "windows", as: "anon", method: "GET", path: "/windows", want: 200, then: func(t *testing.T, r apptest.Response) {
				if !bytes.Contains(r.Body, []byte(`"id":`+fmt.Sprint(zqWindow)+`,`)) {
					t.Errorf("阿拉善左旗's window is not listed: %s", r.Body)
				}
			}},
			{name: "verify an ID", as: "anon", method: "POST", path: "/applicants/verify", body: map[string]any{"kind": "person", "id_number": pid}, want: 200},
			{name: "verify a wrong ID", as: "anon", method: "POST", path: "/applicants/verify", body: map[string]any{"kind": "person", "id_number": badID}, want: 200,
				then: func(t *testing.T, r apptest.Response) {
					var v hall.IDCheck
					decode(t, r, &v)
					if v.Valid || v.Position != 18 || !strings.Contains(v.Reason, "check character") {
						t.Errorf("wrong ID: %+v", v)
					}
				}},
			{name: "verify an unknown kind", as: "anon", method: "POST", path: "/applicants/verify", body: map[string]any{"kind": "alien", "id_number": pid}, want: 400, invalid: true},
			{name: "import the catalog", as: "admin", method: "POST", path: "/catalog/import", header: map[string]string{"Content-Type": goodType}, body: good, want: 200},
			{name: "import a bad row", as: "admin", method: "POST", path: "/catalog/import", header: map[string]string{"Content-Type": badType}, body: bad, want: 400,
				then: func(t *testing.T, r apptest.Response) {
					if !bytes.Contains(r.Body, []byte("row 2, column E (kind)")) {
						t.Errorf("the error does not name the row: %s", r.Body)
					}
				}},
			{name: "import by a window clerk", as: "window", method: "POST", path: "/catalog/import", header: map[string]string{"Content-Type": goodType}, body: good, want: 403},
			{name: "import, not signed in", as: "anon", method: "POST", path: "/catalog/import", header: map[string]string{"Content-Type": goodType}, body: good, want: 401},
			{name: "export CSV", as: "window", method: "GET", path: "/catalog/export?format=csv&department=scjgj", want: 200},
			{name: "export XLSX", as: "admin", method: "GET", path: "/catalog/export?format=xlsx", want: 200},
			{name: "export PDF", as: "admin", method: "GET", path: "/catalog/export?format=pdf", want: 400, invalid: true},

			// Applicants and their library.
			{name: "record an applicant", as: "window", method: "PUT", path: "/applicants/" + pid, body: map[string]any{"kind": "person", "name": "乌云其木格"}, want: 200},
			{name: "record a wrong ID", as: "window", method: "PUT", path: "/applicants/" + badID, body: map[string]any{"kind": "person", "name": "x"}, want: 400},
			{name: "record by an approver", as: "approver", method: "PUT", path: "/applicants/" + pid, body: map[string]any{"kind": "person", "name": "x"}, want: 403},
			{name: "add to the library", as: "window", method: "POST", path: "/applicants/" + pid + "/materials", header: map[string]string{"Content-Type": zhangType}, body: zhang, want: 201,
				then: func(t *testing.T, r apptest.Response) {
					var e storage.LibraryEntry
					decode(t, r, &e)
					s.vars["mid"] = fmt.Sprint(e.ID)
				}},
			{name: "add a text file to the library", as: "window", method: "POST", path: "/applicants/" + pid + "/materials", header: map[string]string{"Content-Type": notPDFType}, body: notPDF, want: 400},
			{name: "add to an unknown applicant's library", as: "window", method: "POST", path: "/applicants/" + cc + "/materials", header: map[string]string{"Content-Type": zhangType}, body: zhang, want: 404},
			{name: "describe a library document", as: "window", method: "PUT", path: "/applicants/" + pid + "/materials/{mid}",
				body: map[string]any{"type": "legal_rep_id", "issuer": "阿拉善左旗公安局", "number": "152921", "valid_from": "2016-01-01", "valid_to": "2036-01-01"}, want: 200},
			{name: "describe an unknown document", as: "window", method: "PUT", path: "/applicants/" + pid + "/materials/999999", body: map[string]any{"type": "x"}, want: 404},
			{name: "applicant", as: "approver", method: "GET", path: "/applicants/" + pid, want: 200},
			{name: "applicant by a hotline handler", as: "handler", method: "GET", path: "/applicants/" + pid, want: 403},
			{name: "unknown applicant", as: "window", method: "GET", path: "/applicants/" + cc, want: 404},
			{name: "coverage", as: "window", method: "GET", path: "/applicants/" + pid + "/coverage?item=" + change.Code, want: 200,
				then: func(t *testing.T, r apptest.Response) {
					var c applicant.Coverage
					decode(t, r, &c)
					if len(c.Reused) != 1 || c.Reused[0].Req.Name != "法定代表人身份证件" {
						t.Errorf("the library covers %+v", c.Reused)
					}
				}},
			{name: "coverage without an item", as: "window", method: "GET", path: "/applicants/" + pid + "/coverage", want: 400, invalid: true},

			// Files.
			{name: "store a file", as: "window", method: "POST", path: "/materials", header: map[string]string{"Content-Type": fileType}, body: file, want: 201, then: keepSHA("sha")},
			{name: "store a text file", as: "window", method: "POST", path: "/materials", header: map[string]string{"Content-Type": txtType}, body: txt, want: 400},
			{name: "store, not signed in", as: "anon", method: "POST", path: "/materials", header: map[string]string{"Content-Type": fileType}, body: file, want: 401},
			{name: "store online", as: "anon", method: "POST", path: "/online/materials", header: map[string]string{"Content-Type": fileType}, body: file, want: 201},
			{name: "store online, too large", as: "anon", method: "POST", path: "/online/materials", header: map[string]string{"Content-Type": hugeOnlineType}, body: hugeOnline, want: 413},

			// An application at a window through every step. The library
			// supplies the legal representative's ID; two materials are missing.
			{name: "submit", as: "window", method: "POST", path: "/applications", want: 201, then: keep("a"), body: func() any {
				b := submit(change, person, "营业执照", "企业变更登记申请表")().(map[string]any)
				b["reuse_library"] = true
				return b
			}},
			{name: "submit with a wrong ID", as: "window", method: "POST", path: "/applications", want: 400, body: submit(change, map[string]any{"kind": "person", "name": "x", "id_number": badID}),
				then: func(t *testing.T, r apptest.Response) {
					if !bytes.Contains(r.Body, []byte(`"field":"applicant.id_number"`)) || !bytes.Contains(r.Body, []byte("character 18")) {
						t.Errorf("the refusal does not name the position: %s", r.Body)
					}
				}},
			{name: "submit an unknown item", as: "window", method: "POST", path: "/applications", want: 400, body: submit(catalog.Item{Code: "AL-NOSUCH-0001"}, person)},
			{name: "submit by a leader", as: "leader", method: "POST", path: "/applications", want: 403, body: submit(change, person)},
			{name: "submit with an unknown field", as: "window", method: "POST", path: "/applications", want: 400, invalid: true,
				body: map[string]any{"item_code": change.Code, "applicant": person, "priority": 1}},
			{name: "get", as: "window", method: "GET", path: "/applications/{a}", want: 200},
			{name: "get by another department", as: "gjj", method: "GET", path: "/applications/{a}", want: 404},
			{name: "get a malformed number", as: "window", method: "GET", path: "/applications/" + url.PathEscape("no!"), want: 400, invalid: true},
			{name: "list", as: "window", method: "GET", path: "/applications", want: 200},
			{name: "list with every filter", as: "leader", method: "GET", want: 200, path: "/applications?state=submitted,reviewing&item=" + change.Code +
				"&department=scjgj&applicant=" + pid + "&channel=window&accept_unit=" + fmt.Sprint(zqWindow) + "&region=152921000000&cross_region=false" +
				"&from=2026-06-01&to=" + url.QueryEscape("2026-06-30T00:00:00+08:00") + "&q=" + url.QueryEscape("变更") + "&limit=10"},
			{name: "list a back office's inbox", as: "approver", method: "GET", path: "/applications?owner_unit=" + fmt.Sprint(a.Units[demo.DeptCode("152921000000", "scjgj")]) + "&warning=red&bundle=YJS1", want: 200},
			{name: "list with bad filters", as: "window", method: "GET", path: "/applications?state=open&limit=500", want: 400, invalid: true},
			{name: "list by a hotline handler", as: "handler", method: "GET", path: "/applications", want: 403},
			{name: "correct", as: "window", method: "POST", path: "/applications/{a}/correct", body: map[string]any{"note": "请补交"}, want: 200, then: wantState("correcting")},
			{name: "upload of a refused type", as: "window", method: "POST", path: "/applications/{a}/materials", header: map[string]string{"Content-Type": wrongTypeType}, body: wrongType, want: 400},
			{name: "upload over the limit", as: "window", method: "POST", path: "/applications/{a}/materials", header: map[string]string{"Content-Type": hugeType}, body: huge, want: 413},
			{name: "still correcting", as: "window", method: "GET", path: "/applications/{a}", want: 200, then: wantState("correcting")},
			{name: "upload", as: "window", method: "POST", path: "/applications/{a}/materials", header: map[string]string{"Content-Type": proofType}, body: proof, want: 200, then: wantState("submitted")},
			{name: "resubmit while submitted", as: "window", method: "POST", path: "/applications/{a}/resubmit", body: map[string]any{"materials": []map[string]any{{"name": "营业执照", "sha256": "{sha}"}}}, want: 409},
			{name: "accept with a stale version", as: "window", method: "POST", path: "/applications/{a}/accept", header: map[string]string{"If-Match": `"1"`}, want: 409},
			{name: "accept", as: "window", method: "POST", path: "/applications/{a}/accept", want: 200, then: wantState("reviewing")},
			{name: "review by the window", as: "window", method: "POST", path: "/applications/{a}/review", want: 403},
			{name: "review", as: "approver", method: "POST", path: "/applications/{a}/review", body: map[string]any{"opinion": "材料齐全"}, want: 200},
			{name: "pause with a bad reason", as: "approver", method: "POST", path: "/applications/{a}/pause", body: map[string]any{"reason": "lunch", "days": 1}, want: 400, invalid: true},
			{name: "pause", as: "approver", method: "POST", path: "/applications/{a}/pause", body: map[string]any{"reason": "inspection", "days": 2, "note": "现场核查"}, want: 200, then: wantState("paused")},
			{name: "resume", as: "approver", method: "POST", path: "/applications/{a}/resume", want: 200},
			{name: "approve", as: "approver", method: "POST", path: "/applications/{a}/approve", body: map[string]any{"opinion": "准予变更"}, want: 200, then: wantState("approved")},
			{name: "issue", as: "window", method: "POST", path: "/applications/{a}/issue", body: map[string]any{"certificate_no": "91152921MA0000000X"}, want: 200},
			{name: "deliver", as: "window", method: "POST", path: "/applications/{a}/deliver", body: map[string]any{"method": "mail", "ref": "EMS1234567890"}, want: 200, then: wantState("delivered")},
			{name: "download a material", as: "approver", method: "GET", path: "/applications/{a}/materials/{sha}", want: 200},
			{name: "download an unknown material", as: "approver", method: "GET", path: "/applications/{a}/materials/" + strings.Repeat("0", 64), want: 404},
			{name: "track online", as: "anon", method: "GET", path: "/online/applications/{a}", header: online(pid), want: 200},
			{name: "track online without an ID", as: "anon", method: "GET", path: "/online/applications/{a}", want: 401, invalid: true},
			{name: "track another's application", as: "anon", method: "GET", path: "/online/applications/{a}", header: online(cc), want: 404},
			{name: "rate", as: "anon", method: "POST", path: "/online/applications/{a}/rate", header: online(pid), body: map[string]any{"channel": "online", "score": 5, "comment": "很快"}, want: 200},
			{name: "rate twice", as: "anon", method: "POST", path: "/online/applications/{a}/rate", header: online(pid), body: map[string]any{"channel": "online", "score": 1}, want: 409,
				then: func(t *testing.T, r apptest.Response) {
					rs, err := st.RatingsOf(context.Background(), storage.RatingApplication, s.vars["a"])
					if err != nil || len(rs) != 1 || rs[0].Score != 5 || rs[0].Channel != "online" {
						t.Errorf("the rating for the evaluation: %+v, %v", rs, err)
					}
				}},
			{name: "my applications", as: "anon", method: "GET", path: "/online/applications?state=delivered&limit=5", header: online(pid), want: 200},

			// Withdrawn, refused, denied, and notify-and-commit promises.
			{name: "submit to withdraw", as: "window", method: "POST", path: "/applications", body: submit(hukou, person), want: 201, then: keep("w")},
			{name: "withdraw", as: "window", method: "POST", path: "/applications/{w}/withdraw", body: map[string]any{"reason": "申请人不再需要"}, want: 200, then: wantState("withdrawn")},
			{name: "submit to refuse", as: "window", method: "POST", path: "/applications", body: submit(hukou, person), want: 201, then: keep("r")},
			{name: "refuse", as: "window", method: "POST", path: "/applications/{r}/refuse", body: map[string]any{"reason": "不属于本窗口受理范围"}, want: 200, then: wantState("refused")},
			{name: "submit to deny", as: "window", method: "POST", path: "/applications", body: submit(change, enterprise(cc), "营业执照", "法定代表人身份证件", "变更事项相关证明文件", "企业变更登记申请表"), want: 201, then: keep("d")},
			{name: "accept to deny", as: "window", method: "POST", path: "/applications/{d}/accept", want: 200},
			{name: "review to deny", as: "approver", method: "POST", path: "/applications/{d}/review", want: 200},
			{name: "deny", as: "approver", method: "POST", path: "/applications/{d}/deny", body: map[string]any{"reason": "变更后名称与他人重名"}, want: 200, then: wantState("denied")},
			{name: "submit with a promise", as: "window", method: "POST", path: "/applications", want: 201, then: keep("p"),
				body: submit(food, enterprise(cc), "营业执照", "法定代表人身份证件", "经营场所平面布局图", "食品安全管理制度", "食品经营许可申请表")},
			{name: "accept on a promise", as: "window", method: "POST", path: "/applications/{p}/accept", body: map[string]any{"promise": []string{"经营场所使用证明"}}, want: 200},
			{name: "promise verified", as: "approver", method: "POST", path: "/applications/{p}/verify_ok", body: map[string]any{"note": "现场核查属实"}, want: 200},
			{name: "submit with a false promise", as: "window", method: "POST", path: "/applications", want: 201, then: keep("q"),
				body: submit(food, enterprise(cc), "营业执照", "法定代表人身份证件", "经营场所平面布局图", "食品安全管理制度", "食品经营许可申请表")},
			{name: "accept on a false promise", as: "window", method: "POST", path: "/applications/{q}/accept", body: map[string]any{"promise": []string{"经营场所使用证明"}}, want: 200},
			{name: "promise false", as: "approver", method: "POST", path: "/applications/{q}/verify_failed", body: map[string]any{"note": "经营场所为住宅"}, want: 200, then: wantState("revoked")},

			// Online: submit, correct, hand in, withdraw.
			{name: "submit online", as: "anon", method: "POST", path: "/online/applications", want: 201, then: keep("o"), body: func() any {
				return map[string]any{"item_code": change.Code, "applicant": enterprise(cc), "channel": "app", "accept_unit_id": zqWindow,
					"materials": []map[string]any{{"name": "营业执照", "sha256": s.vars["sha"]}}}
			}},
			{name: "submit online with a wrong credit code", as: "anon", method: "POST", path: "/online/applications", want: 400, body: map[string]any{
				"item_code": change.Code, "applicant": enterprise(cc[:17] + "I"), "accept_unit_id": zqWindow}},
			{name: "submit online at a unit that is no window", as: "anon", method: "POST", path: "/online/applications", want: 400, body: map[string]any{
				"item_code": change.Code, "applicant": enterprise(cc), "accept_unit_id": a.Units[demo.CentreCode]}},
			{name: "pre-review online", as: "window", method: "POST", path: "/applications/{o}/correct", want: 200},
			{name: "hand in online", as: "anon", method: "POST", path: "/online/applications/{o}/materials", header: map[string]string{"Content-Type": onlineMatType, "X-Applicant-ID": cc}, body: onlineMat, want: 200},
			{name: "resubmit online while submitted", as: "anon", method: "POST", path: "/online/applications/{o}/resubmit", header: online(cc), want: 409,
				body: map[string]any{"materials": []map[string]any{{"name": "法定代表人身份证件", "sha256": "{sha}"}}}},
			{name: "correct again", as: "window", method: "POST", path: "/applications/{o}/correct", want: 200},
			{name: "resubmit online", as: "anon", method: "POST", path: "/online/applications/{o}/resubmit", header: online(cc), want: 200,
				body: map[string]any{"materials": []map[string]any{{"name": "法定代表人身份证件", "sha256": "{sha}"}}}},
			{name: "correct once more", as: "window", method: "POST", path: "/applications/{o}/correct", body: map[string]any{"defects": []map[string]any{{"material": "法定代表人身份证件", "problem": "复印件不清晰"}}}, want: 200},
			{name: "resubmit at the window", as: "window", method: "POST", path: "/applications/{o}/resubmit", body: map[string]any{"materials": []map[string]any{{"name": "法定代表人身份证件", "sha256": "{sha}"}}}, want: 200},
			{name: "withdraw online", as: "anon", method: "POST", path: "/online/applications/{o}/withdraw", header: online(cc), want: 200, then: wantState("withdrawn")},

			// Bundles.
			{name: "submit a bundle", as: "window", method: "POST", path: "/bundles/" + application.BundleEnterpriseOpening + "/applications", body: bundleBody("window"), want: 201, then: keep("b")},
			{name: "submit a bundle without its form", as: "window", method: "POST", path: "/bundles/" + application.BundleEnterpriseOpening + "/applications", body: map[string]any{"applicant": enterprise(cc2)}, want: 400},
			{name: "submit an unknown bundle", as: "window", method: "POST", path: "/bundles/NOSUCH/applications", body: bundleBody("window"), want: 404},
			{name: "bundle application", as: "window", method: "GET", path: "/bundle-applications/{b}", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct {
					State application.BundleState
					Parts []json.RawMessage
				}
				decode(t, r, &v)
				if v.State != application.BundleSubmitted || len(v.Parts) != 7 {
					t.Errorf("bundle %s with %d parts", v.State, len(v.Parts))
				}
			}},
			{name: "bundle application seen by one back office", as: "gjj", method: "GET", path: "/bundle-applications/{b}", want: 200, then: func(t *testing.T, r apptest.Response) {
				var v struct{ Parts []json.RawMessage }
				decode(t, r, &v)
				if len(v.Parts) != 1 {
					t.Errorf("the housing fund centre sees %d parts, want its own", len(v.Parts))
				}
			}},
			{name: "unknown bundle application", as: "window", method: "GET", path: "/bundle-applications/YJS20260601999999", want: 404},
			{name: "submit a bundle online", as: "anon", method: "POST", path: "/online/bundles/" + application.BundleEnterpriseOpening + "/applications", body: bundleBody("online"), want: 201, then: keep("ob")},
			{name: "track a bundle online", as: "anon", method: "GET", path: "/online/bundle-applications/{ob}", header: online(cc2), want: 200},
			{name: "track another's bundle", as: "anon", method: "GET", path: "/online/bundle-applications/{ob}", header: online(pid), want: 404},

			// Measures.
			{name: "measures", as: "leader", method: "GET", path: "/measures/applications", want: 200, then: func(t *testing.T, r apptest.Response) {
				var m hall.Measures
				decode(t, r, &m)
				if m.Applications == 0 || m.OnTime.Legal.Total == 0 || len(m.Items) == 0 {
					t.Errorf("measures: %+v", m)
				}
			}},
			{name: "measures filtered", as: "admin", method: "GET", want: 200, path: "/measures/applications?department=scjgj&region=152921000000&from=2026-06-01&to=" + url.QueryEscape("2026-07-01T00:00:00+08:00")},
			{name: "measures with a bad region", as: "leader", method: "GET", path: "/measures/applications?region=1529", want: 400, invalid: true},
			{name: "measures by a window clerk", as: "window", method: "GET", path: "/measures/applications", want: 403},

			// Deleting from the library last: the application above keeps its copy.
			{name: "delete a library document", as: "window", method: "DELETE", path: "/applicants/" + pid + "/materials/{mid}", want: 204},
			{name: "delete it again", as: "window", method: "DELETE", path: "/applicants/" + pid + "/materials/{mid}", want: 404},
		}
		for _, c := range calls {
			s.run(c)
		}

		for path, item := range doc.Paths.Map() {
			if !hallPath(path) {
				continue
			}
			for method := range item.Operations() {
				if len(s.seen[method+" "+path]) == 0 {
					t.Errorf("%s %s is documented but the scenario never calls it", method, path)
				}
			}
		}
		// The history of the delivered application is the whole lifecycle.
		r2 := s.clients["window"].Do("GET", "/api/v1/applications/"+s.vars["a"], nil, 200)
		var v struct{ History []struct{ Type string } }
		if err := json.Unmarshal(r2.Body, &v); err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, h := range v.History {
			types = append(types, h.Type)
		}
		if want := "submit correct resubmit accept review pause resume approve issue deliver rate"; strings.Join(types, " ") != want {
			t.Errorf("history %v, want %s", types, want)
		}
	})
}
