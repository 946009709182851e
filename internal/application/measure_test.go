package application

import (
	"reflect"
	"testing"
	"time"
)

func TestOnTime(t *testing.T) {
	legal, promised := at(2026, 3, 16, 18, 0), at(2026, 3, 5, 18, 0)
	accepted := at(2026, 3, 2, 10, 0)
	mk := func(state State, decided time.Time) *Application {
		return &Application{State: state, AcceptedAt: accepted, LegalDue: legal, PromisedDue: promised, DecidedAt: decided}
	}
	now := at(2026, 3, 10, 9, 0)
	apps := []*Application{
		mk(Issued, at(2026, 3, 4, 10, 0)),   // within both
		mk(Denied, at(2026, 3, 9, 10, 0)),   // late against the promise only
		mk(Approved, at(2026, 3, 5, 18, 0)), // exactly at the promised deadline: on time
		mk(Reviewing, time.Time{}),          // undecided, past the promise
		mk(Paused, time.Time{}),             // clocks stopped: not counted
		mk(Withdrawn, time.Time{}),          // withdrawn after acceptance: not counted
		{State: Submitted},                  // not accepted: not counted
	}
	got := OnTime(apps, now)
	want := OnTimeRates{Legal: Ratio{3, 3}, Promised: Ratio{2, 4}}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if v := got.Promised.Value(); v != 0.5 {
		t.Errorf("promised rate: got %v, want 0.5", v)
	}
	if v := (Ratio{}).Value(); v != 0 {
		t.Errorf("nothing due: got %v, want 0", v)
	}
}

func TestElapsedByItem(t *testing.T) {
	cal := testEnv().Calendar
	start := at(2026, 3, 2, 8, 30) // Monday, start of office hours
	mk := func(code string, workdays int, state State) *Application {
		end, _ := cal.AddWorking(start, time.Duration(workdays)*DefaultWorkday)
		a := &Application{Item: ItemSnapshot{Code: code}, State: state, AcceptedAt: start}
		if state == Denied {
			a.DecidedAt = end
		} else {
			a.IssuedAt = end
		}
		return a
	}
	var apps []*Application
	for _, d := range []int{10, 1, 3, 2, 4} {
		apps = append(apps, mk("A", d, Issued))
	}
	for _, d := range []int{4, 1, 2} {
		apps = append(apps, mk("B", d, Delivered))
	}
	apps = append(apps, mk("B", 3, Denied), &Application{Item: ItemSnapshot{Code: "B"}, State: Reviewing, AcceptedAt: start})
	// One application of A with a 2-day pause that does not count.
	paused := mk("C", 5, Issued)
	paused.Pauses = []Pause{{Working: 2 * DefaultWorkday}}
	apps = append(apps, paused)

	got, err := ElapsedByItem(apps, cal, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Stats{
		"A": {N: 5, Median: 3, P90: 10},  // nearest rank: the 5th of 5
		"B": {N: 4, Median: 2.5, P90: 4}, // even count: mean of the middle two
		"C": {N: 1, Median: 3, P90: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// Counted in 3.5-hour half days, the same times are twice as many days.
	got, _ = ElapsedByItem(apps[:5], cal, DefaultWorkday/2)
	if got["A"].Median != 6 {
		t.Errorf("half-day workday: got median %v, want 6", got["A"].Median)
	}
}
