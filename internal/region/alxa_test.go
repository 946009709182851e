package region

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sharedData returns the path of a file or directory under the shared reference data
// (../shared/data/divisions seen from the repository root). When it is absent the test is
// skipped, except on CI, where missing data must not silently turn tests green.
func sharedData(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join("..", "..", "..", "shared", "data", "divisions", rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("reference data %s is missing on CI: %v", p, err)
		}
		tb.Skipf("reference data %s not available (%v); set up ../shared/data to run this test", p, err)
	}
	return p
}

func mustTree(tb testing.TB, rs []Region) *Tree {
	tb.Helper()
	t, err := NewTree(rs)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func codes(rs []Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}

func TestAlxaCounts(t *testing.T) {
	rs := Alxa()
	if got, want := len(rs), 308; got != want {
		t.Fatalf("got %d regions, want %d", got, want)
	}
	perLevel := map[Level]int{}
	seen := map[string]bool{}
	for i, r := range rs {
		perLevel[r.Level]++
		if r.NameMN != "" {
			t.Errorf("%s has NameMN %q; Mongolian names must come from a translator", r.Code, r.NameMN)
		}
		// Parents first: every parent appears earlier in the slice.
		if r.Parent != "" && !seen[r.Parent] {
			t.Errorf("row %d %s: parent %s not listed before it", i, r.Code, r.Parent)
		}
		seen[r.Code] = true
	}
	want := map[Level]int{LevelProvince: 1, LevelPrefecture: 1, LevelCounty: 4, LevelTown: 39, LevelVillage: 263}
	if !reflect.DeepEqual(perLevel, want) {
		t.Errorf("got %v, want %v", perLevel, want)
	}
	tree := mustTree(t, rs)
	if got := codes(tree.Roots()); !reflect.DeepEqual(got, []string{"150000000000"}) {
		t.Errorf("roots: got %v, want [150000000000]", got)
	}
}

func TestAlxaReturnsCopy(t *testing.T) {
	a := Alxa()
	a[0].Name = "changed"
	if got := Alxa()[0].Name; got != "内蒙古自治区" {
		t.Errorf("got %q, want %q", got, "内蒙古自治区")
	}
}

func TestAlxaNames(t *testing.T) {
	tree := mustTree(t, Alxa())
	tests := []struct {
		code, name string
		level      Level
	}{
		{"150000000000", "内蒙古自治区", LevelProvince},
		{"152900000000", "阿拉善盟", LevelPrefecture},
		{"152921000000", "阿拉善左旗", LevelCounty},
		{"152922000000", "阿拉善右旗", LevelCounty},
		{"152923000000", "额济纳旗", LevelCounty},
		{"152971000000", "内蒙古阿拉善高新技术产业开发区", LevelCounty},
		{"152921110000", "巴彦浩特镇", LevelTown},
		{"152923104000", "策克镇", LevelTown},
		{"152921110207", "巴彦笋布日嘎查村民委员会", LevelVillage},
	}
	for _, tt := range tests {
		r, ok := tree.Get(tt.code)
		if !ok || r.Name != tt.name || r.Level != tt.level {
			t.Errorf("Get(%s): got %v, %v, want %s at level %v", tt.code, r, ok, tt.name, tt.level)
		}
	}
}

func TestAlxaQueries(t *testing.T) {
	tree := mustTree(t, Alxa())

	t.Run("Subtree", func(t *testing.T) {
		tests := []struct {
			code string
			want int
		}{
			{"150000000000", 308},
			{"152900000000", 307},
			{"152921000000", 192}, // 阿拉善左旗: itself, 19 towns, 172 villages
			{"152922000000", 57},
			{"152923000000", 51},
			{"152971000000", 6},
			{"152923104000", 1}, // 策克镇 has no villages in the 2021 list
			{"152921110207", 1},
			{"999999000000", 0},
		}
		for _, tt := range tests {
			sub := tree.Subtree(tt.code)
			if got := len(sub); got != tt.want {
				t.Errorf("Subtree(%s): got %d, want %d", tt.code, got, tt.want)
				continue
			}
			if len(sub) == 0 {
				continue
			}
			if sub[0].Code != tt.code {
				t.Errorf("Subtree(%s)[0]: got %s, want itself", tt.code, sub[0].Code)
			}
			for _, r := range sub[1:] {
				if !tree.InSubtree(tt.code, r.Code) {
					t.Errorf("InSubtree(%s, %s): got false, want true", tt.code, r.Code)
				}
			}
		}
	})

	t.Run("Ancestors", func(t *testing.T) {
		got := codes(tree.Ancestors("152921110207"))
		want := []string{"150000000000", "152900000000", "152921000000", "152921110000"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if got := tree.Ancestors("150000000000"); got != nil {
			t.Errorf("root: got %v, want nil", got)
		}
	})

	t.Run("Path", func(t *testing.T) {
		if got, want := tree.Path("152921110000"), "内蒙古自治区 / 阿拉善盟 / 阿拉善左旗 / 巴彦浩特镇"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	t.Run("Children", func(t *testing.T) {
		got := codes(tree.Children("152900000000"))
		want := []string{"152921000000", "152922000000", "152923000000", "152971000000"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if got := len(tree.Children("152921000000")); got != 19 {
			t.Errorf("towns of 阿拉善左旗: got %d, want 19", got)
		}
	})

	t.Run("Search", func(t *testing.T) {
		// The five towns starting with 巴彦 outrank the villages that do.
		got := codes(tree.Search("巴彦", 5))
		want := []string{"152921110000", "152921203000", "152921214000", "152922213000", "152923203000"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		all := tree.Search("巴彦", 0)
		if len(all) <= 5 {
			t.Fatalf("got %d matches, want villages too", len(all))
		}
		for _, r := range all {
			if !strings.Contains(r.Name, "巴彦") {
				t.Errorf("%s %s does not contain 巴彦", r.Code, r.Name)
			}
		}
	})

	t.Run("InSubtree", func(t *testing.T) {
		tests := []struct {
			root, code string
			want       bool
		}{
			{"152921000000", "152921110207", true},  // gacha in its banner
			{"152921000000", "152921000000", true},  // a region contains itself
			{"150000000000", "152923104000", true},  // province contains a town
			{"152922000000", "152921110207", false}, // another banner
			{"152921110207", "152921000000", false}, // child does not contain parent
			{"152921110000", "152921110207", true},
			{"152921102000", "152921110207", false}, // sibling town
			{"152921000000", "152921999999", false}, // unknown code
			{"999900000000", "152921110207", false}, // unknown root
		}
		for _, tt := range tests {
			if got := tree.InSubtree(tt.root, tt.code); got != tt.want {
				t.Errorf("InSubtree(%s, %s): got %v, want %v", tt.root, tt.code, got, tt.want)
			}
		}
	})
}

// TestAlxaEmbeddedMatchesShared keeps the embedded copy identical to the reference file.
func TestAlxaEmbeddedMatchesShared(t *testing.T) {
	shared, err := os.ReadFile(sharedData(t, "alxa_1529_divisions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(alxaCSV, shared) {
		t.Error("internal/region/data/alxa.csv differs from ../shared/data/divisions/alxa_1529_divisions.csv; copy it again")
	}
}

// TestAlxaMatchesModood checks the province-to-town part of the embedded data against the NBS
// 2023 files it was taken from.
func TestAlxaMatchesModood(t *testing.T) {
	china := loadModood(t)
	var want []Region
	for _, r := range china {
		if r.Code == "150000000000" || strings.HasPrefix(r.Code, "1529") {
			want = append(want, r)
		}
	}
	var got []Region
	for _, r := range Alxa() {
		if r.Level <= LevelTown {
			got = append(got, r)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestAlxaVillagesMatchLiyanjie checks the village names against the 2021 list they came from.
func TestAlxaVillagesMatchLiyanjie(t *testing.T) {
	raw, err := os.ReadFile(sharedData(t, filepath.Join("liyanjie_2021", "345-1529.json")))
	if err != nil {
		t.Fatal(err)
	}
	// The file maps a parent's short code to its children's short codes and names.
	var byParent map[string]map[string]string
	if err := json.Unmarshal(raw, &byParent); err != nil {
		t.Fatal(err)
	}
	type entry struct{ name, parent string }
	ref := map[string]entry{}
	for p, children := range byParent {
		pc, err := PadCode(p)
		if err != nil {
			t.Fatal(err)
		}
		for c, name := range children {
			cc, err := PadCode(c)
			if err != nil {
				t.Fatal(err)
			}
			ref[cc] = entry{name, pc}
		}
	}
	n := 0
	for _, r := range Alxa() {
		if r.Level != LevelVillage {
			continue
		}
		n++
		if got, want := (entry{r.Name, r.Parent}), ref[r.Code]; got != want {
			t.Errorf("%s: got %v, want %v", r.Code, got, want)
		}
	}
	if n != 263 {
		t.Errorf("got %d villages, want 263", n)
	}
}
