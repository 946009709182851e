package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tongban/internal/access"
	"tongban/internal/org"
	"tongban/internal/workday"
)

// The administration pages (DOMAIN.md §2: the administrator manages units,
// staff, categories, the calendar and deadlines). Every handler asks access
// for its permission first, so a role without it gets the 403 page.

func init() {
	homes[org.Admin] = "/admin"
	register("GET /admin", false, func(ui *UI) handler { return ui.adminIndex })
	addNav("/admin", "admin.nav.index", string(org.Admin))
	addNav("/admin/units", "admin.nav.units", string(org.Admin))
	addNav("/admin/staff", "admin.nav.staff", string(org.Admin))
	addNav("/admin/categories", "admin.nav.categories", string(org.Admin))
	addNav("/admin/calendar", "admin.nav.calendar", string(org.Admin))
	addNav("/admin/deadlines", "admin.nav.deadlines", string(org.Admin))
}

// require returns the 403 error unless the signed-in person holds perm.
func (p *Page) require(perm access.Permission) error {
	return access.Require(p.subject(), perm)
}

// adminPerms are what the index page needs any one of.
var adminPerms = []access.Permission{access.ManageUnits, access.ManageStaff, access.ManageCategories, access.ManageCalendar, access.ManageDeadlines}

type adminIndex struct {
	Units, Staff, Categories, Overrides int
	Years                               []int
	YearsText                           string
	Warnings                            []calendarWarning
	Hours                               string
}

func (ui *UI) adminIndex(w http.ResponseWriter, r *http.Request, p *Page) error {
	allowed := false
	for _, perm := range adminPerms {
		if access.Can(p.subject(), perm) {
			allowed = true
		}
	}
	if !allowed {
		return p.require(access.ManageUnits)
	}
	ctx := r.Context()
	var d adminIndex
	us, err := ui.st.Units(ctx)
	if err != nil {
		return err
	}
	ss, err := ui.st.StaffList(ctx, 0)
	if err != nil {
		return err
	}
	cs, err := ui.st.Categories(ctx)
	if err != nil {
		return err
	}
	ovs, err := ui.st.DeadlineOverrides(ctx)
	if err != nil {
		return err
	}
	d.Units, d.Staff, d.Overrides = len(us), len(ss), len(ovs)
	for _, c := range cs {
		if c.Active {
			d.Categories++
		}
	}
	d.Years = ui.svc.Calendar().Years()
	ys := make([]string, len(d.Years))
	for i, y := range d.Years {
		ys[i] = strconv.Itoa(y)
	}
	d.YearsText = strings.Join(ys, ", ")
	d.Warnings = calendarWarnings(p, d.Years, ui.svc.Now())
	d.Hours = ui.svc.Calendar().Hours().String()
	p.Title = p.T("admin.index.title")
	p.Data = d
	ui.render(w, http.StatusOK, p, "admin_index")
	return nil
}

// calendarWarning says that a year deadlines need has no official
// schedule (DOMAIN.md §8: visible, not silently weekdays only).
type calendarWarning struct {
	Year   int
	Text   string
	Urgent bool // the current year: deadlines cannot be computed at all
}

func calendarWarnings(p *Page, years []int, now time.Time) []calendarWarning {
	have := map[int]bool{}
	for _, y := range years {
		have[y] = true
	}
	y := now.In(alxa).Year()
	var out []calendarWarning
	if !have[y] {
		out = append(out, calendarWarning{y, p.T("admin.calendar.missing_current", "year", y), true})
	}
	if !have[y+1] {
		out = append(out, calendarWarning{y + 1, p.T("admin.calendar.missing_next", "year", y+1), false})
	}
	return out
}

// installCalendar builds a calendar from the schedules and hours and puts
// it in service, so deadlines computed from now on use it.
func (ui *UI) installCalendar(ctx context.Context) error {
	scs, err := ui.st.Schedules(ctx)
	if err != nil {
		return err
	}
	spec, err := ui.st.Setting(ctx, workHoursSetting, "")
	if err != nil {
		return err
	}
	hours := ui.svc.Calendar().Hours()
	if spec != "" {
		if hours, err = workday.ParseHours(spec, hours.Loc); err != nil {
			return err
		}
	}
	cal, err := workday.New(scs, hours)
	if err != nil {
		return err
	}
	ui.svc.SetCalendar(cal)
	return nil
}

// workHoursSetting is the stored office hours, read at start-up too.
const workHoursSetting = "work_hours"

// formInt reads a whole number from a form value; ok is false for
// anything else, including an empty value.
func formInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// pageOf cuts one page of n items per page out of a list of total items;
// page is 1-based and clamped.
func pageOf(total, page, n int) (from, to, pageOut, pages int) {
	pages = (total + n - 1) / n
	if pages == 0 {
		pages = 1
	}
	page = max(1, min(page, pages))
	from = (page - 1) * n
	to = min(total, from+n)
	return from, to, page, pages
}
