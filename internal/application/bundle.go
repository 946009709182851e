package application

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"tongban/internal/catalog"
	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// FormField is a field of a bundle's shared form (一表申请).
type FormField struct {
	Key      string `json:"key"`
	LabelZH  string `json:"label_zh"`
	Required bool   `json:"required"`
}

// Bundle is a "one thing" (一件事): several items applied for with one form
// and one set of materials, handled in parallel by their departments, done
// when all are done.
type Bundle struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameMN string `json:"name_mn"` // empty until translated
	// Items are the codes of the items, in the order their parts are numbered.
	Items []string `json:"items"`
	// TargetDays is the end-to-end target in working days, from the first
	// acceptance to the last result issued.
	TargetDays int         `json:"target_days"`
	SharedForm []FormField `json:"shared_form"`
	// SharedMaterials is the one set of materials: every material any item
	// needs, by name, once, apart from the items' own application forms,
	// which the shared form replaces.
	SharedMaterials []string `json:"shared_materials"`
}

// SharedMaterialsOf returns the names of the materials the items need, each
// once, in order of first appearance, without the application forms.
func SharedMaterialsOf(items []catalog.Item) []string {
	var out []string
	for _, it := range items {
		for _, m := range it.Materials {
			if m.DocType != catalog.DocApplicationForm && !slices.Contains(out, m.Name) {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

// BundleSubmit is an application for a bundle: the fields every part shares.
type BundleSubmit struct {
	No           string            `json:"no"` // the bundle application's number; part i is No-0i
	Applicant    Applicant         `json:"applicant"`
	Channel      Channel           `json:"channel"`
	AcceptUnitID int64             `json:"accept_unit_id"`
	AcceptRegion string            `json:"accept_region"`
	OwnerRegion  string            `json:"owner_region"`
	Form         map[string]string `json:"form"`
	Materials    []Provided        `json:"materials"`
}

// PartNo returns the number of the i-th part (0-based) of a bundle application.
func PartNo(bundleNo string, i int) string { return fmt.Sprintf("%s-%02d", bundleNo, i+1) }

// SubmitBundle submits one application per item of the bundle, all sharing
// the form and the materials: a material that several items need is provided
// once and attached to every part that needs it, and the shared form stands
// in for each item's own application form. It returns the events of each part
// in the bundle's item order, or none and the first error: a bundle is
// submitted whole or not at all.
func SubmitBundle(b Bundle, cmd BundleSubmit, actor Actor, now time.Time, env Env) ([][]eventlog.Event, error) {
	var errs fault.List
	if len(b.Items) == 0 {
		return nil, fault.Invalidf("bundle", "bundle %s has no items", b.Code)
	}
	for _, f := range b.SharedForm {
		if f.Required && strings.TrimSpace(cmd.Form[f.Key]) == "" {
			errs = append(errs, fault.Invalidf("form."+f.Key, "%s is required", f.LabelZH).
				WithKey("application.bundle.form", map[string]any{"field": f.Key}))
		}
	}
	for i, m := range cmd.Materials {
		switch {
		case len(b.SharedMaterials) > 0 && !slices.Contains(b.SharedMaterials, m.Name):
			errs.Add(fmt.Sprintf("materials[%d].name", i), "%q is not a material of bundle %s", m.Name, b.Code)
		case slices.IndexFunc(cmd.Materials, func(o Provided) bool { return o.Name == m.Name }) < i:
			errs.Add(fmt.Sprintf("materials[%d].name", i), "%q is provided twice; a bundle takes each material once", m.Name)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if env.Item == nil {
		return nil, fmt.Errorf("application: Env.Item is required to submit")
	}
	out := make([][]eventlog.Event, 0, len(b.Items))
	for i, code := range b.Items {
		item, err := env.Item(code)
		if err != nil {
			return nil, fmt.Errorf("bundle %s item %s: %w", b.Code, code, err)
		}
		var ms []Provided
		for _, req := range item.Materials {
			if req.DocType == catalog.DocApplicationForm {
				ms = append(ms, Provided{Name: req.Name, Source: SourceForm})
				continue
			}
			if j := slices.IndexFunc(cmd.Materials, func(p Provided) bool { return p.Name == req.Name }); j >= 0 {
				ms = append(ms, cmd.Materials[j])
			}
		}
		part := Submit{
			No: PartNo(cmd.No, i), ItemCode: code, Applicant: cmd.Applicant, Channel: cmd.Channel,
			AcceptUnitID: cmd.AcceptUnitID, AcceptRegion: cmd.AcceptRegion, OwnerRegion: cmd.OwnerRegion,
			Form: maps.Clone(cmd.Form), Materials: ms, Bundle: BundleRef{Code: b.Code, No: cmd.No},
		}
		events, err := Decide(nil, part, actor, now, env)
		if err != nil {
			return nil, fmt.Errorf("bundle %s item %s: %w", b.Code, code, err)
		}
		out = append(out, events)
	}
	return out, nil
}

// BundleState is the state of a bundle application, derived from its parts.
type BundleState string

// The bundle states.
const (
	BundleSubmitted  BundleState = "submitted"      // no part accepted yet
	BundleInProgress BundleState = "in_progress"    // some part accepted, none issued
	BundlePartial    BundleState = "partially_done" // some parts issued, not all
	BundleDone       BundleState = "done"           // every part's result issued
	BundleDenied     BundleState = "denied"         // some part ended without a result
)

// DeriveBundleState derives a bundle's state from its parts, by the first
// rule that holds:
//
//  1. denied if any part was denied, refused, withdrawn or revoked: the
//     "one thing" can no longer be completed as a whole, and the applicant
//     must be told at once, even while other parts go on;
//  2. done when every part's result is issued (or delivered);
//  3. partially done when some part's result is issued;
//  4. in progress when some part is accepted (under review, paused or approved);
//  5. submitted otherwise (every part submitted or under correction).
//
// An empty bundle has no state ("").
func DeriveBundleState(parts []*Application) BundleState {
	if len(parts) == 0 {
		return ""
	}
	issued, accepted := 0, 0
	for _, p := range parts {
		switch p.State {
		case Denied, Refused, Withdrawn, Revoked:
			return BundleDenied
		case Issued, Delivered:
			issued++
		case Reviewing, Paused, Approved:
			accepted++
		}
	}
	switch {
	case issued == len(parts):
		return BundleDone
	case issued > 0:
		return BundlePartial
	case accepted > 0:
		return BundleInProgress
	}
	return BundleSubmitted
}

// BundleElapsed returns the working time a done bundle took end to end, from
// the first acceptance of a part to the last result issued; ok is false while
// the bundle is not done. Pauses of single parts are not taken out: the
// applicant waits for the whole.
func BundleElapsed(parts []*Application, cal Calendar) (elapsed time.Duration, ok bool, err error) {
	if DeriveBundleState(parts) != BundleDone {
		return 0, false, nil
	}
	first, last := parts[0].AcceptedAt, parts[0].IssuedAt
	for _, p := range parts[1:] {
		if p.AcceptedAt.Before(first) {
			first = p.AcceptedAt
		}
		if p.IssuedAt.After(last) {
			last = p.IssuedAt
		}
	}
	d, err := cal.WorkingTime(first, last)
	if err != nil {
		return 0, false, calendarError(err)
	}
	return d, true, nil
}

// Codes of the demo bundles.
const (
	BundleEnterpriseOpening = "YJS-QYKB" // 企业开办
	BundleConstruction      = "YJS-GCJS" // 工程建设项目审批
)

// DemoBundles returns the demo bundles over catalog.Demo(): enterprise
// opening (企业开办, target 1 working day) and construction-project approval
// from the site and land-use opinion to the construction permit (工程建设项目
// 审批, target 65 working days, the league's limit). It panics if an item is
// missing from the demo catalog, which a test rules out.
func DemoBundles() []Bundle {
	items := catalog.Demo()
	byName := func(names ...string) ([]string, []catalog.Item) {
		var codes []string
		var its []catalog.Item
		for _, n := range names {
			i := slices.IndexFunc(items, func(it catalog.Item) bool { return it.NameZH == n })
			if i < 0 {
				panic("application: demo bundle item " + n + " is not in catalog.Demo()")
			}
			codes, its = append(codes, items[i].Code), append(its, items[i])
		}
		return codes, its
	}
	openCodes, openItems := byName("企业设立登记", "印章刻制备案", "发票申领", "单位社会保险参保登记",
		"单位医疗保险参保登记", "住房公积金单位缴存登记", "银行开户预约")
	buildCodes, buildItems := byName("建设项目用地预审与选址意见书核发", "建设用地规划许可证核发", "建设项目环境影响报告表审批",
		"建设工程规划许可证核发", "建设工程消防设计审查", "应建防空地下室的民用建筑项目报建审批", "建筑工程施工许可证核发")
	return []Bundle{
		{
			Code: BundleEnterpriseOpening, NameZH: "企业开办一件事", Items: openCodes, TargetDays: 1,
			SharedForm: []FormField{
				{"enterprise_name", "企业名称", true}, {"enterprise_type", "企业类型", true}, {"legal_rep", "法定代表人", true},
				{"registered_capital", "注册资本（万元）", true}, {"address", "住所", true}, {"business_scope", "经营范围", true},
				{"phone", "联系电话", true}, {"employees", "参保职工人数", true}, {"seal_count", "刻制印章数量", true},
				{"bank", "预约开户银行", false}, {"invoice_kinds", "申领发票种类", false},
			},
			SharedMaterials: SharedMaterialsOf(openItems),
		},
		{
			Code: BundleConstruction, NameZH: "工程建设项目审批一件事（选址用地至施工许可）", Items: buildCodes, TargetDays: 65,
			SharedForm: []FormField{
				{"project_name", "项目名称", true}, {"project_code", "投资项目代码", true}, {"builder", "建设单位", true},
				{"site", "建设地点", true}, {"land_area", "用地面积（平方米）", true}, {"floor_area", "建筑面积（平方米）", true},
				{"investment", "总投资（万元）", true}, {"contact", "联系人及电话", true},
			},
			SharedMaterials: SharedMaterialsOf(buildItems),
		},
	}
}
