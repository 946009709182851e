package catalog

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// SourceItems and SourceDepartments are the catalog size the source reports
// for Alxa's league and banner halls (2,964 items of 133 departments).
const (
	SourceItems       = 2964
	SourceDepartments = 133
)

// banners are the banner-level regions whose departments mirror the league's,
// with the key prefix of their departments.
var banners = []struct{ prefix, name, region string }{
	{"alszq", "阿拉善左旗", RegionZuoqi},
	{"alsyq", "阿拉善右旗", RegionYouqi},
	{"ejnq", "额济纳旗", RegionEjina},
	{"gxq", "阿拉善高新技术产业开发区", RegionGaoxinq},
}

// GeneratedDepartments returns n departments for scale tests: the demo
// departments first, then banner counterparts of the league departments
// (阿拉善左旗市场监督管理局 for 阿拉善盟市场监督管理局, key alszq-scjgj), department
// by department across the banners. n is capped at the number available
// (about 210) and at least 1.
func GeneratedDepartments(n int) []Department {
	all := Departments()
	seen := map[string]bool{}
	for _, d := range all {
		seen[d.Key] = true
	}
	for _, d := range Departments() {
		if d.Level != "league" || !strings.Contains(d.NameZH, "阿拉善盟") {
			continue // not a government department the banners mirror
		}
		for _, b := range banners {
			key := b.prefix + "-" + d.Key
			if seen[key] {
				continue
			}
			seen[key] = true
			all = append(all, Department{Key: key, NameZH: strings.Replace(d.NameZH, "阿拉善盟", b.name, 1), Level: "banner", Region: b.region})
		}
	}
	// The banner counterparts come department by department, so any prefix
	// of the list spreads over all banners.
	return all[:max(1, min(n, len(all)))]
}

// variants are sub-item suffixes (子项) real catalogs split items into; they
// name the extra items a department has beyond its demo templates.
var variants = []string{"（变更）", "（延续）", "（注销）", "（补证）", "（换证）", "（新办）", "（迁移）", "（查询）"}

// Generate returns a valid catalog of n items over the given number of
// departments (see GeneratedDepartments), for tests and benchmarks at the
// source's scale (Generate(SourceItems, SourceDepartments, seed)). The same
// arguments always give the same catalog. Items are modelled on the demo items
// of the same department (or of the league department a banner department
// mirrors); every department gets at least one item when n allows, the rest
// go to departments in proportion to the size of their demo catalog.
func Generate(n, departments int, seed int64) []Item {
	if n <= 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x616c7861)) // "alxa"
	depts := GeneratedDepartments(departments)
	byDept := map[string][]Item{}
	for _, it := range Demo() {
		byDept[it.Department] = append(byDept[it.Department], it)
	}
	pools := make([][]Item, len(depts))
	var weights []int
	total := 0
	for i, d := range depts {
		key := d.Key
		if _, ok := byDept[key]; !ok {
			_, key, _ = strings.Cut(key, "-") // alszq-scjgj mirrors scjgj
		}
		pools[i] = byDept[key]
		total += len(pools[i])
		weights = append(weights, total)
	}
	counts := make([]int, len(depts))
	for i := range min(n, len(depts)) {
		counts[i] = 1
	}
	for range n - min(n, len(depts)) {
		x := r.IntN(total)
		i, _ := slices.BinarySearch(weights, x+1)
		counts[i]++
	}
	out := make([]Item, 0, n)
	for i, d := range depts {
		for j := range counts[i] {
			out = append(out, generated(r, d, pools[i], j))
		}
	}
	return out
}

// generated derives item j of department d from its template pool.
func generated(r *rand.Rand, d Department, pool []Item, j int) Item {
	t := pool[j%len(pool)]
	it := t
	it.Code = fmt.Sprintf("%s-%04d", CodePrefix(d.Key), j+1)
	it.Department = d.Key
	if round := j / len(pool); round > 0 {
		it.NameZH = t.NameZH + variants[(round-1)%len(variants)]
		if round > len(variants) {
			it.NameZH += fmt.Sprintf("%d", round)
		}
		it.Materials = slices.Clone(t.Materials)
		for k := range it.Materials {
			if it.Materials[k].Name == t.NameZH+"申请表" {
				it.Materials[k].Name = it.NameZH + "申请表"
			}
		}
	}
	if it.LegalDays > 0 {
		it.PromisedDays = r.IntN(it.LegalDays/2 + 1)
	}
	if d.Level == "banner" {
		it.Levels = []Level{Banner}
		if slices.Contains(t.Levels, Town) {
			it.Levels = append(it.Levels, Town)
		}
	}
	it.Materials = slices.Clone(it.Materials)
	it.PromiseReplaces = slices.Clone(it.PromiseReplaces)
	it.ReviewSteps = slices.Clone(it.ReviewSteps)
	it.Guide = guide(it)
	return it
}
