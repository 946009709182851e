package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// publicOrderView is an order as its citizen sees it (DOMAIN.md §4): its
// state, its deadlines as dates and a history without internal notes,
// without staff names (units only) and without any other caller.
type publicOrderView struct {
	No, Title, Description string
	Type, State            string // translated
	Category, Region       string
	Facts                  []fact
	Result                 fact // the answer or result, when there is one
	History                []publicEvent
	Token                  string
	CanRate                bool
	Rating                 *storage.Rating
	RatingLabel            string
	Scores                 []option
}

type fact struct {
	Label, Value string
}

type publicEvent struct {
	At   time.Time
	Text string
}

func (ui *UI) publicOrder(r *http.Request, p *Page, o *workorder.Order, token string) (*publicOrderView, error) {
	ctx := r.Context()
	events, err := ui.st.OrderEvents(ctx, o.No)
	if err != nil {
		return nil, err
	}
	hist, err := workorder.History(o, events, citizen)
	if err != nil {
		return nil, err
	}
	cs, err := ui.st.Categories(ctx)
	if err != nil {
		return nil, err
	}
	ratings, err := ui.st.RatingsOf(ctx, storage.RatingOrder, o.No)
	if err != nil {
		return nil, err
	}
	v := &publicOrderView{
		No: o.No, Title: o.Title, Description: o.Description, Token: token,
		Type:     p.T("portal.type." + string(o.Type)),
		State:    p.T("portal.state." + string(o.State)),
		Category: categoryPath(p, cs, o.Category),
		Region:   ui.regionPath(p, o.RegionCode),
	}
	v.Facts = append(v.Facts, fact{p.T("portal.fact.registered"), p.Time(o.Times.Registered)})
	switch o.State {
	case workorder.StateRegistered:
		v.Facts = append(v.Facts, fact{p.T("portal.fact.dispatch_due"), p.Date(o.DispatchDue)})
	case workorder.StateDispatched, workorder.StateReturned, workorder.StateHandling, workorder.StateReplied:
		if due := o.ReplyDue(); !due.IsZero() {
			v.Facts = append(v.Facts, fact{p.T("portal.fact.reply_due"), p.Date(due)})
		}
		if o.Suspended() {
			v.Facts = append(v.Facts, fact{p.T("portal.fact.suspended"), p.Date(o.SuspendedSince)})
		}
	case workorder.StateCallback:
		v.Facts = append(v.Facts, fact{p.T("portal.fact.callback_due"), p.Date(o.CallbackDue)})
	default:
		if !o.Times.Closed.IsZero() {
			v.Facts = append(v.Facts, fact{p.T("portal.fact.closed"), p.Date(o.Times.Closed)})
		}
	}
	switch {
	case o.State == workorder.StateAnswered:
		v.Result = fact{p.T("portal.result.answer"), o.Answer}
	case o.State == workorder.StateDeclined:
		v.Result = fact{p.T("portal.result.declined"), o.DeclineReason}
	case (o.State == workorder.StateClosed || o.State == workorder.StateCallback) && o.ReplyText != "":
		v.Result = fact{p.T("portal.result.reply"), o.ReplyText}
	}
	for _, e := range hist {
		if text := ui.eventText(p, o, e); text != "" {
			v.History = append(v.History, publicEvent{e.At, text})
		}
	}
	for i := range ratings {
		if ratings[i].Channel == RatingChannel {
			v.Rating = &ratings[i]
			v.RatingLabel = p.T(scoreLabel(ratings[i].Score))
		}
	}
	v.CanRate = ratable(o.State) && v.Rating == nil
	for s := 5; s >= 1; s-- {
		v.Scores = append(v.Scores, option{string(rune('0' + s)), p.T(scoreLabel(s))})
	}
	p.Title = p.T("portal.order.title", "no", o.No)
	p.Data = v
	return v, nil
}

func scoreLabel(score int) string { return "rating.score." + string(rune('0'+score)) }

// categoryPath names a category and its ancestors in the page's language.
func categoryPath(p *Page, cs []storage.Category, code string) string {
	by := make(map[string]storage.Category, len(cs))
	for _, c := range cs {
		by[c.Code] = c
	}
	var names []string
	for c, ok := by[code]; ok && len(names) < 8; c, ok = by[c.Parent] {
		names = append([]string{p.Name(c.NameZH, c.NameMN)}, names...)
	}
	if len(names) == 0 {
		return code
	}
	return strings.Join(names, " / ")
}

// regionPath names a region from its banner down (the league is implied).
func (ui *UI) regionPath(p *Page, code string) string {
	t := ui.svc.Regions()
	r, ok := t.Get(code)
	if !ok {
		return code
	}
	var names []string
	for _, a := range t.Ancestors(code) {
		if a.Parent != "" { // the root: the league everyone here lives in
			names = append(names, p.Name(a.Name, a.NameMN))
		}
	}
	names = append(names, p.Name(r.Name, r.NameMN))
	return strings.Join(names, " / ")
}

func (ui *UI) unitName(p *Page, id int64) string {
	if u, ok := ui.svc.Unit(id); ok {
		return p.Name(u.NameZH, u.NameMN)
	}
	return ""
}

func (ui *UI) unitNames(p *Page, as []workorder.NewAssignment) string {
	var names []string
	for _, a := range as {
		if n := ui.unitName(p, a.UnitID); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, p.T("portal.list_sep"))
}

// eventText says what an event means to the citizen, or "" for events that
// are the centre's and the units' internal business: returns, requests for
// more time, urges, warnings, attachments, refusals.
func (ui *UI) eventText(p *Page, o *workorder.Order, e eventlog.Event) string {
	var (
		dispatch workorder.DispatchPayload
		redisp   workorder.RedispatchPayload
		rehandle workorder.RehandlePayload
		sub      workorder.SubDispatchPayload
		ext      workorder.DecideExtensionPayload
		susp     workorder.DecideSuspension
		reply    workorder.ReplyPayload
		review   workorder.ReviewPayload
		callback workorder.CallbackPayload
		emerg    workorder.TransferEmergency
		decline  workorder.Decline
		note     workorder.Note
	)
	decode := func(v any) bool { return json.Unmarshal(e.Payload, v) == nil }
	switch e.Type {
	case workorder.ActionRegister:
		return p.T("portal.event.register")
	case workorder.ActionAnswer:
		return p.T("portal.event.answer")
	case workorder.ActionEmergency:
		if decode(&emerg) {
			return p.T("portal.event.emergency", "service", emerg.Service)
		}
	case workorder.ActionDecline:
		if decode(&decline) {
			return p.T("portal.event.decline", "reason", decline.Reason)
		}
	case workorder.ActionDispatch:
		if decode(&dispatch) {
			return p.T("portal.event.dispatch", "units", ui.unitNames(p, dispatch.Assignments))
		}
	case workorder.ActionRedispatch:
		if decode(&redisp) {
			return p.T("portal.event.redispatch", "units", ui.unitNames(p, redisp.Assignments))
		}
	case workorder.ActionRehandle:
		if decode(&rehandle) {
			return p.T("portal.event.rehandle", "units", ui.unitNames(p, rehandle.Assignments))
		}
	case workorder.ActionSign:
		return p.T("portal.event.sign", "unit", ui.unitName(p, e.UnitID))
	case workorder.ActionSubDispatch:
		if decode(&sub) {
			return p.T("portal.event.sub_dispatch", "unit", ui.unitName(p, e.UnitID), "to", ui.unitName(p, sub.Assignment.UnitID))
		}
	case workorder.ActionDecideExtension:
		if decode(&ext) && ext.Approve {
			for _, d := range ext.Dues {
				if a := o.Assignment(d.Assignment); a != nil && a.TopLevel() && a.Lead {
					return p.T("portal.event.extended", "date", p.Date(d.ReplyDue))
				}
			}
		}
	case workorder.ActionDecideSuspension:
		if decode(&susp) && susp.Approve {
			return p.T("portal.event.suspended")
		}
	case workorder.ActionResume:
		return p.T("portal.event.resumed")
	case workorder.ActionReply:
		// Only the lead unit's reply to the centre is news to the citizen;
		// replies inside the chain of units are not.
		if decode(&reply) {
			if a := o.Assignment(reply.Assignment); a != nil && a.TopLevel() && a.Lead {
				return p.T("portal.event.reply", "unit", ui.unitName(p, a.UnitID))
			}
		}
	case workorder.ActionReview:
		if decode(&review) {
			if review.Accept {
				return p.T("portal.event.review_accepted")
			}
			return p.T("portal.event.review_returned")
		}
	case workorder.ActionCallback:
		if decode(&callback) {
			text := p.T("portal.event.callback_missed")
			if callback.Reached {
				text = p.T("portal.event.callback")
			}
			if callback.Closure != "" {
				text += p.T("portal.list_sep") + p.T("portal.event.closed")
			}
			return text
		}
	case workorder.ActionClose:
		return p.T("portal.event.closed")
	case workorder.ActionMerge:
		return p.T("portal.event.merged")
	case workorder.ActionNote:
		// History has removed internal notes already.
		if decode(&note) && !note.Internal {
			if e.UnitID != 0 {
				return p.T("portal.event.note_unit", "unit", ui.unitName(p, e.UnitID), "text", note.Text)
			}
			return p.T("portal.event.note", "text", note.Text)
		}
	}
	return ""
}
