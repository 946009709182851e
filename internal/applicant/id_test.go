package applicant

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"tongban/internal/fault"
)

var testToday = time.Date(2026, 11, 26, 10, 0, 0, 0, chinaTime)

// refIDCheck is an independent implementation of ISO 7064 MOD 11-2 as GB
// 11643 states it: weights 2^(18-i) mod 11 for i = 1..17, and the check
// character a1 with (sum + a1) ≡ 1 (mod 11), where X stands for 10.
func refIDCheck(d17 string) string {
	sum := 0
	for i := 1; i <= 17; i++ {
		w := 1
		for range 18 - i {
			w = w * 2 % 11
		}
		sum += int(d17[i-1]-'0') * w
	}
	for a := 0; a <= 10; a++ {
		if (sum+a)%11 == 1 {
			if a == 10 {
				return "X"
			}
			return string(rune('0' + a))
		}
	}
	panic("unreachable")
}

func withIDCheck(d17 string) string { return d17 + refIDCheck(d17) }

func TestValidateResidentIDValid(t *testing.T) {
	for _, id := range []string{
		"11010519491231002X", // the GB 11643 example
		withIDCheck("15292119900101001"),
		withIDCheck("15292220000229004"), // leap day
		withIDCheck("15292319000101001"), // earliest plausible year
		withIDCheck("82000020261126001"), // born today, Macao
		withIDCheck("71010019800615123"),
	} {
		t.Run(id, func(t *testing.T) {
			if err := ValidateResidentIDOn(id, testToday); err != nil {
				t.Errorf("got %v, want valid", err)
			}
		})
	}
}

func TestValidateResidentIDInvalid(t *testing.T) {
	tests := []struct {
		name, id, key, msg string
		pos                int
	}{
		{"empty", "", "applicant.id.length", "length is 0, must be 18", 0},
		{"17 chars", "11010519491231002", "applicant.id.length", "length is 17, must be 18", 0},
		{"19 chars", "11010519491231002X1", "applicant.id.length", "length is 19, must be 18", 0},
		{"letter at 5", "1101A519491231002X", "applicant.id.digit", "character 5 is 'A', must be a digit", 5},
		{"letter at 1", "X1010519491231002X", "applicant.id.digit", "character 1 is 'X', must be a digit", 1},
		{"X at 17", "1101051949123100XX", "applicant.id.digit", "character 17 is 'X', must be a digit", 17},
		{"han character", "110105中9491231002X", "applicant.id.digit", "character 7 is '中', must be a digit", 7},
		{"full-width digit", "１10105194912310021", "applicant.id.digit", "character 1 is '１', must be a digit", 1},
		{"lower-case x", "11010519491231002x", "applicant.id.check_case", "character 18 is 'x', the check character X must be upper-case", 18},
		{"letter check", "11010519491231002Y", "applicant.id.check_char", "character 18 is 'Y', must be a digit or 'X'", 18},
		{"wrong check", "110105194912310023", "applicant.id.check", "character 18 is '3', the check character must be 'X'", 18},
		{"wrong check X", withIDCheck("15292119900101001")[:17] + "X", "applicant.id.check", "character 18 is 'X', the check character must be '", 18},
		{"swapped digits", "11010519491231200X", "applicant.id.check", "the check character must be", 18},
		{"province 00", withIDCheck("00010519491231002"), "applicant.id.province", "characters 1-2 are '00'", 1},
		{"province 16", withIDCheck("16010519491231002"), "applicant.id.province", "characters 1-2 are '16'", 1},
		{"province 83", withIDCheck("83000019491231002"), "applicant.id.province", "characters 1-2 are '83'", 1},
		{"province 99", withIDCheck("99010519491231002"), "applicant.id.province", "not a province code", 1},
		{"prefecture 00", withIDCheck("15000019491231002"), "applicant.id.prefecture", "characters 3-4 are '00'", 3},
		{"31 February", withIDCheck("11010519990231002"), "applicant.id.birth_invalid", "birth date 19990231 does not exist", 7},
		{"29 February 2001", withIDCheck("11010520010229002"), "applicant.id.birth_invalid", "birth date 20010229 does not exist", 7},
		{"month 13", withIDCheck("11010519991301002"), "applicant.id.birth_invalid", "birth date 19991301 does not exist", 7},
		{"day 00", withIDCheck("11010519990100002"), "applicant.id.birth_invalid", "birth date 19990100 does not exist", 7},
		{"tomorrow", withIDCheck("11010520261127002"), "applicant.id.birth_future", "birth date 20261127 is in the future", 7},
		{"2030", withIDCheck("11010520300101002"), "applicant.id.birth_future", "is in the future", 7},
		{"1899", withIDCheck("11010518991231002"), "applicant.id.birth_early", "birth date 18991231 is before 1900", 7},
		{"year 0000", withIDCheck("11010500000101002"), "applicant.id.birth_early", "birth date 00000101 is before 1900", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateResidentIDOn(tt.id, testToday)
			fe := fault.As(err)
			if fe == nil {
				t.Fatalf("got %v, want a *fault.Error", err)
			}
			if fe.Code != fault.Invalid || fe.Field != "id_number" {
				t.Errorf("got code %s field %q, want invalid id_number", fe.Code, fe.Field)
			}
			if fe.Key != tt.key {
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

func TestValidateResidentIDCheckArgs(t *testing.T) {
	fe := fault.As(ValidateResidentIDOn("110105194912310023", testToday))
	want := map[string]any{"pos": 18, "got": "3", "want": "X"}
	for k, v := range want {
		if fe.Args[k] != v {
			t.Errorf("Args[%q]: got %v, want %v", k, fe.Args[k], v)
		}
	}
}

// TestEverySingleDigitErrorIsCaught changes each of the 17 digits of a valid
// number to every other digit: MOD 11-2 detects every single substitution,
// whatever the first failing rule is.
func TestEverySingleDigitErrorIsCaught(t *testing.T) {
	valid := withIDCheck("15292119851016303")
	for i := range 17 {
		for d := byte('0'); d <= '9'; d++ {
			if valid[i] == d {
				continue
			}
			b := []byte(valid)
			b[i] = d
			if err := ValidateResidentIDOn(string(b), testToday); err == nil {
				t.Errorf("%s (digit %d changed to %c): got valid, want an error", b, i+1, d)
			}
		}
	}
}

func TestNormalizeResidentID(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 110105 19491231 002x ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"11010519491231002X", "11010519491231002X"},
	}
	for _, tt := range tests {
		if got := NormalizeResidentID(tt.in); got != tt.want {
			t.Errorf("NormalizeResidentID(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	if err := ValidateResidentIDOn(NormalizeResidentID(" 110105 19491231 002x"), testToday); err != nil {
		t.Errorf("normalised number: got %v, want valid", err)
	}
}

func TestGenerateResidentID(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	areas := []string{"152921", "152922", "152923", "152971", "110105", "820000"}
	for i := range 2000 {
		birth := time.Date(1930+i%95, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, chinaTime)
		id := GenerateResidentID(r, areas[i%len(areas)], birth)
		if err := ValidateResidentIDOn(id, testToday); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if refIDCheck(id[:17]) != id[17:] {
			t.Fatalf("%s: check character differs from the reference implementation", id)
		}
		if id[6:14] != birth.Format("20060102") || id[:6] != areas[i%len(areas)] {
			t.Fatalf("%s: area or birth date not as asked", id)
		}
	}
	a := GenerateResidentID(rand.New(rand.NewPCG(7, 7)), "152921", testToday)
	b := GenerateResidentID(rand.New(rand.NewPCG(7, 7)), "152921", testToday)
	if a != b {
		t.Errorf("same seed: got %s and %s, want equal", a, b)
	}
}

func TestGenerateResidentIDPanicsOnBadArea(t *testing.T) {
	for _, area := range []string{"", "15292", "99xxxx", "990000", "15292X", "150000"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("area %q: got no panic, want one", area)
				}
			}()
			GenerateResidentID(rand.New(rand.NewPCG(1, 1)), area, testToday)
		}()
	}
}

func FuzzValidateResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "", "110105194912310023", "１１０", "\x00\xff", withIDCheck("15292119900101001"), "11010519990231002X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateResidentIDOn(s, testToday)
		if err == nil {
			// Whatever passes must really be a well-formed number.
			if len(s) != 18 || strings.Trim(s[:17], "0123456789") != "" || refIDCheck(s[:17]) != s[17:] {
				t.Fatalf("%q accepted but not well-formed", s)
			}
			return
		}
		if fe := fault.As(err); fe == nil || fe.Code != fault.Invalid || fe.Field != "id_number" || fe.Key == "" {
			t.Fatalf("%q: got %#v, want an invalid id_number fault with a key", s, err)
		}
		_ = ValidateResidentIDOn(NormalizeResidentID(s), testToday)
	})
}
