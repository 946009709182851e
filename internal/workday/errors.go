package workday

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalid is matched (errors.Is) by every error about bad input: a
// malformed date, schedule or working-hours spec, a Date that does not exist,
// a negative count. Surfaces map it to their "invalid" response.
var ErrInvalid = errors.New("workday: invalid input")

// ErrNoSchedule is matched (errors.Is) by NoScheduleError. A year whose
// official schedule is not loaded is never treated as plain weekdays: the
// State Council moves days around every year, so a guess would be a wrong
// deadline that looks right.
var ErrNoSchedule = errors.New("workday: no holiday schedule")

// NoScheduleError reports the first year without a loaded holiday schedule
// that an operation touched. Read the year with errors.As into a
// NoScheduleError value (not a pointer), for example to tell an operator which
// year's schedule to import.
type NoScheduleError struct {
	Year int
}

// Error implements error.
func (e NoScheduleError) Error() string {
	return "workday: no holiday schedule loaded for " + strconv.Itoa(e.Year)
}

// Is makes errors.Is(err, ErrNoSchedule) true for every year.
func (e NoScheduleError) Is(target error) bool { return target == ErrNoSchedule }

// invalidError carries a precise message while still matching ErrInvalid, so
// callers get both the classification and the exact cause.
type invalidError struct {
	msg   string
	cause error
}

func (e *invalidError) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}

func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func (e *invalidError) Unwrap() error { return e.cause }

// invalidf builds an ErrInvalid error; cause may be nil.
func invalidf(cause error, format string, args ...any) error {
	return &invalidError{msg: "workday: " + fmt.Sprintf(format, args...), cause: cause}
}
