package web

// The order page (/orders/{no}) for staff: the order's facts, deadlines,
// assignments, history and attachments, and one form for every action the
// viewer may take now. Every form carries the version the viewer saw and
// is decided with it: if the order changed meanwhile, the page is shown
// again with the current state and what the user typed, never overwriting
// someone else's work.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/hotline"
	"tongban/internal/workorder"
)

func init() {
	register("GET /orders", false, func(ui *UI) handler { return ui.deskOrderFind })
	register("GET /orders/{no}", false, func(ui *UI) handler { return ui.deskOrder })
	register("POST /orders/{no}", false, func(ui *UI) handler { return ui.deskOrderPost })
}

// deskPageActions are the actions people take from the order page
// (merge_child, warn and auto_urge belong to the service and the sweeper).
var deskPageActions = []string{
	workorder.ActionAnswer, workorder.ActionEmergency, workorder.ActionDecline, workorder.ActionDispatch,
	workorder.ActionSign, workorder.ActionSubDispatch, workorder.ActionReturn, workorder.ActionRedispatch,
	workorder.ActionRefuseReturn, workorder.ActionRequestExtension, workorder.ActionDecideExtension,
	workorder.ActionRequestSuspension, workorder.ActionDecideSuspension, workorder.ActionResume, workorder.ActionReply,
	workorder.ActionReview, workorder.ActionCallback, workorder.ActionRehandle, workorder.ActionClose,
	workorder.ActionUrge, workorder.ActionSupervise, workorder.ActionMerge, workorder.ActionNote, workorder.ActionAttach,
}

// deskPrimary are the actions whose form is open when the page loads: the
// step the order waits for.
var deskPrimary = []string{workorder.ActionSign, workorder.ActionReply, workorder.ActionReview, workorder.ActionCallback,
	workorder.ActionDispatch, workorder.ActionRedispatch, workorder.ActionDecideExtension, workorder.ActionDecideSuspension,
	workorder.ActionRehandle}

// deskOrderData is the order page's content.
type deskOrderData struct {
	O            *workorder.Order
	Hidden       bool // the caller is hidden from the viewer
	Category     string
	Region       string
	Deadlines    []deskDeadline
	Tree         []deskAssign
	History      []deskEvent
	Files        []deskFile
	Actions      []deskAction
	Sub          []deskOptGroup
	Lead         []deskOptGroup
	Assist       []deskOptGroup
	Services     []deskOpt
	Satisfaction []deskOpt
	ExtUnit      string // unit of the pending extension request
	SusUnit      string // unit of the pending suspension request
	Merged       []string
	// Submitted is the action whose form was posted and is shown again.
	Submitted string
	// Orphan is what the user typed into a form that the order's current
	// state no longer offers, so it is not lost.
	Orphan []deskKV
	Back   string
	vals   url.Values
	errs   map[string]string
}

// Vals returns the typed input of one action's form (empty for the others,
// so two forms with a "reason" field do not share it).
func (d *deskOrderData) Vals(action string) url.Values {
	if action == d.Submitted {
		return d.vals
	}
	return url.Values{}
}

// Errs returns the field errors of one action's form.
func (d *deskOrderData) Errs(action string) map[string]string {
	if action == d.Submitted {
		return d.errs
	}
	return map[string]string{}
}

// Checked reports whether a checkbox of an action's form is ticked: as the
// user left it, else its default.
func (d *deskOrderData) Checked(action, name string, def bool) bool {
	if action == d.Submitted {
		return d.vals.Get(name) == "true"
	}
	return def
}

type deskDeadline struct {
	Label, Unit string
	Due         time.Time
	Level       string
}

type deskAssign struct {
	Depth                               int
	Unit, Role, State                   string
	At, SignDue, ReplyDue               time.Time
	SignedAt, RepliedAt                 time.Time
	ReplyText, ReturnReason             string
	Open, ReturnRefused, Lead, TopLevel bool
	Level                               string
}

type deskEvent struct {
	Seq      int64
	At       time.Time
	Type     string
	Actor    string
	Unit     string
	Internal bool
	Level    string
	Details  []deskKV
	Files    []deskFile
}

type deskKV struct {
	Label, Value string
	Prose        bool
}

type deskFile struct {
	Name, Size, URL string
}

type deskAction struct {
	Name      string
	Open      bool
	Multipart bool
}

// deskOrderFind opens an order by number from the desks' search box.
func (ui *UI) deskOrderFind(w http.ResponseWriter, r *http.Request, p *Page) error {
	no := strings.TrimSpace(r.URL.Query().Get("no"))
	if !workorder.ValidOrderNo(no) {
		return fault.NotFoundf("order %q not found", no).WithKey("order.not_found", map[string]any{"no": no})
	}
	redirect(w, r, "/orders/"+no)
	return nil
}

func (ui *UI) deskOrder(w http.ResponseWriter, r *http.Request, p *Page) error {
	no := r.PathValue("no")
	q := r.URL.Query()
	action := func(k string) string {
		if a := q.Get(k); slices.Contains(deskPageActions, a) {
			return p.T("action." + a)
		}
		return ""
	}
	switch n := q.Get("n"); {
	case n == "registered" && action("did") != "":
		p.Notice = p.T("order.notice.registered_and", "no", no, "action", action("did"))
	case n == "registered":
		p.Notice = p.T("order.notice.registered", "no", no)
	case slices.Contains(deskPageActions, n):
		p.Notice = p.T("order.notice.done", "no", no, "action", p.T("action."+n))
	}
	if a := action("failed"); a != "" {
		p.Message = p.T("order.notice.failed", "action", a)
	}
	return ui.deskOrderRender(w, r, p, no, "", http.StatusOK)
}

// deskOrderRender shows the order as it is now, with the posted form (if
// any) filled in as the user left it.
func (ui *UI) deskOrderRender(w http.ResponseWriter, r *http.Request, p *Page, no, submitted string, status int) error {
	ctx := r.Context()
	if !workorder.ValidOrderNo(no) {
		return fault.NotFoundf("order %q not found", no).WithKey("order.not_found", map[string]any{"no": no})
	}
	sub := p.subject()
	o, hist, err := ui.svc.Get(ctx, sub, no)
	if err != nil {
		return err
	}
	d, err := ui.deskDirectory(ctx, p, true)
	if err != nil {
		return err
	}
	data := &deskOrderData{O: o, Hidden: o.CallerHidden() && !access.SeesCaller(sub, o),
		Category: d.categoryPath(o.Category), Region: d.regionPath(o.RegionCode),
		Submitted: submitted, vals: p.Form, errs: p.Errors, Merged: o.MergedChildren}
	levels := map[string]string{}
	for _, wn := range o.Warnings(d.now, d.cal) {
		levels[fmt.Sprintf("%s/%d", wn.Period, wn.AssignmentID)] = string(wn.Level)
	}
	level := func(per workorder.Period, id int64) string { return levels[fmt.Sprintf("%s/%d", per, id)] }
	data.Deadlines = d.deadlines(o, level)
	data.Tree = d.tree(o, level)
	data.History = d.history(ctx, o, hist)
	data.Files = d.files(o.No, o.Attachments)
	if o.Extension != nil {
		data.ExtUnit = d.unitOfAssignment(o, o.Extension.Assignment)
	}
	if o.Suspension != nil {
		data.SusUnit = d.unitOfAssignment(o, o.Suspension.Assignment)
	}
	allowed := ui.svc.Allowed(sub, o)
	for _, a := range allowed {
		if slices.Contains(deskPageActions, a) {
			// Re-handling a closed order is the exception, not the next step.
			primary := slices.Contains(deskPrimary, a) && !(a == workorder.ActionRehandle && o.State == workorder.StateClosed)
			data.Actions = append(data.Actions, deskAction{Name: a, Open: primary || a == submitted,
				Multipart: a == workorder.ActionReply || a == workorder.ActionAttach})
		}
	}
	if submitted != "" && !slices.Contains(allowed, submitted) {
		data.Orphan = d.orphan(p.Form)
	}
	vals := data.Vals
	if slices.Contains(allowed, workorder.ActionSubDispatch) {
		data.Sub = d.subTargets(sub.UnitID, vals(workorder.ActionSubDispatch).Get("unit"))
	}
	for _, a := range []string{workorder.ActionDispatch, workorder.ActionRedispatch, workorder.ActionRehandle} {
		if slices.Contains(allowed, a) {
			data.Lead = d.dispatchTargets(vals(a).Get("lead"))
			data.Assist = d.dispatchTargets(vals(a)["assist"]...)
		}
	}
	for _, s := range workorder.EmergencyServices {
		data.Services = append(data.Services, deskOpt{Value: s, Label: p.T("desk.service." + s),
			Selected: vals(workorder.ActionEmergency).Get("service") == s})
	}
	for i := 5; i >= 1; i-- {
		v := strconv.Itoa(i)
		data.Satisfaction = append(data.Satisfaction, deskOpt{Value: v, Label: p.T("order.satisfaction." + v),
			Selected: vals(workorder.ActionCallback).Get("satisfaction") == v})
	}
	data.Back = deskBack(p.Form.Get("back"))
	p.Title = p.T("order.title", "no", o.No)
	p.Data = data
	ui.render(w, status, p, "desk_order")
	return nil
}

func (d *deskDir) unitOfAssignment(o *workorder.Order, id int64) string {
	if a := o.Assignment(id); a != nil {
		return d.unit(a.UnitID)
	}
	return ""
}

// deadlines lists the open timed periods with their warning level.
func (d *deskDir) deadlines(o *workorder.Order, level func(workorder.Period, int64) string) []deskDeadline {
	p := d.p
	var out []deskDeadline
	switch o.State {
	case workorder.StateRegistered:
		out = append(out, deskDeadline{Label: p.T("order.period.dispatch"), Due: o.DispatchDue, Level: level(workorder.PeriodDispatch, 0)})
	case workorder.StateCallback:
		id := int64(0)
		if l := o.LeadAssignment(); l != nil {
			id = l.ID
		}
		out = append(out, deskDeadline{Label: p.T("order.period.callback"), Due: o.CallbackDue, Level: level(workorder.PeriodCallback, id)})
	case workorder.StateDispatched, workorder.StateReturned, workorder.StateHandling, workorder.StateReplied:
		for _, a := range o.Assignments {
			if !a.Open() {
				continue
			}
			if a.State == workorder.AssignDispatched {
				out = append(out, deskDeadline{Label: p.T("order.period.sign"), Unit: d.unit(a.UnitID), Due: a.SignDue,
					Level: level(workorder.PeriodSign, a.ID)})
			}
			out = append(out, deskDeadline{Label: p.T("order.period.reply"), Unit: d.unit(a.UnitID), Due: a.ReplyDue,
				Level: level(workorder.PeriodReply, a.ID)})
		}
	}
	return out
}

// tree lists the assignments depth first: each centre assignment followed
// by the chain sub-dispatched below it.
func (d *deskDir) tree(o *workorder.Order, level func(workorder.Period, int64) string) []deskAssign {
	kids := map[int64][]workorder.Assignment{}
	for _, a := range o.Assignments {
		kids[a.ParentID] = append(kids[a.ParentID], a)
	}
	var out []deskAssign
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, a := range kids[parent] {
			role := "order.assign.sub"
			switch {
			case a.TopLevel() && a.Lead:
				role = "order.assign.lead"
			case a.TopLevel():
				role = "order.assign.assist"
			}
			lv := level(workorder.PeriodReply, a.ID)
			if s := level(workorder.PeriodSign, a.ID); s == string(workorder.LevelRed) || lv == "" {
				lv = s
			}
			out = append(out, deskAssign{Depth: min(depth, 4), Unit: d.unit(a.UnitID), Role: role, State: string(a.State),
				At: a.At, SignDue: a.SignDue, ReplyDue: a.ReplyDue, SignedAt: a.SignedAt, RepliedAt: a.RepliedAt,
				ReplyText: a.ReplyText, ReturnReason: a.ReturnReason, Open: a.Open(), ReturnRefused: a.ReturnRefused,
				Lead: a.Lead, TopLevel: a.TopLevel(), Level: lv})
			walk(a.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// deskPayload holds the fields of every event payload the history shows;
// each event fills the ones it has.
type deskPayload struct {
	Channel      string                 `json:"channel"`
	Type         string                 `json:"type"`
	Answer       string                 `json:"answer"`
	Service      string                 `json:"service"`
	Note         string                 `json:"note"`
	Reason       string                 `json:"reason"`
	Text         string                 `json:"text"`
	Master       string                 `json:"master"`
	Child        string                 `json:"child"`
	Period       string                 `json:"period"`
	Level        string                 `json:"level"`
	Closure      string                 `json:"closure"`
	Lead         int64                  `json:"lead"`
	Unit         int64                  `json:"unit"`
	Assist       []int64                `json:"assist"`
	Days         int                    `json:"days"`
	Satisfaction int                    `json:"satisfaction"`
	Approve      bool                   `json:"approve"`
	Accept       bool                   `json:"accept"`
	Reached      bool                   `json:"reached"`
	Resolved     bool                   `json:"resolved"`
	Internal     bool                   `json:"internal"`
	Attachments  []workorder.Attachment `json:"attachments"`
	Attachment   *workorder.Attachment  `json:"attachment"`
}

// history translates the events the viewer may see.
func (d *deskDir) history(ctx context.Context, o *workorder.Order, events []eventlog.Event) []deskEvent {
	p := d.p
	out := make([]deskEvent, 0, len(events))
	for _, e := range events {
		ev := deskEvent{Seq: e.Seq, At: e.At, Type: e.Type, Unit: d.unit(e.UnitID)}
		switch {
		case e.ActorID != 0:
			ev.Actor = d.staffName(ctx, e.ActorID)
		case e.Type == workorder.ActionWarn || e.Type == workorder.ActionAutoUrge:
			ev.Actor = p.T("order.actor.system")
		default:
			ev.Actor = p.T("order.actor.citizen")
		}
		var pl deskPayload
		_ = json.Unmarshal(e.Payload, &pl) // a payload that does not decode still shows its event
		add := func(label, value string, prose bool) {
			if strings.TrimSpace(value) != "" {
				ev.Details = append(ev.Details, deskKV{Label: p.T(label), Value: value, Prose: prose})
			}
		}
		yesNo := func(b bool) string {
			if b {
				return p.T("order.bool.yes")
			}
			return p.T("order.bool.no")
		}
		units := func(ids []int64) string {
			names := make([]string, 0, len(ids))
			for _, id := range ids {
				names = append(names, d.unit(id))
			}
			return strings.Join(names, p.T("order.list_sep"))
		}
		switch e.Type {
		case workorder.ActionRegister:
			add("field.channel", p.T("channel."+pl.Channel), false)
			add("field.type", p.T("type."+pl.Type), false)
		case workorder.ActionEmergency:
			add("field.service", p.T("desk.service."+pl.Service), false)
		case workorder.ActionDispatch, workorder.ActionRedispatch, workorder.ActionRehandle:
			add("field.lead", d.unit(pl.Lead), false)
			add("field.assist", units(pl.Assist), false)
		case workorder.ActionSubDispatch:
			add("field.unit", d.unit(pl.Unit), false)
		case workorder.ActionRequestExtension:
			add("field.days", strconv.Itoa(pl.Days), false)
		case workorder.ActionDecideExtension:
			add("field.approve", p.T(map[bool]string{true: "order.decision.approve", false: "order.decision.refuse"}[pl.Approve]), false)
			if pl.Approve && pl.Days > 0 {
				add("field.days", strconv.Itoa(pl.Days), false)
			}
		case workorder.ActionDecideSuspension:
			add("field.approve", p.T(map[bool]string{true: "order.decision.approve", false: "order.decision.refuse"}[pl.Approve]), false)
		case workorder.ActionReview:
			add("field.accept", p.T(map[bool]string{true: "order.review.accept", false: "order.review.send_back"}[pl.Accept]), false)
		case workorder.ActionCallback:
			add("field.reached", yesNo(pl.Reached), false)
			if pl.Reached {
				add("field.resolved", yesNo(pl.Resolved), false)
				add("field.satisfaction", p.T("order.satisfaction."+strconv.Itoa(pl.Satisfaction)), false)
			}
			if pl.Closure != "" {
				add("order.closure", p.T("order.closure."+pl.Closure), false)
			}
		case workorder.ActionMerge:
			add("field.master", pl.Master, false)
		case workorder.ActionMergeChild:
			add("order.merged_child", pl.Child, false)
		case workorder.ActionNote:
			ev.Internal = pl.Internal
		case workorder.ActionWarn, workorder.ActionAutoUrge:
			add("order.period", p.T("order.period."+pl.Period), false)
			ev.Level = pl.Level
			if e.Type == workorder.ActionAutoUrge {
				ev.Level = string(workorder.LevelRed)
			}
		}
		add("field.answer", pl.Answer, true)
		add("field.text", pl.Text, true)
		add("field.reason", pl.Reason, true)
		add("field.note", pl.Note, true)
		atts := pl.Attachments
		if pl.Attachment != nil {
			atts = append(atts, *pl.Attachment)
		}
		ev.Files = d.files(o.No, atts)
		out = append(out, ev)
	}
	return out
}

// files are download links; the JSON API serves the bytes after checking
// that the reader may see the order.
func (d *deskDir) files(no string, atts []workorder.Attachment) []deskFile {
	out := make([]deskFile, 0, len(atts))
	for _, a := range atts {
		kb := (a.Size + 1023) / 1024
		out = append(out, deskFile{Name: a.Name, Size: d.p.T("order.file.size", "kb", kb),
			URL: "/api/v1/orders/" + url.PathEscape(no) + "/attachments/" + url.PathEscape(a.SHA256)})
	}
	return out
}

// orphan lists the typed values of a form the page no longer offers.
func (d *deskDir) orphan(f url.Values) []deskKV {
	var out []deskKV
	for _, k := range []string{"reason", "text", "note", "answer", "days", "master", "lead", "unit", "satisfaction"} {
		v := strings.TrimSpace(f.Get(k))
		if v == "" {
			continue
		}
		if k == "lead" || k == "unit" {
			n, _ := strconv.ParseInt(v, 10, 64)
			v = d.unit(n)
		}
		label := k
		if d.p.ui.cat.Has(d.p.Lang, "field."+k) {
			label = d.p.T("field." + k)
		}
		out = append(out, deskKV{Label: label, Value: v, Prose: k == "text" || k == "reason" || k == "note" || k == "answer"})
	}
	return out
}

// deskBack is where a form posted from a desk list returns to; only the
// desks themselves.
func deskBack(back string) string {
	if strings.HasPrefix(back, "/desk/") || back == "/inbox" || strings.HasPrefix(back, "/inbox?") {
		if !strings.HasPrefix(back, "//") && !strings.ContainsAny(back, "\\\r\n") {
			return back
		}
	}
	return ""
}

func (ui *UI) deskOrderPost(w http.ResponseWriter, r *http.Request, p *Page) error {
	no := r.PathValue("no")
	if !workorder.ValidOrderNo(no) {
		return fault.NotFoundf("order %q not found", no).WithKey("order.not_found", map[string]any{"no": no})
	}
	var form url.Values
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return deskFormError(err)
		}
		defer r.MultipartForm.RemoveAll()
		form = r.MultipartForm.Value
	} else {
		if err := r.ParseForm(); err != nil {
			return deskFormError(err)
		}
		form = r.PostForm
	}
	p.Form = deskCopy(form)
	action := form.Get("action")
	if !slices.Contains(deskPageActions, action) {
		return fault.Invalidf("action", "unknown action %q", action)
	}
	version, err := strconv.Atoi(form.Get("version"))
	if err != nil || version < 1 {
		return fault.Invalidf("version", "the form has no order version")
	}
	ctx := r.Context()
	sub := p.subject()
	var errs fault.List
	var files []workorder.Attachment
	if action == workorder.ActionReply || action == workorder.ActionAttach {
		if files, err = ui.deskUpload(ctx, r, &errs); err != nil {
			return err
		}
	}
	cmd := deskCommand(action, form, files, &errs)
	if len(errs) == 0 {
		deskAppend(&errs, cmd.Validate())
	}
	if len(errs) > 0 {
		deskSetErrors(p, errs, nil)
		return ui.deskOrderRender(w, r, p, no, action, http.StatusBadRequest)
	}
	_, err = ui.svc.Act(ctx, sub, no, cmd, version)
	fe := fault.As(err)
	switch {
	case err == nil:
		if back := deskBack(form.Get("back")); back != "" {
			sep := "?"
			if strings.Contains(back, "?") {
				sep = "&"
			}
			redirect(w, r, back+sep+url.Values{"n": {action}, "no": {no}}.Encode())
			return nil
		}
		redirect(w, r, "/orders/"+no+"?n="+url.QueryEscape(action))
		return nil
	case fe != nil && fe.Key == "order.stale":
		// Someone else acted first: show what the order is now, keep the
		// typed input, and let the user decide again.
		p.Message = p.T("order.stale")
		return ui.deskOrderRender(w, r, p, no, action, http.StatusConflict)
	case deskSetErrors(p, err, nil):
		return ui.deskOrderRender(w, r, p, no, action, http.StatusBadRequest)
	case fe != nil && (fe.Code == fault.Conflict || fe.Code == fault.Forbidden):
		p.Message = deskErrorText(p, err)
		status := http.StatusConflict
		if fe.Code == fault.Forbidden {
			status = http.StatusForbidden
		}
		return ui.deskOrderRender(w, r, p, no, action, status)
	}
	return err
}

// deskErrorText is the message for an action the order refused: why, in
// the user's language.
func deskErrorText(p *Page, err error) string {
	if fe := fault.As(err); fe != nil {
		switch fe.Key {
		case workorder.KeyNotAllowed:
			return p.T("order.error.not_allowed")
		case workorder.KeyTooLate:
			return p.T("order.error.too_late")
		}
	}
	return p.ErrorText(err)
}

// deskFormError reports a form that could not be read: a body over the
// UI's limit is passed on as it is (the error page answers 413), anything
// else is a bad form.
func deskFormError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return fault.Invalidf("form", "%v", err)
}

// deskUpload stores the files of a form as the JSON API's upload does and
// returns their metadata; a bad file is a field error.
func (ui *UI) deskUpload(ctx context.Context, r *http.Request, errs *fault.List) ([]workorder.Attachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []workorder.Attachment
	for _, fh := range r.MultipartForm.File["file"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the file input was left empty
		}
		if fh.Size > hotline.MaxAttachment {
			e := fault.New(fault.TooLarge, "is larger than %d MiB", hotline.MaxAttachment>>20).
				WithKey("order.file.too_large", map[string]any{"mb": hotline.MaxAttachment >> 20})
			e.Field = "file"
			*errs = append(*errs, e)
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(f, hotline.MaxAttachment+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		att, err := ui.svc.StoreAttachment(ctx, fh.Filename, b)
		if fe := fault.As(err); fe != nil && fe.Field == "file" {
			*errs = append(*errs, fe)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, att)
	}
	return out, nil
}

// deskBool reads a yes/no choice (radio buttons or two submit buttons);
// no choice is a field error.
func deskBool(errs *fault.List, f url.Values, name string) bool {
	switch f.Get(name) {
	case "true":
		return true
	case "false":
		return false
	}
	errs.Add(name, "is required")
	return false
}

// deskCommand builds an action's command from its form.
func deskCommand(action string, f url.Values, files []workorder.Attachment, errs *fault.List) workorder.Command {
	switch action {
	case workorder.ActionAnswer:
		return workorder.AnswerDirect{Answer: f.Get("answer")}
	case workorder.ActionEmergency:
		return workorder.TransferEmergency{Service: f.Get("service"), Note: f.Get("note")}
	case workorder.ActionDecline:
		return workorder.Decline{Reason: f.Get("reason")}
	case workorder.ActionDispatch:
		lead := deskInt(errs, f, "lead")
		return workorder.Dispatch{Lead: lead, Assist: deskInts(errs, f, "assist", lead), Note: f.Get("note")}
	case workorder.ActionRedispatch:
		lead := deskInt(errs, f, "lead")
		return workorder.Redispatch{Lead: lead, Assist: deskInts(errs, f, "assist", lead), Note: f.Get("note")}
	case workorder.ActionRehandle:
		lead := deskInt(errs, f, "lead")
		return workorder.Rehandle{Lead: lead, Assist: deskInts(errs, f, "assist", lead), Reason: f.Get("reason")}
	case workorder.ActionSign:
		return workorder.Sign{}
	case workorder.ActionSubDispatch:
		return workorder.SubDispatch{Unit: deskInt(errs, f, "unit"), Note: f.Get("note")}
	case workorder.ActionReturn:
		return workorder.Return{Reason: f.Get("reason")}
	case workorder.ActionRefuseReturn:
		return workorder.RefuseReturn{Reason: f.Get("reason")}
	case workorder.ActionRequestExtension:
		return workorder.RequestExtension{Days: int(deskInt(errs, f, "days")), Reason: f.Get("reason")}
	case workorder.ActionDecideExtension:
		c := workorder.DecideExtension{Approve: deskBool(errs, f, "approve"), Reason: f.Get("reason")}
		if c.Approve {
			c.Days = int(deskInt(errs, f, "days"))
		}
		return c
	case workorder.ActionRequestSuspension:
		return workorder.RequestSuspension{Reason: f.Get("reason")}
	case workorder.ActionDecideSuspension:
		return workorder.DecideSuspension{Approve: deskBool(errs, f, "approve"), Reason: f.Get("reason")}
	case workorder.ActionResume:
		return workorder.Resume{}
	case workorder.ActionReply:
		return workorder.Reply{Text: f.Get("text"), Attachments: files}
	case workorder.ActionReview:
		return workorder.Review{Accept: deskBool(errs, f, "accept"), Reason: f.Get("reason")}
	case workorder.ActionCallback:
		c := workorder.Callback{Reached: deskBool(errs, f, "reached"), Note: f.Get("note")}
		if c.Reached {
			c.Resolved = deskBool(errs, f, "resolved")
			c.Satisfaction = int(deskInt(errs, f, "satisfaction"))
		}
		return c
	case workorder.ActionClose:
		return workorder.Close{Reason: f.Get("reason")}
	case workorder.ActionUrge:
		return workorder.Urge{Note: f.Get("note")}
	case workorder.ActionSupervise:
		return workorder.Supervise{Note: f.Get("note")}
	case workorder.ActionMerge:
		return workorder.Merge{Master: strings.TrimSpace(f.Get("master"))}
	case workorder.ActionNote:
		return workorder.Note{Text: f.Get("text"), Internal: f.Get("internal") == "true"}
	case workorder.ActionAttach:
		if len(files) == 0 {
			if len(*errs) == 0 {
				errs.Add("file", "is required")
			}
			return workorder.Attach{}
		}
		return workorder.Attach{Attachment: files[0]}
	}
	return nil
}
