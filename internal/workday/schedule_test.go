package workday

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseScheduleValid(t *testing.T) {
	in := `{"$schema":"x","year":2026,"papers":["https://www.gov.cn/x"],"days":[
		{"name":"元旦","date":"2026-01-01","isOffDay":true},
		{"name":"元旦","date":"2026-01-04","isOffDay":false},
		{"name":"元旦","date":"2025-12-27","isOffDay":false}
	]}` + "\n"
	got, err := ParseSchedule(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Schedule{Year: 2026, Papers: []string{"https://www.gov.cn/x"}, Days: []Day{
		{Date{2026, 1, 1}, "元旦", true},
		{Date{2026, 1, 4}, "元旦", false},
		{Date{2025, 12, 27}, "元旦", false},
	}}
	if got.Year != want.Year || len(got.Papers) != 1 || got.Papers[0] != want.Papers[0] || len(got.Days) != len(want.Days) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want.Days {
		if got.Days[i] != want.Days[i] {
			t.Fatalf("days[%d]: got %+v, want %+v", i, got.Days[i], want.Days[i])
		}
	}
}

func TestParseScheduleRejects(t *testing.T) {
	day := func(date string, off bool) string {
		o := "false"
		if off {
			o = "true"
		}
		return `{"name":"x","date":"` + date + `","isOffDay":` + o + `}`
	}
	tests := []struct {
		name, in string
		want     []string // substrings the error must contain
	}{
		{"not JSON", `{"year":2026,`, []string{"decode JSON"}},
		{"syntax error offset", `{"year":2026 "days":[]}`, []string{"decode JSON at byte"}},
		{"empty input", ``, []string{"decode JSON"}},
		{"trailing data", `{"year":2026,"days":[]} {}`, []string{"after the JSON object"}},
		{"year missing", `{"days":[]}`, []string{`missing "year"`}},
		{"year wrong type", `{"year":"2026","days":[]}`, []string{"decode JSON", "year"}},
		{"year not four digits", `{"year":26,"days":[]}`, []string{"year 26"}},
		{"days missing", `{"year":2026}`, []string{`schedule 2026: missing "days"`}},
		{"date missing", `{"year":2026,"days":[{"name":"x","isOffDay":true}]}`, []string{`days[0]: missing "date"`}},
		{"isOffDay missing", `{"year":2026,"days":[{"name":"x","date":"2026-01-01"}]}`, []string{`days[0] (2026-01-01): missing "isOffDay"`}},
		{"name missing", `{"year":2026,"days":[{"date":"2026-01-01","isOffDay":true}]}`, []string{`days[0] (2026-01-01): missing "name"`}},
		{"impossible date", `{"year":2025,"days":[` + day("2025-01-01", true) + `,` + day("2025-02-30", true) + `]}`,
			[]string{"days[1]", `"2025-02-30"`, "February 2025 has 28 days"}},
		{"short date", `{"year":2025,"days":[` + day("2025-1-1", true) + `]}`, []string{"days[0]", `"2025-1-1"`, "YYYY-MM-DD"}},
		{"duplicate", `{"year":2025,"days":[` + day("2025-10-01", true) + `,` + day("2025-10-02", true) + `,` + day("2025-10-01", true) + `]}`,
			[]string{"days[2] (2025-10-01)", "already listed at days[0]"}},
		{"duplicate with other flag", `{"year":2025,"days":[` + day("2025-10-11", false) + `,` + day("2025-10-11", true) + `]}`,
			[]string{"days[1] (2025-10-11)", "already listed at days[0]"}},
		{"far year", `{"year":2025,"days":[` + day("2027-01-01", true) + `]}`, []string{"days[0] (2027-01-01)", "not in 2025 or an adjacent year"}},
		{"make-up on a weekday", `{"year":2025,"days":[` + day("2025-10-09", false) + `]}`, []string{"days[0] (2025-10-09)", "Thursday"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSchedule(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("got %+v, want an error", got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("errors.Is(%v, ErrInvalid) = false, want true", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("got error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestBuiltin checks the embedded copies against the shared data files they
// were taken from, so an edit to one without the other shows up.
func TestBuiltin(t *testing.T) {
	got := Builtin()
	var years []int
	for _, s := range got {
		years = append(years, s.Year)
	}
	if len(years) != 3 || years[0] != 2024 || years[1] != 2025 || years[2] != 2026 {
		t.Fatalf("got years %v, want [2024 2025 2026]", years)
	}
	for _, s := range got {
		if len(s.Papers) == 0 || !strings.HasPrefix(s.Papers[0], "https://www.gov.cn/") {
			t.Errorf("%d: got papers %v, want a gov.cn notice", s.Year, s.Papers)
		}
		shared := filepath.Join("..", "..", "..", "shared", "data", "holidays", strconv.Itoa(s.Year)+".json")
		f, err := os.Open(shared)
		if err != nil {
			t.Logf("shared copy not available: %v", err)
			continue
		}
		want, err := ParseSchedule(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", shared, err)
		}
		if len(s.Days) != len(want.Days) {
			t.Fatalf("%d: got %d days, want %d", s.Year, len(s.Days), len(want.Days))
		}
		for i := range want.Days {
			if s.Days[i] != want.Days[i] {
				t.Errorf("%d days[%d]: got %+v, want %+v", s.Year, i, s.Days[i], want.Days[i])
			}
		}
	}
	if _, err := os.Stat("holidays/LICENSE.NateScarlet-holiday-cn.MIT"); err != nil {
		t.Errorf("licence of the embedded data: %v", err)
	}

	// Callers get copies: changing one must not change the next.
	got[0].Days[0].OffDay = !got[0].Days[0].OffDay
	got[0].Papers[0] = "changed"
	again := Builtin()
	if again[0].Days[0].OffDay == got[0].Days[0].OffDay || again[0].Papers[0] == "changed" {
		t.Fatalf("Builtin returned shared state: got %+v", again[0].Days[0])
	}
}
