package workday

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustCalendar(tb testing.TB, schedules []Schedule, hours Hours) *Calendar {
	tb.Helper()
	c, err := New(schedules, hours)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// builtinCalendar is the production configuration: official 2024-2026
// schedules and the default office hours.
func builtinCalendar(tb testing.TB) *Calendar {
	tb.Helper()
	return mustCalendar(tb, Builtin(), DefaultHours())
}

func schedulesFor(years ...int) []Schedule {
	var out []Schedule
	for _, s := range Builtin() {
		if slices.Contains(years, s.Year) {
			out = append(out, s)
		}
	}
	return out
}

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// cst is a wall-clock time in Shanghai.
func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, DefaultHours().Loc)
	if err != nil {
		panic(err)
	}
	return t
}

// wantNoSchedule fails unless err reports the given year as missing.
func wantNoSchedule(t *testing.T, err error, year int) {
	t.Helper()
	var nse NoScheduleError
	if !errors.Is(err, ErrNoSchedule) || !errors.As(err, &nse) {
		t.Fatalf("got error %v, want NoScheduleError{%d}", err, year)
	}
	if nse.Year != year {
		t.Fatalf("got NoScheduleError{%d}, want NoScheduleError{%d}", nse.Year, year)
	}
}

func TestIsWorkday(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		date string
		want bool
	}{
		{"2025-03-05", true},  // ordinary Wednesday
		{"2025-03-08", false}, // ordinary Saturday
		{"2025-10-01", false}, // 国庆节
		{"2025-10-08", false}, // last day of the 2025 National Day holiday, a Wednesday
		{"2025-10-11", true},  // make-up Saturday
		{"2025-10-12", false}, // Sunday after it
		{"2025-09-28", true},  // make-up Sunday
		{"2026-01-02", false}, // 元旦, Friday
		{"2026-01-04", true},  // make-up Sunday
		{"2024-02-09", true},  // 除夕 2024 was not an official day off
		{"2024-02-10", false}, // 春节
		{"2024-02-18", true},  // make-up Sunday
		{"2026-02-23", false}, // Monday, last day of the 2026 Spring Festival holiday
		{"2026-02-24", true},
		{"2026-02-28", true}, // make-up Saturday
		{"2026-09-25", false},
		{"2024-12-31", true},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			got, err := c.IsWorkday(d(tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddDays(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-09-30", 5, "2025-10-14"}, // the DOMAIN.md example
		{"2025-09-30", 0, "2025-09-30"},
		{"2025-10-03", 0, "2025-10-03"}, // zero days returns the day even on a holiday
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-10-03", 3, "2025-10-11"}, // counting from inside the holiday
		{"2025-09-26", 1, "2025-09-28"}, // Friday to make-up Sunday
		{"2025-01-24", 1, "2025-01-26"}, // Spring Festival 2025: make-up Sunday first
		{"2025-01-26", 1, "2025-01-27"},
		{"2025-01-27", 1, "2025-02-05"}, // 01-28..02-04 off
		{"2025-02-07", 1, "2025-02-08"}, // make-up Saturday
		{"2024-02-09", 1, "2024-02-18"}, // Spring Festival 2024, make-up Sunday after it
		{"2024-02-09", 2, "2024-02-19"},
		{"2024-02-03", 1, "2024-02-04"}, // make-up Sunday before it
		{"2026-02-13", 1, "2026-02-14"}, // Spring Festival 2026: make-up Saturday
		{"2026-02-14", 1, "2026-02-24"}, // 02-15..02-23 off
		{"2026-02-24", 4, "2026-02-28"}, // make-up Saturday 02-28
		{"2024-09-30", 1, "2024-10-08"}, // National Day 2024
		{"2024-10-11", 1, "2024-10-12"}, // make-up Saturday
		{"2026-09-30", 3, "2026-10-10"}, // 10-08, 10-09, make-up Saturday 10-10
		{"2026-09-24", 1, "2026-09-28"}, // 中秋 2026: 09-25..27 off
		{"2024-12-31", 1, "2025-01-02"}, // across New Year
		{"2025-12-31", 1, "2026-01-04"}, // across New Year onto a make-up Sunday
		{"2026-12-30", 1, "2026-12-31"},
		{"2024-01-01", 251, "2024-12-31"}, // 2024 has 251 working days, 01-01 off
	}
	for _, tt := range tests {
		t.Run(tt.from+"+"+strconv.Itoa(tt.n), func(t *testing.T) {
			got, err := c.AddDays(d(tt.from), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if got != d(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddDaysErrors(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		name     string
		from     Date
		n        int
		noSched  int    // expected missing year, or 0
		contains string // for ErrInvalid
	}{
		{"past the last year", d("2026-12-31"), 1, 2027, ""},
		{"far past the last year", d("2026-01-01"), 1 << 40, 2027, ""},
		{"max int", d("2026-01-01"), int(^uint(0) >> 1), 2027, ""},
		{"start before the first year", d("2023-12-29"), 1, 2023, ""},
		{"start after the last year", d("2027-01-04"), 0, 2027, ""},
		{"negative", d("2025-06-03"), -1, 0, "working-day count -1 is negative"},
		{"impossible date", Date{2025, 2, 29}, 1, 0, "February 2025 has 28 days"},
		{"zero Date", Date{}, 1, 0, "month 0"},
		{"impossible date in a missing year", Date{2027, 2, 30}, 1, 0, "February 2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddDays(tt.from, tt.n)
			if err == nil {
				t.Fatalf("got %v, want an error", got)
			}
			if tt.noSched != 0 {
				wantNoSchedule(t, err, tt.noSched)
				return
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("got error %q, want ErrInvalid containing %q", err, tt.contains)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		from, to string
		want     int
	}{
		{"2025-09-30", "2025-10-14", 5},
		{"2025-10-14", "2025-09-30", -5},
		{"2025-09-30", "2025-09-30", 0},
		{"2025-10-01", "2025-10-08", 0},
		{"2025-09-30", "2025-10-12", 3}, // to on a Sunday counts the days before it
		// Working days per year, counted independently from the published notices.
		{"2024-01-01", "2024-12-31", 251},
		{"2024-12-31", "2025-12-31", 248},
		{"2025-12-31", "2026-12-31", 248},
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			got, err := c.Between(d(tt.from), d(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := c.Between(d("2023-12-31"), d("2024-01-02")); err == nil {
		t.Fatal("Between from 2023: got no error")
	} else {
		wantNoSchedule(t, err, 2023)
	}
	if _, err := c.Between(d("2026-12-31"), d("2027-01-04")); err == nil {
		t.Fatal("Between to 2027: got no error")
	} else {
		wantNoSchedule(t, err, 2027)
	}
}

func TestGapYear(t *testing.T) {
	c := mustCalendar(t, schedulesFor(2024, 2026), DefaultHours())
	if got, want := c.Years(), []int{2024, 2026}; !slices.Equal(got, want) {
		t.Fatalf("Years: got %v, want %v", got, want)
	}
	t.Run("IsWorkday in the gap", func(t *testing.T) {
		_, err := c.IsWorkday(d("2025-03-05"))
		wantNoSchedule(t, err, 2025)
	})
	t.Run("AddDays into the gap", func(t *testing.T) {
		_, err := c.AddDays(d("2024-12-31"), 1)
		wantNoSchedule(t, err, 2025)
	})
	t.Run("AddDays across the gap", func(t *testing.T) {
		_, err := c.AddDays(d("2024-12-31"), 400)
		wantNoSchedule(t, err, 2025)
	})
	t.Run("AddDays before the gap", func(t *testing.T) {
		got, err := c.AddDays(d("2024-12-27"), 2)
		if err != nil || got != d("2024-12-31") {
			t.Fatalf("got %v, %v, want 2024-12-31", got, err)
		}
	})
	t.Run("AddDays after the gap", func(t *testing.T) {
		got, err := c.AddDays(d("2026-09-30"), 3)
		if err != nil || got != d("2026-10-10") {
			t.Fatalf("got %v, %v, want 2026-10-10", got, err)
		}
	})
	t.Run("Between across the gap", func(t *testing.T) {
		_, err := c.Between(d("2026-06-01"), d("2024-06-01"))
		wantNoSchedule(t, err, 2025)
	})
	t.Run("WorkingTime across the gap", func(t *testing.T) {
		_, err := c.WorkingTime(cst("2024-06-03 09:00"), cst("2026-06-01 09:00"))
		wantNoSchedule(t, err, 2025)
	})
	t.Run("AddWorking into the gap", func(t *testing.T) {
		_, err := c.AddWorking(cst("2024-12-31 17:00"), 2*time.Hour)
		wantNoSchedule(t, err, 2025)
	})
	t.Run("Deadline into the gap", func(t *testing.T) {
		_, err := c.Deadline(cst("2024-12-31 17:00"), 1)
		wantNoSchedule(t, err, 2025)
	})
	t.Run("OffDays of the gap", func(t *testing.T) {
		_, _, err := c.OffDays(2025)
		wantNoSchedule(t, err, 2025)
	})
}

func TestDeadline(t *testing.T) {
	c := builtinCalendar(t)
	utc := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			panic(err)
		}
		return v
	}
	tests := []struct {
		name string
		t    time.Time
		n    int
		want time.Time
	}{
		{"DOMAIN.md example", cst("2025-09-30 10:00"), 5, cst("2025-10-14 18:00")},
		{"late evening counts the same day", cst("2025-09-30 23:59"), 5, cst("2025-10-14 18:00")},
		// 2025-09-29 15:30 UTC is still 09-29 in Shanghai; 16:30 UTC is already 09-30.
		{"local date, not UTC date (09-29)", utc("2025-09-29 15:30"), 5, cst("2025-10-13 18:00")},
		{"local date, not UTC date (09-30)", utc("2025-09-29 16:30"), 5, cst("2025-10-14 18:00")},
		{"zero days on a working day", cst("2025-09-30 10:00"), 0, cst("2025-09-30 18:00")},
		{"zero days on a holiday", cst("2025-10-03 10:00"), 0, cst("2025-10-03 18:00")},
		{"make-up Saturday", cst("2025-10-10 09:00"), 1, cst("2025-10-11 18:00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Deadline(tt.t, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Fatalf("got %v, want %v in UTC", got, tt.want.UTC())
			}
		})
	}
	if _, err := c.Deadline(cst("2025-09-30 10:00"), -1); !errors.Is(err, ErrInvalid) {
		t.Fatalf("negative n: got %v, want ErrInvalid", err)
	}
	_, err := c.Deadline(cst("2026-12-31 10:00"), 1)
	wantNoSchedule(t, err, 2027)
	// 2023-12-31 23:30 UTC is 2024-01-01 in Shanghai, so this is fine ...
	if _, err := c.Deadline(utc("2023-12-31 23:30"), 1); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	// ... while 15:30 UTC is still 2023 there.
	_, err = c.Deadline(utc("2023-12-31 15:30"), 1)
	wantNoSchedule(t, err, 2023)
}

func TestAddWorking(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		name string
		t    time.Time
		d    time.Duration
		want time.Time
	}{
		{"whole day", cst("2025-03-03 08:30"), 7 * time.Hour, cst("2025-03-03 18:00")},
		{"over lunch", cst("2025-03-03 11:00"), 2 * time.Hour, cst("2025-03-03 15:30")},
		{"from lunch", cst("2025-03-03 12:30"), time.Hour, cst("2025-03-03 15:30")},
		{"before office hours", cst("2025-03-03 06:00"), time.Hour, cst("2025-03-03 09:30")},
		{"ends exactly at a span end", cst("2025-03-03 11:00"), time.Hour, cst("2025-03-03 12:00")},
		{"over a weekend", cst("2025-03-07 17:00"), 2 * time.Hour, cst("2025-03-10 09:30")},
		{"ends at the end of the day before a holiday", cst("2025-09-30 17:00"), time.Hour, cst("2025-09-30 18:00")},
		{"over National Day", cst("2025-09-30 17:00"), time.Hour + time.Minute, cst("2025-10-09 08:31")},
		{"onto a make-up Saturday", cst("2025-10-10 17:30"), time.Hour, cst("2025-10-11 09:00")},
		{"from inside a holiday", cst("2025-10-03 10:00"), 30 * time.Minute, cst("2025-10-09 09:00")},
		{"three working days", cst("2025-09-30 08:30"), 21 * time.Hour, cst("2025-10-10 18:00")},
		{"zero", cst("2025-10-03 10:00"), 0, cst("2025-10-03 10:00")},
		{"sub-minute", cst("2025-03-03 11:59").Add(30 * time.Second), time.Minute, cst("2025-03-03 14:30").Add(30 * time.Second)},
		{"last hour of the calendar", cst("2026-12-31 17:00"), time.Hour, cst("2026-12-31 18:00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.AddWorking(tt.t, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Fatalf("got %v, want %v in UTC", got.In(tt.want.Location()), tt.want)
			}
			back, err := c.WorkingTime(tt.t, got)
			if err != nil {
				t.Fatal(err)
			}
			if back != tt.d {
				t.Fatalf("WorkingTime back: got %v, want %v", back, tt.d)
			}
		})
	}
	if _, err := c.AddWorking(cst("2025-03-03 08:30"), -time.Minute); !errors.Is(err, ErrInvalid) {
		t.Fatalf("negative duration: got %v, want ErrInvalid", err)
	}
	_, err := c.AddWorking(cst("2026-12-31 17:00"), time.Hour+time.Nanosecond)
	wantNoSchedule(t, err, 2027)
	_, err = c.AddWorking(cst("2024-06-03 17:00"), 1<<62)
	wantNoSchedule(t, err, 2027)
	_, err = c.AddWorking(cst("2023-06-05 09:00"), time.Hour)
	wantNoSchedule(t, err, 2023)
}

func TestWorkingTime(t *testing.T) {
	c := builtinCalendar(t)
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2025-09-30 17:00", "2025-10-09 09:00", 90 * time.Minute},
		{"2025-10-09 09:00", "2025-09-30 17:00", -90 * time.Minute},
		{"2025-10-02 09:00", "2025-10-03 17:00", 0},
		{"2025-03-03 12:10", "2025-03-03 14:20", 0},
		{"2025-03-03 00:00", "2025-03-04 00:00", 7 * time.Hour},
		{"2025-03-03 00:00", "2025-03-10 00:00", 35 * time.Hour},
		{"2025-10-06 00:00", "2025-10-13 00:00", 21 * time.Hour}, // 10-09, 10-10, make-up 10-11
		{"2024-01-01 00:00", "2025-01-01 00:00", 251 * 7 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			got, err := c.WorkingTime(cst(tt.from), cst(tt.to))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	_, err := c.WorkingTime(cst("2026-12-31 09:00"), cst("2027-01-04 09:00"))
	wantNoSchedule(t, err, 2027)
}

func TestOffDays(t *testing.T) {
	c := builtinCalendar(t)
	off, makeup, err := c.OffDays(2025)
	if err != nil {
		t.Fatal(err)
	}
	// 元旦 1, 春节 8, 清明 3, 劳动节 5, 端午 3, 国庆+中秋 8.
	if got, want := len(off), 28; got != want {
		t.Fatalf("off days: got %d, want %d", got, want)
	}
	var got []string
	for _, m := range makeup {
		got = append(got, m.Date.String())
	}
	want := []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}
	if !slices.Equal(got, want) {
		t.Fatalf("make-up days: got %v, want %v", got, want)
	}
	if off[0].Date != d("2025-01-01") || off[0].Name != "元旦" || !off[0].OffDay {
		t.Fatalf("first off day: got %+v, want 2025-01-01 元旦", off[0])
	}
	if !slices.IsSortedFunc(off, func(a, b Day) int { return a.Date.Compare(b.Date) }) {
		t.Fatalf("off days not sorted: %v", off)
	}
	// The caller owns the slices.
	off[0].Name = "changed"
	again, _, _ := c.OffDays(2025)
	if again[0].Name != "元旦" {
		t.Fatalf("OffDays returned shared state: got %q", again[0].Name)
	}
	_, _, err = c.OffDays(2027)
	wantNoSchedule(t, err, 2027)
}

// TestAdjacentYearEntries covers an entry published in the neighbouring
// year's notice: it applies to its own date when that year is loaded and is
// dropped otherwise.
func TestAdjacentYearEntries(t *testing.T) {
	y2025 := schedulesFor(2025)[0]
	y2026 := schedulesFor(2026)[0]
	// Pretend the 2026 notice also made Saturday 2025-12-27 a working day.
	y2026.Days = append(y2026.Days, Day{d("2025-12-27"), "元旦", false})

	both := mustCalendar(t, []Schedule{y2026, y2025}, DefaultHours())
	if got, err := both.IsWorkday(d("2025-12-27")); err != nil || !got {
		t.Fatalf("IsWorkday(2025-12-27): got %v, %v, want true", got, err)
	}
	_, makeup, _ := both.OffDays(2025)
	if last := makeup[len(makeup)-1]; last.Date != d("2025-12-27") {
		t.Fatalf("OffDays(2025) make-up: got %v, want 2025-12-27 last", makeup)
	}
	_, makeup, _ = both.OffDays(2026)
	for _, m := range makeup {
		if m.Date.Y != 2026 {
			t.Fatalf("OffDays(2026) lists %v", m.Date)
		}
	}

	only := mustCalendar(t, []Schedule{y2026}, DefaultHours())
	_, err := only.IsWorkday(d("2025-12-27"))
	wantNoSchedule(t, err, 2025)

	// Two notices that disagree about a date cannot both be right.
	y2026.Days[len(y2026.Days)-1] = Day{d("2025-12-31"), "元旦", true}
	y2025.Days = append(y2025.Days, Day{d("2025-12-31"), "元旦", false})
	if _, err := New([]Schedule{y2025, y2026}, DefaultHours()); err == nil {
		t.Fatal("conflicting schedules: got no error")
	}
}

func TestNewRejects(t *testing.T) {
	good := Builtin()
	tests := []struct {
		name      string
		schedules []Schedule
		hours     Hours
		want      string
	}{
		{"no schedules", nil, DefaultHours(), "no schedules"},
		{"duplicate year", append(Builtin(), Builtin()[1]), DefaultHours(), "two schedules for 2025"},
		{"no time zone", good, Hours{Spans: []Span{{0, 60}}}, "no time zone"},
		{"no spans", good, Hours{Loc: time.UTC}, "no working spans"},
		{"overlapping spans", good, Hours{Loc: time.UTC, Spans: []Span{{0, 60}, {30, 90}}}, "overlaps"},
		{"span past midnight", good, Hours{Loc: time.UTC, Spans: []Span{{0, 1441}}}, "outside"},
		{"bad date", []Schedule{{Year: 2025, Days: []Day{{Date{2025, 2, 29}, "x", true}}}}, DefaultHours(), "February 2025 has 28 days"},
		{"bad year", []Schedule{{Year: 0}}, DefaultHours(), "year 0"},
		{"too many years", []Schedule{{Year: 1900}, {Year: 2200}}, DefaultHours(), "more than 200 years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.schedules, tt.hours)
			if err == nil {
				t.Fatalf("got %v, want an error", c)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %q, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

// TestImmutable checks that nothing handed to New or returned by the
// Calendar can change it afterwards.
func TestImmutable(t *testing.T) {
	schedules := Builtin()
	hours := DefaultHours()
	c := mustCalendar(t, schedules, hours)
	before, _ := c.AddDays(d("2025-09-30"), 5)

	for i := range schedules {
		for j := range schedules[i].Days {
			schedules[i].Days[j].OffDay = !schedules[i].Days[j].OffDay
		}
		schedules[i].Year++
	}
	hours.Spans[1] = Span{14*60 + 30, 23 * 60}
	c.Hours().Spans[0] = Span{0, 60}
	c.Years()[0] = 1999

	after, err := c.AddDays(d("2025-09-30"), 5)
	if err != nil || after != before {
		t.Fatalf("got %v, %v, want %v", after, err, before)
	}
	if got := c.Hours().String(); got != "08:30-12:00,14:30-18:00" {
		t.Fatalf("Hours: got %v, want 08:30-12:00,14:30-18:00", got)
	}
	if got := c.Years(); !slices.Equal(got, []int{2024, 2025, 2026}) {
		t.Fatalf("Years: got %v, want [2024 2025 2026]", got)
	}
	dl, _ := c.Deadline(cst("2025-09-30 10:00"), 0)
	if !dl.Equal(cst("2025-09-30 18:00")) {
		t.Fatalf("Deadline: got %v, want 2025-09-30 18:00 CST", dl)
	}
}

// TestConcurrent runs every query from many goroutines at once; with -race it
// proves the Calendar has no mutable state after New.
func TestConcurrent(t *testing.T) {
	c := builtinCalendar(t)
	type result struct {
		add     Date
		between int
		dl, aw  time.Time
		wt      time.Duration
	}
	run := func(i int) result {
		from := Date{2024 + i%3, time.Month(1 + i%12), 1 + i%28}
		var r result
		r.add, _ = c.AddDays(from, i%90)
		r.between, _ = c.Between(from, r.add)
		t0 := time.Date(from.Y, from.M, from.D, i%24, i%60, 0, 0, c.Hours().Loc)
		r.dl, _ = c.Deadline(t0, i%20)
		r.aw, _ = c.AddWorking(t0, time.Duration(i)*time.Minute)
		r.wt, _ = c.WorkingTime(t0, r.aw)
		_, _, _ = c.OffDays(from.Y)
		_, _ = c.IsWorkday(from)
		return r
	}
	const n = 2000
	want := make([]result, n)
	for i := range want {
		want[i] = run(i)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range n {
				j := (i + g*97) % n
				if got := run(j); got != want[j] {
					errs <- "case " + strconv.Itoa(j)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent result differs from sequential: %s", e)
	}
}

// TestZeroCalendar checks that a Calendar not built by New fails cleanly
// instead of panicking: it knows no year.
func TestZeroCalendar(t *testing.T) {
	var c Calendar
	instant := cst("2025-06-03 10:00")
	_, err1 := c.AddDays(d("2025-06-03"), 1)
	_, err2 := c.Between(d("2025-06-03"), d("2025-06-04"))
	_, err3 := c.IsWorkday(d("2025-06-03"))
	_, err4 := c.Deadline(instant, 1)
	_, err5 := c.AddWorking(instant, time.Hour)
	_, err6 := c.WorkingTime(instant, instant)
	_, _, err7 := c.OffDays(2025)
	for i, err := range []error{err1, err2, err3, err4, err5, err6, err7} {
		if !errors.Is(err, ErrNoSchedule) {
			t.Errorf("operation %d: got %v, want ErrNoSchedule", i+1, err)
		}
	}
	if got := c.Years(); len(got) != 0 {
		t.Errorf("Years: got %v, want none", got)
	}
}
