// Package hall is the application service of the government-service halls
// (政务服务大厅) and the online platform: the service-item catalog, the
// applicants and their material libraries, and applications (办件) from
// submission to delivery. Like package hotline for work orders it loads an
// application, checks that the caller may see it, asks the application
// domain to decide the action and saves the events — the path every surface
// (JSON API, web UI, sweeper, demo generator) takes.
//
// One window (一窗受理): a window clerk accepts any item at a comprehensive
// window; the department that owns the item decides in its back office; the
// result returns to the accepting window, which issues it. For league-wide
// items (盟域通办) the owning region may be another banner's: Route sends
// the application to that banner's department.
package hall

import (
	"context"
	"errors"
	"slices"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/workday"
)

// Service runs the halls' work.
type Service struct {
	st  *storage.Store
	cal func() *workday.Calendar
	loc *time.Location
	// Now is the clock; tests and the demo generator replace it.
	Now func() time.Time
}

// New returns a service over the store. cal returns the current
// working-day calendar (administrators may replace it while requests run;
// hotline.Service.Calendar is such a function); loc is the time zone of
// application numbers (nil: the calendar's).
func New(st *storage.Store, cal func() *workday.Calendar, loc *time.Location) *Service {
	return &Service{st: st, cal: cal, loc: loc, Now: time.Now}
}

// zone is the time zone of application numbers' dates.
func (s *Service) zone(cal *workday.Calendar) *time.Location {
	if s.loc != nil {
		return s.loc
	}
	return cal.Hours().Loc
}

// Store returns the service's store, for read-only surfaces.
func (s *Service) Store() *storage.Store { return s.st }

// Caller is who asks: a signed-in staff member, or an applicant online
// identified by the resident ID number or credit code they applied with.
type Caller struct {
	sub     access.Subject
	staff   bool
	subject string
}

// Staff returns the caller for a signed-in staff member.
func Staff(sub access.Subject) Caller { return Caller{sub: sub, staff: true} }

// Applicant returns the caller for an applicant acting online on their own
// applications; id is their resident ID number or credit code as typed.
func Applicant(id string) Caller { return Caller{subject: applicant.NormalizeResidentID(id)} }

// IsStaff reports whether the caller is a staff member.
func (c Caller) IsStaff() bool { return c.staff }

// Subject returns the staff subject (the zero Subject for an applicant).
func (c Caller) Subject() access.Subject { return c.sub }

func (c Caller) actor() application.Actor {
	if c.staff {
		return c.sub.ApplicationActor()
	}
	return application.Actor{Role: application.RoleCitizen, Subject: c.subject}
}

// sees reports whether the caller may read the application: staff by their
// scope (access.ApplicationsScope), an applicant only their own.
func (c Caller) sees(a *application.Application) bool {
	if c.staff {
		return access.ApplicationsScope(c.sub).Sees(a)
	}
	return c.subject != "" && a.Applicant.IDNumber == c.subject
}

// calendar returns the current calendar, or Unavailable when none is loaded.
func (s *Service) calendar() (*workday.Calendar, error) {
	if s.cal != nil {
		if c := s.cal(); c != nil {
			return c, nil
		}
	}
	return nil, fault.New(fault.Unavailable, "no working-day calendar is loaded")
}

// env gives the application domain the catalog, the routing and the
// calendar, reading the store with ctx.
func (s *Service) env(ctx context.Context, cal *workday.Calendar) application.Env {
	return application.Env{
		Calendar: cal,
		Item: func(code string) (catalog.Item, error) {
			it, err := s.st.Item(ctx, code)
			if fault.Is(err, fault.NotFound) {
				return it, fault.Invalidf("item_code", "item %q does not exist", code).WithKey("item.not_found", map[string]any{"code": code})
			}
			return it, err
		},
		Route:  func(it catalog.Item, owner string) (int64, error) { return s.route(ctx, it, owner) },
		Window: func(unit int64, region string) error { return s.window(ctx, unit, region) },
	}
}

// county and league reduce a 12-digit division code to its banner's and
// its league's code.
func county(code string) string { return code[:6] + "000000" }
func league(code string) string { return code[:4] + "00000000" }

// route finds the unit that decides an item for the owning region: the
// banner's bureau of the item's department when the item is handled below
// league level and the banner has one, otherwise the league's department
// (which also handles for banners without their own bureau, e.g. the
// housing fund centre).
func (s *Service) route(ctx context.Context, it catalog.Item, owner string) (int64, error) {
	var tries []string
	local := slices.ContainsFunc(it.Levels, func(l catalog.Level) bool { return l != catalog.League })
	if local && county(owner) != league(owner) {
		tries = append(tries, county(owner))
	}
	tries = append(tries, league(owner))
	for _, r := range tries {
		id, err := s.st.DepartmentUnit(ctx, it.Department, r)
		if err == nil {
			return id, nil
		}
		if !fault.Is(err, fault.NotFound) {
			return 0, err
		}
	}
	return 0, fault.Invalidf("owner_region", "no unit of department %s handles item %s %s for region %s", it.Department, it.Code, it.NameZH, owner).
		WithKey("application.no_route", map[string]any{"item": it.Code, "region": owner})
}

// window checks that an applicant online chose a real comprehensive window
// in the accepting region: an active unit where window clerks work.
func (s *Service) window(ctx context.Context, unit int64, region string) error {
	u, err := s.st.Unit(ctx, unit)
	if err != nil || !u.Active || county(u.RegionCode) != county(region) {
		return fault.Invalidf("accept_unit_id", "unit %d is not a window in region %s", unit, region).
			WithKey("application.no_window", map[string]any{"unit": unit, "region": region})
	}
	ws, err := s.st.WindowUnits(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(ws, func(w org.Unit) bool { return w.ID == unit }) {
		return fault.Invalidf("accept_unit_id", "unit %d (%s) has no comprehensive window", unit, u.NameZH).
			WithKey("application.no_window", map[string]any{"unit": unit, "region": region})
	}
	return nil
}

// calendarError names the year whose official holiday schedule is missing
// when a deadline runs into it (DOMAIN.md §8), instead of the domain's
// generic message.
func calendarError(err error) error {
	var nse workday.NoScheduleError
	if err == nil || !errors.As(err, &nse) {
		return err
	}
	return fault.New(fault.Unavailable, "the deadline falls in %d, whose official holiday schedule is not loaded; "+
		"an administrator must load it (tongban import holidays FILE, or the calendar page)", nse.Year).
		WithKey("calendar.no_schedule", map[string]any{"year": nse.Year})
}

// validNo reports whether no can be an application or bundle number, so a
// malformed one is refused before the database is asked.
func validNo(no string) bool {
	if no == "" || len(no) > 64 {
		return false
	}
	for _, c := range no {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func badNo(no string) error {
	return fault.Invalidf("no", "%q is not an application number (e.g. SQ20260601000001)", no)
}

func notFound(no string) error {
	return fault.NotFoundf("application %s not found", no).WithKey("application.not_found", map[string]any{"no": no})
}
