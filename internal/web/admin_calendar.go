package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongban/internal/access"
	"tongban/internal/fault"
	"tongban/internal/workday"
)

func init() {
	register("GET /admin/calendar", false, func(ui *UI) handler { return ui.adminCalendar })
	register("POST /admin/calendar/days", false, func(ui *UI) handler { return ui.adminCalendarAddDay })
	register("POST /admin/calendar/days/delete", false, func(ui *UI) handler { return ui.adminCalendarDeleteDay })
	register("POST /admin/calendar/import", false, func(ui *UI) handler { return ui.adminCalendarImport })
	register("POST /admin/calendar/hours", false, func(ui *UI) handler { return ui.adminCalendarHours })
}

type calendarPage struct {
	Year     int
	Loaded   bool
	Years    []yearLink
	Off      []dayRow
	Makeup   []dayRow
	Warnings []calendarWarning
	Hours    string
	Papers   []string
}

type yearLink struct {
	Year    int
	Loaded  bool
	Current bool
}

type dayRow struct {
	Date, Weekday, Name string
}

func (ui *UI) renderCalendar(w http.ResponseWriter, r *http.Request, p *Page, year, status int) error {
	ctx := r.Context()
	scs, err := ui.st.Schedules(ctx)
	if err != nil {
		return err
	}
	now := ui.svc.Now().In(alxa).Year()
	if year == 0 {
		year = now
	}
	d := calendarPage{Year: year, Hours: ui.svc.Calendar().Hours().String()}
	var loaded []int
	for _, sc := range scs {
		loaded = append(loaded, sc.Year)
		if sc.Year != year {
			continue
		}
		d.Loaded, d.Papers = true, sc.Papers
		days := slices.Clone(sc.Days)
		slices.SortFunc(days, func(a, b workday.Day) int { return a.Date.Compare(b.Date) })
		for _, day := range days {
			row := dayRow{day.Date.String(), p.T("admin.weekday." + strconv.Itoa(int(day.Date.Weekday()))), day.Name}
			if day.OffDay {
				d.Off = append(d.Off, row)
			} else {
				d.Makeup = append(d.Makeup, row)
			}
		}
	}
	years := slices.Clone(loaded)
	for _, y := range []int{now, now + 1, year} {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	for _, y := range years {
		d.Years = append(d.Years, yearLink{y, slices.Contains(loaded, y), y == year})
	}
	d.Warnings = calendarWarnings(p, loaded, ui.svc.Now())
	if p.Value("work_hours") == "" {
		spec, err := ui.st.Setting(ctx, workHoursSetting, d.Hours)
		if err != nil {
			return err
		}
		p.Form.Set("work_hours", spec)
	}
	if p.Value("kind") == "" {
		p.Form.Set("kind", "off")
	}
	p.Title = p.T("admin.calendar.title")
	p.Data = d
	ui.render(w, status, p, "admin_calendar")
	return nil
}

func (ui *UI) adminCalendar(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCalendar); err != nil {
		return err
	}
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("year"))
	if year != 0 && (year < 1000 || year > 9999) {
		year = 0
	}
	for _, k := range []string{"saved", "imported", "hours"} {
		if q.Get(k) != "" {
			p.Notice = p.T("admin.calendar.notice." + k)
		}
	}
	return ui.renderCalendar(w, r, p, year, http.StatusOK)
}

// changeSchedule applies change to the stored schedule of year, checks the
// result by building a calendar from every schedule, saves it and puts the
// new calendar in service. A change the calendar refuses is a
// fault.Invalid carrying workday's explanation.
func (ui *UI) changeSchedule(r *http.Request, year int, change func(sc *workday.Schedule) error) error {
	ctx := r.Context()
	scs, err := ui.st.Schedules(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(scs, func(sc workday.Schedule) bool { return sc.Year == year })
	if i < 0 {
		return fault.Invalidf("year", "no schedule for %d", year).WithKey("admin.calendar.error.not_loaded", map[string]any{"year": year})
	}
	if err := change(&scs[i]); err != nil {
		return err
	}
	if _, err := workday.New(scs, ui.svc.Calendar().Hours()); err != nil {
		return calendarInvalid(err)
	}
	if err := ui.st.SaveSchedule(ctx, scs[i]); err != nil {
		return err
	}
	return ui.installCalendar(ctx)
}

func calendarInvalid(err error) error {
	if errors.Is(err, workday.ErrInvalid) {
		return &fault.Error{Code: fault.Invalid, Field: "calendar", Message: err.Error(), Key: "admin.calendar.error.invalid",
			Args: map[string]any{"detail": err.Error()}}
	}
	return err
}

func (ui *UI) adminCalendarAddDay(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCalendar); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	for _, k := range []string{"year", "date", "name", "kind"} {
		p.Form.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	year, _ := strconv.Atoi(p.Value("year"))
	date, err := workday.ParseDate(p.Value("date"))
	switch {
	case err != nil:
		p.Errors["date"] = p.T("admin.calendar.error.date")
	case date.Y < year-1 || date.Y > year+1:
		p.Errors["date"] = p.T("admin.calendar.error.date_year", "year", year)
	}
	if n := utf8.RuneCountInString(p.Value("name")); n == 0 || n > 50 {
		p.Errors["name"] = p.T("admin.calendar.error.name")
	}
	kind := p.Value("kind")
	switch {
	case kind != "off" && kind != "makeup":
		p.Errors["kind"] = p.T("admin.calendar.error.kind")
	case kind == "makeup" && err == nil && date.Weekday() != time.Saturday && date.Weekday() != time.Sunday:
		p.Errors["kind"] = p.T("admin.calendar.error.makeup_weekday")
	}
	if len(p.Errors) == 0 {
		err := ui.changeSchedule(r, year, func(sc *workday.Schedule) error {
			if slices.ContainsFunc(sc.Days, func(d workday.Day) bool { return d.Date == date }) {
				return fault.Invalidf("date", "%s is listed already", date).WithKey("admin.calendar.error.duplicate", map[string]any{"date": date.String()})
			}
			sc.Days = append(sc.Days, workday.Day{Date: date, Name: p.Value("name"), OffDay: kind == "off"})
			return nil
		})
		if err != nil && !ui.calendarError(p, err) {
			return err
		}
	}
	if len(p.Errors) > 0 {
		if p.Message == "" {
			p.Message = p.T("error.invalid")
		}
		return ui.renderCalendar(w, r, p, year, http.StatusBadRequest)
	}
	redirect(w, r, "/admin/calendar?saved=1&year="+strconv.Itoa(year))
	return nil
}

// calendarError shows a refused calendar change on the page; false for
// errors that are not about the input.
func (ui *UI) calendarError(p *Page, err error) bool {
	fe := fault.As(err)
	if fe == nil || fe.Code != fault.Invalid {
		return false
	}
	p.Message = p.ErrorText(err)
	if fe.Field == "year" || fe.Field == "date" {
		p.Errors["date"] = p.Message
	} else {
		p.Errors["calendar"] = p.Message
	}
	return true
}

func (ui *UI) adminCalendarDeleteDay(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCalendar); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	year, _ := strconv.Atoi(r.PostForm.Get("year"))
	date, err := workday.ParseDate(r.PostForm.Get("date"))
	if err != nil {
		return fault.Invalidf("date", "%v", err)
	}
	err = ui.changeSchedule(r, year, func(sc *workday.Schedule) error {
		n := len(sc.Days)
		sc.Days = slices.DeleteFunc(sc.Days, func(d workday.Day) bool { return d.Date == date })
		if len(sc.Days) == n {
			return fault.NotFoundf("%s is not listed in the %d schedule", date, year)
		}
		return nil
	})
	if err != nil {
		if ui.calendarError(p, err) {
			return ui.renderCalendar(w, r, p, year, http.StatusBadRequest)
		}
		return err
	}
	redirect(w, r, "/admin/calendar?saved=1&year="+strconv.Itoa(year))
	return nil
}

// maxScheduleFile bounds an uploaded holiday-cn file (a year is ~3 KB).
const maxScheduleFile = 1 << 20

// adminCalendarImport loads one year's official schedule from a
// holiday-cn JSON file, replacing what was stored for that year.
func (ui *UI) adminCalendarImport(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCalendar); err != nil {
		return err
	}
	fail := func(msg string) error {
		p.Errors["file"] = msg
		p.Message = p.T("error.invalid")
		return ui.renderCalendar(w, r, p, 0, http.StatusBadRequest)
	}
	if err := r.ParseMultipartForm(maxScheduleFile); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return fail(p.T("admin.import.error.file"))
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return fail(p.T("admin.import.error.file"))
	}
	defer file.Close()
	sc, err := workday.ParseSchedule(http.MaxBytesReader(w, file, maxScheduleFile))
	if err != nil {
		if !errors.Is(err, workday.ErrInvalid) {
			return err
		}
		return fail(p.T("admin.calendar.error.import", "detail", err.Error()))
	}
	ctx := r.Context()
	scs, err := ui.st.Schedules(ctx)
	if err != nil {
		return err
	}
	scs = slices.DeleteFunc(scs, func(x workday.Schedule) bool { return x.Year == sc.Year })
	if _, err := workday.New(append(scs, sc), ui.svc.Calendar().Hours()); err != nil {
		if !errors.Is(err, workday.ErrInvalid) {
			return err
		}
		return fail(p.T("admin.calendar.error.import", "detail", err.Error()))
	}
	if err := ui.st.SaveSchedule(ctx, sc); err != nil {
		return err
	}
	if err := ui.installCalendar(ctx); err != nil {
		return err
	}
	redirect(w, r, "/admin/calendar?imported=1&year="+strconv.Itoa(sc.Year))
	return nil
}

// adminCalendarHours changes the office hours deadlines in hours count on
// (stored as the setting work_hours, which start-up reads too).
func (ui *UI) adminCalendarHours(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := p.require(access.ManageCalendar); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return fault.Invalidf("form", "%v", err)
	}
	spec := strings.TrimSpace(r.PostForm.Get("work_hours"))
	p.Form.Set("work_hours", spec)
	hours, err := workday.ParseHours(spec, ui.svc.Calendar().Hours().Loc)
	if err == nil {
		var scs []workday.Schedule
		if scs, err = ui.st.Schedules(r.Context()); err != nil {
			return err
		}
		_, err = workday.New(scs, hours)
	}
	if err != nil {
		if !errors.Is(err, workday.ErrInvalid) {
			return err
		}
		p.Errors["work_hours"] = p.T("admin.calendar.error.hours")
		p.Message = p.T("error.invalid")
		return ui.renderCalendar(w, r, p, 0, http.StatusBadRequest)
	}
	if err := ui.st.SetSetting(r.Context(), workHoursSetting, hours.String()); err != nil {
		return err
	}
	if err := ui.installCalendar(r.Context()); err != nil {
		return err
	}
	redirect(w, r, "/admin/calendar?hours=1")
	return nil
}
