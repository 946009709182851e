package web

// The agent desk (话务坐席): the call form. An agent registers the caller's
// request and, in the same flow, dispatches it, answers it directly from
// the knowledge base, transfers an emergency or declines it. The caller's
// earlier orders are looked up by phone number, and the region picker walks
// down the league's four levels; both work as plain form posts and are
// enhanced by htmx.

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tongban/internal/category"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

func init() {
	register("GET /desk/agent", false, func(ui *UI) handler { return ui.deskAgent })
	register("POST /desk/agent", false, func(ui *UI) handler { return ui.deskAgentPost })
	register("GET /desk/agent/caller", false, func(ui *UI) handler { return ui.deskCallerPart })
	register("GET /desk/regions", false, func(ui *UI) handler { return ui.deskRegionPart })
	addNav("/desk/agent", "desk.nav.agent", string(org.Agent), string(org.Dispatcher))
	homes[org.Agent] = "/desk/agent"
}

// deskAgentData is what the call form shows besides the typed input.
type deskAgentData struct {
	Channels   []deskOpt
	Types      []deskOpt
	Langs      []deskOpt
	Urgencies  []deskOpt
	Services   []deskOpt
	Categories []deskOptGroup
	Region     deskRegionPicker
	Lead       []deskOptGroup
	Assist     []deskOptGroup
	History    deskCallerHistory
}

// deskCallerHistory is the caller's earlier orders.
type deskCallerHistory struct {
	Phone  string // as typed
	Looked bool   // a valid number was looked up
	Rows   []deskRow
}

// deskRegionLevel is one select of the region picker.
type deskRegionLevel struct {
	N       int
	Label   string
	Options []deskOpt
}

// deskRegionPicker is the cascading region picker: league → banner → town
// → gacha. Code is the deepest region chosen.
type deskRegionPicker struct {
	Levels []deskRegionLevel
	Code   string
	Err    string
}

// The order's fields the form has, in the domain's names.
var deskChannels = []workorder.Channel{workorder.ChannelPhone, workorder.ChannelWeb, workorder.ChannelApp, workorder.ChannelWeChat,
	workorder.ChannelSMS, workorder.ChannelEmail, workorder.ChannelLetter, workorder.ChannelWalkIn, workorder.ChannelPlatform,
	workorder.ChannelTransfer110}

var deskTypes = []workorder.Type{workorder.TypeConsult, workorder.TypeHelp, workorder.TypeComplaint, workorder.TypeReport,
	workorder.TypeSuggestion}

// deskAgentAllowed: the call form is for the agents and dispatchers of the
// hotline centre and its sub-centres, who see callers' identities.
func deskAgentAllowed(p *Page) error {
	if err := deskRequireRole(p, org.Agent, org.Dispatcher); err != nil {
		return err
	}
	if !p.Principal.Unit.Kind.Hotline() {
		return fault.Forbiddenf("only the hotline centre takes calls").WithKey("error.forbidden", nil)
	}
	return nil
}

func (ui *UI) deskAgent(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskAgentAllowed(p); err != nil {
		return err
	}
	q := r.URL.Query()
	p.Form = url.Values{}
	p.Form.Set("channel", string(workorder.ChannelPhone))
	p.Form.Set("urgency", string(workorder.UrgencyNormal))
	p.Form.Set("caller.lang", string(p.Lang))
	if v := q.Get("phone"); v != "" {
		p.Form.Set("caller.phone", v)
	}
	if v := q.Get("region_code"); v != "" {
		p.Form.Set("region_code", v)
	}
	return ui.deskAgentRender(w, r, p, http.StatusOK)
}

// deskAgentRender shows the call form with what p.Form holds.
func (ui *UI) deskAgentRender(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx := r.Context()
	d, err := ui.deskDirectory(ctx, p, true)
	if err != nil {
		return err
	}
	f := p.Form
	data := deskAgentData{Region: d.regionPicker(f)}
	if e := p.Err("region_code"); e != "" {
		data.Region.Err = e
	}
	for _, c := range deskChannels {
		data.Channels = append(data.Channels, deskOpt{Value: string(c), Label: p.T("channel." + string(c)), Selected: f.Get("channel") == string(c)})
	}
	for _, t := range deskTypes {
		data.Types = append(data.Types, deskOpt{Value: string(t), Label: p.T("type." + string(t)), Selected: f.Get("type") == string(t)})
	}
	for _, l := range []string{"zh", "mn"} {
		data.Langs = append(data.Langs, deskOpt{Value: l, Label: p.T("desk.caller.lang." + l), Selected: f.Get("caller.lang") == l})
	}
	for _, u := range []workorder.Urgency{workorder.UrgencyNormal, workorder.UrgencyUrgent} {
		data.Urgencies = append(data.Urgencies, deskOpt{Value: string(u), Label: p.T("order.urgency." + string(u)), Selected: f.Get("urgency") == string(u)})
	}
	for _, s := range workorder.EmergencyServices {
		data.Services = append(data.Services, deskOpt{Value: s, Label: p.T("desk.service." + s), Selected: f.Get("service") == s})
	}
	data.Categories = d.categoryGroups(f.Get("category"))
	data.Lead = d.dispatchTargets(f.Get("lead"))
	data.Assist = d.dispatchTargets(f["assist"]...)
	data.History, err = ui.deskCallerHistory(r, p, d, f.Get("caller.phone"))
	if err != nil {
		return err
	}
	p.Title = p.T("desk.agent.title")
	p.Data = data
	ui.render(w, status, p, "desk_agent")
	return nil
}

// deskCallerHistory lists the earlier orders of a caller, newest first.
func (ui *UI) deskCallerHistory(r *http.Request, p *Page, d *deskDir, phone string) (deskCallerHistory, error) {
	h := deskCallerHistory{Phone: phone}
	if strings.TrimSpace(phone) == "" {
		return h, nil
	}
	e164, err := workorder.NormalizePhone(phone)
	if err != nil {
		return h, nil
	}
	l, err := d.list(r.Context(), p.subject(), storage.OrderFilter{Phone: e164, Limit: 20}, 0, nil, nil)
	if err != nil {
		return h, err
	}
	h.Looked, h.Rows = true, l.Rows
	return h, nil
}

// deskCallerPart is the caller history fragment htmx loads as the agent
// types the number.
func (ui *UI) deskCallerPart(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskAgentAllowed(p); err != nil {
		return err
	}
	phone := r.URL.Query().Get("caller.phone")
	if phone == "" {
		phone = r.URL.Query().Get("phone")
	}
	d, err := ui.deskDirectory(r.Context(), p, false)
	if err != nil {
		return err
	}
	h, err := ui.deskCallerHistory(r, p, d, phone)
	if err != nil {
		return err
	}
	ui.deskRenderPart(w, "desk_agent", "desk-caller-history", map[string]any{"P": p, "H": h})
	return nil
}

// deskRegionPart is the region picker fragment htmx swaps in when a level
// changes.
func (ui *UI) deskRegionPart(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskRequireRole(p, org.Agent, org.Dispatcher); err != nil {
		return err
	}
	d := &deskDir{p: p, ui: ui, regions: ui.svc.Regions()}
	ui.deskRenderPart(w, "desk_agent", "desk-region-picker", map[string]any{"P": p, "R": d.regionPicker(r.URL.Query())})
	return nil
}

// regionPicker builds the four selects from the form: region.1 … region.4,
// or region_code alone (a link, a re-shown form). A level whose value is
// not a child of the level above is dropped with everything below it, so
// changing the banner clears the town.
func (d *deskDir) regionPicker(f url.Values) deskRegionPicker {
	sel := make([]string, 4)
	explicit := false
	for i := range sel {
		sel[i] = f.Get("region." + strconv.Itoa(i+1))
		explicit = explicit || sel[i] != ""
	}
	if !explicit {
		if code := f.Get("region_code"); code != "" {
			if r, ok := d.regions.Get(code); ok && r.Level >= region.LevelPrefecture {
				chain := append(d.regions.Ancestors(code), r)
				i := 0
				for _, a := range chain {
					if a.Level >= region.LevelPrefecture && i < len(sel) {
						sel[i] = a.Code
						i++
					}
				}
			}
		}
	}
	var top []region.Region
	for _, root := range d.regions.Roots() {
		if root.Level == region.LevelPrefecture {
			top = append(top, root)
		}
		for _, c := range d.regions.Children(root.Code) {
			if c.Level == region.LevelPrefecture {
				top = append(top, c)
			}
		}
	}
	var pk deskRegionPicker
	parent := ""
	for n := 1; n <= 4; n++ {
		var opts []region.Region
		switch {
		case n == 1:
			opts = top
		case parent != "":
			opts = d.regions.Children(parent)
		}
		chosen := ""
		if slices.ContainsFunc(opts, func(r region.Region) bool { return r.Code == sel[n-1] }) {
			chosen = sel[n-1]
		} else if n == 1 && len(opts) == 1 {
			chosen = opts[0].Code // one league: nothing to choose
		}
		lv := deskRegionLevel{N: n, Label: "desk.region.level." + strconv.Itoa(n)}
		for _, r := range opts {
			lv.Options = append(lv.Options, deskOpt{Value: r.Code, Label: d.regionName(r), Selected: r.Code == chosen})
		}
		pk.Levels = append(pk.Levels, lv)
		parent = chosen
		if chosen != "" {
			pk.Code = chosen
		}
	}
	return pk
}

// categoryGroups is the category tree as optgroups: one per top-level
// category, holding it, its children and their children.
func (d *deskDir) categoryGroups(selected string) []deskOptGroup {
	var active []category.Category
	for _, c := range d.catList {
		if c.Active {
			active = append(active, c)
		}
	}
	tree := category.Tree(active)
	name := func(c category.Category) string { return d.p.Name(c.NameZH, c.NameMN) }
	opt := func(c category.Category, label string) deskOpt {
		return deskOpt{Value: c.Code, Label: label, Selected: c.Code == selected}
	}
	var out []deskOptGroup
	for _, top := range tree[""] {
		g := deskOptGroup{Label: name(top), Options: []deskOpt{opt(top, name(top))}}
		for _, c2 := range tree[top.Code] {
			g.Options = append(g.Options, opt(c2, name(c2)))
			for _, c3 := range tree[c2.Code] {
				g.Options = append(g.Options, opt(c3, name(c2)+" › "+name(c3)))
			}
		}
		out = append(out, g)
	}
	return out
}

// deskFollowUps are the agent desk's buttons besides "register only": the
// action taken on the new order in the same flow.
var deskFollowUps = []string{workorder.ActionDispatch, workorder.ActionAnswer, workorder.ActionEmergency, workorder.ActionDecline}

func (ui *UI) deskAgentPost(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := deskAgentAllowed(p); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return deskFormError(err)
	}
	p.Form = deskCopy(r.PostForm)
	f := p.Form
	op := f.Get("op")
	if op != workorder.ActionRegister && !slices.Contains(deskFollowUps, op) {
		// "look up the caller", "load the sub-regions", or Enter in a
		// field: show the form again with everything kept.
		return ui.deskAgentRender(w, r, p, http.StatusOK)
	}
	ctx := r.Context()
	d := &deskDir{p: p, ui: ui, regions: ui.svc.Regions()}
	f.Set("region_code", d.regionPicker(f).Code)

	var errs fault.List
	rename := map[string]string{}
	cmd := workorder.Register{
		Channel: workorder.Channel(f.Get("channel")),
		Caller: workorder.Caller{Name: f.Get("caller.name"), Phone: strings.TrimSpace(f.Get("caller.phone")),
			Anonymous: f.Get("caller.anonymous") == "true", Lang: workorder.Lang(f.Get("caller.lang")),
			Confidential: f.Get("caller.confidential") == "true"},
		Title: f.Get("title"), Description: f.Get("description"), Type: workorder.Type(f.Get("type")),
		Category: f.Get("category"), Urgency: workorder.Urgency(f.Get("urgency")), Address: f.Get("address"),
		RegionCode: f.Get("region_code"),
	}
	var follow workorder.Command
	switch op {
	case workorder.ActionDispatch:
		lead := deskInt(&errs, f, "lead")
		follow = workorder.Dispatch{Lead: lead, Assist: deskInts(&errs, f, "assist", lead), Note: f.Get("dispatch.note")}
		rename["note"] = "dispatch.note"
	case workorder.ActionAnswer:
		follow = workorder.AnswerDirect{Answer: f.Get("answer")}
	case workorder.ActionEmergency:
		follow = workorder.TransferEmergency{Service: f.Get("service"), Note: f.Get("emergency.note")}
		rename["note"] = "emergency.note"
	case workorder.ActionDecline:
		follow = workorder.Decline{Reason: f.Get("decline.reason")}
		rename["reason"] = "decline.reason"
	}
	// Everything wrong is reported at once (一次性告知): the order's fields
	// and the follow-up's, before a number is allocated.
	check := cmd
	check.No = "20000101000001"
	deskAppend(&errs, check.Validate())
	if follow != nil {
		deskAppend(&errs, follow.Validate())
	}
	if len(errs) > 0 {
		deskSetErrors(p, errs, rename)
		return ui.deskAgentRender(w, r, p, http.StatusBadRequest)
	}
	sub := p.subject()
	o, err := ui.svc.Register(ctx, sub, cmd)
	if err != nil {
		if deskSetErrors(p, err, rename) {
			return ui.deskAgentRender(w, r, p, http.StatusBadRequest)
		}
		return err
	}
	q := url.Values{"n": {"registered"}}
	if follow != nil {
		if _, err := ui.svc.Act(ctx, sub, o.No, follow, o.Version); err != nil {
			// The order exists now; its page offers the action again and
			// says that it did not succeed.
			q.Set("failed", op)
		} else {
			q.Set("did", op)
		}
	}
	redirect(w, r, "/orders/"+o.No+"?"+q.Encode())
	return nil
}

// deskAppend adds a Validate error's fields to errs.
func deskAppend(errs *fault.List, err error) {
	var l fault.List
	if errors.As(err, &l) {
		*errs = append(*errs, l...)
	} else if fe := fault.As(err); fe != nil {
		*errs = append(*errs, fe)
	}
}

// deskInt reads a unit id or a number; empty is 0, garbage a field error.
func deskInt(errs *fault.List, f url.Values, name string) int64 {
	v := strings.TrimSpace(f.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		errs.Add(name, "is not a valid number")
		return 0
	}
	return n
}

// deskInts reads a multi-select of unit ids, leaving out the lead unit if
// it was picked again.
func deskInts(errs *fault.List, f url.Values, name string, except int64) []int64 {
	var out []int64
	for _, v := range f[name] {
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs.Add(name, "is not a valid unit")
			continue
		}
		if n != except && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
