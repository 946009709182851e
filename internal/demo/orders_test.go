package demo

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tongban/internal/hotline"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/workday"
	"tongban/internal/workorder"
)

// testCategories stands in for the built-in category tree where Bootstrap
// does not load one.
var testCategories = []storage.Category{
	{Code: "C01", NameZH: "城乡建设", Active: true},
	{Code: "C01.01", Parent: "C01", NameZH: "冬季采暖", Active: true},
	{Code: "C01.02", Parent: "C01", NameZH: "自来水供应", Active: true},
	{Code: "C01.03", Parent: "C01", NameZH: "物业服务", Active: true},
	{Code: "C01.04", Parent: "C01", NameZH: "城市公共设施", Active: true},
	{Code: "C02", NameZH: "农村农业", Active: true},
	{Code: "C02.01", Parent: "C02", NameZH: "草原草场", Active: true},
	{Code: "C02.02", Parent: "C02", NameZH: "惠农补贴", Active: true},
	{Code: "C03", NameZH: "劳动和社会保障", Active: true},
	{Code: "C03.01", Parent: "C03", NameZH: "农民工权益", Active: true},
	{Code: "C03.02", Parent: "C03", NameZH: "社会保障卡", Active: true},
	{Code: "C04", NameZH: "市场监管", Active: true},
	{Code: "C04.01", Parent: "C04", NameZH: "食品安全", Active: true},
	{Code: "C04.02", Parent: "C04", NameZH: "物价监督", Active: true},
	{Code: "C05", NameZH: "其他", Active: true},
	{Code: "C05.01", Parent: "C05", NameZH: "其他", Active: true},
}

// setup prepares a store the way `tongban demo` does and returns the
// service over it.
func setup(t *testing.T, st *storage.Store) *hotline.Service {
	t.Helper()
	ctx := context.Background()
	if err := st.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	cs, err := st.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 0 {
		if err := st.ReplaceCategories(ctx, testCategories); err != nil {
			t.Fatal(err)
		}
	}
	if err := Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
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
	return svc
}

// testNow is a Friday afternoon in the heating season.
var testNow = time.Date(2026, 11, 20, 16, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestOrders(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		ctx := context.Background()
		svc := setup(t, st)
		sentinel := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
		svc.Now = func() time.Time { return sentinel }

		const n, days = 300, 90
		s, err := Orders(ctx, st, svc, testNow, n, days, 7)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v", s)
		if got := svc.Now(); !got.Equal(sentinel) {
			t.Errorf("svc.Now() = %v after Orders, want the caller's clock back (%v)", got, sentinel)
		}
		if s.Orders != n {
			t.Errorf("orders: got %d, want %d", s.Orders, n)
		}
		want := map[string][]string{
			"state":   {"registered", "answered", "emergency", "declined", "dispatched", "returned", "handling", "replied", "callback", "unsatisfied", "closed", "merged"},
			"type":    {"consult", "help", "complaint", "report", "suggestion"},
			"lang":    {"zh", "mn"},
			"channel": {"phone", "web", "app", "wechat", "sms", "email", "letter", "walkin", "platform", "transfer110"},
			"action": {"sign", "sub_dispatch", "return", "redispatch", "refuse_return", "request_extension", "decide_extension",
				"request_suspension", "decide_suspension", "resume", "reply", "review", "callback", "rehandle", "close", "urge", "supervise", "note"},
		}
		got := map[string]map[string]int{"state": s.ByState, "type": s.ByType, "lang": s.ByLang, "channel": s.ByChannel, "action": s.ByAction}
		for dim, keys := range want {
			for _, k := range keys {
				if got[dim][k] == 0 {
					t.Errorf("no order with %s %s (%v)", dim, k, got[dim])
				}
			}
		}
		if mn := float64(s.ByLang["mn"]) / float64(s.Orders); mn < 0.08 || mn > 0.25 {
			t.Errorf("Mongolian-speaking callers: %.0f%%, want about 15%%", 100*mn)
		}
		for _, c := range []struct {
			what string
			n    int
		}{
			{"sub-dispatched orders", s.SubDispatched}, {"orders at a town office", s.TownLevel},
			{"orders at a gacha/community committee", s.CommitteeLevel}, {"problem orders", s.Problem},
			{"orders with assisting units", s.Assisted}, {"urgent orders", s.Urgent}, {"confidential orders", s.Confidential},
			{"anonymous orders", s.Anonymous}, {"repeat callers", s.RepeatCallers}, {"overdue orders", s.Red},
		} {
			if c.n == 0 {
				t.Errorf("no %s", c.what)
			}
		}
		for _, lvl := range []string{"league_department", "banner_department", "town_office"} {
			if s.ByLead[lvl] == 0 {
				t.Errorf("no order led at %s (%v)", lvl, s.ByLead)
			}
		}
		for name, r := range map[string]float64{"response": s.Response, "on-time": s.OnTime, "resolution": s.Resolution, "satisfaction": s.Satisfaction} {
			if r < 0.7 || r > 0.99 {
				t.Errorf("%s rate %.2f, want a realistic 0.7–0.99", name, r)
			}
		}

		checked, err := st.VerifyOrderChains(ctx, func(no string, err error) { t.Errorf("order %s: broken chain: %v", no, err) })
		if err != nil {
			t.Fatal(err)
		}
		if checked != n {
			t.Errorf("verified %d chains, want %d", checked, n)
		}

		// Every event lies in the window and in order; order numbers and
		// list order follow registration time; the demo's texts are filled in.
		from := testNow.AddDate(0, 0, -days)
		var prev time.Time
		var before int64
		var rows []storage.OrderSummary
		for {
			page, next, err := st.ListOrders(ctx, storage.OrderFilter{ScopeAll: true, Limit: 200, Before: before})
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, page...)
			if next == 0 {
				break
			}
			before = next
		}
		prevNo := ""
		for i := len(rows) - 1; i >= 0; i-- { // oldest first
			o := rows[i].Order
			if o.Times.Registered.Before(prev) {
				t.Errorf("order %s registered at %v, before the order listed ahead of it (%v)", o.No, o.Times.Registered, prev)
			}
			prev = o.Times.Registered
			if o.No[:8] == prevNo[:min(8, len(prevNo))] && o.No < prevNo {
				t.Errorf("order %s numbered before %s but registered after it", o.No, prevNo)
			}
			prevNo = o.No
			if strings.Contains(o.Title+o.Description+o.ReplyText, "{") {
				t.Errorf("order %s has an unfilled placeholder: %s / %s / %s", o.No, o.Title, o.Description, o.ReplyText)
			}
			events, err := st.OrderEvents(ctx, o.No)
			if err != nil {
				t.Fatal(err)
			}
			last := time.Time{}
			for _, e := range events {
				if e.At.Before(from) || e.At.After(testNow) {
					t.Errorf("order %s: %s event at %v, outside [%v, %v]", o.No, e.Type, e.At, from, testNow)
				}
				if e.At.Before(last) {
					t.Errorf("order %s: %s event at %v, before the event ahead of it (%v)", o.No, e.Type, e.At, last)
				}
				last = e.At
			}
		}
	})
}

// TestOrdersDeterministic checks that a seed gives the same data set: the
// same orders with the same event chains.
func TestOrdersDeterministic(t *testing.T) {
	digest := func() map[string]string {
		st := storagetest.OpenSQLite(t)
		svc := setup(t, st)
		if _, err := Orders(context.Background(), st, svc, testNow, 120, 60, 42); err != nil {
			t.Fatal(err)
		}
		rows, _, err := st.ListOrders(context.Background(), storage.OrderFilter{ScopeAll: true, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rows {
			events, err := st.OrderEvents(context.Background(), r.Order.No)
			if err != nil {
				t.Fatal(err)
			}
			out[r.Order.No] = events[len(events)-1].Hash
		}
		return out
	}
	a, b := digest(), digest()
	if len(a) != 120 {
		t.Fatalf("got %d orders, want 120", len(a))
	}
	for no, h := range a {
		if b[no] != h {
			t.Errorf("order %s: last event hash %s in one run, %s in the other", no, h, b[no])
		}
	}
}

// TestOrdersAtTheEndOfTheCalendar checks the December before next year's
// holiday schedule is loaded: orders whose deadlines would fall in the
// missing year stop where the service would refuse them, and a window
// outside the calendar is refused before anything is written.
func TestOrdersAtTheEndOfTheCalendar(t *testing.T) {
	st := storagetest.OpenSQLite(t)
	svc := setup(t, st)
	ctx := context.Background()
	late := time.Date(2026, 12, 30, 10, 0, 0, 0, time.UTC) // 2027 has no schedule
	s, err := Orders(ctx, st, svc, late, 80, 30, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", s)
	if s.CalendarStops == 0 || s.ByState["closed"] == 0 {
		t.Errorf("at the end of the calendar: %d orders stopped and %d closed, want some of each", s.CalendarStops, s.ByState["closed"])
	}
	if _, err := st.VerifyOrderChains(ctx, func(no string, err error) { t.Errorf("order %s: %v", no, err) }); err != nil {
		t.Fatal(err)
	}

	st = storagetest.OpenSQLite(t)
	svc = setup(t, st)
	_, err = Orders(ctx, st, svc, time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), 10, 30, 1)
	if !errors.Is(err, workday.ErrNoSchedule) {
		t.Fatalf("Orders in a year without a schedule: got %v, want ErrNoSchedule", err)
	}
	rows, _, err := st.ListOrders(ctx, storage.OrderFilter{ScopeAll: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 {
		t.Errorf("Orders wrote %d orders before refusing", len(rows))
	}
}

// TestTexts checks the content tables: every placeholder is one the filler
// knows, every variant's replies exist, every text fits its field, and a
// topic with a direct answer can be asked as a consultation.
func TestTexts(t *testing.T) {
	known := map[string]bool{"{town}": true, "{place}": true, "{banner}": true, "{compound}": true, "{building}": true, "{road}": true,
		"{shop}": true, "{school}": true, "{month}": true, "{prevmonth}": true, "{people}": true, "{amount}": true, "{amount2}": true}
	placeholder := regexp.MustCompile(`\{[a-z0-9]+\}`)
	check := func(where, s string, reply bool) {
		for _, ph := range placeholder.FindAllString(s, -1) {
			if !known[ph] && !(reply && ph == "{unit}") {
				t.Errorf("%s: unknown placeholder %s in %q", where, ph, s)
			}
		}
	}
	keys := map[string]bool{}
	for _, tp := range topics {
		if keys[tp.key] {
			t.Errorf("topic %s appears twice", tp.key)
		}
		keys[tp.key] = true
		if len(tp.vars) == 0 || len(tp.replies) == 0 || len(tp.cats) == 0 || tp.dept == "" {
			t.Errorf("topic %s: needs variants, replies, category keywords and a department", tp.key)
		}
		consult := false
		for i, v := range tp.vars {
			where := tp.key + "/" + strconv.Itoa(i)
			consult = consult || v.typ == workorder.TypeConsult
			if utf8.RuneCountInString(v.title) > 40 || v.title == "" || v.desc == "" {
				t.Errorf("%s: title %q must be short and the description given", where, v.title)
			}
			check(where, v.title+v.desc, false)
			for _, r := range v.re {
				if r < 0 || r >= len(tp.replies) {
					t.Errorf("%s: reply %d of %d", where, r, len(tp.replies))
				}
			}
		}
		if tp.answer != "" && !consult {
			t.Errorf("topic %s has a direct answer but no consultation", tp.key)
		}
		for _, r := range tp.replies {
			check(tp.key+" reply", r, true)
		}
		for _, d := range append([]string{tp.dept, tp.alt}, tp.assist...) {
			found := false
			for _, dep := range Departments {
				found = found || dep.Key == d
			}
			if !found {
				t.Errorf("topic %s: no department %q", tp.key, d)
			}
		}
	}
	for _, e := range emergencies {
		check("emergency "+e.service, e.title+e.desc, false)
	}
	for _, d := range declines {
		check("decline", d.title+d.desc, false)
	}
}

// TestSeedOrdersOnce checks that `tongban demo` adds its orders only to a
// database that has none.
func TestSeedOrdersOnce(t *testing.T) {
	st := storagetest.OpenSQLite(t)
	svc := setup(t, st)
	ctx := context.Background()
	if _, err := Orders(ctx, st, svc, testNow, 5, 10, 1); err != nil {
		t.Fatal(err)
	}
	if err := SeedOrders(ctx, st, svc); err != nil {
		t.Fatal(err)
	}
	rows, _, err := st.ListOrders(ctx, storage.OrderFilter{ScopeAll: true, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Errorf("after SeedOrders on a database with 5 orders: %d orders, want 5", len(rows))
	}
}
