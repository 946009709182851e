package workorder

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

func TestRegister(t *testing.T) {
	w := newWorld(t).state(StateRegistered)
	eq(t, "phone", w.o.Caller.Phone, "+8613800138000")
	eq(t, "urgency", w.o.Urgency, UrgencyNormal)
	eq(t, "dispatch due", w.o.DispatchDue, ut(clock(0, 11, 0)))
	eq(t, "registered", w.o.Times.Registered, ut(monday))
	eq(t, "version", w.o.Version, 1)
	e := w.events[0]
	eq(t, "stream", e.Stream, "order:"+testNo)
	eq(t, "type", e.Type, ActionRegister)
	eq(t, "actor", e.ActorID, agent.StaffID)
	eq(t, "unit", e.UnitID, agent.UnitID)
	if err := eventlog.Verify(w.events); err != nil {
		t.Fatal(err)
	}
	err := w.try(agent, validRegister(testNo))
	mustConflict(t, err, ActionRegister)
}

func TestTerminalIntake(t *testing.T) {
	tests := []struct {
		name  string
		cmd   Command
		state State
		check func(*Order) bool
	}{
		{"direct answer", AnswerDirect{Answer: "供暖投诉请拨打热力公司电话。", KBArticle: 42}, StateAnswered,
			func(o *Order) bool { return o.KBArticle == 42 && o.Answer != "" }},
		{"emergency", TransferEmergency{Service: "119", Note: "火情"}, StateEmergency,
			func(o *Order) bool { return o.Emergency == "119" }},
		{"decline", Decline{Reason: "已进入诉讼程序"}, StateDeclined,
			func(o *Order) bool { return o.DeclineReason == "已进入诉讼程序" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t).after(10*time.Minute).do(agent, tt.cmd).state(tt.state)
			if !tt.check(w.o) {
				t.Errorf("order fields not recorded: %+v", w.o)
			}
			eq(t, "closed at", w.o.Times.Closed, ut(w.now))
			eq(t, "allowed", Allowed(w.o, dispatcher), []string{ActionNote})
			mustConflict(t, w.try(dispatcher, Dispatch{Lead: 10}), ActionDispatch)
			mustConflict(t, w.try(agent, Attach{Attachment: validAttachment("a.jpg")}), ActionAttach)
		})
	}
}

// TestFullPath walks dispatch → sign → sub-dispatch → child sign → child
// reply → parent reply → review accept → callback → closed, with an
// assisting unit alongside.
func TestFullPath(t *testing.T) {
	w := newWorld(t).at(clock(0, 10, 0))
	w.do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}, Note: "请巴彦浩特镇核实"}).state(StateDispatched)
	lead, assist := w.assignment(1), w.assignment(2)
	eq(t, "lead unit", lead.UnitID, int64(20))
	eq(t, "lead", lead.Lead, true)
	eq(t, "assist lead", assist.Lead, false)
	eq(t, "sign due", lead.SignDue, ut(clock(1, 18, 0)))
	eq(t, "reply due (consult: 3 working days)", lead.ReplyDue, ut(clock(3, 18, 0)))
	eq(t, "dispatched", w.o.Times.Dispatched, ut(clock(0, 10, 0)))

	// A unit that has nothing to do with the order may not sign it.
	if err := w.try(handler(40), Sign{}); code(err) != fault.Forbidden {
		t.Fatalf("sign by unrelated unit: got %v, want forbidden", err)
	}
	w.after(time.Hour).do(handler(20), Sign{}).state(StateHandling).assignState(1, AssignSigned)
	eq(t, "signed", w.o.Times.Signed, ut(clock(0, 11, 0)))
	mustConflict(t, w.try(handler(20), Sign{}), ActionSign)

	// Sub-dispatch must go below the unit.
	if err := w.try(handler(20), SubDispatch{Unit: 301}); code(err) != fault.Invalid {
		t.Fatalf("sub-dispatch outside the subtree: got %v, want invalid", err)
	}
	w.after(time.Hour).do(handler(20), SubDispatch{Unit: 201, Note: "请社区核实"})
	child := w.assignment(3)
	eq(t, "child parent", child.ParentID, int64(1))
	eq(t, "child lead chain", child.Lead, true)
	eq(t, "child reply due inherits", child.ReplyDue, lead.ReplyDue)
	// And deeper: the town sub-dispatches to a gacha.
	w.do(head(201), Sign{}).assignState(3, AssignSigned)
	w.do(handler(201), SubDispatch{Unit: 2011}).assignState(4, AssignDispatched)
	w.do(handler(2011), Sign{}).do(handler(2011), Reply{Text: "已入户核实，温度15度。"}).assignState(4, AssignReplied)
	eq(t, "town sees gacha reply", w.assignment(4).ReplyText, "已入户核实，温度15度。")
	w.do(handler(201), Reply{Text: "社区已协调热力站调整。"}).assignState(3, AssignReplied)
	w.state(StateHandling)

	// The assisting unit signs and replies; that does not move the order.
	w.do(handler(30), Sign{}).do(handler(30), Reply{Text: "协办意见：已督促热力公司。"}).state(StateHandling)

	w.after(time.Hour).do(handler(20), Reply{Text: "已协调热力站，室温恢复至18度。", Attachments: []Attachment{validAttachment("温度照片.jpg")}})
	w.state(StateReplied).assignState(1, AssignReplied)
	eq(t, "reply text", w.o.ReplyText, "已协调热力站，室温恢复至18度。")
	eq(t, "attachments", len(w.o.Attachments), 1)

	w.after(30*time.Minute).do(dispatcher, Review{Accept: true}).state(StateCallback)
	eq(t, "callback due", w.o.CallbackDue, ut(clock(1, 18, 0)))
	eq(t, "accepted", w.o.Times.Accepted, ut(w.now))

	w.after(time.Hour).do(agent, Callback{Reached: true, Resolved: true, Satisfaction: 5, Note: "群众表示满意"}).state(StateClosed)
	eq(t, "closure", w.o.Closure, ClosureCallback)
	eq(t, "satisfaction", w.o.Callback.Satisfaction, 5)
	eq(t, "resolved", w.o.Callback.Resolved, true)
	eq(t, "rehandle until", w.o.RehandleUntil, ut(clock(21, 18, 0))) // 15 working days
	for _, a := range w.o.Assignments {
		if a.Open() {
			t.Errorf("assignment %d still open after closing", a.ID)
		}
	}
	if err := eventlog.Verify(w.events); err != nil {
		t.Fatal(err)
	}
}

func TestAssistingStillOpenIsWithdrawnOnAccept(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10, Assist: []int64{30}})
	w.do(handler(10), Sign{}).do(handler(10), Reply{Text: "办理完毕"})
	w.state(StateReplied).assignState(2, AssignDispatched)
	// The assisting unit may still act while the centre reviews.
	w.do(handler(30), Sign{}).assignState(2, AssignSigned)
	w.do(dispatcher, Review{Accept: true}).assignState(2, AssignWithdrawn)
	mustConflict(t, w.try(handler(30), Reply{Text: "迟到的协办意见"}), ActionReply)
}

func TestReturnRedispatch(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10, Assist: []int64{30}})
	w.after(time.Hour).do(handler(10), Return{Reason: "不属于本单位职责"}).state(StateReturned).assignState(1, AssignReturned)
	eq(t, "return reason", w.assignment(1).ReturnReason, "不属于本单位职责")
	if err := w.try(dispatcher, Redispatch{Lead: 10}); code(err) != fault.Invalid || fields(err)[0] != "lead" {
		t.Fatalf("redispatch to the unit that returned: got %v, want invalid lead", err)
	}
	w.do(dispatcher, Redispatch{Lead: 40, Note: "改派旗住建局"}).state(StateDispatched)
	w.assignState(2, AssignWithdrawn).assignState(3, AssignDispatched)
	eq(t, "new lead", w.o.LeadAssignment().UnitID, int64(40))
	eq(t, "new sign due counted from the redispatch", w.assignment(3).SignDue, ut(clock(1, 18, 0)))
	w.do(handler(40), Sign{}).state(StateHandling)
}

func TestReturnRefused(t *testing.T) {
	t.Run("after signing", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 10})
		w.do(handler(10), Sign{}).do(handler(10), SubDispatch{Unit: 101})
		signedAt := w.assignment(1).SignedAt
		w.after(time.Hour).do(handler(10), Return{Reason: "应由旗级承办"}).state(StateReturned)
		w.assignState(2, AssignWithdrawn) // what it sub-dispatched goes with it
		w.after(time.Hour).do(dispatcher, RefuseReturn{Reason: "属于盟级职责"}).state(StateHandling).assignState(1, AssignSigned)
		eq(t, "signed at kept", w.assignment(1).SignedAt, signedAt)
		fe := mustConflict(t, w.try(handler(10), Return{Reason: "再次退回"}), ActionReturn)
		if !slices.Contains(fe.Allowed, ActionReply) {
			t.Errorf("allowed after refused return: got %v, want reply among them", fe.Allowed)
		}
		w.do(handler(10), Reply{Text: "已办理"}).state(StateReplied)
	})
	t.Run("before signing", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 10})
		w.after(time.Hour).do(handler(10), Return{Reason: "不属于本单位"})
		w.after(time.Hour).do(dispatcher, RefuseReturn{Reason: "属于本单位"}).state(StateHandling)
		// The ruling stands in for the signature: no second sign needed.
		w.assignState(1, AssignSigned)
		eq(t, "signed at = ruling", w.assignment(1).SignedAt, ut(w.now))
		mustConflict(t, w.try(handler(10), Sign{}), ActionSign)
	})
	t.Run("child returns to its parent", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20})
		w.do(handler(20), Sign{}).do(handler(20), SubDispatch{Unit: 201})
		w.do(handler(201), Return{Reason: "不在本社区辖区"}).assignState(2, AssignReturned).state(StateHandling)
		w.do(handler(20), SubDispatch{Unit: 202}).assignState(3, AssignDispatched)
	})
}

func TestExtension(t *testing.T) {
	setup := func(t *testing.T) *world {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{}).do(handler(20), SubDispatch{Unit: 201})
		w.after(time.Hour).do(handler(20), RequestExtension{Days: 3, Reason: "需协调第三方检测"})
		eq(t, "pending", w.o.Extension.Days, 3)
		mustConflict(t, w.try(handler(20), RequestExtension{Days: 2, Reason: "again"}), ActionRequestExtension)
		return w
	}
	thu := ut(clock(3, 18, 0))
	tests := []struct {
		name     string
		cmd      DecideExtension
		wantDue  time.Time
		wantDays int
	}{
		{"approve as requested", DecideExtension{Approve: true}, ut(clock(8, 18, 0)), 3}, // Thu + 3 working days = next Tue
		{"approve fewer", DecideExtension{Approve: true, Days: 1}, ut(clock(4, 18, 0)), 1},
		{"refuse", DecideExtension{Reason: "理由不充分"}, thu, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := setup(t)
			eq(t, "due before", w.o.ReplyDue(), thu)
			w.do(dispatcher, tt.cmd)
			if w.o.Extension != nil {
				t.Errorf("extension still pending")
			}
			eq(t, "reply due", w.o.ReplyDue(), tt.wantDue)
			eq(t, "sub-dispatched due", w.assignment(2).ReplyDue, tt.wantDue)
			eq(t, "extension days", w.o.ExtensionDays, tt.wantDays)
		})
	}
	t.Run("only before the deadline", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{})
		w.at(clock(3, 18, 1))
		fe := mustConflict(t, w.try(handler(20), RequestExtension{Days: 3, Reason: "晚了"}), ActionRequestExtension)
		eq(t, "key", fe.Key, KeyTooLate)
	})
	t.Run("only by the lead unit", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}}).do(handler(20), Sign{}).do(handler(30), Sign{})
		if err := w.try(handler(30), RequestExtension{Days: 3, Reason: "协办"}); code(err) != fault.Forbidden {
			t.Fatalf("extension by assisting unit: got %v, want forbidden", err)
		}
	})
}

func TestSuspensionResume(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 20}).after(30*time.Minute).do(handler(20), Sign{})
	w.at(clock(0, 10, 0)).do(handler(20), RequestSuspension{Reason: "等待群众提供材料"})
	w.at(clock(0, 18, 0)).do(dispatcher, DecideSuspension{Approve: true})
	if !w.o.Suspended() {
		t.Fatal("not suspended after approval")
	}
	mustConflict(t, w.try(handler(20), RequestSuspension{Reason: "again"}), ActionRequestSuspension)
	// Tuesday is lost to the suspension: 7 working hours.
	w.at(clock(2, 8, 30)).do(handler(20), Resume{})
	eq(t, "suspended total", w.o.SuspendedTotal, 7*time.Hour)
	eq(t, "reply due pushed by the suspended working time", w.o.ReplyDue(), ut(clock(4, 18, 0)))
	mustConflict(t, w.try(dispatcher, Resume{}), ActionResume)

	t.Run("refused", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{})
		w.do(handler(20), RequestSuspension{Reason: "等待"}).do(dispatcher, DecideSuspension{Reason: "无需挂起"})
		if w.o.Suspended() || w.o.Suspension != nil {
			t.Fatal("suspended after a refusal")
		}
	})
	t.Run("reply while suspended resumes first", func(t *testing.T) {
		w := newWorld(t).do(dispatcher, Dispatch{Lead: 20}).do(handler(20), Sign{})
		w.do(handler(20), RequestSuspension{Reason: "等待"}).at(clock(0, 18, 0)).do(dispatcher, DecideSuspension{Approve: true})
		w.at(clock(1, 12, 0)).do(handler(20), Reply{Text: "材料已补齐并办结"}).state(StateReplied)
		n := len(w.events)
		eq(t, "events", []string{w.events[n-2].Type, w.events[n-1].Type}, []string{ActionResume, ActionReply})
		eq(t, "suspended total", w.o.SuspendedTotal, 3*time.Hour+30*time.Minute)
		if w.o.Suspended() {
			t.Error("still suspended")
		}
	})
}

func TestReviewSendBack(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10}).do(handler(10), Sign{}).do(handler(10), Reply{Text: "已处理"})
	if err := w.try(dispatcher, Review{}); code(err) != fault.Invalid || fields(err)[0] != "reason" {
		t.Fatalf("send back without reason: got %v, want invalid reason", err)
	}
	w.do(dispatcher, Review{Reason: "答复未说明处理结果"}).state(StateHandling).assignState(1, AssignSigned)
	eq(t, "reply cleared", w.o.ReplyText, "")
	if !w.o.Times.Replied.IsZero() || !w.assignment(1).RepliedAt.IsZero() {
		t.Error("replied time kept after send-back")
	}
	w.do(handler(10), Reply{Text: "已处理，结果：热力站已维修。"}).state(StateReplied)
	w.do(dispatcher, Review{Accept: true}).state(StateCallback)
}

func TestRehandleThreeTimesMakesProblem(t *testing.T) {
	w := newWorld(t)
	round := func(lead int64, callback Callback, want State) {
		h := handler(lead)
		w.after(time.Hour).do(h, Sign{}).do(h, Reply{Text: "已处理"}).do(dispatcher, Review{Accept: true})
		w.do(agent, callback).state(want)
	}
	unresolved := Callback{Reached: true, Resolved: false, Satisfaction: 3}
	unsatisfied := Callback{Reached: true, Resolved: true, Satisfaction: 2}
	satisfied := Callback{Reached: true, Resolved: true, Satisfaction: 4}

	w.do(dispatcher, Dispatch{Lead: 10})
	round(10, unresolved, StateUnsatisfied)
	eq(t, "allowed while unsatisfied", Allowed(w.o, dispatcher),
		[]string{ActionRehandle, ActionClose, ActionUrge, ActionSupervise, ActionMerge, ActionMergeChild, ActionNote, ActionAttach})
	rounds := []struct {
		lead     int64
		callback Callback
		want     State
	}{
		{10, unsatisfied, StateUnsatisfied},
		// Closed as satisfied; the citizen calls again within the window.
		{40, satisfied, StateClosed},
		{10, unsatisfied, StateUnsatisfied},
	}
	for i, r := range rounds {
		w.after(time.Hour).do(dispatcher, Rehandle{Lead: r.lead, Reason: "群众不满意"}).state(StateDispatched)
		eq(t, "count", w.o.RehandleCount, i+1)
		eq(t, "problem", w.o.Problem, i+1 >= 3)
		eq(t, "callback reset", w.o.Callback, CallbackResult{})
		eq(t, "lead", w.o.LeadAssignment().UnitID, r.lead)
		if !w.o.Times.Closed.IsZero() || !w.o.Times.Accepted.IsZero() {
			t.Error("round milestones kept after re-handling")
		}
		round(r.lead, r.callback, r.want)
	}
	eq(t, "first dispatch kept", w.o.Times.Dispatched, ut(monday))

	// The centre may close an unsatisfied order instead (研判销号); the
	// callback result stays for the satisfaction rate.
	w.do(dispatcher, Close{Reason: "诉求不合理，已解释"}).state(StateClosed)
	eq(t, "closure", w.o.Closure, ClosureJudged)
	eq(t, "satisfaction kept", w.o.Callback.Satisfaction, 2)

	t.Run("window", func(t *testing.T) {
		w.at(w.o.RehandleUntil)
		w2 := &world{t: t, o: ptr(w.o.Clone()), now: w.now}
		w2.do(dispatcher, Rehandle{Lead: 10, Reason: "最后一天"})
		w.after(time.Second)
		fe := mustConflict(t, w.try(dispatcher, Rehandle{Lead: 10, Reason: "太晚"}), ActionRehandle)
		eq(t, "key", fe.Key, KeyTooLate)
	})
}

func TestCloseWithReason(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10, Assist: []int64{30}}).do(handler(10), Sign{})
	w.do(handler(10), RequestSuspension{Reason: "等待"}).do(dispatcher, DecideSuspension{Approve: true})
	w.after(time.Hour).do(dispatcher, Close{Reason: "诉求人撤回诉求"}).state(StateClosed)
	eq(t, "closure", w.o.Closure, ClosureJudged)
	eq(t, "reason", w.o.CloseReason, "诉求人撤回诉求")
	eq(t, "resume recorded first", w.events[len(w.events)-2].Type, ActionResume)
	w.assignState(1, AssignWithdrawn).assignState(2, AssignWithdrawn)
	mustConflict(t, w.try(dispatcher, Close{Reason: "again"}), ActionClose)
	if err := w.try(handler(10), Close{Reason: "x"}); code(err) != fault.Conflict {
		t.Fatalf("close of a closed order by a handler: got %v, want conflict (state before actor)", err)
	}
}

func TestUrgeSupervise(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10})
	w.do(supervisor, Urge{Note: "请尽快签收"}).do(agent, Urge{}).do(supervisor, Supervise{Note: "列入督办"})
	eq(t, "urges", w.o.Urges, 2)
	eq(t, "supervisions", w.o.Supervisions, 1)
	for _, a := range []Actor{handler(10), leader, admin, citizen} {
		if err := w.try(a, Urge{}); code(err) != fault.Forbidden {
			t.Errorf("urge by %s: got %v, want forbidden", a.Role, err)
		}
	}
}

func TestMerge(t *testing.T) {
	child := newWorld(t).do(dispatcher, Dispatch{Lead: 10})
	master := newWorld(t)
	master.o = nil
	master.events = nil
	master.do(agent, validRegister("20260302000100"))

	if err := child.try(dispatcher, Merge{Master: testNo}); code(err) != fault.Invalid {
		t.Fatalf("merge into itself: got %v, want invalid", err)
	}
	child.do(dispatcher, Merge{Master: "20260302000100"}).state(StateMerged).assignState(1, AssignWithdrawn)
	eq(t, "merged into", child.o.MergedInto, "20260302000100")
	master.do(dispatcher, MergeChild{Child: testNo}).state(StateRegistered)
	eq(t, "children", master.o.MergedChildren, []string{testNo})
	err := master.try(dispatcher, MergeChild{Child: testNo})
	if !IsDuplicate(err) {
		t.Fatalf("second merge of the same child: got %v, want duplicate", err)
	}
	mustConflict(t, child.try(dispatcher, Urge{}), ActionUrge)
	eq(t, "allowed on merged", Allowed(child.o, dispatcher), []string{ActionNote})
}

func TestNotesAndAttachments(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10})
	w.do(dispatcher, Note{Text: "来电人情绪激动，注意沟通方式", Internal: true})
	w.do(handler(10), Note{Text: "已电话联系"})
	w.do(citizen, Note{Text: "补充：3号楼也有问题"})
	if err := w.try(citizen, Note{Text: "内部", Internal: true}); code(err) != fault.Forbidden {
		t.Fatalf("internal note by citizen: got %v, want forbidden", err)
	}
	if err := w.try(handler(40), Note{Text: "无关单位"}); code(err) != fault.Forbidden {
		t.Fatalf("note by an uninvolved unit: got %v, want forbidden", err)
	}
	w.do(citizen, Attach{Attachment: validAttachment("现场.jpg")})
	eq(t, "notes", len(w.o.Notes), 3)
	eq(t, "note author", w.o.Notes[1].UnitID, int64(10))
	eq(t, "attachments", len(w.o.Attachments), 1)

	h, err := History(w.o, w.events, citizen)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h {
		if e.Type == ActionNote {
			var n Note
			if err := json.Unmarshal(e.Payload, &n); err != nil {
				t.Fatal(err)
			}
			if n.Internal {
				t.Error("citizen history shows an internal note")
			}
		}
	}
	eq(t, "citizen history length", len(h), len(w.events)-1)

	// Notes stay possible on a terminal order; attachments do not.
	w.do(dispatcher, Merge{Master: "20260302000100"})
	w.do(handler(10), Note{Text: "已知悉并单"})
	mustConflict(t, w.try(handler(10), Attach{Attachment: validAttachment("b.jpg")}), ActionAttach)
}

func TestCallbackUnreachable(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 10}).do(handler(10), Sign{}).do(handler(10), Reply{Text: "已处理"})
	w.do(dispatcher, Review{Accept: true})
	for i := 1; i <= 3; i++ {
		w.after(2*time.Hour).do(agent, Callback{Note: "无人接听"})
		eq(t, "attempts", w.o.Callback.Attempts, i)
		if i < 3 {
			w.state(StateCallback)
		}
	}
	w.state(StateClosed)
	eq(t, "closure", w.o.Closure, ClosureUnreachable)
	eq(t, "reached", w.o.Callback.Reached, false)
}

func TestWarnIdempotent(t *testing.T) {
	w := newWorld(t)
	// The dispatch period is 2 working hours: yellow from 10:30, red after 11:00.
	err := w.at(clock(0, 10, 29)).try(sweeper, Warn{Period: PeriodDispatch, Level: LevelYellow})
	eq(t, "not due key", fault.As(err).Key, KeyNotDue)
	mustConflict(t, err, ActionWarn)
	w.at(clock(0, 10, 30)).do(sweeper, Warn{Period: PeriodDispatch, Level: LevelYellow})
	if err := w.try(sweeper, Warn{Period: PeriodDispatch, Level: LevelYellow}); !IsDuplicate(err) {
		t.Fatalf("repeated warning: got %v, want duplicate", err)
	}
	if err := w.try(sweeper, AutoUrge{Period: PeriodDispatch}); fault.As(err).Key != KeyNotDue {
		t.Fatalf("auto urge before overdue: got %v, want not due", err)
	}
	w.at(clock(0, 11, 1)).do(sweeper, Warn{Period: PeriodDispatch, Level: LevelRed}).do(sweeper, AutoUrge{Period: PeriodDispatch})
	if err := w.try(sweeper, AutoUrge{Period: PeriodDispatch}); !IsDuplicate(err) {
		t.Fatalf("repeated auto urge: got %v, want duplicate", err)
	}
	eq(t, "urges", w.o.Urges, 1)
	eq(t, "warned", w.o.Warned, []WarningKey{{PeriodDispatch, 0, LevelYellow}, {PeriodDispatch, 0, LevelRed}})
	if err := w.try(dispatcher, Warn{Period: PeriodDispatch, Level: LevelRed}); code(err) != fault.Forbidden {
		t.Fatalf("warn by a person: got %v, want forbidden", err)
	}
}

func TestCallerRedaction(t *testing.T) {
	tests := []struct {
		name   string
		typ    Type
		conf   bool
		hidden bool
	}{
		{"complaint", TypeComplaint, false, false},
		{"report", TypeReport, false, true},
		{"confidential complaint", TypeComplaint, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validRegister(testNo)
			r.Type, r.Caller.Confidential = tt.typ, tt.conf
			w := &world{t: t, now: monday}
			w.do(agent, r).do(dispatcher, Dispatch{Lead: 10})
			eq(t, "centre sees", CallerVisible(w.o, dispatcher), true)
			eq(t, "handler sees", CallerVisible(w.o, handler(10)), !tt.hidden)
			red := w.o.Redacted()
			if red.Caller.Name != "" || red.Caller.Phone != "" || red.Address != "" {
				t.Errorf("redacted copy keeps the caller: %+v", red.Caller)
			}
			if w.o.Caller.Name == "" {
				t.Error("Redacted changed the original")
			}
			red.Assignments[0].UnitID = 99
			eq(t, "deep copy", w.o.Assignments[0].UnitID, int64(10))
			h, err := History(w.o, w.events, handler(10))
			if err != nil {
				t.Fatal(err)
			}
			var p RegisterPayload
			if err := json.Unmarshal(h[0].Payload, &p); err != nil {
				t.Fatal(err)
			}
			eq(t, "phone in history", p.Caller.Phone != "", !tt.hidden)
		})
	}
}

func TestUrgentDeadlines(t *testing.T) {
	r := validRegister(testNo)
	r.Urgency = UrgencyUrgent
	w := &world{t: t, now: clock(0, 17, 0)}
	w.do(agent, r).do(dispatcher, Dispatch{Lead: 10})
	a := w.assignment(1)
	eq(t, "sign due: 2 working hours", a.SignDue, ut(clock(1, 9, 30)))
	eq(t, "reply due: 24 calendar hours", a.ReplyDue, ut(clock(1, 17, 0)))
	eq(t, "calendar period", a.ReplyCalendar, true)
}

func TestDefaultPolicy(t *testing.T) {
	tests := []struct {
		typ  Type
		days int
	}{
		{TypeConsult, 3}, {TypeHelp, 5}, {TypeComplaint, 10}, {TypeReport, 15}, {TypeSuggestion, 15},
	}
	for _, tt := range tests {
		l := DefaultPolicy{}.Limits(tt.typ, "", UrgencyNormal)
		eq(t, string(tt.typ), l, Limits{DispatchHours: 2, SignDays: 1, UrgentSignHours: 2, ReplyDays: tt.days,
			UrgentReplyHours: 24, CallbackDays: 1, RehandleDays: DefaultRehandleDays})
	}
}

func TestAssistingReturnAndParentReply(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 20, Assist: []int64{30}})
	// An assisting unit's return needs no ruling: it leaves the order.
	w.do(handler(30), Return{Reason: "与本单位无关"}).assignState(2, AssignReturned).state(StateDispatched)
	// A unit that replies answers for its subtree: what it sub-dispatched
	// and did not get back is withdrawn.
	w.do(handler(20), Sign{}).do(handler(20), SubDispatch{Unit: 201}).do(handler(201), Sign{})
	w.do(handler(201), SubDispatch{Unit: 2011})
	w.do(handler(20), Reply{Text: "已直接办理"}).state(StateReplied)
	w.assignState(3, AssignWithdrawn).assignState(4, AssignWithdrawn)
	mustConflict(t, w.try(handler(2011), Sign{}), ActionSign)
}

func TestCalendarFailure(t *testing.T) {
	w := newWorld(t)
	_, err := Decide(w.o, Dispatch{Lead: 20}, dispatcher, w.now, brokenEnv{})
	if err == nil || fault.As(err) != nil {
		t.Fatalf("dispatch without a calendar: got %v, want a plain wrapped error", err)
	}
}

type brokenEnv struct{ fakeEnv }

func (brokenEnv) Calendar() Calendar { return brokenCal{} }
