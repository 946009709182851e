// Package access decides what a signed-in person may see and administer:
// the read scope over orders by unit and region subtree, caller privacy,
// and the administrative permissions of each role. Which action a role may
// take on an order in which state is decided by the workorder package's
// rule table; handlers decide neither.
package access

import (
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
)

var grants = map[org.Role][]Permission{
	org.Agent:       {ReadOrders, RegisterOrders},
	org.Dispatcher:  {ReadOrders, RegisterOrders, ReadMeasures},
	org.Handler:     {ReadOrders},
	org.UnitHead:    {ReadOrders, ReadMeasures},
	org.Supervisor:  {ReadOrders, ReadMeasures},
	org.Leader:      {ReadOrders, ReadMeasures},
	org.Admin:       {ReadOrders, ReadMeasures, ManageUnits, ManageStaff, ManageCategories, ManageCalendar, ManageDeadlines, ManageTokens},
	org.WindowClerk: {},
	org.Approver:    {},
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
