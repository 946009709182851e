package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

// TestAuditVerifyCatchesTampering registers orders through a running
// server and applications through the hall service, edits, deletes and
// reorders events by hand in the database, and expects `tongban audit
// verify` to name exactly those orders and applications.
func TestAuditVerifyCatchesTampering(t *testing.T) {
	type backend struct {
		name string
		env  map[string]string
		db   func(dir string) (*sql.DB, error)
		opts func(dir string) storage.Options
	}
	dir := t.TempDir()
	backends := []backend{{"sqlite", nil, func(dir string) (*sql.DB, error) {
		return sql.Open("sqlite", filepath.Join(dir, "tongban.db"))
	}, func(dir string) storage.Options { return storage.Options{SQLitePath: filepath.Join(dir, "tongban.db")} }}}
	if os.Getenv("TONGBAN_TEST_POSTGRES") != "" {
		url := storagetest.PostgresURL(t)
		backends = append(backends, backend{"postgres", map[string]string{"TONGBAN_DATABASE_URL": url},
			func(string) (*sql.DB, error) { return sql.Open("pgx", url) },
			func(string) storage.Options { return storage.Options{PostgresURL: url} }})
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but TONGBAN_TEST_POSTGRES is not set")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			data := filepath.Join(dir, b.name)
			base, stop := startServer(t, b.env, "demo", "--addr", "127.0.0.1:0", "--data-dir", data, "--sweep-interval", "0")
			jar, _ := cookiejar.New(nil)
			hc := &http.Client{Jar: jar}
			post := func(path string, body any) map[string]any {
				j, _ := json.Marshal(body)
				resp, err := hc.Post(base+path, "application/json", bytes.NewReader(j))
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				out, _ := io.ReadAll(resp.Body)
				if resp.StatusCode >= 300 {
					t.Fatalf("POST %s: %d %s", path, resp.StatusCode, out)
				}
				var m map[string]any
				json.Unmarshal(out, &m)
				return m
			}
			post("/api/v1/login", map[string]string{"username": "dispatcher", "password": demo.Password})
			resp, err := hc.Get(base + "/api/v1/categories")
			if err != nil {
				t.Fatal(err)
			}
			var cats struct{ Categories []struct{ Code string } }
			json.NewDecoder(resp.Body).Decode(&cats)
			resp.Body.Close()
			if len(cats.Categories) == 0 {
				t.Fatal("no categories")
			}
			var nos []string
			for i := 0; i < 4; i++ {
				m := post("/api/v1/orders", map[string]any{"channel": "web", "caller": map[string]any{"anonymous": true, "lang": "zh"},
					"title": "路灯不亮", "description": "新华街道路灯连续一周不亮。", "type": "help",
					"category": cats.Categories[0].Code, "region_code": "152921404000"})
				no := m["order"].(map[string]any)["No"].(string)
				post("/api/v1/orders/"+no+"/note", map[string]any{"text": "已联系路灯所"})
				post("/api/v1/orders/"+no+"/note", map[string]any{"text": "等待回复"})
				nos = append(nos, no)
			}
			if code := stop(); code != 0 {
				t.Fatalf("server exit %d", code)
			}
			apps := submitApplications(t, b.opts(data), 3)
			code, out, errs := run(t, b.env, "audit", "verify", "--data-dir", data)
			// The demo data set is there too: every chain of it must verify.
			if code != 0 || !strings.Contains(out, " checked, 0 with broken chains") {
				t.Fatalf("untouched database: code %d, %q %q", code, out, errs)
			}
			db, err := b.db(data)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			id := func(no string) int64 {
				var id int64
				if err := db.QueryRow(`SELECT id FROM orders WHERE no = $1`, no).Scan(&id); err != nil {
					t.Fatal(err)
				}
				return id
			}
			exec := func(q string, args ...any) {
				if _, err := db.Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`UPDATE order_events SET payload = replace(payload, '路灯所', '供电所') WHERE order_id = $1 AND seq = 2`, id(nos[0]))
			exec(`DELETE FROM order_events WHERE order_id = $1 AND seq = 2`, id(nos[1]))
			exec(`UPDATE order_events SET seq = 99 WHERE order_id = $1 AND seq = 2`, id(nos[2]))
			exec(`UPDATE order_events SET seq = 2 WHERE order_id = $1 AND seq = 3`, id(nos[2]))
			exec(`UPDATE order_events SET seq = 3 WHERE order_id = $1 AND seq = 99`, id(nos[2]))
			exec(`DELETE FROM order_events WHERE order_id = $1 AND seq = 3`, id(nos[3])) // the last one: the chain alone cannot tell
			appID := func(no string) int64 {
				var id int64
				if err := db.QueryRow(`SELECT id FROM applications WHERE no = $1`, no).Scan(&id); err != nil {
					t.Fatal(err)
				}
				return id
			}
			exec(`UPDATE application_events SET payload = replace(payload, '请补交', '无需补交') WHERE application_id = $1 AND seq = 2`, appID(apps[0]))
			exec(`DELETE FROM application_events WHERE application_id = $1 AND seq = 3`, appID(apps[1]))
			db.Close()
			code, out, _ = run(t, b.env, "audit", "verify", "--data-dir", data)
			if code == 0 {
				t.Fatalf("audit verify passed a tampered database:\n%s", out)
			}
			for i, no := range nos {
				tampered := i < 4
				if got := strings.Contains(out, "TAMPERED order "+no); got != tampered {
					t.Fatalf("order %s reported %v, want %v:\n%s", no, got, tampered, out)
				}
			}
			for i, no := range apps {
				tampered := i < 2
				if got := strings.Contains(out, "TAMPERED application "+no); got != tampered {
					t.Fatalf("application %s reported %v, want %v:\n%s", no, got, tampered, out)
				}
			}
			if !strings.Contains(out, " checked, 6 with broken chains") {
				t.Fatalf("want 6 broken chains:\n%s", out)
			}
		})
	}
}

// submitApplications opens the stopped server's database, loads the demo
// catalog and submits n applications at 阿拉善左旗's window, each corrected,
// resubmitted and accepted, so that each has four events.
func submitApplications(t *testing.T, o storage.Options, n int) []string {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := demo.SeedCatalog(ctx, st); err != nil {
		t.Fatal(err)
	}
	scs, err := st.Schedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		t.Fatal(err)
	}
	h := hall.New(st, func() *workday.Calendar { return cal }, nil)
	h.Now = func() time.Time { return time.Date(2026, 6, 2, 10, 0, 0, 0, workday.DefaultHours().Loc) }
	staff, _, err := st.StaffByUsername(ctx, "window")
	if err != nil {
		t.Fatal(err)
	}
	unit, err := st.Unit(ctx, staff.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	window := hall.Staff(access.Subject{StaffID: staff.ID, Role: staff.Role, UnitID: unit.ID, UnitKind: unit.Kind, UnitRegion: unit.RegionCode})
	file, err := h.StoreFile(ctx, "证明.pdf", []byte("%PDF-1.4\n证明\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var nos []string
	for range n {
		id := applicant.GenerateResidentID(r, "152921", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC))
		v, err := h.Submit(ctx, window, application.Submit{ItemCode: "AL-GAJ-0008", Channel: application.Window,
			Applicant: application.Applicant{Kind: application.Person, Name: "申请人", IDNumber: id}}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []application.Command{application.Correct{Note: "请补交"}, application.Resubmit{Materials: []application.Provided{
			{Name: "户籍证明开具申请表", SHA256: file.SHA256}, {Name: "申请人身份证件", SHA256: file.SHA256}}}, application.Accept{}} {
			if _, err := h.Act(ctx, window, v.App.No, cmd, 0); err != nil {
				t.Fatalf("%s: %v", cmd.Action(), err)
			}
		}
		nos = append(nos, v.App.No)
	}
	return nos
}
