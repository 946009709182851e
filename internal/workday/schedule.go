package workday

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sync"
	"time"
)

// Day is one entry of an official schedule: a day off (放假) or a make-up
// working day (调休上班) on a Saturday or Sunday.
type Day struct {
	Date   Date
	Name   string // the holiday it belongs to, e.g. 春节, as published
	OffDay bool   // false marks a make-up working day
}

// Schedule is one year's official holiday schedule (节假日安排) as the State
// Council publishes it, in the holiday-cn layout. Days may include dates of
// the adjacent years, because a notice can reach across New Year: the 2019
// notice made Saturday 2018-12-29 a working day and 2018-12-30/31 days off.
// Such an entry applies to its own date, provided that year is loaded too; so
// loading year Y+1 can change late-December days of Y.
type Schedule struct {
	Year   int
	Papers []string // URLs of the State Council notices it was taken from
	Days   []Day
}

// The JSON form mirrors holiday-cn; pointers let ParseSchedule tell a missing
// field from a zero one, which matters most for isOffDay: a forgotten flag
// would otherwise turn a holiday into a working day.
type rawSchedule struct {
	Year   *int      `json:"year"`
	Papers []string  `json:"papers"`
	Days   *[]rawDay `json:"days"`
}

type rawDay struct {
	Name     *string `json:"name"`
	Date     *string `json:"date"`
	IsOffDay *bool   `json:"isOffDay"`
}

// ParseSchedule reads one schedule in the holiday-cn JSON format
// ({"year":2026,"papers":[...],"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true},...]}).
// It checks that year, days and every field of every day are present, that
// every date exists and lies in the schedule's year or an adjacent one, that
// no date is listed twice, and that every make-up working day is a Saturday or
// Sunday; errors name the entry (days[i]) and the date. Unknown fields such as
// "$schema" are ignored.
func ParseSchedule(r io.Reader) (Schedule, error) {
	dec := json.NewDecoder(r)
	var raw rawSchedule
	if err := dec.Decode(&raw); err != nil {
		return Schedule{}, invalidf(err, "schedule: decode JSON%s", jsonOffset(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Schedule{}, invalidf(nil, "schedule: unexpected data after the JSON object")
	}
	if raw.Year == nil {
		return Schedule{}, invalidf(nil, `schedule: missing "year"`)
	}
	if raw.Days == nil {
		return Schedule{}, invalidf(nil, `schedule %d: missing "days"`, *raw.Year)
	}
	s := Schedule{Year: *raw.Year, Papers: raw.Papers, Days: make([]Day, 0, len(*raw.Days))}
	for i, rd := range *raw.Days {
		switch {
		case rd.Date == nil:
			return Schedule{}, invalidf(nil, `schedule %d: days[%d]: missing "date"`, s.Year, i)
		case rd.Name == nil:
			return Schedule{}, invalidf(nil, `schedule %d: days[%d] (%s): missing "name"`, s.Year, i, *rd.Date)
		case rd.IsOffDay == nil:
			return Schedule{}, invalidf(nil, `schedule %d: days[%d] (%s): missing "isOffDay"`, s.Year, i, *rd.Date)
		}
		d, err := ParseDate(*rd.Date)
		if err != nil {
			return Schedule{}, invalidf(err, "schedule %d: days[%d]", s.Year, i)
		}
		s.Days = append(s.Days, Day{Date: d, Name: *rd.Name, OffDay: *rd.IsOffDay})
	}
	if err := s.validate(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}

func jsonOffset(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf(" at byte %d", se.Offset)
	}
	return ""
}

// validate checks what ParseSchedule checks, for schedules built in code
// and handed to New.
func (s Schedule) validate() error {
	if s.Year < 1000 || s.Year > 9999 {
		return invalidf(nil, "schedule: year %d is not a four-digit year", s.Year)
	}
	seen := make(map[Date]int, len(s.Days))
	for i, d := range s.Days {
		if reason := d.Date.problem(); reason != "" {
			return invalidf(nil, "schedule %d: days[%d] (%s): %s", s.Year, i, d.Date, reason)
		}
		// Notices reach across New Year at most by a few days; anything further
		// away is a typo in the year, which would otherwise silently land in a
		// year nobody looks at.
		if d.Date.Y < s.Year-1 || d.Date.Y > s.Year+1 {
			return invalidf(nil, "schedule %d: days[%d] (%s): date is not in %d or an adjacent year", s.Year, i, d.Date, s.Year)
		}
		if j, dup := seen[d.Date]; dup {
			return invalidf(nil, "schedule %d: days[%d] (%s): date already listed at days[%d]", s.Year, i, d.Date, j)
		}
		seen[d.Date] = i
		// A make-up working day on a weekday changes nothing, so it can only be
		// a wrong date.
		if wd := d.Date.Weekday(); !d.OffDay && wd != time.Saturday && wd != time.Sunday {
			return invalidf(nil, "schedule %d: days[%d] (%s): make-up working day falls on a %s, not a weekend", s.Year, i, d.Date, wd)
		}
	}
	return nil
}

func (s Schedule) clone() Schedule {
	s.Papers = slices.Clone(s.Papers)
	s.Days = slices.Clone(s.Days)
	return s
}

// The official schedules are derived facts taken from NateScarlet/holiday-cn
// (MIT, licence file beside them), embedded so the binary works offline.
//
//go:embed holidays/*.json
var builtinFS embed.FS

var builtinSchedules = sync.OnceValue(func() []Schedule {
	names, err := fs.Glob(builtinFS, "holidays/*.json")
	if err != nil {
		panic(err)
	}
	var out []Schedule
	for _, name := range names {
		b, err := builtinFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		s, err := ParseSchedule(bytes.NewReader(b))
		if err != nil {
			// The files are fixed at build time and checked by the tests, so
			// this is a broken build, not a runtime condition.
			panic(fmt.Sprintf("workday: embedded %s: %v", name, err))
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Schedule) int { return cmpInt(a.Year, b.Year) })
	return out
})

// Builtin returns the official schedules embedded in the binary (2024, 2025
// and 2026), sorted by year. The result is a fresh copy the caller may modify.
func Builtin() []Schedule {
	src := builtinSchedules()
	out := make([]Schedule, len(src))
	for i, s := range src {
		out[i] = s.clone()
	}
	return out
}
