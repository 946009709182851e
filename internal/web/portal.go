package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongban/internal/category"
	"tongban/internal/fault"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workorder"
)

// The citizen portal (群众诉求): submit a request online, track it by its
// number and phone, rate it once it is finished. Nobody signs in; the
// caller's phone number is what proves an order is theirs.

func init() {
	register("GET /portal", true, func(ui *UI) handler { return ui.portalHome })
	register("GET /portal/new", true, func(ui *UI) handler { return ui.portalNewForm })
	register("POST /portal/new", true, func(ui *UI) handler { return ui.portalSubmit })
	register("GET /portal/submitted/{no}", true, func(ui *UI) handler { return ui.portalSubmitted })
	register("GET /portal/track", true, func(ui *UI) handler { return ui.portalTrackForm })
	register("POST /portal/track", true, func(ui *UI) handler { return ui.portalTrack })
	register("GET /portal/orders/{no}", true, func(ui *UI) handler { return ui.portalOrder })
	register("POST /portal/orders/{no}/rate", true, func(ui *UI) handler { return ui.portalRate })
	addNav("/portal", "nav.portal", "public")
	addNav("/portal/new", "portal.nav.new", "public")
	addNav("/portal/track", "portal.nav.track", "public")
}

// RatingChannel is the channel the portal's ratings are stored under: one
// rating per order through the portal.
const RatingChannel = "portal"

// citizen is the actor of everything done on the portal.
var citizen = workorder.Actor{Role: workorder.RoleCitizen}

func (ui *UI) portalHome(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("portal.home.title")
	ui.render(w, http.StatusOK, p, "portal_home")
	return nil
}

// portalFields are the fields of the request form, kept as typed when the
// form comes back with errors.
var portalFields = []string{"anonymous", "name", "phone", "lang", "type", "category", "address", "title", "description"}

// maxRegionDepth bounds the cascading region selects: banner, town and
// gacha under a league, one more when the tree starts at a province.
const maxRegionDepth = 4

func regionField(i int) string { return fmt.Sprintf("region_%d", i) }

// portalForm is the data of the request form.
type portalForm struct {
	Types      []workorder.Type
	Langs      []workorder.Lang
	Categories []categoryGroup
	Regions    []regionSelect
}

type categoryGroup struct {
	Name    string
	Options []option
}

type option struct {
	Value, Label string
}

// regionSelect is one level of the region picker.
type regionSelect struct {
	Name     string // form field
	Label    string // message ID
	Options  []option
	Selected string
}

func (ui *UI) portalNewForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("portal.new.title")
	p.Form.Set("lang", string(p.Lang))
	f, _, err := ui.portalForm(r, p)
	if err != nil {
		return err
	}
	p.Data = f
	ui.render(w, http.StatusOK, p, "portal_new")
	return nil
}

// portalForm builds the form's choices for what the user typed so far and
// returns the deepest region chosen.
func (ui *UI) portalForm(r *http.Request, p *Page) (portalForm, string, error) {
	f := portalForm{
		Types: []workorder.Type{workorder.TypeConsult, workorder.TypeHelp, workorder.TypeComplaint, workorder.TypeReport, workorder.TypeSuggestion},
		Langs: []workorder.Lang{workorder.LangZh, workorder.LangMn},
	}
	cs, err := ui.st.Categories(r.Context())
	if err != nil {
		return f, "", err
	}
	f.Categories = categoryChoices(p, cs)
	var chosen string
	f.Regions, chosen = regionChoices(p, ui.svc.Regions())
	return f, chosen, nil
}

// categoryChoices offers the top two levels of the active category tree:
// one group per policy area, its subcategories as the options. An area
// without subcategories is offered itself.
func categoryChoices(p *Page, cs []storage.Category) []categoryGroup {
	var active []storage.Category
	for _, c := range cs {
		if c.Active {
			active = append(active, c)
		}
	}
	tree := category.Tree(active)
	var out []categoryGroup
	for _, top := range tree[""] {
		g := categoryGroup{Name: p.Name(top.NameZH, top.NameMN)}
		for _, c := range tree[top.Code] {
			g.Options = append(g.Options, option{c.Code, p.Name(c.NameZH, c.NameMN)})
		}
		if len(g.Options) == 0 {
			g.Options = []option{{top.Code, g.Name}}
		}
		out = append(out, g)
	}
	return out
}

var regionLevelLabel = map[region.Level]string{
	region.LevelProvince:   "portal.region.province",
	region.LevelPrefecture: "portal.region.prefecture",
	region.LevelCounty:     "portal.region.county",
	region.LevelTown:       "portal.region.town",
	region.LevelVillage:    "portal.region.village",
}

// regionChoices builds the cascading region selects from the form: the
// first lists the banners (the first level with a choice),
// each further one the children of the region chosen above it. A choice
// that does not belong under the one above (the user changed an upper
// level) is dropped with everything below it.
func regionChoices(p *Page, t *region.Tree) ([]regionSelect, string) {
	// Levels with a single region (the province above a league, the
	// league itself) are implied rather than asked.
	opts := t.Roots()
	for len(opts) == 1 {
		kids := t.Children(opts[0].Code)
		if len(kids) == 0 {
			break
		}
		opts = kids
	}
	var out []regionSelect
	chosen := ""
	for i := 1; i <= maxRegionDepth && len(opts) > 0; i++ {
		s := regionSelect{Name: regionField(i), Label: regionLevelLabel[opts[0].Level]}
		want := p.Value(s.Name)
		for _, o := range opts {
			s.Options = append(s.Options, option{o.Code, p.Name(o.Name, o.NameMN)})
			if o.Code == want {
				s.Selected = want
			}
		}
		p.Form.Set(s.Name, s.Selected)
		out = append(out, s)
		if s.Selected == "" {
			for j := i + 1; j <= maxRegionDepth; j++ {
				p.Form.Del(regionField(j))
			}
			break
		}
		chosen = s.Selected
		opts = t.Children(s.Selected)
	}
	return out, chosen
}

// registerFields maps the fields of workorder.Register to the form's.
var registerFields = map[string]string{
	"caller.name": "name", "caller.phone": "phone", "caller.lang": "lang", "caller.anonymous": "anonymous",
	"title": "title", "description": "description", "type": "type", "category": "category",
	"address": "address", "region_code": "region", "urgency": "type",
}

// formErrors records a domain error's invalid fields as form errors: the
// field's message is prefix + the form field, or prefix + "other" when the
// catalog has no message of its own for the field (field → form field
// through names; a field not in names is not a form field and makes
// formErrors return false). It keeps an error already set
// for a field, which is the more specific one.
func (p *Page) formErrors(err error, prefix string, names map[string]string) bool {
	var list fault.List
	if !errors.As(err, &list) {
		fe := fault.As(err)
		if fe == nil || fe.Code != fault.Invalid || fe.Field == "" {
			return false
		}
		list = fault.List{fe}
	}
	for _, e := range list {
		f, ok := names[e.Field]
		if !ok {
			return false
		}
		if _, set := p.Errors[f]; !set {
			id := prefix + f
			if !p.ui.cat.Has(p.Lang, id) {
				id = prefix + "other"
			}
			p.Errors[f] = p.T(id)
		}
	}
	p.Message = p.T("error.invalid")
	return true
}

func (ui *UI) portalSubmit(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Title = p.T("portal.new.title")
	for _, k := range portalFields {
		p.Form.Set(k, r.PostForm.Get(k))
	}
	for i := 1; i <= maxRegionDepth; i++ {
		p.Form.Set(regionField(i), r.PostForm.Get(regionField(i)))
	}
	f, regionCode, err := ui.portalForm(r, p)
	if err != nil {
		return err
	}
	p.Data = f
	// "Choose" fills the next level of the region picker (the form's way
	// to cascade without JavaScript); nothing is checked yet.
	if r.PostForm.Get("action") == "choose" {
		ui.render(w, http.StatusOK, p, "portal_new")
		return nil
	}

	anonymous := r.PostForm.Get("anonymous") != ""
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if anonymous {
		name = "" // ticking 匿名 wins over a name typed before
	}
	phone := strings.TrimSpace(r.PostForm.Get("phone"))
	cmd := workorder.Register{
		No:          "20000101000001", // placeholder for Validate; the service numbers the order
		Channel:     workorder.ChannelWeb,
		Caller:      workorder.Caller{Name: name, Phone: phone, Anonymous: anonymous, Lang: workorder.Lang(r.PostForm.Get("lang"))},
		Title:       strings.TrimSpace(r.PostForm.Get("title")),
		Description: strings.TrimSpace(r.PostForm.Get("description")),
		Type:        workorder.Type(r.PostForm.Get("type")),
		Category:    r.PostForm.Get("category"),
		Address:     strings.TrimSpace(r.PostForm.Get("address")),
		RegionCode:  regionCode,
	}
	// The portal needs the phone even from anonymous callers: it is how
	// they track the order and how the centre calls them back.
	if phone == "" {
		p.Errors["phone"] = p.T("portal.error.phone_required")
	}
	if regionCode == "" {
		p.Errors["region"] = p.T("portal.error.region")
	}
	if err := cmd.Validate(); err != nil && !p.formErrors(err, "portal.error.", registerFields) {
		return err
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		ui.render(w, http.StatusBadRequest, p, "portal_new")
		return nil
	}
	if !ui.portal().allow(r, "submit", submitEvery, submitBurst) {
		return fault.New(fault.RateLimited, "too many online requests from this address").WithKey("portal.rate_limited", nil)
	}
	o, err := ui.svc.RegisterAs(r.Context(), citizen, cmd)
	if err != nil {
		if p.formErrors(err, "portal.error.", registerFields) {
			ui.render(w, http.StatusBadRequest, p, "portal_new")
			return nil
		}
		return err
	}
	redirect(w, r, "/portal/submitted/"+o.No)
	return nil
}

func (ui *UI) portalSubmitted(w http.ResponseWriter, r *http.Request, p *Page) error {
	no := r.PathValue("no")
	if !workorder.ValidOrderNo(no) {
		return fault.NotFoundf("%q is not an order number", no)
	}
	p.Title = p.T("portal.submitted.title")
	p.Data = no
	ui.render(w, http.StatusOK, p, "portal_submitted")
	return nil
}

func (ui *UI) portalTrackForm(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title = p.T("portal.track.title")
	p.Form.Set("no", r.URL.Query().Get("no"))
	ui.render(w, http.StatusOK, p, "portal_track")
	return nil
}

// notTracked renders the look-up form with the one message for a wrong
// number, a wrong phone and a missing link alike, so the page never tells
// whether an order exists.
func (ui *UI) notTracked(w http.ResponseWriter, p *Page) {
	p.Title = p.T("portal.track.title")
	p.Message = p.T("portal.track.not_found")
	ui.render(w, http.StatusNotFound, p, "portal_track")
}

func (ui *UI) portalTrack(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	p.Title = p.T("portal.track.title")
	no := strings.TrimSpace(r.PostForm.Get("no"))
	phone := strings.TrimSpace(r.PostForm.Get("phone"))
	p.Form.Set("no", no)
	p.Form.Set("phone", phone)
	if !workorder.ValidOrderNo(no) {
		p.Errors["no"] = p.T("portal.error.no")
	}
	e164, err := workorder.NormalizePhone(phone)
	switch {
	case phone == "":
		p.Errors["phone"] = p.T("portal.error.phone_required")
	case err != nil:
		p.Errors["phone"] = p.T("portal.error.phone")
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		ui.render(w, http.StatusBadRequest, p, "portal_track")
		return nil
	}
	if !ui.portal().allow(r, "track", trackEvery, trackBurst) {
		return fault.New(fault.RateLimited, "too many look-ups from this address").WithKey("portal.rate_limited", nil)
	}
	o, err := ui.st.Order(r.Context(), no)
	if fault.Is(err, fault.NotFound) || err == nil && o.Caller.Phone != e164 {
		ui.notTracked(w, p)
		return nil
	}
	if err != nil {
		return err
	}
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return err
	}
	redirect(w, r, orderLink(no, trackToken(key, no, e164), ""))
	return nil
}

func orderLink(no, token, extra string) string {
	q := url.Values{"k": {token}}
	if extra != "" {
		q.Set(extra, "1")
	}
	return "/portal/orders/" + no + "?" + q.Encode()
}

// trackedOrder loads the order a link or form names, or reports false when
// the number or the token does not fit.
func (ui *UI) trackedOrder(r *http.Request, no, token string) (*workorder.Order, bool, error) {
	if !workorder.ValidOrderNo(no) || token == "" {
		return nil, false, nil
	}
	o, err := ui.st.Order(r.Context(), no)
	if fault.Is(err, fault.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	key, err := ui.trackKey(r.Context())
	if err != nil {
		return nil, false, err
	}
	if o.Caller.Phone == "" || !hmacEqual(trackToken(key, no, o.Caller.Phone), token) {
		return nil, false, nil
	}
	return o, true, nil
}

func (ui *UI) portalOrder(w http.ResponseWriter, r *http.Request, p *Page) error {
	no, token := r.PathValue("no"), r.URL.Query().Get("k")
	o, ok, err := ui.trackedOrder(r, no, token)
	if err != nil {
		return err
	}
	if !ok {
		ui.notTracked(w, p)
		return nil
	}
	v, err := ui.publicOrder(r, p, o, token)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("rated") == "1" && v.Rating != nil {
		p.Notice = p.T("rating.thanks")
	}
	ui.render(w, http.StatusOK, p, "portal_order")
	return nil
}

// ratable reports whether the citizen may rate the order now: once it is
// closed (办结) or was answered directly.
func ratable(s workorder.State) bool {
	return s == workorder.StateClosed || s == workorder.StateAnswered
}

func (ui *UI) portalRate(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	no, token := r.PathValue("no"), r.PostForm.Get("k")
	o, ok, err := ui.trackedOrder(r, no, token)
	if err != nil {
		return err
	}
	if !ok {
		ui.notTracked(w, p)
		return nil
	}
	p.Form.Set("score", r.PostForm.Get("score"))
	p.Form.Set("comment", r.PostForm.Get("comment"))
	show := func(status int) error {
		if _, err := ui.publicOrder(r, p, o, token); err != nil {
			return err
		}
		ui.render(w, status, p, "portal_order")
		return nil
	}
	if !ratable(o.State) {
		p.Message = p.T("rating.not_yet")
		return show(http.StatusConflict)
	}
	score, err := strconv.Atoi(r.PostForm.Get("score"))
	if err != nil || score < 1 || score > 5 {
		p.Errors["score"] = p.T("rating.error.score")
	}
	comment := strings.TrimSpace(r.PostForm.Get("comment"))
	if len(p.Errors) == 0 {
		_, err = ui.st.AddRating(r.Context(), storage.Rating{SubjectKind: storage.RatingOrder, SubjectNo: no,
			Channel: RatingChannel, Score: score, Comment: comment, CreatedAt: ui.svc.Now()})
		switch {
		case fault.Is(err, fault.Conflict):
			p.Message = p.T("rating.already")
			return show(http.StatusConflict)
		case err != nil && !p.formErrors(err, "rating.error.", map[string]string{"score": "score", "comment": "comment"}):
			return err
		}
	}
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		return show(http.StatusBadRequest)
	}
	redirect(w, r, orderLink(no, token, "rated"))
	return nil
}
