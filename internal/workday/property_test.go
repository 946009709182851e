package workday

import (
	"encoding/json"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// reference is the obvious day-by-day and minute-by-minute implementation the
// indexed Calendar must agree with. It reads the embedded JSON files itself,
// with its own decoding, so a bug in ParseSchedule cannot hide in both.
type reference struct {
	loaded map[int]bool
	off    map[string]bool // date -> isOffDay, as listed
	hours  Hours

	// The minute walks ask about the same date 1440 times in a row; caching
	// the last answer keeps them fast without changing what they compute.
	lastDate time.Time
	lastWork bool
	lastErr  error
}

func newReference(tb testing.TB, hours Hours, years ...int) *reference {
	tb.Helper()
	r := &reference{loaded: map[int]bool{}, off: map[string]bool{}, hours: hours}
	for _, y := range years {
		b, err := os.ReadFile(filepath.Join("holidays", strconv.Itoa(y)+".json"))
		if err != nil {
			tb.Fatal(err)
		}
		var f struct {
			Days []struct {
				Date     string
				IsOffDay bool
			}
		}
		if err := json.Unmarshal(b, &f); err != nil {
			tb.Fatal(err)
		}
		for _, d := range f.Days {
			r.off[d.Date] = d.IsOffDay
		}
		r.loaded[y] = true
	}
	return r
}

// isWork takes a date as a UTC midnight.
func (r *reference) isWork(day time.Time) (bool, error) {
	if !r.loaded[day.Year()] {
		return false, NoScheduleError{day.Year()}
	}
	if off, ok := r.off[day.Format("2006-01-02")]; ok {
		return !off, nil
	}
	return day.Weekday() != time.Saturday && day.Weekday() != time.Sunday, nil
}

// workingAt reports whether the minute containing t is office time.
func (r *reference) workingAt(t time.Time) (bool, error) {
	lt := t.In(r.hours.Loc)
	y, m, d := lt.Date()
	if day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); !day.Equal(r.lastDate) {
		r.lastDate = day
		r.lastWork, r.lastErr = r.isWork(day)
	}
	work, err := r.lastWork, r.lastErr
	if err != nil || !work {
		return false, err
	}
	minute := lt.Hour()*60 + lt.Minute()
	for _, s := range r.hours.Spans {
		if minute >= s.Start && minute < s.End {
			return true, nil
		}
	}
	return false, nil
}

// addWorking walks t forward a minute (or the rest of one) at a time.
func (r *reference) addWorking(t time.Time, d time.Duration) (time.Time, error) {
	if _, err := r.workingAt(t); err != nil {
		return time.Time{}, err
	}
	if d == 0 {
		return t, nil
	}
	for cur, rem := t, d; ; {
		work, err := r.workingAt(cur)
		if err != nil {
			return time.Time{}, err
		}
		next := cur.Truncate(time.Minute).Add(time.Minute)
		if chunk := next.Sub(cur); work {
			if rem <= chunk {
				return cur.Add(rem), nil
			}
			rem -= chunk
		}
		cur = next
	}
}

func (r *reference) workingTime(from, to time.Time) (time.Duration, error) {
	if to.Before(from) {
		d, err := r.workingTime(to, from)
		return -d, err
	}
	for _, t := range []time.Time{from, to} {
		if _, err := r.workingAt(t); err != nil {
			return 0, err
		}
	}
	var sum time.Duration
	for cur := from; cur.Before(to); {
		work, err := r.workingAt(cur)
		if err != nil {
			return 0, err
		}
		next := cur.Truncate(time.Minute).Add(time.Minute)
		if next.After(to) {
			next = to
		}
		if work {
			sum += next.Sub(cur)
		}
		cur = next
	}
	return sum, nil
}

func sameError(got, want error) bool {
	var g, w NoScheduleError
	if errors.As(got, &g) && errors.As(want, &w) {
		return g == w
	}
	return got == nil && want == nil
}

func dateOfUTC(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// TestAddDaysBetweenExhaustive compares AddDays and Between with the
// reference for every day of the loaded years and every n up to 300, on the
// full calendar and on one with a gap year.
func TestAddDaysBetweenExhaustive(t *testing.T) {
	configs := []struct {
		name  string
		years []int
	}{
		{"2024-2026", []int{2024, 2025, 2026}},
		{"gap 2025", []int{2024, 2026}},
		{"2025 only", []int{2025}},
	}
	const maxN = 300
	for _, cfg := range configs {
		t.Run(cfg.name, func(t *testing.T) {
			c := mustCalendar(t, schedulesFor(cfg.years...), DefaultHours())
			ref := newReference(t, DefaultHours(), cfg.years...)
			checked := 0
			for start := time.Date(2023, 12, 25, 0, 0, 0, 0, time.UTC); start.Year() < 2028; start = start.AddDate(0, 0, 1) {
				from := dateOfUTC(start)
				if _, err := ref.isWork(start); err != nil {
					// Every query touching a missing year must fail with that year.
					_, gotErr := c.AddDays(from, 1)
					_, gotErr2 := c.Between(from, from)
					_, gotErr3 := c.IsWorkday(from)
					for _, g := range []error{gotErr, gotErr2, gotErr3} {
						if !sameError(g, err) {
							t.Fatalf("%v: got error %v, want %v", from, g, err)
						}
					}
					continue
				}
				// One walk forward from start yields the reference answer for
				// every n and the Between count for every later day.
				n, day := 0, start
				var walkErr error
				for n < maxN && walkErr == nil {
					day = day.AddDate(0, 0, 1)
					work, err := ref.isWork(day)
					if err != nil {
						walkErr = err
						break
					}
					to := dateOfUTC(day)
					if work {
						n++
						got, err := c.AddDays(from, n)
						if err != nil || got != to {
							t.Fatalf("AddDays(%v, %d): got %v, %v, want %v", from, n, got, err, to)
						}
					}
					if got, err := c.Between(from, to); err != nil || got != n {
						t.Fatalf("Between(%v, %v): got %v, %v, want %v", from, to, got, err, n)
					}
					if got, err := c.Between(to, from); err != nil || got != -n {
						t.Fatalf("Between(%v, %v): got %v, %v, want %v", to, from, got, err, -n)
					}
					checked++
				}
				if walkErr != nil {
					// The reference ran into a missing year before reaching maxN.
					for m := n + 1; m <= maxN; m += 1 + m/8 {
						got, err := c.AddDays(from, m)
						if !sameError(err, walkErr) {
							t.Fatalf("AddDays(%v, %d): got %v, %v, want error %v", from, m, got, err, walkErr)
						}
					}
				}
				if got, err := c.AddDays(from, 0); err != nil || got != from {
					t.Fatalf("AddDays(%v, 0): got %v, %v, want %v", from, got, err, from)
				}
			}
			if checked == 0 {
				t.Fatal("nothing checked")
			}
		})
	}
}

// TestWorkingTimeRandom compares AddWorking and WorkingTime with the
// minute-by-minute reference at random instants, in the default
// configuration and in zones and spans that stress the arithmetic: a
// daylight-saving zone (days of 23 and 25 hours), touching spans, a span
// ending at 24:00, and a zone west of UTC where the local date lags.
func TestWorkingTimeRandom(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	configs := []struct {
		name string
		spec string
		loc  *time.Location
	}{
		{"default", "08:30-12:00,14:30-18:00", DefaultHours().Loc},
		{"Berlin, touching spans, 24:00", "07:00-09:15,09:15-12:00,13:00-24:00", berlin},
		{"UTC-5, one span", "09:00-17:00", time.FixedZone("UTC-5", -5*3600)},
	}
	cases := 1000
	if testing.Short() || raceEnabled {
		cases = 100
	}
	years := []int{2024, 2025, 2026}
	for _, cfg := range configs {
		t.Run(cfg.name, func(t *testing.T) {
			hours, err := ParseHours(cfg.spec, cfg.loc)
			if err != nil {
				t.Fatal(err)
			}
			c := mustCalendar(t, schedulesFor(years...), hours)
			ref := newReference(t, hours, years...)
			rng := rand.New(rand.NewSource(20251001))
			lo := time.Date(2024, 1, 1, 0, 0, 0, 0, cfg.loc)
			hi := time.Date(2027, 1, 1, 0, 0, 0, 0, cfg.loc)
			randomInstant := func() time.Time {
				t := lo.Add(time.Duration(rng.Int63n(int64(hi.Sub(lo)/time.Minute))) * time.Minute)
				if rng.Intn(3) == 0 { // a third of the instants are not minute-aligned
					t = t.Add(time.Duration(rng.Int63n(int64(time.Minute))))
				}
				return t
			}
			var ok, failed int
			for range cases {
				start := randomInstant()
				// Up to four days of office time, which spans a week or two of
				// calendar around a long holiday.
				var d time.Duration
				switch rng.Intn(4) {
				case 0:
					d = time.Duration(rng.Intn(8*60)) * time.Minute
				case 1:
					d = time.Duration(rng.Int63n(int64(96 * time.Hour)))
				default:
					d = time.Duration(rng.Intn(96*60)) * time.Minute
				}
				got, gotErr := c.AddWorking(start, d)
				want, wantErr := ref.addWorking(start, d)
				if !sameError(gotErr, wantErr) || gotErr == nil && (!got.Equal(want) || got.Location() != time.UTC) {
					t.Fatalf("AddWorking(%v, %v): got %v, %v, want %v, %v", start, d, got.In(cfg.loc), gotErr, want.In(cfg.loc), wantErr)
				}
				if gotErr != nil {
					failed++
				} else {
					ok++
					back, err := c.WorkingTime(start, got)
					if err != nil || back != d {
						t.Fatalf("WorkingTime(%v, AddWorking(..., %v)): got %v, %v, want %v", start, d, back, err, d)
					}
				}

				// WorkingTime between two independent nearby instants, either order.
				to := start.Add(time.Duration(rng.Int63n(int64(10 * 24 * time.Hour))))
				if rng.Intn(2) == 0 {
					to = start.Add(-time.Duration(rng.Int63n(int64(10 * 24 * time.Hour))))
				}
				if to.Before(lo) || !to.Before(hi) {
					continue
				}
				gotWT, gotErr := c.WorkingTime(start, to)
				wantWT, wantErr := ref.workingTime(start, to)
				if !sameError(gotErr, wantErr) || gotWT != wantWT {
					t.Fatalf("WorkingTime(%v, %v): got %v, %v, want %v, %v", start, to, gotWT, gotErr, wantWT, wantErr)
				}
			}
			// Both outcomes must have been exercised, or the seed is useless.
			if ok == 0 || failed == 0 && !testing.Short() && !raceEnabled {
				t.Fatalf("AddWorking cases: %d succeeded, %d ran past 2026; want both", ok, failed)
			}
		})
	}
}

// TestWorkingTimeInverse checks WorkingTime(t, AddWorking(t, d)) == d for
// instants inside office hours with nanosecond offsets and durations of up to
// several weeks, far more cases than the reference can walk.
func TestWorkingTimeInverse(t *testing.T) {
	c := builtinCalendar(t)
	rng := rand.New(rand.NewSource(7))
	hours := c.Hours()
	for i := range 20000 {
		day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.Intn(1096))
		if ok, _ := c.IsWorkday(dateOfUTC(day)); !ok {
			continue
		}
		s := hours.Spans[rng.Intn(len(hours.Spans))]
		start := time.Date(day.Year(), day.Month(), day.Day(), 0, s.Start, 0, 0, hours.Loc).
			Add(time.Duration(rng.Int63n(int64(time.Duration(s.End-s.Start) * time.Minute))))
		d := time.Duration(rng.Int63n(int64(30 * 7 * time.Hour)))
		if i%10 == 0 {
			d = time.Duration(rng.Intn(3)) // the smallest steps
		}
		end, err := c.AddWorking(start, d)
		if errors.Is(err, ErrNoSchedule) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.WorkingTime(start, end)
		if err != nil || got != d {
			t.Fatalf("WorkingTime(%v, AddWorking(%v, %v) = %v): got %v, %v, want %v", start, start, d, end, got, err, d)
		}
		if back, _ := c.WorkingTime(end, start); back != -d {
			t.Fatalf("WorkingTime(%v, %v): got %v, want %v", end, start, back, -d)
		}
	}
}

// TestDeadlineMatchesAddDays ties Deadline to AddDays and the office hours
// for every day of the loaded years.
func TestDeadlineMatchesAddDays(t *testing.T) {
	c := builtinCalendar(t)
	loc := c.Hours().Loc
	for day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2027; day = day.AddDate(0, 0, 1) {
		from := dateOfUTC(day)
		for _, n := range []int{0, 1, 5, 20, 60} {
			to, errDays := c.AddDays(from, n)
			got, err := c.Deadline(time.Date(from.Y, from.M, from.D, 23, 59, 0, 0, loc), n)
			if !sameError(err, errDays) {
				t.Fatalf("Deadline(%v, %d): got error %v, want %v", from, n, err, errDays)
			}
			if err != nil {
				continue
			}
			want := time.Date(to.Y, to.M, to.D, 18, 0, 0, 0, loc)
			if !got.Equal(want) {
				t.Fatalf("Deadline(%v, %d): got %v, want %v", from, n, got.In(loc), want)
			}
		}
	}
}
