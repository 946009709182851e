package application

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

var day0 = at(2026, 3, 2, 9, 0)

// inState builds an application of the food licence (with a promise at
// acceptance) in one of the named states.
func inState(t testing.TB, name string) *harness {
	t.Helper()
	it := demoItem(t, foodLicence)
	h := newHarness(t)
	now := day0
	step := func(cmd Command, actor Actor) {
		now = now.Add(time.Hour)
		h.do(cmd, actor, now)
	}
	step(Submit{No: "T-" + name, ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it, premises)}, clerkLeague)
	seq := map[string][]string{
		"submitted":     {},
		"correcting":    {"correct"},
		"refused":       {"refuse"},
		"withdrawn":     {"withdraw"},
		"reviewing":     {"accept"},
		"reviewing-end": {"accept", "review"},
		"paused":        {"accept", "pause"},
		"approved":      {"accept", "review", "approve"},
		"denied":        {"accept", "review", "deny"},
		"issued":        {"accept", "review", "approve", "issue"},
		"delivered":     {"accept", "review", "approve", "issue", "deliver"},
		"revoked":       {"accept", "review", "approve", "issue", "verify_failed"},
		"rated":         {"accept", "review", "approve", "issue", "deliver", "rate5"},
	}[name]
	for _, act := range seq {
		if act == "rate5" {
			for _, ch := range RatingChannels {
				step(Rate{Channel: ch, Score: 4}, citizen(enterprise))
			}
			continue
		}
		cmd, actor := validCommand(h, act, 0)
		step(cmd, actor)
	}
	return h
}

// validCommand returns a command for act with valid data and an actor
// permitted to take it on h's application; variant picks among valid choices.
func validCommand(h *harness, act string, variant int) (Command, Actor) {
	owner := approver(h.app.OwnerUnitID)
	me := citizen(h.app.Applicant)
	switch act {
	case ActSubmit:
		it := demoItem(h.t, foodLicence)
		return Submit{No: "T-new", ItemCode: it.Code, Applicant: enterprise, Channel: Window, Materials: required(it)}, clerkLeague
	case ActCorrect:
		return Correct{Note: "请补齐材料"}, []Actor{clerkLeague, owner}[variant%2]
	case ActResubmit:
		return Resubmit{Materials: []Provided{{Name: "营业执照"}}}, []Actor{me, clerkLeague}[variant%2]
	case ActAccept:
		return Accept{Promise: []string{premises}}, clerkLeague
	case ActRefuse:
		return Refuse{Reason: "不属于本机关职权范围"}, []Actor{clerkLeague, owner}[variant%2]
	case ActReview:
		return Review{Opinion: "同意"}, owner
	case ActPause:
		return PauseClock{Reason: PauseReasons[variant%len(PauseReasons)], Days: 1 + variant%5}, owner
	case ActResume:
		return ResumeClock{}, owner
	case ActApprove:
		return Approve{}, owner
	case ActDeny:
		return Deny{Reason: "不符合法定条件"}, owner
	case ActIssue:
		return Issue{CertificateNo: "JY-1"}, clerkLeague
	case ActDeliver:
		return Deliver{Method: []string{DeliverWindow, DeliverElectronic, DeliverMail}[variant%3], Ref: "EMS1"}, clerkLeague
	case ActRate:
		return Rate{Channel: RatingChannels[variant%len(RatingChannels)], Score: 1 + variant%5}, me
	case ActWithdraw:
		return Withdraw{Reason: "不再需要"}, []Actor{me, clerkLeague}[variant%2]
	case ActVerifyOK:
		return VerifyOK{}, owner
	case ActVerifyFailed:
		return VerifyFailed{Note: "承诺不实"}, owner
	}
	panic("unknown action " + act)
}

// TestStateCommandTable tries every action in every state with valid data
// and a permitted actor: the action succeeds exactly when the state allows
// it, and otherwise fails with a conflict that lists what is allowed.
func TestStateCommandTable(t *testing.T) {
	allowed := map[string][]string{
		"submitted":     {ActCorrect, ActAccept, ActRefuse, ActWithdraw},
		"correcting":    {ActResubmit, ActRefuse, ActWithdraw},
		"refused":       {ActRate},
		"withdrawn":     nil,
		"reviewing":     {ActReview, ActPause, ActWithdraw, ActVerifyOK, ActVerifyFailed},
		"reviewing-end": {ActPause, ActApprove, ActDeny, ActWithdraw, ActVerifyOK, ActVerifyFailed},
		"paused":        {ActResume, ActWithdraw, ActVerifyOK, ActVerifyFailed},
		"approved":      {ActIssue, ActVerifyOK, ActVerifyFailed},
		"denied":        {ActRate},
		"issued":        {ActDeliver, ActRate, ActVerifyOK, ActVerifyFailed},
		"delivered":     {ActRate, ActVerifyOK, ActVerifyFailed},
		"revoked":       nil,
		"rated":         {ActVerifyOK, ActVerifyFailed},
	}
	for name, want := range allowed {
		t.Run(name, func(t *testing.T) {
			base := inState(t, name)
			if got := stateActions(base.app); !slices.Equal(got, want) {
				t.Fatalf("state allows %v, want %v", got, want)
			}
			for _, act := range Actions {
				h := inState(t, name)
				state := h.app.State
				cmd, actor := validCommand(h, act, 0)
				err := h.try(cmd, actor, day0.Add(100*time.Hour))
				if slices.Contains(want, act) {
					if err != nil {
						t.Errorf("%s: got %v, want success", act, err)
					}
					continue
				}
				fe := wantCode(t, err, fault.Conflict)
				if !slices.Equal(fe.Allowed, want) || fe.Current != state || fe.Key != "application.state" {
					t.Errorf("%s: got allowed %v current %v, want %v %v", act, fe.Allowed, fe.Current, want, state)
				}
			}
		})
	}
}

// TestAuthorizationMatrix lists, for three states, what each kind of actor
// may do; everyone else's attempts are forbidden.
func TestAuthorizationMatrix(t *testing.T) {
	tests := []struct {
		state string
		want  map[string][]string // actor → allowed actions
	}{
		{"submitted", map[string][]string{
			"citizen": {ActWithdraw}, "clerk": {ActCorrect, ActAccept, ActRefuse, ActWithdraw}, "owner": {ActCorrect, ActRefuse},
		}},
		{"reviewing", map[string][]string{
			"citizen": {ActWithdraw}, "clerk": {ActWithdraw}, "owner": {ActReview, ActPause, ActVerifyOK, ActVerifyFailed},
		}},
		{"issued", map[string][]string{
			"citizen": {ActRate}, "clerk": {ActDeliver}, "owner": {ActVerifyOK, ActVerifyFailed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			h := inState(t, tt.state)
			owner := h.app.OwnerUnitID
			actors := map[string]Actor{
				"citizen":        citizen(enterprise),
				"other citizen":  citizen(person),
				"anonymous":      {Role: RoleCitizen},
				"clerk":          clerkLeague,
				"other clerk":    clerkZuoqi,
				"owner":          approver(owner),
				"other approver": approver(owner + 1),
				"leader":         leader,
				"admin":          {StaffID: 1, UnitID: hallLeague, Role: "admin"},
				"handler":        {StaffID: 2, UnitID: owner, Role: "handler"},
			}
			for name, actor := range actors {
				if got := Allowed(h.app, actor); !slices.Equal(got, tt.want[name]) {
					t.Errorf("%s: allowed %v, want %v", name, got, tt.want[name])
				}
				for _, act := range stateActions(h.app) {
					if slices.Contains(tt.want[name], act) {
						continue
					}
					cmd, _ := validCommand(h, act, 0)
					_, err := Decide(h.app, cmd, actor, day0.Add(100*time.Hour), h.env)
					wantCode(t, err, fault.Forbidden)
				}
			}
		})
	}
}

// TestReplayEqualsDecideApply drives applications through random sequences
// of actions by random actors and checks, after every step, that
//   - Decide refuses for state or permission exactly the actions Allowed omits,
//   - replaying the events so far gives the state built step by step,
//   - Apply left a copy of the previous state untouched,
//
// and at the end that the events survive sealing, JSON storage and
// eventlog.Verify and replay to the same state.
func TestReplayEqualsDecideApply(t *testing.T) {
	it := demoItem(t, foodLicence)
	reached := map[State]int{}
	defer func() {
		for _, s := range []State{Submitted, Correcting, Refused, Reviewing, Paused, Approved, Denied, Issued, Delivered, Withdrawn, Revoked} {
			if reached[s] == 0 {
				t.Errorf("no random run reached %s; the test does not cover it", s)
			}
		}
		t.Logf("states reached: %v", reached)
	}()
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 99))
		h := newHarness(t)
		now := day0
		mats := required(it, premises)
		if r.IntN(3) == 0 {
			mats = mats[:r.IntN(len(mats))] // incomplete: corrections follow
		}
		h.do(Submit{No: "R1", ItemCode: it.Code, Applicant: enterprise, Channel: Online, AcceptUnitID: hallLeague, AcceptRegion: rLeague, Materials: mats},
			citizen(enterprise), now)
		for range 40 {
			reached[h.app.State]++
			now = now.Add(time.Duration(r.IntN(48*60)) * time.Minute)
			act := Actions[r.IntN(len(Actions))]
			if r.IntN(3) > 0 {
				// Mostly pick something the state allows, and mostly not
				// an action that ends the application, so runs go far.
				acts := stateActions(h.app)
				if r.IntN(6) > 0 {
					acts = slices.DeleteFunc(acts, func(a string) bool {
						return a == ActWithdraw || a == ActRefuse || a == ActDeny || a == ActVerifyFailed
					})
				}
				if len(acts) > 0 {
					act = acts[r.IntN(len(acts))]
				}
			}
			cmd, actor := validCommand(h, act, r.IntN(10))
			switch r.IntN(8) {
			case 0:
				actor = []Actor{clerkZuoqi, approver(h.app.OwnerUnitID + 1), citizen(person), leader}[r.IntN(4)]
			case 1:
				cmd = invalidCommand(act, cmd)
			}
			before := *h.app
			prev, _ := Replay(h.events)
			allowed := slices.Contains(Allowed(h.app, actor), act)
			err := h.try(cmd, actor, now)
			code := fault.CodeOf(err)
			var list fault.List
			if errors.As(err, &list) {
				code = fault.Invalid
			}
			switch {
			case allowed && err != nil && code != fault.Invalid && !(act == ActRate && code == fault.Conflict):
				t.Fatalf("seed %d: %s allowed for %s but Decide says %v", seed, act, actor.Role, err)
			case !allowed && code != fault.Conflict && code != fault.Forbidden:
				t.Fatalf("seed %d: %s not allowed for %s in %s but Decide says %v", seed, act, actor.Role, before.State, err)
			}
			if !reflect.DeepEqual(before, *prev) {
				t.Fatalf("seed %d: %s changed a copy of the previous state", seed, act)
			}
			got, err := Replay(h.events)
			if err != nil {
				t.Fatalf("seed %d: replay: %v", seed, err)
			}
			if !reflect.DeepEqual(got, h.app) {
				t.Fatalf("seed %d after %s:\nreplay %+v\nstep   %+v", seed, act, got, h.app)
			}
		}
		stored := storeAndLoad(t, h.events)
		if err := eventlog.Verify(stored); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		got, err := Replay(stored)
		if err != nil || !reflect.DeepEqual(got, h.app) {
			t.Fatalf("seed %d: replay from storage: %v\n%+v\n%+v", seed, err, got, h.app)
		}
	}
}

// invalidCommand spoils the data of a command where that is possible.
func invalidCommand(act string, cmd Command) Command {
	switch act {
	case ActRefuse:
		return Refuse{}
	case ActPause:
		return PauseClock{Reason: "coffee"}
	case ActDeny:
		return Deny{}
	case ActIssue:
		return Issue{}
	case ActDeliver:
		return Deliver{Method: "pigeon"}
	case ActRate:
		return Rate{Channel: App, Score: 9}
	case ActVerifyFailed:
		return VerifyFailed{}
	case ActAccept:
		return Accept{Promise: []string{"营业执照"}}
	case ActResubmit:
		return Resubmit{}
	}
	return cmd
}

// storeAndLoad seals the events as storage does and round-trips them
// through JSON, as a database row would.
func storeAndLoad(t testing.TB, events []eventlog.Event) []eventlog.Event {
	t.Helper()
	prev := ""
	sealed := make([]eventlog.Event, len(events))
	for i, e := range events {
		e.Seq = int64(i + 1)
		e.Seal(prev)
		prev = e.Hash
		sealed[i] = e
	}
	b, err := json.Marshal(sealed)
	if err != nil {
		t.Fatal(err)
	}
	var out []eventlog.Event
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestApplyRejectsCorruptStreams(t *testing.T) {
	h := inState(t, "issued")
	events := storeAndLoad(t, h.events)
	tests := []struct {
		name   string
		events []eventlog.Event
	}{
		{"gap", append(slices.Clone(events[:2]), events[3:]...)},
		{"reordered", []eventlog.Event{events[0], events[2], events[1]}},
		{"unknown type", []eventlog.Event{events[0], {Type: "teleport", Payload: []byte("{}")}}},
		{"bad payload", []eventlog.Event{{Type: ActSubmit, Payload: []byte("{")}}},
		{"out of lifecycle", []eventlog.Event{events[0], {Type: ActIssue, Payload: []byte(`{"certificate_no":"x"}`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Replay(tt.events); err == nil {
				t.Errorf("got no error")
			}
		})
	}
}
