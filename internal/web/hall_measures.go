package web

// The halls' measures (/hall/measures, DOMAIN.md §1 and §5), for leaders
// and supervisors: how many applications came in and how many online, how
// many were decided within their legal and promised limits, the real
// elapsed working days per item and per bundle against their targets, and
// the league-wide applications per pair of banners (盟域通办). Package
// hall computes them, as for the JSON API; the page only chooses the
// department, region and period.

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/region"
)

func init() {
	register("GET /hall/measures", false, func(ui *UI) handler { return ui.hallMeasures })
	addNav("/hall/measures", "measures.nav", string(org.Leader), string(org.Supervisor))
}

type hallMeasuresData struct {
	M           hall.Measures
	Departments []option
	Regions     []option
	Items       []hall.ItemElapsed // those with applications, most first, at most measureItems
	ItemsTotal  int                // items with applications
}

// measureItems is how many items the page lists: those with the most
// applications; the JSON API has them all.
const measureItems = 50

func (ui *UI) hallMeasures(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ReadMeasures); err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	var mq hall.MeasureQuery
	depts, err := ui.st.Departments(ctx)
	if err != nil {
		return err
	}
	d := hallMeasuresData{}
	for _, dp := range depts {
		d.Departments = append(d.Departments, option{dp.Key, dp.NameZH})
	}
	if v := q.Get("department"); slices.ContainsFunc(d.Departments, func(o option) bool { return o.Value == v }) {
		mq.Department = v
		p.Form.Set("department", v)
	} else if v != "" {
		p.Errors["department"] = p.T("measures.error.department")
	}
	// The regions a reader may choose: the league and its banners, as far
	// as the reader's own region reaches.
	scope := access.RegionPrefix(p.Principal.Unit.RegionCode)
	regions := ui.svc.Regions()
	league := leagueOf(p.Principal.Unit.RegionCode)
	if rg, ok := regions.Get(league); ok {
		for _, rg := range append([]region.Region{rg}, regions.Children(league)...) {
			if strings.HasPrefix(rg.Code, scope) {
				d.Regions = append(d.Regions, option{rg.Code, p.Name(rg.Name, rg.NameMN)})
			}
		}
	}
	if v := q.Get("region"); slices.ContainsFunc(d.Regions, func(o option) bool { return o.Value == v }) {
		mq.Region = v
		p.Form.Set("region", v)
	} else if v != "" {
		p.Errors["region"] = p.T("measures.error.region")
	}
	day := func(name string) time.Time {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}
		}
		p.Form.Set(name, v)
		t, err := time.ParseInLocation("2006-01-02", v, ui.svc.Calendar().Hours().Loc)
		if err != nil {
			p.Errors[name] = p.T("measures.error.date")
		}
		return t
	}
	mq.From = day("from")
	if to := day("to"); !to.IsZero() {
		mq.To = to.AddDate(0, 0, 1) // the page's "to" is the last day counted
		if !mq.From.IsZero() && mq.To.Before(mq.From.AddDate(0, 0, 1)) {
			p.Errors["to"] = p.T("measures.error.order")
		}
	}
	status := http.StatusOK
	if len(p.Errors) > 0 {
		p.Message = p.T("error.invalid")
		status = http.StatusBadRequest
		mq = hall.MeasureQuery{}
	}
	if d.M, err = ui.hall().Measures(ctx, p.subject(), mq); err != nil {
		return err
	}
	for _, it := range d.M.Items {
		if it.N > 0 {
			d.Items = append(d.Items, it)
		}
	}
	slices.SortStableFunc(d.Items, func(a, b hall.ItemElapsed) int { return b.N - a.N })
	d.ItemsTotal = len(d.Items)
	d.Items = d.Items[:min(len(d.Items), measureItems)]
	p.Title = p.T("measures.title")
	p.Data = d
	ui.render(w, status, p, "hall_measures")
	return nil
}
