package application

import (
	"time"

	"tongban/internal/catalog"
	"tongban/internal/fault"
)

// Calendar is the working-day calendar deadlines are computed with;
// *workday.Calendar implements it.
type Calendar interface {
	// Deadline returns the end of the nth working day after t's date; with
	// n == 0 the end of office hours on t's own date.
	Deadline(t time.Time, n int) (time.Time, error)
	// WorkingTime returns the office time on working days between from and to.
	WorkingTime(from, to time.Time) (time.Duration, error)
	// AddWorking returns the instant by which d of office time has passed after t.
	AddWorking(t time.Time, d time.Duration) (time.Time, error)
}

// DefaultVerifyDays is the working days after acceptance within which a
// notify-and-commit promise is verified when Env.VerifyDays is 0.
const DefaultVerifyDays = 20

// Env is what Decide needs from outside the application: the catalog, the
// routing of items to units, and the calendar. Decide is deterministic for a
// given Env, which Replay relies on never having to call it again.
type Env struct {
	Calendar Calendar
	// Item looks up an item by code; an unknown code is a fault.NotFound.
	Item func(code string) (catalog.Item, error)
	// Route returns the unit of the item's department that handles it for
	// the owning region (the banner's bureau, or the league's for league
	// items); no such unit is a fault.NotFound.
	Route func(item catalog.Item, ownerRegion string) (unitID int64, err error)
	// Window, when set, checks that unit is a window of a government-service
	// hall in region; an applicant choosing a window online is otherwise
	// trusted to name a real one. Its error is returned as is.
	Window func(unitID int64, region string) error
	// VerifyDays is the working days after acceptance by which a promise must
	// be verified; 0 means DefaultVerifyDays.
	VerifyDays int
}

// calendarError makes a calendar failure (typically a year whose holiday
// schedule is not loaded) visible as unavailable rather than guessing.
func calendarError(err error) error {
	return &fault.Error{Code: fault.Unavailable, Message: "the working-day calendar cannot compute the deadline", Key: "application.calendar", Err: err}
}

// deadline computes the end of a limit of n working days from acceptance at
// t. On-the-spot items (n == 0, 即办) are due at the end of the day of
// acceptance, or of the next working day when accepted outside office hours
// or on a day off, since there is no working time left that day.
func deadline(cal Calendar, t time.Time, n int) (time.Time, error) {
	due, err := cal.Deadline(t, n)
	if err != nil {
		return time.Time{}, calendarError(err)
	}
	if n == 0 {
		left, err := cal.WorkingTime(t, due)
		if err != nil {
			return time.Time{}, calendarError(err)
		}
		if left <= 0 {
			if due, err = cal.Deadline(t, 1); err != nil {
				return time.Time{}, calendarError(err)
			}
		}
	}
	return due.UTC(), nil
}

// Clocks and levels of warnings.
const (
	ClockLegal    = "legal"    // the statutory limit (法定时限)
	ClockPromised = "promised" // the committed limit (承诺时限)
	ClockVerify   = "verify"   // the verification of a promise (告知承诺核查)

	Yellow = "yellow" // 75% of the period used
	Red    = "red"    // overdue
)

// Warning says that a clock of an application is running out or has run out.
type Warning struct {
	Clock string    `json:"clock"`
	Level string    `json:"level"`
	Due   time.Time `json:"due"`
	// Used is the share of the period used so far, over 1 when overdue.
	Used float64 `json:"used"`
}

// Warnings returns the yellow (75% of the working time used) and red
// (overdue) warnings of an application at now: for the legal and promised
// limits while it is under review (a pause stops them; time paused does not
// count), and for a pending promise verification.
func Warnings(a *Application, now time.Time, cal Calendar) ([]Warning, error) {
	var out []Warning
	if a.State == Reviewing || a.State == Paused {
		paused := a.PausedWorking()
		open := time.Duration(0)
		if a.State == Paused {
			w, err := cal.WorkingTime(a.Pauses[len(a.Pauses)-1].From, now)
			if err != nil {
				return nil, calendarError(err)
			}
			open = max(w, 0)
		}
		for _, c := range []struct {
			clock string
			due   time.Time
		}{{ClockLegal, a.LegalDue}, {ClockPromised, a.PromisedDue}} {
			// The due instants already moved by the finished pauses, so the
			// period is the original one and the time used excludes pauses.
			period, err := cal.WorkingTime(a.AcceptedAt, c.due)
			if err != nil {
				return nil, calendarError(err)
			}
			used, err := cal.WorkingTime(a.AcceptedAt, now)
			if err != nil {
				return nil, calendarError(err)
			}
			if w, ok := warning(c.clock, c.due, period-paused, used-paused-open); ok {
				out = append(out, w)
			}
		}
	}
	if p := a.Promise; verifiable(a) {
		period, err := cal.WorkingTime(p.SignedAt, p.VerifyDue)
		if err != nil {
			return nil, calendarError(err)
		}
		used, err := cal.WorkingTime(p.SignedAt, now)
		if err != nil {
			return nil, calendarError(err)
		}
		if w, ok := warning(ClockVerify, p.VerifyDue, period, used); ok {
			out = append(out, w)
		}
	}
	return out, nil
}

func warning(clock string, due time.Time, period, used time.Duration) (Warning, bool) {
	share := 1.0
	if period > 0 {
		share = float64(used) / float64(period)
	}
	switch {
	case used > period:
		return Warning{clock, Red, due, share}, true
	case period > 0 && used*4 >= period*3:
		return Warning{clock, Yellow, due, share}, true
	}
	return Warning{}, false
}
