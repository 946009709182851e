package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tongban/internal/locale"
	"tongban/internal/storage"
	"tongban/internal/web/browsertest"
	"tongban/internal/workorder"
)

// TestJourneyFromCitizenToCitizen is the whole journey of a request in a
// real Chromium, in Chinese and in Mongolian: a citizen submits it on the
// portal; the centre dispatches it to 阿拉善左旗市场监督管理局, which signs and
// sub-dispatches to 巴彦浩特镇; the town office replies, the bureau replies,
// the centre reviews and calls back; the citizen tracks it and rates it.
func TestJourneyFromCitizenToCitizen(t *testing.T) {
	for _, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			a := newDeskApp(t)
			for _, u := range []string{"dispatcher", "handler.zq.scjgj", "handler.bhht"} {
				a.setLang(u, lang)
			}
			cat, _ := locale.Default()
			b := &deskBrowser{Browser: browsertest.New(t), a: a, t: t, lang: lang, cat: cat}
			openDetails := func(id string) {
				browsertest.Get(b.Browser, chromedp.Evaluate[bool](`(document.querySelector("#`+id+`").open = true)`))
			}
			// act fills and submits an action's form; the form disappears
			// once the action is done, except sub-dispatch, which can be
			// repeated and shows the new assignment instead.
			act := func(action string, fill ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				b.Do(chromedp.WaitVisible(deskCSS("#act-" + action)))
				openDetails("act-" + action)
				b.Do(fill...)
				done := chromedp.WaitNotPresent(deskCSS("#act-" + action))
				if action == "sub_dispatch" {
					done = chromedp.WaitVisible(deskCSS("tr.depth-1"))
				}
				b.Do(chromedp.Click(deskCSS(`#act-`+action+` button[type="submit"]`)), done)
			}

			// 1. The citizen submits the request on the portal.
			const phone = "13947811111"
			b.Do(chromedp.Navigate(a.URL + "/portal/new"))
			b.SetLang(lang)
			b.Do(chromedp.WaitVisible(deskCSS("#f-phone")),
				chromedp.SendKeys(deskCSS("#f-name"), "其其格"),
				chromedp.SendKeys(deskCSS("#f-phone"), phone),
				chromedp.Click(deskCSS("#f-type-complaint")),
				chromedp.SetValue(deskCSS("#f-category"), "C04.01"),
				chromedp.SetValue(deskCSS("#f-region_1"), zuoqi))
			// htmx loads the towns of the chosen banner.
			browsertest.Get(b.Browser, chromedp.Evaluate[bool](`document.querySelector("#f-region_1").dispatchEvent(new Event("change", {bubbles: true}))`))
			b.Do(chromedp.WaitVisible(deskCSS("#f-region_2")),
				chromedp.SetValue(deskCSS("#f-region_2"), bhht),
				chromedp.SendKeys(deskCSS("#f-title"), "小区供暖不热"),
				chromedp.SendKeys(deskCSS("#f-description"), "巴彦浩特镇某小区暖气连续三天不热，老人孩子受冻。"),
				chromedp.Click(deskCSS("#portal-submit")), chromedp.WaitVisible(deskCSS("#order-no")))
			no := strings.TrimSpace(b.Text("#order-no"))
			if o := a.order(no); o.State != workorder.StateRegistered || o.Channel != workorder.ChannelWeb {
				t.Fatalf("submitted order %s: %s via %s", no, o.State, o.Channel)
			}
			b.shot("journey-1-submitted")

			// 2. The centre dispatches it to the banner's bureau.
			b.signIn("dispatcher")
			b.open("/desk/centre", "main")
			if !strings.Contains(b.Text("main"), no) {
				t.Errorf("the dispatch queue does not list %s", no)
			}
			b.open("/orders/"+no, "#act-dispatch")
			act("dispatch", chromedp.SetValue(deskCSS("#f-dispatch-lead"), itoa64(a.unit(deskZqSCJ))))
			b.signOut()

			// 3. The bureau signs and sub-dispatches to the town office.
			b.signIn("handler.zq.scjgj")
			b.open("/orders/"+no, "#act-sign")
			act("sign")
			act("sub_dispatch", chromedp.SetValue(deskCSS("#f-sub_dispatch-unit"), itoa64(a.unit(deskBHHT))),
				chromedp.SendKeys(deskCSS("#f-sub_dispatch-note"), "请镇里上门核实"))
			b.signOut()

			// 4. The town office signs and replies.
			b.signIn("handler.bhht")
			b.open("/orders/"+no, "#act-sign")
			act("sign")
			act("reply", chromedp.SendKeys(deskCSS("#f-reply-text"), "已协调供热公司排查，管道已疏通，温度恢复正常。"))
			b.signOut()

			// 5. The bureau replies to the centre.
			b.signIn("handler.zq.scjgj")
			b.open("/orders/"+no, "#act-reply")
			act("reply", chromedp.SendKeys(deskCSS("#f-reply-text"), "经核实，供暖已恢复，已督促供热公司加强巡检。"))
			b.signOut()

			// 6. The centre reviews the reply and calls the citizen back.
			b.signIn("dispatcher")
			b.open("/orders/"+no, "#act-review")
			openDetails("act-review")
			b.Do(chromedp.Click(deskCSS(`#act-review button[value="true"]`)), chromedp.WaitNotPresent(deskCSS("#act-review")))
			cb := "cb-" + no
			b.open("/desk/centre?tab=callback", "#"+cb+"-reached-yes")
			b.Do(chromedp.Click(deskCSS("#"+cb+"-reached-yes")), chromedp.Click(deskCSS("#"+cb+"-resolved-yes")),
				chromedp.SetValue(deskCSS("#"+cb+"-satisfaction"), "5"),
				chromedp.Click(deskCSS(`form.inline-callback button[type="submit"]`)), chromedp.WaitVisible(deskCSS(".notice")))
			if o := a.order(no); o.State != workorder.StateClosed {
				t.Fatalf("after the callback the order is %s", o.State)
			}
			b.signOut()

			// 7. The citizen tracks the request and rates it.
			b.Do(chromedp.Navigate(a.URL+"/portal/track"), chromedp.WaitVisible(deskCSS("#f-no")),
				chromedp.SendKeys(deskCSS("#f-no"), no), chromedp.SendKeys(deskCSS("#f-phone"), phone),
				chromedp.Click(deskCSS("#track-submit")), chromedp.WaitVisible(deskCSS("#rate-submit")))
			b.shot("journey-2-closed")
			b.Do(chromedp.Click(deskCSS("#f-score-4")), chromedp.Click(deskCSS("#rate-submit")), chromedp.WaitVisible(deskCSS("#rating-done")))
			rs, err := a.Store.RatingsOf(context.Background(), storage.RatingOrder, no)
			if err != nil || len(rs) != 1 || rs[0].Score != 4 {
				t.Fatalf("ratings of %s: %+v, %v", no, rs, err)
			}
			b.shot("journey-3-rated")
		})
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
