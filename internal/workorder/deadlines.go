package workorder

import (
	"fmt"
	"time"
)

// Period is a timed stage of an order that can run late.
type Period string

// The periods the sweeper watches (DOMAIN.md §4, deadlines).
const (
	PeriodDispatch Period = "dispatch" // registration → dispatch
	PeriodSign     Period = "sign"     // dispatch → sign, per assignment
	PeriodReply    Period = "reply"    // dispatch → reply, per assignment
	PeriodCallback Period = "callback" // reply accepted → callback
)

// Level is how late a period is running.
type Level string

// The warning levels.
const (
	LevelYellow Level = "yellow" // at least 75% of the period used
	LevelRed    Level = "red"    // overdue
)

func (l Level) rank() int {
	switch l {
	case LevelYellow:
		return 1
	case LevelRed:
		return 2
	}
	return 0
}

// Warning is a period running late. AssignmentID names the assignment for
// sign and reply periods and, for the callback period, the lead assignment
// whose reply was accepted, so that each re-handling round has its own
// callback warnings; it is 0 for the dispatch period.
type Warning struct {
	Period       Period
	AssignmentID int64
	Level        Level
	Start        time.Time
	Due          time.Time
}

// yellowShare is the share of a period after which it warns yellow: 3/4.
const yellowNum, yellowDen = 3, 4

// Warnings lists the periods of o that are running late at now: yellow once
// 75% of the period's time is used, red once it is overdue. Time during which
// the order was suspended does not count. Periods counted in calendar hours
// (urgent replies) are measured in calendar time, the others in working time.
// If the calendar cannot answer (a year without a published schedule) the
// yellow level cannot be computed and only red, which needs no calendar, is
// reported.
func (o *Order) Warnings(now time.Time, cal Calendar) []Warning {
	var out []Warning
	add := func(p Period, id int64, start, due time.Time, calendarTime bool) {
		if due.IsZero() {
			return
		}
		if l := o.level(start, due, calendarTime, now, cal); l != "" {
			out = append(out, Warning{Period: p, AssignmentID: id, Level: l, Start: start, Due: due})
		}
	}
	switch {
	case o.State == StateRegistered:
		add(PeriodDispatch, 0, o.Times.Registered, o.DispatchDue, false)
	case o.State == StateCallback:
		if l := o.LeadAssignment(); l != nil {
			add(PeriodCallback, l.ID, o.Times.Accepted, o.CallbackDue, false)
		}
	case unitState(o.State):
		for i := range o.Assignments {
			a := &o.Assignments[i]
			if !a.Open() {
				continue
			}
			if a.State == AssignDispatched {
				add(PeriodSign, a.ID, a.At, a.SignDue, false)
			}
			add(PeriodReply, a.ID, a.At, a.ReplyDue, a.ReplyCalendar)
		}
	}
	return out
}

// level works out how late the period [start, due] is at now.
//
// Every finished suspension pushed the due time of the periods that were open
// during it by the time it overlapped them (Resume), so the period's own
// length is its span minus those suspensions, and the time used is the span
// from start to now minus the same suspensions. During a running suspension
// the clock stands at the moment it began.
func (o *Order) level(start, due time.Time, calendarTime bool, now time.Time, cal Calendar) Level {
	eff := now
	if o.Suspended() {
		eff = maxTime(o.SuspendedSince, start)
		if eff.After(now) {
			eff = now
		}
	}
	if eff.After(due) {
		return LevelRed
	}
	measure := func(a, b time.Time) (time.Duration, error) {
		if !b.After(a) {
			return 0, nil
		}
		if calendarTime {
			return b.Sub(a), nil
		}
		return cal.WorkingTime(a, b)
	}
	var suspended time.Duration
	for _, s := range o.Suspensions {
		d, err := measure(maxTime(s.From, start), s.To)
		if err != nil {
			return ""
		}
		suspended += d
	}
	span, err1 := measure(start, due)
	used, err2 := measure(start, eff)
	if err1 != nil || err2 != nil {
		return ""
	}
	total, used := span-suspended, used-suspended
	if total > 0 && used*yellowDen >= total*yellowNum {
		return LevelYellow
	}
	return ""
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ut normalises a time for events and payloads: UTC and microseconds, the
// precision both databases keep and eventlog.Seal truncates to, so that an
// order folded from the events Decide returned equals one replayed from
// storage.
func ut(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func hours(n int) time.Duration { return time.Duration(n) * time.Hour }

// deadlines computes the due times of a new assignment sent at at, with the
// order's limits. Urgent orders sign within working hours and reply within
// calendar hours.
func deadlines(lim Limits, urgency Urgency, cal Calendar, at time.Time) (sign, reply time.Time, calendarReply bool, err error) {
	if urgency == UrgencyUrgent {
		sign, err = cal.AddWorking(at, hours(lim.UrgentSignHours))
		reply, calendarReply = at.Add(hours(lim.UrgentReplyHours)), true
	} else {
		sign, err = cal.Deadline(at, lim.SignDays)
		if err == nil {
			reply, err = cal.Deadline(at, lim.ReplyDays)
		}
	}
	if err != nil {
		return time.Time{}, time.Time{}, false, fmt.Errorf("workorder: computing deadlines: %w", err)
	}
	return ut(sign), ut(reply), calendarReply, nil
}
