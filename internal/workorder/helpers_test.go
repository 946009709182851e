package workorder

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tongban/internal/eventlog"
	"tongban/internal/fault"
)

// cst is China Standard Time. A fixed zone is enough here: China has no
// daylight saving time, and the real calendar is tested in its own package.
var cst = time.FixedZone("CST", 8*3600)

// fakeCal treats Monday to Friday 08:30–12:00 and 14:30–18:00 CST as working
// time and ignores holidays: enough to test deadlines in the domain.
type fakeCal struct{}

func day(t time.Time) time.Time {
	y, m, d := t.In(cst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, cst)
}

func workday(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func spans(d time.Time) [2][2]time.Time {
	at := func(h, m int) time.Time { return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	return [2][2]time.Time{{at(8, 30), at(12, 0)}, {at(14, 30), at(18, 0)}}
}

func (fakeCal) Deadline(t time.Time, n int) (time.Time, error) {
	d := day(t)
	for i := 0; i < n; {
		d = d.AddDate(0, 0, 1)
		if workday(d) {
			i++
		}
	}
	return d.Add(18 * time.Hour), nil
}

func (fakeCal) AddWorking(t time.Time, dur time.Duration) (time.Time, error) {
	if dur <= 0 {
		return t, nil
	}
	for d := day(t); ; d = d.AddDate(0, 0, 1) {
		if !workday(d) {
			continue
		}
		for _, s := range spans(d) {
			from := maxTime(s[0], t)
			if !from.Before(s[1]) {
				continue
			}
			if avail := s[1].Sub(from); dur <= avail {
				return from.Add(dur), nil
			} else {
				dur -= avail
			}
		}
	}
}

func (fakeCal) WorkingTime(from, to time.Time) (time.Duration, error) {
	var sum time.Duration
	for d := day(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		if !workday(d) {
			continue
		}
		for _, s := range spans(d) {
			a, b := maxTime(s[0], from), s[1]
			if to.Before(b) {
				b = to
			}
			if b.After(a) {
				sum += b.Sub(a)
			}
		}
	}
	return sum, nil
}

// fakeEnv is an organisation tree: the centre (1), top units 10…90 (league
// departments and banners) and, below any unit u, the units u*10+1 … u*10+3
// (towns, gachas), to any depth up to six digits.
type fakeEnv struct{ policy Policy }

func (fakeEnv) Calendar() Calendar { return fakeCal{} }
func (e fakeEnv) Policy() Policy {
	if e.policy != nil {
		return e.policy
	}
	return DefaultPolicy{}
}

func (fakeEnv) UnitExists(u int64) bool {
	switch {
	case u == 1:
		return true
	case u >= 10 && u <= 90:
		return u%10 == 0
	case u >= 100 && u < 1_000_000:
		k := u % 10
		return k >= 1 && k <= 3 && fakeEnv{}.UnitExists(u/10)
	}
	return false
}

func (e fakeEnv) IsBelow(anc, u int64) bool {
	if !e.UnitExists(u) || !e.UnitExists(anc) {
		return false
	}
	for u >= 100 {
		u /= 10
		if u == anc {
			return true
		}
	}
	return false
}

var (
	agent      = Actor{StaffID: 501, UnitID: 1, Role: RoleAgent, Centre: true}
	dispatcher = Actor{StaffID: 502, UnitID: 1, Role: RoleDispatcher, Centre: true}
	supervisor = Actor{StaffID: 503, UnitID: 2, Role: RoleSupervisor}
	leader     = Actor{StaffID: 504, UnitID: 3, Role: RoleLeader}
	admin      = Actor{StaffID: 505, UnitID: 1, Role: RoleAdmin, Centre: true}
	sweeper    = Actor{Role: RoleSystem}
	citizen    = Actor{Role: RoleCitizen}
)

func handler(unit int64) Actor { return Actor{StaffID: 1000 + unit, UnitID: unit, Role: RoleHandler} }
func head(unit int64) Actor    { return Actor{StaffID: 2000 + unit, UnitID: unit, Role: RoleUnitHead} }

// monday is Monday 2 March 2026, 09:00 CST.
var monday = time.Date(2026, 3, 2, 9, 0, 0, 0, cst)

func clock(dayOffset, h, m int) time.Time {
	return time.Date(2026, 3, 2+dayOffset, h, m, 0, 0, cst)
}

const testNo = "20260302000123"

func validRegister(no string) Register {
	return Register{
		No:          no,
		Channel:     ChannelPhone,
		Caller:      Caller{Name: "巴特尔", Phone: "138 0013 8000", Lang: LangMn},
		Title:       "小区供暖不热",
		Description: "阿拉善左旗巴彦浩特镇某小区供暖温度低于16度，已持续一周。",
		Type:        TypeConsult,
		Category:    "public.heating",
		Address:     "巴彦浩特镇某小区3号楼",
		RegionCode:  "152921100000",
	}
}

func validAttachment(name string) Attachment {
	return Attachment{
		Name: name, ContentType: "image/jpeg", Size: 1024,
		SHA256:     strings.Repeat("ab", 32),
		StorageKey: "blobs/" + name,
	}
}

// world is one order under test, stored the way storage stores it: each
// accepted event gets its sequence number and is sealed into the chain.
type world struct {
	t      testing.TB
	env    fakeEnv
	o      *Order
	events []eventlog.Event
	now    time.Time
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, now: monday}
	w.do(agent, validRegister(testNo))
	return w
}

// at moves the clock to t.
func (w *world) at(t time.Time) *world { w.now = t; return w }

// after moves the clock on by d.
func (w *world) after(d time.Duration) *world { w.now = w.now.Add(d); return w }

// try decides and, on success, stores and applies the events.
func (w *world) try(a Actor, c Command) error {
	w.t.Helper()
	var before Order
	if w.o != nil {
		before = w.o.Clone()
	}
	evs, err := Decide(w.o, c, a, w.now, w.env)
	if w.o != nil && !reflect.DeepEqual(before, *w.o) {
		w.t.Fatalf("Decide(%s) changed the order it was given", c.Action())
	}
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		w.t.Fatalf("Decide(%s) returned no events and no error", c.Action())
	}
	if w.o == nil {
		w.o = &Order{}
	}
	for _, e := range evs {
		prev := ""
		if n := len(w.events); n > 0 {
			prev = w.events[n-1].Hash
		}
		e.Seq = int64(len(w.events) + 1)
		e.Seal(prev)
		if err := Apply(w.o, e); err != nil {
			w.t.Fatalf("Apply(%s): %v", e.Type, err)
		}
		w.events = append(w.events, e)
	}
	return nil
}

// do is try that must succeed.
func (w *world) do(a Actor, c Command) *world {
	w.t.Helper()
	if err := w.try(a, c); err != nil {
		w.t.Fatalf("%s by %s at %s: %v", c.Action(), a.Role, w.now.Format(time.DateTime), err)
	}
	return w
}

// state checks the order's state.
func (w *world) state(want State) *world {
	w.t.Helper()
	if w.o.State != want {
		w.t.Fatalf("state: got %v, want %v", w.o.State, want)
	}
	return w
}

func (w *world) assignment(id int64) *Assignment {
	w.t.Helper()
	a := w.o.Assignment(id)
	if a == nil {
		w.t.Fatalf("no assignment %d", id)
	}
	return a
}

func (w *world) assignState(id int64, want AssignmentState) *world {
	w.t.Helper()
	if got := w.assignment(id).State; got != want {
		w.t.Fatalf("assignment %d state: got %v, want %v", id, got, want)
	}
	return w
}

// code returns the fault code of err, or "" for nil.
func code(err error) fault.Code {
	if err == nil {
		return ""
	}
	return fault.CodeOf(err)
}

func fields(err error) []string {
	var out []string
	var l fault.List
	if errors.As(err, &l) {
		for _, e := range l {
			out = append(out, e.Field)
		}
		return out
	}
	if fe := fault.As(err); fe != nil {
		out = append(out, fe.Field)
	}
	return out
}

func eq(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func mustConflict(t testing.TB, err error, action string) *fault.Error {
	t.Helper()
	fe := fault.As(err)
	if fe == nil || fe.Code != fault.Conflict {
		t.Fatalf("%s: got %v, want a conflict", action, err)
	}
	if slices.Contains(fe.Allowed, action) {
		t.Fatalf("%s: conflict lists the refused action as allowed: %v", action, fe.Allowed)
	}
	return fe
}

func (w *world) String() string {
	return fmt.Sprintf("order %s %s v%d", w.o.No, w.o.State, w.o.Version)
}
