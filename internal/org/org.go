// Package org models the organisation: units that sit in regions, and the
// staff accounts that belong to them with a role (DOMAIN.md §2–3).
package org

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"tongban/internal/fault"
)

// Kind is what sort of organisation a unit is.
type Kind string

// The unit kinds.
const (
	Centre     Kind = "centre"      // the league's 12345 centre (热线中心)
	SubCentre  Kind = "subcentre"   // a banner's 12345 sub-centre (分中心)
	Department Kind = "department"  // a functional department at league or banner level (职能部门)
	TownOffice Kind = "town_office" // a sumu/town government or street office (苏木镇/街道)
	Committee  Kind = "committee"   // a gacha/village or community committee (嘎查村/社区)
)

// Kinds lists every unit kind in display order.
var Kinds = []Kind{Centre, SubCentre, Department, TownOffice, Committee}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Hotline reports whether units of this kind belong to the hotline centre,
// which sees callers' identities and rules on dispatch, returns and reviews.
func (k Kind) Hotline() bool { return k == Centre || k == SubCentre }

// Role is what a staff account may do (DOMAIN.md §2).
type Role string

// The roles.
const (
	Agent       Role = "agent"        // 话务员/坐席
	Dispatcher  Role = "dispatcher"   // 派单员/审核员
	Handler     Role = "handler"      // 承办人
	UnitHead    Role = "unit_head"    // 单位负责人
	WindowClerk Role = "window_clerk" // 窗口人员
	Approver    Role = "approver"     // 审批人员
	Supervisor  Role = "supervisor"   // 督办员
	Leader      Role = "leader"       // leader / analyst: reads, changes nothing
	Admin       Role = "admin"        // administrator
)

// Roles lists every staff role.
var Roles = []Role{Agent, Dispatcher, Handler, UnitHead, WindowClerk, Approver, Supervisor, Leader, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Unit is an organisation unit (单位) sitting in one region.
type Unit struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	NameZH     string `json:"name_zh"`
	NameMN     string `json:"name_mn"`
	Kind       Kind   `json:"kind"`
	RegionCode string `json:"region_code"`
	ParentID   int64  `json:"parent_id,omitempty"`
	Active     bool   `json:"active"`
}

// Validate checks the fields a unit must have.
func (u *Unit) Validate() error {
	var errs fault.List
	if u.Code == "" || len(u.Code) > 64 || strings.ContainsAny(u.Code, " \t\r\n") {
		errs.Add("code", "must be 1 to 64 characters without spaces")
	}
	if n := utf8.RuneCountInString(u.NameZH); n == 0 || n > 100 {
		errs.Add("name_zh", "must be 1 to 100 characters")
	}
	if utf8.RuneCountInString(u.NameMN) > 200 {
		errs.Add("name_mn", "must be at most 200 characters")
	}
	if !u.Kind.Valid() {
		errs.Add("kind", "%q is not one of centre, subcentre, department, town_office, committee", u.Kind)
	}
	if len(u.RegionCode) != 12 {
		errs.Add("region_code", "must be a 12-digit division code")
	}
	return errs.Err()
}

// Staff is a staff account (工作人员).
type Staff struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	UnitID      int64  `json:"unit_id"`
	Lang        string `json:"lang"`
	Active      bool   `json:"active"`
}

// Validate checks the fields a staff account must have.
func (s *Staff) Validate() error {
	var errs fault.List
	if n := len(s.Username); n < 3 || n > 64 || strings.ToLower(s.Username) != s.Username ||
		strings.Trim(s.Username, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
		errs.Add("username", "must be 3 to 64 lower-case letters, digits, '.', '_' or '-'")
	}
	if n := utf8.RuneCountInString(s.DisplayName); n == 0 || n > 50 {
		errs.Add("display_name", "must be 1 to 50 characters")
	}
	if !s.Role.Valid() {
		errs.Add("role", "%q is not a known role", s.Role)
	}
	if s.UnitID <= 0 {
		errs.Add("unit_id", "is required")
	}
	if s.Lang != "zh" && s.Lang != "mn" {
		errs.Add("lang", "must be zh or mn")
	}
	return errs.Err()
}

// argon2id parameters: RFC 9106's second recommended option scaled to keep
// a login under ~50 ms on the 2-core machines this runs on.
const (
	argonTime    = 2
	argonMemory  = 32 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	if n := utf8.RuneCountInString(pw); n < 8 || n > 128 {
		return "", fault.Invalidf("password", "must be 8 to 128 characters")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-format hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
