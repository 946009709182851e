package hall_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/fault"
	"tongban/internal/hall"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

// fixture is the demo organisation and catalog with a hall service on a
// clock the test moves.
type fixture struct {
	t   *testing.T
	ctx context.Context
	st  *storage.Store
	svc *hall.Service
	cal *workday.Calendar

	mu  sync.Mutex
	now time.Time
}

var loc = workday.DefaultHours().Loc

func newFixture(t *testing.T, st *storage.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := st.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedCatalog(ctx, st); err != nil {
		t.Fatal(err)
	}
	scs, err := st.Schedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: ctx, st: st, cal: cal, now: time.Date(2026, 6, 1, 9, 0, 0, 0, loc)} // a Monday
	f.svc = hall.New(st, func() *workday.Calendar { return cal }, loc)
	f.svc.Now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	return f
}

func (f *fixture) set(t time.Time) { f.mu.Lock(); f.now = t; f.mu.Unlock() }

// staff returns the caller of a demo account.
func (f *fixture) staff(username string) hall.Caller {
	f.t.Helper()
	s, _, err := f.st.StaffByUsername(f.ctx, username)
	if err != nil {
		f.t.Fatalf("account %s: %v", username, err)
	}
	u, err := f.st.Unit(f.ctx, s.UnitID)
	if err != nil {
		f.t.Fatal(err)
	}
	return hall.Staff(access.Subject{StaffID: s.ID, Role: s.Role, UnitID: u.ID, UnitKind: u.Kind, UnitRegion: u.RegionCode})
}

func (f *fixture) unit(code string) int64 {
	f.t.Helper()
	us, err := f.st.Units(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, u := range us {
		if u.Code == code {
			return u.ID
		}
	}
	f.t.Fatalf("no unit %s", code)
	return 0
}

// pdf stores a small PDF and returns it as a provided material.
func (f *fixture) pdf(name string) application.Provided {
	f.t.Helper()
	file, err := f.svc.StoreFile(f.ctx, name+".pdf", []byte("%PDF-1.4\n% "+name+"\n"))
	if err != nil {
		f.t.Fatal(err)
	}
	return application.Provided{Name: name, SHA256: file.SHA256}
}

func (f *fixture) act(c hall.Caller, no string, cmd application.Command) hall.View {
	f.t.Helper()
	v, err := f.svc.Act(f.ctx, c, no, cmd, 0)
	if err != nil {
		f.t.Fatalf("%s on %s: %v", cmd.Action(), no, err)
	}
	return v
}

var openingApprovers = []string{"approver", "approver.zq.gaj", "approver.zq.swju", "approver.zq.sbzx", "approver.zq.ybj", "approver.gjj", "approver.rmyh"}

func openingForm() map[string]string {
	return map[string]string{"enterprise_name": "阿拉善左旗驼乡文化传媒有限公司", "enterprise_type": "有限责任公司", "legal_rep": "巴图",
		"registered_capital": "50", "address": "巴彦浩特镇新华街12号", "business_scope": "文化艺术交流活动策划", "phone": "13947812345",
		"employees": "3", "seal_count": "4"}
}

// TestEnterpriseOpening runs the enterprise-opening bundle (企业开办) end to
// end at a window and online: submitted with one material missing, the
// registration part corrected and resubmitted, the seven parts accepted and
// decided in parallel by seven back offices, issued at the accepting window
// and delivered; the bundle's state follows its parts, and its elapsed
// working days meet the 1-day target.
func TestEnterpriseOpening(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		for _, channel := range []application.Channel{application.Window, application.Online} {
			t.Run(string(channel), func(t *testing.T) {
				if channel == application.Online {
					st = fresh(t, st)
				}
				f := newFixture(t, st)
				window := f.staff("window")
				r := rand.New(rand.NewPCG(1, uint64(len(channel))))
				code := applicant.GenerateCreditCode(r, "152921")
				if !strings.HasPrefix(code, "9") {
					code = applicant.GenerateCreditCode(r, "152921")
				}
				b, err := st.Bundle(f.ctx, application.BundleEnterpriseOpening)
				if err != nil {
					t.Fatal(err)
				}
				var ms []application.Provided
				for _, name := range b.SharedMaterials {
					if name != "公司章程" && !strings.HasPrefix(name, "授权委托书") {
						ms = append(ms, f.pdf(name))
					}
				}
				cmd := application.BundleSubmit{Applicant: application.Applicant{Kind: application.Enterprise, Name: "阿拉善左旗驼乡文化传媒有限公司", IDNumber: code},
					Channel: channel, Form: openingForm(), Materials: ms}
				caller := window
				if channel == application.Online {
					cmd.AcceptUnitID = f.unit(demo.DeptCode("152921000000", "spj"))
					caller = hall.Applicant(code)
				}
				bv, err := f.svc.SubmitBundle(f.ctx, caller, application.BundleEnterpriseOpening, cmd, false)
				if err != nil {
					t.Fatal(err)
				}
				if len(bv.Parts) != 7 || bv.State != application.BundleSubmitted {
					t.Fatalf("bundle %s: %d parts, state %s", bv.No, len(bv.Parts), bv.State)
				}
				owners := map[int64]bool{}
				for _, p := range bv.Parts {
					owners[p.App.OwnerUnitID] = true
				}
				if len(owners) != 7 {
					t.Errorf("the 7 parts go to %d back offices, want 7", len(owners))
				}
				reg := bv.Parts[0].App.No

				// The registration part lacks the articles: a correction
				// notice names it, the applicant hands it in.
				f.set(time.Date(2026, 6, 1, 9, 10, 0, 0, loc))
				v := f.act(window, reg, application.Correct{Note: "请补交公司章程"})
				if v.App.State != application.Correcting || len(v.App.Notices[0].Defects) != 1 || v.App.Notices[0].Defects[0].Material != "公司章程" {
					t.Fatalf("correction: %s %+v", v.App.State, v.App.Notices)
				}
				if _, _, err := f.svc.UploadMaterial(f.ctx, caller, reg, "公司章程", "章程.pdf", []byte("%PDF-1.4\n章程\n"), 0); err != nil {
					t.Fatal(err)
				}

				f.set(time.Date(2026, 6, 1, 9, 30, 0, 0, loc))
				for _, p := range bv.Parts {
					f.act(window, p.App.No, application.Accept{})
				}
				if got := f.bundle(caller, bv.No).State; got != application.BundleInProgress {
					t.Errorf("after acceptance: %s, want in_progress", got)
				}
				// Seven back offices decide in parallel; a wrong one is refused.
				if _, err := f.svc.Act(f.ctx, f.staff("approver.gjj"), reg, application.Review{}, 0); !fault.Is(err, fault.NotFound) {
					t.Errorf("another department reviews the registration: %v, want not found", err)
				}
				f.set(time.Date(2026, 6, 1, 11, 0, 0, 0, loc))
				for i, p := range bv.Parts {
					who := f.staff(openingApprovers[i])
					f.act(who, p.App.No, application.Review{Opinion: "材料齐全"})
					f.act(who, p.App.No, application.Approve{Opinion: "准予"})
				}
				f.set(time.Date(2026, 6, 1, 14, 40, 0, 0, loc))
				f.act(window, bv.Parts[0].App.No, application.Issue{CertificateNo: "91152921MA0000000X"})
				if got := f.bundle(caller, bv.No).State; got != application.BundlePartial {
					t.Errorf("after one result: %s, want partially_done", got)
				}
				f.set(time.Date(2026, 6, 1, 15, 0, 0, 0, loc))
				for i, p := range bv.Parts[1:] {
					f.act(window, p.App.No, application.Issue{CertificateNo: "KB-" + string(rune('A'+i))})
				}
				done := f.bundle(caller, bv.No)
				if done.State != application.BundleDone || done.Elapsed == nil || *done.Elapsed > 1 || !*done.OnTarget {
					t.Fatalf("done bundle: %s, elapsed %v", done.State, done.Elapsed)
				}
				// 09:30–12:00 and 14:30–15:00: three working hours of seven.
				if want := 3.0 / 7; *done.Elapsed < want-1e-9 || *done.Elapsed > want+1e-9 {
					t.Errorf("elapsed %.4f working days, want %.4f", *done.Elapsed, want)
				}
				for _, p := range bv.Parts {
					method := application.DeliverWindow
					if channel == application.Online {
						method = application.DeliverElectronic
					}
					v := f.act(window, p.App.No, application.Deliver{Method: method})
					if v.App.State != application.Delivered || v.App.IssuedUnitID != v.App.AcceptUnitID {
						t.Errorf("%s: %s, issued at %d, accepted at %d", p.App.No, v.App.State, v.App.IssuedUnitID, v.App.AcceptUnitID)
					}
				}
				leader := f.staff("leader")
				m, err := f.svc.Measures(f.ctx, leader.Subject(), hall.MeasureQuery{})
				if err != nil {
					t.Fatal(err)
				}
				for _, mb := range m.Bundles {
					if mb.Code == application.BundleEnterpriseOpening && (mb.N != 1 || mb.OnTarget.Count != 1) {
						t.Errorf("measures of enterprise opening: %+v", mb)
					}
				}
				if m.OnTime.Promised.Total != 7 || m.OnTime.Promised.Count != 7 {
					t.Errorf("on time against the promise: %+v, want 7 of 7", m.OnTime.Promised)
				}
			})
		}
	})
}

// fresh returns a new, empty database on the backend of st.
func fresh(t *testing.T, st *storage.Store) *storage.Store {
	t.Helper()
	if st.Dialect() == storage.Postgres {
		return storagetest.OpenPostgres(t)
	}
	return storagetest.OpenSQLite(t)
}

func (f *fixture) bundle(c hall.Caller, no string) hall.BundleView {
	f.t.Helper()
	v, err := f.svc.BundleApplication(f.ctx, c, no)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}
