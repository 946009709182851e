package web

// Shared parts of the staff pages of the 12345 line (agent desk, centre
// desk, unit inbox, order page): name look-ups, list rows, deadline
// badges, form errors under the form's own field names, and fragments for
// htmx. Identifiers carry a desk prefix because other page files share the
// package.

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"tongban/internal/access"
	"tongban/internal/category"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// deskOpt is an option of a select.
type deskOpt struct {
	Value, Label string
	Selected     bool
}

// deskOptGroup is an optgroup of a select.
type deskOptGroup struct {
	Label   string
	Options []deskOpt
}

// deskDir looks up what the staff pages show by name: units, regions,
// categories and staff members, in the page's language.
type deskDir struct {
	p       *Page
	ui      *UI
	units   map[int64]org.Unit
	all     []org.Unit
	regions *region.Tree
	cats    map[string]storage.Category
	catList []storage.Category
	staff   map[int64]string
	now     time.Time
	cal     workorder.Calendar
}

// deskDirectory loads the organisation (and, when asked, the category tree)
// for one request.
func (ui *UI) deskDirectory(ctx context.Context, p *Page, withCategories bool) (*deskDir, error) {
	us, err := ui.st.Units(ctx)
	if err != nil {
		return nil, err
	}
	d := &deskDir{p: p, ui: ui, units: make(map[int64]org.Unit, len(us)), all: us, regions: ui.svc.Regions(),
		staff: map[int64]string{}, now: ui.svc.Now(), cal: ui.svc.Calendar()}
	for _, u := range us {
		d.units[u.ID] = u
	}
	if withCategories {
		cs, err := ui.st.Categories(ctx)
		if err != nil {
			return nil, err
		}
		d.catList = cs
		d.cats = make(map[string]storage.Category, len(cs))
		for _, c := range cs {
			d.cats[c.Code] = c
		}
	}
	return d, nil
}

// Unit returns a unit's name in the page's language.
func (d *deskDir) unit(id int64) string {
	if u, ok := d.units[id]; ok {
		return d.p.Name(u.NameZH, u.NameMN)
	}
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatInt(id, 10)
}

// regionName is one region's name in the page's language.
func (d *deskDir) regionName(r region.Region) string { return d.p.Name(r.Name, r.NameMN) }

// regionPath is the names from the league (prefecture level) down to code.
func (d *deskDir) regionPath(code string) string {
	r, ok := d.regions.Get(code)
	if !ok {
		return code
	}
	var names []string
	for _, a := range d.regions.Ancestors(code) {
		if a.Level >= region.LevelPrefecture {
			names = append(names, d.regionName(a))
		}
	}
	names = append(names, d.regionName(r))
	return strings.Join(names, " / ")
}

// regionShort is the path below the league, for tables: "阿拉善左旗 / 巴彦浩特镇".
func (d *deskDir) regionShort(code string) string {
	r, ok := d.regions.Get(code)
	if !ok {
		return code
	}
	if r.Level <= region.LevelPrefecture {
		return d.regionName(r)
	}
	var names []string
	for _, a := range d.regions.Ancestors(code) {
		if a.Level > region.LevelPrefecture {
			names = append(names, d.regionName(a))
		}
	}
	return strings.Join(append(names, d.regionName(r)), " / ")
}

// categoryPath is a category's names from the top down.
func (d *deskDir) categoryPath(code string) string {
	var names []string
	for c, ok := d.cats[code]; ok && len(names) < category.MaxDepth+1; c, ok = d.cats[c.Parent] {
		names = append(names, d.p.Name(c.NameZH, c.NameMN))
		if c.Parent == "" {
			break
		}
	}
	if len(names) == 0 {
		return code
	}
	slices.Reverse(names)
	return strings.Join(names, category.PathSeparator)
}

// staffName is a staff member's display name, looked up once per request.
func (d *deskDir) staffName(ctx context.Context, id int64) string {
	if n, ok := d.staff[id]; ok {
		return n
	}
	n := "#" + strconv.FormatInt(id, 10)
	if st, err := d.ui.st.StaffMember(ctx, id); err == nil {
		n = st.DisplayName
	}
	d.staff[id] = n
	return n
}

// dispatchTargets are the units the centre dispatches to: departments and
// town offices (committees are reached by sub-dispatch), grouped by the
// league and each banner.
func (d *deskDir) dispatchTargets(selected ...string) []deskOptGroup {
	groups := map[string]*deskOptGroup{}
	var order []string
	for _, u := range d.all {
		if !u.Active || (u.Kind != org.Department && u.Kind != org.TownOffice) {
			continue
		}
		key := u.RegionCode
		if r, ok := d.regions.Get(u.RegionCode); ok && r.Level > region.LevelCounty {
			for _, a := range d.regions.Ancestors(u.RegionCode) {
				if a.Level == region.LevelCounty {
					key = a.Code
				}
			}
		}
		g, ok := groups[key]
		if !ok {
			label := key
			if r, ok := d.regions.Get(key); ok {
				label = d.regionName(r)
			}
			g = &deskOptGroup{Label: label}
			groups[key] = g
			order = append(order, key)
		}
		id := strconv.FormatInt(u.ID, 10)
		g.Options = append(g.Options, deskOpt{Value: id, Label: d.p.Name(u.NameZH, u.NameMN), Selected: slices.Contains(selected, id)})
	}
	slices.Sort(order) // league first (its code sorts before its banners')
	out := make([]deskOptGroup, 0, len(order))
	for _, k := range order {
		g := groups[k]
		// departments before town offices: kind order, then as loaded
		slices.SortStableFunc(g.Options, func(a, b deskOpt) int {
			return deskKindRank(d.units, a.Value) - deskKindRank(d.units, b.Value)
		})
		out = append(out, *g)
	}
	return out
}

func deskKindRank(units map[int64]org.Unit, id string) int {
	n, _ := strconv.ParseInt(id, 10, 64)
	return slices.Index(org.Kinds, units[n].Kind)
}

// subTargets are the units below the viewer's unit, grouped by the region
// one level below the viewer's.
func (d *deskDir) subTargets(viewer int64, selected string) []deskOptGroup {
	me, ok := d.units[viewer]
	if !ok {
		return nil
	}
	myLevel := region.LevelOfCode(me.RegionCode)
	groups := map[string]*deskOptGroup{}
	var order []string
	for _, u := range d.all {
		if u.ID == viewer || !d.ui.svc.CanSubDispatch(viewer, u.ID) {
			continue
		}
		key := u.RegionCode
		for _, a := range d.regions.Ancestors(u.RegionCode) {
			if a.Level == myLevel+1 {
				key = a.Code
			}
		}
		g, ok := groups[key]
		if !ok {
			label := key
			if r, ok := d.regions.Get(key); ok {
				label = d.regionName(r)
			}
			g = &deskOptGroup{Label: label}
			groups[key] = g
			order = append(order, key)
		}
		id := strconv.FormatInt(u.ID, 10)
		g.Options = append(g.Options, deskOpt{Value: id, Label: d.p.Name(u.NameZH, u.NameMN), Selected: id == selected})
	}
	slices.Sort(order)
	out := make([]deskOptGroup, 0, len(order))
	for _, k := range order {
		g := groups[k]
		slices.SortStableFunc(g.Options, func(a, b deskOpt) int {
			return deskKindRank(d.units, a.Value) - deskKindRank(d.units, b.Value)
		})
		out = append(out, *g)
	}
	return out
}

// deskRow is one order in a list.
type deskRow struct {
	No, Title, Type, State, Region string
	Received, Due                  time.Time
	Level                          string // "", yellow or red
	Problem                        bool
	Version                        int
	Pending                        []string // pending extension or suspension requests
	// Callback is true when the viewer may record the callback from the list.
	Callback bool
}

// row turns a listed order into a table row; unit is the viewer's unit for
// an inbox (its own assignment's dates), 0 for the centre.
func (d *deskDir) row(s storage.OrderSummary, unit int64, sub access.Subject) deskRow {
	o := access.View(sub, s.Order)
	r := deskRow{No: o.No, Title: o.Title, Type: string(o.Type), State: string(o.State), Region: d.regionShort(o.RegionCode),
		Received: o.Times.Registered, Version: o.Version, Problem: o.Problem,
		Level: deskLevel(o, d.now, d.cal, s.Warning)}
	switch o.State {
	case workorder.StateRegistered:
		r.Due = o.DispatchDue
	case workorder.StateCallback:
		r.Due = o.CallbackDue
	case workorder.StateDispatched, workorder.StateReturned, workorder.StateHandling, workorder.StateReplied:
		r.Due = o.ReplyDue()
	}
	if unit != 0 {
		var mine *workorder.Assignment
		for i := range o.Assignments {
			if a := &o.Assignments[i]; a.UnitID == unit && (mine == nil || a.Open() || !mine.Open()) {
				mine = a
			}
		}
		if mine != nil {
			r.Received, r.Due = mine.At, mine.ReplyDue
			if mine.State == workorder.AssignDispatched {
				r.Due = mine.SignDue
			}
		}
	}
	if o.Extension != nil {
		r.Pending = append(r.Pending, d.p.T("desk.pending.extension", "days", o.Extension.Days))
	}
	if o.Suspension != nil {
		r.Pending = append(r.Pending, d.p.T("desk.pending.suspension"))
	}
	r.Callback = slices.Contains(d.ui.svc.Allowed(sub, o), workorder.ActionCallback)
	return r
}

// deskLevel is the worse of the stored warning and the live one, so a list
// is right even before the sweeper has run.
func deskLevel(o *workorder.Order, now time.Time, cal workorder.Calendar, stored string) string {
	lvl := stored
	if cal == nil {
		return lvl
	}
	for _, w := range o.Warnings(now, cal) {
		if w.Level == workorder.LevelRed {
			return string(workorder.LevelRed)
		}
		if lvl == "" {
			lvl = string(w.Level)
		}
	}
	return lvl
}

// deskList is one page of a list with the link to the next.
type deskList struct {
	Rows []deskRow
	More string // URL of the next page, "" when there is none
}

// list runs a filtered, scoped query and builds the rows; keep filters
// the page of results further (filtering in Go, as the centre desk does
// for pending requests).
func (d *deskDir) list(ctx context.Context, sub access.Subject, f storage.OrderFilter, unit int64, moreBase url.Values, keep func(*workorder.Order) bool) (deskList, error) {
	sc := access.OrderScope(sub)
	f.ScopeAll, f.ScopeRegion, f.ScopeUnit = sc.All, sc.RegionPrefix, sc.UnitID
	rows, next, err := d.ui.st.ListOrders(ctx, f)
	if err != nil {
		return deskList{}, err
	}
	var out deskList
	for _, s := range rows {
		if keep != nil && !keep(s.Order) {
			continue
		}
		out.Rows = append(out.Rows, d.row(s, unit, sub))
	}
	if next != 0 && moreBase != nil {
		q := url.Values{}
		for k, v := range moreBase {
			q[k] = v
		}
		q.Set("cursor", strconv.FormatInt(next, 10))
		out.More = "?" + q.Encode()
	}
	return out, nil
}

// deskCursor reads the cursor of a list page.
func deskCursor(r *http.Request) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get("cursor"), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// deskRequireRole refuses roles a page is not for with a 403 page.
func deskRequireRole(p *Page, roles ...org.Role) error {
	if p.Principal != nil && slices.Contains(roles, p.Principal.Staff.Role) {
		return nil
	}
	return fault.Forbiddenf("this page is not for your role").WithKey("error.forbidden", nil)
}

var deskIndexRe = regexp.MustCompile(`\[[0-9]+\]`)

// deskFieldName maps a domain field path to the form field that holds it:
// assist[2] → assist, attachments[0].name → file.
func deskFieldName(f string) string {
	f = deskIndexRe.ReplaceAllString(f, "")
	if strings.HasPrefix(f, "attachment") {
		return "file"
	}
	return f
}

// deskSetErrors records a domain error as translated field errors with
// Page.SetErrors, after mapping the domain's field paths to form fields
// (rename maps a domain field to the form's name where a page has two
// fields of the same domain name) and giving "is required" its own message.
// It returns false for errors that are not about fields.
func deskSetErrors(p *Page, err error, rename map[string]string) bool {
	var list fault.List
	if !errors.As(err, &list) {
		fe := fault.As(err)
		if fe == nil || fe.Code != fault.Invalid || fe.Field == "" {
			return false
		}
		list = fault.List{fe}
	}
	for _, e := range list {
		e.Field = deskFieldName(e.Field)
		if e.Key == "" && strings.HasPrefix(e.Message, "is required") {
			label := e.Field
			if p.ui.cat.Has(p.Lang, "field."+e.Field) {
				label = p.T("field." + e.Field)
			}
			e.Key, e.Args = "desk.error.required", map[string]any{"field": label}
		}
	}
	saved := p.Errors
	p.Errors = map[string]string{}
	p.SetErrors(list)
	for k, v := range p.Errors {
		if to, ok := rename[k]; ok {
			k = to
		}
		if _, dup := saved[k]; !dup {
			saved[k] = v
		}
	}
	p.Errors = saved
	return true
}

// deskRenderPart renders one named template of a page's set without the
// layout: the fragments htmx swaps in.
func (ui *UI) deskRenderPart(w http.ResponseWriter, page, name string, data any) {
	t, ok := ui.tmpl.pages[page]
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		slog.Error("render part", slog.String("template", name), slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// deskCopy returns a copy of form values, so a page can keep what the user
// typed while the request's form is reused.
func deskCopy(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// DeskTextClass is the class of a block of text people typed: vertical
// (prose) when it is written in Mongolian script, whatever the page's
// language, and horizontal otherwise — a Chinese description stays
// horizontal on a Mongolian page.
func (p *Page) DeskTextClass(s string) string {
	if deskMongolian(s) {
		return "usertext prose mong"
	}
	return "usertext"
}

// deskMongolian reports whether s is mostly Mongolian script among its
// letters.
func deskMongolian(s string) bool {
	mong, other := 0, 0
	for _, r := range s {
		switch {
		case r >= 0x1820 && r <= 0x18AF:
			mong++
		case unicode.IsLetter(r):
			other++
		}
	}
	return mong > 0 && mong >= other
}
