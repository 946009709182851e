package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// fixture is a started app with the clients of the demo accounts.
type fixture struct {
	*apptest.App
	t        *testing.T
	agent    *apptest.Client
	disp     *apptest.Client
	handler  *apptest.Client // 阿左旗市场监管局
	town     *apptest.Client // 巴彦浩特镇
	gacha    *apptest.Client
	super    *apptest.Client
	category string
}

func newFixture(t *testing.T, st *storage.Store) *fixture {
	a := apptest.New(t, st)
	f := &fixture{App: a, t: t, agent: a.Login("agent"), disp: a.Login("dispatcher"), handler: a.Login("handler.zq.scjgj"),
		town: a.Login("handler.bhht"), gacha: a.Login("handler.gacha"), super: a.Login("supervisor")}
	var cats struct {
		Categories []storage.Category `json:"categories"`
	}
	f.agent.Do("GET", "/api/v1/categories", nil, 200).JSON(&cats)
	if len(cats.Categories) == 0 {
		t.Fatal("no categories loaded")
	}
	f.category = cats.Categories[len(cats.Categories)-1].Code
	return f
}

type orderResp struct {
	Order struct {
		No            string
		Version       int
		State         string
		Problem       bool
		RehandleCount int
		MergedInto    string
		Assignments   []struct {
			ID       int64     `json:"id"`
			UnitID   int64     `json:"unit_id"`
			ParentID int64     `json:"parent_id"`
			State    string    `json:"state"`
			ReplyDue time.Time `json:"reply_due"`
		}
		Caller struct {
			Name  string `json:"name"`
			Phone string `json:"phone"`
		}
	} `json:"order"`
	Allowed []string `json:"allowed"`
	History []struct {
		Type string `json:"type"`
	} `json:"history"`
}

func (f *fixture) register(typ string, extra map[string]any) string {
	body := map[string]any{"channel": "phone", "caller": map[string]any{"name": "张三", "phone": "13800138000", "lang": "zh"},
		"title": "小区供暖不热", "description": "巴彦浩特镇某小区连续三天暖气不热，请尽快处理。", "type": typ,
		"category": f.category, "region_code": "152921110000"}
	for k, v := range extra {
		body[k] = v
	}
	var r orderResp
	f.agent.Do("POST", "/api/v1/orders", body, http.StatusCreated).JSON(&r)
	if r.Order.State != "registered" || len(r.Order.No) != 14 {
		f.t.Fatalf("registered order: %+v", r.Order)
	}
	return r.Order.No
}

func (f *fixture) act(c *apptest.Client, no, action string, body any, want int) orderResp {
	f.t.Helper()
	var r orderResp
	c.Do("POST", "/api/v1/orders/"+no+"/"+action, body, want).JSON(&r)
	return r
}

func (f *fixture) state(no string) orderResp {
	f.t.Helper()
	var r orderResp
	f.disp.Do("GET", "/api/v1/orders/"+no, nil, 200).JSON(&r)
	return r
}

func (f *fixture) wantState(no, want string) orderResp {
	f.t.Helper()
	r := f.state(no)
	if r.Order.State != want {
		f.t.Fatalf("order %s: state %s, want %s (allowed %v)", no, r.Order.State, want, r.Allowed)
	}
	return r
}

// TestLifecycle walks orders through every path of DOMAIN.md §4 over the
// HTTP API, on SQLite and PostgreSQL.
func TestLifecycle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		zqSCJ := f.Units[demo.DeptCode("152921000000", "scjgj")]
		zqRSJ := f.Units[demo.DeptCode("152921000000", "rsj")]
		bhht := f.Units["office-152921110000"]

		section(t, "direct answer", func() {
			no := f.register("consult", nil)
			f.act(f.agent, no, "answer", map[string]any{"answer": "供暖投诉请拨打热力公司电话。"}, 200)
			f.wantState(no, "answered")
		})
		section(t, "emergency", func() {
			no := f.register("help", nil)
			f.act(f.agent, no, "emergency", map[string]any{"service": "119", "note": "火情"}, 200)
			f.wantState(no, "emergency")
			f.act(f.agent, no, "emergency", map[string]any{"service": "120"}, http.StatusConflict)
		})
		section(t, "decline", func() {
			no := f.register("complaint", nil)
			f.act(f.agent, no, "decline", map[string]any{"reason": "已进入诉讼程序"}, 200)
			f.wantState(no, "declined")
		})
		section(t, "full chain with sub-dispatch", func() {
			no := f.register("complaint", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ, "assist": []int64{zqRSJ}}, 200)
			f.wantState(no, "dispatched")
			// A unit that was not sent the order cannot see it.
			f.town.Do("GET", "/api/v1/orders/"+no, nil, http.StatusNotFound)
			f.act(f.handler, no, "sign", nil, 200)
			f.wantState(no, "handling")
			f.act(f.handler, no, "sub_dispatch", map[string]any{"unit": bhht, "note": "请镇里核实"}, 200)
			f.act(f.town, no, "sign", nil, 200)
			gacha := f.Units[firstCommittee(f)]
			f.act(f.town, no, "sub_dispatch", map[string]any{"unit": gacha}, 200)
			f.act(f.gacha, no, "sign", nil, 200)
			f.act(f.gacha, no, "reply", map[string]any{"text": "嘎查已上门查看，系管道堵塞。"}, 200)
			f.act(f.town, no, "reply", map[string]any{"text": "镇里已协调热力公司疏通。"}, 200)
			f.act(f.handler, no, "reply", map[string]any{"text": "已处理完毕，暖气恢复。"}, 200)
			f.wantState(no, "replied")
			f.act(f.disp, no, "review", map[string]any{"accept": true}, 200)
			f.wantState(no, "callback")
			f.act(f.disp, no, "callback", map[string]any{"reached": true, "resolved": true, "satisfaction": 5}, 200)
			r := f.wantState(no, "closed")
			if len(r.History) < 12 {
				t.Fatalf("history has %d events, want every action", len(r.History))
			}
		})
		section(t, "review sends back", func() {
			no := f.register("help", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			f.act(f.handler, no, "sign", nil, 200)
			f.act(f.handler, no, "reply", map[string]any{"text": "已处理"}, 200)
			f.act(f.disp, no, "review", map[string]any{"accept": false, "reason": "答复过于简单"}, 200)
			f.wantState(no, "handling")
		})
		section(t, "return and redispatch, return refused", func() {
			no := f.register("complaint", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqRSJ}, 200)
			f.act(f.disp, no, "return", map[string]any{"reason": "x"}, http.StatusForbidden)
			f.act(f.Login("handler.zq.scjgj"), no, "return", map[string]any{"reason": "不是本单位"}, http.StatusNotFound)
			no2 := f.register("complaint", nil)
			f.act(f.disp, no2, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			f.act(f.handler, no2, "return", map[string]any{"reason": "不属于市场监管职责"}, 200)
			f.wantState(no2, "returned")
			f.act(f.disp, no2, "redispatch", map[string]any{"lead": bhht}, 200)
			f.wantState(no2, "dispatched")
			f.act(f.town, no2, "return", map[string]any{"reason": "应由旗里处理"}, 200)
			f.act(f.disp, no2, "refuse_return", map[string]any{"reason": "属地管理，请镇里办理"}, 200)
			r := f.state(no2)
			if r.Order.State == "returned" {
				t.Fatalf("after refusing the return the order is still returned")
			}
			f.act(f.town, no2, "return", map[string]any{"reason": "again"}, http.StatusConflict)
		})
		section(t, "extension", func() {
			no := f.register("complaint", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			f.act(f.handler, no, "sign", nil, 200)
			before := f.state(no).Order.Assignments[0].ReplyDue
			f.act(f.handler, no, "request_extension", map[string]any{"days": 5, "reason": "需要现场检测"}, 200)
			f.act(f.disp, no, "decide_extension", map[string]any{"approve": true, "days": 5}, 200)
			after := f.state(no).Order.Assignments[0].ReplyDue
			if !after.After(before.Add(4 * 24 * time.Hour)) {
				t.Fatalf("reply due %v after a 5-day extension, was %v", after, before)
			}
			f.act(f.handler, no, "request_extension", map[string]any{"days": 3, "reason": "还需要时间"}, 200)
			f.act(f.disp, no, "decide_extension", map[string]any{"approve": false, "reason": "不予延期"}, 200)
			if got := f.state(no).Order.Assignments[0].ReplyDue; !got.Equal(after) {
				t.Fatalf("refused extension moved the deadline: %v → %v", after, got)
			}
		})
		section(t, "suspension", func() {
			no := f.register("help", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			f.act(f.handler, no, "sign", nil, 200)
			before := f.state(no).Order.Assignments[0].ReplyDue
			f.act(f.handler, no, "request_suspension", map[string]any{"reason": "等待市民补充材料"}, 200)
			f.act(f.disp, no, "decide_suspension", map[string]any{"approve": true}, 200)
			f.Advance(24 * time.Hour) // Monday 09:00 → Tuesday 09:00: a full working day
			f.act(f.disp, no, "resume", nil, 200)
			after := f.state(no).Order.Assignments[0].ReplyDue
			if !after.After(before) {
				t.Fatalf("reply due %v after a suspension, was %v", after, before)
			}
		})
		section(t, "three re-handlings make a problem order", func() {
			no := f.register("complaint", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			for i := 1; i <= 3; i++ {
				f.act(f.handler, no, "sign", nil, 200)
				f.act(f.handler, no, "reply", map[string]any{"text": fmt.Sprintf("第%d次答复", i)}, 200)
				f.act(f.disp, no, "review", map[string]any{"accept": true}, 200)
				f.act(f.disp, no, "callback", map[string]any{"reached": true, "resolved": false, "satisfaction": 1}, 200)
				r := f.act(f.disp, no, "rehandle", map[string]any{"lead": zqSCJ, "reason": "市民不满意"}, 200)
				if r.Order.RehandleCount != i || r.Order.Problem != (i == 3) {
					t.Fatalf("after re-handling %d: count %d problem %v", i, r.Order.RehandleCount, r.Order.Problem)
				}
			}
			f.act(f.super, no, "supervise", map[string]any{"note": "提级督办"}, 200)
			f.act(f.super, no, "urge", map[string]any{"note": "请加快办理"}, 200)
			f.act(f.disp, no, "close", map[string]any{"reason": "经研判，诉求已无法解决，予以销号"}, 200)
			f.wantState(no, "closed")
		})
		section(t, "callback unreachable three times", func() {
			no := f.register("consult", nil)
			f.act(f.disp, no, "dispatch", map[string]any{"lead": zqSCJ}, 200)
			f.act(f.handler, no, "sign", nil, 200)
			f.act(f.handler, no, "reply", map[string]any{"text": "已答复"}, 200)
			f.act(f.disp, no, "review", map[string]any{"accept": true}, 200)
			for i := 0; i < 3; i++ {
				f.act(f.disp, no, "callback", map[string]any{"reached": false}, 200)
			}
			f.wantState(no, "closed")
		})
		section(t, "merge duplicates", func() {
			master := f.register("complaint", nil)
			dup := f.register("complaint", nil)
			f.act(f.agent, dup, "note", map[string]any{"text": "与前一工单重复", "internal": true}, 200)
			f.act(f.disp, dup, "merge", map[string]any{"master": master}, 200)
			r := f.wantState(dup, "merged")
			if r.Order.MergedInto != master {
				t.Fatalf("merged into %q, want %s", r.Order.MergedInto, master)
			}
			f.act(f.disp, dup, "merge", map[string]any{"master": master}, http.StatusConflict)
		})
	})
}

func firstCommittee(f *fixture) string {
	var codes []string
	for code := range f.Units {
		if strings.HasPrefix(code, "committee-152921110") {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	return codes[0]
}

// section labels a part of a long scenario; the scenario stops at the first
// failure because later parts build on the same fixture.
func section(t *testing.T, name string, fn func()) {
	t.Helper()
	t.Logf("--- %s", name)
	fn()
}
