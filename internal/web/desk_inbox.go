package web

// The unit inbox (/inbox): what a department or town office has to sign,
// what it is handling, and what is running late, for its handlers and its
// head.

import (
	"net/http"
	"net/url"
	"slices"

	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

func init() {
	register("GET /inbox", false, func(ui *UI) handler { return ui.deskInbox })
	addNav("/inbox", "inbox.nav", string(org.Handler), string(org.UnitHead))
	homes[org.Handler] = "/inbox"
	homes[org.UnitHead] = "/inbox"
}

// deskTab is a tab of a list page: a plain link, so it works without
// JavaScript and can be bookmarked.
type deskTab struct {
	Key, Label, URL string
	Current         bool
}

// deskListData is a tabbed list page.
type deskListData struct {
	Tabs     []deskTab
	Tab      string
	Sections []deskSection
	Back     string // where inline forms return to
}

// deskSection is one table of a list page.
type deskSection struct {
	Heading string // message ID; "" for none
	Empty   string // message ID shown when there are no rows
	List    deskList
	Unit    bool // the viewer's unit's dates (inbox)
	State   bool // show the order's state
	Pending bool // show pending requests
	Inline  bool // offer the callback form in the row
}

var deskInboxTabs = []string{"sign", "progress", "yellow", "red"}

func (ui *UI) deskInbox(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.Handler, org.UnitHead); err != nil {
		return err
	}
	tab := r.URL.Query().Get("tab")
	if !slices.Contains(deskInboxTabs, tab) {
		tab = deskInboxTabs[0]
	}
	d, err := ui.deskDirectory(r.Context(), p, false)
	if err != nil {
		return err
	}
	unit := p.Principal.Unit.ID
	open := []string{string(workorder.AssignDispatched), string(workorder.AssignSigned)}
	f := storage.OrderFilter{UnitID: unit, Before: deskCursor(r), Limit: 30}
	switch tab {
	case "sign":
		f.UnitStates = []string{string(workorder.AssignDispatched)}
	case "progress":
		f.UnitStates = []string{string(workorder.AssignSigned)}
	case "yellow":
		f.UnitStates, f.Warning = open, string(workorder.LevelYellow)
	case "red":
		f.UnitStates, f.Warning = open, string(workorder.LevelRed)
	}
	l, err := d.list(r.Context(), p.subject(), f, unit, url.Values{"tab": {tab}}, nil)
	if err != nil {
		return err
	}
	data := deskListData{Tab: tab, Back: "/inbox?tab=" + tab,
		Sections: []deskSection{{Empty: "inbox.empty." + tab, List: l, Unit: true}}}
	for _, t := range deskInboxTabs {
		data.Tabs = append(data.Tabs, deskTab{Key: t, Label: p.T("inbox.tab." + t), URL: "/inbox?tab=" + t, Current: t == tab})
	}
	p.Title = p.T("inbox.title", "unit", p.Name(p.Principal.Unit.NameZH, p.Principal.Unit.NameMN))
	p.Data = data
	ui.render(w, http.StatusOK, p, "desk_inbox")
	return nil
}
