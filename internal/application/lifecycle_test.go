package application

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tongban/internal/fault"
)

const (
	foodLicence = "食品经营许可" // 10/3 days, 审查→决定, notify-commit on 经营场所使用证明
	premises    = "经营场所使用证明"
)

func TestWindowLifecycle(t *testing.T) {
	h := newHarness(t)
	it := demoItem(t, foodLicence)
	h.do(Submit{No: "A1", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2026, 3, 2, 9, 40))
	a := h.app
	if a.State != Submitted || a.AcceptUnitID != hallLeague || a.AcceptRegion != rLeague || a.OwnerUnitID != ownerUnit("scjgj", rLeague) {
		t.Fatalf("after submit: got %+v", a)
	}
	if a.CrossRegion() {
		t.Errorf("accepted and owned in the league: got cross-region")
	}
	h.do(Accept{}, clerkLeague, at(2026, 3, 2, 10, 0))
	if a.State != Reviewing || a.NoticeNo != "A1-SL" || a.CurrentStep() != "审查" {
		t.Errorf("after accept: state %s notice %q step %q", a.State, a.NoticeNo, a.CurrentStep())
	}
	// 3 working days after Monday 2 March: Thursday 5 March, end of office hours.
	if want := at(2026, 3, 5, 18, 0); !a.PromisedDue.Equal(want) {
		t.Errorf("promised due: got %s, want %s", fmtTime(a.PromisedDue), fmtTime(want))
	}
	if want := at(2026, 3, 16, 18, 0); !a.LegalDue.Equal(want) {
		t.Errorf("legal due: got %s, want %s", fmtTime(a.LegalDue), fmtTime(want))
	}
	if a.Promise != nil {
		t.Errorf("accepted without a promise: got %+v", a.Promise)
	}
	h.do(Review{Opinion: "材料齐全，符合条件"}, h.owner(), at(2026, 3, 3, 9, 0))
	if a.CurrentStep() != "决定" {
		t.Errorf("after review: step %q, want 决定", a.CurrentStep())
	}
	h.do(Approve{Opinion: "准予许可"}, h.owner(), at(2026, 3, 3, 15, 0))
	h.do(Issue{CertificateNo: "JY11529000012345"}, clerkLeague, at(2026, 3, 4, 9, 0))
	h.do(Deliver{Method: DeliverWindow}, clerkLeague, at(2026, 3, 4, 10, 0))
	h.do(Rate{Channel: App, Score: 5, Comment: "一次办好"}, citizen(enterprise), at(2026, 3, 4, 11, 0))
	if err := h.try(Rate{Channel: App, Score: 1}, citizen(enterprise), at(2026, 3, 4, 11, 5)); wantCode(t, err, fault.Conflict).Field != "channel" {
		t.Errorf("second rating on the same channel: got %v", err)
	}
	h.do(Rate{Channel: Window, Score: 2}, citizen(enterprise), at(2026, 3, 4, 11, 10))

	if a.State != Delivered || a.IssuedUnitID != hallLeague || a.CertificateNo != "JY11529000012345" || a.Delivery.Method != DeliverWindow {
		t.Errorf("after delivery: got %+v", a)
	}
	steps := []string{a.Opinions[0].Step, a.Opinions[1].Step}
	if !reflect.DeepEqual(steps, []string{"审查", "决定"}) || a.Opinions[0].StaffID != h.owner().StaffID {
		t.Errorf("opinions: got %+v", a.Opinions)
	}
	if len(a.Ratings) != 2 || a.Ratings[0].Bad || !a.Ratings[1].Bad {
		t.Errorf("ratings: got %+v, want a good app rating and a bad window rating", a.Ratings)
	}
	if a.Version != int64(len(h.events)) || h.events[0].Stream != "app:A1" {
		t.Errorf("version %d, %d events, stream %q", a.Version, len(h.events), h.events[0].Stream)
	}
	if got := Allowed(a, citizen(enterprise)); !reflect.DeepEqual(got, []string{ActRate}) {
		t.Errorf("allowed after two ratings: got %v, want rate on the remaining channels", got)
	}
}

func TestCorrectionNoticeListsEverything(t *testing.T) {
	h := newHarness(t)
	it := demoItem(t, foodLicence)
	form, licence := it.Materials[0].Name, "营业执照"
	h.do(Submit{No: "A2", ItemCode: it.Code, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague,
		Materials: []Provided{{Name: form}, {Name: licence, Source: SourceLibrary}}}, citizen(enterprise), at(2026, 3, 2, 20, 0))

	h.do(Correct{Defects: []Defect{{Material: licence, Problem: "营业执照已过有效期"}}}, clerkLeague, at(2026, 3, 3, 9, 0))
	n := h.app.Notices[0]
	want := []Defect{
		{Material: licence, Problem: "营业执照已过有效期"},
		{Material: "法定代表人身份证件", Missing: true},
		{Material: "经营场所平面布局图", Missing: true},
		{Material: "食品安全管理制度", Missing: true},
		{Material: premises, Missing: true, Promisable: true},
	}
	if !reflect.DeepEqual(n.Defects, want) {
		t.Fatalf("first notice:\ngot  %+v\nwant %+v", n.Defects, want)
	}
	if h.app.State != Correcting || n.UnitID != hallLeague {
		t.Errorf("after the notice: state %s, unit %d", h.app.State, n.UnitID)
	}

	fe := wantCode(t, h.try(Accept{}, clerkLeague, at(2026, 3, 3, 9, 30)), fault.Conflict)
	if !reflect.DeepEqual(fe.Allowed, []string{ActResubmit, ActRefuse, ActWithdraw}) || fe.Current != Correcting {
		t.Errorf("accept while correcting: allowed %v current %v", fe.Allowed, fe.Current)
	}

	h.do(Resubmit{Materials: []Provided{{Name: licence, SHA256: strings.Repeat("a1", 32)}, {Name: "法定代表人身份证件"}, {Name: "经营场所平面布局图"}}},
		citizen(enterprise), at(2026, 3, 4, 10, 0))
	if h.app.State != Submitted {
		t.Fatalf("after resubmit: state %s", h.app.State)
	}

	// 一次性告知: the form was there at the first notice and not objected to.
	err := h.try(Correct{Defects: []Defect{{Material: form, Problem: "未盖公章"}}}, clerkLeague, at(2026, 3, 4, 14, 0))
	if fe := wantCode(t, err, fault.Invalid); fe.Key != "application.correct.once" || fe.Field != "defects[0].material" {
		t.Errorf("new objection to an unchanged material: got %v (key %q)", err, fe.Key)
	}
	// A material handed in since, and one named before, may be objected to.
	h.do(Correct{Defects: []Defect{{Material: "法定代表人身份证件", Problem: "复印件不清晰"}, {Material: licence, Problem: "仍为过期执照"}}},
		approver(h.app.OwnerUnitID), at(2026, 3, 4, 14, 0))
	var names []string
	for _, d := range h.app.Notices[1].Defects {
		names = append(names, d.Material)
	}
	if want := []string{licence, "法定代表人身份证件", "食品安全管理制度", premises}; !reflect.DeepEqual(names, want) {
		t.Errorf("second notice: got %v, want %v", names, want)
	}

	h.do(Resubmit{Materials: []Provided{{Name: licence}, {Name: "法定代表人身份证件"}, {Name: "食品安全管理制度"}}}, clerkLeague, at(2026, 3, 5, 9, 0))
	err = h.try(Accept{}, clerkLeague, at(2026, 3, 5, 9, 10))
	if fe := wantCode(t, err, fault.Invalid); fe.Key != "application.accept.missing" || !reflect.DeepEqual(fe.Args["missing"], []string{premises}) {
		t.Errorf("accept with a material missing: got %v", err)
	}
	h.do(Accept{NoticeNo: "阿盟市监受〔2026〕17号", Promise: []string{premises}}, clerkLeague, at(2026, 3, 5, 9, 15))
	if h.app.State != Reviewing || h.app.Promise == nil || !reflect.DeepEqual(h.app.Promise.Materials, []string{premises}) {
		t.Errorf("after accept with promise: %+v", h.app)
	}
	if len(h.app.Materials) != 5 || h.app.Materials[1].Rev != 5 || h.app.Materials[3].Rev != 3 {
		t.Errorf("materials: got %+v, want five, each once, with the version that last provided it", h.app.Materials)
	}
}

func TestCorrectNeedsSomethingToCorrect(t *testing.T) {
	h := newHarness(t)
	it := demoItem(t, foodLicence)
	h.do(Submit{No: "A3", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2026, 3, 2, 9, 0))
	err := h.try(Correct{}, clerkLeague, at(2026, 3, 2, 9, 5))
	if fe := wantCode(t, err, fault.Invalid); fe.Field != "defects" {
		t.Errorf("empty notice with everything present: got %v", err)
	}
	err = h.try(Correct{Defects: []Defect{{Material: "不存在的材料", Problem: "x"}, {Material: "营业执照"}}}, clerkLeague, at(2026, 3, 2, 9, 5))
	if got := fields(err); !reflect.DeepEqual(got, []string{"defects[0].material", "defects[1].problem"}) {
		t.Errorf("bad defects: got fields %v (%v)", got, err)
	}
}

func TestNotifyCommitVerification(t *testing.T) {
	it := demoItem(t, foodLicence)
	accepted := func(no string) *harness {
		h := newHarness(t)
		h.do(Submit{No: no, ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it, premises)}, clerkLeague, at(2026, 3, 2, 9, 0))
		h.do(Accept{Promise: []string{premises}}, clerkLeague, at(2026, 3, 2, 10, 0))
		return h
	}

	h := accepted("C1")
	p := h.app.Promise
	// 20 working days after Monday 2 March is Monday 30 March.
	if want := at(2026, 3, 30, 18, 0); p == nil || !p.VerifyDue.Equal(want) || !p.SignedAt.Equal(at(2026, 3, 2, 10, 0)) {
		t.Fatalf("promise: got %+v, want verification due %s", p, fmtTime(want))
	}
	h.do(Review{}, h.owner(), at(2026, 3, 3, 9, 0))
	h.do(Approve{}, h.owner(), at(2026, 3, 3, 10, 0))
	h.do(Issue{CertificateNo: "JY1"}, clerkLeague, at(2026, 3, 3, 11, 0))
	verifyWarning := func(now time.Time) string {
		ws, err := Warnings(h.app, now, h.env.Calendar)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if w.Clock == ClockVerify {
				return w.Level
			}
		}
		return ""
	}
	for _, c := range []struct {
		now  time.Time
		want string
	}{{at(2026, 3, 20, 10, 0), ""}, {at(2026, 3, 25, 10, 0), Yellow}, {at(2026, 3, 30, 17, 0), Yellow}, {at(2026, 3, 31, 9, 0), Red}} {
		if got := verifyWarning(c.now); got != c.want {
			t.Errorf("verification warning at %s: got %q, want %q", fmtTime(c.now), got, c.want)
		}
	}
	if !slices.Contains(Allowed(h.app, h.owner()), ActVerifyOK) {
		t.Errorf("owner may not verify an issued application: %v", Allowed(h.app, h.owner()))
	}
	wantCode(t, h.try(VerifyOK{}, clerkLeague, at(2026, 3, 20, 9, 0)), fault.Forbidden)
	h.do(VerifyOK{Note: "现场核查，场所与承诺一致"}, h.owner(), at(2026, 3, 20, 9, 0))
	if h.app.Promise.Result != PromiseKept || h.app.State != Issued || verifyWarning(at(2026, 4, 30, 9, 0)) != "" {
		t.Errorf("after verify_ok: %+v", h.app.Promise)
	}
	if p.Result != "" {
		t.Errorf("verify_ok changed the promise of the earlier state")
	}
	wantCode(t, h.try(VerifyFailed{Note: "x"}, h.owner(), at(2026, 3, 21, 9, 0)), fault.Conflict)

	h = accepted("C2")
	h.do(Review{}, h.owner(), at(2026, 3, 3, 9, 0))
	h.do(Approve{}, h.owner(), at(2026, 3, 3, 10, 0))
	h.do(Issue{CertificateNo: "JY2"}, clerkLeague, at(2026, 3, 3, 11, 0))
	h.do(Deliver{Method: DeliverMail, Ref: "EMS1234567890"}, clerkLeague, at(2026, 3, 3, 12, 0))
	if fields(h.try(VerifyFailed{}, h.owner(), at(2026, 3, 10, 9, 0)))[0] != "note" {
		t.Errorf("verify_failed needs a note")
	}
	h.do(VerifyFailed{Note: "经营场所为住宅，承诺不实"}, h.owner(), at(2026, 3, 10, 9, 0))
	if h.app.State != Revoked || h.app.Promise.Result != PromiseBroken || h.app.Reason != "经营场所为住宅，承诺不实" {
		t.Errorf("after verify_failed: state %s promise %+v", h.app.State, h.app.Promise)
	}
	if got := Allowed(h.app, citizen(enterprise)); len(got) != 0 {
		t.Errorf("revoked: citizen may still %v", got)
	}

	// Promises only where the item allows them, and only for the named materials.
	h = newHarness(t)
	h.do(Submit{No: "C3", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2026, 3, 2, 9, 0))
	if got := fields(h.try(Accept{Promise: []string{"营业执照"}}, clerkLeague, at(2026, 3, 2, 9, 5))); !reflect.DeepEqual(got, []string{"promise[0]"}) {
		t.Errorf("promise for a material that may not be promised: got %v", got)
	}
	seal := demoItem(t, "印章刻制备案")
	h = newHarness(t)
	h.do(Submit{No: "C4", ItemCode: seal.Code, Applicant: enterprise, Channel: Window, Materials: required(seal)}, clerkLeague, at(2026, 3, 2, 9, 0))
	if got := fields(h.try(Accept{Promise: []string{"营业执照"}}, clerkLeague, at(2026, 3, 2, 9, 5))); got[0] != "promise" {
		t.Errorf("promise for an item without notify-commit: got %v", got)
	}
}

func TestPauseResumeMovesDeadlines(t *testing.T) {
	it := demoItem(t, "取水许可") // 45/20 days, 审查→现场核查→决定
	h := newHarness(t)
	h.do(Submit{No: "P1", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2026, 3, 2, 9, 0))
	h.do(Accept{}, clerkLeague, at(2026, 3, 2, 10, 0))
	a := h.app
	if want := at(2026, 3, 30, 18, 0); !a.PromisedDue.Equal(want) {
		t.Errorf("promised due: got %s, want %s", fmtTime(a.PromisedDue), fmtTime(want))
	}
	// 45 working days, skipping the 1–5 May holiday of the test calendar.
	if want := at(2026, 5, 7, 18, 0); !a.LegalDue.Equal(want) {
		t.Errorf("legal due: got %s, want %s", fmtTime(a.LegalDue), fmtTime(want))
	}
	h.do(Review{Opinion: "材料审查通过"}, h.owner(), at(2026, 3, 3, 9, 0))
	if a.CurrentStep() != "现场核查" {
		t.Fatalf("step %q, want 现场核查", a.CurrentStep())
	}
	wantCode(t, h.try(Approve{}, h.owner(), at(2026, 3, 3, 9, 30)), fault.Conflict)

	if got := fields(h.try(PauseClock{Reason: "lunch", Days: 0}, h.owner(), at(2026, 3, 4, 8, 30))); !reflect.DeepEqual(got, []string{"reason", "days"}) {
		t.Errorf("bad pause: got fields %v", got)
	}
	h.do(PauseClock{Reason: PauseInspection, Note: "组织现场勘验", Days: 3}, h.owner(), at(2026, 3, 4, 8, 30))
	for _, act := range []Command{Approve{}, Review{}, Deny{Reason: "x"}} {
		wantCode(t, h.try(act, h.owner(), at(2026, 3, 5, 9, 0)), fault.Conflict)
	}
	// Resumed after Wednesday, Thursday and Friday: 21 working hours.
	h.do(ResumeClock{Note: "勘验完成"}, h.owner(), at(2026, 3, 9, 8, 30))
	if p := a.Pauses[0]; p.Working != 21*time.Hour || !p.To.Equal(at(2026, 3, 9, 8, 30)) {
		t.Errorf("pause: got %+v, want 21h", p)
	}
	if want := at(2026, 4, 2, 18, 0); !a.PromisedDue.Equal(want) {
		t.Errorf("promised due after the pause: got %s, want %s", fmtTime(a.PromisedDue), fmtTime(want))
	}
	if want := at(2026, 5, 12, 18, 0); !a.LegalDue.Equal(want) {
		t.Errorf("legal due after the pause: got %s, want %s", fmtTime(a.LegalDue), fmtTime(want))
	}
	h.do(Review{Opinion: "现场核查通过"}, h.owner(), at(2026, 3, 9, 10, 0))
	h.do(Approve{}, h.owner(), at(2026, 3, 10, 10, 0))
	h.do(Issue{CertificateNo: "QS-2026-001"}, clerkLeague, at(2026, 3, 10, 11, 0))
	d, ok, err := Elapsed(a, h.env.Calendar)
	// Accepted Monday 10:00, issued Tuesday of the next week 11:00: 6 working
	// days and 1 hour on the calendar, of which 3 days paused.
	if err != nil || !ok || d != 3*7*time.Hour+time.Hour {
		t.Errorf("elapsed: got %v, %v, %v, want 22h", d, ok, err)
	}
}

func TestPauseStopsWarnings(t *testing.T) {
	it := demoItem(t, foodLicence) // promised 3 days
	h := newHarness(t)
	h.do(Submit{No: "P2", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2026, 3, 2, 9, 0))
	h.do(Accept{}, clerkLeague, at(2026, 3, 2, 10, 0))
	levels := func(now time.Time) map[string]string {
		ws, err := Warnings(h.app, now, h.env.Calendar)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, w := range ws {
			out[w.Clock] = w.Level
		}
		return out
	}
	// Promised period 5.5 + 3×7 = 26.5 working hours; 75% = 19.9 h.
	if got := levels(at(2026, 3, 4, 10, 0)); len(got) != 0 {
		t.Errorf("day 3 morning: got %v, want no warnings", got)
	}
	if got := levels(at(2026, 3, 5, 10, 0)); got[ClockPromised] != Yellow || got[ClockLegal] != "" {
		t.Errorf("day 4 morning: got %v, want promised yellow", got)
	}
	if got := levels(at(2026, 3, 6, 9, 0)); got[ClockPromised] != Red {
		t.Errorf("day 5: got %v, want promised red", got)
	}
	h.do(PauseClock{Reason: PauseExpertReview, Days: 10}, h.owner(), at(2026, 3, 3, 8, 30))
	if got := levels(at(2026, 4, 20, 9, 0)); len(got) != 0 {
		t.Errorf("paused for weeks: got %v, want no warnings (the clocks stand still)", got)
	}
	h.do(ResumeClock{}, h.owner(), at(2026, 4, 20, 8, 30))
	if got := levels(at(2026, 4, 20, 9, 0)); len(got) != 0 {
		t.Errorf("just resumed: got %v, want no warnings", got)
	}
	if got := levels(at(2026, 4, 23, 9, 0)); got[ClockPromised] != Red {
		t.Errorf("3 working days after resuming: got %v, want promised red", got)
	}
	if got := OnTime([]*Application{h.app}, at(2026, 4, 23, 9, 0)); got.Promised != (Ratio{0, 1}) || got.Legal != (Ratio{0, 0}) {
		t.Errorf("on-time rates: got %+v", got)
	}
}

func TestZeroDayDeadlines(t *testing.T) {
	it := demoItem(t, "印章刻制备案") // on the spot (即办)
	tests := []struct {
		name     string
		accepted time.Time
		want     time.Time
	}{
		{"in office hours", at(2026, 3, 2, 10, 0), at(2026, 3, 2, 18, 0)},
		{"after hours", at(2026, 3, 2, 19, 0), at(2026, 3, 3, 18, 0)},
		{"Saturday (online)", at(2026, 3, 7, 10, 0), at(2026, 3, 9, 18, 0)},
		{"before a holiday", at(2026, 4, 30, 18, 30), at(2026, 5, 6, 18, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do(Submit{No: "Z1", ItemCode: it.Code, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague,
				Materials: required(it)}, citizen(enterprise), tt.accepted.Add(-time.Minute))
			h.do(Accept{}, clerkLeague, tt.accepted)
			if !h.app.PromisedDue.Equal(tt.want) || !h.app.LegalDue.Equal(tt.want) {
				t.Errorf("got %s / %s, want %s", fmtTime(h.app.PromisedDue), fmtTime(h.app.LegalDue), fmtTime(tt.want))
			}
		})
	}
}

func TestCalendarWithoutSchedule(t *testing.T) {
	it := demoItem(t, foodLicence)
	h := newHarness(t)
	h.do(Submit{No: "U1", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague, at(2028, 1, 3, 9, 0))
	fe := wantCode(t, h.try(Accept{}, clerkLeague, at(2028, 1, 3, 10, 0)), fault.Unavailable)
	if fe.Key != "application.calendar" || fe.Err == nil {
		t.Errorf("got %+v, want the calendar's error as cause", fe)
	}
}

func TestCrossRegionLeagueWide(t *testing.T) {
	it := demoItem(t, "个体工商户设立登记") // 盟域通办, owned by the banner's market regulator
	h := newHarness(t)
	// A 阿拉善左旗 resident applies at the 阿拉善右旗 hall.
	h.do(Submit{No: "X1", ItemCode: it.Code, Applicant: person, Channel: Window, OwnerRegion: rZuoqi, Materials: required(it)}, clerkYouqi, at(2026, 3, 2, 9, 0))
	a := h.app
	owner := ownerUnit("scjgj", rZuoqi)
	if a.AcceptUnitID != hallYouqi || a.AcceptRegion != rYouqi || a.OwnerUnitID != owner || a.OwnerRegion != rZuoqi || !a.CrossRegion() {
		t.Fatalf("routing: got accept %d/%s owner %d/%s", a.AcceptUnitID, a.AcceptRegion, a.OwnerUnitID, a.OwnerRegion)
	}
	wantCode(t, h.try(Accept{}, clerkZuoqi, at(2026, 3, 2, 9, 10)), fault.Forbidden)
	h.do(Accept{}, clerkYouqi, at(2026, 3, 2, 9, 10))
	wantCode(t, h.try(Review{}, approver(ownerUnit("scjgj", rYouqi)), at(2026, 3, 2, 10, 0)), fault.Forbidden)
	wantCode(t, h.try(Review{}, clerkYouqi, at(2026, 3, 2, 10, 0)), fault.Forbidden)
	h.do(Review{}, approver(owner), at(2026, 3, 2, 10, 0))
	h.do(Approve{}, approver(owner), at(2026, 3, 2, 11, 0))
	// The result returns to the accepting window (统一窗口出件).
	wantCode(t, h.try(Issue{CertificateNo: "92152921MA0000001X"}, clerkZuoqi, at(2026, 3, 2, 15, 0)), fault.Forbidden)
	wantCode(t, h.try(Issue{CertificateNo: "92152921MA0000001X"}, approver(owner), at(2026, 3, 2, 15, 0)), fault.Forbidden)
	h.do(Issue{CertificateNo: "92152921MA0000001X"}, clerkYouqi, at(2026, 3, 2, 15, 0))
	if a.IssuedUnitID != hallYouqi {
		t.Errorf("issued at unit %d, want the accepting window %d", a.IssuedUnitID, hallYouqi)
	}

	// A town window of the owning banner is not cross-region.
	local := &Application{AcceptRegion: rBayan, OwnerRegion: rZuoqi, State: Submitted}
	if local.CrossRegion() {
		t.Errorf("town window of the owning banner: got cross-region")
	}
	if got := CrossRegion([]*Application{a, local, {AcceptRegion: rYouqi, OwnerRegion: rZuoqi, State: Reviewing}}); !reflect.DeepEqual(got, map[RegionPair]int{{rYouqi, rZuoqi}: 2}) {
		t.Errorf("cross-region counts: got %v", got)
	}

	// An item that is not league-wide must be applied for in its own banner.
	food := demoItem(t, foodLicence)
	h2 := newHarness(t)
	err := h2.try(Submit{No: "X2", ItemCode: food.Code, Applicant: enterprise, Channel: Window, OwnerRegion: rZuoqi, Materials: required(food)}, clerkYouqi, at(2026, 3, 2, 9, 0))
	if fe := wantCode(t, err, fault.Invalid); fe.Field != "owner_region" || fe.Key != "application.not_league_wide" {
		t.Errorf("cross-region for a local item: got %v", err)
	}
	clerkBayan := Actor{StaffID: 41, UnitID: 400, Role: RoleWindowClerk, Region: rBayan}
	h2.do(Submit{No: "X3", ItemCode: food.Code, Applicant: enterprise, Channel: Window, OwnerRegion: rZuoqi, Materials: required(food)}, clerkBayan, at(2026, 3, 2, 9, 0))
	if h2.app.OwnerUnitID != ownerUnit("scjgj", rZuoqi) || h2.app.CrossRegion() {
		t.Errorf("town window: got owner %d cross %v", h2.app.OwnerUnitID, h2.app.CrossRegion())
	}
}

func TestSubmitValidation(t *testing.T) {
	food := demoItem(t, foodLicence)
	idCard := demoItem(t, "居民身份证申领") // window only
	ok := Submit{No: "S1", ItemCode: food.Code, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague}
	tests := []struct {
		name   string
		change func(*Submit)
		actor  Actor
		code   fault.Code
		fields []string
	}{
		{"online by the applicant", func(*Submit) {}, citizen(enterprise), "", nil},
		{"bad credit code", func(s *Submit) { s.Applicant.IDNumber = "91350100M000100Y44" }, citizen(Applicant{IDNumber: "91350100M000100Y44"}), fault.Invalid, []string{"applicant.id_number"}},
		{"person with a bad ID", func(s *Submit) {
			s.Channel, s.Applicant = Window, Applicant{Kind: Person, Name: "张三", IDNumber: "110105194912310023"}
		}, clerkLeague, fault.Invalid, []string{"applicant.id_number"}},
		{"no name, bad kind", func(s *Submit) { s.Channel, s.Applicant = Window, Applicant{Kind: "robot", IDNumber: "x"} }, clerkLeague, fault.Invalid, []string{"applicant.kind", "applicant.name"}},
		{"window-only item online", func(s *Submit) { s.ItemCode, s.Applicant = idCard.Code, person }, citizen(person), fault.Invalid, []string{"channel"}},
		{"online without a window", func(s *Submit) { s.AcceptUnitID, s.AcceptRegion = 0, "15292" }, citizen(enterprise), fault.Invalid, []string{"accept_unit_id", "accept_region", "owner_region"}},
		{"bad number and channel", func(s *Submit) { s.No, s.Channel = "A 1", "fax" }, citizen(enterprise), fault.Invalid, []string{"no", "channel"}},
		{"unknown material", func(s *Submit) { s.Materials = []Provided{{Name: "户口本"}, {Name: "营业执照", SHA256: "xyz"}} }, citizen(enterprise), fault.Invalid, []string{"materials[0].name", "materials[1].sha256"}},
		{"material twice", func(s *Submit) { s.Materials = []Provided{{Name: "营业执照"}, {Name: "营业执照"}} }, citizen(enterprise), fault.Invalid, []string{"materials[1].name"}},
		{"unknown item", func(s *Submit) { s.ItemCode = "AL-NONE-0001" }, citizen(enterprise), fault.NotFound, nil},
		{"someone else's application", func(*Submit) {}, citizen(person), fault.Forbidden, nil},
		{"clerk submits online", func(*Submit) {}, clerkLeague, fault.Forbidden, nil},
		{"citizen at a window", func(s *Submit) { s.Channel = Window }, citizen(enterprise), fault.Forbidden, nil},
		{"clerk for another window", func(s *Submit) { s.Channel = Window }, clerkZuoqi, fault.Forbidden, nil},
		{"approver submits", func(*Submit) {}, approver(5000), fault.Forbidden, nil},
		{"leader submits", func(*Submit) {}, leader, fault.Forbidden, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ok
			tt.change(&cmd)
			events, err := Decide(nil, cmd, tt.actor, at(2026, 3, 2, 9, 0), testEnv())
			if tt.code == "" {
				if err != nil || len(events) != 1 {
					t.Fatalf("got %v, want one event", err)
				}
				return
			}
			wantCode(t, err, tt.code)
			if tt.fields != nil && !reflect.DeepEqual(fields(err), tt.fields) {
				t.Errorf("got fields %v, want %v (%v)", fields(err), tt.fields, err)
			}
		})
	}
}

func TestOnlineWindowCheck(t *testing.T) {
	it := demoItem(t, foodLicence)
	env := testEnv()
	env.Window = func(unit int64, region string) error {
		if unit != hallZuoqi || region != rZuoqi {
			return fault.Invalidf("accept_unit_id", "unit %d is not a window in %s", unit, region)
		}
		return nil
	}
	cmd := Submit{No: "W1", ItemCode: it.Code, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rZuoqi}
	_, err := Decide(nil, cmd, citizen(enterprise), day0, env)
	if fe := wantCode(t, err, fault.Invalid); fe.Field != "accept_unit_id" {
		t.Errorf("window of another region: got %v", err)
	}
	cmd.AcceptUnitID = hallZuoqi
	if _, err := Decide(nil, cmd, citizen(enterprise), day0, env); err != nil {
		t.Errorf("real window: got %v", err)
	}
}

func TestDecideOnUnsubmitted(t *testing.T) {
	wantCode(t, func() error {
		_, err := Decide(nil, Accept{}, clerkLeague, at(2026, 3, 2, 9, 0), testEnv())
		return err
	}(), fault.NotFound)
	if got := Allowed(nil, clerkLeague); !reflect.DeepEqual(got, []string{ActSubmit}) {
		t.Errorf("allowed before submission: got %v", got)
	}
}
