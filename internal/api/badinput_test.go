package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tongban/internal/apptest"

	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

// TestBadInput sends invalid requests and expects a 4xx whose error names
// the field, and no change to what is stored.
func TestBadInput(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		no := f.register("complaint", nil)
		f.act(f.disp, no, "dispatch", map[string]any{"lead": f.zqSCJ()}, 200)
		valid := func(over map[string]any) map[string]any {
			b := map[string]any{"channel": "phone", "caller": map[string]any{"name": "张三", "phone": "13800138000", "lang": "zh"},
				"title": "标题", "description": "内容", "type": "help", "category": f.category, "region_code": "152921110000"}
			for k, v := range over {
				b[k] = v
			}
			return b
		}
		caller := func(phone string) map[string]any {
			return map[string]any{"caller": map[string]any{"name": "张三", "phone": phone, "lang": "zh"}}
		}
		big := strings.Repeat("长", 1<<19) // 1.5 MiB of UTF-8
		tests := []struct {
			name, method, path string
			body               any
			status             int
			field              string
		}{
			{"unknown field", "POST", "/api/v1/orders", valid(map[string]any{"colour": "red"}), 400, "colour"},
			{"malformed JSON", "POST", "/api/v1/orders", `{"title": "x",`, 400, "body"},
			{"wrong JSON type", "POST", "/api/v1/orders", valid(map[string]any{"title": 5}), 400, "title"},
			{"body too large", "POST", "/api/v1/orders", valid(map[string]any{"description": big}), 413, ""},
			{"short code as phone", "POST", "/api/v1/orders", valid(caller("12345")), 400, "caller.phone"},
			{"foreign phone", "POST", "/api/v1/orders", valid(caller("+14155550100")), 400, "caller.phone"},
			{"title too long", "POST", "/api/v1/orders", valid(map[string]any{"title": strings.Repeat("题", 201)}), 400, "title"},
			{"bad type", "POST", "/api/v1/orders", valid(map[string]any{"type": "gossip"}), 400, "type"},
			{"bad channel", "POST", "/api/v1/orders", valid(map[string]any{"channel": "pigeon"}), 400, "channel"},
			{"bad region code", "POST", "/api/v1/orders", valid(map[string]any{"region_code": "1529"}), 400, "region_code"},
			{"unknown region", "POST", "/api/v1/orders", valid(map[string]any{"region_code": "152921999999"}), 400, "region_code"},
			{"unknown category", "POST", "/api/v1/orders", valid(map[string]any{"category": "C99.99"}), 400, "category"},
			{"number given by client", "POST", "/api/v1/orders", valid(map[string]any{"no": "20260601000001"}), 400, "no"},
			{"unknown unit", "POST", "/api/v1/orders/" + no + "/redispatch", map[string]any{"lead": 999999}, 409, ""},
			{"unknown action", "POST", "/api/v1/orders/" + no + "/teleport", nil, 404, ""},
			{"bad order number", "GET", "/api/v1/orders/12345", nil, 400, "no"},
			{"unknown order", "GET", "/api/v1/orders/20260601999999", nil, 404, ""},
			{"extension days", "POST", "/api/v1/orders/" + no + "/sign", `{"extra": 1}`, 400, "extra"},
			{"bad state filter", "GET", "/api/v1/orders?state=lost", nil, 400, "state"},
			{"bad limit", "GET", "/api/v1/orders?limit=0", nil, 400, "limit"},
			{"unknown filter", "GET", "/api/v1/orders?colour=red", nil, 400, "colour"},
			{"bad date", "GET", "/api/v1/orders?from=yesterday", nil, 400, "from"},
			{"bad region filter", "GET", "/api/v1/orders?region=15", nil, 400, "region"},
			{"stale If-Match", "POST", "/api/v1/orders/" + no + "/note", map[string]any{"text": "x"}, 409, ""},
			{"bad If-Match", "POST", "/api/v1/orders/" + no + "/note", map[string]any{"text": "x"}, 400, "If-Match"},
			{"empty login", "POST", "/api/v1/login", map[string]any{}, 400, "username"},
			{"bad override", "PUT", "/api/v1/deadline-overrides", map[string]any{"category": "C01", "urgency": "soon"}, 403, ""},
		}
		before, _, _ := st.ListOrders(context.Background(), storage.OrderFilter{ScopeAll: true, Limit: 200})
		stateBefore := f.state(no)
		for _, tt := range tests {
			c := f.disp
			switch tt.name {
			case "stale If-Match":
				c.Header.Set("If-Match", `"1"`)
			case "bad If-Match":
				c.Header.Set("If-Match", `"one"`)
			case "extension days":
				c = f.handler
			}
			r := c.Request(tt.method, tt.path, tt.body)
			c.Header.Del("If-Match")
			if r.Status != tt.status {
				t.Errorf("%s: status %d, want %d: %s", tt.name, r.Status, tt.status, r.Body)
				continue
			}
			var e struct {
				Error struct {
					Code, Message, Field string
				} `json:"error"`
			}
			if err := r.JSON(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Errorf("%s: not an error envelope: %s", tt.name, r.Body)
			}
			if tt.field != "" && e.Error.Field != tt.field {
				t.Errorf("%s: error names field %q, want %q: %s", tt.name, e.Error.Field, tt.field, r.Body)
			}
		}
		after, _, _ := st.ListOrders(context.Background(), storage.OrderFilter{ScopeAll: true, Limit: 200})
		if len(after) != len(before) {
			t.Errorf("failed requests stored orders: %d before, %d after", len(before), len(after))
		}
		if got := f.state(no); got.Order.Version != stateBefore.Order.Version {
			t.Errorf("failed requests changed order %s: version %d → %d", no, stateBefore.Order.Version, got.Order.Version)
		}
	})
}

// TestDeadlineInYearWithoutSchedule: a deadline that runs into a year whose
// holiday schedule is not loaded is refused with a message naming the year,
// not guessed from weekdays and not an internal error.
func TestDeadlineInYearWithoutSchedule(t *testing.T) {
	f := newFixture(t, storagetest.OpenSQLite(t))
	f.Set(time.Date(2026, 12, 28, 9, 0, 0, 0, apptest.Start.Location()))
	no := f.register("report", nil) // reply within 15 working days: into 2027
	r := f.disp.Request("POST", "/api/v1/orders/"+no+"/dispatch", map[string]any{"lead": f.zqSCJ()})
	if r.Status != 503 || !strings.Contains(string(r.Body), "2027") {
		t.Fatalf("dispatch into 2027: %d %s; want 503 naming 2027", r.Status, r.Body)
	}
	f.wantState(no, "registered")
}
