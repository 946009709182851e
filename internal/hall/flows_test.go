package hall_test

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

func person(seed uint64, area string) application.Applicant {
	r := rand.New(rand.NewPCG(seed, 7))
	return application.Applicant{Kind: application.Person, Name: "其其格", IDNumber: applicant.GenerateResidentID(r, area, time.Date(1988, 3, 14, 0, 0, 0, 0, time.UTC)), Phone: "13947800001"}
}

// itemCode returns the code of the demo item with the given name.
func itemCode(t *testing.T, name string) string {
	t.Helper()
	for _, it := range catalog.Demo() {
		if it.NameZH == name {
			return it.Code
		}
	}
	t.Fatalf("no demo item %s", name)
	return ""
}

// required returns every required material of an item other than its
// form, as stored files.
func (f *fixture) required(code string) []application.Provided {
	f.t.Helper()
	it, err := f.st.Item(f.ctx, code)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []application.Provided
	for _, m := range it.Materials {
		if m.Required {
			out = append(out, f.pdf(m.Name))
		}
	}
	return out
}

// TestCrossRegion accepts a league-wide item (盟域通办) at 阿拉善右旗's window
// for an applicant of 阿拉善左旗: 阿拉善左旗's bureau decides it, the result
// is issued back at 阿拉善右旗's window, and the region pair is counted. An
// item that is not league-wide is refused for another banner.
func TestCrossRegion(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		yq := f.staff("window.yq")
		code := itemCode(t, "个体工商户设立登记")
		cmd := application.Submit{ItemCode: code, Applicant: person(1, "152921"), Channel: application.Window,
			OwnerRegion: "152921000000", Materials: f.required(code)}
		v, err := f.svc.Submit(f.ctx, yq, cmd, false)
		if err != nil {
			t.Fatal(err)
		}
		a := v.App
		if a.OwnerUnitID != f.unit("dept-152921000000-scjgj") || a.AcceptUnitID != f.unit("dept-152922000000-spj") || !a.CrossRegion() {
			t.Fatalf("routing: accepted at %d in %s, owned by %d in %s", a.AcceptUnitID, a.AcceptRegion, a.OwnerUnitID, a.OwnerRegion)
		}
		// 阿拉善左旗's window sees it (owned in its banner) but may not accept it.
		if _, err := f.svc.Act(f.ctx, f.staff("window"), a.No, application.Accept{}, 0); !fault.Is(err, fault.Forbidden) {
			t.Errorf("accept at the owner's window: %v, want forbidden", err)
		}
		f.act(yq, a.No, application.Accept{})
		approver := f.staff("approver")
		f.act(approver, a.No, application.Review{})
		f.act(approver, a.No, application.Approve{})
		if _, err := f.svc.Act(f.ctx, approver, a.No, application.Issue{CertificateNo: "X"}, 0); !fault.Is(err, fault.Forbidden) {
			t.Errorf("issue by the back office: %v, want forbidden", err)
		}
		v = f.act(yq, a.No, application.Issue{CertificateNo: "92152921MA0000001"})
		if v.App.IssuedUnitID != a.AcceptUnitID {
			t.Errorf("issued at unit %d, want the accepting window %d", v.App.IssuedUnitID, a.AcceptUnitID)
		}
		m, err := f.svc.Measures(f.ctx, f.staff("leader").Subject(), hall.MeasureQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.CrossRegion) != 1 || m.CrossRegion[0] != (hall.RegionPairCount{Accept: "152922000000", AcceptName: "阿拉善右旗",
			Owner: "152921000000", OwnerName: "阿拉善左旗", Count: 1}) {
			t.Errorf("region pairs %+v", m.CrossRegion)
		}

		not := itemCode(t, "企业变更登记")
		cmd = application.Submit{ItemCode: not, Applicant: person(2, "152921"), Channel: application.Window, OwnerRegion: "152921000000"}
		_, err = f.svc.Submit(f.ctx, yq, cmd, false)
		if fe := fault.As(err); !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "盟域通办") {
			t.Errorf("a banner item for another banner: %v (%+v), want invalid naming 盟域通办", err, fe)
		}
	})
}

// TestSweepWarnsOnce sweeps an application through its promised and legal
// limits, repeatedly and with two sweepers at once, and expects each
// warning exactly once; a pause stops the clocks.
func TestSweepWarnsOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		other := hall.New(st, func() *workday.Calendar { return f.cal }, loc) // a second process's sweeper
		other.Now = f.svc.Now
		window := f.staff("window")
		code := itemCode(t, "企业变更登记") // legal 3, promised 1 working day
		cred := applicant.GenerateCreditCode(rand.New(rand.NewPCG(3, 3)), "152921")
		v, err := f.svc.Submit(f.ctx, window, application.Submit{ItemCode: code, Channel: application.Window,
			Applicant: application.Applicant{Kind: application.Enterprise, Name: "阿拉善左旗某商贸有限公司", IDNumber: cred}, Materials: f.required(code)}, false)
		if err != nil {
			t.Fatal(err)
		}
		no := v.App.No
		f.act(window, no, application.Accept{}) // Monday 09:00
		sweep := func(at time.Time, want int) {
			t.Helper()
			f.set(at)
			var wg sync.WaitGroup
			var mu sync.Mutex
			total := 0
			for _, s := range []*hall.Service{f.svc, f.svc, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := s.Sweep(f.ctx)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					total += n
					mu.Unlock()
				}()
			}
			wg.Wait()
			if total != want {
				t.Errorf("sweep at %s: %d warnings, want %d", at.Format("Mon 15:04"), total, want)
			}
		}
		day := func(d, h, m int) time.Time { return time.Date(2026, 6, d, h, m, 0, 0, loc) }
		sweep(day(1, 10, 0), 0)
		sweep(day(2, 14, 30), 0) // promised: 13.5 working hours, yellow after 10h08
		sweep(day(2, 14, 40), 1)
		sweep(day(2, 17, 0), 0)
		sweep(day(2, 18, 30), 0) // due at 18:00, overdue only once working time passes it
		sweep(day(3, 8, 31), 1)  // promised red
		sweep(day(4, 8, 40), 1)  // legal: 27.5 h, yellow after 20h38
		sweep(day(5, 9, 0), 1)   // legal red
		sweep(day(5, 10, 0), 0)
		ws, err := st.ApplicationWarnings(f.ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range ws {
			got = append(got, w.Clock+"/"+w.Level)
		}
		if strings.Join(got, " ") != "promised/yellow promised/red legal/yellow legal/red" {
			t.Errorf("recorded warnings %v", got)
		}
		list, _, err := f.svc.List(f.ctx, window, storage.ApplicationFilter{Warning: application.Red})
		if err != nil || len(list) != 1 || list[0].App.No != no {
			t.Errorf("red list: %d, %v", len(list), err)
		}

		// A pause stops the clocks: nothing is due while it lasts.
		v, err = f.svc.Submit(f.ctx, window, application.Submit{ItemCode: code, Channel: application.Window,
			Applicant: application.Applicant{Kind: application.Enterprise, Name: "阿拉善左旗某商贸有限公司", IDNumber: cred}, Materials: f.required(code)}, false)
		if err != nil {
			t.Fatal(err)
		}
		f.set(day(8, 9, 0))
		f.act(window, v.App.No, application.Accept{})
		f.act(f.staff("approver"), v.App.No, application.PauseClock{Reason: application.PauseInspection, Days: 5})
		sweep(day(12, 17, 0), 0)
		f.set(day(15, 9, 0))
		v = f.act(f.staff("approver"), v.App.No, application.ResumeClock{})
		if !v.App.PromisedDue.After(day(15, 9, 0)) {
			t.Errorf("after the pause the promised limit ends %s, want later than the resumption", v.App.PromisedDue.In(loc))
		}
	})
}

// TestUploadRefused hands in a file of the wrong type and one over the size
// limit for an application waiting for corrections: each is refused and
// the application stays exactly as it was; a good file then goes through.
func TestUploadRefused(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		window := f.staff("window")
		code := itemCode(t, "企业变更登记")
		cred := applicant.GenerateCreditCode(rand.New(rand.NewPCG(4, 4)), "152921")
		v, err := f.svc.Submit(f.ctx, window, application.Submit{ItemCode: code, Channel: application.Window,
			Applicant: application.Applicant{Kind: application.Enterprise, Name: "某公司", IDNumber: cred}}, false)
		if err != nil {
			t.Fatal(err)
		}
		no := v.App.No
		before := f.act(window, no, application.Correct{})
		material := before.App.Notices[0].Defects[0].Material
		for _, tc := range []struct {
			name string
			body []byte
			code fault.Code
		}{
			{"text.txt", []byte("not a scan"), fault.Invalid},
			{"archive.zip", []byte("PK\x03\x04rest"), fault.Invalid},
			{"huge.pdf", append([]byte("%PDF-1.4\n"), make([]byte, hall.MaxFileSize)...), fault.TooLarge},
		} {
			_, _, err := f.svc.UploadMaterial(f.ctx, window, no, material, tc.name, tc.body, 0)
			if fault.CodeOf(err) != tc.code {
				t.Errorf("upload %s: %v, want %s", tc.name, err, tc.code)
			}
			after, err := f.svc.Get(f.ctx, window, no)
			if err != nil {
				t.Fatal(err)
			}
			if after.App.Version != before.App.Version || after.App.State != application.Correcting || len(after.App.Materials) != len(before.App.Materials) {
				t.Errorf("after a refused %s: version %d state %s, %d materials; want unchanged", tc.name, after.App.Version, after.App.State, len(after.App.Materials))
			}
		}
		v, file, err := f.svc.UploadMaterial(f.ctx, window, no, material, "scan.png", []byte("\x89PNG\r\n\x1a\n...."), 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.App.State != application.Submitted || v.App.Materials[len(v.App.Materials)-1].SHA256 != file.SHA256 {
			t.Errorf("after a good upload: %s %+v", v.App.State, v.App.Materials)
		}
	})
}

// TestCatalogImport imports the exported demo catalog back, then files
// with one bad row: nothing is imported and the error names the row.
func TestCatalogImport(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		admin := f.staff("admin").Subject()
		var buf bytes.Buffer
		if err := f.svc.ExportCatalog(f.ctx, &buf, hall.FormatCSV, ""); err != nil {
			t.Fatal(err)
		}
		n, err := f.svc.ImportCatalog(f.ctx, admin, "catalog.csv", buf.Bytes())
		if err != nil || n != len(catalog.Demo()) {
			t.Fatalf("round trip: %d items, %v", n, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		edit := func(row, col int, v string) []byte {
			cp := make([][]string, len(rows))
			for i := range rows {
				cp[i] = append([]string(nil), rows[i]...)
			}
			cp[row-1][col] = v
			cp[1][1] = "改名的企业设立登记" // a change that must not be imported either
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.WriteAll(cp)
			return b.Bytes()
		}
		for _, tc := range []struct {
			name string
			file []byte
			want string
		}{
			{"bad kind", edit(7, 4, "许可证"), "catalog.csv row 7, column E (kind)"},
			{"unknown department", edit(9, 3, "nosuch"), "catalog.csv row 9, column D (department)"},
			{"promise over the law", edit(12, 6, "400"), "catalog.csv row 12, column G (promised_days)"},
		} {
			_, err := f.svc.ImportCatalog(f.ctx, admin, "catalog.csv", tc.file)
			if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want an error naming %q", tc.name, err, tc.want)
			}
			it, err := st.Item(f.ctx, rows[1][0])
			if err != nil || it.NameZH != rows[1][1] {
				t.Errorf("%s: row 2 was imported (%q, %v)", tc.name, it.NameZH, err)
			}
		}
		if _, err := f.svc.ImportCatalog(f.ctx, f.staff("window").Subject(), "catalog.csv", buf.Bytes()); !fault.Is(err, fault.Forbidden) {
			t.Errorf("import by a window clerk: %v, want forbidden", err)
		}
		buf.Reset()
		if err := f.svc.ExportCatalog(f.ctx, &buf, hall.FormatXLSX, "scjgj"); err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.ImportCatalog(f.ctx, admin, "scjgj.xlsx", buf.Bytes()); err != nil || n != 18 {
			t.Errorf("XLSX round trip of scjgj: %d items, %v", n, err)
		}
	})
}
