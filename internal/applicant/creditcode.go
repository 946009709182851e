package applicant

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"tongban/internal/fault"
)

// ccChars is the alphabet of a unified social credit code (GB 32100-2015 §4):
// the digits and the upper-case Latin letters without I, O, Z, S and V, which
// are too easily confused with 1, 0, 2, 5 and U. A character's index is its
// value in the check-character computation.
const ccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// ccWeights are the weights 3^(i) mod 31 of characters 1–17.
var ccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714-1997 weights of the 8 body characters of an
// organisation code, which occupies characters 9–17 of a credit code.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// entityTypes lists, per registration authority (character 1), the entity
// types (character 2) GB 32100-2015 Appendix A and its amendments assign.
var entityTypes = map[byte]struct {
	authority string
	types     map[byte]string
}{
	'1': {"机构编制", map[byte]string{'1': "机关", '2': "事业单位", '3': "中央编办直接管理机构编制的群众团体", '9': "其他"}},
	'2': {"外交", map[byte]string{'1': "外国常驻新闻机构", '9': "其他"}},
	'3': {"司法行政", map[byte]string{'1': "律师执业机构", '2': "公证处", '3': "基层法律服务所", '4': "司法鉴定机构", '5': "仲裁委员会", '9': "其他"}},
	'4': {"文化", map[byte]string{'1': "外国在华文化中心", '9': "其他"}},
	'5': {"民政", map[byte]string{'1': "社会团体", '2': "民办非企业单位", '3': "基金会", '9': "其他"}},
	'6': {"旅游", map[byte]string{'1': "外国旅游部门常驻代表机构", '2': "港澳台地区旅游部门常驻内地（大陆）代表机构", '9': "其他"}},
	'7': {"宗教", map[byte]string{'1': "宗教活动场所", '2': "宗教院校", '9': "其他"}},
	'8': {"工会", map[byte]string{'1': "基层工会", '9': "其他"}},
	'9': {"工商", map[byte]string{'1': "企业", '2': "个体工商户", '3': "农民专业合作社"}},
	'A': {"中央军委改革和编制办公室", map[byte]string{'1': "军队事业单位", '9': "其他"}},
	'N': {"农业", map[byte]string{'1': "组级集体经济组织", '2': "村级集体经济组织", '3': "乡镇级集体经济组织", '9': "其他"}},
	'Y': {"其他", map[byte]string{'1': "其他"}},
}

// authorities is the sorted list of valid first characters, for messages.
const authorities = "1 2 3 4 5 6 7 8 9 A N Y"

// ValidateCreditCode checks an 18-character unified social credit code
// (统一社会信用代码, GB 32100-2015): the alphabet; the registration authority
// (character 1) and an entity type it defines (character 2); a 6-digit area
// code in characters 3–8 whose first two digits are a GB/T 2260 province or
// 10 (organisations registered nationally); the organisation code in
// characters 9–17 with its own GB 11714 check character (17); and the check
// character 18 (weights 3^i mod 31).
//
// Like ValidateResidentID it reports the first problem, checking structure
// before check characters so that a typing error is reported where it was
// made.
func ValidateCreditCode(s string) error {
	r := []rune(s)
	if len(r) != 18 {
		return ccError("applicant.credit_code.length", map[string]any{"len": len(r)},
			"length is %d, must be 18", len(r))
	}
	for i, c := range r {
		switch {
		case c >= 'a' && c <= 'z':
			return ccError("applicant.credit_code.case", map[string]any{"pos": i + 1, "got": string(c)},
				"character %d is %s, letters must be upper-case", i+1, strconv.QuoteRune(c))
		case c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V':
			return ccError("applicant.credit_code.letter", map[string]any{"pos": i + 1, "got": string(c)},
				"character %d is %s, the letters I, O, Z, S and V are not used in credit codes", i+1, strconv.QuoteRune(c))
		case c > 0x7f || strings.IndexByte(ccChars, byte(c)) < 0:
			return ccError("applicant.credit_code.char", map[string]any{"pos": i + 1, "got": string(c)},
				"character %d is %s, must be a digit or one of A-H J-N P-R T-U W-Y", i+1, strconv.QuoteRune(c))
		}
	}
	code := string(r)
	auth, ok := entityTypes[code[0]]
	if !ok {
		return ccError("applicant.credit_code.authority", map[string]any{"pos": 1, "got": code[:1]},
			"character 1 is '%c', not a registration authority code (%s)", code[0], authorities)
	}
	if _, ok := auth.types[code[1]]; !ok {
		return ccError("applicant.credit_code.type", map[string]any{"pos": 2, "got": code[1:2], "authority": code[:1]},
			"character 2 is '%c', not an entity type of registration authority '%c' (%s: %s)",
			code[1], code[0], auth.authority, typeList(auth.types))
	}
	for i := 2; i < 8; i++ {
		if !isDigit(rune(code[i])) {
			return ccError("applicant.credit_code.area_digit", map[string]any{"pos": i + 1, "got": code[i : i+1]},
				"character %d is '%c', the area code in characters 3-8 must be digits", i+1, code[i])
		}
	}
	if p := atoi(code[2:4]); p != 10 && provinces[p] == "" {
		return ccError("applicant.credit_code.area", map[string]any{"pos": 3, "got": code[2:8]},
			"characters 3-8 are '%s', not an area code (the first two digits must be a GB/T 2260 province or 10)", code[2:8])
	}
	if want := orgCheck(code[8:16]); code[16] != want {
		return ccError("applicant.credit_code.org_check", map[string]any{"pos": 17, "got": code[16:17], "want": string(want)},
			"character 17 is '%c', the organisation code check character (GB 11714) must be '%c'", code[16], want)
	}
	if want := ccCheck(code[:17]); code[17] != want {
		return ccError("applicant.credit_code.check", map[string]any{"pos": 18, "got": code[17:18], "want": string(want)},
			"character 18 is '%c', the check character must be '%c'", code[17], want)
	}
	return nil
}

// NormalizeCreditCode prepares typed input for validation the same way as
// NormalizeResidentID: no spaces, ASCII, upper case.
func NormalizeCreditCode(s string) string { return normalize(s) }

// ccCheck computes character 18 from characters 1–17 (all in ccChars).
func ccCheck(c17 string) byte {
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(ccChars, c17[i]) * ccWeights[i]
	}
	return ccChars[(31-sum%31)%31]
}

// orgCheck computes the GB 11714 check character of an 8-character
// organisation code body. GB 11714 values letters A–Z as 10–35 over the full
// alphabet, unlike the credit code's own 31-character alphabet.
func orgCheck(body string) byte {
	sum := 0
	for i := range 8 {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

func typeList(types map[byte]string) string {
	var parts []string
	for _, k := range []byte("123456789") {
		if name, ok := types[k]; ok {
			parts = append(parts, string(k)+" "+name)
		}
	}
	return strings.Join(parts, ", ")
}

func ccError(key string, args map[string]any, format string, a ...any) *fault.Error {
	return fault.Invalidf("credit_code", format, a...).WithKey(key, args)
}

// GenerateCreditCode returns a valid unified social credit code for demo and
// test data: area is a 6-digit area code; most codes are enterprises (91),
// some individual businesses (92), cooperatives (93), social organisations
// (51) and public institutions (12), roughly as registers hold them. It
// panics on a bad area code, a programming error in the caller.
func GenerateCreditCode(r *rand.Rand, area string) string {
	if len(area) != 6 || strings.Trim(area, "0123456789") != "" || (atoi(area[:2]) != 10 && provinces[atoi(area[:2])] == "") {
		panic("applicant: GenerateCreditCode: bad area code " + strconv.Quote(area))
	}
	prefix := "91"
	switch n := r.IntN(20); {
	case n < 2:
		prefix = "92"
	case n < 3:
		prefix = "93"
	case n < 4:
		prefix = "51"
	case n < 5:
		prefix = "12"
	}
	var body [8]byte
	for i := range body {
		body[i] = ccChars[r.IntN(len(ccChars))]
	}
	c17 := prefix + area + string(body[:]) + string(orgCheck(string(body[:])))
	return c17 + string(ccCheck(c17))
}
