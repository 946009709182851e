package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/org"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// The accounts of the matrix: every demo role, plus a handler in another
// banner (额济纳旗) who must never see 阿拉善左旗's orders.
var matrixAccounts = []string{"admin", "agent", "dispatcher", "supervisor", "leader", "subcentre.zq", "handler.scjgj",
	"handler.zq.scjgj", "head.zq.scjgj", "handler.bhht", "handler.gacha", "window", "approver", "handler.ej.scjgj"}

// sees lists who may read an order of 阿拉善左旗 sent to its 市场监管局:
// the league centre, the banner's sub-centre and the assigned unit.
var sees = set("admin", "agent", "dispatcher", "supervisor", "leader", "subcentre.zq", "handler.zq.scjgj", "head.zq.scjgj")

// hotlineStaff may see callers of reports and confidential orders.
var hotlineStaff = set("admin", "agent", "dispatcher", "supervisor", "leader", "subcentre.zq")

func set(xs ...string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

var (
	centreDesk = set("agent", "dispatcher", "subcentre.zq")
	dispatch   = set("dispatcher", "subcentre.zq")
	leadUnit   = set("handler.zq.scjgj", "head.zq.scjgj")
)

// matrixCase is one action: the state an order must be brought to first,
// the body, and who may take it.
type matrixCase struct {
	action  string
	prepare []string // steps from a fresh registered order
	body    func(f *fixture) any
	who     map[string]bool
}

func matrixCases() []matrixCase {
	none := func(*fixture) any { return nil }
	dispatched := []string{"dispatch"}
	handling := []string{"dispatch", "sign"}
	replied := []string{"dispatch", "sign", "reply"}
	callback := []string{"dispatch", "sign", "reply", "accept"}
	unsatisfied := []string{"dispatch", "sign", "reply", "accept", "callback"}
	returned := []string{"dispatch", "return"}
	extension := []string{"dispatch", "sign", "request_extension"}
	suspension := []string{"dispatch", "sign", "request_suspension"}
	suspended := []string{"dispatch", "sign", "request_suspension", "approve_suspension"}
	text := func(k, v string) func(*fixture) any { return func(*fixture) any { return map[string]any{k: v} } }
	return []matrixCase{
		{"answer", nil, text("answer", "已解答"), centreDesk},
		{"emergency", nil, text("service", "110"), centreDesk},
		{"decline", nil, text("reason", "不属于受理范围"), centreDesk},
		{"dispatch", nil, func(f *fixture) any { return map[string]any{"lead": f.zqSCJ()} }, centreDesk},
		{"sign", dispatched, none, leadUnit},
		{"return", dispatched, text("reason", "非本单位职责"), leadUnit},
		{"sub_dispatch", handling, func(f *fixture) any { return map[string]any{"unit": f.Units["office-152921110000"]} }, leadUnit},
		{"reply", handling, text("text", "已办理"), leadUnit},
		{"request_extension", handling, func(*fixture) any { return map[string]any{"days": 3, "reason": "需检测"} }, leadUnit},
		{"request_suspension", handling, text("reason", "等待材料"), leadUnit},
		{"decide_extension", extension, func(*fixture) any { return map[string]any{"approve": true, "days": 3} }, dispatch},
		{"decide_suspension", suspension, func(*fixture) any { return map[string]any{"approve": true} }, dispatch},
		{"resume", suspended, none, set("dispatcher", "subcentre.zq", "handler.zq.scjgj", "head.zq.scjgj")},
		{"redispatch", returned, func(f *fixture) any { return map[string]any{"lead": f.Units[demo.DeptCode("152921000000", "rsj")]} }, dispatch},
		{"refuse_return", returned, text("reason", "请按职责办理"), dispatch},
		{"review", replied, func(*fixture) any { return map[string]any{"accept": true} }, dispatch},
		{"callback", callback, func(*fixture) any { return map[string]any{"reached": true, "resolved": true, "satisfaction": 4} }, centreDesk},
		{"rehandle", unsatisfied, func(f *fixture) any { return map[string]any{"lead": f.zqSCJ(), "reason": "不满意"} }, dispatch},
		{"close", handling, text("reason", "研判销号"), dispatch},
		{"urge", handling, text("note", "请加快"), set("agent", "dispatcher", "subcentre.zq", "supervisor")},
		{"supervise", handling, text("note", "督办"), set("agent", "dispatcher", "subcentre.zq", "supervisor")},
		{"note", handling, text("text", "备注"), set("agent", "dispatcher", "subcentre.zq", "supervisor", "handler.zq.scjgj", "head.zq.scjgj")},
		{"merge", nil, func(f *fixture) any { return map[string]any{"master": f.register("complaint", nil)} }, dispatch},
		{"attach", handling, func(f *fixture) any { return map[string]any{"attachment": f.attachment()} }, set("agent", "dispatcher", "subcentre.zq", "supervisor", "handler.zq.scjgj", "head.zq.scjgj")},
	}
}

func (f *fixture) zqSCJ() int64 { return f.Units[demo.DeptCode("152921000000", "scjgj")] }

func (f *fixture) attachment() map[string]any {
	return map[string]any{"name": "photo.png", "content_type": "image/png", "size": 3,
		"sha256": strings.Repeat("ab", 32), "storage_key": strings.Repeat("ab", 32)}
}

// step brings an order one step further, as the right person.
func (f *fixture) step(no, s string) {
	f.t.Helper()
	switch s {
	case "dispatch":
		f.act(f.disp, no, "dispatch", map[string]any{"lead": f.zqSCJ()}, 200)
	case "sign":
		f.act(f.handler, no, "sign", nil, 200)
	case "reply":
		f.act(f.handler, no, "reply", map[string]any{"text": "已办理"}, 200)
	case "accept":
		f.act(f.disp, no, "review", map[string]any{"accept": true}, 200)
	case "callback":
		f.act(f.disp, no, "callback", map[string]any{"reached": true, "resolved": false, "satisfaction": 2}, 200)
	case "return":
		f.act(f.handler, no, "return", map[string]any{"reason": "非本单位职责"}, 200)
	case "request_extension":
		f.act(f.handler, no, "request_extension", map[string]any{"days": 3, "reason": "需检测"}, 200)
	case "request_suspension":
		f.act(f.handler, no, "request_suspension", map[string]any{"reason": "等待材料"}, 200)
	case "approve_suspension":
		f.act(f.disp, no, "decide_suspension", map[string]any{"approve": true}, 200)
	default:
		f.t.Fatalf("unknown step %s", s)
	}
}

// TestAuthorizationMatrix runs every action and read endpoint as every role,
// on an order in scope (阿拉善左旗) and one out of scope (额济纳旗), on both
// databases. In scope: 200 for the roles that may act, 403 for the others;
// out of scope: 404, so an order's existence does not leak.
func TestAuthorizationMatrix(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		ejUnit := f.Units[demo.DeptCode("152923000000", "scjgj")]
		hash, _ := org.HashPassword(demo.Password)
		if _, err := st.CreateStaff(context.Background(), org.Staff{Username: "handler.ej.scjgj", DisplayName: "额济纳旗市场监管局 承办人",
			Role: org.Handler, UnitID: ejUnit, Lang: "zh", Active: true}, hash); err != nil {
			t.Fatal(err)
		}
		clients := map[string]*apptest.Client{}
		for _, a := range matrixAccounts {
			clients[a] = f.Login(a)
		}
		// An order of 额济纳旗 sent to its own 市场监管局: out of scope for
		// everybody in 阿拉善左旗.
		var ej orderResp
		f.agent.Do("POST", "/api/v1/orders", map[string]any{"channel": "phone", "caller": map[string]any{"name": "乌云", "phone": "13947800000", "lang": "mn"},
			"title": "胡杨林景区门票价格", "description": "咨询胡杨林景区门票优惠政策。", "type": "consult", "category": f.category,
			"region_code": "152923100000"}, http.StatusCreated).JSON(&ej)
		f.act(f.disp, ej.Order.No, "dispatch", map[string]any{"lead": ejUnit}, 200)
		ejVisible := set("admin", "agent", "dispatcher", "supervisor", "leader", "handler.ej.scjgj")

		for _, c := range matrixCases() {
			for _, who := range matrixAccounts {
				no := f.register("complaint", nil)
				for _, s := range c.prepare {
					f.step(no, s)
				}
				want := http.StatusForbidden
				switch {
				case !sees[who], leadUnit[who] && len(c.prepare) == 0: // not sent to the unit yet
					want = http.StatusNotFound
				case c.who[who]:
					want = http.StatusOK
				}
				r := clients[who].Request("POST", "/api/v1/orders/"+no+"/"+c.action, c.body(f))
				if r.Status != want {
					t.Errorf("%s by %s on an order in scope: status %d, want %d: %s", c.action, who, r.Status, want, r.Body)
				}
				// Out of scope: never more than 404, whatever the action.
				if !ejVisible[who] {
					r := clients[who].Request("POST", "/api/v1/orders/"+ej.Order.No+"/"+c.action, c.body(f))
					if r.Status != http.StatusNotFound {
						t.Errorf("%s by %s on an order out of scope: status %d, want 404: %s", c.action, who, r.Status, r.Body)
					}
				}
			}
		}

		// Reads: the order itself, lists, caller history, admin endpoints.
		report := f.register("report", map[string]any{"caller": map[string]any{"name": "举报人王五", "phone": "13912345678", "lang": "zh"}})
		f.step(report, "dispatch")
		canRead := func(who string) bool { return who != "window" && who != "approver" }
		for _, who := range matrixAccounts {
			c := clients[who]
			for _, o := range []struct {
				no      string
				visible bool
			}{{report, sees[who]}, {ej.Order.No, ejVisible[who]}} {
				r := c.Request("GET", "/api/v1/orders/"+o.no, nil)
				if want := map[bool]int{true: 200, false: 404}[o.visible]; r.Status != want {
					t.Errorf("GET order by %s: %d, want %d", who, r.Status, want)
				}
				l := c.Request("GET", "/api/v1/orders?q="+o.no, nil)
				switch {
				case !canRead(who):
					if l.Status != http.StatusForbidden {
						t.Errorf("list by %s: %d, want 403", who, l.Status)
					}
				case l.Status != 200:
					t.Errorf("list by %s: %d %s", who, l.Status, l.Body)
				case strings.Contains(string(l.Body), o.no) != o.visible:
					t.Errorf("list by %s shows %s: %v, want %v", who, o.no, !o.visible, o.visible)
				}
			}
			// The reporter's identity: only the hotline centre sees it, on
			// every endpoint that returns the order.
			for _, path := range []string{"/api/v1/orders/" + report, "/api/v1/orders?q=" + report, "/api/v1/orders?type=report",
				"/api/v1/orders/export?format=csv&type=report"} {
				r := c.Request("GET", path, nil)
				if r.Status != 200 {
					continue
				}
				body := string(r.Body)
				leaked := strings.Contains(body, "举报人王五") || strings.Contains(body, "13912345678")
				if leaked != (hotlineStaff[who] && strings.Contains(body, report)) {
					t.Errorf("%s sees the reporter on %s: %v, want %v", who, path, leaked, hotlineStaff[who])
				}
			}
			r := c.Request("GET", "/api/v1/callers/13912345678/orders", nil)
			if want := map[bool]int{true: 200, false: 403}[hotlineStaff[who]]; r.Status != want {
				t.Errorf("caller history by %s: %d, want %d", who, r.Status, want)
			}
			for _, ep := range []struct{ method, path string }{{"GET", "/api/v1/deadline-overrides"}, {"PUT", "/api/v1/deadline-overrides"}} {
				body := any(nil)
				if ep.method == "PUT" {
					body = map[string]any{"category": f.category, "urgency": "normal", "limits": map[string]int{"DispatchHours": 2, "SignDays": 1,
						"UrgentSignHours": 2, "ReplyDays": 5, "UrgentReplyHours": 24, "CallbackDays": 1, "RehandleDays": 15}}
				}
				r := c.Request(ep.method, ep.path, body)
				if want := map[bool]int{true: 200, false: 403}[who == "admin"]; r.Status != want {
					t.Errorf("%s %s by %s: %d, want %d: %s", ep.method, ep.path, who, r.Status, want, r.Body)
				}
			}
			r = c.Request("POST", "/api/v1/orders", map[string]any{"channel": "phone", "caller": map[string]any{"anonymous": true, "lang": "zh"},
				"title": "t", "description": "d", "type": "consult", "category": f.category, "region_code": "152921110000"})
			if want := map[bool]int{true: 201, false: 403}[centreDesk[who]]; r.Status != want {
				t.Errorf("register by %s: %d, want %d: %s", who, r.Status, want, r.Body)
			}
		}
		// History shown to a unit never carries the reporter either.
		var got orderResp
		clients["handler.zq.scjgj"].Do("GET", "/api/v1/orders/"+report, nil, 200).JSON(&got)
		if got.Order.Caller.Phone != "" || got.Order.Caller.Name != "" || !slices.Contains(got.Allowed, "sign") {
			t.Errorf("unit view of a report: caller %+v, allowed %v", got.Order.Caller, got.Allowed)
		}
	})
}
