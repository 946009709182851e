package storage_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// loadGenerated loads a catalog at the source's full scale (2,964 items of
// 133 departments) the way an import does: departments, then every item in
// one transaction.
func loadGenerated(tb testing.TB, st *storage.Store, items []catalog.Item) {
	tb.Helper()
	ctx := context.Background()
	if err := st.SaveDepartments(ctx, catalog.GeneratedDepartments(catalog.SourceDepartments)); err != nil {
		tb.Fatal(err)
	}
	n, err := st.ImportItems(ctx, items)
	if err != nil {
		tb.Fatal(err)
	}
	if n != len(items) {
		tb.Fatalf("imported %d of %d items", n, len(items))
	}
}

// TestCatalogAtScale loads the generated full-scale catalog, reads items
// back unchanged, filters and pages them, updates by code on a second
// import, and refuses an item of an unknown department without storing
// any item of that import.
func TestCatalogAtScale(t *testing.T) {
	items := catalog.Generate(catalog.SourceItems, catalog.SourceDepartments, 2021)
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		start := time.Now()
		loadGenerated(t, st, items)
		t.Logf("%s: loaded %d items of %d departments in %s", st.Dialect(), len(items), catalog.SourceDepartments, time.Since(start))
		if n, err := st.CountItems(ctx); err != nil || n != catalog.SourceItems {
			t.Fatalf("count %d, %v", n, err)
		}
		for _, i := range []int{0, 1234, len(items) - 1} {
			got, err := st.Item(ctx, items[i].Code)
			if err != nil || !reflect.DeepEqual(got, items[i]) {
				t.Errorf("item %s read back as %+v (%v)", items[i].Code, got, err)
			}
		}
		page, next, err := st.Items(ctx, storage.ItemFilter{Department: "scjgj", Limit: 5})
		if err != nil || len(page) != 5 || next != page[4].Code {
			t.Fatalf("first page: %d items, next %q, %v", len(page), next, err)
		}
		rest, _, err := st.Items(ctx, storage.ItemFilter{Department: "scjgj", After: next})
		if err != nil || len(rest) == 0 || rest[0].Code <= next {
			t.Errorf("next page: %d items from %q, %v", len(rest), next, err)
		}
		wide := true
		ws, _, err := st.Items(ctx, storage.ItemFilter{LeagueWide: &wide, Text: "登记"})
		if err != nil || len(ws) == 0 {
			t.Errorf("league-wide 登记 items: %d, %v", len(ws), err)
		}
		for _, it := range ws {
			if !it.LeagueWide {
				t.Errorf("%s is not league-wide", it.Code)
			}
		}

		changed := items[0]
		changed.PromisedDays = 0
		bad := items[1]
		bad.Department = "nosuch"
		if _, err := st.ImportItems(ctx, []catalog.Item{changed, bad}); !fault.Is(err, fault.Invalid) {
			t.Errorf("unknown department: %v, want invalid", err)
		}
		if got, _ := st.Item(ctx, changed.Code); got.PromisedDays != items[0].PromisedDays {
			t.Errorf("a failed import changed %s", changed.Code)
		}
		if _, err := st.ImportItems(ctx, []catalog.Item{changed}); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Item(ctx, changed.Code); got.PromisedDays != 0 {
			t.Errorf("update by code: promised %d, want 0", got.PromisedDays)
		}
		if n, _ := st.CountItems(ctx); n != catalog.SourceItems {
			t.Errorf("after the update: %d items, want %d", n, catalog.SourceItems)
		}
	})
}

// BenchmarkCatalogLoad loads the generated full-scale catalog (2,964 items
// of 133 departments) into a fresh database per iteration, on SQLite and —
// with TONGBAN_TEST_POSTGRES — on PostgreSQL:
//
//	go test -run '^$' -bench BenchmarkCatalogLoad ./internal/storage/
func BenchmarkCatalogLoad(b *testing.B) {
	items := catalog.Generate(catalog.SourceItems, catalog.SourceDepartments, 2021)
	for _, be := range storagetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				st := be.Open(b)
				b.StartTimer()
				loadGenerated(b, st, items)
			}
			b.ReportMetric(float64(len(items)), "items/op")
		})
	}
}
