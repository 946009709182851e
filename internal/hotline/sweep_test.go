package hotline_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"tongban/internal/access"
	"tongban/internal/demo"
	"tongban/internal/hotline"
	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
	"tongban/internal/workorder"
)

func newService(t *testing.T, st *storage.Store, now *time.Time, mu *sync.Mutex) *hotline.Service {
	t.Helper()
	ctx := context.Background()
	scs, err := st.Schedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := workday.New(scs, workday.DefaultHours())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := hotline.New(ctx, st, cal, workday.DefaultHours().Loc)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return *now }
	return svc
}

// warnings counts the warn and auto_urge events of an order by key.
func warnings(t *testing.T, st *storage.Store, no string) map[string]int {
	t.Helper()
	events, err := st.OrderEvents(context.Background(), no)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range events {
		if e.Type == workorder.ActionWarn || e.Type == workorder.ActionAutoUrge {
			out[e.Type+" "+string(e.Payload)]++
		}
	}
	return out
}

// TestSweepRecordsEachWarningOnce sweeps overdue orders repeatedly, from
// a restarted service and from several services at once (on PostgreSQL,
// as several processes would), and expects every warning exactly once.
func TestSweepRecordsEachWarningOnce(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		if err := st.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		if err := demo.Seed(ctx, st); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, workday.DefaultHours().Loc) // Monday
		svc := newService(t, st, &now, &mu)
		units, _ := st.Units(ctx)
		var centre, lead org.Unit
		for _, u := range units {
			switch u.Code {
			case demo.CentreCode:
				centre = u
			case demo.DeptCode("152921000000", "scjgj"):
				lead = u
			}
		}
		disp := access.Subject{StaffID: 1, Role: org.Dispatcher, UnitID: centre.ID, UnitKind: org.Centre, UnitRegion: centre.RegionCode}
		cats, _ := st.Categories(ctx)
		var nos []string
		for i := 0; i < 6; i++ {
			o, err := svc.Register(ctx, disp, workorder.Register{Channel: "phone", Caller: workorder.Caller{Anonymous: true, Lang: "zh"},
				Title: "道路破损", Description: "巴彦浩特镇某路段路面塌陷。", Type: workorder.TypeHelp, Category: cats[0].Code, RegionCode: "152921110000"})
			if err != nil {
				t.Fatal(err)
			}
			nos = append(nos, o.No)
			if i%2 == 0 { // half wait for dispatch, half for signing
				if _, err := svc.Act(ctx, disp, o.No, workorder.Dispatch{Lead: lead.ID}, 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Nothing is due yet.
		if n, err := svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("sweep before anything is due: %d events, %v", n, err)
		}
		// Two working days later every period is overdue: yellow, red and
		// an automatic urge for each.
		mu.Lock()
		now = now.Add(48 * time.Hour)
		mu.Unlock()
		if n, err := svc.Sweep(ctx); err != nil || n == 0 {
			t.Fatalf("first sweep: %d events, %v", n, err)
		}
		first := map[string]map[string]int{}
		for _, no := range nos {
			first[no] = warnings(t, st, no)
			if len(first[no]) == 0 {
				t.Fatalf("order %s got no warning", no)
			}
			for k, c := range first[no] {
				if c != 1 {
					t.Fatalf("order %s: %q recorded %d times", no, k, c)
				}
			}
		}
		// Again, from a restarted service, and from four services at once.
		restarted := newService(t, st, &now, &mu)
		if n, err := restarted.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("sweep after restart: %d events, %v", n, err)
		}
		mu.Lock()
		now = now.Add(24 * time.Hour)
		mu.Unlock()
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			s := newService(t, st, &now, &mu)
			wg.Add(1)
			go func() { defer wg.Done(); s.Sweep(ctx) }()
		}
		wg.Wait()
		for _, no := range nos {
			got := warnings(t, st, no)
			if len(got) != len(first[no]) {
				t.Fatalf("order %s: warnings changed after more sweeps: %v, was %v", no, got, first[no])
			}
			for k, c := range got {
				if c != 1 {
					t.Fatalf("order %s: %q recorded %d times", no, k, c)
				}
			}
		}
		if due, _ := st.DueOrders(ctx, now, 100); len(due) != 0 {
			t.Fatalf("orders still due after every warning was recorded: %v", due)
		}
	})
}
