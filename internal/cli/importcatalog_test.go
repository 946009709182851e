package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/storage"
)

// catalogStore opens the data directory's database, as the command does.
func catalogStore(t *testing.T, data string) *storage.Store {
	t.Helper()
	st, err := storage.Open(context.Background(), storage.Options{SQLitePath: filepath.Join(data, "tongban.db")})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// exportCatalog returns the catalog of the data directory as CSV records.
func exportCatalog(t *testing.T, data string) [][]string {
	t.Helper()
	st := catalogStore(t, data)
	defer st.Close()
	var buf bytes.Buffer
	if err := hall.New(st, nil, nil).ExportCatalog(context.Background(), &buf, hall.FormatCSV, ""); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func writeCatalog(t *testing.T, path string, recs [][]string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := csv.NewWriter(&buf).WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCatalog(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// A database with the demo organisation and catalog, whose departments
	// the imported items must belong to.
	if code, _, errs := run(t, nil, "migrate", "--data-dir", data); code != 0 {
		t.Fatalf("migrate: %d %q", code, errs)
	}
	st := catalogStore(t, data)
	ctx := context.Background()
	if err := st.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedCatalog(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Close()

	recs := exportCatalog(t, data)
	col := func(name string) int {
		for i, c := range catalog.Columns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	// A good file: an item renamed.
	recs[1][col("name_zh")] = "命令行改名的事项"
	good := writeCatalog(t, filepath.Join(dir, "good.csv"), recs)
	code, out, errs := run(t, nil, "import", "catalog", "--data-dir", data, good)
	if want := good + ": imported " + strconv.Itoa(len(recs)-1) + " items\n"; code != 0 || out != want {
		t.Fatalf("good file: code %d, out %q, err %q; want 0 and %q", code, out, errs, want)
	}
	after := exportCatalog(t, data)
	if after[1][col("name_zh")] != "命令行改名的事项" {
		t.Fatalf("the good file's change is missing: %q", after[1][col("name_zh")])
	}

	// A bad file: a good change and two bad rows; every bad row is listed
	// and nothing is stored.
	bad := exportCatalog(t, data)
	bad[1][col("name_zh")] = "不该保存的名称"
	bad[4][col("kind")] = "不存在的类型"
	bad[8][col("promised_days")] = "很快"
	badFile := writeCatalog(t, filepath.Join(dir, "bad.csv"), bad)
	code, out, errs = run(t, nil, "import", "catalog", "--data-dir", data, badFile)
	if code != 1 || out != "" {
		t.Fatalf("bad file: code %d, out %q; want 1 and no output", code, out)
	}
	for _, want := range []string{badFile + " row 5, column E (kind)", badFile + " row 9, column G (promised_days)", "2 problems, nothing imported"} {
		if !strings.Contains(errs, want) {
			t.Errorf("bad file: stderr %q lacks %q", errs, want)
		}
	}
	if got := exportCatalog(t, data); !equalRecords(got, after) {
		t.Error("the bad file changed the catalog")
	}

	// An item of a department the catalog does not know is a bad row too.
	unknown := exportCatalog(t, data)
	unknown[3][col("department")] = "nosuchdept"
	unknownFile := writeCatalog(t, filepath.Join(dir, "unknown.csv"), unknown)
	if code, _, errs := run(t, nil, "import", "catalog", "--data-dir", data, unknownFile); code != 1 || !strings.Contains(errs, "row 4, column D (department)") {
		t.Errorf("unknown department: code %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, nil, "import", "catalog", "--data-dir", data, filepath.Join(dir, "missing.csv")); code != 1 || !strings.Contains(errs, "missing.csv") {
		t.Errorf("missing file: code %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, nil, "import", "catalog", "--data-dir", data); code != 2 || !strings.Contains(errs, "name the file") {
		t.Errorf("no file: code %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, nil, "import", "--help"); code != 0 || !strings.Contains(errs, "catalog FILE") {
		t.Errorf("import --help: code %d, %q", code, errs)
	}
	if got := exportCatalog(t, data); !equalRecords(got, after) {
		t.Error("a refused import changed the catalog")
	}
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// TestImportCatalogFresh imports the league's catalog into a database that
// holds nothing but what every installation starts with: the departments
// the items belong to are there from the start.
func TestImportCatalogFresh(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	var buf bytes.Buffer
	if err := catalog.ExportCSV(&buf, catalog.Demo()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "catalog.csv")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "import", "catalog", "--data-dir", data, file)
	if want := file + ": imported " + strconv.Itoa(len(catalog.Demo())) + " items\n"; code != 0 || out != want {
		t.Fatalf("code %d, out %q, err %q; want 0 and %q", code, out, errs, want)
	}
}
