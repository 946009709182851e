package workday

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string // substring of the error; "" means success
	}{
		{"2025-09-30", Date{2025, time.September, 30}, ""},
		{"2024-02-29", Date{2024, time.February, 29}, ""},
		{"2000-02-29", Date{2000, time.February, 29}, ""},
		{"0001-01-01", Date{1, time.January, 1}, ""},
		{"2025-02-29", Date{}, "February 2025 has 28 days"},
		{"2025-02-30", Date{}, "February 2025 has 28 days"},
		{"1900-02-29", Date{}, "February 1900 has 28 days"},
		{"2025-04-31", Date{}, "April 2025 has 30 days"},
		{"2025-13-01", Date{}, "month 13 out of range"},
		{"2025-00-10", Date{}, "month 0 out of range"},
		{"2025-01-00", Date{}, "day 0 out of range"},
		{"2025-2-3", Date{}, "want YYYY-MM-DD"},
		{"2025-02-3", Date{}, "want YYYY-MM-DD"},
		{"25-02-03", Date{}, "want YYYY-MM-DD"},
		{"2025/02/03", Date{}, "want YYYY-MM-DD"},
		{"2025-02-03T00:00", Date{}, "want YYYY-MM-DD"},
		{" 2025-02-03", Date{}, "want YYYY-MM-DD"},
		{"2025-+2-03", Date{}, "want YYYY-MM-DD"},
		{"２０２５-02-03", Date{}, "want YYYY-MM-DD"},
		{"", Date{}, "want YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got error %v, want %v", err, tt.want)
				}
				if got != tt.want {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				if s := got.String(); s != tt.in {
					t.Fatalf("String: got %q, want %q", s, tt.in)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %v, want error containing %q", got, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.in) {
				t.Fatalf("got error %q, want it to name %q and contain %q", err, tt.in, tt.wantErr)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("errors.Is(%v, ErrInvalid) = false, want true", err)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(doc{Date{2026, time.February, 14}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2026-02-14"}`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := back.Due, (Date{2026, time.February, 14}); got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
	if err := json.Unmarshal([]byte(`{"due":"2026-02-30"}`), &back); !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
	if _, err := json.Marshal(doc{Date{2026, time.February, 30}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("marshal invalid date: got %v, want ErrInvalid", err)
	}
}

func TestDateOf(t *testing.T) {
	sh := DefaultHours().Loc
	instant := time.Date(2025, time.September, 30, 17, 0, 0, 0, time.UTC) // 10-01 01:00 in Shanghai
	tests := []struct {
		name string
		loc  *time.Location
		want Date
	}{
		{"Shanghai", sh, Date{2025, time.October, 1}},
		{"UTC", time.UTC, Date{2025, time.September, 30}},
		{"nil means UTC", nil, Date{2025, time.September, 30}},
		{"UTC-10", time.FixedZone("", -10*3600), Date{2025, time.September, 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DateOf(instant, tt.loc); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDateWeekdayCompare(t *testing.T) {
	if got, want := (Date{2025, time.October, 11}).Weekday(), time.Saturday; got != want {
		t.Fatalf("Weekday: got %v, want %v", got, want)
	}
	tests := []struct {
		a, b Date
		want int
	}{
		{Date{2025, 1, 1}, Date{2025, 1, 1}, 0},
		{Date{2024, 12, 31}, Date{2025, 1, 1}, -1},
		{Date{2025, 2, 1}, Date{2025, 1, 31}, 1},
		{Date{2025, 1, 2}, Date{2025, 1, 3}, -1},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v): got %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	for _, d := range []Date{{}, {2025, 2, 29}, {2025, 13, 1}, {2025, 4, 31}, {2025, 1, -1}} {
		if d.Valid() {
			t.Errorf("%v.Valid(): got true, want false", d)
		}
	}
}
