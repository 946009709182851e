package web

// The centre desk (/desk/centre): the hotline centre's queues — orders to
// dispatch, returns to rule on, extension and suspension requests, replies
// to review, callbacks due (with the callback form in the row), the overdue
// board and problem orders. Agents, supervisors and leaders see the same
// queues; the forms appear only where the domain lets them act.

import (
	"net/http"
	"net/url"
	"slices"

	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

func init() {
	register("GET /desk/centre", false, func(ui *UI) handler { return ui.deskCentre })
	addNav("/desk/centre", "desk.nav.centre", string(org.Dispatcher), string(org.Agent), string(org.Supervisor), string(org.Leader))
	homes[org.Dispatcher] = "/desk/centre"
	homes[org.Supervisor] = "/desk/centre"
	homes[org.Leader] = "/desk/centre"
}

var deskCentreTabs = []string{"dispatch", "returns", "requests", "review", "callback", "overdue", "problem"}

// deskRequestPage is how many handling orders the requests tab looks at per
// page; it keeps those with a pending request.
const deskRequestPage = 200

func (ui *UI) deskCentre(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.Dispatcher, org.Agent, org.Supervisor, org.Leader); err != nil {
		return err
	}
	q := r.URL.Query()
	tab := q.Get("tab")
	if !slices.Contains(deskCentreTabs, tab) {
		tab = deskCentreTabs[0]
	}
	ctx := r.Context()
	d, err := ui.deskDirectory(ctx, p, false)
	if err != nil {
		return err
	}
	sub := p.subject()
	more := url.Values{"tab": {tab}}
	cursor := deskCursor(r)
	one := func(f storage.OrderFilter, keep func(*workorder.Order) bool, sec deskSection) ([]deskSection, error) {
		f.Before = cursor
		if f.Limit == 0 {
			f.Limit = 30
		}
		l, err := d.list(ctx, sub, f, 0, more, keep)
		if err != nil {
			return nil, err
		}
		sec.List = l
		if sec.Empty == "" {
			sec.Empty = "desk.empty." + tab
		}
		return []deskSection{sec}, nil
	}
	states := func(s workorder.State) storage.OrderFilter { return storage.OrderFilter{States: []string{string(s)}} }
	var secs []deskSection
	switch tab {
	case "dispatch":
		secs, err = one(states(workorder.StateRegistered), nil, deskSection{})
	case "returns":
		secs, err = one(states(workorder.StateReturned), nil, deskSection{})
	case "requests":
		f := states(workorder.StateHandling)
		f.Limit = deskRequestPage
		secs, err = one(f, func(o *workorder.Order) bool { return o.Extension != nil || o.Suspension != nil }, deskSection{Pending: true})
	case "review":
		secs, err = one(states(workorder.StateReplied), nil, deskSection{})
	case "callback":
		secs, err = one(states(workorder.StateCallback), nil, deskSection{Inline: true})
	case "problem":
		yes := true
		secs, err = one(storage.OrderFilter{Problem: &yes}, nil, deskSection{State: true})
	case "overdue":
		// Red first, then yellow; each has its own "more" link.
		for _, lv := range []workorder.Level{workorder.LevelRed, workorder.LevelYellow} {
			if want := q.Get("level"); want != "" && want != string(lv) {
				continue
			}
			f := storage.OrderFilter{Warning: string(lv), Limit: 30}
			if q.Get("level") == string(lv) {
				f.Before = cursor
			}
			l, err := d.list(ctx, sub, f, 0, url.Values{"tab": {tab}, "level": {string(lv)}}, nil)
			if err != nil {
				return err
			}
			secs = append(secs, deskSection{Heading: "desk.overdue." + string(lv), Empty: "desk.empty.overdue." + string(lv), List: l, State: true})
		}
	}
	if err != nil {
		return err
	}
	data := deskListData{Tab: tab, Sections: secs, Back: "/desk/centre?tab=" + tab}
	for _, t := range deskCentreTabs {
		data.Tabs = append(data.Tabs, deskTab{Key: t, Label: p.T("desk.tab." + t), URL: "/desk/centre?tab=" + t, Current: t == tab})
	}
	if no := q.Get("no"); q.Get("n") != "" && workorder.ValidOrderNo(no) && slices.Contains(deskPageActions, q.Get("n")) {
		p.Notice = p.T("order.notice.done", "no", no, "action", p.T("action."+q.Get("n")))
	}
	p.Title = p.T("desk.centre.title")
	p.Data = data
	ui.render(w, http.StatusOK, p, "desk_centre")
	return nil
}
