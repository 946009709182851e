package region

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

var china struct {
	once    sync.Once
	regions []Region
	err     error
}

// loadModood parses the four NBS 2023 files top down, each file's known answering for what the
// earlier files loaded, the way an administrator imports them. The result is cached because the
// benchmarks and several tests need it.
func loadModood(tb testing.TB) []Region {
	tb.Helper()
	dir := sharedData(tb, "modood_2023")
	china.once.Do(func() {
		have := map[string]bool{}
		known := func(c string) bool { return have[c] }
		for _, f := range []string{"provinces.csv", "cities.csv", "areas.csv", "streets.csv"} {
			fh, err := os.Open(filepath.Join(dir, f))
			if err != nil {
				china.err = err
				return
			}
			rs, err := ParseModoodCSV(f, fh, known)
			fh.Close()
			if err != nil {
				china.err = err
				return
			}
			for _, r := range rs {
				have[r.Code] = true
			}
			china.regions = append(china.regions, rs...)
		}
	})
	if china.err != nil {
		tb.Fatal(china.err)
	}
	return china.regions
}

func TestModoodFiles(t *testing.T) {
	rs := loadModood(t)
	perLevel := map[Level]int{}
	for _, r := range rs {
		perLevel[r.Level]++
	}
	// Counted from the files: data rows minus the placeholder rows that repeat their parent
	// (东莞市, 中山市, 儋州市 in areas.csv; 金门县 in streets.csv).
	want := map[Level]int{
		LevelProvince:   31,
		LevelPrefecture: 342,
		LevelCounty:     2978 - 3,
		LevelTown:       41352 - 1,
	}
	for l, n := range want {
		if perLevel[l] != n {
			t.Errorf("level %v: got %d, want %d", l, perLevel[l], n)
		}
	}
	tree := mustTree(t, rs)
	if got, want := tree.Len(), 31+342+2975+41351; got != want {
		t.Errorf("Len: got %d, want %d", got, want)
	}
	if got := len(tree.Roots()); got != 31 {
		t.Errorf("roots: got %d, want 31", got)
	}
	tests := []struct {
		code, path string
	}{
		{"441900003000", "广东省 / 东莞市 / 东城街道"},
		{"152921110000", "内蒙古自治区 / 阿拉善盟 / 阿拉善左旗 / 巴彦浩特镇"},
		{"350527000000", "福建省 / 泉州市 / 金门县"},
	}
	for _, tt := range tests {
		if got := tree.Path(tt.code); got != tt.path {
			t.Errorf("Path(%s): got %q, want %q", tt.code, got, tt.path)
		}
	}
	if got := len(tree.Children("350527000000")); got != 0 {
		t.Errorf("金门县 children: got %d, want 0 (its placeholder row is skipped)", got)
	}
}

func BenchmarkSearchChina(b *testing.B) {
	tree := mustTree(b, loadModood(b))
	for _, q := range []string{"巴彦浩特", "巴彦", "镇", "1529", "花园"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				tree.Search(q, 20)
			}
		})
	}
}

func BenchmarkInSubtreeChina(b *testing.B) {
	rs := loadModood(b)
	tree := mustTree(b, rs)
	i := 0
	for b.Loop() {
		tree.InSubtree("152900000000", rs[i%len(rs)].Code)
		i++
	}
}

func BenchmarkNewTreeChina(b *testing.B) {
	rs := loadModood(b)
	for b.Loop() {
		if _, err := NewTree(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSearchMatchesReference compares Search on the national tree with a plain scan that ranks
// every region, so the packed index cannot drift from the documented ranking.
func TestSearchMatchesReference(t *testing.T) {
	rs := loadModood(t)
	tree := mustTree(t, rs)
	reference := func(q string, limit int) []string {
		exact, _ := PadCode(q)
		type ranked struct {
			r    Region
			rank int8
		}
		var all []ranked
		for _, r := range rs {
			rank := int8(-1)
			switch {
			case isDigits(q) && r.Code == exact, r.Name == q:
				rank = rankExact
			case isDigits(q) && strings.HasPrefix(r.Code, q), strings.HasPrefix(r.Name, q):
				rank = rankPrefix
			case strings.Contains(r.Name, q):
				rank = rankSubstring
			}
			if rank >= 0 {
				all = append(all, ranked{r, rank})
			}
		}
		slices.SortFunc(all, func(a, b ranked) int {
			if c := cmp.Compare(a.rank, b.rank); c != 0 {
				return c
			}
			return compareLevelCode(a.r, b.r)
		})
		if limit > 0 && len(all) > limit {
			all = all[:limit]
		}
		out := make([]string, len(all))
		for i, a := range all {
			out[i] = a.r.Code
		}
		return out
	}
	// 永兴 is a town whose exact name must outrank the county 永兴县 above it.
	queries := []string{"永兴", "巴彦", "镇", "市辖区", "阿拉善左旗", "东莞市", "花园", "街道", "1529", "15", "1", "441900003", "152921110000", "0", "北京市", "新疆", "不存在的地名"}
	for _, q := range queries {
		for _, limit := range []int{0, 1, 20} {
			got := codes(tree.Search(q, limit))
			want := reference(q, limit)
			if !slices.Equal(got, want) {
				t.Errorf("Search(%q, %d): got %d results %v, want %d results %v", q, limit, len(got), head(got), len(want), head(want))
			}
		}
	}
}

func head(s []string) []string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}
