package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tongban/internal/demo"
	"tongban/internal/locale"
	"tongban/internal/web/browsertest"
	"tongban/internal/workorder"
)

func deskCSS(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// deskBrowser is a browser on a desk app in one language.
type deskBrowser struct {
	*browsertest.Browser
	a    *deskApp
	t    *testing.T
	lang string
	cat  *locale.Catalog
}

func (b *deskBrowser) signIn(user string) {
	b.t.Helper()
	b.Login(b.a.URL, user, demo.Password)
	if want := locale.Lang(b.lang).Tag(); b.Lang() != want {
		b.t.Fatalf("%s sees %s, want %s", user, b.Lang(), want)
	}
}

func (b *deskBrowser) signOut() {
	b.t.Helper()
	b.Do(chromedp.Click(deskCSS(`form[action="/logout"] button`)), chromedp.WaitVisible(deskCSS("#f-username")))
}

func (b *deskBrowser) open(path, waitFor string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(b.a.URL+path), chromedp.WaitVisible(deskCSS(waitFor)))
}

func (b *deskBrowser) shot(name string) { b.t.Helper(); b.Screenshot(name + "." + b.lang) }

// TestBrowserDesks drives the staff pages in a real Chromium, in Chinese
// and in Mongolian: an agent registers and dispatches a call from the agent
// desk; the banner's market regulation bureau signs and sub-dispatches to
// 巴彦浩特镇; the town office and then the bureau reply; the dispatcher
// reviews and records the callback. Beside it, a return is redispatched and
// an extension request approved. Every page is photographed.
func TestBrowserDesks(t *testing.T) {
	for _, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) { deskBrowserRun(t, lang) })
	}
}

func deskBrowserRun(t *testing.T, lang string) {
	a := newDeskApp(t)
	for _, u := range []string{"agent", "dispatcher", "handler.zq.scjgj", "handler.bhht"} {
		a.setLang(u, lang)
	}
	cat, _ := locale.Default()
	b := &deskBrowser{Browser: browsertest.New(t), a: a, t: t, lang: lang, cat: cat}
	l := locale.Lang(lang)
	id := func(code string) string { return strconv.FormatInt(a.unit(code), 10) }

	// Orders for the side paths, prepared through the service.
	ret := a.register(workorder.Register{Title: "退单改派的诉求"}).No
	a.act("dispatcher", ret, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	ext := a.register(workorder.Register{Title: "需要延期的诉求"}).No
	a.act("dispatcher", ext, workorder.Dispatch{Lead: a.unit(deskZqSCJ)})
	a.act("handler.zq.scjgj", ext, workorder.Sign{})

	// 1. The agent takes the call.
	b.signIn("agent")
	b.open("/desk/agent", `[id="f-caller.phone"]`)
	// An empty form says what is missing, in the user's language.
	b.Do(chromedp.Click(deskCSS(`button[name="op"][value="register"]`)), chromedp.WaitVisible(deskCSS(".alert")))
	if got := b.Text(`#e-f-title`); !strings.Contains(got, cat.T(l, "field.title", nil)) {
		t.Fatalf("title error %q", got)
	}
	b.shot("agent-desk-errors")
	b.Do(
		chromedp.SendKeys(deskCSS(`[id="f-caller.phone"]`), "13912345678"),
		chromedp.SendKeys(deskCSS(`[id="f-caller.name"]`), "乌云"),
		chromedp.Click(deskCSS(`[id="f-caller.lang-mn"]`)),
		chromedp.Click(deskCSS(`#f-type-complaint`)),
		chromedp.SetValue(deskCSS(`#f-category`), "C02.03.01"),
		// The region picker loads each level with htmx as a level changes;
		// htmx wires the new fieldset up once it settles (htmx-added gone).
		chromedp.SetValue(deskCSS(`#f-region-2`), "152921000000"),
		chromedp.WaitReady(deskCSS(`#region-picker:not(.htmx-added) #f-region-3 option[value="152921110000"]`)),
		chromedp.SetValue(deskCSS(`#f-region-3`), "152921110000"),
		chromedp.WaitReady(deskCSS(`#region-picker:not(.htmx-added) #f-region-4:not([disabled])`)),
		chromedp.SendKeys(deskCSS(`#f-address`), "巴彦浩特镇团结路 8 号"),
		chromedp.SendKeys(deskCSS(`#f-title`), "超市出售过期食品"),
		chromedp.SendKeys(deskCSS(`#f-description`), "在团结路某超市买到过期牛奶，要求处理。"),
		chromedp.SetValue(deskCSS(`#f-lead`), id(deskZqSCJ)),
		chromedp.SendKeys(deskCSS(`[id="f-dispatch.note"]`), "请尽快核实"),
	)
	if got := b.Value(`input[name="region_code"]`); got != "152921110000" {
		t.Fatalf("region picker chose %q", got)
	}
	b.shot("agent-desk")
	b.Do(chromedp.Click(deskCSS(`button[name="op"][value="dispatch"]`)), chromedp.WaitVisible(deskCSS(`.notice`)))
	loc := browsertest.Get(b.Browser, chromedp.Location())
	no := deskOrderNo(t, loc)
	if !strings.Contains(b.Text(".notice"), no) {
		t.Fatalf("notice %q lacks the order number %s", b.Text(".notice"), no)
	}
	if o := a.order(no); o.State != workorder.StateDispatched || o.RegionCode != "152921110000" || o.Caller.Lang != "mn" {
		t.Fatalf("registered: %s %s %s", o.State, o.RegionCode, o.Caller.Lang)
	}
	// The caller's history now lists the order (htmx as the number is typed).
	b.open("/desk/agent", `[id="f-caller.phone"]`)
	b.Do(chromedp.SendKeys(deskCSS(`[id="f-caller.phone"]`), "13912345678"),
		chromedp.WaitVisible(deskCSS(`#caller-history a[href="/orders/`+no+`"]`)))
	b.signOut()

	// 2. The banner bureau signs, sub-dispatches to the town, returns one
	// order and asks for more time on another.
	b.signIn("handler.zq.scjgj")
	b.open("/inbox", "table.orders")
	b.shot("inbox")
	b.Do(chromedp.Click(deskCSS(`a[href="/orders/`+no+`"]`)), chromedp.WaitVisible(deskCSS(`#act-sign button`)))
	b.Do(chromedp.Click(deskCSS(`#act-sign button[type="submit"]`)), chromedp.WaitVisible(deskCSS(`#act-sub_dispatch summary`)))
	b.Do(chromedp.Click(deskCSS(`#act-sub_dispatch summary`)), chromedp.WaitVisible(deskCSS(`#f-sub_dispatch-unit`)),
		chromedp.SetValue(deskCSS(`#f-sub_dispatch-unit`), id(deskBHHT)),
		chromedp.SendKeys(deskCSS(`#f-sub_dispatch-note`), "请镇里上门核实"))
	b.shot("order-handler")
	b.Do(chromedp.Click(deskCSS(`#act-sub_dispatch button[type="submit"]`)), chromedp.WaitVisible(deskCSS(`tr.depth-1`)))

	b.open("/orders/"+ret, `#act-return summary`)
	b.Do(chromedp.Click(deskCSS(`#act-return summary`)), chromedp.WaitVisible(deskCSS(`#f-return-reason`)),
		chromedp.SendKeys(deskCSS(`#f-return-reason`), "不属于市场监管职责"),
		chromedp.Click(deskCSS(`#act-return button[type="submit"]`)), chromedp.WaitNotPresent(deskCSS(`#act-return`)))

	b.open("/orders/"+ext, `#act-request_extension summary`)
	b.Do(chromedp.Click(deskCSS(`#act-request_extension summary`)), chromedp.WaitVisible(deskCSS(`#f-request_extension-days`)),
		chromedp.SendKeys(deskCSS(`#f-request_extension-days`), "5"),
		chromedp.SendKeys(deskCSS(`#f-request_extension-reason`), "需要等待检测报告"),
		chromedp.Click(deskCSS(`#act-request_extension button[type="submit"]`)), chromedp.WaitVisible(deskCSS(`section.pending`)))
	b.signOut()

	// 3. The town office signs and replies.
	b.signIn("handler.bhht")
	b.open("/inbox", "table.orders")
	b.Do(chromedp.Click(deskCSS(`a[href="/orders/`+no+`"]`)), chromedp.WaitVisible(deskCSS(`#act-sign button`)))
	b.Do(chromedp.Click(deskCSS(`#act-sign button[type="submit"]`)), chromedp.WaitVisible(deskCSS(`#f-reply-text`)),
		chromedp.SendKeys(deskCSS(`#f-reply-text`), "镇里已上门核实，超市已下架过期商品。"),
		chromedp.Click(deskCSS(`#act-reply button[type="submit"]`)), chromedp.WaitNotPresent(deskCSS(`#act-reply`)))
	b.signOut()

	// 4. The bureau replies to the centre.
	b.signIn("handler.zq.scjgj")
	b.open("/orders/"+no, `#f-reply-text`)
	b.Do(chromedp.SendKeys(deskCSS(`#f-reply-text`), "已责令超市下架过期食品并立案调查。"),
		chromedp.Click(deskCSS(`#act-reply button[type="submit"]`)), chromedp.WaitNotPresent(deskCSS(`#act-reply`)))
	b.signOut()

	// 5. The dispatcher redispatches the return, approves the extension,
	// reviews the reply and records the callback.
	b.signIn("dispatcher")
	b.open("/desk/centre?tab=returns", `a[href="/orders/`+ret+`"]`)
	b.shot("centre-desk-returns")
	b.Do(chromedp.Click(deskCSS(`a[href="/orders/`+ret+`"]`)), chromedp.WaitVisible(deskCSS(`#f-redispatch-lead`)),
		chromedp.SetValue(deskCSS(`#f-redispatch-lead`), id(deskBHHT)),
		chromedp.Click(deskCSS(`#act-redispatch button[type="submit"]`)), chromedp.WaitNotPresent(deskCSS(`#act-redispatch`)))
	if o := a.order(ret); o.State != workorder.StateDispatched || o.LeadAssignment().UnitID != a.unit(deskBHHT) {
		t.Fatalf("after redispatch: %s", o.State)
	}
	before := a.order(ext).ReplyDue()
	b.open("/desk/centre?tab=requests", `a[href="/orders/`+ext+`"]`)
	b.shot("centre-desk-requests")
	b.Do(chromedp.Click(deskCSS(`a[href="/orders/`+ext+`"]`)), chromedp.WaitVisible(deskCSS(`#act-decide_extension button[value="true"]`)))
	b.shot("order-extension")
	b.Do(chromedp.Click(deskCSS(`#act-decide_extension button[value="true"]`)), chromedp.WaitNotPresent(deskCSS(`#act-decide_extension`)))
	if o := a.order(ext); o.Extension != nil || !o.ReplyDue().After(before) || o.ExtensionDays != 5 {
		t.Fatalf("after approval: pending %v, due %v → %v, %d days", o.Extension, before, o.ReplyDue(), o.ExtensionDays)
	}

	b.open("/desk/centre?tab=review", `a[href="/orders/`+no+`"]`)
	b.shot("centre-desk")
	b.Do(chromedp.Click(deskCSS(`a[href="/orders/`+no+`"]`)), chromedp.WaitVisible(deskCSS(`#act-review button[value="true"]`)))
	b.Do(chromedp.Click(deskCSS(`#act-review button[value="true"]`)), chromedp.WaitNotPresent(deskCSS(`#act-review`)))
	cb := "cb-" + no
	b.open("/desk/centre?tab=callback", "#"+cb+"-reached-yes")
	b.Do(chromedp.Click(deskCSS("#"+cb+"-reached-yes")), chromedp.Click(deskCSS("#"+cb+"-resolved-yes")),
		chromedp.SetValue(deskCSS("#"+cb+"-satisfaction"), "5"),
		chromedp.SendKeys(deskCSS("#"+cb+"-note"), "群众表示满意"))
	b.shot("centre-desk-callback")
	b.Do(chromedp.Click(deskCSS(`form.inline-callback button[type="submit"]`)), chromedp.WaitVisible(deskCSS(".notice")))
	if o := a.order(no); o.State != workorder.StateClosed || o.Callback.Satisfaction != 5 {
		t.Fatalf("after the callback: %s, satisfaction %d", o.State, o.Callback.Satisfaction)
	}
	b.open("/orders/"+no, "ol.history")
	if got := b.Text(".order-head .badge.state"); got != cat.T(l, "state.closed", nil) {
		t.Errorf("state badge %q", got)
	}
	b.shot("order")
}
