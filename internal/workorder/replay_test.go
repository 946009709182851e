package workorder

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// TestReplayRandom drives thousands of orders through random sequences of
// allowed actions by random actors at random times and checks that replaying
// the stored events reproduces the order Decide and Apply built step by step,
// that the hash chain verifies, and that the order's invariants hold after
// every step.
//
// The sequences run in four shards, each with its own fixed seed, so the
// test is reproducible and still uses the cores it gets.
func TestReplayRandom(t *testing.T) {
	perShard := 600
	if testing.Short() {
		perShard = 60
	}
	var mu sync.Mutex
	accepted := map[string]int{}
	t.Run("shards", func(t *testing.T) {
		for shard := int64(1); shard <= 4; shard++ {
			t.Run(fmt.Sprint(shard), func(t *testing.T) {
				t.Parallel()
				counts := replayShard(t, rand.New(rand.NewSource(shard)), perShard)
				mu.Lock()
				defer mu.Unlock()
				for k, v := range counts {
					accepted[k] += v
				}
			})
		}
	})
	for _, a := range Actions {
		if accepted[a] == 0 && a != ActionRegister {
			t.Errorf("random sequences never took %s", a)
		}
	}
	t.Logf("accepted actions: %v", accepted)
}

func replayShard(t *testing.T, rng *rand.Rand, sequences int) map[string]int {
	accepted := map[string]int{}
	for i := 0; i < sequences; i++ {
		w := newWorld(t)
		steps := 5 + rng.Intn(45)
		for step := 0; step < steps; step++ {
			w.after(randomGap(rng))
			actor, action, ok := pickAction(rng, w)
			if !ok {
				break
			}
			cmd := randomCommand(rng, w, action, actor)
			if err := w.try(actor, cmd); err != nil {
				fe := fault.As(err)
				tolerated := fe != nil && (fe.Code == fault.Invalid ||
					fe.Code == fault.Conflict && (fe.Key == KeyTooLate || fe.Key == KeyNotDue || fe.Key == KeyDuplicate))
				if !tolerated {
					t.Fatalf("sequence %d step %d: %s by %s/%d (allowed %v) in %s: %v",
						i, step, action, actor.Role, actor.UnitID, Allowed(w.o, actor), w.o.State, err)
				}
				continue
			}
			accepted[action]++
			if err := invariants(w.o); err != nil {
				t.Fatalf("sequence %d step %d after %s: %v\n%s", i, step, action, err, trail(w.events))
			}
			if w.o.Version != len(w.events) {
				t.Fatalf("version: got %v, want %v", w.o.Version, len(w.events))
			}
		}
		if err := eventlog.Verify(w.events); err != nil {
			t.Fatalf("sequence %d: %v", i, err)
		}
		got, err := Replay(loaded(w.events))
		if err != nil {
			t.Fatalf("sequence %d: replay: %v", i, err)
		}
		if !reflect.DeepEqual(*got, *w.o) {
			t.Fatalf("sequence %d: replay differs\ngot  %+v\nwant %+v\n%s", i, *got, *w.o, trail(w.events))
		}
	}
	return accepted
}

// loaded copies events the way storage hands them back: times in local
// time, payload bytes in fresh slices.
func loaded(evs []eventlog.Event) []eventlog.Event {
	out := make([]eventlog.Event, len(evs))
	for i, e := range evs {
		e.At = e.At.In(cst)
		e.Payload = slices.Clone(e.Payload)
		out[i] = e
	}
	return out
}

func trail(evs []eventlog.Event) string {
	s := ""
	for _, e := range evs {
		s += fmt.Sprintf("  %d %s %s %s\n", e.Seq, e.At.In(cst).Format(time.DateTime), e.Type, e.Payload)
	}
	return s
}

func randomGap(rng *rand.Rand) time.Duration {
	gaps := []time.Duration{time.Minute, 20 * time.Minute, 2 * time.Hour, 7 * time.Hour, 24 * time.Hour, 3 * 24 * time.Hour}
	return gaps[rng.Intn(len(gaps))] + time.Duration(rng.Intn(60))*time.Second
}

// pickAction chooses an allowed (actor, action) pair, making the actions
// that end an order early rare so that sequences reach the later stages.
func pickAction(rng *rand.Rand, w *world) (Actor, string, bool) {
	actors := []Actor{agent, dispatcher, supervisor, sweeper, citizen, handler(40)}
	for _, a := range w.o.Assignments {
		actors = append(actors, handler(a.UnitID), head(a.UnitID))
	}
	type pair struct {
		actor  Actor
		action string
		weight int
	}
	var pairs []pair
	total := 0
	for _, a := range actors {
		for _, act := range Allowed(w.o, a) {
			weight := 8
			switch act {
			case ActionAnswer, ActionEmergency, ActionDecline, ActionMerge:
				weight = 1
				if rng.Intn(4) != 0 {
					weight = 0
				}
			case ActionClose, ActionNote, ActionAttach, ActionUrge, ActionSupervise, ActionMergeChild:
				weight = 1
			}
			if weight > 0 {
				pairs = append(pairs, pair{a, act, weight})
				total += weight
			}
		}
	}
	if len(pairs) == 0 || w.o.State.Terminal() && rng.Intn(3) == 0 {
		return Actor{}, "", false
	}
	n := rng.Intn(total)
	for _, p := range pairs {
		if n -= p.weight; n < 0 {
			return p.actor, p.action, true
		}
	}
	panic("unreachable")
}

func randomCommand(rng *rand.Rand, w *world, action string, actor Actor) Command {
	units := func() (int64, []int64) {
		all := []int64{10, 20, 30, 40, 50}
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		return all[0], all[1 : 1+rng.Intn(3)]
	}
	reason := "原因"
	switch action {
	case ActionDispatch:
		l, a := units()
		return Dispatch{Lead: l, Assist: a}
	case ActionRedispatch:
		l, a := units()
		return Redispatch{Lead: l, Assist: a}
	case ActionRehandle:
		l, a := units()
		return Rehandle{Lead: l, Assist: a, Reason: reason}
	case ActionSubDispatch:
		return SubDispatch{Unit: actor.UnitID*10 + 1 + rng.Int63n(3)}
	case ActionRequestExtension:
		return RequestExtension{Days: 1 + rng.Intn(10), Reason: reason}
	case ActionDecideExtension:
		if rng.Intn(3) == 0 {
			return DecideExtension{Reason: reason}
		}
		return DecideExtension{Approve: true, Days: rng.Intn(5)}
	case ActionDecideSuspension:
		if rng.Intn(3) == 0 {
			return DecideSuspension{Reason: reason}
		}
		return DecideSuspension{Approve: true}
	case ActionReview:
		if rng.Intn(3) == 0 {
			return Review{Reason: reason}
		}
		return Review{Accept: true}
	case ActionCallback:
		if rng.Intn(3) == 0 {
			return Callback{Note: "无人接听"}
		}
		return Callback{Reached: true, Resolved: rng.Intn(2) == 0, Satisfaction: 1 + rng.Intn(5)}
	case ActionMergeChild:
		return MergeChild{Child: fmt.Sprintf("20260302%06d", 500+rng.Intn(3))}
	case ActionNote:
		return Note{Text: "备注", Internal: actor.Role != RoleCitizen && rng.Intn(2) == 0}
	case ActionWarn, ActionAutoUrge:
		ws := w.o.Warnings(w.now, fakeCal{})
		if len(ws) > 0 {
			wn := ws[rng.Intn(len(ws))]
			if action == ActionWarn {
				level := wn.Level
				if level == LevelRed && rng.Intn(2) == 0 {
					level = LevelYellow
				}
				return Warn{Period: wn.Period, AssignmentID: wn.AssignmentID, Level: level}
			}
			return AutoUrge{Period: wn.Period, AssignmentID: wn.AssignmentID}
		}
	}
	return command(w, action, actor)
}

// invariants checks what must hold of any order Decide and Apply produce.
func invariants(o *Order) error {
	open := map[int64]int{}
	for _, a := range o.Assignments {
		if !a.Open() {
			continue
		}
		open[a.UnitID]++
		if open[a.UnitID] > 1 {
			return fmt.Errorf("unit %d holds two open assignments", a.UnitID)
		}
		if a.ParentID != 0 {
			p := o.Assignment(a.ParentID)
			if p == nil || p.State != AssignSigned {
				return fmt.Errorf("open assignment %d under a parent that is not signed", a.ID)
			}
		}
		// A sub-dispatched assignment inherits its parent's reply deadline,
		// which may already have passed; its own sign period is always new.
		if !a.SignDue.After(a.At) || a.TopLevel() && !a.ReplyDue.After(a.At) {
			return fmt.Errorf("assignment %d is due before it was sent", a.ID)
		}
	}
	lead := o.LeadAssignment()
	want := map[State]AssignmentState{
		StateDispatched: AssignDispatched, StateHandling: AssignSigned,
		StateReturned: AssignReturned, StateReplied: AssignReplied,
	}
	if ws, ok := want[o.State]; ok && (lead == nil || lead.State != ws) {
		return fmt.Errorf("order %s but lead assignment %+v", o.State, lead)
	}
	if !unitState(o.State) && len(open) > 0 {
		return fmt.Errorf("order %s with open assignments", o.State)
	}
	if o.Suspended() && o.State != StateHandling {
		return fmt.Errorf("suspended in state %s", o.State)
	}
	if (o.Extension != nil || o.Suspension != nil) && o.State != StateHandling {
		return fmt.Errorf("pending request in state %s", o.State)
	}
	if o.Problem != (o.RehandleCount >= 3) {
		return fmt.Errorf("problem %v with %d re-handlings", o.Problem, o.RehandleCount)
	}
	if o.State == StateClosed && (o.Closure == "" || o.RehandleUntil.IsZero()) {
		return fmt.Errorf("closed without closure or window")
	}
	if o.State == StateUnsatisfied && (!o.Callback.Reached || o.Callback.Satisfied()) {
		return fmt.Errorf("unsatisfied with callback %+v", o.Callback)
	}
	if o.Closure == ClosureCallback && !o.Callback.Satisfied() {
		return fmt.Errorf("closed by callback with callback %+v", o.Callback)
	}
	var total time.Duration
	for _, s := range o.Suspensions {
		total += s.Working
	}
	if total != o.SuspendedTotal {
		return fmt.Errorf("suspended total %v, suspensions add to %v", o.SuspendedTotal, total)
	}
	return nil
}
