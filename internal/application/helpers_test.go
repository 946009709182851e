package application

import (
	"errors"
	"slices"
	"testing"
	"time"

	"tongban/internal/catalog"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// cst is Asia/Shanghai (UTC+8 without daylight saving), fixed so the tests
// need no tz database.
var cst = time.FixedZone("CST", 8*3600)

func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, cst) }

// fakeCal is a working-day calendar for tests: Monday to Friday, 08:30–12:00
// and 14:30–18:00 in China, minus the listed holidays; years after 2027 have
// no schedule, like a calendar whose holidays are not yet published.
type fakeCal struct{ holidays map[string]bool }

var errNoSchedule = errors.New("no holiday schedule for the year")

func (c fakeCal) working(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !c.holidays[d.Format("2006-01-02")]
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(cst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, cst)
}

func spans(d time.Time) [2][2]time.Time {
	return [2][2]time.Time{
		{d.Add(8*time.Hour + 30*time.Minute), d.Add(12 * time.Hour)},
		{d.Add(14*time.Hour + 30*time.Minute), d.Add(18 * time.Hour)},
	}
}

func (c fakeCal) check(ts ...time.Time) error {
	for _, t := range ts {
		if t.In(cst).Year() > 2027 {
			return errNoSchedule
		}
	}
	return nil
}

func (c fakeCal) Deadline(t time.Time, n int) (time.Time, error) {
	d := midnight(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.working(d) {
			n--
		}
	}
	return d.Add(18 * time.Hour).UTC(), c.check(t, d)
}

func (c fakeCal) WorkingTime(from, to time.Time) (time.Duration, error) {
	if err := c.check(from, to); err != nil {
		return 0, err
	}
	if to.Before(from) {
		w, err := c.WorkingTime(to, from)
		return -w, err
	}
	var sum time.Duration
	for d := midnight(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		if !c.working(d) {
			continue
		}
		for _, s := range spans(d) {
			lo, hi := s[0], s[1]
			if from.After(lo) {
				lo = from
			}
			if to.Before(hi) {
				hi = to
			}
			if hi.After(lo) {
				sum += hi.Sub(lo)
			}
		}
	}
	return sum, nil
}

func (c fakeCal) AddWorking(t time.Time, dur time.Duration) (time.Time, error) {
	if dur <= 0 {
		return t.UTC(), c.check(t)
	}
	for d := midnight(t); ; d = d.AddDate(0, 0, 1) {
		if err := c.check(d); err != nil {
			return time.Time{}, err
		}
		if !c.working(d) {
			continue
		}
		for _, s := range spans(d) {
			lo := s[0]
			if t.After(lo) {
				lo = t
			}
			if !s[1].After(lo) {
				continue
			}
			if avail := s[1].Sub(lo); dur <= avail {
				return lo.Add(dur).UTC(), nil
			} else {
				dur -= avail
			}
		}
	}
}

// Regions and units of the test organisation.
const (
	rLeague = "152900000000" // 阿拉善盟
	rZuoqi  = "152921000000" // 阿拉善左旗
	rYouqi  = "152922000000" // 阿拉善右旗
	rBayan  = "152921100000" // 巴彦浩特镇, a town of 阿拉善左旗

	hallLeague int64 = 100 // the league's government-service hall (comprehensive windows)
	hallZuoqi  int64 = 200
	hallYouqi  int64 = 300
)

var banners = map[string]int64{"152900": 0, "152921": 1, "152922": 2, "152923": 3}

// ownerUnit is the unit of department dept in the county of region: the
// test's stand-in for storage's routing.
func ownerUnit(dept, region string) int64 {
	i := slices.IndexFunc(catalog.Departments(), func(d catalog.Department) bool { return d.Key == dept })
	return int64(5000 + i*10 + int(banners[county(region)]))
}

var (
	clerkLeague = Actor{StaffID: 11, UnitID: hallLeague, Role: RoleWindowClerk, Region: rLeague}
	clerkZuoqi  = Actor{StaffID: 21, UnitID: hallZuoqi, Role: RoleWindowClerk, Region: rZuoqi}
	clerkYouqi  = Actor{StaffID: 31, UnitID: hallYouqi, Role: RoleWindowClerk, Region: rYouqi}
	leader      = Actor{StaffID: 99, UnitID: 1, Role: "leader", Region: rLeague}

	enterprise = Applicant{Kind: Enterprise, Name: "阿拉善盟驼铃餐饮有限公司", IDNumber: "91350100M000100Y43", Phone: "13904830000"}
	person     = Applicant{Kind: Person, Name: "巴特尔", IDNumber: "11010519491231002X", Phone: "13847830001"}
)

func citizen(a Applicant) Actor { return Actor{Role: RoleCitizen, Subject: a.IDNumber} }

func approver(unit int64) Actor {
	return Actor{StaffID: 500 + unit, UnitID: unit, Role: RoleApprover, Region: rLeague}
}

// demoCatalog is built once: the tests look items up thousands of times.
var demoCatalog = catalog.Demo()

var demoByCode = func() map[string]catalog.Item {
	m := map[string]catalog.Item{}
	for _, it := range demoCatalog {
		m[it.Code] = it
	}
	return m
}()

// demoItem returns the demo catalog's item with the given name.
func demoItem(t testing.TB, name string) catalog.Item {
	t.Helper()
	for _, it := range demoCatalog {
		if it.NameZH == name {
			return it
		}
	}
	t.Fatalf("no demo item %s", name)
	return catalog.Item{}
}

func testEnv() Env {
	return Env{
		Calendar: fakeCal{holidays: map[string]bool{"2026-05-01": true, "2026-05-04": true, "2026-05-05": true}},
		Item: func(code string) (catalog.Item, error) {
			it, ok := demoByCode[code]
			if !ok {
				return catalog.Item{}, fault.NotFoundf("item %s does not exist", code)
			}
			return it, nil
		},
		Route: func(it catalog.Item, region string) (int64, error) { return ownerUnit(it.Department, region), nil },
	}
}

// required returns the item's required materials as provided, except the
// named ones.
func required(it catalog.Item, except ...string) []Provided {
	var out []Provided
	for _, m := range it.Materials {
		if m.Required && !slices.Contains(except, m.Name) {
			out = append(out, Provided{Name: m.Name})
		}
	}
	return out
}

// harness drives one application through Decide and Apply, keeping its events.
type harness struct {
	t      testing.TB
	env    Env
	app    *Application
	events []eventlog.Event
}

func newHarness(t testing.TB) *harness { return &harness{t: t, env: testEnv(), app: &Application{}} }

// do decides and applies cmd and fails the test on an error.
func (h *harness) do(cmd Command, actor Actor, now time.Time) {
	h.t.Helper()
	if err := h.try(cmd, actor, now); err != nil {
		h.t.Fatalf("%s by %s at %s: %v", cmd.Action(), actor.Role, now.In(cst).Format("2006-01-02 15:04"), err)
	}
}

// try decides and, if allowed, applies cmd.
func (h *harness) try(cmd Command, actor Actor, now time.Time) error {
	h.t.Helper()
	events, err := Decide(h.app, cmd, actor, now, h.env)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := Apply(h.app, e); err != nil {
			h.t.Fatalf("apply %s: %v", e.Type, err)
		}
	}
	h.events = append(h.events, events...)
	return nil
}

// owner is an approver of the application's owning unit.
func (h *harness) owner() Actor { return approver(h.app.OwnerUnitID) }

func wantCode(t testing.TB, err error, code fault.Code) *fault.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var list fault.List
	if errors.As(err, &list) {
		if code != fault.Invalid {
			t.Fatalf("got invalid %v, want %s", err, code)
		}
		return list[0]
	}
	fe := fault.As(err)
	if fe == nil || fe.Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
	return fe
}

// fields returns the field names of a validation error.
func fields(err error) []string {
	var list fault.List
	if !errors.As(err, &list) {
		if fe := fault.As(err); fe != nil {
			return []string{fe.Field}
		}
		return nil
	}
	var out []string
	for _, fe := range list {
		out = append(out, fe.Field)
	}
	return out
}

func fmtTime(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") }
