package hall

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
	"tongban/internal/storage"
)

// Number prefixes: SQ (申请) for an application, YJS (一件事) for a bundle
// application, whose parts are numbered YJS…-01, YJS…-02, ….
const (
	PrefixApplication = "SQ"
	PrefixBundle      = "YJS"
)

// View is an application as a caller sees it: the application, the actions
// the caller may take now, and the warning level of the projection. Get
// adds the live warnings, the warnings recorded so far and the history.
type View struct {
	App      *application.Application
	Warning  string
	Allowed  []string
	Warnings []application.Warning
	Recorded []storage.RecordedWarning
	History  []eventlog.Event
}

func (s *Service) view(c Caller, a *application.Application, warning string) View {
	return View{App: a, Warning: warning, Allowed: application.Allowed(a, c.actor())}
}

// Submit submits an application (申请): at a window by a clerk (channel
// window), or online or in the app by the applicant (channel online or app,
// caller Applicant). With reuseLibrary, every material the item marks
// reusable that the applicant's library holds, valid today, is taken from
// the library instead of being handed in again (一套资料).
func (s *Service) Submit(ctx context.Context, c Caller, cmd application.Submit, reuseLibrary bool) (View, error) {
	if cmd.No != "" {
		return View{}, fault.Invalidf("no", "is assigned by the server")
	}
	cmd.Applicant.IDNumber = applicant.NormalizeResidentID(cmd.Applicant.IDNumber)
	if !c.staff && c.subject == "" {
		c.subject = cmd.Applicant.IDNumber
	}
	now := s.Now()
	cal, err := s.calendar()
	if err != nil {
		return View{}, err
	}
	env := s.env(ctx, cal)
	if err := s.fillWindow(ctx, &cmd.AcceptUnitID, &cmd.AcceptRegion, cmd.Channel); err != nil {
		return View{}, err
	}
	if reuseLibrary {
		it, err := s.st.Item(ctx, cmd.ItemCode)
		if err == nil {
			if cmd.Materials, err = s.fromLibrary(ctx, cmd.Applicant.IDNumber, []catalog.Item{it}, cmd.Materials, nil, now); err != nil {
				return View{}, err
			}
		}
	}
	actor := c.actor()
	// Decide once with a placeholder number, so that a refused submission
	// does not use up a number, then again with the real one.
	cmd.No = PrefixApplication + "00000000000000"
	if _, err := application.Decide(nil, cmd, actor, now, env); err != nil {
		return View{}, calendarError(err)
	}
	if cmd.No, err = s.st.NextApplicationNo(ctx, PrefixApplication, now.In(s.zone(cal)).Format("20060102")); err != nil {
		return View{}, err
	}
	events, err := application.Decide(nil, cmd, actor, now, env)
	if err != nil {
		return View{}, calendarError(err)
	}
	a, err := application.Replay(events)
	if err != nil {
		return View{}, err
	}
	row := s.row(a, now, cal, false)
	if err := s.st.SaveApplications(ctx, storage.ApplicationSave{App: a, Row: row, Events: events}); err != nil {
		return View{}, err
	}
	return s.view(c, a, row.Warning), nil
}

// fillWindow completes an online choice of window: the region is the
// chosen unit's.
func (s *Service) fillWindow(ctx context.Context, unit *int64, region *string, ch application.Channel) error {
	if ch == application.Window || *unit <= 0 || *region != "" {
		return nil
	}
	u, err := s.st.Unit(ctx, *unit)
	if fault.Is(err, fault.NotFound) {
		return fault.Invalidf("accept_unit_id", "unit %d does not exist", *unit)
	}
	if err != nil {
		return err
	}
	*region = u.RegionCode
	return nil
}

// fromLibrary adds to have the materials of items that the applicant's
// library supplies on the day of now and that are not provided yet; only,
// when not nil, limits them to those names.
func (s *Service) fromLibrary(ctx context.Context, id string, items []catalog.Item, have []application.Provided, only []string, now time.Time) ([]application.Provided, error) {
	lib, err := s.st.Library(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(lib) == 0 {
		return have, nil
	}
	ms := make([]applicant.Material, len(lib))
	for i, e := range lib {
		ms[i] = e.Material
	}
	out := slices.Clone(have)
	for _, it := range items {
		for _, r := range applicant.Cover(it.Materials, ms, now).Reused {
			if only != nil && !slices.Contains(only, r.Req.Name) ||
				slices.ContainsFunc(out, func(p application.Provided) bool { return p.Name == r.Req.Name }) {
				continue
			}
			out = append(out, application.Provided{Name: r.Req.Name, SHA256: r.Material.SHA256, Source: application.SourceLibrary})
		}
	}
	return out, nil
}

// load returns an application if the caller may see it; otherwise
// NotFound, so that an application's existence does not leak.
func (s *Service) load(ctx context.Context, c Caller, no string) (storage.ApplicationSummary, error) {
	if !validNo(no) {
		return storage.ApplicationSummary{}, badNo(no)
	}
	sum, err := s.st.Application(ctx, no)
	if err != nil {
		return sum, err
	}
	if !c.sees(sum.App) {
		return sum, notFound(no)
	}
	return sum, nil
}

// Get returns an application with its live warnings, the warnings recorded
// so far and its history, as the caller may see them.
func (s *Service) Get(ctx context.Context, c Caller, no string) (View, error) {
	sum, err := s.load(ctx, c, no)
	if err != nil {
		return View{}, err
	}
	v := s.view(c, sum.App, sum.Warning)
	if cal, err := s.calendar(); err == nil {
		// A calendar that cannot compute the warnings (a year without a
		// schedule) leaves them out; the stored level still shows.
		v.Warnings, _ = application.Warnings(sum.App, s.Now(), cal)
	}
	if v.Recorded, err = s.st.ApplicationWarnings(ctx, no); err != nil {
		return View{}, err
	}
	if v.History, err = s.st.ApplicationEvents(ctx, no); err != nil {
		return View{}, err
	}
	return v, nil
}

// Act takes an action on an application. expected is the version the
// client saw (0: none given). With a version, a concurrent change is a
// conflict; without one, the action is decided once more against the fresh
// application.
func (s *Service) Act(ctx context.Context, c Caller, no string, cmd application.Command, expected int64) (View, error) {
	for attempt := 0; ; attempt++ {
		v, err := s.act(ctx, c, no, cmd, expected)
		if err == nil || expected != 0 || attempt == 2 || !isStale(err) {
			return v, err
		}
	}
}

func isStale(err error) bool {
	fe := fault.As(err)
	return fe != nil && fe.Key == "application.stale"
}

func (s *Service) act(ctx context.Context, c Caller, no string, cmd application.Command, expected int64) (View, error) {
	if _, ok := cmd.(application.Submit); ok || cmd == nil {
		return View{}, fault.Invalidf("action", "submit through the submission, not as an action")
	}
	sum, err := s.load(ctx, c, no)
	if err != nil {
		return View{}, err
	}
	a := sum.App
	if expected != 0 && expected != a.Version {
		e := fault.Conflictf("application %s is at version %d, not %d: it changed meanwhile", no, a.Version, expected).WithKey("application.stale", nil)
		e.Current = a
		return View{}, e
	}
	now := s.Now()
	cal, err := s.calendar()
	if err != nil {
		return View{}, err
	}
	events, err := application.Decide(a, cmd, c.actor(), now, s.env(ctx, cal))
	if err != nil {
		return View{}, calendarError(err)
	}
	next := *a
	for _, e := range events {
		if err := application.Apply(&next, e); err != nil {
			return View{}, fmt.Errorf("apply %s to %s: %w", e.Type, no, err)
		}
	}
	row := s.row(&next, now, cal, false)
	if err := s.st.SaveApplications(ctx, storage.ApplicationSave{App: &next, Row: row, Expected: a.Version, Events: events}); err != nil {
		if fe := fault.As(err); fe != nil && fe.Code == fault.Conflict && fe.Current == nil {
			cp := *fe
			cp.Current = a
			return View{}, &cp
		}
		return View{}, err
	}
	return s.view(c, &next, row.Warning), nil
}

// List returns a page of the applications the caller may see, newest
// first, and the cursor of the next page (0 when there is none). An
// applicant online sees their own.
func (s *Service) List(ctx context.Context, c Caller, f storage.ApplicationFilter) ([]View, int64, error) {
	f.ScopeAll, f.ScopeRegion, f.ScopeAcceptUnit, f.ScopeOwnerUnit = false, "", 0, 0
	if c.staff {
		if err := access.Require(c.sub, access.ReadApplications); err != nil {
			return nil, 0, err
		}
		sc := access.ApplicationsScope(c.sub)
		f.ScopeRegion, f.ScopeAcceptUnit, f.ScopeOwnerUnit = sc.RegionPrefix, sc.AcceptUnit, sc.OwnerUnit
	} else {
		if c.subject == "" {
			return nil, 0, fault.New(fault.Unauthorized, "the applicant's ID number is required")
		}
		f.ScopeAll, f.Applicant = true, c.subject
	}
	rows, next, err := s.st.ListApplications(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]View, len(rows))
	for i, r := range rows {
		out[i] = s.view(c, r.App, r.Warning)
	}
	return out, next, nil
}

// BundleView is a bundle application (一件事) as a caller sees it: the
// bundle, the state derived from all its parts, the parts the caller may
// see, and, once done, the working days it took end to end.
type BundleView struct {
	No     string
	Bundle application.Bundle
	State  application.BundleState
	Parts  []View
	// Elapsed is the working days from the first acceptance to the last
	// result issued, set when the bundle is done.
	Elapsed  *float64
	OnTarget *bool
}

// SubmitBundle submits a bundle application (一件事一次办): one application
// per item, all sharing the one form and the one set of materials, in one
// transaction. With reuseLibrary the applicant's library supplies the
// shared materials it holds.
func (s *Service) SubmitBundle(ctx context.Context, c Caller, code string, cmd application.BundleSubmit, reuseLibrary bool) (BundleView, error) {
	if cmd.No != "" {
		return BundleView{}, fault.Invalidf("no", "is assigned by the server")
	}
	b, err := s.st.Bundle(ctx, code)
	if err != nil {
		return BundleView{}, err
	}
	cmd.Applicant.IDNumber = applicant.NormalizeResidentID(cmd.Applicant.IDNumber)
	if !c.staff && c.subject == "" {
		c.subject = cmd.Applicant.IDNumber
	}
	now := s.Now()
	cal, err := s.calendar()
	if err != nil {
		return BundleView{}, err
	}
	env := s.env(ctx, cal)
	if err := s.fillWindow(ctx, &cmd.AcceptUnitID, &cmd.AcceptRegion, cmd.Channel); err != nil {
		return BundleView{}, err
	}
	if reuseLibrary {
		var items []catalog.Item
		for _, code := range b.Items {
			it, err := s.st.Item(ctx, code)
			if err != nil {
				return BundleView{}, fmt.Errorf("bundle %s: %w", b.Code, err)
			}
			items = append(items, it)
		}
		only := b.SharedMaterials
		if only == nil {
			only = []string{}
		}
		if cmd.Materials, err = s.fromLibrary(ctx, cmd.Applicant.IDNumber, items, cmd.Materials, only, now); err != nil {
			return BundleView{}, err
		}
	}
	actor := c.actor()
	cmd.No = PrefixBundle + "00000000000000"
	if _, err := application.SubmitBundle(b, cmd, actor, now, env); err != nil {
		return BundleView{}, calendarError(err)
	}
	if cmd.No, err = s.st.NextApplicationNo(ctx, PrefixBundle, now.In(s.zone(cal)).Format("20060102")); err != nil {
		return BundleView{}, err
	}
	parts, err := application.SubmitBundle(b, cmd, actor, now, env)
	if err != nil {
		return BundleView{}, calendarError(err)
	}
	saves := make([]storage.ApplicationSave, len(parts))
	apps := make([]*application.Application, len(parts))
	for i, events := range parts {
		a, err := application.Replay(events)
		if err != nil {
			return BundleView{}, err
		}
		apps[i] = a
		saves[i] = storage.ApplicationSave{App: a, Row: s.row(a, now, cal, false), Events: events}
	}
	if err := s.st.SaveApplications(ctx, saves...); err != nil {
		return BundleView{}, err
	}
	return s.bundleView(c, cmd.No, b, apps, cal)
}

// BundleApplication returns a bundle application with its derived state.
// The caller must see at least one of its parts.
func (s *Service) BundleApplication(ctx context.Context, c Caller, no string) (BundleView, error) {
	if !validNo(no) {
		return BundleView{}, badNo(no)
	}
	parts, err := s.st.BundleParts(ctx, no)
	if err != nil {
		return BundleView{}, err
	}
	if !slices.ContainsFunc(parts, c.sees) {
		return BundleView{}, fault.NotFoundf("bundle application %s not found", no).WithKey("bundle.application_not_found", map[string]any{"no": no})
	}
	b, err := s.st.Bundle(ctx, parts[0].Bundle.Code)
	if err != nil {
		return BundleView{}, err
	}
	cal, err := s.calendar()
	if err != nil {
		return BundleView{}, err
	}
	return s.bundleView(c, no, b, parts, cal)
}

func (s *Service) bundleView(c Caller, no string, b application.Bundle, parts []*application.Application, cal application.Calendar) (BundleView, error) {
	v := BundleView{No: no, Bundle: b, State: application.DeriveBundleState(parts), Parts: []View{}}
	for _, p := range parts {
		if c.sees(p) {
			v.Parts = append(v.Parts, s.view(c, p, ""))
		}
	}
	d, ok, err := application.BundleElapsed(parts, cal)
	if err != nil {
		return v, calendarError(err)
	}
	if ok {
		days := float64(d) / float64(dayLength(cal))
		on := days <= float64(b.TargetDays)
		v.Elapsed, v.OnTarget = &days, &on
	}
	return v, nil
}
