package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"tongban/internal/workday"
)

// stringsFlag collects a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return fmt.Sprint(*s) }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// runWorkday answers working-day questions from the built-in official
// schedules plus any --holidays files, without touching a database, so it
// works anywhere and never contends with a running server.
func runWorkday(_ context.Context, env Env, args []string) error {
	const usage = "add DATE N | between FROM TO | show YEAR"
	fs := newFlags(env, "workday", "[--holidays FILE]... "+usage,
		"add: the date that ends N working days after DATE (DATE itself not counted)\n"+
			"between: working days after FROM up to and including TO\n"+
			"show: the year's official off days and make-up working days (调休)")
	var extra stringsFlag
	fs.Var(&extra, "holidays", "an extra holiday schedule (holiday-cn JSON) beside the built-in 2024–2026 ones; repeatable")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A file for a year that is built in replaces the built-in schedule.
	byYear := map[int]workday.Schedule{}
	for _, sc := range workday.Builtin() {
		byYear[sc.Year] = sc
	}
	files, err := readSchedules(extra)
	if err != nil {
		return err
	}
	for _, sc := range files {
		byYear[sc.Year] = sc
	}
	scs := make([]workday.Schedule, 0, len(byYear))
	for _, sc := range byYear {
		scs = append(scs, sc)
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		return err
	}
	a := fs.Args()
	if len(a) == 0 {
		return usageError{"say add, between or show"}
	}
	date := func(s string) (workday.Date, error) {
		return workday.ParseDate(s)
	}
	switch {
	case a[0] == "add" && len(a) == 3:
		d, err := date(a[1])
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(a[2])
		if err != nil || n < 0 {
			return fmt.Errorf("N %q must be a whole number ≥ 0", a[2])
		}
		end, err := cal.AddDays(d, n)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, end)
	case a[0] == "between" && len(a) == 3:
		from, err := date(a[1])
		if err != nil {
			return err
		}
		to, err := date(a[2])
		if err != nil {
			return err
		}
		n, err := cal.Between(from, to)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, n)
	case a[0] == "show" && len(a) == 2:
		year, err := strconv.Atoi(a[1])
		if err != nil {
			return fmt.Errorf("YEAR %q must be a year such as 2026", a[1])
		}
		off, makeup, err := cal.OffDays(year)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%d: %d official off days, %d make-up working days\n", year, len(off), len(makeup))
		for _, d := range off {
			fmt.Fprintf(env.Stdout, "%s  off      %s (%s)\n", d.Date, d.Name, d.Date.Weekday().String()[:3])
		}
		for _, d := range makeup {
			fmt.Fprintf(env.Stdout, "%s  working  %s make-up (%s)\n", d.Date, d.Name, d.Date.Weekday().String()[:3])
		}
	default:
		return usageError{"expected " + usage}
	}
	return nil
}

// readSchedules parses holiday-schedule files; an error names the file.
func readSchedules(names []string) ([]workday.Schedule, error) {
	var scs []workday.Schedule
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc, err := workday.ParseSchedule(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		scs = append(scs, sc)
	}
	return scs, nil
}
