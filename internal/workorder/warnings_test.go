package workorder

import (
	"fmt"
	"testing"
	"time"
)

func warningList(ws []Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, fmt.Sprintf("%s:%d:%s", w.Period, w.AssignmentID, w.Level))
	}
	return out
}

func TestWarnings(t *testing.T) {
	type probe struct {
		at   time.Time
		want []string
	}
	dispatchAt9 := func(w *world) { w.do(dispatcher, Dispatch{Lead: 20}) }
	signed := func(w *world) { w.do(dispatcher, Dispatch{Lead: 20}).after(30*time.Minute).do(handler(20), Sign{}) }
	suspendTuesday := func(w *world) {
		signed(w)
		w.do(handler(20), RequestSuspension{Reason: "等待材料"})
		w.at(clock(0, 18, 0)).do(dispatcher, DecideSuspension{Approve: true})
		w.at(clock(2, 8, 30)).do(dispatcher, Resume{})
	}
	urgent := func(w *world) {
		r := validRegister(testNo)
		r.Urgency = UrgencyUrgent
		w.o, w.events = nil, nil
		w.at(clock(0, 17, 0)).do(agent, r).do(dispatcher, Dispatch{Lead: 20}).at(clock(0, 17, 30)).do(handler(20), Sign{})
	}
	tests := []struct {
		name   string
		build  func(w *world)
		probes []probe
	}{
		{"dispatch period: 2 working hours", func(w *world) {}, []probe{
			{clock(0, 10, 29), []string{}},
			{clock(0, 10, 30), []string{"dispatch:0:yellow"}},
			{clock(0, 11, 0), []string{"dispatch:0:yellow"}},
			{clock(0, 11, 0).Add(time.Second), []string{"dispatch:0:red"}},
		}},
		{"sign period: 1 working day, 13.5 working hours", dispatchAt9, []probe{
			{clock(1, 14, 37), []string{}},
			{clock(1, 14, 37).Add(30 * time.Second), []string{"sign:1:yellow"}},
			{clock(1, 18, 0).Add(time.Second), []string{"sign:1:red"}},
		}},
		{"reply period: 3 working days, 27.5 working hours", signed, []probe{
			{clock(3, 8, 37), []string{}},
			{clock(3, 8, 37).Add(30 * time.Second), []string{"reply:1:yellow"}},
			{clock(3, 18, 0).Add(time.Second), []string{"reply:1:red"}},
		}},
		{"reply period with Tuesday suspended", suspendTuesday, []probe{
			{clock(3, 8, 37).Add(30 * time.Second), []string{}},
			{clock(4, 8, 37), []string{}},
			{clock(4, 8, 37).Add(30 * time.Second), []string{"reply:1:yellow"}},
			{clock(4, 18, 0), []string{"reply:1:yellow"}},
			{clock(4, 18, 0).Add(time.Second), []string{"reply:1:red"}},
		}},
		{"clock stands still while suspended", func(w *world) {
			signed(w)
			w.do(handler(20), RequestSuspension{Reason: "等待"}).at(clock(0, 18, 0)).do(dispatcher, DecideSuspension{Approve: true})
		}, []probe{
			{clock(4, 20, 0), []string{}},
			{clock(30, 9, 0), []string{}},
		}},
		{"suspended when already overdue stays red", func(w *world) {
			signed(w)
			w.at(clock(4, 9, 0)).do(handler(20), RequestSuspension{Reason: "等待"}).do(dispatcher, DecideSuspension{Approve: true})
		}, []probe{
			{clock(7, 9, 0), []string{"reply:1:red"}},
		}},
		{"callback period: 1 working day after acceptance", func(w *world) {
			signed(w)
			w.do(handler(20), Reply{Text: "已办"}).at(clock(0, 10, 0)).do(dispatcher, Review{Accept: true})
		}, []probe{
			{clock(1, 14, 52), []string{}},
			{clock(1, 14, 52).Add(30 * time.Second), []string{"callback:1:yellow"}},
			{clock(1, 18, 0).Add(time.Second), []string{"callback:1:red"}},
		}},
		{"urgent reply: 24 calendar hours", urgent, []probe{
			{clock(1, 10, 59), []string{}},
			{clock(1, 11, 0), []string{"reply:1:yellow"}},
			{clock(1, 17, 0).Add(time.Second), []string{"reply:1:red"}},
		}},
		{"urgent reply suspended 12 calendar hours overnight", func(w *world) {
			urgent(w)
			w.do(handler(20), RequestSuspension{Reason: "夜间无法入户"}).at(clock(0, 18, 0)).do(dispatcher, DecideSuspension{Approve: true})
			w.at(clock(1, 6, 0)).do(handler(20), Resume{})
			eq(w.t, "pushed by calendar time", w.o.ReplyDue(), ut(clock(2, 5, 0)))
		}, []probe{
			{clock(1, 22, 59), []string{}},
			{clock(1, 23, 0), []string{"reply:1:yellow"}},
			{clock(2, 5, 0).Add(time.Second), []string{"reply:1:red"}},
		}},
		{"unsigned assignment warns for both periods", dispatchAt9, []probe{
			{clock(3, 18, 0).Add(time.Second), []string{"sign:1:red", "reply:1:red"}},
		}},
		{"nothing once closed", func(w *world) { w.do(dispatcher, Close{Reason: "重复来电"}) }, []probe{
			{clock(30, 9, 0), []string{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			tt.build(w)
			for _, p := range tt.probes {
				got := warningList(w.o.Warnings(p.at, fakeCal{}))
				eq(t, p.at.Format(time.DateTime), got, p.want)
			}
		})
	}
}

// TestWarningsWithoutCalendar checks the fallback when the calendar cannot
// answer: red needs no calendar and is still reported.
func TestWarningsWithoutCalendar(t *testing.T) {
	w := newWorld(t).do(dispatcher, Dispatch{Lead: 20})
	eq(t, "yellow unknown", warningList(w.o.Warnings(clock(1, 15, 0), brokenCal{})), []string{})
	eq(t, "red", warningList(w.o.Warnings(clock(1, 18, 1), brokenCal{})), []string{"sign:1:red"})
}

type brokenCal struct{}

func (brokenCal) Deadline(time.Time, int) (time.Time, error) {
	return time.Time{}, fmt.Errorf("no schedule")
}
func (brokenCal) AddWorking(time.Time, time.Duration) (time.Time, error) {
	return time.Time{}, fmt.Errorf("no schedule")
}
func (brokenCal) WorkingTime(time.Time, time.Time) (time.Duration, error) {
	return 0, fmt.Errorf("no schedule")
}
