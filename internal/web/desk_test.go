package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tongban/internal/locale"
	"tongban/internal/workorder"
)

// TestDeskPagesByRole: each staff page opens for the roles it is for, and
// others are sent to sign in (not signed in), refused (403) or told the
// order does not exist (404, so its existence does not leak).
func TestDeskPagesByRole(t *testing.T) {
	a := newDeskApp(t)
	o := a.register(workorder.Register{})
	a.act("dispatcher", o.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	order := "/orders/" + o.No
	cases := []struct {
		user, path string
		status     int
		location   string // prefix of the redirect target
	}{
		{"", "/desk/agent", 303, "/login?next="},
		{"", "/desk/centre", 303, "/login?next="},
		{"", "/inbox", 303, "/login?next="},
		{"", order, 303, "/login?next="},
		{"agent", "/", 303, "/desk/agent"},
		{"agent", "/desk/agent", 200, ""},
		{"agent", "/desk/centre", 200, ""},
		{"agent", "/inbox", 403, ""},
		{"agent", order, 200, ""},
		{"agent.mn", "/desk/agent", 200, ""},
		{"dispatcher", "/", 303, "/desk/centre"},
		{"dispatcher", "/desk/agent", 200, ""},
		{"dispatcher", "/desk/centre", 200, ""},
		{"dispatcher", order, 200, ""},
		{"subcentre.zq", "/desk/agent", 200, ""},
		{"subcentre.zq", order, 200, ""},
		{"supervisor", "/", 303, "/desk/centre"},
		{"supervisor", "/desk/centre", 200, ""},
		{"supervisor", "/desk/agent", 403, ""},
		{"supervisor", order, 200, ""},
		{"leader", "/desk/centre", 200, ""},
		{"leader", "/desk/agent", 403, ""},
		{"handler.zq.scjgj", "/", 303, "/inbox"},
		{"handler.zq.scjgj", "/inbox", 200, ""},
		{"handler.zq.scjgj", "/desk/agent", 403, ""},
		{"handler.zq.scjgj", "/desk/centre", 403, ""},
		{"handler.zq.scjgj", order, 200, ""},
		{"head.zq.scjgj", "/", 303, "/inbox"},
		{"head.zq.scjgj", "/inbox", 200, ""},
		{"head.zq.scjgj", order, 200, ""},
		{"handler.bhht", "/inbox", 200, ""},
		{"handler.bhht", order, 404, ""},   // not sent to the town yet
		{"handler.scjgj", order, 404, ""},  // league department: not its order
		{"window", order, 404, ""},         // no order rights at all
		{"window", "/inbox", 403, ""},      // window clerk has no inbox here
		{"admin", "/desk/centre", 403, ""}, // administrators manage, not dispatch
		{"dispatcher", "/orders/20260601999999", 404, ""},
		{"dispatcher", "/orders/not-a-number", 404, ""},
		{"dispatcher", "/orders?no=" + o.No, 303, order},
	}
	clients := map[string]*deskClient{"": a.anonymous()}
	for _, tc := range cases {
		c, ok := clients[tc.user]
		if !ok {
			c = a.login(tc.user)
			clients[tc.user] = c
		}
		t.Run(strings.ReplaceAll(tc.user+tc.path, "/", "_"), func(t *testing.T) {
			p := c.get(tc.path)
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d", p.Status, tc.status)
			}
			if tc.location != "" && !strings.HasPrefix(p.Location, tc.location) {
				t.Errorf("redirect to %q, want %q…", p.Location, tc.location)
			}
			if p.Status == 200 {
				deskNoMissing(t, p.Body)
			}
		})
	}
	// After the sub-dispatch the town sees the order.
	a.act("handler.zq.scjgj", o.No, workorder.Sign{})
	a.act("handler.zq.scjgj", o.No, workorder.SubDispatch{Unit: a.unit(deskBHHT)})
	if p := clients["handler.bhht"].get(order); p.Status != 200 {
		t.Fatalf("town after sub-dispatch: status %d", p.Status)
	}
}

var deskMissingRe = regexp.MustCompile(`\[(desk|inbox|order|event|field|action|state|type|channel)\.[a-z_.0-9]+\]`)

// deskNoMissing fails on a message ID the catalogs lack (shown as [id]).
func deskNoMissing(t *testing.T, body string) {
	t.Helper()
	if m := deskMissingRe.FindAllString(body, -1); len(m) > 0 {
		t.Errorf("missing messages: %v", m)
	}
}

// deskForm is a complete call form.
func deskForm(a *deskApp, op string) url.Values {
	return url.Values{
		"op": {op}, "caller.phone": {"13912345678"}, "caller.name": {"乌云"}, "caller.lang": {"mn"},
		"channel": {"phone"}, "type": {"complaint"}, "category": {"C02.03.01"}, "urgency": {"normal"},
		"region.1": {"152900000000"}, "region.2": {"152921000000"}, "region.3": {"152921110000"},
		"address": {"巴彦浩特镇团结路 8 号"}, "title": {"超市出售过期食品"},
		"description": {"在团结路某超市买到过期牛奶，\n要求处理。"},
		"lead":        {strconv.FormatInt(a.unit(deskZqSCJ), 10)}, "assist": {strconv.FormatInt(a.unit(deskZqRSJ), 10)},
		"dispatch.note": {"请尽快核实"},
	}
}

// TestAgentDeskRegisters: each button of the call form registers the order
// and takes its follow-up action in one flow, then shows the order with a
// notice naming its number.
func TestAgentDeskRegisters(t *testing.T) {
	a := newDeskApp(t)
	agent := a.login("agent")
	cases := []struct {
		op, state string
		extra     url.Values
	}{
		{"register", "registered", nil},
		{"dispatch", "dispatched", nil},
		{"answer", "answered", url.Values{"answer": {"请拨打市场监管投诉电话。"}}},
		{"emergency", "emergency", url.Values{"service": {"119"}, "emergency.note": {"火情"}}},
		{"decline", "declined", url.Values{"decline.reason": {"已进入诉讼程序"}}},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			f := deskForm(a, tc.op)
			for k, v := range tc.extra {
				f[k] = v
			}
			p := agent.post("/desk/agent", f)
			if p.Status != http.StatusSeeOther {
				t.Fatalf("status %d, want 303: %s", p.Status, deskErrorsOf(p.Body))
			}
			no := deskOrderNo(t, p.Location)
			o := a.order(no)
			if string(o.State) != tc.state {
				t.Fatalf("state %s, want %s", o.State, tc.state)
			}
			if o.RegionCode != "152921110000" || o.Caller.Lang != "mn" || o.Title != "超市出售过期食品" {
				t.Errorf("registered %+v", o)
			}
			page := agent.get(p.Location)
			if page.Status != 200 {
				t.Fatalf("order page: %d", page.Status)
			}
			deskWant(t, "notice", page.Body, `role="status"`, no)
			deskNoMissing(t, page.Body)
		})
	}
	o := a.order(deskOrderNo(t, agent.post("/desk/agent", deskForm(a, "dispatch")).Location))
	if len(o.Assignments) != 2 || o.Assignments[0].UnitID != a.unit(deskZqSCJ) || o.Assignments[1].UnitID != a.unit(deskZqRSJ) {
		t.Errorf("dispatch with an assisting unit: %+v", o.Assignments)
	}
}

var deskErrRe = regexp.MustCompile(`<p class="error"[^>]*>([^<]*)</p>`)

func deskErrorsOf(body string) []string {
	var out []string
	for _, m := range deskErrRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestAgentDeskFieldErrors: a wrong form comes back with every field error
// at once in the user's language, and what was typed is kept.
func TestAgentDeskFieldErrors(t *testing.T) {
	a := newDeskApp(t)
	for _, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			user := map[string]string{"zh": "agent", "mn": "agent.mn"}[lang]
			c := a.login(user)
			f := deskForm(a, "dispatch")
			f.Set("caller.phone", "12345")
			f.Del("type")
			f.Set("title", "")
			f.Del("lead")
			f.Set("description", "保留<我>的输入")
			f.Set("caller.name", "保留姓名")
			p := c.post("/desk/agent", f)
			if p.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", p.Status)
			}
			errs := deskErrorsOf(p.Body)
			if len(errs) != 4 {
				t.Errorf("errors %q, want 4 (phone, type, title, lead)", errs)
			}
			cat, _ := locale.Default()
			l := locale.Lang(lang)
			deskWant(t, "messages", p.Body,
				htmlEscape(cat.T(l, "field.caller.phone.invalid", nil)),
				htmlEscape(cat.T(l, "field.type.invalid", nil)),
				htmlEscape(cat.T(l, "desk.error.required", map[string]any{"field": cat.T(l, "field.title", nil)})),
				htmlEscape(cat.T(l, "desk.error.required", map[string]any{"field": cat.T(l, "field.lead", nil)})),
				`aria-invalid="true"`,
			)
			// typed input kept
			deskWant(t, "kept input", p.Body, "保留&lt;我&gt;的输入</textarea>", `value="保留姓名"`, `value="12345"`,
				`<option value="152921110000" selected>`, `<option value="C02.03.01" selected>`,
				`value="`+strconv.FormatInt(a.unit(deskZqRSJ), 10)+`" selected>`)
			deskNoMissing(t, p.Body)
		})
	}
	// Nothing was registered.
	if l, _, _ := a.Store.ListOrders(context.Background(), storageAll()); len(l) != 0 {
		t.Errorf("%d orders registered by wrong forms", len(l))
	}
}

// TestAgentDeskWithoutJS: the caller lookup and the region picker work as
// plain form posts and links, and as htmx fragments.
func TestAgentDeskWithoutJS(t *testing.T) {
	a := newDeskApp(t)
	old := a.register(workorder.Register{Caller: workorder.Caller{Name: "乌云", Phone: "139 1234 5678", Lang: "mn"}, Title: "上次的诉求"})
	agent := a.login("agent")

	// Choosing the banner with the "load" button brings the towns, keeps
	// the rest of the form and registers nothing.
	f := deskForm(a, "choose")
	f.Del("region.3")
	p := agent.post("/desk/agent", f)
	if p.Status != 200 {
		t.Fatalf("choose: %d", p.Status)
	}
	deskWant(t, "choose", p.Body, `<option value="152921110000">巴彦浩特镇</option>`, `value="超市出售过期食品"`,
		`name="region_code" value="152921000000"`)
	// A banner change drops the town that belonged to the old banner.
	f = deskForm(a, "choose")
	f.Set("region.2", "152922000000")
	p = agent.post("/desk/agent", f)
	deskWant(t, "banner change", p.Body, `name="region_code" value="152922000000"`)
	deskWantNot(t, "banner change", p.Body, `<option value="152921110000" selected>`)

	// The lookup button and ?phone= show the caller's earlier orders.
	p = agent.post("/desk/agent", deskForm(a, "lookup"))
	deskWant(t, "lookup", p.Body, old.No, "上次的诉求", `value="超市出售过期食品"`)
	p = agent.get("/desk/agent?phone=13912345678")
	deskWant(t, "?phone=", p.Body, old.No, `value="13912345678"`)

	// htmx fragments: no layout, just the part.
	p = agent.get("/desk/agent/caller?caller.phone=139-1234-5678")
	if p.Status != 200 || strings.Contains(p.Body, "<html") {
		t.Fatalf("caller fragment: %d", p.Status)
	}
	deskWant(t, "caller fragment", p.Body, `id="caller-history"`, old.No)
	p = agent.get("/desk/regions?region.1=152900000000&region.2=152921000000&region.3=152921110000")
	if p.Status != 200 || strings.Contains(p.Body, "<html") {
		t.Fatalf("region fragment: %d", p.Status)
	}
	gacha := a.Svc.Regions().Children("152921110000")[0]
	deskWant(t, "region fragment", p.Body, `id="region-picker"`, `<option value="152921110000" selected>`, gacha.Name)
	// A handler may not look callers up.
	if p := a.login("handler.zq.scjgj").get("/desk/agent/caller?phone=13912345678"); p.Status != 403 {
		t.Errorf("handler caller lookup: %d, want 403", p.Status)
	}
}

// TestOrderPageFormErrors: an action's form comes back with its field
// errors and input; the other forms on the page stay empty.
func TestOrderPageFormErrors(t *testing.T) {
	a := newDeskApp(t)
	o := a.register(workorder.Register{})
	o = a.act("dispatcher", o.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	o = a.act("handler.zq.scjgj", o.No, workorder.Sign{})
	h := a.login("handler.zq.scjgj")
	path := "/orders/" + o.No
	v := strconv.Itoa(o.Version)
	p := h.post(path, url.Values{"action": {"request_extension"}, "version": {v}, "days": {"99"}, "reason": {"需要现场检测"}})
	if p.Status != 400 {
		t.Fatalf("status %d, want 400", p.Status)
	}
	cat, _ := locale.Default()
	deskWant(t, "extension", p.Body, cat.T(locale.ZH, "field.days.invalid", nil), `id="f-request_extension-days"`,
		`value="99"`, "需要现场检测</textarea>")
	// the return form on the same page does not show the typed reason
	deskWantNot(t, "other form", p.Body, `name="reason" rows="3" required aria-invalid`)
	if strings.Count(p.Body, "需要现场检测") != 1 {
		t.Errorf("the typed reason appears %d times, want once (its own form)", strings.Count(p.Body, "需要现场检测"))
	}
	p = h.post(path, url.Values{"action": {"return"}, "version": {v}, "reason": {"  "}})
	deskWant(t, "return", p.Body, htmlEscape(cat.T(locale.ZH, "desk.error.required", map[string]any{"field": cat.T(locale.ZH, "field.reason", nil)})))
	if got := a.order(o.No); got.Version != o.Version {
		t.Errorf("a refused form changed the order: version %d → %d", o.Version, got.Version)
	}
	// Mongolian
	a.setLang("handler.zq.scjgj", "mn")
	p = h.post(path, url.Values{"action": {"request_extension"}, "version": {v}, "days": {"x"}, "reason": {""}})
	deskWant(t, "mn", p.Body, `lang="mn-Mong-CN"`, htmlEscape(cat.T(locale.MN, "field.days.invalid", nil)))
	deskNoMissing(t, p.Body)
	// no version: refused
	if p := h.post(path, url.Values{"action": {"sign"}}); p.Status != 400 {
		t.Errorf("no version: %d", p.Status)
	}
}

// TestOrderPageStale: two people act on the same order from pages loaded
// at the same version. The second sees the current state and the stale
// message with what they typed, and nothing they did overwrites the first.
func TestOrderPageStale(t *testing.T) {
	a := newDeskApp(t)
	o := a.register(workorder.Register{})
	o = a.act("dispatcher", o.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	o = a.act("handler.zq.scjgj", o.No, workorder.Sign{})
	path := "/orders/" + o.No
	v := strconv.Itoa(o.Version)
	handler, head := a.login("handler.zq.scjgj"), a.login("head.zq.scjgj")
	// both load the page at the same version
	for _, c := range []*deskClient{handler, head} {
		if p := c.get(path); !strings.Contains(p.Body, `name="version" value="`+v+`"`) {
			t.Fatalf("page does not carry version %s", v)
		}
	}
	p := handler.post(path, url.Values{"action": {"reply"}, "version": {v}, "text": {"已责令超市下架，罚款处理。"}})
	if p.Status != 303 {
		t.Fatalf("first reply: %d %v", p.Status, deskErrorsOf(p.Body))
	}
	p = head.post(path, url.Values{"action": {"reply"}, "version": {v}, "text": {"负责人的另一份答复"}})
	if p.Status != http.StatusConflict {
		t.Fatalf("second reply: %d, want 409", p.Status)
	}
	cat, _ := locale.Default()
	deskWant(t, "stale page", p.Body, htmlEscape(cat.T(locale.ZH, "order.stale", nil)),
		"已责令超市下架，罚款处理。", // the current state: the first reply
		"负责人的另一份答复",     // what the second person typed, kept
		cat.T(locale.ZH, "order.orphan.title", nil))
	cur := a.order(o.No)
	if cur.ReplyText != "已责令超市下架，罚款处理。" || cur.State != workorder.StateReplied {
		t.Fatalf("order after the stale reply: %s %q", cur.State, cur.ReplyText)
	}

	// A stale form whose action is still possible comes back filled in,
	// carrying the current version for a deliberate second try.
	o2 := a.register(workorder.Register{})
	o2 = a.act("dispatcher", o2.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	o2 = a.act("handler.zq.scjgj", o2.No, workorder.Sign{})
	old := strconv.Itoa(o2.Version)
	a.act("handler.zq.scjgj", o2.No, workorder.Note{Text: "同事先加的备注", Internal: true})
	p = head.post("/orders/"+o2.No, url.Values{"action": {"request_extension"}, "version": {old}, "days": {"5"}, "reason": {"等待检测报告"}})
	if p.Status != http.StatusConflict {
		t.Fatalf("stale extension: %d", p.Status)
	}
	deskWant(t, "stale, still possible", p.Body, "同事先加的备注", `value="5"`, "等待检测报告</textarea>",
		`name="version" value="`+strconv.Itoa(o2.Version+1)+`"`)
	if a.order(o2.No).Extension != nil {
		t.Fatal("a stale form was applied")
	}
}

// TestOrderPageActions walks an order through the page's forms: dispatch,
// sign, sub-dispatch, replies with a file, review, callback from the centre
// desk; then return → redispatch and extension → approval.
func TestOrderPageActions(t *testing.T) {
	a := newDeskApp(t)
	disp, h, town := a.login("dispatcher"), a.login("handler.zq.scjgj"), a.login("handler.bhht")
	act := func(c *deskClient, no string, form url.Values) {
		t.Helper()
		form.Set("version", strconv.Itoa(a.order(no).Version))
		p := c.post("/orders/"+no, form)
		if p.Status != 303 {
			t.Fatalf("%s: status %d %v", form.Get("action"), p.Status, deskErrorsOf(p.Body))
		}
	}
	id := func(code string) string { return strconv.FormatInt(a.unit(code), 10) }
	o := a.register(workorder.Register{})
	no := o.No
	act(disp, no, url.Values{"action": {"dispatch"}, "lead": {id(deskZqSCJ)}})
	act(h, no, url.Values{"action": {"sign"}})
	// the sub-dispatch picker offers the towns and gachas of the banner only
	p := h.get("/orders/" + no)
	deskWant(t, "sub-dispatch picker", p.Body, `<option value="`+id(deskBHHT)+`">巴彦浩特镇人民政府</option>`)
	deskWantNot(t, "sub-dispatch picker", p.Body, `<option value="`+id(deskZqRSJ)+`">`, `<option value="`+id("centre-152921000000")+`">`)
	act(h, no, url.Values{"action": {"sub_dispatch"}, "unit": {id(deskBHHT)}, "note": {"请镇里核实"}})
	act(town, no, url.Values{"action": {"sign"}})
	// reply with a file
	f := url.Values{"action": {"reply"}, "text": {"镇里已上门核实。"}, "version": {strconv.Itoa(a.order(no).Version)}}
	p = town.postFile("/orders/"+no, f, "核实记录.txt", []byte("核实记录：已上门。\n"))
	if p.Status != 303 {
		t.Fatalf("reply with file: %d %v", p.Status, deskErrorsOf(p.Body))
	}
	// a file of a type not accepted is a field error
	f.Set("version", strconv.Itoa(a.order(no).Version))
	p = h.postFile("/orders/"+no, url.Values{"action": {"attach"}, "version": {f.Get("version")}}, "x.html", []byte("<html><script>alert(1)</script></html>"))
	cat, _ := locale.Default()
	if p.Status != 400 || !strings.Contains(p.Body, cat.T(locale.ZH, "order.file.type", nil)) {
		t.Fatalf("html upload: %d %v", p.Status, deskErrorsOf(p.Body))
	}
	act(h, no, url.Values{"action": {"reply"}, "text": {"已处理完毕。"}})
	o = a.order(no)
	if o.State != workorder.StateReplied || len(o.Attachments) != 1 {
		t.Fatalf("after replies: %s, %d files", o.State, len(o.Attachments))
	}
	p = disp.get("/orders/" + no)
	link := "/api/v1/orders/" + no + "/attachments/" + o.Attachments[0].SHA256
	deskWant(t, "order page", p.Body, link, "核实记录.txt", "巴彦浩特镇人民政府", "镇里已上门核实。", "depth-1")
	if d := disp.get(link); d.Status != 200 || d.Body != "核实记录：已上门。\n" {
		t.Errorf("download: %d %q", d.Status, d.Body)
	}
	act(disp, no, url.Values{"action": {"review"}, "accept": {"true"}})
	// the callback form on the centre desk returns to the desk
	p = disp.get("/desk/centre?tab=callback")
	deskWant(t, "callback tab", p.Body, `action="/orders/`+no+`" class="inline-callback"`)
	p = disp.post("/orders/"+no, url.Values{"action": {"callback"}, "version": {strconv.Itoa(a.order(no).Version)},
		"reached": {"true"}, "resolved": {"true"}, "satisfaction": {"5"}, "back": {"/desk/centre?tab=callback"}})
	if p.Status != 303 || !strings.HasPrefix(p.Location, "/desk/centre?tab=callback&") {
		t.Fatalf("inline callback: %d → %q %v", p.Status, p.Location, deskErrorsOf(p.Body))
	}
	deskWant(t, "desk notice", disp.get(p.Location).Body, `role="status"`, no)
	if s := a.order(no).State; s != workorder.StateClosed {
		t.Fatalf("after callback: %s", s)
	}
	// a back link elsewhere is ignored
	if deskBackOK := disp.post("/orders/"+no, url.Values{"action": {"note"}, "version": {strconv.Itoa(a.order(no).Version)},
		"text": {"x"}, "back": {"//evil.example/"}}); !strings.HasPrefix(deskBackOK.Location, "/orders/"+no) {
		t.Errorf("foreign back link followed: %q", deskBackOK.Location)
	}

	// return → redispatch
	r := a.register(workorder.Register{}).No
	act(disp, r, url.Values{"action": {"dispatch"}, "lead": {id(deskZqSCJ)}})
	act(h, r, url.Values{"action": {"return"}, "reason": {"不属于市场监管职责"}})
	deskWant(t, "returns tab", disp.get("/desk/centre?tab=returns").Body, r)
	act(disp, r, url.Values{"action": {"redispatch"}, "lead": {id(deskBHHT)}, "note": {"属地办理"}})
	if o := a.order(r); o.State != workorder.StateDispatched || o.LeadAssignment().UnitID != a.unit(deskBHHT) {
		t.Fatalf("after redispatch: %s", o.State)
	}
	// extension → approval
	e := a.register(workorder.Register{}).No
	act(disp, e, url.Values{"action": {"dispatch"}, "lead": {id(deskZqSCJ)}})
	act(h, e, url.Values{"action": {"sign"}})
	before := a.order(e).ReplyDue()
	act(h, e, url.Values{"action": {"request_extension"}, "days": {"5"}, "reason": {"需要现场检测"}})
	deskWant(t, "requests tab", disp.get("/desk/centre?tab=requests").Body, e)
	act(disp, e, url.Values{"action": {"decide_extension"}, "approve": {"true"}, "days": {""}})
	if after := a.order(e).ReplyDue(); !after.After(before) {
		t.Fatalf("extension did not move the deadline: %v → %v", before, after)
	}
	// suspension → approval → resume
	act(h, e, url.Values{"action": {"request_suspension"}, "reason": {"等待群众补充材料"}})
	act(disp, e, url.Values{"action": {"decide_suspension"}, "approve": {"true"}})
	if !a.order(e).Suspended() {
		t.Fatal("not suspended")
	}
	act(h, e, url.Values{"action": {"resume"}})
	// urge, supervise, note, merge, close by the centre
	act(a.login("supervisor"), e, url.Values{"action": {"urge"}, "note": {"请加快"}})
	act(disp, e, url.Values{"action": {"supervise"}})
	m := a.register(workorder.Register{}).No
	act(disp, m, url.Values{"action": {"merge"}, "master": {e}})
	act(disp, e, url.Values{"action": {"close"}, "reason": {"重复诉求已处理"}})
	if o := a.order(e); o.State != workorder.StateClosed || o.Urges != 1 || o.Supervisions != 1 || len(o.MergedChildren) != 1 {
		t.Fatalf("after close: %s urges %d supervisions %d children %v", o.State, o.Urges, o.Supervisions, o.MergedChildren)
	}
	// the history of every action is translated
	p = disp.get("/orders/" + e)
	for _, ev := range []string{"dispatch", "sign", "request_extension", "decide_extension", "request_suspension",
		"decide_suspension", "resume", "urge", "supervise", "merge_child", "close"} {
		deskWant(t, "history", p.Body, "<strong>"+cat.T(locale.ZH, "event."+ev, nil)+"</strong>")
	}
	deskNoMissing(t, p.Body)
}

// TestInboxAndCentreLists: the unit inbox and the centre desk list what
// waits for them, with warning badges, and page with a cursor.
func TestInboxAndCentreLists(t *testing.T) {
	a := newDeskApp(t)
	var nos []string
	for i := 0; i < 35; i++ {
		o := a.register(workorder.Register{Title: "诉求 " + strconv.Itoa(i)})
		a.act("dispatcher", o.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
		nos = append(nos, o.No)
	}
	signed := a.act("handler.zq.scjgj", nos[0], workorder.Sign{})
	h := a.login("handler.zq.scjgj")
	p := h.get("/inbox")
	deskWant(t, "to sign", p.Body, nos[34], `aria-current="page">`+"待签收")
	deskWantNot(t, "to sign", p.Body, ">"+signed.No+"<")
	more := regexp.MustCompile(`href="(\?[^"]*cursor=[0-9]+[^"]*)"`).FindStringSubmatch(p.Body)
	if more == nil {
		t.Fatal("no more link for 34 orders")
	}
	p2 := h.get("/inbox" + strings.ReplaceAll(more[1], "&amp;", "&"))
	deskWant(t, "page 2", p2.Body, nos[1])
	deskWant(t, "in progress", h.get("/inbox?tab=progress").Body, signed.No)
	// Two working days later every sign deadline is overdue.
	a.Advance(72 * 3600e9)
	if _, err := a.Svc.Sweep(context.Background()); err != nil { // the deadline sweeper records the warnings lists filter on
		t.Fatal(err)
	}
	p = h.get("/inbox?tab=red")
	deskWant(t, "overdue", p.Body, nos[34], `class="row-red"`, `warn-red`)
	p = a.login("dispatcher").get("/desk/centre?tab=overdue")
	deskWant(t, "overdue board", p.Body, nos[34], `warn-red`)
	// another banner's town office sees none of it
	deskWantNot(t, "other unit", a.login("handler.bhht").get("/inbox?tab=red").Body, nos[34])
}

// TestHostileInput: every free text a caller or staff member typed is shown
// escaped on every page that shows it.
func TestHostileInput(t *testing.T) {
	const evil = `<script>alert(1)</script><img src=x onerror=alert(1)>`
	const escaped = `&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;`
	a := newDeskApp(t)
	reg := workorder.Register{Caller: workorder.Caller{Name: evil[:50], Phone: "13700001111", Lang: "zh"},
		Title: evil, Description: evil, Address: evil}
	// 1: registered (dispatch queue); 2: returned; 3: handling with requests,
	// notes and a sub-dispatch; 4: replied (review); 5: callback
	o1 := a.register(reg)
	o2 := a.register(reg)
	a.act("dispatcher", o2.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ), Note: evil})
	a.act("handler.zq.scjgj", o2.No, workorder.Return{Reason: evil})
	o3 := a.register(reg)
	a.act("dispatcher", o3.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ), Note: evil})
	a.act("handler.zq.scjgj", o3.No, workorder.Sign{})
	a.act("handler.zq.scjgj", o3.No, workorder.SubDispatch{Unit: a.unit(deskBHHT), Note: evil})
	a.act("handler.zq.scjgj", o3.No, workorder.Note{Text: evil, Internal: true})
	a.act("handler.zq.scjgj", o3.No, workorder.Note{Text: evil})
	a.act("handler.zq.scjgj", o3.No, workorder.RequestExtension{Days: 3, Reason: evil})
	a.act("handler.zq.scjgj", o3.No, workorder.RequestSuspension{Reason: evil})
	a.act("supervisor", o3.No, workorder.Urge{Note: evil})
	o4 := a.register(reg)
	a.act("dispatcher", o4.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	a.act("handler.zq.scjgj", o4.No, workorder.Sign{})
	a.act("handler.zq.scjgj", o4.No, workorder.Reply{Text: evil})
	o5 := a.register(reg)
	a.act("dispatcher", o5.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	a.act("handler.zq.scjgj", o5.No, workorder.Sign{})
	a.act("handler.zq.scjgj", o5.No, workorder.Reply{Text: evil})
	a.act("dispatcher", o5.No, workorder.Review{Accept: false, Reason: evil})
	a.act("handler.zq.scjgj", o5.No, workorder.Reply{Text: evil})
	a.act("dispatcher", o5.No, workorder.Review{Accept: true})
	o6 := a.register(reg)
	a.act("agent", o6.No, workorder.Decline{Reason: evil})
	o7 := a.register(reg)
	a.act("agent", o7.No, workorder.AnswerDirect{Answer: evil})
	o8 := a.register(reg)
	a.act("dispatcher", o8.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ), Note: evil})

	disp, h, agent := a.login("dispatcher"), a.login("handler.zq.scjgj"), a.login("agent")
	pages := []struct {
		c    *deskClient
		path string
	}{
		{disp, "/desk/centre?tab=dispatch"}, {disp, "/desk/centre?tab=returns"}, {disp, "/desk/centre?tab=requests"},
		{disp, "/desk/centre?tab=review"}, {disp, "/desk/centre?tab=callback"},
		{agent, "/desk/agent?phone=13700001111"}, {agent, "/desk/agent/caller?phone=13700001111"},
		{h, "/inbox?tab=progress"}, {h, "/inbox?tab=sign"},
		{a.login("handler.bhht"), "/inbox?tab=sign"},
	}
	for _, o := range []string{o1.No, o2.No, o3.No, o4.No, o5.No, o6.No, o7.No} {
		pages = append(pages, struct {
			c    *deskClient
			path string
		}{disp, "/orders/" + o})
	}
	pages = append(pages, struct {
		c    *deskClient
		path string
	}{h, "/orders/" + o3.No})
	for _, pg := range pages {
		p := pg.c.get(pg.path)
		if p.Status != 200 {
			t.Errorf("%s: status %d", pg.path, p.Status)
			continue
		}
		if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img src=x") || strings.Contains(p.Body, "onerror=alert(1)>") {
			t.Errorf("%s: raw markup in the page", pg.path)
		}
		if !strings.Contains(p.Body, "&lt;script&gt;alert(1)") {
			t.Errorf("%s: the escaped text is missing", pg.path)
		}
	}
	// the order page shows each field escaped in full
	p := disp.get("/orders/" + o3.No)
	if n := strings.Count(p.Body, escaped); n < 8 {
		t.Errorf("order page shows the escaped text %d times, want ≥ 8 (title, description, address, notes, reasons…)", n)
	}
	// a hostile form posted back is re-shown escaped too
	f := deskForm(a, "dispatch")
	f.Set("title", "")
	f.Set("description", evil)
	f.Set("caller.name", evil)
	p = agent.post("/desk/agent", f)
	if strings.Contains(p.Body, "<script>alert") || !strings.Contains(p.Body, escaped) {
		t.Error("re-shown form is not escaped")
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestOrderPageCallerHidden: a report's caller is hidden from the units
// handling it and shown to the hotline centre (DOMAIN.md §4).
func TestOrderPageCallerHidden(t *testing.T) {
	a := newDeskApp(t)
	o := a.register(workorder.Register{Type: workorder.TypeReport, Caller: workorder.Caller{Name: "举报人张三", Phone: "13600001234"},
		Address: "举报人家庭住址"})
	a.act("dispatcher", o.No, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	cat, _ := locale.Default()
	hidden := cat.T(locale.ZH, "order.caller.hidden", nil)
	for _, user := range []string{"handler.zq.scjgj", "head.zq.scjgj"} {
		p := a.login(user).get("/orders/" + o.No)
		deskWantNot(t, user, p.Body, "举报人张三", "13600001234", "举报人家庭住址")
		deskWant(t, user, p.Body, hidden)
	}
	for _, user := range []string{"dispatcher", "agent", "subcentre.zq"} {
		deskWant(t, user, a.login(user).get("/orders/"+o.No).Body, "举报人张三", "8613600001234", "举报人家庭住址")
	}
}

// TestOrderPageMoreActions: the intake actions, notes, attachments and the
// upload limit from the order page, and desks that only read.
func TestOrderPageMoreActions(t *testing.T) {
	a := newDeskApp(t)
	agent, disp, h := a.login("agent"), a.login("dispatcher"), a.login("handler.zq.scjgj")
	post := func(c *deskClient, no string, f url.Values) deskResp {
		t.Helper()
		f.Set("version", strconv.Itoa(a.order(no).Version))
		return c.post("/orders/"+no, f)
	}
	for _, tc := range []struct {
		form  url.Values
		state workorder.State
	}{
		{url.Values{"action": {"answer"}, "answer": {"请拨打 0483-12315。"}}, workorder.StateAnswered},
		{url.Values{"action": {"emergency"}, "service": {"120"}}, workorder.StateEmergency},
		{url.Values{"action": {"decline"}, "reason": {"已进入仲裁程序"}}, workorder.StateDeclined},
	} {
		no := a.register(workorder.Register{}).No
		if p := post(agent, no, tc.form); p.Status != 303 {
			t.Fatalf("%s: %d %v", tc.form.Get("action"), p.Status, deskErrorsOf(p.Body))
		}
		if s := a.order(no).State; s != tc.state {
			t.Errorf("%s: state %s, want %s", tc.form.Get("action"), s, tc.state)
		}
	}
	no := a.register(workorder.Register{}).No
	a.act("dispatcher", no, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	if p := post(h, no, url.Values{"action": {"note"}, "text": {"内部沟通记录"}, "internal": {"true"}}); p.Status != 303 {
		t.Fatalf("note: %d", p.Status)
	}
	f := url.Values{"action": {"attach"}, "version": {strconv.Itoa(a.order(no).Version)}}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	if p := h.postFile("/orders/"+no, f, "现场照片.png", png); p.Status != 303 {
		t.Fatalf("attach: %d %v", p.Status, deskErrorsOf(p.Body))
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, 10<<20)...)
	f.Set("version", strconv.Itoa(a.order(no).Version))
	p := h.postFile("/orders/"+no, f, "太大.pdf", big)
	cat, _ := locale.Default()
	if p.Status != 400 || !strings.Contains(p.Body, cat.T(locale.ZH, "order.file.too_large", map[string]any{"mb": 10})) {
		t.Errorf("11 MB file: %d %v", p.Status, deskErrorsOf(p.Body))
	}
	p = disp.get("/orders/" + no)
	deskWant(t, "history", p.Body, `class="event internal"`, "内部沟通记录", "现场照片.png", `class="badge internal"`)
	// Nothing to act on for a leader; no callback form for a supervisor.
	deskWant(t, "leader", a.login("leader").get("/orders/"+no).Body, cat.T(locale.ZH, "order.no_actions", nil))
	c := a.register(workorder.Register{}).No
	a.act("dispatcher", c, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	a.act("handler.zq.scjgj", c, workorder.Sign{})
	a.act("handler.zq.scjgj", c, workorder.Reply{Text: "已处理"})
	a.act("dispatcher", c, workorder.Review{Accept: true})
	sup := a.login("supervisor").get("/desk/centre?tab=callback")
	deskWant(t, "supervisor callback tab", sup.Body, c)
	deskWantNot(t, "supervisor callback tab", sup.Body, "inline-callback")
	deskWant(t, "dispatcher callback tab", disp.get("/desk/centre?tab=callback").Body, "inline-callback")
}
