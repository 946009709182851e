package web

// "My applications" (我的办件) on the applicant portal: the applicant's
// ID number and the phone number they gave list their applications, each
// with the link to its page. Both must match, as the citizen portal asks
// for an order's number and phone: an ID number alone is known to too
// many people to open someone's applications.

import (
	"net/http"
	"strings"

	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/storage"
)

func init() {
	register("GET /online/mine", true, func(ui *UI) handler { return ui.onlineMineForm })
	register("POST /online/mine", true, func(ui *UI) handler { return ui.onlineMine })
	addNav("/online/mine", "online.nav.mine", "public")
}

// onlineMineLimit is how many applications the list shows, newest first.
const onlineMineLimit = 50

type onlineMineData struct {
	Looked bool
	Rows   []onlineMineRow
}

type onlineMineRow struct {
	No, Item, Link, Submitted string
	State                     application.State
	BundleNo                  string
}

func (ui *UI) onlineMineForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("online.mine.title")
	p.Data = onlineMineData{}
	ui.render(w, http.StatusOK, p, "online_mine")
	return nil
}

// digits keeps the digits of a phone number, so that 139-4781-1111 and
// 13947811111 are the same number.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (ui *UI) onlineMine(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Title = p.T("online.mine.title")
	p.Form = r.PostForm
	id, phone := strings.TrimSpace(p.Value("id_number")), digits(p.Value("phone"))
	if id == "" {
		p.Errors["id_number"] = p.T("online.error.id_required")
	}
	if phone == "" {
		p.Errors["phone"] = p.T("online.error.phone_required")
	}
	d := onlineMineData{}
	p.Data = d
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		ui.render(w, http.StatusBadRequest, p, "online_mine")
		return nil
	}
	if !ui.portal().allow(r, "track", trackEvery, trackBurst) {
		return fault.New(fault.RateLimited, "too many look-ups from this address").WithKey("portal.rate_limited", nil)
	}
	vs, _, err := ui.hall().List(r.Context(), hall.Applicant(id), storage.ApplicationFilter{Limit: onlineMineLimit})
	if err != nil {
		return err
	}
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return err
	}
	d.Looked = true
	for _, v := range vs {
		a := v.App
		if digits(a.Applicant.Phone) != phone {
			continue
		}
		d.Rows = append(d.Rows, onlineMineRow{No: a.No, Item: a.Item.NameZH, State: a.State, BundleNo: a.Bundle.No,
			Submitted: p.Time(a.SubmittedAt), Link: onlineLink("/online/applications/", a.No, trackToken(key, a.No, a.Applicant.IDNumber), "")})
	}
	p.Data = d
	ui.render(w, http.StatusOK, p, "online_mine")
	return nil
}
