package category

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tongban/internal/fault"
)

// dataDir holds the shared reference data, outside the module.
const dataDir = "../../../shared/data/hotline"

// openData opens a reference file. The data sits outside the repository, so a checkout without it
// skips these tests; in CI the data must be there and a missing file fails.
func openData(t *testing.T, name string) *os.File {
	t.Helper()
	path := filepath.Join(dataDir, name)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("reference file %s is missing (CI=true requires the shared data)", path)
		}
		t.Skipf("reference file %s is missing; put the shared data next to the repository to run this test", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// leaves returns the categories without children.
func leaves(cs []Category) []Category {
	tree := Tree(cs)
	var out []Category
	for _, c := range cs {
		if len(tree[c.Code]) == 0 {
			out = append(out, c)
		}
	}
	return out
}

func TestParseRealFiles(t *testing.T) {
	tests := []struct {
		file      string
		parse     func(string, io.Reader) ([]Category, error)
		top       int
		leaves    int
		firstPath string // Path of the first leaf, C01.01.01
	}{
		{"taxonomy_3level.csv", ParseTaxonomyCSV, 15, 517, "城乡建设 / 安全生产 / 事故处理"},
		{"bj12345_category_paths.csv", ParseCategoryPaths, 12, 352, "科体文宣 / 文化 / 网络视听（网络直播、视频网站、网络表演等）"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			cs, err := tc.parse(tc.file, openData(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(cs); err != nil {
				t.Errorf("Validate: got %v, want nil", err)
			}
			if got := len(Tree(cs)[""]); got != tc.top {
				t.Errorf("top-level categories: got %v, want %v", got, tc.top)
			}
			if got := len(leaves(cs)); got != tc.leaves {
				t.Errorf("leaf paths: got %v, want %v", got, tc.leaves)
			}
			if got := Path(cs, "C01.01.01"); got != tc.firstPath {
				t.Errorf("Path(C01.01.01): got %q, want %q", got, tc.firstPath)
			}
			for _, c := range cs {
				if strings.Count(c.Code, ".") > 2 {
					t.Errorf("%s: deeper than 3 levels", c.Code)
				}
			}

			// ParseFile must pick the same parser from the first line.
			again, err := ParseFile(tc.file, openData(t, tc.file))
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			if !slices.Equal(again, cs) {
				t.Errorf("ParseFile differs from the format's own parser")
			}
		})
	}
}

func TestParseTaxonomyCSV(t *testing.T) {
	const header = "一级分类,二级分类,三级分类\n"
	tests := []struct {
		name  string
		input string
		want  []string // "code path" for each category, in result order
	}{
		{
			name:  "shared nodes, codes in order of first appearance",
			input: header + "乙,b1,x\n甲,a1,y\n乙,b2,z\n乙,b1,w\n",
			want: []string{
				"C01 乙", "C01.01 乙 / b1", "C01.01.01 乙 / b1 / x", "C01.01.02 乙 / b1 / w",
				"C01.02 乙 / b2", "C01.02.01 乙 / b2 / z",
				"C02 甲", "C02.01 甲 / a1", "C02.01.01 甲 / a1 / y",
			},
		},
		{
			name:  "BOM, CRLF, spaces and quotes",
			input: "\uFEFF一级分类, 二级分类 ,三级分类\r\n 公共服务 ,\"供水,供电\",供水\r\n",
			want:  []string{"C01 公共服务", "C01.01 公共服务 / 供水,供电", "C01.01.01 公共服务 / 供水,供电 / 供水"},
		},
		{
			name:  "shorter paths, empty and duplicate rows",
			input: header + "甲,,\n,,\n\n甲,a,\n甲,a,\n乙,,\n",
			want:  []string{"C01 甲", "C01.01 甲 / a", "C02 乙"},
		},
		{
			name:  "two-level header",
			input: "一级分类,二级分类\n甲,a\n",
			want:  []string{"C01 甲", "C01.01 甲 / a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := ParseTaxonomyCSV("t.csv", strings.NewReader(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(cs); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if err := Validate(cs); err != nil {
				t.Errorf("Validate: got %v, want nil", err)
			}
		})
	}
}

// describe renders categories as "code path" for comparison, checking the generated fields on the
// way.
func describe(cs []Category) []string {
	var out []string
	for _, c := range cs {
		s := c.Code + " " + Path(cs, c.Code)
		if !c.Active || c.NameMN != "" || c.Position != position(c.Code) {
			s += fmt.Sprintf(" [active=%v mn=%q position=%d]", c.Active, c.NameMN, c.Position)
		}
		out = append(out, s)
	}
	return out
}

func TestParseCategoryPaths(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "mixed depths, shared nodes",
			input: "住房->危房改造\n住房->小区配套->会所\n教育->其他\n住房->小区配套->电梯",
			want: []string{
				"C01 住房", "C01.01 住房 / 危房改造", "C01.02 住房 / 小区配套",
				"C01.02.01 住房 / 小区配套 / 会所", "C01.02.02 住房 / 小区配套 / 电梯",
				"C02 教育", "C02.01 教育 / 其他",
			},
		},
		{
			name:  "BOM, CRLF, blank lines and spaces around arrows",
			input: "\uFEFF公共服务 -> 供水\r\n\r\n  \r\n公共服务->供电\r\n",
			want:  []string{"C01 公共服务", "C01.01 公共服务 / 供水", "C01.02 公共服务 / 供电"},
		},
		{
			name:  "single level",
			input: "其他\n",
			want:  []string{"C01 其他"},
		},
		{
			name:  "a path that is also a prefix of a longer one",
			input: "甲->a\n甲->a->x\n",
			want:  []string{"C01 甲", "C01.01 甲 / a", "C01.01.01 甲 / a / x"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := ParseCategoryPaths("p.csv", strings.NewReader(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(cs); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const header = "一级分类,二级分类,三级分类\n"
	long := strings.Repeat("长", 51)
	var many strings.Builder
	for i := range 100 {
		fmt.Fprintf(&many, "甲->k%d\n", i)
	}
	var tooMany strings.Builder
	var capped []string
	for i := range 15 {
		fmt.Fprintf(&tooMany, "a->->%d\n", i)
		if i < maxErrors {
			capped = append(capped, fmt.Sprintf("f:%d: level 2 is empty;", i+1))
		}
	}
	capped = append(capped, "f: 5 more problems not shown")
	csv := func(name string, r io.Reader) ([]Category, error) { return ParseTaxonomyCSV(name, r) }
	arrows := func(name string, r io.Reader) ([]Category, error) { return ParseCategoryPaths(name, r) }
	tests := []struct {
		name  string
		parse func(string, io.Reader) ([]Category, error)
		input string
		want  []string // each a whole "file:line: why" entry or a distinctive part of one
	}{
		{"csv empty file", csv, "", []string{"f:1: empty file, want the header 一级分类,二级分类,三级分类"}},
		{"csv header only", csv, header, []string{"f:2: no categories in the file"}},
		{"csv wrong header", csv, "level1,level2,level3\n甲,a,x\n", []string{"f:1: header must be 一级分类,二级分类,三级分类, got level1,level2,level3"}},
		{"csv headerless", csv, "甲,a,x\n", []string{"f:1: header must be"}},
		{"csv four columns", csv, "一级分类,二级分类,三级分类,四级分类\n", []string{"f:1: header has 4 columns, at most 3 levels are supported"}},
		{"csv wrong column count", csv, header + "甲,a,x\n甲,a\n甲,a,x,y\n", []string{"f:3: got 2 columns, want 3", "f:4: got 4 columns, want 3"}},
		{"csv empty middle level", csv, header + "甲,,x\n", []string{"f:2: level 2 (二级分类) is empty but a later level is not"}},
		{"csv empty first level", csv, header + ",a,\n", []string{"f:2: level 1 (一级分类) is empty but a later level is not"}},
		{"csv long name", csv, header + "甲,a," + long + "\n", []string{"f:2: level 3 name is longer than 50 characters"}},
		{"csv control character", csv, header + "甲,\"a\nb\",x\n", []string{"f:2: level 2 name contains a control character"}},
		{"csv GBK", csv, header + "\xb9\xab\xb9\xb2,a,x\n", []string{"f:2: not valid UTF-8 (save the file as UTF-8"}},
		{"csv bad quote", csv, header + "甲,a,x\n甲,a\"b,x\n", []string{"f:3: bare \" in non-quoted-field"}},
		{"csv errors collected across rows", csv, header + "甲,,x\n乙,b,c\n丙,c," + long + "\n", []string{"f:2: level 2", "f:4: level 3 name is longer"}},

		{"arrows empty file", arrows, "", []string{"f:1: no categories in the file"}},
		{"arrows blank lines only", arrows, "\n\n", []string{"f:3: no categories in the file"}},
		{"arrows four levels", arrows, "甲->a->x\n甲->a->x->y\n", []string{"f:2: 4 levels, at most 3 are supported"}},
		{"arrows empty middle level", arrows, "甲->->x\n", []string{"f:1: level 2 is empty"}},
		{"arrows trailing arrow", arrows, "甲->a\r\n甲->a->\r\n", []string{"f:2: level 3 is empty"}},
		{"arrows leading arrow", arrows, "->a\n", []string{"f:1: level 1 is empty"}},
		{"arrows long name", arrows, long + "->a\n", []string{"f:1: level 1 name is longer than 50 characters"}},
		{"arrows GBK", arrows, "a->\xb9\xab\n", []string{"f:1: not valid UTF-8"}},
		{"arrows too many siblings", arrows, many.String(), []string{"f:100: more than 99 categories under 甲"}},
		{"arrows error cap", arrows, tooMany.String(), capped},
		{"arrows line too long", arrows, "甲->a\n" + strings.Repeat("x", maxLine+1), []string{"f:2: line longer than 65536 bytes"}},

		{"detect unknown", ParseFile, "\n\nname,parent\n", []string{"f:3: unrecognised category file"}},
		{"detect empty", ParseFile, "\uFEFF \n", []string{"f:1: empty file"}},
		{"detect csv then fail", ParseFile, "\uFEFF一级分类,二级分类,三级分类\r\n甲,,x\r\n", []string{"f:2: level 2 (二级分类) is empty"}},
		{"detect arrows then fail", ParseFile, "甲->a\n甲->->x\n", []string{"f:2: level 2 is empty"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := tc.parse("f", strings.NewReader(tc.input))
			if cs != nil {
				t.Errorf("got %d categories with an error, want none (all or nothing)", len(cs))
			}
			var list fault.List
			if !errors.As(err, &list) {
				t.Fatalf("got %T %v, want a fault.List", err, err)
			}
			if got := len(list); got != len(tc.want) {
				t.Errorf("got %d entries (%v), want %d", got, err, len(tc.want))
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

// failingReader returns data and then an I/O error.
type failingReader struct{ data string }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestParseReadError(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string, io.Reader) ([]Category, error)
		data  string
	}{
		{"csv", ParseTaxonomyCSV, "一级分类,二级分类,三级分类\n甲,a,x\n"},
		{"arrows", ParseCategoryPaths, "甲->a\n"},
		{"detect", ParseFile, "甲->a\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := tc.parse("f", &failingReader{data: tc.data})
			if cs != nil || err == nil {
				t.Fatalf("got %v, %v, want no categories and an error", cs, err)
			}
			// An I/O failure is the server's problem, not an invalid file.
			if got := fault.CodeOf(err); got != fault.Internal {
				t.Errorf("got code %v, want %v (%v)", got, fault.Internal, err)
			}
			if !strings.Contains(err.Error(), "disk on fire") {
				t.Errorf("got %v, want the cause", err)
			}
		})
	}
}
