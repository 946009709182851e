// Package access decides what a signed-in person may see and administer:
// the read scope over orders and applications by unit and region subtree,
// caller privacy, and the administrative permissions of each role. Which
// action a role may take on an order or an application in which state is
// decided by the workorder and application packages; handlers decide
// neither.
package access

import (
	"tongban/internal/application"
	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/workorder"
)

// Subject is who makes a request.
type Subject struct {
	StaffID    int64
	Role       org.Role
	UnitID     int64
	UnitKind   org.Kind
	UnitRegion string // 12-digit code of the unit's region
}

// Actor converts the subject for the work-order domain.
func (s Subject) Actor() workorder.Actor {
	return workorder.Actor{StaffID: s.StaffID, UnitID: s.UnitID, Role: workorder.Role(s.Role), Centre: s.UnitKind.Hotline()}
}

// Permission is an administrative or reading capability.
type Permission string

// The permissions beyond order actions.
const (
	ReadOrders       Permission = "orders.read"
	RegisterOrders   Permission = "orders.register"
	ReadMeasures     Permission = "measures.read"
	ManageUnits      Permission = "admin.units"
	ManageStaff      Permission = "admin.staff"
	ManageCategories Permission = "admin.categories"
	ManageCalendar   Permission = "admin.calendar"
	ManageDeadlines  Permission = "admin.deadlines"
	ManageTokens     Permission = "admin.tokens"

	// Service items and applications (办件, DOMAIN.md §5). Which action a
	// role may take on an application in which state is decided by the
	// application package; these say who may read and administer.
	ReadApplications Permission = "applications.read"
	ReadApplicants   Permission = "applicants.read"   // an applicant and their material library
	ManageApplicants Permission = "applicants.manage" // add to and edit a material library at a window
	ManageCatalog    Permission = "admin.catalog"     // import the service-item catalog
)

var grants = map[org.Role][]Permission{
	org.Agent:      {ReadOrders, RegisterOrders},
	org.Dispatcher: {ReadOrders, RegisterOrders, ReadMeasures},
	org.Handler:    {ReadOrders},
	org.UnitHead:   {ReadOrders, ReadMeasures},
	org.Supervisor: {ReadOrders, ReadMeasures, ReadApplications},
	org.Leader:     {ReadOrders, ReadMeasures, ReadApplications},
	org.Admin: {ReadOrders, ReadMeasures, ManageUnits, ManageStaff, ManageCategories, ManageCalendar, ManageDeadlines, ManageTokens,
		ReadApplications, ManageCatalog},
	org.WindowClerk: {ReadApplications, ReadApplicants, ManageApplicants},
	org.Approver:    {ReadApplications, ReadApplicants},
}

// Can reports whether the subject holds a permission.
func Can(s Subject, p Permission) bool {
	for _, g := range grants[s.Role] {
		if g == p {
			return true
		}
	}
	return false
}

// Require returns fault.Forbidden unless the subject holds p.
func Require(s Subject, p Permission) error {
	if Can(s, p) {
		return nil
	}
	return fault.Forbiddenf("role %s may not %s", s.Role, p).WithKey("error.forbidden", nil)
}

// Scope is the set of orders a subject may read: all of them, or those in a
// region subtree (a code prefix) or sent to a unit.
type Scope struct {
	All          bool
	RegionPrefix string
	UnitID       int64
}

// OrderScope returns what the subject may read. The league centre sees all;
// a banner sub-centre sees its banner; leaders, supervisors and
// administrators see their unit's region subtree; unit staff see what was
// sent to their unit (a banner handler never sees another banner's orders).
func OrderScope(s Subject) Scope {
	if !Can(s, ReadOrders) {
		return Scope{}
	}
	switch {
	case s.UnitKind == org.Centre:
		return Scope{All: true}
	case s.UnitKind == org.SubCentre, s.Role == org.Leader, s.Role == org.Supervisor, s.Role == org.Admin:
		return Scope{RegionPrefix: RegionPrefix(s.UnitRegion)}
	}
	return Scope{UnitID: s.UnitID}
}

// RegionPrefix is the significant prefix of a 12-digit division code: every
// code in its subtree starts with it (152921000000 → 152921).
func RegionPrefix(code string) string {
	n := map[region.Level]int{region.LevelProvince: 2, region.LevelPrefecture: 4, region.LevelCounty: 6, region.LevelTown: 9}[region.LevelOfCode(code)]
	if n == 0 || n > len(code) {
		return code
	}
	return code[:n]
}

// Sees reports whether the scope includes the order.
func (sc Scope) Sees(o *workorder.Order) bool {
	if sc.All {
		return true
	}
	if sc.RegionPrefix != "" && len(o.RegionCode) >= len(sc.RegionPrefix) && o.RegionCode[:len(sc.RegionPrefix)] == sc.RegionPrefix {
		return true
	}
	if sc.UnitID != 0 {
		for _, a := range o.Assignments {
			if a.UnitID == sc.UnitID {
				return true
			}
		}
	}
	return false
}

// SeesCaller reports whether the subject may see the caller of an order that
// hides it (reports 举报 and confidential orders): only the hotline centre.
func SeesCaller(s Subject, o *workorder.Order) bool {
	return !o.CallerHidden() || s.UnitKind.Hotline()
}

// View returns the order as the subject may see it: redacted when the
// caller is hidden from them.
func View(s Subject, o *workorder.Order) *workorder.Order {
	if SeesCaller(s, o) {
		return o
	}
	r := o.Redacted()
	return &r
}

// ApplicationScope is the set of applications a subject may read: those
// accepted or owned in a region subtree (a code prefix), accepted at a
// window unit, or owned by a department unit.
type ApplicationScope struct {
	RegionPrefix string
	AcceptUnit   int64
	OwnerUnit    int64
}

// ApplicationsScope returns which applications the subject may read. A
// window clerk sees what their window accepted and whatever is accepted or
// owned in their unit's region subtree, so a banner's hall follows the
// applications it sent elsewhere (盟域通办) and those sent to it; an
// approver sees what their department owns (后台分类审批); leaders,
// supervisors and administrators see their unit's region subtree (the
// league's: all). Everybody else sees none.
func ApplicationsScope(s Subject) ApplicationScope {
	if !Can(s, ReadApplications) {
		return ApplicationScope{}
	}
	switch s.Role {
	case org.WindowClerk:
		return ApplicationScope{RegionPrefix: RegionPrefix(s.UnitRegion), AcceptUnit: s.UnitID}
	case org.Approver:
		return ApplicationScope{OwnerUnit: s.UnitID}
	}
	return ApplicationScope{RegionPrefix: RegionPrefix(s.UnitRegion)}
}

// Empty reports whether the scope includes no application at all.
func (sc ApplicationScope) Empty() bool { return sc == ApplicationScope{} }

// Sees reports whether the scope includes the application.
func (sc ApplicationScope) Sees(a *application.Application) bool {
	in := func(code string) bool {
		return sc.RegionPrefix != "" && len(code) >= len(sc.RegionPrefix) && code[:len(sc.RegionPrefix)] == sc.RegionPrefix
	}
	return in(a.AcceptRegion) || in(a.OwnerRegion) ||
		sc.AcceptUnit != 0 && a.AcceptUnitID == sc.AcceptUnit ||
		sc.OwnerUnit != 0 && a.OwnerUnitID == sc.OwnerUnit
}

// ApplicationActor converts the subject for the application domain.
func (s Subject) ApplicationActor() application.Actor {
	return application.Actor{StaffID: s.StaffID, UnitID: s.UnitID, Role: string(s.Role), Region: s.UnitRegion}
}
