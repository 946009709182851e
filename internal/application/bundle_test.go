package application

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tongban/internal/catalog"
	"tongban/internal/fault"
)

func TestDemoBundles(t *testing.T) {
	bundles := DemoBundles()
	if len(bundles) != 2 || bundles[0].Code != BundleEnterpriseOpening || bundles[1].Code != BundleConstruction {
		t.Fatalf("got %d bundles", len(bundles))
	}
	targets := map[string]int{BundleEnterpriseOpening: 1, BundleConstruction: 65}
	for _, b := range bundles {
		if b.TargetDays != targets[b.Code] || b.NameZH == "" || b.NameMN != "" {
			t.Errorf("%s: target %d name %q/%q", b.Code, b.TargetDays, b.NameZH, b.NameMN)
		}
		if len(b.Items) != 7 {
			t.Errorf("%s: got %d items, want 7", b.Code, len(b.Items))
		}
		promised := 0
		for _, code := range b.Items {
			it, ok := demoByCode[code]
			if !ok {
				t.Fatalf("%s: item %s is not in catalog.Demo()", b.Code, code)
			}
			if !it.OnlineDepth.Online() {
				t.Errorf("%s: item %s cannot be applied for online", b.Code, it.NameZH)
			}
			promised += it.PromisedDays
			for _, m := range it.Materials {
				if m.DocType != catalog.DocApplicationForm && !slices.Contains(b.SharedMaterials, m.Name) {
					t.Errorf("%s: %s of %s is not in the shared materials", b.Code, m.Name, it.NameZH)
				}
			}
		}
		// Even handled one after another, the parts fit the target.
		if promised > b.TargetDays {
			t.Errorf("%s: promised days add up to %d, over the target %d", b.Code, promised, b.TargetDays)
		}
		for i, m := range b.SharedMaterials {
			if strings.HasSuffix(m, "申请表") || slices.Index(b.SharedMaterials, m) < i {
				t.Errorf("%s: shared material %q is a form or repeated", b.Code, m)
			}
		}
	}
}

func openingForm() map[string]string {
	return map[string]string{
		"enterprise_name": "阿拉善盟驼铃餐饮有限公司", "enterprise_type": "有限责任公司", "legal_rep": "巴特尔",
		"registered_capital": "100", "address": "阿拉善左旗巴彦浩特镇", "business_scope": "餐饮服务",
		"phone": "13904830000", "employees": "8", "seal_count": "3",
	}
}

func openingMaterials() []Provided {
	var out []Provided
	for _, name := range []string{"法定代表人身份证件", "公司章程", "住所（经营场所）使用证明", "全体股东主体资格证明", "营业执照", "印章印模", "办税人员身份证件", "职工花名册"} {
		out = append(out, Provided{Name: name})
	}
	return out
}

// bundleParts submits an enterprise-opening bundle online and returns a
// harness per part.
func bundleParts(t *testing.T, no string, now time.Time) []*harness {
	t.Helper()
	b := DemoBundles()[0]
	cmd := BundleSubmit{No: no, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague,
		Form: openingForm(), Materials: openingMaterials()}
	parts, err := SubmitBundle(b, cmd, citizen(enterprise), now, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	var hs []*harness
	for _, events := range parts {
		h := newHarness(t)
		for _, e := range events {
			if err := Apply(h.app, e); err != nil {
				t.Fatal(err)
			}
		}
		h.events = events
		hs = append(hs, h)
	}
	return hs
}

func apps(hs []*harness) []*Application {
	var out []*Application
	for _, h := range hs {
		out = append(out, h.app)
	}
	return out
}

func TestSubmitBundleSharesFormAndMaterials(t *testing.T) {
	b := DemoBundles()[0]
	hs := bundleParts(t, "B1", at(2026, 3, 2, 8, 50))
	if len(hs) != len(b.Items) {
		t.Fatalf("got %d parts, want %d", len(hs), len(b.Items))
	}
	for i, h := range hs {
		a := h.app
		if a.No != PartNo("B1", i) || a.Bundle != (BundleRef{b.Code, "B1"}) || a.Item.Code != b.Items[i] {
			t.Errorf("part %d: no %s bundle %+v item %s", i, a.No, a.Bundle, a.Item.Code)
		}
		if !reflect.DeepEqual(a.Form, openingForm()) {
			t.Errorf("part %d: form %v", i, a.Form)
		}
		if m := a.missing(nil); len(m) != 0 {
			t.Errorf("part %s: missing %v although the bundle provided everything", a.Item.NameZH, m)
		}
		form := a.Materials[0]
		if form.Source != SourceForm || !strings.HasSuffix(form.Name, "申请表") {
			t.Errorf("part %s: the shared form does not stand in for the item's form: %+v", a.Item.NameZH, form)
		}
		for _, p := range a.Materials {
			if _, ok := a.Item.material(p.Name); !ok {
				t.Errorf("part %s got %s, which the item does not ask for", a.Item.NameZH, p.Name)
			}
		}
	}
	// The representative's ID was provided once and reaches every part.
	for _, h := range hs {
		if _, ok := h.app.provided("法定代表人身份证件"); !ok {
			t.Errorf("%s lacks the representative's ID", h.app.Item.NameZH)
		}
	}
	staff := 0
	for _, h := range hs {
		if _, ok := h.app.provided("职工花名册"); ok {
			staff++
		}
	}
	if staff != 3 {
		t.Errorf("staff roster attached to %d parts, want the 3 insurance and housing-fund parts", staff)
	}
}

func TestBundleLifecycleAndState(t *testing.T) {
	hs := bundleParts(t, "B2", at(2026, 3, 2, 8, 50))
	parts := apps(hs)
	if got := DeriveBundleState(parts); got != BundleSubmitted {
		t.Errorf("after submission: got %s", got)
	}
	for i, h := range hs {
		h.do(Accept{}, clerkLeague, at(2026, 3, 2, 9, i))
	}
	if got := DeriveBundleState(parts); got != BundleInProgress {
		t.Errorf("after acceptance: got %s", got)
	}
	for i, h := range hs {
		for h.app.State == Reviewing && h.app.Step < len(h.app.Item.Steps)-1 {
			h.do(Review{}, h.owner(), at(2026, 3, 2, 10, i))
		}
		h.do(Approve{}, h.owner(), at(2026, 3, 2, 11, i))
		h.do(Issue{CertificateNo: "R" + h.app.No}, clerkLeague, at(2026, 3, 2, 14, 40+i))
		if i == 0 {
			if got := DeriveBundleState(parts); got != BundlePartial {
				t.Errorf("after the first result: got %s", got)
			}
		}
	}
	if got := DeriveBundleState(parts); got != BundleDone {
		t.Errorf("after all results: got %s", got)
	}
	// First acceptance 09:00, last result 14:46: 3 + 0.27 working hours.
	d, ok, err := BundleElapsed(parts, testEnv().Calendar)
	if err != nil || !ok || d != 3*time.Hour+16*time.Minute {
		t.Errorf("elapsed: got %v %v %v", d, ok, err)
	}
	r, err := TargetRate(DemoBundles()[0], parts, testEnv().Calendar, 0)
	if err != nil || r != (Ratio{1, 1}) {
		t.Errorf("target rate: got %+v %v, want 1 of 1", r, err)
	}
	stats, err := ElapsedByBundle(parts, testEnv().Calendar, 0)
	if err != nil || stats[BundleEnterpriseOpening].N != 1 {
		t.Errorf("elapsed by bundle: got %+v %v", stats, err)
	}
}

func TestDeriveBundleState(t *testing.T) {
	mk := func(states ...State) []*Application {
		var out []*Application
		for _, s := range states {
			out = append(out, &Application{State: s})
		}
		return out
	}
	tests := []struct {
		parts []*Application
		want  BundleState
	}{
		{nil, ""},
		{mk(Submitted, Correcting, Submitted), BundleSubmitted},
		{mk(Submitted, Reviewing), BundleInProgress},
		{mk(Paused, Approved), BundleInProgress},
		{mk(Issued, Reviewing, Submitted), BundlePartial},
		{mk(Delivered, Issued), BundleDone},
		{mk(Issued, Issued, Denied), BundleDenied},
		{mk(Submitted, Refused), BundleDenied},
		{mk(Delivered, Revoked), BundleDenied},
		{mk(Reviewing, Withdrawn), BundleDenied},
	}
	for _, tt := range tests {
		if got := DeriveBundleState(tt.parts); got != tt.want {
			var states []State
			for _, p := range tt.parts {
				states = append(states, p.State)
			}
			t.Errorf("%v: got %q, want %q", states, got, tt.want)
		}
	}
}

func TestSubmitBundleErrors(t *testing.T) {
	b := DemoBundles()[0]
	ok := BundleSubmit{No: "B3", Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague,
		Form: openingForm(), Materials: openingMaterials()}
	tests := []struct {
		name   string
		change func(*BundleSubmit)
		actor  Actor
		code   fault.Code
		fields []string
	}{
		{"form field missing", func(c *BundleSubmit) { c.Form = map[string]string{"enterprise_name": " "} }, citizen(enterprise), fault.Invalid,
			[]string{"form.enterprise_name", "form.enterprise_type", "form.legal_rep", "form.registered_capital", "form.address",
				"form.business_scope", "form.phone", "form.employees", "form.seal_count"}},
		{"foreign material", func(c *BundleSubmit) { c.Materials = append(c.Materials, Provided{Name: "结婚证"}) }, citizen(enterprise), fault.Invalid, []string{"materials[8].name"}},
		{"material twice", func(c *BundleSubmit) { c.Materials = append(c.Materials, Provided{Name: "公司章程"}) }, citizen(enterprise), fault.Invalid, []string{"materials[8].name"}},
		{"someone else", func(*BundleSubmit) {}, citizen(person), fault.Forbidden, nil},
		{"bad credit code", func(c *BundleSubmit) { c.Applicant.IDNumber = "91350100M000100Y40" }, citizen(Applicant{IDNumber: "91350100M000100Y40"}), fault.Invalid, []string{"applicant.id_number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ok
			cmd.Form = openingForm()
			tt.change(&cmd)
			parts, err := SubmitBundle(b, cmd, tt.actor, at(2026, 3, 2, 9, 0), testEnv())
			if parts != nil {
				t.Errorf("got %d parts, want none", len(parts))
			}
			wantCode(t, err, tt.code)
			if tt.fields != nil && !reflect.DeepEqual(fields(err), tt.fields) {
				t.Errorf("got fields %v, want %v", fields(err), tt.fields)
			}
			if (tt.code == fault.Forbidden || tt.name == "bad credit code") && !strings.Contains(err.Error(), "bundle "+b.Code+" item AL-SCJGJ-0001: ") {
				t.Errorf("a part's error does not name the bundle and item: %v", err)
			}
		})
	}
}
