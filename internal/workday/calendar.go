// Package workday is the working-day calendar (工作日) for Chinese
// administrative deadlines: weekends and official holidays are off, make-up
// working days (调休, a Saturday or Sunday worked in exchange for a longer
// holiday) are on.
//
// "N working days after D" does not count D itself and ends with the end of
// the Nth working day after D. Deadlines given in hours count only office
// hours on working days. A year whose official schedule is not loaded is an
// error (NoScheduleError) wherever it is touched, never a silent guess.
//
// A Calendar precomputes, for every day of the loaded years, how many working
// days precede it and, for every working day, the instants of its office
// hours; queries are then table look-ups (AddDays, Between, IsWorkday) or one
// binary search (AddWorking), however many days they span.
package workday

import (
	"slices"
	"time"
)

// maxYears bounds the range a Calendar covers: instants are kept as
// time.Duration offsets from the first midnight, which reach ±292 years.
const maxYears = 200

// Calendar answers working-day questions for the years whose schedules it was
// built from. It is immutable once built and safe for concurrent use.
type Calendar struct {
	first   int    // first loaded year
	loaded  []bool // by year-first; false for gap years between loaded ones
	nextGap []int  // by year-first: the first later year without a schedule

	// Days are numbered from 0 = January 1 of first.
	monthStart []int32 // by (year-first)*12 + month-1: number of the 1st of the month
	cum        []int32 // cum[i] = working days among days 0..i-1; len days+1
	workDates  []Date  // the working days in order; index = working-day ordinal

	hours      Hours
	base       time.Time       // local midnight starting day 0
	nspan      int             // len(hours.Spans)
	bounds     []time.Duration // per working-day ordinal, per span: start, end after base
	workBefore []time.Duration // office time in working days 0..k-1; len workdays+1

	listed map[int][]Day // by year: the official entries, sorted by date
}

// New builds a Calendar from official schedules and office hours. Schedules
// must be for distinct years; the years need not be contiguous (a missing year
// in between is an error when touched). An entry dated in an adjacent year
// applies to that date if that year is loaded and is ignored otherwise, since
// the adjacent year is then unknown anyway. Two schedules that disagree about
// the same date are rejected.
func New(schedules []Schedule, hours Hours) (*Calendar, error) {
	if len(schedules) == 0 {
		return nil, invalidf(nil, "calendar: no schedules")
	}
	if reason := hours.problem(); reason != "" {
		return nil, invalidf(nil, "hours %s: %s", hours, reason)
	}
	sorted := make([]Schedule, len(schedules))
	for i, s := range schedules {
		if err := s.validate(); err != nil {
			return nil, err
		}
		sorted[i] = s
	}
	slices.SortFunc(sorted, func(a, b Schedule) int { return cmpInt(a.Year, b.Year) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Year == sorted[i-1].Year {
			return nil, invalidf(nil, "calendar: two schedules for %d", sorted[i].Year)
		}
	}
	first, last := sorted[0].Year, sorted[len(sorted)-1].Year
	if last-first >= maxYears {
		return nil, invalidf(nil, "calendar: years %d-%d span more than %d years", first, last, maxYears)
	}
	nyears := last - first + 1

	c := &Calendar{
		first:   first,
		loaded:  make([]bool, nyears),
		nextGap: make([]int, nyears),
		hours:   hours.clone(),
		nspan:   len(hours.Spans),
		listed:  make(map[int][]Day),
	}
	for _, s := range sorted {
		c.loaded[s.Year-first] = true
	}
	next := last + 1
	for yo := nyears - 1; yo >= 0; yo-- {
		c.nextGap[yo] = next
		if !c.loaded[yo] {
			next = first + yo
		}
	}

	entries, err := mergeDays(sorted, c.isLoaded)
	if err != nil {
		return nil, err
	}
	for d, e := range entries {
		c.listed[d.Y] = append(c.listed[d.Y], e.Day)
	}
	for _, days := range c.listed {
		slices.SortFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	}

	c.monthStart = make([]int32, nyears*12)
	ndays := 0
	for yo := range nyears {
		for m := time.January; m <= time.December; m++ {
			c.monthStart[yo*12+int(m)-1] = int32(ndays)
			ndays += daysIn(m, first+yo)
		}
	}

	c.cum = make([]int32, ndays+1)
	weekday := time.Date(first, 1, 1, 12, 0, 0, 0, time.UTC).Weekday()
	i := 0
	for yo := range nyears {
		for m := time.January; m <= time.December; m++ {
			for d := 1; d <= daysIn(m, first+yo); d++ {
				date := Date{first + yo, m, d}
				work := false
				if c.loaded[yo] {
					work = weekday != time.Saturday && weekday != time.Sunday
					if e, ok := entries[date]; ok {
						work = !e.OffDay
					}
				}
				c.cum[i+1] = c.cum[i]
				if work {
					c.cum[i+1]++
					c.workDates = append(c.workDates, date)
				}
				weekday = (weekday + 1) % 7
				i++
			}
		}
	}

	c.base = time.Date(first, 1, 1, 0, 0, 0, 0, hours.Loc)
	c.bounds = make([]time.Duration, 0, 2*c.nspan*len(c.workDates))
	c.workBefore = make([]time.Duration, 1, len(c.workDates)+1)
	for _, d := range c.workDates {
		var total, prevEnd time.Duration
		for j, s := range hours.Spans {
			start := time.Date(d.Y, d.M, d.D, 0, s.Start, 0, 0, hours.Loc).Sub(c.base)
			end := time.Date(d.Y, d.M, d.D, 0, s.End, 0, 0, hours.Loc).Sub(c.base)
			// Only a daylight-saving jump inside office hours can make wall-clock
			// boundaries run backwards; clamping keeps the spans ordered so the
			// searches below stay valid.
			if j > 0 && start < prevEnd {
				start = prevEnd
			}
			if end < start {
				end = start
			}
			c.bounds = append(c.bounds, start, end)
			total += end - start
			prevEnd = end
		}
		c.workBefore = append(c.workBefore, c.workBefore[len(c.workBefore)-1]+total)
	}
	return c, nil
}

type mergedDay struct {
	Day
	from int // year of the schedule the entry was taken from
}

// mergeDays collects the entries of all schedules by date, keeping only dates
// in loaded years.
func mergeDays(sorted []Schedule, loaded func(year int) bool) (map[Date]mergedDay, error) {
	entries := make(map[Date]mergedDay)
	for _, s := range sorted {
		for _, d := range s.Days {
			if !loaded(d.Date.Y) {
				continue
			}
			prev, ok := entries[d.Date]
			switch {
			case !ok:
				entries[d.Date] = mergedDay{d, s.Year}
			case prev.OffDay != d.OffDay:
				return nil, invalidf(nil, "calendar: schedules %d and %d disagree about %s (off day: %t vs %t)",
					prev.from, s.Year, d.Date, prev.OffDay, d.OffDay)
			case s.Year == d.Date.Y:
				// The date's own year names it as the public knows it.
				entries[d.Date] = mergedDay{d, s.Year}
			}
		}
	}
	return entries, nil
}

func (c *Calendar) isLoaded(year int) bool {
	yo := year - c.first
	return yo >= 0 && yo < len(c.loaded) && c.loaded[yo]
}

// Years returns the years with a loaded schedule, in ascending order.
func (c *Calendar) Years() []int {
	var ys []int
	for yo, ok := range c.loaded {
		if ok {
			ys = append(ys, c.first+yo)
		}
	}
	return ys
}

// Hours returns the office hours the calendar uses (a copy).
func (c *Calendar) Hours() Hours { return c.hours.clone() }

// index returns the day number of d and its year offset.
func (c *Calendar) index(d Date) (i, yo int, err error) {
	if !d.valid() {
		return 0, 0, invalidDate(d)
	}
	yo = d.Y - c.first
	if uint(yo) >= uint(len(c.loaded)) || !c.loaded[yo] {
		return 0, 0, NoScheduleError{d.Y}
	}
	return int(c.monthStart[yo*12+int(d.M)-1]) + d.D - 1, yo, nil
}

func invalidDate(d Date) error {
	return invalidf(nil, "date %s: %s", d, d.problem())
}

func negativeCount(n int) error {
	return invalidf(nil, "working-day count %d is negative", n)
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	i, _, err := c.index(d)
	if err != nil {
		return false, err
	}
	return c.cum[i+1] != c.cum[i], nil
}

// ordinal returns the working-day ordinal of the nth (n >= 1) working day
// after day i of year offset yo.
func (c *Calendar) ordinal(i, yo, n int) (int, error) {
	// Comparing n first keeps the sum below from overflowing.
	if n > len(c.workDates) {
		return 0, NoScheduleError{c.nextGap[yo]}
	}
	k := int(c.cum[i+1]) + n - 1
	// Gap-year days count as off in cum, so a count that runs through a gap
	// lands beyond it; the year check turns that into the error it must be.
	if k >= len(c.workDates) || c.workDates[k].Y >= c.nextGap[yo] {
		return 0, NoScheduleError{c.nextGap[yo]}
	}
	return k, nil
}

// AddDays returns the Nth working day after d (d itself not counted); the
// deadline ends with that day. AddDays(2025-09-30, 5) is 2025-10-14, the
// National Day holiday and the make-up Saturday 10-11 taken into account.
// n == 0 returns d, even when d is not a working day. A count that runs
// into a year without a schedule fails with that year.
func (c *Calendar) AddDays(d Date, n int) (Date, error) {
	i, yo, err := c.index(d)
	if err != nil {
		return Date{}, err
	}
	if n <= 0 {
		if n < 0 {
			return Date{}, negativeCount(n)
		}
		return d, nil
	}
	k, err := c.ordinal(i, yo, n)
	if err != nil {
		return Date{}, err
	}
	return c.workDates[k], nil
}

// Between returns the number of working days in (from, to]: the count that
// AddDays(from, n) == to would need when to is a working day. It is negative
// when to is before from, and fails if any year from one to the other has no
// schedule.
func (c *Calendar) Between(from, to Date) (int, error) {
	i, yi, err := c.index(from)
	if err != nil {
		return 0, err
	}
	j, yj, err := c.index(to)
	if err != nil {
		return 0, err
	}
	if err := c.checkGap(yi, yj); err != nil {
		return 0, err
	}
	return int(c.cum[j+1]) - int(c.cum[i+1]), nil
}

// checkGap fails if a year between year offsets a and b has no schedule.
func (c *Calendar) checkGap(a, b int) error {
	if a > b {
		a, b = b, a
	}
	if g := c.nextGap[a]; g <= c.first+b {
		return NoScheduleError{g}
	}
	return nil
}

// Deadline returns the instant that ends the Nth working day after the local
// date of t (in Hours().Loc): the end of that day's last office-hours span,
// in UTC. With n == 0 it is the end of office hours on t's own date, even when
// that date is not a working day, as with AddDays.
func (c *Calendar) Deadline(t time.Time, n int) (time.Time, error) {
	d := DateOf(t, c.hours.Loc)
	i, yo, err := c.index(d)
	if err != nil {
		return time.Time{}, err
	}
	if n < 0 {
		return time.Time{}, negativeCount(n)
	}
	var k int
	switch {
	case n > 0:
		if k, err = c.ordinal(i, yo, n); err != nil {
			return time.Time{}, err
		}
	case c.cum[i+1] != c.cum[i]:
		k = int(c.cum[i])
	default:
		end := c.hours.Spans[c.nspan-1].End
		return time.Date(d.Y, d.M, d.D, 0, end, 0, 0, c.hours.Loc).UTC(), nil
	}
	return c.base.Add(c.bounds[(k+1)*2*c.nspan-1]).UTC(), nil
}

// position returns the office time from the start of the calendar up to t,
// with t's day number and year offset. Every query on instants reduces to
// differences of positions, so WorkingTime and AddWorking are inverse by
// construction.
func (c *Calendar) position(t time.Time) (pos time.Duration, i, yo int, err error) {
	i, yo, err = c.index(DateOf(t, c.hours.Loc))
	if err != nil {
		return 0, 0, 0, err
	}
	k := c.cum[i]
	pos = c.workBefore[k]
	if c.cum[i+1] == k {
		return pos, i, yo, nil
	}
	off := t.Sub(c.base)
	b := c.bounds[int(k)*2*c.nspan : int(k+1)*2*c.nspan]
	for j := 0; j < len(b); j += 2 {
		if off <= b[j] {
			break
		}
		if off < b[j+1] {
			pos += off - b[j]
			break
		}
		pos += b[j+1] - b[j]
	}
	return pos, i, yo, nil
}

// WorkingTime returns the office time on working days between from and to;
// negative when to is before from.
func (c *Calendar) WorkingTime(from, to time.Time) (time.Duration, error) {
	pf, _, yf, err := c.position(from)
	if err != nil {
		return 0, err
	}
	pt, _, yt, err := c.position(to)
	if err != nil {
		return 0, err
	}
	if err := c.checkGap(yf, yt); err != nil {
		return 0, err
	}
	return pt - pf, nil
}

// AddWorking returns the earliest instant, in UTC, by which d of office time
// on working days has elapsed after t; t may lie outside office hours. A
// result that exactly uses up a span is the end of that span (Friday 18:00),
// not the start of the next one (Monday 08:30). d == 0 returns t.
func (c *Calendar) AddWorking(t time.Time, d time.Duration) (time.Time, error) {
	pos, i, yo, err := c.position(t)
	if err != nil {
		return time.Time{}, err
	}
	if d <= 0 {
		if d < 0 {
			return time.Time{}, invalidf(nil, "working time %v is negative", d)
		}
		return t.UTC(), nil
	}
	total := c.workBefore[len(c.workBefore)-1]
	if d > total-pos {
		return time.Time{}, NoScheduleError{c.nextGap[yo]}
	}
	target := pos + d
	// Find the first working day k whose end reaches target. The answer is not
	// before the working day t falls on, which narrows the search.
	lo, hi := int(c.cum[i]), len(c.workDates)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.workBefore[mid+1] < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	k := lo
	if c.workDates[k].Y >= c.nextGap[yo] {
		return time.Time{}, NoScheduleError{c.nextGap[yo]}
	}
	rem := target - c.workBefore[k]
	b := c.bounds[k*2*c.nspan : (k+1)*2*c.nspan]
	for j := 0; j < len(b); j += 2 {
		if span := b[j+1] - b[j]; rem > span {
			rem -= span
			continue
		}
		return c.base.Add(b[j] + rem).UTC(), nil
	}
	// Unreachable: workBefore[k+1] >= target means day k holds rem.
	return c.base.Add(b[len(b)-1]).UTC(), nil
}

// OffDays returns the official entries of a loaded year, sorted by date: the
// days off of its public holidays (including those that fall on a weekend
// within a holiday period, but not ordinary weekends) and its make-up working
// days. Entries published in an adjacent year's schedule are included.
func (c *Calendar) OffDays(year int) (off []Day, makeup []Day, err error) {
	if !c.isLoaded(year) {
		return nil, nil, NoScheduleError{year}
	}
	for _, d := range c.listed[year] {
		if d.OffDay {
			off = append(off, d)
		} else {
			makeup = append(makeup, d)
		}
	}
	return off, makeup, nil
}
