// Package api is the JSON API under /api/v1: one route table, handlers that
// decode, authenticate, call the hotline service and respond. The API is
// described by openapi.json, served at /api/v1/openapi.json and checked
// against the responses in tests.
package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"tongban/internal/access"
	"tongban/internal/auth"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/hotline"
	"tongban/internal/server"
	"tongban/internal/storage"
)

// MaxBody is the largest JSON request body accepted.
const MaxBody = 1 << 20

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the API description.
func OpenAPI() []byte { return openapiDoc }

// API holds what the handlers need.
type API struct {
	svc  *hotline.Service
	st   *storage.Store
	auth *auth.Auth
}

// handler is a handler that returns an error for the one error writer.
type handler func(w http.ResponseWriter, r *http.Request) error

// authed is a handler for a signed-in principal.
type authed func(w http.ResponseWriter, r *http.Request, p storage.Principal, sub access.Subject) error

// Mount registers the API's routes on mux.
func Mount(mux *http.ServeMux, svc *hotline.Service, h *hall.Service, a *auth.Auth) {
	api := &API{svc: svc, st: svc.Store(), auth: a}
	limited := func(pattern string, limit int64, h handler) {
		mux.Handle(pattern, csrf(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := h(w, r); err != nil {
				server.WriteError(w, r, err)
			}
		})))
	}
	route := func(pattern string, h handler) { limited(pattern, MaxBody, h) }
	signedInLimited := func(pattern string, limit int64, h authed) {
		limited(pattern, limit, func(w http.ResponseWriter, r *http.Request) error {
			p, err := a.Resolve(r)
			if err != nil {
				return err
			}
			return h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)), p, auth.Subject(p))
		})
	}
	signedIn := func(pattern string, h authed) { signedInLimited(pattern, MaxBody, h) }
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiDoc)
	})
	route("POST /api/v1/login", api.login)
	signedIn("POST /api/v1/logout", api.logout)
	signedIn("GET /api/v1/me", api.me)
	signedIn("POST /api/v1/tokens", api.createToken)

	signedIn("POST /api/v1/orders", api.register)
	signedIn("GET /api/v1/orders", api.listOrders)
	signedIn("GET /api/v1/orders/export", api.exportOrders)
	signedIn("GET /api/v1/orders/{no}", api.getOrder)
	signedIn("POST /api/v1/orders/{no}/{action}", api.act)
	signedIn("GET /api/v1/callers/{phone}/orders", api.callerHistory)
	signedInLimited("POST /api/v1/attachments", hotline.MaxAttachment+1<<16, api.upload) // the file and its multipart framing
	signedIn("GET /api/v1/orders/{no}/attachments/{sha256}", api.download)

	signedIn("GET /api/v1/units", api.units)
	signedIn("GET /api/v1/regions", api.regions)
	signedIn("GET /api/v1/categories", api.categories)
	signedIn("PUT /api/v1/categories", api.replaceCategories)
	signedIn("GET /api/v1/deadline-overrides", api.deadlineOverrides)
	signedIn("PUT /api/v1/deadline-overrides", api.setDeadlineOverride)
	mountApplications(api, h, limited, signedInLimited)
	route("/api/", func(w http.ResponseWriter, r *http.Request) error {
		return fault.NotFoundf("no API route %s %s", r.Method, r.URL.Path)
	})
}

// csrf refuses cross-origin state-changing browser requests (Sec-Fetch-Site
// and Origin checks); non-browser clients send neither header and pass.
func csrf(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server.WriteError(w, r, fault.Forbiddenf("cross-origin request refused"))
	}))
	return cop.Handler(h)
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors that name what is wrong.
func decode(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fault.New(fault.TooLarge, "request body is larger than %d bytes", mbe.Limit)
		}
		return fault.Invalidf("body", "cannot read body: %v", err)
	}
	return decodeBytes(b, v)
}

func decodeBytes(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		b = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return fault.Invalidf("body", "unexpected data after the JSON object")
	}
	return nil
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fault.Invalidf("body", "malformed JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		return fault.Invalidf(te.Field, "must be a JSON %s, not %s", te.Type.Kind(), te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.Invalidf(f, "unknown field")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fault.Invalidf("body", "incomplete JSON")
	}
	return fault.Invalidf("body", "%v", err)
}

// ifMatch reads the order version a client expects from If-Match.
func ifMatch(r *http.Request) (int, error) {
	h := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `"`)
	if h == "" || h == "*" { // * matches any current version
		return 0, nil
	}
	v, err := strconv.Atoi(h)
	if err != nil || v < 1 {
		return 0, fault.Invalidf("If-Match", "must be an order version such as \"3\"")
	}
	return v, nil
}

func etag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", fmt.Sprintf("%q", strconv.Itoa(version)))
}
