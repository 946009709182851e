package applicant

import (
	"math/rand/v2"
	"strings"
	"testing"

	"tongban/internal/fault"
)

// refAlphabet is the GB 32100 alphabet written out independently: digits,
// then the letters A–Y without I, O, S, V and Z.
func refAlphabet() map[byte]int {
	vals := map[byte]int{}
	n := 0
	for c := byte('0'); c <= '9'; c++ {
		vals[c] = n
		n++
	}
	for c := byte('A'); c <= 'Y'; c++ {
		if strings.IndexByte("IOSV", c) >= 0 {
			continue
		}
		vals[c] = n
		n++
	}
	return vals
}

// refCCCheck computes character 18 with weights 3^(i-1) mod 31.
func refCCCheck(c17 string) string {
	vals := refAlphabet()
	sum, w := 0, 1
	for i := range 17 {
		sum += vals[c17[i]] * w
		w = w * 3 % 31
	}
	want := (31 - sum%31) % 31
	for c, v := range vals {
		if v == want {
			return string(c)
		}
	}
	panic("unreachable")
}

// refOrgCheck computes the GB 11714 check of an 8-character body.
func refOrgCheck(body string) string {
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 8 {
		v := strings.IndexByte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", body[i])
		sum += v * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return "X"
	case 11:
		return "0"
	default:
		return string(rune('0' + c))
	}
}

// cc builds a code with correct check characters from its first 16.
func cc(first16 string) string {
	c17 := first16 + refOrgCheck(first16[8:16])
	return c17 + refCCCheck(c17)
}

func TestValidateCreditCodeValid(t *testing.T) {
	for _, code := range []string{
		"91350100M000100Y43", // the public sample code
		cc("9115292906085612"),
		cc("9215292211111111"),
		cc("9315292300000000"),
		cc("5215290012345678"),
		cc("1210000040000000"), // registered nationally (area 100000)
		cc("Y115292900000000"),
		cc("N215292100000000"),
		cc("31152900ABCDEFGH"),
	} {
		t.Run(code, func(t *testing.T) {
			if err := ValidateCreditCode(code); err != nil {
				t.Errorf("got %v, want valid", err)
			}
		})
	}
}

func TestValidateCreditCodeInvalid(t *testing.T) {
	valid := "91350100M000100Y43"
	tests := []struct {
		name, code, key, msg string
		pos                  int
	}{
		{"empty", "", "applicant.credit_code.length", "length is 0, must be 18", 0},
		{"17 chars", valid[:17], "applicant.credit_code.length", "length is 17, must be 18", 0},
		{"lower case", "91350100m000100Y43", "applicant.credit_code.case", "character 9 is 'm', letters must be upper-case", 9},
		{"letter I", "91350100I000100Y43", "applicant.credit_code.letter", "character 9 is 'I', the letters I, O, Z, S and V are not used", 9},
		{"letter O", "9135010OM000100Y43", "applicant.credit_code.letter", "character 8 is 'O'", 8},
		{"letter Z", "91350100M000100Z43", "applicant.credit_code.letter", "character 16 is 'Z'", 16},
		{"letter S", "S1350100M000100Y43", "applicant.credit_code.letter", "character 1 is 'S'", 1},
		{"letter V", "91350100M000100Y4V", "applicant.credit_code.letter", "character 18 is 'V'", 18},
		{"punctuation", "91350100M000-00Y43", "applicant.credit_code.char", "character 13 is '-', must be a digit or one of A-H J-N P-R T-U W-Y", 13},
		{"han", "91350100M000100中43"[:16] + "Y43", "applicant.credit_code", "", 0},
		{"authority 0", cc("0135010012345678"), "applicant.credit_code.authority", "character 1 is '0', not a registration authority code", 1},
		{"authority B", cc("B135010012345678"), "applicant.credit_code.authority", "character 1 is 'B'", 1},
		{"type 4 of 9", cc("9435010012345678"), "applicant.credit_code.type", "character 2 is '4', not an entity type of registration authority '9'", 2},
		{"type 9 of 9", cc("9935010012345678"), "applicant.credit_code.type", "character 2 is '9'", 2},
		{"type 2 of Y", cc("Y235010012345678"), "applicant.credit_code.type", "registration authority 'Y'", 2},
		{"area letter", cc("913A010012345678"), "applicant.credit_code.area_digit", "character 4 is 'A', the area code in characters 3-8 must be digits", 4},
		{"area province 99", cc("9199010012345678"), "applicant.credit_code.area", "characters 3-8 are '990100'", 3},
		{"area province 00", cc("9100000012345678"), "applicant.credit_code.area", "characters 3-8 are '000000'", 3},
		{"org check", "91350100M000100Y53", "applicant.credit_code.org_check", "character 17 is '5', the organisation code check character (GB 11714) must be '4'", 17},
		{"check", "91350100M000100Y44", "applicant.credit_code.check", "character 18 is '4', the check character must be '3'", 18},
		{"check letter", "91350100M000100Y4A", "applicant.credit_code.check", "character 18 is 'A', the check character must be '3'", 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := fault.As(ValidateCreditCode(tt.code))
			if fe == nil {
				t.Fatalf("got valid, want an error")
			}
			if fe.Code != fault.Invalid || fe.Field != "credit_code" {
				t.Errorf("got code %s field %q, want invalid credit_code", fe.Code, fe.Field)
			}
			if !strings.HasPrefix(fe.Key, tt.key) {
				t.Errorf("got key %q, want %q", fe.Key, tt.key)
			}
			if !strings.Contains(fe.Message, tt.msg) {
				t.Errorf("got message %q, want it to contain %q", fe.Message, tt.msg)
			}
			if tt.pos != 0 && fe.Args["pos"] != tt.pos {
				t.Errorf("got pos %v, want %d", fe.Args["pos"], tt.pos)
			}
		})
	}
}

// TestCreditCodeSingleSubstitutions changes every character of valid codes
// to every other character of the alphabet; each change must be rejected.
func TestCreditCodeSingleSubstitutions(t *testing.T) {
	for _, valid := range []string{"91350100M000100Y43", cc("9115292906085612")} {
		for i := range 18 {
			for c := range refAlphabet() {
				if valid[i] == c {
					continue
				}
				b := []byte(valid)
				b[i] = c
				if ValidateCreditCode(string(b)) == nil {
					t.Errorf("%s (character %d changed to %c): got valid", b, i+1, c)
				}
			}
		}
	}
}

func TestGenerateCreditCode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	prefixes := map[string]int{}
	for i := range 3000 {
		area := []string{"152921", "152922", "152923", "152900", "100000"}[i%5]
		code := GenerateCreditCode(r, area)
		if err := ValidateCreditCode(code); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		if code[2:8] != area || cc(code[:16]) != code {
			t.Fatalf("%s: area or check characters differ from the reference", code)
		}
		prefixes[code[:2]]++
	}
	if prefixes["91"] < 2000 || len(prefixes) != 5 {
		t.Errorf("got prefixes %v, want mostly 91 and five kinds", prefixes)
	}
}

func FuzzValidateCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "", "91350100m000100y43", "ＩＩ", cc("Y115292900000000")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateCreditCode(s)
		if err == nil {
			if len(s) != 18 || cc(s[:16]) != s {
				t.Fatalf("%q accepted but its check characters are wrong", s)
			}
			return
		}
		if fe := fault.As(err); fe == nil || fe.Field != "credit_code" || fe.Key == "" {
			t.Fatalf("%q: got %#v, want an invalid credit_code fault", s, err)
		}
	})
}
