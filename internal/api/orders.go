package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/hotline"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// OrderResponse is an order as the API returns it: the order as the caller
// may see it, the actions the caller may take now, and (for single orders)
// its history.
type OrderResponse struct {
	Order   *workorder.Order `json:"order"`
	Warning string           `json:"warning,omitempty"`
	Allowed []string         `json:"allowed"`
	History []HistoryEntry   `json:"history,omitempty"`
}

// HistoryEntry is one event of an order's history.
type HistoryEntry struct {
	Seq     int64     `json:"seq"`
	Type    string    `json:"type"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id"`
	UnitID  int64     `json:"unit_id"`
	Payload jsonRaw   `json:"payload"`
	Hash    string    `json:"hash"`
}

type jsonRaw []byte

func (j jsonRaw) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

func (a *API) respondOrder(w http.ResponseWriter, status int, sub access.Subject, o *workorder.Order, hist []eventlog.Event) {
	resp := OrderResponse{Order: o, Allowed: a.svc.Allowed(sub, o)}
	if resp.Allowed == nil {
		resp.Allowed = []string{}
	}
	for _, e := range hist {
		resp.History = append(resp.History, HistoryEntry{Seq: e.Seq, Type: e.Type, At: e.At, ActorID: e.ActorID, UnitID: e.UnitID, Payload: jsonRaw(e.Payload), Hash: e.Hash})
	}
	etag(w, o.Version)
	writeJSON(w, status, resp)
}

func (a *API) register(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	var cmd workorder.Register
	if err := decode(r, &cmd); err != nil {
		return err
	}
	if cmd.No != "" {
		return fault.Invalidf("no", "is assigned by the server")
	}
	o, err := a.svc.Register(r.Context(), sub, cmd)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/orders/"+o.No)
	a.respondOrder(w, http.StatusCreated, sub, access.View(sub, o), nil)
	return nil
}

func (a *API) getOrder(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	o, hist, err := a.svc.Get(r.Context(), sub, r.PathValue("no"))
	if err != nil {
		return err
	}
	a.respondOrder(w, http.StatusOK, sub, o, hist)
	return nil
}

// commandDecoders maps each action a person can take to the decoder of its
// body. Register has its own route; merge_child, warn and auto_urge are
// internal to the service and the sweeper.
var commandDecoders = map[string]func([]byte) (workorder.Command, error){
	workorder.ActionAnswer:            decodeAs[workorder.AnswerDirect],
	workorder.ActionEmergency:         decodeAs[workorder.TransferEmergency],
	workorder.ActionDecline:           decodeAs[workorder.Decline],
	workorder.ActionDispatch:          decodeAs[workorder.Dispatch],
	workorder.ActionSign:              decodeAs[workorder.Sign],
	workorder.ActionSubDispatch:       decodeAs[workorder.SubDispatch],
	workorder.ActionReturn:            decodeAs[workorder.Return],
	workorder.ActionRedispatch:        decodeAs[workorder.Redispatch],
	workorder.ActionRefuseReturn:      decodeAs[workorder.RefuseReturn],
	workorder.ActionRequestExtension:  decodeAs[workorder.RequestExtension],
	workorder.ActionDecideExtension:   decodeAs[workorder.DecideExtension],
	workorder.ActionRequestSuspension: decodeAs[workorder.RequestSuspension],
	workorder.ActionDecideSuspension:  decodeAs[workorder.DecideSuspension],
	workorder.ActionResume:            decodeAs[workorder.Resume],
	workorder.ActionReply:             decodeAs[workorder.Reply],
	workorder.ActionReview:            decodeAs[workorder.Review],
	workorder.ActionCallback:          decodeAs[workorder.Callback],
	workorder.ActionRehandle:          decodeAs[workorder.Rehandle],
	workorder.ActionClose:             decodeAs[workorder.Close],
	workorder.ActionUrge:              decodeAs[workorder.Urge],
	workorder.ActionSupervise:         decodeAs[workorder.Supervise],
	workorder.ActionMerge:             decodeAs[workorder.Merge],
	workorder.ActionNote:              decodeAs[workorder.Note],
	workorder.ActionAttach:            decodeAs[workorder.Attach],
}

// Actions lists the action names the API accepts, for documentation tests.
func Actions() []string {
	out := make([]string, 0, len(commandDecoders))
	for k := range commandDecoders {
		out = append(out, k)
	}
	return out
}

func decodeAs[T workorder.Command](b []byte) (workorder.Command, error) {
	var c T
	if err := decodeBytes(b, &c); err != nil {
		return nil, err
	}
	return c, nil
}

func (a *API) act(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	action := r.PathValue("action")
	dec, ok := commandDecoders[action]
	if !ok {
		return fault.NotFoundf("unknown action %q", action)
	}
	expected, err := ifMatch(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decode(r, nil)
	}
	cmd, err := dec(body)
	if err != nil {
		return err
	}
	o, err := a.svc.Act(r.Context(), sub, r.PathValue("no"), cmd, expected)
	if err != nil {
		return err
	}
	a.respondOrder(w, http.StatusOK, sub, o, nil)
	return nil
}

// ListResponse is a page of orders.
type ListResponse struct {
	Orders     []OrderResponse `json:"orders"`
	NextCursor string          `json:"next_cursor,omitempty"`
}

func (a *API) listOrders(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	f, err := parseFilter(r)
	if err != nil {
		return err
	}
	return a.list(w, r, sub, f)
}

func (a *API) list(w http.ResponseWriter, r *http.Request, sub access.Subject, f storage.OrderFilter) error {
	if err := access.Require(sub, access.ReadOrders); err != nil {
		return err
	}
	sc := access.OrderScope(sub)
	f.ScopeAll, f.ScopeRegion, f.ScopeUnit = sc.All, sc.RegionPrefix, sc.UnitID
	rows, next, err := a.st.ListOrders(r.Context(), f)
	if err != nil {
		return err
	}
	resp := ListResponse{Orders: make([]OrderResponse, 0, len(rows))}
	for _, row := range rows {
		allowed := a.svc.Allowed(sub, row.Order)
		if allowed == nil {
			allowed = []string{}
		}
		resp.Orders = append(resp.Orders, OrderResponse{Order: access.View(sub, row.Order), Warning: row.Warning, Allowed: allowed})
	}
	if next != 0 {
		resp.NextCursor = strconv.FormatInt(next, 10)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// parseFilter reads the list filters from the query string; every bad value
// is reported with the parameter's name.
func parseFilter(r *http.Request) (storage.OrderFilter, error) {
	q := r.URL.Query()
	var f storage.OrderFilter
	var errs fault.List
	known := map[string]bool{"state": true, "unit": true, "unit_state": true, "region": true, "type": true, "category": true,
		"lang": true, "warning": true, "phone": true, "problem": true, "from": true, "to": true, "q": true, "cursor": true, "limit": true}
	for k := range q {
		if !known[k] {
			errs.Add(k, "unknown query parameter")
		}
	}
	list := func(name string, valid func(string) bool) []string {
		v := q.Get(name)
		if v == "" {
			return nil
		}
		parts := strings.Split(v, ",")
		for _, p := range parts {
			if !valid(p) {
				errs.Add(name, "%q is not a valid value", p)
			}
		}
		return parts
	}
	f.States = list("state", func(s string) bool { return orderStates[s] })
	f.UnitStates = list("unit_state", func(s string) bool { return assignmentStates[s] })
	num := func(name string) int64 {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			errs.Add(name, "must be a positive whole number")
		}
		return n
	}
	f.UnitID = num("unit")
	f.Before = num("cursor")
	f.Limit = int(num("limit"))
	if f.Limit > 200 {
		errs.Add("limit", "must be at most 200")
	}
	if v := q.Get("region"); v != "" {
		if len(v) != 12 || strings.Trim(v, "0123456789") != "" {
			errs.Add("region", "must be a 12-digit division code")
		} else {
			f.RegionPrefix = access.RegionPrefix(v)
		}
	}
	if v := q.Get("type"); v != "" {
		if !orderTypes[v] {
			errs.Add("type", "%q is not one of consult, help, complaint, report, suggestion", v)
		}
		f.Type = v
	}
	f.Category = q.Get("category")
	if v := q.Get("lang"); v != "" {
		if v != "zh" && v != "mn" {
			errs.Add("lang", "must be zh or mn")
		}
		f.Lang = v
	}
	if v := q.Get("warning"); v != "" {
		if v != "yellow" && v != "red" {
			errs.Add("warning", "must be yellow or red")
		}
		f.Warning = v
	}
	if v := q.Get("phone"); v != "" {
		p, err := workorder.NormalizePhone(v)
		if err != nil {
			errs.Add("phone", "%v", err)
		}
		f.Phone = p
	}
	if v := q.Get("problem"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs.Add("problem", "must be true or false")
		}
		f.Problem = &b
	}
	date := func(name string) time.Time {
		v := q.Get(name)
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if d, err2 := time.ParseInLocation("2006-01-02", v, shanghai); err2 == nil {
				return d
			}
			errs.Add(name, "must be a date (2026-11-26) or an RFC 3339 time")
		}
		return t
	}
	f.From, f.To = date("from"), date("to")
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs.Add("to", "must be after from")
	}
	if v := q.Get("q"); len([]rune(v)) > 100 {
		errs.Add("q", "must be at most 100 characters")
	} else {
		f.Text = v
	}
	return f, errs.Err()
}

var (
	orderStates = set(workorder.StateRegistered, workorder.StateAnswered, workorder.StateEmergency, workorder.StateDeclined,
		workorder.StateDispatched, workorder.StateReturned, workorder.StateHandling, workorder.StateReplied,
		workorder.StateCallback, workorder.StateUnsatisfied, workorder.StateClosed, workorder.StateMerged)
	assignmentStates = set(workorder.AssignDispatched, workorder.AssignSigned, workorder.AssignReturned,
		workorder.AssignReplied, workorder.AssignWithdrawn)
	orderTypes = set(workorder.TypeConsult, workorder.TypeHelp, workorder.TypeComplaint, workorder.TypeReport, workorder.TypeSuggestion)
)

func set[T ~string](vs ...T) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[string(v)] = true
	}
	return m
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func (a *API) callerHistory(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if !sub.UnitKind.Hotline() {
		return fault.Forbiddenf("only the hotline centre looks up callers")
	}
	p, err := workorder.NormalizePhone(r.PathValue("phone"))
	if err != nil {
		return fault.Invalidf("phone", "%v", err)
	}
	return a.list(w, r, sub, storage.OrderFilter{Phone: p, Limit: 50})
}

func (a *API) upload(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return fault.New(fault.TooLarge, "attachment is larger than %d MiB", hotline.MaxAttachment>>20)
		}
		return fault.Invalidf("file", "the body must be multipart/form-data with a field named file: %v", err)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fault.Invalidf("file", "a multipart field named file is required")
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, hotline.MaxAttachment+1))
	if err != nil {
		return err
	}
	att, err := a.svc.StoreAttachment(r.Context(), hdr.Filename, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, att)
	return nil
}

// download serves a file of an order the reader may see; a file is served
// only through an order whose history (as the reader sees it) names it.
func (a *API) download(w http.ResponseWriter, r *http.Request, _ storage.Principal, sub access.Subject) error {
	sha := r.PathValue("sha256")
	_, hist, err := a.svc.Get(r.Context(), sub, r.PathValue("no"))
	if err != nil {
		return err
	}
	found := false
	for _, e := range hist {
		if bytes.Contains(e.Payload, []byte(`"`+sha+`"`)) {
			found = true
			break
		}
	}
	if !found || len(sha) != 64 {
		return fault.NotFoundf("order %s has no attachment %s", r.PathValue("no"), sha)
	}
	ct, b, err := a.st.Blob(r.Context(), sha)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.Write(b)
	return nil
}
