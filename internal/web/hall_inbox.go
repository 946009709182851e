package web

// The back office's inbox (/hall/inbox, 后台分类审批): the applications the
// approver's department owns, by where they are — under review, paused
// for a legally excluded period, decided and waiting for the window to
// issue — those whose time limits are running out, and the verification
// tasks of notify-and-commit promises (告知承诺核查).

import (
	"net/http"
	"slices"

	"tongban/internal/application"
	"tongban/internal/org"
	"tongban/internal/storage"
)

func init() {
	register("GET /hall/inbox", false, func(ui *UI) handler { return ui.hallInbox })
}

// hallInboxTabs are the inbox's tabs; yellow and red select by warning.
var hallInboxTabs = []string{"review", "paused", "approved", "yellow", "red", "verify"}

type hallInboxData struct {
	Tabs []deskTab
	Tab  string
	Rows []hallRow
}

func (ui *UI) hallInbox(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.Approver); err != nil {
		return err
	}
	tab := r.URL.Query().Get("tab")
	if !slices.Contains(hallInboxTabs, tab) {
		tab = hallInboxTabs[0]
	}
	f := storage.ApplicationFilter{OwnerUnit: p.Principal.Unit.ID, Limit: 50}
	open := []string{string(application.Reviewing), string(application.Paused)}
	switch tab {
	case "review":
		f.States = []string{string(application.Reviewing)}
	case "paused":
		f.States = []string{string(application.Paused)}
	case "approved":
		f.States = []string{string(application.Approved)}
	case "yellow", "red":
		f.States, f.Warning = open, tab
	case "verify":
		f.VerifyPending = true
	}
	vs, _, err := ui.hall().List(r.Context(), hallCaller(p), f)
	if err != nil {
		return err
	}
	d := hallInboxData{Tab: tab, Rows: hallRows(r.Context(), p, vs)}
	for _, t := range hallInboxTabs {
		d.Tabs = append(d.Tabs, deskTab{Key: t, Label: p.T("hall.inbox.tab." + t), URL: "/hall/inbox?tab=" + t, Current: t == tab})
	}
	p.Title = p.T("hall.inbox.title", "unit", p.Name(p.Principal.Unit.NameZH, p.Principal.Unit.NameMN))
	p.Data = d
	ui.render(w, http.StatusOK, p, "hall_inbox")
	return nil
}
