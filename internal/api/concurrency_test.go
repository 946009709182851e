package api_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"tongban/internal/apptest"
	"tongban/internal/eventlog"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workorder"
)

// TestConflictingActionsOneWins sends the same sign twice at once with the
// same If-Match: exactly one succeeds, the other gets 409 with the current
// order.
func TestConflictingActionsOneWins(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		head := f.Login("head.zq.scjgj")
		for round := 0; round < 10; round++ {
			no := f.register("help", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": f.zqSCJ()}, 200)
			v := f.state(no).Order.Version
			statuses := make([]int, 2)
			bodies := make([][]byte, 2)
			var wg sync.WaitGroup
			for i, c := range []*apptest.Client{f.handler, head} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c.Header.Set("If-Match", `"`+itoa(v)+`"`)
					r := c.Request("POST", "/api/v1/orders/"+no+"/sign", nil)
					c.Header.Del("If-Match")
					statuses[i], bodies[i] = r.Status, r.Body
				}()
			}
			wg.Wait()
			ok, conflict := 0, 0
			for i, s := range statuses {
				switch s {
				case 200:
					ok++
				case http.StatusConflict:
					conflict++
					var e struct {
						Error struct {
							Current *workorder.Order `json:"current"`
						} `json:"error"`
					}
					if err := json.Unmarshal(bodies[i], &e); err != nil || e.Error.Current == nil {
						t.Fatalf("409 without the current order: %s", bodies[i])
					}
				default:
					t.Fatalf("status %d: %s", s, bodies[i])
				}
			}
			if ok != 1 || conflict != 1 {
				t.Fatalf("round %d: %d succeeded and %d conflicted, want 1 and 1", round, ok, conflict)
			}
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestRandomConcurrentActions drives many random action sequences on a few
// orders from many goroutines at once (run it with -race) and then checks
// the invariants: every order's chain verifies, its stored state is exactly
// the replay of its events, and its version is the number of events.
func TestRandomConcurrentActions(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		clients := []*apptest.Client{f.agent, f.disp, f.handler, f.town, f.gacha, f.super, f.Login("head.zq.scjgj")}
		var nos []string
		for i := 0; i < 8; i++ {
			nos = append(nos, f.register([]string{"consult", "help", "complaint", "report", "suggestion"}[i%5], nil))
		}
		zq, bhht := f.zqSCJ(), f.Units["office-152921110000"]
		gacha := f.Units[firstCommittee(f)]
		bodies := map[string]func(r *rand.Rand) any{
			"dispatch":      func(*rand.Rand) any { return map[string]any{"lead": zq} },
			"sign":          func(*rand.Rand) any { return nil },
			"sub_dispatch":  func(r *rand.Rand) any { return map[string]any{"unit": []int64{bhht, gacha}[r.IntN(2)]} },
			"reply":         func(*rand.Rand) any { return map[string]any{"text": "已办理"} },
			"return":        func(*rand.Rand) any { return map[string]any{"reason": "非本单位"} },
			"redispatch":    func(*rand.Rand) any { return map[string]any{"lead": bhht} },
			"refuse_return": func(*rand.Rand) any { return map[string]any{"reason": "请办理"} },
			"review":        func(r *rand.Rand) any { return map[string]any{"accept": r.IntN(3) > 0, "reason": "补充"} },
			"callback": func(r *rand.Rand) any {
				return map[string]any{"reached": true, "resolved": r.IntN(2) == 0, "satisfaction": 1 + r.IntN(5)}
			},
			"rehandle":           func(*rand.Rand) any { return map[string]any{"lead": zq, "reason": "不满意"} },
			"request_extension":  func(*rand.Rand) any { return map[string]any{"days": 2, "reason": "需时间"} },
			"decide_extension":   func(r *rand.Rand) any { return map[string]any{"approve": r.IntN(2) == 0, "days": 2} },
			"request_suspension": func(*rand.Rand) any { return map[string]any{"reason": "等材料"} },
			"decide_suspension":  func(r *rand.Rand) any { return map[string]any{"approve": r.IntN(2) == 0} },
			"resume":             func(*rand.Rand) any { return nil },
			"urge":               func(*rand.Rand) any { return map[string]any{"note": "催"} },
			"note":               func(*rand.Rand) any { return map[string]any{"text": "备注"} },
		}
		var names []string
		for k := range bodies {
			names = append(names, k)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[int]int{}
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(g), 42))
				for i := 0; i < 120; i++ {
					a := names[r.IntN(len(names))]
					resp := clients[r.IntN(len(clients))].Request("POST", "/api/v1/orders/"+nos[r.IntN(len(nos))]+"/"+a, bodies[a](r))
					mu.Lock()
					counts[resp.Status]++
					mu.Unlock()
					if resp.Status >= 500 {
						t.Errorf("%s: %d %s", a, resp.Status, resp.Body)
					}
				}
			}()
		}
		wg.Wait()
		t.Logf("statuses: %v", counts)
		if counts[200] == 0 {
			t.Fatal("no action succeeded: the scenario tests nothing")
		}
		ctx := context.Background()
		for _, no := range nos {
			events, err := st.OrderEvents(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			if err := eventlog.Verify(events); err != nil {
				t.Fatalf("chain: %v", err)
			}
			replayed, err := workorder.Replay(events)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := st.Order(ctx, no)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Version != len(events) {
				t.Fatalf("order %s: version %d with %d events", no, stored.Version, len(events))
			}
			if !reflect.DeepEqual(normalize(t, stored), normalize(t, replayed)) {
				t.Fatalf("order %s: stored projection differs from the replay of its events", no)
			}
		}
	})
}

// normalize round-trips an order through JSON so both sides compare the
// same representation of times and empty slices.
func normalize(t *testing.T, o *workorder.Order) map[string]any {
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	return m
}
