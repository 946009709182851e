package workorder

import "time"

// Calendar counts working time (DOMAIN.md §8). *workday.Calendar satisfies
// it; the interface lives here so the domain does not depend on how holidays
// are loaded.
type Calendar interface {
	// Deadline returns the end of the nth working day after t's local date.
	Deadline(t time.Time, n int) (time.Time, error)
	// AddWorking adds d of working time to t.
	AddWorking(t time.Time, d time.Duration) (time.Time, error)
	// WorkingTime returns the working time between two instants.
	WorkingTime(from, to time.Time) (time.Duration, error)
}

// Limits are the time limits for one kind of order. Days and working hours
// count on the Calendar; UrgentReplyHours are calendar hours, because an
// urgent matter does not wait for Monday.
type Limits struct {
	DispatchHours    int // working hours from registration to dispatch
	SignDays         int // working days from dispatch to sign
	UrgentSignHours  int // working hours from dispatch to sign, urgent orders
	ReplyDays        int // working days from dispatch to reply
	UrgentReplyHours int // calendar hours from dispatch to reply, urgent orders
	CallbackDays     int // working days from accepting the reply to the callback
	// RehandleDays is how long after closing the centre may still re-handle
	// an order (working days). DOMAIN.md names the window but not its length.
	RehandleDays int
}

// Policy gives the time limits for a type, category and urgency. Admin
// overrides per category and urgency live in storage, which implements Policy
// on top of DefaultPolicy.
type Policy interface {
	Limits(typ Type, category string, urgency Urgency) Limits
}

// DefaultPolicy is the policy of DOMAIN.md §4 with no admin overrides.
type DefaultPolicy struct{}

// DefaultRehandleDays is the default re-handling window. Fifteen working days
// (three weeks) leaves an unsatisfied citizen time to call again about the
// same matter without keeping closed orders reopenable for ever.
const DefaultRehandleDays = 15

// Limits implements Policy.
func (DefaultPolicy) Limits(typ Type, _ string, _ Urgency) Limits {
	l := Limits{
		DispatchHours:    2,
		SignDays:         1,
		UrgentSignHours:  2,
		UrgentReplyHours: 24,
		CallbackDays:     1,
		RehandleDays:     DefaultRehandleDays,
	}
	switch typ {
	case TypeConsult:
		l.ReplyDays = 3
	case TypeHelp:
		l.ReplyDays = 5
	case TypeComplaint:
		l.ReplyDays = 10
	default: // report, suggestion
		l.ReplyDays = 15
	}
	return l
}

// Env is what Decide needs from outside the order: the calendar and policy
// for deadlines and the organisation tree for dispatch targets.
type Env interface {
	Calendar() Calendar
	Policy() Policy
	UnitExists(id int64) bool
	// IsBelow reports whether unit is below ancestor in the organisation
	// tree, the condition for sub-dispatching from ancestor to unit.
	IsBelow(ancestor, unit int64) bool
}
