package storage_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"tongban/internal/fault"
	"tongban/internal/org"
	"tongban/internal/region"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
)

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("ready: %v", err)
		}
		v, err := s.Version(ctx)
		if err != nil || v < 1 {
			t.Fatalf("version = %d, %v; want ≥ 1", v, err)
		}
	})
}

func TestRegionsUnitsStaff(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if err := s.ImportRegions(ctx, region.Alxa()); err != nil {
			t.Fatal(err)
		}
		// Importing again updates in place instead of failing.
		if err := s.ImportRegions(ctx, region.Alxa()); err != nil {
			t.Fatalf("re-import: %v", err)
		}
		rs, err := s.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(rs), len(region.Alxa()); got != want {
			t.Fatalf("regions: got %d, want %d", got, want)
		}
		if _, err := region.NewTree(rs); err != nil {
			t.Fatalf("stored regions do not form a tree: %v", err)
		}
		bad := []region.Region{{Code: "152999001000", Name: "nowhere", Level: 4, Parent: "152999000000"}}
		if err := s.ImportRegions(ctx, bad); err == nil {
			t.Fatal("import with unknown parent: got nil error")
		}
		if rs2, _ := s.Regions(ctx); len(rs2) != len(rs) {
			t.Fatalf("failed import changed the table: %d rows, want %d", len(rs2), len(rs))
		}

		centre, err := s.CreateUnit(ctx, org.Unit{Code: "centre", NameZH: "阿拉善盟12345热线中心", Kind: org.Centre, RegionCode: "152900000000", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUnit(ctx, org.Unit{Code: "centre", NameZH: "dup", Kind: org.Centre, RegionCode: "152900000000"}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate unit code: got %v, want conflict", err)
		}
		if _, err := s.CreateUnit(ctx, org.Unit{Code: "x", NameZH: "x", Kind: org.Department, RegionCode: "159999999999"}); !fault.Is(err, fault.Invalid) {
			t.Fatalf("unknown region: got %v, want invalid", err)
		}
		hash, err := org.HashPassword("correct horse")
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.CreateStaff(ctx, org.Staff{Username: "agent1", DisplayName: "话务员一", Role: org.Agent, UnitID: centre.ID, Lang: "zh", Active: true}, hash)
		if err != nil {
			t.Fatal(err)
		}
		got, gotHash, err := s.StaffByUsername(ctx, "agent1")
		if err != nil || got != st {
			t.Fatalf("StaffByUsername = %+v, %v; want %+v", got, err, st)
		}
		if !org.CheckPassword(gotHash, "correct horse") || org.CheckPassword(gotHash, "wrong horse") {
			t.Fatal("password check does not distinguish right from wrong")
		}
		if _, _, err := s.StaffByUsername(ctx, "nobody"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("unknown user: got %v, want not found", err)
		}
		if err := s.SetStaffLang(ctx, st.ID, "mn"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.StaffMember(ctx, st.ID); got.Lang != "mn" {
			t.Fatalf("lang = %q, want mn", got.Lang)
		}
	})
}

func TestSchedulesRoundTrip(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		for _, sc := range workday.Builtin() {
			if err := s.SaveSchedule(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Schedules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := workday.Builtin()
		if len(got) != len(want) {
			t.Fatalf("got %d schedules, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i].Year != want[i].Year || len(got[i].Days) != len(want[i].Days) {
				t.Fatalf("schedule %d: got year %d with %d days, want %d with %d", i, got[i].Year, len(got[i].Days), want[i].Year, len(want[i].Days))
			}
		}
		cal, err := workday.New(got, workday.DefaultHours())
		if err != nil {
			t.Fatal(err)
		}
		d, _ := workday.ParseDate("2025-09-30")
		if end, err := cal.AddDays(d, 5); err != nil || end.String() != "2025-10-14" {
			t.Fatalf("AddDays from stored schedules = %v, %v; want 2025-10-14", end, err)
		}
		if err := s.DeleteSchedule(ctx, 2024); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Schedules(ctx); len(got) != len(want)-1 {
			t.Fatalf("after delete: %d schedules, want %d", len(got), len(want)-1)
		}
	})
}

func TestSecondProcessOnSameDataDirIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tongban.db")
	s, err := storage.Open(context.Background(), storage.Options{SQLitePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = storage.Open(context.Background(), storage.Options{SQLitePath: path})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: got %v, want an 'in use' error", err)
	}
}
