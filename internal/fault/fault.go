// Package fault defines the error values the domain packages return and every
// surface (JSON API, web UI, CLI) maps to a status and a message in one place.
//
// A domain package never decides on an HTTP status; it says what went wrong in
// domain terms (invalid, not found, conflict, forbidden) and names the field or
// the allowed alternatives, and the surface translates that.
package fault

import (
	"errors"
	"fmt"
)

// Code classifies an error for the surfaces that report it.
type Code string

// The codes every surface knows how to report.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Forbidden    Code = "forbidden"
	Unauthorized Code = "unauthorized"
	TooLarge     Code = "too_large"
	RateLimited  Code = "rate_limited"
	Unavailable  Code = "unavailable"
	Internal     Code = "internal"
)

// Error is a domain error: a code, the field it concerns (if any), an English
// message for logs and API clients, and an optional message key with
// arguments for the translation catalogs of the UI.
type Error struct {
	Code    Code
	Field   string
	Message string
	// Key is the translation-catalog message ID for the UI; empty means the
	// surface falls back to a generic message for Code.
	Key  string
	Args map[string]any
	// Allowed lists the actions that are allowed instead, for state errors.
	Allowed []string
	// Current carries the current state of the resource for conflicts, so a
	// client can show it instead of overwriting.
	Current any
	// Err is the underlying cause, if any.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// WithKey sets the translation key and its arguments and returns e.
func (e *Error) WithKey(key string, args map[string]any) *Error {
	e.Key, e.Args = key, args
	return e
}

// New returns an Error with the given code and message.
func New(code Code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// Invalidf reports invalid input in a named field.
func Invalidf(field, format string, a ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, a...)}
}

// NotFoundf reports a missing resource.
func NotFoundf(format string, a ...any) *Error { return New(NotFound, format, a...) }

// Conflictf reports a concurrent or state conflict.
func Conflictf(format string, a ...any) *Error { return New(Conflict, format, a...) }

// Forbiddenf reports an action the actor may not take.
func Forbiddenf(format string, a ...any) *Error { return New(Forbidden, format, a...) }

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}

// CodeOf returns the code of the *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var l List
	if errors.As(err, &l) && len(l) > 0 {
		return Invalid
	}
	if fe := As(err); fe != nil {
		return fe.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// List collects several field errors so a form or an import can report all of
// them at once (一次性告知: tell everything that is wrong in one go).
type List []*Error

// Error implements error.
func (l List) Error() string {
	if len(l) == 1 {
		return l[0].Error()
	}
	s := fmt.Sprintf("%d errors:", len(l))
	for _, e := range l {
		s += " " + e.Error() + ";"
	}
	return s
}

// Err returns nil for an empty list and the list otherwise, so callers can
// write `return errs.Err()`.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Add appends an invalid-field error.
func (l *List) Add(field, format string, a ...any) {
	*l = append(*l, Invalidf(field, format, a...))
}
