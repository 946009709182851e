package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"tongban/internal/fault"
)

// statusOf is the one map from domain error codes to HTTP statuses.
var statusOf = map[fault.Code]int{
	fault.Invalid:      http.StatusBadRequest,
	fault.NotFound:     http.StatusNotFound,
	fault.Conflict:     http.StatusConflict,
	fault.Forbidden:    http.StatusForbidden,
	fault.Unauthorized: http.StatusUnauthorized,
	fault.TooLarge:     http.StatusRequestEntityTooLarge,
	fault.RateLimited:  http.StatusTooManyRequests,
	fault.Unavailable:  http.StatusServiceUnavailable,
	fault.Internal:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err.
func Status(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return statusOf[fault.CodeOf(err)]
}

// ErrorBody is the JSON error envelope: {"error":{"code":…,"message":…}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the content of the error envelope. Fields lists every
// invalid field when several are wrong at once; Allowed lists the actions
// allowed in the current state; Current is the resource's current state on
// a conflict.
type ErrorDetail struct {
	Code    fault.Code   `json:"code"`
	Message string       `json:"message"`
	Field   string       `json:"field,omitempty"`
	Fields  []FieldError `json:"fields,omitempty"`
	Allowed []string     `json:"allowed,omitempty"`
	Current any          `json:"current,omitempty"`
}

// FieldError names one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Describe turns any error into the envelope's content. Internal errors are
// logged with their detail and reported without it.
func Describe(r *http.Request, err error) (int, ErrorDetail) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, ErrorDetail{Code: fault.TooLarge, Message: "request body is too large"}
	}
	var list fault.List
	if errors.As(err, &list) && len(list) > 0 {
		d := ErrorDetail{Code: fault.Invalid, Message: list.Error(), Field: list[0].Field}
		for _, e := range list {
			d.Fields = append(d.Fields, FieldError{e.Field, e.Message})
		}
		return http.StatusBadRequest, d
	}
	fe := fault.As(err)
	if fe == nil || fe.Code == fault.Internal {
		slog.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
		return http.StatusInternalServerError, ErrorDetail{Code: fault.Internal, Message: "internal error"}
	}
	return statusOf[fe.Code], ErrorDetail{Code: fe.Code, Message: fe.Message, Field: fe.Field, Allowed: fe.Allowed, Current: fe.Current}
}

// WriteError writes err as the JSON error envelope.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	status, d := Describe(r, err)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	WriteJSON(w, status, ErrorBody{d})
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
