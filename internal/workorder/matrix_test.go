package workorder

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tongban/internal/fault"
)

// fixtures build an order in every state, and in the sub-situations of a
// state that change what is allowed (pending requests, suspension,
// sub-dispatch, a refused return).
var fixtures = []struct {
	name  string
	state State
	build func(w *world)
}{
	{"registered", StateRegistered, func(w *world) {}},
	{"answered", StateAnswered, func(w *world) { w.do(agent, AnswerDirect{Answer: "答复"}) }},
	{"emergency", StateEmergency, func(w *world) { w.do(agent, TransferEmergency{Service: "110"}) }},
	{"declined", StateDeclined, func(w *world) { w.do(agent, Decline{Reason: "信访已受理"}) }},
	{"dispatched", StateDispatched, func(w *world) { w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}) }},
	{"returned", StateReturned, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Return{Reason: "非本单位职责"})
	}},
	{"handling", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{})
	}},
	{"handling, sub-dispatched", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{}).
			do(handler(20), SubDispatch{Unit: 201}).do(handler(201), Sign{}).do(handler(201), SubDispatch{Unit: 2011})
	}},
	{"handling, return refused", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Return{Reason: "x"}).do(dispatcher, RefuseReturn{Reason: "y"})
	}},
	{"handling, extension pending", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), RequestExtension{Days: 2, Reason: "r"})
	}},
	{"handling, suspension pending", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), RequestSuspension{Reason: "r"})
	}},
	{"handling, suspended", StateHandling, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{}).
			do(handler(20), RequestSuspension{Reason: "r"}).do(dispatcher, DecideSuspension{Approve: true})
	}},
	{"replied", StateReplied, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{}).do(handler(20), Reply{Text: "已办"})
	}},
	{"callback", StateCallback, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), Reply{Text: "已办"}).
			do(dispatcher, Review{Accept: true})
	}},
	{"unsatisfied", StateUnsatisfied, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), Reply{Text: "已办"}).
			do(dispatcher, Review{Accept: true}).do(agent, Callback{Reached: true, Resolved: true, Satisfaction: 2})
	}},
	{"closed", StateClosed, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), Reply{Text: "已办"}).
			do(dispatcher, Review{Accept: true}).do(agent, Callback{Reached: true, Resolved: true, Satisfaction: 3})
	}},
	{"closed, judged", StateClosed, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(dispatcher, Close{Reason: "诉求人撤回"})
	}},
	{"merged", StateMerged, func(w *world) {
		w.do(dispatcher, Dispatch{Lead: 20}).do(dispatcher, Merge{Master: "20260302000100"})
	}},
}

// pool is every kind of actor: the centre, the units on the fixtures'
// orders at every level, an unrelated unit, and those who change nothing.
var pool = []Actor{
	agent, dispatcher, supervisor, leader, admin, sweeper, citizen,
	handler(20), head(20), handler(30), handler(201), handler(2011), handler(40),
	{StaffID: 9, UnitID: 1, Role: RoleHandler, Centre: true},
}

// command builds a valid command for action, as actor, on w's order.
func command(w *world, action string, actor Actor) Command {
	switch action {
	case ActionRegister:
		return validRegister("20260302000999")
	case ActionAnswer:
		return AnswerDirect{Answer: "已答复"}
	case ActionEmergency:
		return TransferEmergency{Service: "120"}
	case ActionDecline:
		return Decline{Reason: "超出受理范围"}
	case ActionDispatch:
		return Dispatch{Lead: 20, Assist: []int64{30}}
	case ActionSign:
		return Sign{}
	case ActionSubDispatch:
		for k := int64(1); k <= 3; k++ {
			u := actor.UnitID*10 + k
			if w.o == nil || w.o.openAssignmentOf(u) == nil {
				return SubDispatch{Unit: u}
			}
		}
		return SubDispatch{Unit: actor.UnitID*10 + 1}
	case ActionReturn:
		return Return{Reason: "非本单位职责"}
	case ActionRedispatch:
		return Redispatch{Lead: 40, Assist: []int64{30}}
	case ActionRefuseReturn:
		return RefuseReturn{Reason: "属本单位职责"}
	case ActionRequestExtension:
		return RequestExtension{Days: 3, Reason: "需第三方检测"}
	case ActionDecideExtension:
		return DecideExtension{Approve: true}
	case ActionRequestSuspension:
		return RequestSuspension{Reason: "等待群众补充材料"}
	case ActionDecideSuspension:
		return DecideSuspension{Approve: true}
	case ActionResume:
		return Resume{}
	case ActionReply:
		return Reply{Text: "已办理完毕"}
	case ActionReview:
		return Review{Accept: true}
	case ActionCallback:
		return Callback{Reached: true, Resolved: true, Satisfaction: 4}
	case ActionRehandle:
		return Rehandle{Lead: 20, Reason: "群众不满意"}
	case ActionClose:
		return Close{Reason: "研判销号"}
	case ActionUrge:
		return Urge{Note: "请加快办理"}
	case ActionSupervise:
		return Supervise{}
	case ActionMerge:
		return Merge{Master: "20260302000100"}
	case ActionMergeChild:
		return MergeChild{Child: "20260302000101"}
	case ActionNote:
		return Note{Text: "备注", Internal: actor.Role != RoleCitizen}
	case ActionAttach:
		return Attach{Attachment: validAttachment("file.pdf")}
	case ActionWarn, ActionAutoUrge:
		if w.o != nil {
			for _, wn := range w.o.Warnings(w.now, fakeCal{}) {
				if action == ActionWarn {
					return Warn{Period: wn.Period, AssignmentID: wn.AssignmentID, Level: wn.Level}
				}
				if wn.Level == LevelRed {
					return AutoUrge{Period: wn.Period, AssignmentID: wn.AssignmentID}
				}
			}
		}
		if action == ActionWarn {
			return Warn{Period: PeriodReply, AssignmentID: 1, Level: LevelYellow}
		}
		return AutoUrge{Period: PeriodReply, AssignmentID: 1}
	}
	panic("no command for " + action)
}

// TestEveryCommandInEveryState tries every action by every actor in every
// fixture and checks that Decide and Allowed agree:
//   - an action Decide accepts is listed by Allowed;
//   - a refused action is a Conflict whose Allowed is what Allowed says
//     minus the action, or Forbidden and not listed;
//   - an action Allowed lists is accepted with a valid command (warnings
//     only when one is due: Allowed ignores the clock).
//
// And for each fixture, every action is possible for at least the actor
// fitted to it, or refused as a Conflict naming something else to do.
func TestEveryCommandInEveryState(t *testing.T) {
	seen := map[State]bool{}
	for _, fx := range fixtures {
		for _, late := range []bool{false, true} {
			name := fx.name
			if late {
				name += ", overdue"
			}
			t.Run(name, func(t *testing.T) {
				base := newWorld(t).after(10 * time.Minute)
				fx.build(base)
				base.state(fx.state)
				seen[fx.state] = true
				now := base.now.Add(30 * time.Minute)
				if late {
					now = base.now.AddDate(0, 0, 10) // every period overdue, re-handling window still open
				}
				for _, actor := range pool {
					allowed := Allowed(base.o, actor)
					for _, action := range Actions {
						w := &world{t: t, env: base.env, o: ptr(base.o.Clone()), now: now}
						cmd := command(w, action, actor)
						err := w.try(actor, cmd)
						who := fmt.Sprintf("%s by %s/%d", action, actor.Role, actor.UnitID)
						listed := slices.Contains(allowed, action)
						switch fe := fault.As(err); {
						case err == nil:
							if !listed {
								t.Errorf("%s: accepted but Allowed = %v", who, allowed)
							}
						case fe != nil && fe.Code == fault.Conflict:
							want := slices.DeleteFunc(slices.Clone(allowed), func(s string) bool { return s == action })
							eq(t, who+": conflict's allowed", fe.Allowed, want)
							if !strings.Contains(fe.Message, string(base.o.State)) {
								t.Errorf("%s: message %q does not name the state", who, fe.Message)
							}
							if listed && fe.Key != KeyNotDue && fe.Key != KeyTooLate {
								t.Errorf("%s: listed by Allowed but refused: %v", who, err)
							}
						case fe != nil && fe.Code == fault.Forbidden:
							if listed {
								t.Errorf("%s: listed by Allowed but forbidden: %v", who, err)
							}
						default:
							t.Errorf("%s: unexpected error %v", who, err)
						}
					}
				}
			})
		}
	}
	for _, s := range []State{StateRegistered, StateAnswered, StateEmergency, StateDeclined, StateDispatched,
		StateReturned, StateHandling, StateReplied, StateCallback, StateUnsatisfied, StateClosed, StateMerged} {
		if !seen[s] {
			t.Errorf("no fixture in state %s", s)
		}
	}
}

// TestSuitableActor checks, per fixture, that each action either succeeds for
// the actor it is meant for or is a Conflict that does not offer the action
// and offers something else whenever that actor can do anything at all on the
// order. (A unit with no assignment yet, or the sweeper on an ended order,
// has nothing to do: the conflict then says "allowed now: nothing".) The
// centre always has something to do, if only a note.
func TestSuitableActor(t *testing.T) {
	suitable := map[string]Actor{
		ActionRegister: agent, ActionAnswer: agent, ActionEmergency: agent, ActionDecline: agent,
		ActionDispatch: dispatcher, ActionRedispatch: dispatcher, ActionRefuseReturn: dispatcher,
		ActionDecideExtension: dispatcher, ActionDecideSuspension: dispatcher, ActionResume: dispatcher,
		ActionReview: dispatcher, ActionCallback: agent, ActionRehandle: dispatcher, ActionClose: dispatcher,
		ActionUrge: supervisor, ActionSupervise: supervisor, ActionMerge: dispatcher, ActionMergeChild: dispatcher,
		ActionNote: dispatcher, ActionAttach: agent, ActionWarn: sweeper, ActionAutoUrge: sweeper,
		ActionSign: handler(20), ActionSubDispatch: handler(20), ActionReturn: handler(20), ActionReply: handler(20),
		ActionRequestExtension: handler(20), ActionRequestSuspension: handler(20),
	}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			base := newWorld(t).after(10 * time.Minute)
			fx.build(base)
			if len(Allowed(base.o, dispatcher)) == 0 {
				t.Errorf("the centre can do nothing in %s", fx.name)
			}
			for _, action := range Actions {
				actor := suitable[action]
				w := &world{t: t, env: base.env, o: ptr(base.o.Clone()), now: base.now.AddDate(0, 0, 5)}
				err := w.try(actor, command(w, action, actor))
				if err == nil {
					continue
				}
				fe := mustConflict(t, err, action)
				if len(fe.Allowed) == 0 && len(Allowed(base.o, actor)) > 0 {
					t.Errorf("%s in %s: conflict offers nothing though the actor can act: %v", action, fx.name, err)
				}
				if !strings.Contains(fe.Message, "allowed now: ") {
					t.Errorf("%s in %s: message does not say what is allowed: %q", action, fx.name, fe.Message)
				}
			}
		})
	}
}

func TestAllowedBeforeRegistration(t *testing.T) {
	eq(t, "agent", Allowed(nil, agent), []string{ActionRegister})
	eq(t, "citizen", Allowed(nil, citizen), []string{ActionRegister})
	eq(t, "handler", Allowed(nil, handler(20)), []string{})
	_, err := Decide(nil, Sign{}, handler(20), monday, fakeEnv{})
	mustConflict(t, err, ActionSign)
	_, err = Decide(nil, validRegister(testNo), handler(20), monday, fakeEnv{})
	eq(t, "register by a handler", code(err), fault.Forbidden)
}

func ptr[T any](v T) *T { return &v }
