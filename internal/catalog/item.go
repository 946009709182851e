// Package catalog is the service-item catalog (政务服务事项目录): what can be
// applied for, which department owns it, its legal and promised time limits,
// the materials it needs, its fee, the levels that handle it, how far it can be
// done online, and whether it is handled anywhere in the league (盟域通办) or
// under notify-and-commit (告知承诺).
//
// Item codes follow the scheme AL-<DEPARTMENT>-<NNNN>: "AL" for Alxa League,
// the owning department's key in upper case, and a 4-digit number within the
// department, e.g. AL-SCJGJ-0001 (盟市场监督管理局, 企业设立登记). The national
// implementation codes (实施编码, 31 characters and more) are assigned by the
// provincial platform and are not needed to run the halls, so the scheme is
// short enough to read out at a window; Validate accepts any code of upper-case
// letters, digits and hyphens so that imported provincial codes fit as well.
package catalog

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tongban/internal/fault"
)

// Kind is the legal category of an item: one of the ten kinds of
// administrative power (行政权力) or a public service (公共服务).
type Kind string

// The ten kinds of administrative power and public service. Halls handle
// items applied for (依申请): licences, confirmations, payments, rulings,
// rewards, levies, other powers including filings (备案) and public services;
// penalties, enforcement and inspections are kept for completeness of imported
// provincial catalogs.
const (
	Licensing     Kind = "licensing"      // 行政许可
	Penalty       Kind = "penalty"        // 行政处罚
	Enforcement   Kind = "enforcement"    // 行政强制
	Levy          Kind = "levy"           // 行政征收
	Payment       Kind = "payment"        // 行政给付
	Inspection    Kind = "inspection"     // 行政检查
	Confirmation  Kind = "confirmation"   // 行政确认
	Reward        Kind = "reward"         // 行政奖励
	Ruling        Kind = "ruling"         // 行政裁决
	OtherPower    Kind = "other"          // 其他行政权力（含备案）
	PublicService Kind = "public_service" // 公共服务
)

// Kinds lists every kind in the official order.
var Kinds = []Kind{Licensing, Penalty, Enforcement, Levy, Payment, Inspection, Confirmation, Reward, Ruling, OtherPower, PublicService}

var kindLabels = map[Kind][]string{
	Licensing:     {"行政许可", "许可"},
	Penalty:       {"行政处罚", "处罚"},
	Enforcement:   {"行政强制", "强制"},
	Levy:          {"行政征收", "征收"},
	Payment:       {"行政给付", "给付"},
	Inspection:    {"行政检查", "检查"},
	Confirmation:  {"行政确认", "确认"},
	Reward:        {"行政奖励", "奖励"},
	Ruling:        {"行政裁决", "裁决"},
	OtherPower:    {"其他行政权力", "其他", "备案"},
	PublicService: {"公共服务"},
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// LabelZH returns the official Chinese name of the kind.
func (k Kind) LabelZH() string {
	if l := kindLabels[k]; len(l) > 0 {
		return l[0]
	}
	return string(k)
}

// Administrative reports whether the kind is an administrative power, i.e. an
// approval item (行政审批/行政权力事项) rather than a public service; the
// source's online-rate claim is about these.
func (k Kind) Administrative() bool { return k.Valid() && k != PublicService }

// ParseKind accepts a kind's key, its official Chinese name or its short name
// (许可, 确认, 给付, 备案 …), as catalog spreadsheets use all three.
func ParseKind(s string) (Kind, bool) {
	s = strings.TrimSpace(s)
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) || slices.Contains(kindLabels[k], s) {
			return k, true
		}
	}
	return "", false
}

// Form is the form in which a material must be presented.
type Form string

// The forms of a material.
const (
	Original Form = "original" // 原件
	Copy     Form = "copy"     // 复印件
	Either   Form = "either"   // 原件或复印件
)

var formLabels = map[Form]string{Original: "原件", Copy: "复印件", Either: "原件或复印件"}

// Valid reports whether f is a known form.
func (f Form) Valid() bool { _, ok := formLabels[f]; return ok }

// ParseForm accepts a form's key or its Chinese name.
func ParseForm(s string) (Form, bool) {
	s = strings.TrimSpace(s)
	for f, l := range formLabels {
		if strings.EqualFold(s, string(f)) || s == l {
			return f, true
		}
	}
	return "", false
}

// Level is an administrative level that handles an item.
type Level string

// The four levels of the region tree (DOMAIN.md §3).
const (
	League  Level = "league"  // 盟级
	Banner  Level = "banner"  // 旗（区）级
	Town    Level = "town"    // 苏木镇（街道）级
	Village Level = "village" // 嘎查村（社区）级
)

// Levels lists the levels from the top.
var Levels = []Level{League, Banner, Town, Village}

var levelLabels = map[Level][]string{
	League:  {"盟级", "盟"},
	Banner:  {"旗级", "旗", "旗（区）级", "旗区级"},
	Town:    {"苏木镇级", "苏木镇", "镇级", "苏木镇（街道）级"},
	Village: {"嘎查村级", "嘎查村", "村级", "嘎查村（社区）级"},
}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// ParseLevel accepts a level's key or one of its Chinese names.
func ParseLevel(s string) (Level, bool) {
	s = strings.TrimSpace(s)
	for _, l := range Levels {
		if strings.EqualFold(s, string(l)) || slices.Contains(levelLabels[l], s) {
			return l, true
		}
	}
	return "", false
}

// OnlineDepth is how far an item can be handled online (网上可办深度).
type OnlineDepth string

// The online depths, deepest first.
const (
	FullOnline OnlineDepth = "full_online"       // 全程网办: applied for, decided and delivered online
	PreReview  OnlineDepth = "online_pre_review" // 网上预审: applied for and pre-reviewed online, one visit to a window
	WindowOnly OnlineDepth = "window_only"       // 窗口办理: in person at a window only
)

// OnlineDepths lists the depths, deepest first.
var OnlineDepths = []OnlineDepth{FullOnline, PreReview, WindowOnly}

var depthLabels = map[OnlineDepth]string{FullOnline: "全程网办", PreReview: "网上预审", WindowOnly: "窗口办理"}

// Valid reports whether d is a known depth.
func (d OnlineDepth) Valid() bool { return slices.Contains(OnlineDepths, d) }

// Online reports whether an application can at least be submitted online.
func (d OnlineDepth) Online() bool { return d == FullOnline || d == PreReview }

// LabelZH returns the Chinese name of the depth.
func (d OnlineDepth) LabelZH() string { return depthLabels[d] }

// ParseOnlineDepth accepts a depth's key or its Chinese name.
func ParseOnlineDepth(s string) (OnlineDepth, bool) {
	s = strings.TrimSpace(s)
	for _, d := range OnlineDepths {
		if strings.EqualFold(s, string(d)) || s == depthLabels[d] {
			return d, true
		}
	}
	return "", false
}

// MaterialReq is one material an item requires (申请材料).
type MaterialReq struct {
	Name     string `json:"name"`
	Form     Form   `json:"form"`
	Copies   int    `json:"copies"`
	Required bool   `json:"required"`
	// Reusable means the material may come from the applicant's material
	// library (一套资料, once-only) instead of being handed in again; it needs
	// a DocType to match library entries by.
	Reusable bool `json:"reusable"`
	// DocType names the kind of document, e.g. "business_licence", shared by
	// items and library entries; empty for item-specific documents such as an
	// application form.
	DocType string `json:"doc_type,omitempty"`
}

// DocApplicationForm is the doc type of an item's application form (申请表).
// It is not reusable from a library, but it tells a bundle (一件事) which
// material its single shared form (一表申请) stands in for.
const DocApplicationForm = "application_form"

// Fen is an amount of money in fen (分, 1/100 yuan). Fees are kept in fen so
// that sums and comparisons are exact.
type Fen int64

// String formats the amount in yuan with two decimals, e.g. "80.00".
func (f Fen) String() string {
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	return fmt.Sprintf("%s%d.%02d", sign, f/100, f%100)
}

// ParseYuan parses an amount in yuan with at most two decimals ("80", "0.5",
// "12.50"; a leading ¥ or a trailing 元 is allowed). The error is a
// *fault.Error with a catalog.reason.* key.
func ParseYuan(s string) (Fen, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.TrimSpace(strings.TrimSuffix(s, "元"))
	if s == "" {
		return 0, invalid("", "catalog.reason.fee_empty", nil, "is empty")
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" ||
		len(frac) > 2 || (dot && frac == "") || len(whole) > 12 {
		return 0, invalid("", "catalog.reason.fee_format", map[string]any{"value": s},
			"%q is not an amount in yuan with at most two decimals", s)
	}
	var f Fen
	for _, c := range whole {
		f = f*10 + Fen(c-'0')
	}
	frac += "00"[len(frac):]
	return f*100 + Fen(frac[0]-'0')*10 + Fen(frac[1]-'0'), nil
}

// DefaultSteps is the review sequence of an item that names none: a review
// (审查) and a decision (决定).
var DefaultSteps = []string{"审查", "决定"}

// Item is a service item (政务服务事项).
type Item struct {
	// Code is unique in the catalog (see the package comment for the scheme).
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	// NameMN is the name in traditional Mongolian script; empty until a
	// translator provides it. The demo data never makes one up.
	NameMN string `json:"name_mn"`
	// Department is the key of the owning department (see Departments); the
	// storage layer maps it to the unit of that department at each level.
	Department string `json:"department"`
	Kind       Kind   `json:"kind"`
	// LegalDays is the statutory time limit (法定时限) and PromisedDays the
	// limit the department has committed to (承诺时限), both in working days
	// after acceptance; 0 means on the spot (即办).
	LegalDays    int           `json:"legal_days"`
	PromisedDays int           `json:"promised_days"`
	Materials    []MaterialReq `json:"materials"`
	// Fee is the charge in fen, 0 when free; FeeBasis is the document that
	// sets it, required when there is a fee.
	Fee         Fen         `json:"fee_fen"`
	FeeBasis    string      `json:"fee_basis"`
	Levels      []Level     `json:"levels"`
	OnlineDepth OnlineDepth `json:"online_depth"`
	// LeagueWide marks 盟域通办 items, which any window in the league may
	// accept for any banner.
	LeagueWide bool `json:"league_wide"`
	// NotifyCommit marks items that allow notify-and-commit (告知承诺);
	// PromiseReplaces names the materials a signed promise may replace.
	NotifyCommit    bool     `json:"notify_commit"`
	PromiseReplaces []string `json:"promise_replaces"`
	// ReviewSteps is the sequence of review steps after acceptance, the last
	// being the decision; empty means DefaultSteps.
	ReviewSteps []string `json:"review_steps"`
	LegalBasis  string   `json:"legal_basis"`
	Guide       string   `json:"guide"`
	Active      bool     `json:"active"`
}

// Steps returns the item's review steps, DefaultSteps when none are set.
func (it Item) Steps() []string {
	if len(it.ReviewSteps) == 0 {
		return slices.Clone(DefaultSteps)
	}
	return slices.Clone(it.ReviewSteps)
}

// Material returns the item's material with the given name.
func (it Item) Material(name string) (MaterialReq, bool) {
	for _, m := range it.Materials {
		if m.Name == name {
			return m, true
		}
	}
	return MaterialReq{}, false
}

// Limits on field sizes, generous for real catalogs and small enough that one
// row cannot swamp a page or a spreadsheet cell (32,767 characters).
const (
	maxName      = 200
	maxNameMN    = 400
	maxText      = 10000
	maxMaterials = 60
	maxSteps     = 12
	maxDays      = 365
	maxCopies    = 99
)

// forbiddenInNames are the delimiters of the spreadsheet mini-syntax; names
// that contain them could not be exported and imported back unchanged.
const forbiddenInNames = "[];；|"

// Validate checks an item and reports every problem at once, each naming its
// field by the JSON and spreadsheet column name. Each problem carries an
// English message and a key of the catalog.reason.* messages with its
// arguments (see invalid).
func (it Item) Validate() error {
	var errs fault.List
	if !validCode(it.Code) {
		add(&errs, "code", "catalog.reason.code_format", map[string]any{"value": it.Code},
			"%q must be 3 to 64 upper-case letters, digits and single hyphens, e.g. AL-SCJGJ-0001", it.Code)
	}
	checkText(&errs, "name_zh", it.NameZH, maxName, true)
	if strings.ContainsAny(it.NameZH, forbiddenInNames) {
		add(&errs, "name_zh", "catalog.reason.forbidden_chars", map[string]any{"chars": forbiddenInNames},
			"must not contain any of %s", forbiddenInNames)
	}
	if it.NameMN != "" {
		checkText(&errs, "name_mn", it.NameMN, maxNameMN, false)
		// A name in the Mongolian column that contains no Mongolian letter is
		// a pasted Chinese name, not a translation.
		if !strings.ContainsFunc(it.NameMN, func(r rune) bool { return unicode.Is(unicode.Mongolian, r) }) {
			add(&errs, "name_mn", "catalog.reason.name_mn_script", nil,
				"contains no Mongolian-script letter; leave it empty until translated")
		}
	}
	if !validKey(it.Department) {
		add(&errs, "department", "catalog.reason.department_key", map[string]any{"value": it.Department},
			"%q must be a department key of 1 to 64 lower-case letters, digits, '-' or '_'", it.Department)
	}
	if !it.Kind.Valid() {
		add(&errs, "kind", "catalog.reason.kind", map[string]any{"value": string(it.Kind)},
			"%q is not a kind (licensing, confirmation, payment, ruling, reward, levy, other, public_service …)", it.Kind)
	}
	if it.LegalDays < 0 || it.LegalDays > maxDays {
		add(&errs, "legal_days", "catalog.reason.legal_days_range", map[string]any{"value": it.LegalDays, "max": maxDays},
			"is %d, must be 0 (on the spot) to %d working days", it.LegalDays, maxDays)
	}
	switch {
	case it.PromisedDays < 0:
		add(&errs, "promised_days", "catalog.reason.negative", map[string]any{"value": it.PromisedDays},
			"is %d, must not be negative", it.PromisedDays)
	case it.PromisedDays > it.LegalDays:
		add(&errs, "promised_days", "catalog.reason.promised_exceeds",
			map[string]any{"value": it.PromisedDays, "field": "legal_days", "limit": it.LegalDays},
			"is %d, must not exceed legal_days %d", it.PromisedDays, it.LegalDays)
	}
	it.validateMaterials(&errs)
	switch {
	case it.Fee < 0:
		add(&errs, "fee_fen", "catalog.reason.fee_negative", map[string]any{"value": it.Fee.String()},
			"is %s yuan, must not be negative", it.Fee)
	case it.Fee > 0 && strings.TrimSpace(it.FeeBasis) == "":
		add(&errs, "fee_basis", "catalog.reason.fee_basis_required", map[string]any{"fee": it.Fee.String()},
			"is required when the item charges a fee (%s yuan)", it.Fee)
	}
	checkText(&errs, "fee_basis", it.FeeBasis, maxText, false)
	if len(it.Levels) == 0 {
		add(&errs, "levels", "catalog.reason.levels_empty", nil,
			"must name at least one level (league, banner, town, village)")
	}
	for i, l := range it.Levels {
		if !l.Valid() {
			add(&errs, "levels", "catalog.reason.level", map[string]any{"value": string(l)},
				"%q is not a level (league, banner, town, village)", l)
		} else if slices.Index(it.Levels, l) < i {
			add(&errs, "levels", "catalog.reason.twice", map[string]any{"value": string(l)},
				"%q is listed twice", l)
		}
	}
	if !it.OnlineDepth.Valid() {
		add(&errs, "online_depth", "catalog.reason.online_depth", map[string]any{"value": string(it.OnlineDepth)},
			"%q is not full_online, online_pre_review or window_only", it.OnlineDepth)
	}
	switch {
	case it.NotifyCommit && len(it.PromiseReplaces) == 0:
		add(&errs, "promise_replaces", "catalog.reason.promise_missing", map[string]any{"field": "notify_commit"},
			"must name the materials a promise may replace when notify_commit is set")
	case !it.NotifyCommit && len(it.PromiseReplaces) > 0:
		add(&errs, "promise_replaces", "catalog.reason.promise_unexpected", map[string]any{"field": "notify_commit"},
			"must be empty unless notify_commit is set")
	}
	for i, name := range it.PromiseReplaces {
		if _, ok := it.Material(name); !ok {
			add(&errs, "promise_replaces", "catalog.reason.promise_material", map[string]any{"value": name},
				"%q is not one of the item's materials", name)
		} else if slices.Index(it.PromiseReplaces, name) < i {
			add(&errs, "promise_replaces", "catalog.reason.twice", map[string]any{"value": name},
				"%q is listed twice", name)
		}
	}
	if len(it.ReviewSteps) > maxSteps {
		add(&errs, "review_steps", "catalog.reason.too_many", map[string]any{"count": len(it.ReviewSteps), "max": maxSteps},
			"has %d steps, at most %d are allowed", len(it.ReviewSteps), maxSteps)
	}
	for i, s := range it.ReviewSteps {
		if strings.TrimSpace(s) == "" || s != strings.TrimSpace(s) || utf8.RuneCountInString(s) > 50 || strings.ContainsAny(s, forbiddenInNames) {
			add(&errs, "review_steps", "catalog.reason.step_format", map[string]any{"step": i + 1, "value": s, "max": 50, "chars": forbiddenInNames},
				"step %d %q must be 1 to 50 characters without surrounding spaces or any of %s", i+1, s, forbiddenInNames)
		}
	}
	if it.Kind.Administrative() && strings.TrimSpace(it.LegalBasis) == "" {
		add(&errs, "legal_basis", "catalog.reason.legal_basis_required", map[string]any{"kind": string(it.Kind)},
			"is required for an administrative power (%s)", it.Kind.LabelZH())
	}
	checkText(&errs, "legal_basis", it.LegalBasis, maxText, false)
	checkText(&errs, "guide", it.Guide, maxText, false)
	return errs.Err()
}

func (it Item) validateMaterials(errs *fault.List) {
	if len(it.Materials) > maxMaterials {
		add(errs, "materials", "catalog.reason.too_many", map[string]any{"count": len(it.Materials), "max": maxMaterials},
			"has %d entries, at most %d are allowed", len(it.Materials), maxMaterials)
	}
	for i, m := range it.Materials {
		at := fmt.Sprintf("entry %d (%s)", i+1, m.Name)
		if n := utf8.RuneCountInString(m.Name); n == 0 || n > maxName || m.Name != strings.TrimSpace(m.Name) {
			add(errs, "materials", "catalog.reason.material_name", map[string]any{"entry": i + 1, "name": m.Name, "max": maxName},
				"entry %d: the name must be 1 to %d characters without surrounding spaces", i+1, maxName)
		}
		if strings.ContainsAny(m.Name, forbiddenInNames) {
			add(errs, "materials", "catalog.reason.material_chars", map[string]any{"entry": i + 1, "name": m.Name, "chars": forbiddenInNames},
				"%s: the name must not contain any of %s", at, forbiddenInNames)
		}
		if j := slices.IndexFunc(it.Materials, func(o MaterialReq) bool { return o.Name == m.Name }); j < i {
			add(errs, "materials", "catalog.reason.material_repeat", map[string]any{"entry": i + 1, "name": m.Name, "other": j + 1},
				"%s: the name repeats entry %d", at, j+1)
		}
		if !m.Form.Valid() {
			add(errs, "materials", "catalog.reason.material_form", map[string]any{"entry": i + 1, "name": m.Name, "value": string(m.Form)},
				"%s: form %q is not original, copy or either", at, m.Form)
		}
		if m.Copies < 1 || m.Copies > maxCopies {
			add(errs, "materials", "catalog.reason.material_copies", map[string]any{"entry": i + 1, "name": m.Name, "value": m.Copies, "max": maxCopies},
				"%s: copies is %d, must be 1 to %d", at, m.Copies, maxCopies)
		}
		if m.Reusable && m.DocType == "" {
			add(errs, "materials", "catalog.reason.material_doc_missing", map[string]any{"entry": i + 1, "name": m.Name},
				"%s: a reusable material needs a doc type to match library entries by", at)
		}
		if m.DocType != "" && !validKey(m.DocType) {
			add(errs, "materials", "catalog.reason.material_doc_format", map[string]any{"entry": i + 1, "name": m.Name, "value": m.DocType},
				"%s: doc type %q must be lower-case letters, digits, '-' or '_'", at, m.DocType)
		}
	}
}

func checkText(errs *fault.List, field, s string, max int, required bool) {
	switch n := utf8.RuneCountInString(s); {
	case required && strings.TrimSpace(s) == "":
		add(errs, field, "catalog.reason.required", nil, "is required")
	case n > max:
		add(errs, field, "catalog.reason.too_long", map[string]any{"count": n, "max": max},
			"has %d characters, at most %d are allowed", n, max)
	case !utf8.ValidString(s):
		add(errs, field, "catalog.reason.utf8", nil, "is not valid UTF-8")
	}
}

// invalid returns one reason why an item or a cell of a catalog file is
// wrong: an English message, which the command line, the logs and the JSON
// API show, and key, a message ID of the catalog.reason.* messages, with
// its arguments, which the UI shows in the user's language. An argument
// named "field" holds another column's name (of Columns) and one named
// "kind" a Kind, so that a surface can show their translated names.
func invalid(field, key string, args map[string]any, format string, a ...any) *fault.Error {
	return fault.Invalidf(field, format, a...).WithKey(key, args)
}

// add appends a reason (see invalid) to errs.
func add(errs *fault.List, field, key string, args map[string]any, format string, a ...any) {
	*errs = append(*errs, invalid(field, key, args, format, a...))
}

func validCode(s string) bool {
	if len(s) < 3 || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ""
}

func validKey(s string) bool {
	return len(s) >= 1 && len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

// OnlineRate returns, over the active items given, the share handled fully
// online (全程网办) and the share that can at least be applied for and
// pre-reviewed online (网上可办). Pass only administrative items to get the
// source's "online rate of approval items". Both are 0 for no items.
func OnlineRate(items []Item) (fullOnline, atLeastPreReview float64) {
	var n, nFull, nPre int
	for _, it := range items {
		if !it.Active {
			continue
		}
		n++
		if it.OnlineDepth == FullOnline {
			nFull++
		}
		if it.OnlineDepth.Online() {
			nPre++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(nFull) / float64(n), float64(nPre) / float64(n)
}
