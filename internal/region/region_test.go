package region

import (
	"strings"
	"testing"
)

func TestValidCode(t *testing.T) {
	tests := []struct {
		code    string
		wantErr string // substring of the error; "" for a valid code
		level   Level
		parent  string
	}{
		{"150000000000", "", LevelProvince, ""},
		{"152900000000", "", LevelPrefecture, "150000000000"},
		{"152921000000", "", LevelCounty, "152900000000"},
		{"152921110000", "", LevelTown, "152921000000"},
		{"152921110207", "", LevelVillage, "152921110000"},
		{"152921102001", "", LevelVillage, "152921102000"},
		// Towns of a prefecture without counties hang directly off the prefecture.
		{"441900003000", "", LevelTown, "441900000000"},
		{"441900003001", "", LevelVillage, "441900003000"},
		{"15292111000", "has 11 characters", 0, ""},
		{"1529211100000", "has 13 characters", 0, ""},
		{"", "has 0 characters", 0, ""},
		{"15292111000a", "not all digits", 0, ""},
		{"１５２９２１１１００００", "characters", 0, ""}, // full-width digits are not ASCII
		{"000000000000", "all zeros", 0, ""},
		{"001500000000", "empty province segment", 0, ""},
		{"150021000000", "empty prefecture segment", 0, ""},
		{"150000110000", "empty prefecture segment", 0, ""},
		{"152921000001", "empty town segment", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			err := ValidCode(tt.code)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("got %v, want error containing %q", err, tt.wantErr)
			}
			if got := LevelOfCode(tt.code); got != tt.level {
				t.Errorf("LevelOfCode: got %v, want %v", got, tt.level)
			}
			if got := ParentOfCode(tt.code); got != tt.parent {
				t.Errorf("ParentOfCode: got %q, want %q", got, tt.parent)
			}
		})
	}
}

func TestPadCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"15", "150000000000", true},
		{"1529", "152900000000", true},
		{"152921", "152921000000", true},
		{"152921110", "152921110000", true},
		{"152921110207", "152921110207", true},
		{"152", "", false},
		{"00", "", false},
		{"15x9", "", false},
	}
	for _, tt := range tests {
		got, err := PadCode(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("PadCode(%q): got %q, %v, want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestLevelString(t *testing.T) {
	tests := []struct {
		l    Level
		want string
	}{
		{LevelProvince, "province"},
		{LevelPrefecture, "prefecture"},
		{LevelCounty, "county"},
		{LevelTown, "town"},
		{LevelVillage, "village"},
		{0, "Level(0)"},
		{6, "Level(6)"},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("Level(%d).String(): got %q, want %q", int(tt.l), got, tt.want)
		}
	}
}
