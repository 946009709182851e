// Package applicant verifies who an applicant is and keeps what they have
// already handed in: the 18-digit resident identity number of a person (居民身份证号码,
// GB 11643), the 18-character unified social credit code of an organisation
// (统一社会信用代码, GB 32100), and the applicant's material library (材料库), from
// which an application reuses documents instead of asking for them again
// (一套资料, once-only).
//
// Validation errors are *fault.Error values with Code Invalid, the field name,
// an English message that names the 1-based character position and what is
// wrong with it, and a translation key with arguments for the UI, so a clerk
// or citizen sees exactly which character to fix.
package applicant

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"tongban/internal/fault"
)

// chinaTime is UTC+8 without a tz database: China has had no daylight saving
// since 1991, and a fixed zone keeps validation working in minimal containers
// that ship no zoneinfo.
var chinaTime = time.FixedZone("CST", 8*3600)

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the first 17
// digits of a resident ID (GB 11643-1999 §7).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps (sum mod 11) to the check character.
const idCheckChars = "10X98765432"

// provinces are the province-level codes of GB/T 2260 (the first two digits of
// every area code): 11–15 North, 21–23 North-east, 31–37 East, 41–46
// Central-South, 50–54 South-west, 61–65 North-west, 71 Taiwan, 81–82 Hong Kong
// and Macao. 83 (residence permits of Taiwan residents) is not a GB/T 2260
// province and is deliberately not accepted here.
var provinces = map[int]string{
	11: "北京", 12: "天津", 13: "河北", 14: "山西", 15: "内蒙古",
	21: "辽宁", 22: "吉林", 23: "黑龙江",
	31: "上海", 32: "江苏", 33: "浙江", 34: "安徽", 35: "福建", 36: "江西", 37: "山东",
	41: "河南", 42: "湖北", 43: "湖南", 44: "广东", 45: "广西", 46: "海南",
	50: "重庆", 51: "四川", 52: "贵州", 53: "云南", 54: "西藏",
	61: "陕西", 62: "甘肃", 63: "青海", 64: "宁夏", 65: "新疆",
	71: "台湾", 81: "香港", 82: "澳门",
}

// earliestBirthYear bounds plausible birth dates from below: nobody born
// earlier is alive to apply, so an earlier year is a typing error.
const earliestBirthYear = 1900

// ValidateResidentID checks an 18-character resident identity number
// (居民身份证号码, GB 11643-1999) against today's date in China.
func ValidateResidentID(s string) error { return ValidateResidentIDOn(s, time.Now()) }

// ValidateResidentIDOn checks an 18-character resident identity number as of
// the given day: 17 digits and a check character (0–9 or upper-case X) by ISO
// 7064 MOD 11-2; a GB/T 2260 province code in characters 1–2 and a non-zero
// prefecture in 3–4 (except for Hong Kong, Macao and Taiwan); a real birth date YYYYMMDD in characters 7–14 that is
// not after today and not before 1900.
//
// The area code is not looked up in the national division list on purpose: a
// number keeps the code of the county that issued it, and many of those
// counties have since been renamed, merged or abolished.
//
// It reports the first problem found, checking the length, then each
// character, then the area, birth date and check character, so that the
// message points at the cause rather than at the check character that every
// typing error also breaks.
func ValidateResidentIDOn(s string, today time.Time) error {
	r := []rune(s)
	if len(r) != 18 {
		return idError("applicant.id.length", map[string]any{"len": len(r)},
			"length is %d, must be 18", len(r))
	}
	for i := range 17 {
		if !isDigit(r[i]) {
			return idError("applicant.id.digit", map[string]any{"pos": i + 1, "got": string(r[i])},
				"character %d is %s, must be a digit", i+1, strconv.QuoteRune(r[i]))
		}
	}
	switch c := r[17]; {
	case c == 'x':
		return idError("applicant.id.check_case", map[string]any{"pos": 18, "got": "x"},
			"character 18 is 'x', the check character X must be upper-case")
	case !isDigit(c) && c != 'X':
		return idError("applicant.id.check_char", map[string]any{"pos": 18, "got": string(c)},
			"character 18 is %s, must be a digit or 'X'", strconv.QuoteRune(c))
	}
	digits := string(r)
	if p := atoi(digits[0:2]); provinces[p] == "" {
		return idError("applicant.id.province", map[string]any{"pos": 1, "got": digits[0:2]},
			"characters 1-2 are '%s', not a province code of GB/T 2260 (11-82)", digits[0:2])
	}
	if !prefectureOK(digits[:6]) {
		return idError("applicant.id.prefecture", map[string]any{"pos": 3, "got": digits[2:4]},
			"characters 3-4 are '00', no prefecture has code 00 in GB/T 2260")
	}
	if err := checkBirth(digits[6:14], today); err != nil {
		return err
	}
	want := idCheck(digits[:17])
	if got := r[17]; got != want {
		return idError("applicant.id.check", map[string]any{"pos": 18, "got": string(got), "want": string(want)},
			"character 18 is '%c', the check character must be '%c'", got, want)
	}
	return nil
}

// prefectureOK rejects a province code without a prefecture (xx00..): a
// mainland number is issued by a county. Residence permits of Hong Kong,
// Macao and Taiwan residents carry the bare province code (810000, 820000,
// 710000), so those provinces are exempt.
func prefectureOK(area string) bool {
	switch area[:2] {
	case "71", "81", "82":
		return true
	}
	return area[2:4] != "00"
}

func checkBirth(ymd string, today time.Time) error {
	y, m, d := atoi(ymd[0:4]), atoi(ymd[4:6]), atoi(ymd[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, chinaTime)
	args := map[string]any{"pos": 7, "date": ymd}
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return idError("applicant.id.birth_invalid", args, "birth date %s does not exist", ymd)
	}
	ty, tm, td := today.In(chinaTime).Date()
	if t.After(time.Date(ty, tm, td, 0, 0, 0, 0, chinaTime)) {
		return idError("applicant.id.birth_future", args, "birth date %s is in the future", ymd)
	}
	if y < earliestBirthYear {
		return idError("applicant.id.birth_early", args, "birth date %s is before %d", ymd, earliestBirthYear)
	}
	return nil
}

// idCheck computes the check character for 17 ASCII digits.
func idCheck(d17 string) rune {
	sum := 0
	for i := range 17 {
		sum += int(d17[i]-'0') * idWeights[i]
	}
	return rune(idCheckChars[sum%11])
}

func idError(key string, args map[string]any, format string, a ...any) *fault.Error {
	return fault.Invalidf("id_number", format, a...).WithKey(key, args)
}

// NormalizeResidentID prepares typed input for validation: it drops spaces
// (people group the digits as on the card), turns full-width digits and
// letters from a Chinese input method into ASCII and upper-cases the check
// character. It does not make an invalid number valid.
func NormalizeResidentID(s string) string { return normalize(s) }

func normalize(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == ' ' || c == '\t' || c == '\u3000' || c == '-':
			continue
		case c >= '０' && c <= '９', c >= 'Ａ' && c <= 'Ｚ', c >= 'ａ' && c <= 'ｚ':
			c = c - '０' + '0'
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// GenerateResidentID returns a valid resident identity number for demo and
// test data: area is a 6-digit area code (e.g. "152921", 阿拉善左旗), birth
// the date of birth, and a random 3-digit sequence (odd for men, even for
// women, as the standard has it) with its check character. It panics on an
// area that is not 6 digits with a valid province, since that is a
// programming error in the caller.
func GenerateResidentID(r *rand.Rand, area string, birth time.Time) string {
	if len(area) != 6 || strings.Trim(area, "0123456789") != "" || provinces[atoi(area[:2])] == "" || !prefectureOK(area) {
		panic("applicant: GenerateResidentID: bad area code " + strconv.Quote(area))
	}
	seq := 1 + r.IntN(999)
	d17 := area + birth.In(chinaTime).Format("20060102") + pad(seq, 3)
	return d17 + string(idCheck(d17))
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// atoi converts a string of ASCII digits known to be valid.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
