package category

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"tongban/internal/fault"
)

func TestDefault(t *testing.T) {
	cs := Default()
	if err := Validate(cs); err != nil {
		t.Fatalf("Validate(Default()) = %v, want nil", err)
	}
	if n := len(cs); n < 60 || n > 120 {
		t.Errorf("len(Default()) = %d, want 60–120", n)
	}

	var top []string
	for _, c := range Tree(cs)[""] {
		top = append(top, c.NameZH)
	}
	for _, area := range []string{"经济调节", "市场监管", "社会管理", "公共服务", "生态环境保护"} {
		if !slices.Contains(top, area) {
			t.Errorf("top level %v lacks policy area %s", top, area)
		}
	}

	for _, c := range cs {
		if c.NameMN != "" {
			t.Errorf("%s: NameMN = %q, want empty (no invented Mongolian)", c.Code, c.NameMN)
		}
		if !c.Active {
			t.Errorf("%s: inactive in the built-in tree", c.Code)
		}
		if got, want := c.Position, position(c.Code); got != want || got == 0 {
			t.Errorf("%s: Position = %d, want %d (from the code, not 0)", c.Code, got, want)
		}
	}
	// Display order is code order, so the list must already be sorted the way storage reads it.
	if !slices.IsSortedFunc(cs, func(a, b Category) int { return strings.Compare(a.Code, b.Code) }) {
		t.Errorf("Default() is not sorted by code")
	}

	again := Default()
	if !slices.Equal(cs, again) {
		t.Errorf("Default() differs between calls")
	}
	again[0].NameZH = "changed"
	if Default()[0].NameZH == "changed" {
		t.Errorf("Default() shares its slice between calls")
	}

	for _, tc := range []struct{ code, want string }{
		{"C04.01.01", "公共服务 / 供水供电供暖供气 / 供水"},
		{"C05.05", "生态环境保护 / 防沙治沙"},
		{"C03.05.01", "社会管理 / 劳动保障 / 拖欠工资"},
		{"C02.05", "市场监管 / 药品监管"},
	} {
		if got := Path(cs, tc.code); got != tc.want {
			t.Errorf("Path(Default(), %s) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	top := func(code, name string) Category {
		return Category{Code: code, NameZH: name, Position: 1, Active: true}
	}
	kid := func(code, name string) Category {
		return Category{Code: code, Parent: ParentCode(code), NameZH: name, Position: 1, Active: true}
	}
	tests := []struct {
		name string
		cs   []Category
		want []string // substrings of the error, each "code: why"; nil for valid
	}{
		{"empty tree", nil, nil},
		{"valid", []Category{top("C01", "公共服务"), kid("C01.01", "供水"), kid("C01.01.01", "水价")}, nil},
		{"non-generated codes", []Category{top("water", "供水"), kid("water.bill-2", "水费")}, nil},
		{"same name under different parents", []Category{top("C01", "甲"), kid("C01.01", "其他"), top("C02", "乙"), kid("C02.01", "其他")}, nil},
		{"inactive leaf below active parent", []Category{top("C01", "甲"), {Code: "C01.01", Parent: "C01", NameZH: "旧", Active: false}}, nil},
		{"missing code", []Category{top("", "甲")}, []string{"[0]: code is required"}},
		{"bad code characters", []Category{top("C 01", "甲")}, []string{"C 01: code may contain only"}},
		{"leading dot", []Category{top(".C01", "甲")}, []string{".C01: code may contain only"}},
		{"code too long", []Category{top(strings.Repeat("A", 65), "甲")}, []string{"code is longer than 64 characters"}},
		{"empty segment", []Category{top("C01", "甲"), {Code: "C01..02", Parent: "C01.", NameZH: "乙", Active: true}}, []string{"C01..02: code has an empty segment", "C01..02: parent C01. does not exist"}},
		{"too deep", []Category{top("C01", "甲"), kid("C01.01", "乙"), kid("C01.01.01", "丙"), kid("C01.01.01.01", "丁")}, []string{"C01.01.01.01: code has more than 3 levels"}},
		{"duplicate code", []Category{top("C01", "甲"), top("C01", "乙")}, []string{"C01: duplicate code (also at index 0)"}},
		{"parent missing", []Category{kid("C01.01", "乙")}, []string{"C01.01: parent C01 does not exist"}},
		{"parent after child", []Category{kid("C01.01", "乙"), top("C01", "甲")}, []string{"C01.01: parent C01 must come before its children"}},
		{"parent not the code prefix", []Category{top("C01", "甲"), top("C02", "乙"), {Code: "C01.01", Parent: "C02", NameZH: "丙", Active: true}},
			[]string{`C01.01: parent must be "C01" (the code without its last segment), got "C02"`}},
		{"top level with a parent", []Category{top("C01", "甲"), {Code: "C02", Parent: "C01", NameZH: "乙"}},
			[]string{`C02: a top-level code needs an empty parent, got "C01"`}},
		{"active below inactive", []Category{{Code: "C01", NameZH: "甲"}, kid("C01.01", "乙")}, []string{"C01.01: active category below inactive parent C01"}},
		{"missing name", []Category{top("C01", "")}, []string{"C01: name_zh is required"}},
		{"name with spaces", []Category{top("C01", " 甲")}, []string{"C01: name_zh has leading or trailing spaces"}},
		{"name too long", []Category{top("C01", strings.Repeat("长", 51))}, []string{"C01: name_zh is longer than 50 characters"}},
		{"name with newline", []Category{top("C01", "甲\n乙")}, []string{"C01: name_zh contains a control character"}},
		{"name not UTF-8", []Category{top("C01", "\xff")}, []string{"C01: name_zh is not valid UTF-8"}},
		{"duplicate sibling name", []Category{top("C01", "甲"), kid("C01.01", "供水"), kid("C01.02", "供水")},
			[]string{`C01.02: name_zh "供水" is also the name of sibling C01.01`}},
		{"duplicate top-level name", []Category{top("C01", "甲"), top("C02", "甲")}, []string{`C02: name_zh "甲" is also the name of sibling C01`}},
		{"duplicate sibling Mongolian name", []Category{{Code: "C01", NameZH: "甲", NameMN: "ᠠ", Active: true}, {Code: "C02", NameZH: "乙", NameMN: "ᠠ", Active: true}},
			[]string{`C02: name_mn "ᠠ" is also the name of sibling C01`}},
		{"negative position", []Category{{Code: "C01", NameZH: "甲", Position: -1}}, []string{"C01: position must not be negative, got -1"}},
		{"several problems at once", []Category{top("C01", ""), kid("C09.01", "乙")}, []string{"C01: name_zh is required", "C09.01: parent C09 does not exist"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.cs)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var list fault.List
			if !errors.As(err, &list) {
				t.Fatalf("got %T %v, want a fault.List", err, err)
			}
			if len(list) != len(tc.want) {
				t.Errorf("got %d errors (%v), want %d", len(list), err, len(tc.want))
			}
			if !fault.Is(list[0], fault.Invalid) {
				t.Errorf("got code %v, want %v", fault.CodeOf(list[0]), fault.Invalid)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestTree(t *testing.T) {
	cs := []Category{
		{Code: "C02", NameZH: "乙", Position: 2},
		{Code: "C01", NameZH: "甲", Position: 1},
		{Code: "C01.02", Parent: "C01", NameZH: "b", Position: 1},
		{Code: "C01.01", Parent: "C01", NameZH: "a", Position: 1},
		{Code: "C01.03", Parent: "C01", NameZH: "c", Position: 0},
	}
	tree := Tree(cs)
	codes := func(parent string) []string {
		var out []string
		for _, c := range tree[parent] {
			out = append(out, c.Code)
		}
		return out
	}
	tests := []struct {
		parent string
		want   []string
	}{
		{"", []string{"C01", "C02"}},
		{"C01", []string{"C01.03", "C01.01", "C01.02"}}, // by position, then code
		{"C02", nil},
	}
	for _, tc := range tests {
		if got := codes(tc.parent); !slices.Equal(got, tc.want) {
			t.Errorf("Tree()[%q] = %v, want %v", tc.parent, got, tc.want)
		}
	}
	if cs[0].Code != "C02" {
		t.Errorf("Tree reordered its input: cs[0] = %s, want C02", cs[0].Code)
	}
}

func TestPath(t *testing.T) {
	cs := []Category{
		{Code: "C01", NameZH: "公共服务"},
		{Code: "C01.01", Parent: "C01", NameZH: "供水供电供暖供气"},
		{Code: "C01.01.01", Parent: "C01.01", NameZH: "供水"},
		{Code: "X.01", Parent: "X", NameZH: "孤儿"},
		{Code: "L", Parent: "L", NameZH: "自环"},
	}
	tests := []struct{ code, want string }{
		{"C01.01.01", "公共服务 / 供水供电供暖供气 / 供水"},
		{"C01.01", "公共服务 / 供水供电供暖供气"},
		{"C01", "公共服务"},
		{"C99", ""},
		{"", ""},
		{"X.01", "孤儿"}, // missing parent: the path ends where the chain breaks
		{"L", "自环 / 自环 / 自环 / 自环 / 自环"}, // a cycle stops after len(cs) steps instead of hanging
	}
	for _, tc := range tests {
		if got := Path(cs, tc.code); got != tc.want {
			t.Errorf("Path(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestParentCode(t *testing.T) {
	tests := []struct{ code, want string }{
		{"C01.02.03", "C01.02"},
		{"C01.02", "C01"},
		{"C01", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := ParentCode(tc.code); got != tc.want {
			t.Errorf("ParentCode(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
