package web

// The government-service hall pages (issue 5, DOMAIN.md §5): the
// comprehensive window's desk (前台综合受理), the back office's inbox
// (后台分类审批), the application and bundle pages and the printable
// item guide. They call package hall, as the JSON API does; strings come
// from the hall.*, item.*, app.* and bundle.* messages.

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/org"
)

func init() {
	addNav("/hall/window", "hall.nav.window", string(org.WindowClerk))
	addNav("/hall/inbox", "hall.nav.inbox", string(org.Approver))
	homes[org.WindowClerk] = "/hall/window"
	homes[org.Approver] = "/hall/inbox"
}

// hall returns the application service.
func (ui *UI) hall() *hall.Service { return ui.apps }

// hallCaller is the signed-in staff member as the hall service sees them.
func hallCaller(p *Page) hall.Caller { return hall.Staff(p.subject()) }

// hallErrKey is the message of a domain error key on the hall pages: the
// domain's keys (applicant.id.digit, application.accept.missing, …) are
// translated under hall.err.
func hallErrKey(key string) string { return "hall.err." + key }

// hallText translates a domain error for the hall pages: its own message
// when the catalog has one, else the generic text of its code.
func hallText(p *Page, fe *fault.Error) string {
	if fe.Key != "" {
		if id := hallErrKey(fe.Key); p.ui.cat.Has(p.Lang, id) {
			return p.ui.cat.T(p.Lang, id, hallArgs(fe.Args))
		}
		if p.ui.cat.Has(p.Lang, fe.Key) {
			return p.ui.cat.T(p.Lang, fe.Key, hallArgs(fe.Args))
		}
	}
	return p.T("error." + string(fe.Code))
}

// hallArgs makes error arguments printable: lists are joined.
func hallArgs(args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		if l, ok := v.([]string); ok {
			v = strings.Join(l, "、")
		}
		out[k] = v
	}
	return out
}

// hallErrorText is the page-wide message of an error that is not about a
// form field.
func hallErrorText(p *Page, err error) string {
	if fe := fault.As(err); fe != nil {
		return hallText(p, fe)
	}
	return p.T("error." + string(fault.CodeOf(err)))
}

var hallIndexRe = regexp.MustCompile(`\[[0-9]+\]`)

// hallField maps a domain field path to the form field that shows its
// error: applicant.id_number → id_number, defects[2].problem →
// defects_problem, form.address → form_address; prefix names the form of
// an action (accept_notice_no).
func hallField(prefix, f string) string {
	f = hallIndexRe.ReplaceAllString(f, "")
	f = strings.TrimPrefix(f, "applicant.")
	f = strings.ReplaceAll(f, ".", "_")
	if prefix != "" {
		f = prefix + "_" + f
	}
	return f
}

// hallSetErrors records validation errors as field errors in the user's
// language, named by hallField, and puts every one of them in the page's
// message too, since some (a material missing) belong to no input. It
// returns false for errors that are not validation errors.
func hallSetErrors(p *Page, prefix string, err error) bool {
	var list fault.List
	if !errors.As(err, &list) {
		fe := fault.As(err)
		if fe == nil || fe.Code != fault.Invalid {
			return false
		}
		list = fault.List{fe}
	}
	var texts []string
	for _, e := range list {
		name := hallField(prefix, e.Field)
		var text string
		switch {
		case e.Key != "":
			text = hallText(p, e)
		case p.ui.cat.Has(p.Lang, "hall.field."+name):
			text = p.T("error.field", "field", p.T("hall.field."+name))
		case p.ui.cat.Has(p.Lang, "hall.field."+hallField("", e.Field)):
			text = p.T("error.field", "field", p.T("hall.field."+hallField("", e.Field)))
		default:
			text = p.T("error.field", "field", e.Field)
		}
		if _, seen := p.Errors[name]; !seen {
			p.Errors[name] = text
		}
		if !slices.Contains(texts, text) {
			texts = append(texts, text)
		}
	}
	p.Message = p.T("error.invalid") + " " + strings.Join(texts, "；")
	return true
}

// idMark splits a typed ID number or credit code around the character an
// error points at (1-based pos), so the page can show where it is wrong.
type idMark struct {
	Before, At, After string
	Pos               int
}

func hallIDMark(kind, id string, now time.Time) *idMark {
	if strings.TrimSpace(id) == "" {
		return nil
	}
	chk, err := hall.VerifyID(kind, id, now)
	if err != nil || chk.Valid || chk.Position < 1 {
		return nil
	}
	r := []rune(chk.IDNumber)
	i := chk.Position - 1
	m := &idMark{Pos: chk.Position}
	if i >= len(r) {
		m.Before, m.At = string(r), "_"
		return m
	}
	m.Before, m.At, m.After = string(r[:i]), string(r[i]), string(r[i+1:])
	return m
}

// hallCheckID adds the error of a wrong ID number or credit code when the
// domain stopped at another error first (a bundle checks its form before
// the applicant), so the clerk sees every problem at once.
func hallCheckID(p *Page, now time.Time) {
	if p.Errors["id_number"] != "" {
		return
	}
	chk, err := hall.VerifyID(hallApplicant(p).Kind, p.Value("id_number"), now)
	if err != nil || chk.Valid {
		return
	}
	p.Errors["id_number"] = hallIDText(p, chk)
}

// hallIDText is the message of a failed ID check, with the arguments the
// applicant package's messages name: the position, the character found
// there and the length.
func hallIDText(p *Page, chk hall.IDCheck) string {
	r := []rune(chk.IDNumber)
	args := map[string]any{"pos": chk.Position, "len": len(r), "got": "", "date": ""}
	if i := chk.Position - 1; i >= 0 && i < len(r) {
		args["got"] = string(r[i])
	}
	if len(r) >= 14 {
		args["date"] = string(r[6:14])
	}
	return hallText(p, &fault.Error{Code: fault.Invalid, Key: chk.Key, Args: args})
}

// hallApplicant reads the applicant fields of a window form.
func hallApplicant(p *Page) application.Applicant {
	kind := p.Value("kind")
	if kind == "" {
		kind = application.Person
	}
	return application.Applicant{Kind: kind, IDNumber: strings.TrimSpace(p.Value("id_number")),
		Name: strings.TrimSpace(p.Value("name")), Phone: strings.TrimSpace(p.Value("phone"))}
}

// unitNames caches unit names for one page.
type unitNames struct {
	ctx   context.Context
	p     *Page
	names map[int64]string
}

func (u *unitNames) name(id int64) string {
	if n, ok := u.names[id]; ok {
		return n
	}
	if u.names == nil {
		u.names = map[int64]string{}
	}
	n := fmt.Sprint(id)
	if unit, err := u.p.ui.st.Unit(u.ctx, id); err == nil {
		n = u.p.Name(unit.NameZH, unit.NameMN)
	}
	u.names[id] = n
	return n
}

// hallRow is an application in a list.
type hallRow struct {
	App     *application.Application
	Item    string
	Owner   string
	Accept  string
	Warning string
	Cross   bool
}

func hallRows(ctx context.Context, p *Page, vs []hall.View) []hallRow {
	names := &unitNames{ctx: ctx, p: p}
	out := make([]hallRow, 0, len(vs))
	for _, v := range vs {
		out = append(out, hallRow{App: v.App, Item: v.App.Item.NameZH, Owner: names.name(v.App.OwnerUnitID),
			Accept: names.name(v.App.AcceptUnitID), Warning: v.Warning, Cross: v.App.CrossRegion()})
	}
	return out
}
