// Package hotline is the application service of the 12345 line: it loads an
// order, checks that the person may see it, asks the workorder domain to
// decide the action, and saves the events — the path every surface (JSON
// API, web UI, sweeper, benchmarks) takes.
package hotline

import (
	"context"
	"sync/atomic"
	"time"

	"tongban/internal/access"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/workday"
	"tongban/internal/workorder"
)

// env implements workorder.Env over snapshots that administrators can
// replace while requests run.
type env struct {
	cal        atomic.Pointer[workday.Calendar]
	units      atomic.Pointer[unitIndex]
	policy     atomic.Pointer[policy]
	regions    atomic.Pointer[region.Tree]
	categories atomic.Pointer[categorySet]
}

type unitIndex struct {
	byID map[int64]org.Unit
}

func (e *env) Calendar() workorder.Calendar { return e.cal.Load() }
func (e *env) Policy() workorder.Policy     { return e.policy.Load() }

func (e *env) UnitExists(id int64) bool {
	u, ok := e.units.Load().byID[id]
	return ok && u.Active
}

// IsBelow: a unit may sub-dispatch (下派) to any active unit whose region
// lies strictly inside its own region's subtree — a banner department to a
// town office of that banner, a town office to its gacha committees, a league
// department to its banner counterpart — but never to a hotline centre.
func (e *env) IsBelow(ancestor, unit int64) bool {
	idx := e.units.Load()
	a, ok1 := idx.byID[ancestor]
	u, ok2 := idx.byID[unit]
	if !ok1 || !ok2 || !u.Active || u.Kind.Hotline() || a.RegionCode == u.RegionCode {
		return false
	}
	p := access.RegionPrefix(a.RegionCode)
	return len(u.RegionCode) > len(p) && u.RegionCode[:len(p)] == p && access.RegionPrefix(u.RegionCode) != p
}

// policy is DefaultPolicy with the administrator's overrides per category
// and urgency. An override for a category applies to the categories below
// it unless they have their own.
type policy struct {
	overrides map[[2]string]workorder.Limits // {category, urgency}
}

func (p *policy) Limits(typ workorder.Type, category string, urgency workorder.Urgency) workorder.Limits {
	if urgency == "" {
		urgency = workorder.UrgencyNormal
	}
	for c := category; c != ""; c = parentCategory(c) {
		if l, ok := p.overrides[[2]string{c, string(urgency)}]; ok {
			return l
		}
	}
	return workorder.DefaultPolicy{}.Limits(typ, category, urgency)
}

func parentCategory(c string) string {
	for i := len(c) - 1; i >= 0; i-- {
		if c[i] == '.' {
			return c[:i]
		}
	}
	return ""
}

// ReloadUnits re-reads the organisation after an administrator changed it.
func (s *Service) ReloadUnits(ctx context.Context) error {
	us, err := s.st.Units(ctx)
	if err != nil {
		return err
	}
	idx := &unitIndex{byID: make(map[int64]org.Unit, len(us))}
	for _, u := range us {
		idx.byID[u.ID] = u
	}
	s.env.units.Store(idx)
	return nil
}

// ReloadPolicy re-reads the deadline overrides.
func (s *Service) ReloadPolicy(ctx context.Context) error {
	ovs, err := s.st.DeadlineOverrides(ctx)
	if err != nil {
		return err
	}
	p := &policy{overrides: map[[2]string]workorder.Limits{}}
	for _, o := range ovs {
		p.overrides[[2]string{o.Category, o.Urgency}] = o.Limits
	}
	s.env.policy.Store(p)
	return nil
}

// SetCalendar replaces the working-day calendar.
func (s *Service) SetCalendar(cal *workday.Calendar) { s.env.cal.Store(cal) }

// Calendar returns the current working-day calendar.
func (s *Service) Calendar() *workday.Calendar { return s.env.cal.Load() }

// Unit returns a unit from the loaded organisation.
func (s *Service) Unit(id int64) (org.Unit, bool) {
	u, ok := s.env.units.Load().byID[id]
	return u, ok
}

// Store returns the service's store, for read-only surfaces.
func (s *Service) Store() *storage.Store { return s.st }

// Regions returns the region tree.
func (s *Service) Regions() *region.Tree { return s.env.regions.Load() }

// ReloadRegions re-reads the region tree after an import.
func (s *Service) ReloadRegions(ctx context.Context) error {
	rs, err := s.st.Regions(ctx)
	if err != nil {
		return err
	}
	t, err := region.NewTree(rs)
	if err != nil {
		return err
	}
	s.env.regions.Store(t)
	return nil
}

// DecideEnv returns the environment the service decides actions in, for
// tools that drive the domain directly (bulk loaders for benchmarks).
func (s *Service) DecideEnv() workorder.Env { return s.env }

// categoryTTL is how long the service trusts its copy of the active
// category codes; an administrator's change shows within it.
const categoryTTL = 10 * time.Second

type categorySet struct {
	codes   map[string]bool
	expires time.Time
}

// categoryExists checks a code against the active categories, read at most
// once per categoryTTL instead of once per registration.
func (s *Service) categoryExists(ctx context.Context, code string) (bool, error) {
	now := time.Now()
	if c := s.env.categories.Load(); c != nil && now.Before(c.expires) {
		return c.codes[code], nil
	}
	cs, err := s.st.Categories(ctx)
	if err != nil {
		return false, err
	}
	set := &categorySet{codes: make(map[string]bool, len(cs)), expires: now.Add(categoryTTL)}
	for _, c := range cs {
		if c.Active {
			set.codes[c.Code] = true
		}
	}
	s.env.categories.Store(set)
	return set.codes[code], nil
}

// ReloadCategories makes the next registration read the categories again.
func (s *Service) ReloadCategories() { s.env.categories.Store(nil) }
