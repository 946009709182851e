package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tongban/internal/access"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/demo"
	"tongban/internal/hall"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

// TestCatalogDepartmentsHaveUnits checks that every department of the
// catalog is handled by a demo unit of the same name (less the region and
// the forms of the name a banner uses), so that every item can be decided.
func TestCatalogDepartmentsHaveUnits(t *testing.T) {
	tree, err := region.NewTree(region.Alxa())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	names := map[int64]string{}
	for i, spec := range demo.Organisation(tree) {
		ids[spec.Unit.Code] = int64(i + 1)
		names[int64(i+1)] = spec.Unit.NameZH
	}
	var banners []string
	for _, b := range tree.Children(demo.LeagueCode) {
		banners = append(banners, b.Code)
	}
	rows, err := demo.DepartmentUnits(catalog.Departments(), ids, banners)
	if err != nil {
		t.Fatal(err)
	}
	league := map[string]string{}
	for _, r := range rows {
		if r.RegionCode == demo.LeagueCode || strings.Contains(r.Department, "-") {
			league[r.Department] = names[r.UnitID]
		}
	}
	for _, d := range catalog.Departments() {
		got, ok := league[d.Key]
		if !ok {
			t.Errorf("catalog department %s (%s) has no unit", d.Key, d.NameZH)
			continue
		}
		if got != d.NameZH {
			t.Errorf("catalog department %s is %s, its unit %s", d.Key, d.NameZH, got)
		}
	}
	// 阿拉善左旗 has its own bureau for the departments of enterprise opening
	// that exist in banners.
	want := map[string]string{"scjgj": "阿拉善左旗市场监督管理局", "gaj": "阿拉善左旗公安局", "swj": "国家税务总局阿拉善左旗税务局",
		"sbzx": "阿拉善左旗社会保险事业服务中心", "ybj": "阿拉善左旗医疗保障局"}
	for _, r := range rows {
		if w, ok := want[r.Department]; ok && r.RegionCode == "152921000000" {
			if names[r.UnitID] != w {
				t.Errorf("%s in 阿拉善左旗: %s, want %s", r.Department, names[r.UnitID], w)
			}
			delete(want, r.Department)
		}
	}
	if len(want) > 0 {
		t.Errorf("no banner unit for %v", want)
	}
}

// TestSeedHall creates the halls' demo data and checks that it is what the
// demo promises: applications at windows and online, open and finished,
// late and cross-region ones, done enterprise openings within their target,
// a construction project in progress, intact event chains; and that a
// second run adds nothing.
func TestSeedHall(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		if err := st.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		if err := demo.Seed(ctx, st); err != nil {
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
		now := time.Date(2026, 7, 15, 16, 0, 0, 0, cal.Hours().Loc)
		stats, err := demo.SeedHall(ctx, st, cal, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", stats)
		if n, _ := st.CountItems(ctx); n != len(catalog.Demo()) {
			t.Errorf("catalog: %d items", n)
		}
		if stats.Applications < 200 || stats.Bundles != demo.HallOpenings+demo.HallConstruction || stats.Stopped > stats.Applications/20 {
			t.Errorf("created %d applications, %d bundles, %d stopped", stats.Applications, stats.Bundles, stats.Stopped)
		}
		for _, s := range []application.State{application.Delivered, application.Reviewing, application.Refused, application.Withdrawn, application.Denied} {
			if stats.ByState[string(s)] == 0 {
				t.Errorf("no application %s: %v", s, stats.ByState)
			}
		}
		if stats.ByChannel["online"] == 0 || stats.ByChannel["window"] <= stats.ByChannel["online"] || stats.CrossRegion == 0 || stats.Late == 0 || stats.Warnings == 0 {
			t.Errorf("channels %v, cross-region %d, late %d, warnings %d", stats.ByChannel, stats.CrossRegion, stats.Late, stats.Warnings)
		}
		h := hall.New(st, func() *workday.Calendar { return cal }, nil)
		h.Now = func() time.Time { return now }
		leader, _, err := st.StaffByUsername(ctx, "leader")
		if err != nil {
			t.Fatal(err)
		}
		centre, _ := st.Unit(ctx, leader.UnitID)
		m, err := h.Measures(ctx, access.Subject{StaffID: leader.ID, Role: org.Leader, UnitID: centre.ID, UnitKind: centre.Kind, UnitRegion: centre.RegionCode}, hall.MeasureQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range m.Bundles {
			switch b.Code {
			case application.BundleEnterpriseOpening:
				if b.N != demo.HallOpenings || b.OnTarget.Count != demo.HallOpenings-1 || b.Median > 1 {
					t.Errorf("enterprise openings: %+v", b)
				}
			case application.BundleConstruction:
				if b.N != 0 {
					t.Errorf("the construction project is done: %+v", b)
				}
			}
		}
		if m.OnTime.Promised.Rate < 0.7 || m.OnTime.Promised.Rate == 1 || m.OnTime.Legal.Rate <= m.OnTime.Promised.Rate {
			t.Errorf("on-time rates %+v", m.OnTime)
		}
		checked, err := st.VerifyApplicationChains(ctx, func(no string, err error) { t.Errorf("%s: %v", no, err) })
		if err != nil || checked != stats.Applications {
			t.Errorf("verified %d chains, %v", checked, err)
		}
		again, err := demo.SeedHall(ctx, st, cal, now)
		if err != nil || again.Applications != 0 {
			t.Errorf("a second run created %d, %v", again.Applications, err)
		}
	})
}
