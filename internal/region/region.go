// Package region models China's administrative divisions (行政区划) with their official 12-digit
// statistical codes (统计用区划代码), parses the division files the platform imports, and answers
// tree queries (children, ancestors, subtree membership, search) from memory.
//
// The package is plain Go: the storage layer keeps the same rows in the database, and the
// authorisation code uses a Tree to decide whether a unit's region contains another region.
package region

import (
	"fmt"
	"strings"
)

// Level is the depth of a division in the national hierarchy, 1 (province) to 5 (village).
type Level int

// The five levels of the statistical division code.
const (
	LevelProvince   Level = 1 // 省/自治区/直辖市
	LevelPrefecture Level = 2 // 地级市/盟/州/地区
	LevelCounty     Level = 3 // 县/旗/区/县级市
	LevelTown       Level = 4 // 镇/乡/苏木/街道
	LevelVillage    Level = 5 // 村/嘎查/社区
)

// String returns a stable English key for the level ("province" … "village"). It is a key for
// logs and translation catalogs, not a user-facing label.
func (l Level) String() string {
	switch l {
	case LevelProvince:
		return "province"
	case LevelPrefecture:
		return "prefecture"
	case LevelCounty:
		return "county"
	case LevelTown:
		return "town"
	case LevelVillage:
		return "village"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Region is one administrative division.
type Region struct {
	// Code is the 12-digit statistical code; see ValidCode.
	Code string
	// Name is the official Chinese name.
	Name string
	// NameMN is the name in traditional Mongolian script. It stays empty until a translator
	// supplies it: a guessed transliteration on an official document is worse than none.
	NameMN string
	// Level is always LevelOfCode(Code).
	Level Level
	// Parent is ParentOfCode(Code), or "" for a root of the tree.
	Parent string
}

// CodeLen is the length of a statistical division code.
const CodeLen = 12

// segEnd holds the end offset of each code segment: the code reads PP CC DD TTT VVV
// (province, prefecture, county, town, village), so level L owns digits [segEnd[L-1], segEnd[L]).
var segEnd = [...]int{0, 2, 4, 6, 9, 12}

// ValidCode reports why code is not a well-formed 12-digit statistical division code, or nil.
//
// The code reads PP CC DD TTT VVV (province, prefecture, county, town, village). A division's
// level is the last non-zero segment: everything below it is zero padding, so 152921000000 is a
// county (阿拉善左旗) and 152921110000 a town (巴彦浩特镇). The rules are:
//
//   - exactly 12 ASCII digits;
//   - the province segment is not 00 (000000000000 is no division);
//   - every segment above the last non-zero one is non-zero, with one exception: the county
//     segment may be 00 under a town or village code. NBS codes the towns of the prefecture-level
//     cities that have no counties (不设区的地级市: 东莞 4419, 中山 4420, 儋州 4604) directly
//     under the city, e.g. 441900003000 东城街道 whose parent is 441900000000 东莞市. No other gap
//     occurs in the 2023 data (province-administered counties use prefecture segment 90, not 00),
//     so any other gap is a typo and rejected.
func ValidCode(code string) error {
	if len(code) != CodeLen {
		return fmt.Errorf("code %q has %d characters, want %d digits", code, len(code), CodeLen)
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return fmt.Errorf("code %q is not all digits", code)
		}
	}
	lvl := levelOfDigits(code)
	if lvl == 0 {
		return fmt.Errorf("code %q is all zeros", code)
	}
	for l := LevelProvince; l < lvl; l++ {
		if !segmentZero(code, l) {
			continue
		}
		if l == LevelCounty && lvl >= LevelTown {
			continue // town directly under a prefecture without counties
		}
		return fmt.Errorf("code %q has an empty %s segment above its %s segment", code, l, lvl)
	}
	return nil
}

// LevelOfCode returns the level implied by the code's zero padding, or 0 if ValidCode rejects it.
func LevelOfCode(code string) Level {
	if ValidCode(code) != nil {
		return 0
	}
	return levelOfDigits(code)
}

// ParentOfCode returns the code of the division directly above code: the code with its last
// non-zero segment zeroed. It returns "" for a province and for an invalid code. The parent of a
// town under a prefecture without counties is the prefecture (441900003000 → 441900000000), which
// is why a parent is not always exactly one level up.
func ParentOfCode(code string) string {
	lvl := LevelOfCode(code)
	if lvl <= LevelProvince {
		return ""
	}
	b := []byte(code)
	for i := segEnd[lvl-1]; i < CodeLen; i++ {
		b[i] = '0'
	}
	return string(b)
}

// PadCode turns a short code as published in the 2/4/6/9-digit form (15, 1529, 152921,
// 152921110) or a full 12-digit code into the 12-digit form, validating it.
func PadCode(short string) (string, error) {
	switch len(short) {
	case 2, 4, 6, 9, CodeLen:
	default:
		return "", fmt.Errorf("code %q has %d digits, want 2, 4, 6, 9 or 12", short, len(short))
	}
	code := short + strings.Repeat("0", CodeLen-len(short))
	if err := ValidCode(code); err != nil {
		return "", err
	}
	return code, nil
}

// levelOfDigits is LevelOfCode without validation; code must be 12 digits.
func levelOfDigits(code string) Level {
	for l := LevelVillage; l >= LevelProvince; l-- {
		if !segmentZero(code, l) {
			return l
		}
	}
	return 0
}

func segmentZero(code string, l Level) bool {
	for i := segEnd[l-1]; i < segEnd[l]; i++ {
		if code[i] != '0' {
			return false
		}
	}
	return true
}

// checkRegion validates one region's own fields (not whether its parent exists).
func checkRegion(r Region) error {
	if err := ValidCode(r.Code); err != nil {
		return err
	}
	if strings.TrimSpace(r.Name) == "" {
		return fmt.Errorf("region %s has an empty name", r.Code)
	}
	if want := LevelOfCode(r.Code); r.Level != want {
		return fmt.Errorf("region %s has level %d, its code says %d", r.Code, r.Level, want)
	}
	if r.Parent != "" {
		if want := ParentOfCode(r.Code); r.Parent != want {
			return fmt.Errorf("region %s has parent %q, its code says %q", r.Code, r.Parent, want)
		}
	}
	return nil
}
