package region

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const divHeader = "code12,name,level,parent_code12,source\n"

// knownSet returns a known func answering for the given codes.
func knownSet(codes ...string) func(string) bool {
	return func(c string) bool {
		for _, k := range codes {
			if c == k {
				return true
			}
		}
		return false
	}
}

func TestParseDivisionCSV(t *testing.T) {
	in := divHeader +
		// Children before parents and an empty league parent: both allowed.
		"152921110000,巴彦浩特镇,4,152921000000,modood-2023\r\n" +
		"152921000000,阿拉善左旗,3,152900000000,modood-2023\r\n" +
		"152900000000,阿拉善盟,2,,modood-2023\r\n" +
		"152921110207,巴彦笋布日嘎查村民委员会,5,152921110000,liyanjie-2021\r\n" +
		"\r\n" + // blank lines are skipped
		"152921110200, 南田村民委员会 ,5,152921110000,liyanjie-2021\r\n"
	got, err := ParseDivisionCSV("a.csv", strings.NewReader(in), knownSet("150000000000"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Region{
		{Code: "152900000000", Name: "阿拉善盟", Level: 2, Parent: "150000000000"},
		{Code: "152921000000", Name: "阿拉善左旗", Level: 3, Parent: "152900000000"},
		{Code: "152921110000", Name: "巴彦浩特镇", Level: 4, Parent: "152921000000"},
		{Code: "152921110200", Name: "南田村民委员会", Level: 5, Parent: "152921110000"},
		{Code: "152921110207", Name: "巴彦笋布日嘎查村民委员会", Level: 5, Parent: "152921110000"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseDivisionCSVErrors(t *testing.T) {
	const (
		league = "152900000000,阿拉善盟,2,,x\n"
		county = "152921000000,阿拉善左旗,3,152900000000,x\n"
		town   = "152921110000,巴彦浩特镇,4,152921000000,x\n"
	)
	imKnown := knownSet("150000000000")
	tests := []struct {
		name  string
		in    string
		known func(string) bool
		want  string
	}{
		{"empty file", "", nil,
			"f.csv:1: empty file, want a header line"},
		{"wrong header", "code,name,level,parent,source\n" + league, imKnown,
			`f.csv:1: header "code,name,level,parent,source", want "code12,name,level,parent_code12,source"`},
		{"modood header", "code,name,provinceCode\n1529,阿拉善盟,15\n", imKnown,
			`f.csv:1: header "code,name,provinceCode" is an NBS (modood) file, want "code12,name,level,parent_code12,source"`},
		{"too few columns", divHeader + league + "152921000000,阿拉善左旗,3,152900000000\n", imKnown,
			"f.csv:3: got 4 columns, want 5"},
		{"too many columns", divHeader + "152900000000,阿拉善盟,2,,x,y\n", imKnown,
			"f.csv:2: got 6 columns, want 5"},
		{"short code", divHeader + "1529000000,阿拉善盟,2,,x\n", imKnown,
			`f.csv:2: bad code: code "1529000000" has 10 characters, want 12 digits`},
		{"letters in code", divHeader + "15290000000O,阿拉善盟,2,,x\n", imKnown,
			`f.csv:2: bad code: code "15290000000O" is not all digits`},
		{"gap in code", divHeader + league + county + "152921000201,某嘎查,5,152921000000,x\n", imKnown,
			`f.csv:4: bad code: code "152921000201" has an empty town segment above its village segment`},
		{"level not matching code", divHeader + league + "152921000000,阿拉善左旗,4,152900000000,x\n", imKnown,
			"f.csv:3: level 4 does not match code 152921000000, which is a county (level 3)"},
		{"level not a number", divHeader + "152900000000,阿拉善盟,two,,x\n", imKnown,
			`f.csv:2: level "two" of 152900000000 is not a number`},
		{"empty name", divHeader + league + "152921000000, ,3,152900000000,x\n", imKnown,
			"f.csv:3: empty name for 152921000000"},
		{"unknown parent in file", divHeader + league + town, imKnown,
			"f.csv:3: unknown parent 152921000000 of 152921110000"},
		{"unknown implied parent", divHeader + league, nil,
			"f.csv:2: unknown parent 150000000000 of 152900000000"},
		{"known says no", divHeader + league, knownSet("140000000000"),
			"f.csv:2: unknown parent 150000000000 of 152900000000"},
		{"parent at wrong level", divHeader + league + county + "152921110207,巴彦笋布日嘎查,5,152921000000,x\n", imKnown,
			"f.csv:4: parent 152921000000 of 152921110207 is a county (level 3), want a town (level 4): 152921110000"},
		{"parent not containing code", divHeader + league + county + "152922000000,阿拉善右旗,3,152800000000,x\n", imKnown,
			"f.csv:4: parent 152800000000 does not contain 152922000000, want 152900000000"},
		{"bad parent code", divHeader + league + "152921000000,阿拉善左旗,3,1529,x\n", imKnown,
			`f.csv:3: bad parent code: code "1529" has 4 characters, want 12 digits`},
		{"province with parent", divHeader + "150000000000,内蒙古自治区,1,100000000000,x\n", nil,
			"f.csv:2: province 150000000000 cannot have parent 100000000000"},
		{"duplicate code", divHeader + league + county + "152921000000,阿拉善左旗,3,152900000000,x\n", imKnown,
			"f.csv:4: duplicate code 152921000000 (first on line 3)"},
		{"bare quote", divHeader + league + "152921000000,阿拉\"善左旗,3,152900000000,x\n", imKnown,
			`f.csv:3: bare " in non-quoted-field`},
		{"several problems in line order, no cascade", divHeader + "152999110000,某镇,4,152999000000,x\n" + "152900000000,,2,,x\n" + county + town, imKnown,
			"f.csv:2: unknown parent 152999000000 of 152999110000\n" +
				"f.csv:3: empty name for 152900000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDivisionCSV("f.csv", strings.NewReader(tt.in), tt.known)
			if err == nil {
				t.Fatalf("got %v, nil error, want error %q", got, tt.want)
			}
			if got != nil {
				t.Errorf("got %d regions with the error, want none", len(got))
			}
			if err.Error() != tt.want {
				t.Errorf("got %q, want %q", err.Error(), tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "f.csv" {
				t.Errorf("got %#v, want a *ParseError for f.csv", err)
			}
		})
	}
}

func TestParseErrorsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(divHeader)
	for range 25 {
		b.WriteString("bad\n")
	}
	_, err := ParseDivisionCSV("f.csv", strings.NewReader(b.String()), nil)
	if err == nil {
		t.Fatal("got nil error, want one")
	}
	lines := strings.Split(err.Error(), "\n")
	if got, want := len(lines), maxErrors+1; got != want {
		t.Fatalf("got %d lines, want %d: %v", got, want, err)
	}
	if got, want := lines[maxErrors], "f.csv: 15 more problems not shown"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseModoodCSV(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		known func(string) bool
		want  []Region
	}{
		{"provinces", "code,name\n15,\"内蒙古自治区\"\n11,\"北京市\"\n", nil, []Region{
			{Code: "110000000000", Name: "北京市", Level: 1},
			{Code: "150000000000", Name: "内蒙古自治区", Level: 1},
		}},
		{"cities", "code,name,provinceCode\n1529,\"阿拉善盟\",15\n", knownSet("150000000000"), []Region{
			{Code: "152900000000", Name: "阿拉善盟", Level: 2, Parent: "150000000000"},
		}},
		{"areas with placeholder", "code,name,cityCode,provinceCode\n441900,\"东莞市\",4419,44\n152921,\"阿拉善左旗\",1529,15\n",
			knownSet("152900000000", "441900000000"), []Region{
				{Code: "152921000000", Name: "阿拉善左旗", Level: 3, Parent: "152900000000"},
			}},
		{"streets under a prefecture without counties", "code,name,areaCode,provinceCode,cityCode\n441900003,\"东城街道\",441900,44,4419\n",
			knownSet("441900000000"), []Region{
				{Code: "441900003000", Name: "东城街道", Level: 4, Parent: "441900000000"},
			}},
		{"streets with a placeholder (金门县)", "code,name,areaCode,provinceCode,cityCode\n350527000,\"金门县\",350527,35,3505\n152921110,\"巴彦浩特镇\",152921,15,1529\n",
			knownSet("152921000000", "350527000000"), []Region{
				{Code: "152921110000", Name: "巴彦浩特镇", Level: 4, Parent: "152921000000"},
			}},
		{"villages, columns in any order", "code,name,streetCode,provinceCode,cityCode,areaCode\n152921110207,\"巴彦笋布日嘎查村民委员会\",152921110,15,1529,152921\n",
			knownSet("152921110000"), []Region{
				{Code: "152921110207", Name: "巴彦笋布日嘎查村民委员会", Level: 5, Parent: "152921110000"},
			}},
		{"byte-order mark", "\uFEFFcode,name\n15,内蒙古自治区\n", nil, []Region{
			{Code: "150000000000", Name: "内蒙古自治区", Level: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseModoodCSV("m.csv", strings.NewReader(tt.in), tt.known)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseModoodCSVErrors(t *testing.T) {
	const streets = "code,name,areaCode,provinceCode,cityCode\n"
	tests := []struct {
		name  string
		in    string
		known func(string) bool
		want  string
	}{
		{"unknown header", "code,name,countyCode\n", nil,
			`m.csv:1: header "code,name,countyCode" is not one of the NBS (modood) files: want code,name plus the parent columns provinceCode, cityCode, areaCode, streetCode down to the file's level`},
		{"missing ancestor column", "code,name,areaCode\n", nil,
			`m.csv:1: header "code,name,areaCode" is not one of the NBS (modood) files: want code,name plus the parent columns provinceCode, cityCode, areaCode, streetCode down to the file's level`},
		{"division header", divHeader, nil,
			`m.csv:1: header "code12,name,level,parent_code12,source" is the division format, not an NBS (modood) file`},
		{"streets alone", streets + "152921110,巴彦浩特镇,152921,15,1529\n", nil,
			"m.csv:2: unknown parent 152921000000 of 152921110000"},
		{"placeholder with unknown parent", "code,name,cityCode,provinceCode\n441900,东莞市,4419,44\n", nil,
			"m.csv:2: unknown parent 441900000000 of 441900000000"},
		{"wrong column count", streets + "152921110,巴彦浩特镇,152921,15\n", nil,
			"m.csv:2: got 4 columns, want 5"},
		{"code of wrong length", streets + "15292111,巴彦浩特镇,152921,15,1529\n", nil,
			`m.csv:2: bad code: "15292111" has 8 digits, a town code has 9`},
		{"code not digits", "code,name\n1X,某省\n", nil,
			`m.csv:2: bad code: code "1X0000000000" is not all digits`},
		{"ancestor column mismatch", streets + "152921110,巴彦浩特镇,152921,15,1528\n", knownSet("152921000000"),
			`m.csv:2: cityCode "1528" does not match code 152921110`},
		{"parent column mismatch", streets + "152921110,巴彦浩特镇,152922,15,1529\n", knownSet("152921000000"),
			`m.csv:2: areaCode "152922" does not match code 152921110`},
		{"empty name", "code,name\n15,\"\"\n", nil,
			"m.csv:2: empty name for 15"},
		{"duplicate", "code,name\n15,内蒙古自治区\n11,北京市\n15,内蒙古\n", nil,
			"m.csv:4: duplicate code 150000000000 (first on line 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseModoodCSV("m.csv", strings.NewReader(tt.in), tt.known)
			if err == nil {
				t.Fatalf("got %v, nil error, want error %q", got, tt.want)
			}
			if got != nil {
				t.Errorf("got %d regions with the error, want none", len(got))
			}
			if err.Error() != tt.want {
				t.Errorf("got %q, want %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseFileDetects(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Region
		wantErr string
	}{
		{"division", divHeader + "150000000000,内蒙古自治区,1,,x\n", []Region{
			{Code: "150000000000", Name: "内蒙古自治区", Level: 1},
		}, ""},
		{"modood", "code,name\n15,内蒙古自治区\n", []Region{
			{Code: "150000000000", Name: "内蒙古自治区", Level: 1},
		}, ""},
		{"neither", "id,title\n1,x\n", nil,
			`x.csv:1: unrecognised header "id,title": want "code12,name,level,parent_code12,source" or an NBS (modood) header`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFile("x.csv", strings.NewReader(tt.in), nil)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseReadError(t *testing.T) {
	_, err := ParseFile("x.csv", failingReader{}, nil)
	if err == nil || err.Error() != "x.csv: read: disk on fire" {
		t.Fatalf("got %v, want %q", err, "x.csv: read: disk on fire")
	}
}
