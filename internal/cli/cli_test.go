package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// run executes a command line in-process and returns exit code and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"tongban"}, args...), Env{Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

func TestWorkdayCommand(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"workday", "add", "2025-09-30", "5"}, 0, "2025-10-14\n", ""},
		{[]string{"workday", "add", "2025-09-30", "0"}, 0, "2025-09-30\n", ""},
		{[]string{"workday", "between", "2025-09-30", "2025-10-14"}, 0, "5\n", ""},
		{[]string{"workday", "add", "2025-02-30", "1"}, 1, "", "February 2025 has 28 days"},
		{[]string{"workday", "add", "2025-09-30", "-1"}, 1, "", "≥ 0"},
		{[]string{"workday", "add", "2027-03-01", "1"}, 1, "", "2027"},
		{[]string{"workday", "add", "2025-09-30"}, 2, "", "usage"},
		{[]string{"workday", "show", "2026"}, 0, "make-up", ""},
		{[]string{"workday", "show", "2023"}, 1, "", "2023"},
		{[]string{"workday", "--holidays", "../../../shared/data/holidays/2024.json", "add", "2024-09-30", "1"}, 0, "2024-10-08\n", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errs := run(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Fatalf("got code %d out %q err %q; want code %d, out containing %q, err containing %q", code, out, errs, tt.code, tt.out, tt.err)
			}
		})
	}
}

func TestBadConfigStopsStartup(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"TONGBAN_ADDR": "nonsense"}, nil, "TONGBAN_ADDR"},
		{nil, []string{"--addr", "127.0.0.1:99999"}, "--addr"},
		{map[string]string{"TONGBAN_DATABASE_URL": "mysql://x"}, nil, "TONGBAN_DATABASE_URL"},
		{map[string]string{"TONGBAN_LOG_LEVEL": "loud"}, nil, "TONGBAN_LOG_LEVEL"},
		{map[string]string{"TONGBAN_SHUTDOWN_TIMEOUT": "soon"}, nil, "TONGBAN_SHUTDOWN_TIMEOUT"},
		{map[string]string{"TONGBAN_WORK_HOURS": "18:00-08:00"}, nil, "TONGBAN_WORK_HOURS"},
		{map[string]string{"TONGBAN_TIMEZONE": "Mars/Olympus"}, nil, "TONGBAN_TIMEZONE"},
		{nil, []string{"--no-such-flag"}, "no-such-flag"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			args := append([]string{"serve", "--data-dir", t.TempDir()}, tt.args...)
			code, _, errs := run(t, tt.env, args...)
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Fatalf("got code %d, stderr %q; want non-zero and a message naming %s", code, errs, tt.want)
			}
		})
	}
}

// startServer runs a server command in-process and returns its base URL and
// a function that stops it (like SIGTERM) and returns the exit code.
func startServer(t *testing.T, env map[string]string, args ...string) (string, func() int) {
	t.Helper()
	addrc := make(chan net.Addr, 1)
	Listening = func(a net.Addr) { addrc <- a }
	t.Cleanup(func() { Listening = nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"tongban"}, args...), Env{Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(k string) string { return env[k] }})
	}()
	select {
	case a := <-addrc:
		return "http://" + a.String(), func() int { cancel(); return <-done }
	case code := <-done:
		t.Fatalf("server exited with %d before listening", code)
	case <-time.After(6 * time.Minute):
		// Seeding the demo under -race on two busy cores has taken over two
		// minutes; this bound only stops a hung test.
		t.Fatal("server did not start")
	}
	return "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDemoAnswersHealthAndStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	base, stop := startServer(t, nil, "demo", "--addr", "127.0.0.1:0", "--data-dir", dir)
	for _, p := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, base+p); code != 200 {
			t.Fatalf("%s: %d %s", p, code, body)
		}
	}
	if _, body := get(t, base+"/metrics"); !strings.Contains(body, `tongban_http_requests_total{route="GET /healthz",status="200"} 1`) ||
		!strings.Contains(body, "tongban_db_open_connections") {
		t.Fatalf("metrics lack request counts or pool stats:\n%s", body)
	}
	// A second server on the same data dir must refuse to start.
	code, _, errs := run(t, nil, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	if code == 0 || !strings.Contains(errs, "in use") {
		t.Fatalf("second serve: code %d, %q", code, errs)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit code %d after shutdown", code)
	}
	// The demo data survives a restart and is not created twice.
	_, stop = startServer(t, nil, "demo", "--addr", "127.0.0.1:0", "--data-dir", dir)
	if code := stop(); code != 0 {
		t.Fatalf("restart exit code %d", code)
	}
}

func TestServeOnEmptyPostgres(t *testing.T) {
	if os.Getenv("TONGBAN_TEST_POSTGRES") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but TONGBAN_TEST_POSTGRES is not set")
		}
		t.Skip("TONGBAN_TEST_POSTGRES is not set")
	}
	url := storagetest.PostgresURL(t)
	base, stop := startServer(t, map[string]string{"TONGBAN_DATABASE_URL": url}, "serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir())
	if code, body := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d %s", code, body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestImportRegions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	header := "code12,name,level,parent_code12,source\n"
	good := write("good.csv", header+"152921102999,新嘎查,5,152921102000,test\n")
	tests := []struct {
		name, body, want string
	}{
		{"badcode.csv", header + "15292110200X,坏,5,152921102000,test\n", "badcode.csv:2:"},
		{"parent.csv", header + "152999102001,孤儿,5,152999102000,test\n", "parent.csv:2:"},
		{"dup.csv", header + "152921102001,甲,5,152921102000,t\n152921102001,乙,5,152921102000,t\n", "dup.csv:3:"},
		{"cols.csv", header + "152921102001,甲,5\n", "cols.csv:2:"},
	}
	data := filepath.Join(dir, "data")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, nil, "import", "regions", "--data-dir", data, write(tt.name, tt.body))
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Fatalf("got code %d, %q; want failure mentioning %q", code, errs, tt.want)
			}
		})
	}
	if code, out, errs := run(t, nil, "import", "regions", "--data-dir", data, good); code != 0 || !strings.Contains(out, "imported 1") {
		t.Fatalf("good import: %d %q %q", code, out, errs)
	}
	st, err := storage.Open(context.Background(), storage.Options{SQLitePath: filepath.Join(data, "tongban.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, _ := st.Regions(context.Background())
	if got, want := len(rs), 309; got != want {
		t.Fatalf("regions after imports: got %d, want %d (the built-in 308 plus one; failed files add nothing)", got, want)
	}
}

func TestImportModoodAndHolidays(t *testing.T) {
	src := "../../../shared/data"
	if _, err := os.Stat(src); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", src)
		}
		t.Skipf("shared data not found at %s", src)
	}
	data := t.TempDir()
	if code, out, errs := run(t, nil, "import", "categories", "--data-dir", data, src+"/hotline/taxonomy_3level.csv"); code != 0 || !strings.Contains(out, "650 categories") {
		t.Fatalf("import categories: %d %q %q", code, out, errs)
	}
	for _, f := range []string{"provinces", "cities", "areas"} {
		code, out, errs := run(t, nil, "import", "regions", "--data-dir", data, fmt.Sprintf("%s/divisions/modood_2023/%s.csv", src, f))
		if code != 0 {
			t.Fatalf("import %s: %d %q", f, code, errs)
		}
		t.Log(strings.TrimSpace(out))
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"year":2027,"papers":[],"days":[{"name":"x","date":"2027-02-30","isOffDay":true}]}`), 0o644)
	if code, _, errs := run(t, nil, "import", "holidays", "--data-dir", data, src+"/holidays/2025.json", bad); code == 0 || !strings.Contains(errs, "bad.json") {
		t.Fatalf("bad holidays: %d %q", code, errs)
	}
	if code, _, errs := run(t, nil, "import", "holidays", "--data-dir", data, src+"/holidays/2025.json"); code != 0 {
		t.Fatalf("holidays: %d %q", code, errs)
	}
}
