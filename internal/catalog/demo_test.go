package catalog

import (
	"reflect"
	"strings"
	"testing"
)

func checkCatalog(t *testing.T, items []Item, depts []Department) {
	t.Helper()
	known := map[string]bool{}
	for _, d := range depts {
		if known[d.Key] {
			t.Errorf("department key %s repeats", d.Key)
		}
		known[d.Key] = true
		if d.Level != "league" && d.Level != "banner" || len(d.Region) != 12 || d.NameZH == "" {
			t.Errorf("department %+v: want a name, level league|banner and a 12-digit region", d)
		}
	}
	codes := map[string]bool{}
	used := map[string]int{}
	for _, it := range items {
		if err := it.Validate(); err != nil {
			t.Errorf("%s %s: %v", it.Code, it.NameZH, err)
		}
		if codes[it.Code] {
			t.Errorf("code %s repeats", it.Code)
		}
		codes[it.Code] = true
		if !known[it.Department] {
			t.Errorf("%s: department %q is not in the department list", it.Code, it.Department)
		}
		if !strings.HasPrefix(it.Code, CodePrefix(it.Department)+"-") {
			t.Errorf("%s: code does not follow the scheme for %s", it.Code, it.Department)
		}
		if it.NameMN != "" {
			t.Errorf("%s: has a Mongolian name %q; demo data must not invent one", it.Code, it.NameMN)
		}
		used[it.Department]++
	}
	for k := range known {
		if used[k] == 0 && len(items) >= len(depts) {
			t.Errorf("department %s has no items", k)
		}
	}
}

func TestDemo(t *testing.T) {
	items, depts := Demo(), Departments()
	checkCatalog(t, items, depts)
	if len(items) < 300 || len(depts) < 40 {
		t.Errorf("got %d items over %d departments, want ≥ 300 over ≥ 40", len(items), len(depts))
	}
	if !reflect.DeepEqual(Demo(), items) {
		t.Errorf("Demo is not deterministic")
	}

	var wide, commit, window, onSpot, halfOrLess, timed int
	var admin []Item
	for _, it := range items {
		if it.LeagueWide {
			wide++
		}
		if it.NotifyCommit {
			commit++
		}
		if it.OnlineDepth == WindowOnly {
			window++
		}
		if it.PromisedDays == 0 {
			onSpot++
		}
		if it.LegalDays > 0 {
			timed++
			if it.PromisedDays*2 <= it.LegalDays {
				halfOrLess++
			}
		}
		if it.Kind.Administrative() {
			admin = append(admin, it)
		}
	}
	if wide != 24 {
		t.Errorf("got %d league-wide items, want the source's 24 main items", wide)
	}
	if commit < 8 {
		t.Errorf("got %d notify-commit items, want several", commit)
	}
	if window == 0 {
		t.Errorf("got no window-only items; identity cards and marriages need the person present")
	}
	if onSpot < len(items)/5 {
		t.Errorf("got %d items on the spot (即办), want many", onSpot)
	}
	if halfOrLess*10 < timed*8 {
		t.Errorf("promised ≤ half of legal for %d of %d items, want most", halfOrLess, timed)
	}
	_, adminOnline := OnlineRate(admin)
	_, allOnline := OnlineRate(items)
	if adminOnline <= 0.9 || allOnline <= 0.9 {
		t.Errorf("online rate: approval items %.3f, all %.3f; the source claims > 90%%", adminOnline, allOnline)
	}
}

func TestDemoHasTheNamedItemsAndDepartments(t *testing.T) {
	names := map[string]bool{}
	for _, it := range Demo() {
		names[it.NameZH] = true
	}
	for _, want := range []string{
		"企业设立登记", "食品经营许可", "建设工程规划许可证核发", "不动产转移登记", "社会保障卡申领",
		"城乡居民基本医疗保险参保登记", "单位医疗保险参保登记", "住房公积金提取（租房）", "印章刻制备案", "发票申领",
		"取水许可", "道路货物运输经营许可", "药品零售企业许可", "居民身份证申领", "结婚登记",
		"城乡居民基本养老保险参保登记", "草原征占用审核", "建筑工程施工许可证核发", "银行开户预约",
		"单位社会保险参保登记", "住房公积金单位缴存登记",
	} {
		if !names[want] {
			t.Errorf("demo catalog lacks %s", want)
		}
	}
	deptNames := map[string]bool{}
	for _, d := range Departments() {
		deptNames[d.NameZH] = true
	}
	for _, want := range []string{
		"市场监督管理局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "生态环境局", "交通运输局",
		"公安局", "民政局", "卫生健康委员会", "教育局", "税务局", "医疗保障局", "住房公积金管理中心", "农牧局",
		"林业和草原局", "水务局", "文化旅游体育局", "应急管理局", "商务局", "退役军人事务局",
	} {
		if !deptNames["阿拉善盟"+want] && !deptNames["国家税务总局阿拉善盟"+want] {
			t.Errorf("departments lack 阿拉善盟%s", want)
		}
	}
}

func TestGenerate(t *testing.T) {
	items := Generate(SourceItems, SourceDepartments, 42)
	depts := GeneratedDepartments(SourceDepartments)
	if len(items) != SourceItems || len(depts) != SourceDepartments {
		t.Fatalf("got %d items over %d departments, want %d over %d", len(items), len(depts), SourceItems, SourceDepartments)
	}
	checkCatalog(t, items, depts)
	if !reflect.DeepEqual(Generate(SourceItems, SourceDepartments, 42), items) {
		t.Errorf("same seed: catalogs differ")
	}
	if reflect.DeepEqual(Generate(SourceItems, SourceDepartments, 43), items) {
		t.Errorf("different seeds: catalogs equal")
	}
	if _, pre := OnlineRate(items); pre <= 0.9 {
		t.Errorf("online rate %.3f, want > 0.9", pre)
	}
	banner := 0
	for _, d := range depts {
		if d.Level == "banner" {
			banner++
			if !strings.Contains(d.NameZH, "旗") && !strings.Contains(d.NameZH, "阿拉善高新技术产业开发区") {
				t.Errorf("banner department %s has no banner in its name", d.NameZH)
			}
		}
	}
	if banner < 60 {
		t.Errorf("got %d banner departments, want the banners' share of 133", banner)
	}
	if got := Generate(0, 10, 1); got != nil {
		t.Errorf("n = 0: got %d items, want nil", len(got))
	}
	if got := Generate(5, 10, 1); len(got) != 5 {
		t.Errorf("fewer items than departments: got %d, want 5", len(got))
	}
	if got := len(GeneratedDepartments(10000)); got < SourceDepartments {
		t.Errorf("got at most %d departments, want at least %d", got, SourceDepartments)
	}
}
