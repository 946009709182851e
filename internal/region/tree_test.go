package region

import (
	"reflect"
	"strings"
	"testing"
)

func reg(code, name string) Region {
	return Region{Code: code, Name: name, Level: LevelOfCode(code), Parent: ParentOfCode(code)}
}

func root(code, name string) Region {
	r := reg(code, name)
	r.Parent = ""
	return r
}

func TestNewTreeErrors(t *testing.T) {
	tests := []struct {
		name string
		rs   []Region
		want string
	}{
		{"bad code", []Region{root("15", "x")},
			`region: code "15" has 2 characters, want 12 digits`},
		{"empty name", []Region{root("150000000000", " ")},
			"region: region 150000000000 has an empty name"},
		{"wrong level", []Region{{Code: "150000000000", Name: "x", Level: 2}},
			"region: region 150000000000 has level 2, its code says 1"},
		{"wrong parent", []Region{root("150000000000", "x"), {Code: "152900000000", Name: "y", Level: 2, Parent: "140000000000"}},
			`region: region 152900000000 has parent "140000000000", its code says "150000000000"`},
		{"missing parent", []Region{reg("152900000000", "阿拉善盟")},
			"region: parent 150000000000 of 152900000000 is missing"},
		{"duplicate", []Region{root("150000000000", "x"), root("150000000000", "y")},
			"region: duplicate code 150000000000"},
		{"root whose parent is present", []Region{root("150000000000", "内蒙古自治区"), root("152900000000", "阿拉善盟")},
			"region: 152900000000 has no parent but its parent 150000000000 is in the tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewTree(tt.rs)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTreeShape(t *testing.T) {
	// Input deliberately unsorted, with a league-rooted tree beside a province-rooted one and a
	// town directly under a prefecture without counties.
	rs := []Region{
		reg("441900004000", "南城街道"),
		reg("152921110000", "巴彦浩特镇"),
		root("152900000000", "阿拉善盟"),
		reg("441900003000", "东城街道"),
		reg("152921000000", "阿拉善左旗"),
		reg("441900000000", "东莞市"),
		root("440000000000", "广东省"),
		reg("152922000000", "阿拉善右旗"),
	}
	tree := mustTree(t, rs)
	if got := tree.Len(); got != len(rs) {
		t.Errorf("Len: got %d, want %d", got, len(rs))
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"roots", codes(tree.Roots()), []string{"152900000000", "440000000000"}},
		{"children", codes(tree.Children("441900000000")), []string{"441900003000", "441900004000"}},
		{"children of leaf", codes(tree.Children("441900003000")), []string{}},
		{"children of unknown", codes(tree.Children("110000000000")), []string{}},
		{"subtree preorder", codes(tree.Subtree("152900000000")),
			[]string{"152900000000", "152921000000", "152921110000", "152922000000"}},
		{"ancestors skip a level", codes(tree.Ancestors("441900003000")), []string{"440000000000", "441900000000"}},
		{"ancestors stop at a league root", codes(tree.Ancestors("152921110000")), []string{"152900000000", "152921000000"}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if tree.InSubtree("440000000000", "152921110000") || tree.InSubtree("152900000000", "441900003000") {
		t.Error("InSubtree: got true across separate roots, want false")
	}
	if got, want := tree.Path("441900003000"), "广东省 / 东莞市 / 东城街道"; got != want {
		t.Errorf("Path: got %q, want %q", got, want)
	}
	if got := tree.Path("110000000000"); got != "" {
		t.Errorf("Path of unknown: got %q, want empty", got)
	}
}

func TestTreeIsImmutable(t *testing.T) {
	rs := []Region{root("150000000000", "内蒙古自治区"), reg("152900000000", "阿拉善盟")}
	tree := mustTree(t, rs)
	rs[1].Name = "changed"
	tree.Subtree("150000000000")[1].Name = "changed"
	tree.Children("150000000000")[0].Name = "changed"
	if r, _ := tree.Get("152900000000"); r.Name != "阿拉善盟" {
		t.Errorf("got %q, want 阿拉善盟", r.Name)
	}
}

func TestSearch(t *testing.T) {
	const (
		fvs1 = "\u180B"
		mvs  = "\u180E"
	)
	// Mongolian names here are test fixtures only, not translations shipped with the data.
	withMN := func(r Region, mn string) Region { r.NameMN = mn; return r }
	tree := mustTree(t, []Region{
		root("150000000000", "内蒙古自治区"),
		reg("152900000000", "阿拉善盟"),
		reg("152921000000", "阿拉善左旗"),
		reg("152922000000", "阿拉善右旗"),
		withMN(reg("152921110000", "巴彦浩特镇"), "ᠪᠠᠶᠠᠨᠬᠣᠲᠠ"),
		reg("152921110214", "巴彦塔拉嘎查村民委员会"),
		reg("152921203000", "巴彦木仁苏木"),
		reg("152921203203", "巴彦套海嘎查村民委员会"),
		reg("152921102000", "温都尔勒图镇"),
		reg("152921102200", "巴彦"),
		withMN(reg("152922213000", "巴彦高勒苏木"), "ᠪᠠᠶᠠᠨ"+fvs1+"ᠭᠣᠣᠯ"),
		reg("152921105000", "东巴彦镇"),
	})
	tests := []struct {
		name  string
		q     string
		limit int
		want  []string
	}{
		{"exact, then prefix shallower first, then substring", "巴彦", 0, []string{
			"152921102200",                                 // exact name, even though deepest
			"152921110000", "152921203000", "152922213000", // prefix, towns
			"152921110214", "152921203203", // prefix, villages
			"152921105000", // substring
		}},
		{"limit keeps the best", "巴彦", 2, []string{"152921102200", "152921110000"}},
		{"substring only", "嘎查", 0, []string{"152921110214", "152921203203"}},
		{"shallower first", "阿拉善", 0, []string{"152900000000", "152921000000", "152922000000"}},
		{"short code is exact", "1529", 3, []string{"152900000000", "152921000000", "152922000000"}},
		{"full code", "152921110214", 0, []string{"152921110214"}},
		{"code prefix that is no code", "15292111", 0, []string{"152921110000", "152921110214"}},
		{"mongolian", "ᠪᠠᠶᠠᠨ", 0, []string{"152921110000", "152922213000"}},
		{"variation selectors ignored", "ᠪᠠᠶᠠᠨ" + fvs1 + "ᠬᠣᠲᠠ" + mvs, 0, []string{"152921110000"}},
		{"spaces trimmed", "  巴彦浩特镇 ", 0, []string{"152921110000"}},
		{"no match", "北京", 0, []string{}},
		{"empty", " ", 10, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := codes(tree.Search(tt.q, tt.limit))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	if got := fold("巴彦"); got != "巴彦" {
		t.Errorf("got %q, want unchanged", got)
	}
	if got, want := fold("ᠠ\u180B\u180C\u180D\u180E\u180F\u200C\u200Dᠠ"), "ᠠᠠ"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if strings.ContainsRune(fold("ᠠ\u202Fᠠ"), '\u202F') == false {
		t.Error("narrow no-break space separates suffixes and must be kept")
	}
}
