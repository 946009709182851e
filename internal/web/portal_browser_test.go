package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tongban/internal/apptest"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
	"tongban/internal/web/browsertest"
)

// phone puts the browser in a phone-sized window (390×844, an iPhone 12–15)
// with mobile and touch emulation.
func phone(b *browsertest.Browser) {
	b.Do(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
}

func hasMongolian(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x1820 && r <= 0x18AF })
}

// A citizen on a phone submits a request, gets its number, tracks it, and
// rates it once the centre has closed it; in Chinese and in Mongolian.
func TestPortalOnAPhoneInBothLanguages(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	b := browsertest.New(t)
	phone(b)
	for _, tc := range []struct{ lang, tag, phone string }{{"zh", "zh-Hans", "13800138000"}, {"mn", "mn-Mong-CN", "13900139000"}} {
		t.Run(tc.lang, func(t *testing.T) {
			b.Do(chromedp.Navigate(app.URL + "/portal"))
			b.SetLang(tc.lang)
			if got := b.Lang(); got != tc.tag {
				t.Fatalf("html lang %q, want %q", got, tc.tag)
			}
			if width := browsertest.Get(b, chromedp.Evaluate[int]("document.documentElement.scrollWidth")); width > 390 {
				t.Errorf("the portal is %d px wide on a 390 px phone", width)
			}
			b.Screenshot("portal." + tc.lang)

			// An empty form: every required field says what is missing.
			b.Do(chromedp.Navigate(app.URL+"/portal/new"), chromedp.WaitVisible(chromedp.CSS("#f-phone")))
			b.Screenshot("portal-new." + tc.lang)
			b.Do(chromedp.Click(chromedp.CSS("#portal-submit")), chromedp.WaitVisible(chromedp.CSS("#e-phone")))
			if msg := b.Text("#e-title"); msg == "" || tc.lang == "mn" && !hasMongolian(msg) {
				t.Errorf("title error %q", msg)
			}
			b.Screenshot("portal-new-errors." + tc.lang)

			b.Do(
				chromedp.SendKeys(chromedp.CSS("#f-name"), "巴特尔"),
				chromedp.SendKeys(chromedp.CSS("#f-phone"), tc.phone),
				chromedp.Click(chromedp.CSS("#f-type-help")),
				chromedp.SetValue(chromedp.CSS("#f-category"), "C04.01"),
				chromedp.SetValue(chromedp.CSS("#f-region_1"), zuoqi),
			)
			// With JavaScript, htmx refreshes the picker on change ...
			browsertest.Get(b, chromedp.Evaluate[bool](`document.querySelector("#f-region_1").dispatchEvent(new Event("change", {bubbles: true}))`))
			b.Do(chromedp.WaitVisible(chromedp.CSS("#f-region_2")), chromedp.SetValue(chromedp.CSS("#f-region_2"), bhht))
			// ... and without it the "choose" button does the same with a full round trip.
			b.Do(chromedp.Click(chromedp.CSS("button.choose")), chromedp.WaitVisible(chromedp.CSS("#f-region_3")),
				// An htmx refresh of the picker may still be settling: let it
				// finish before choosing the next level.
				chromedp.WaitNotPresent(chromedp.CSS(".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added")))
			if got := b.Value("#f-phone"); got != tc.phone {
				t.Errorf("after choosing a region the phone field holds %q", got)
			}
			gacha := app.Svc.Regions().Children(bhht)[1].Code
			// The picker may still be swapped by htmx after it appears: choose
			// until the choice holds.
			for try := 0; ; try++ {
				b.Do(chromedp.SetValue(chromedp.CSS("#f-region_3"), gacha), chromedp.Sleep(100*time.Millisecond))
				if got := b.Value("#f-region_3"); got == gacha {
					break
				} else if try == 20 {
					t.Fatalf("region picker holds %q after choosing %s", got, gacha)
				}
			}
			b.Do(
				chromedp.SendKeys(chromedp.CSS("#f-title"), "牧区手机信号差"),
				chromedp.SendKeys(chromedp.CSS("#f-description"), "嘎查东边的草场没有手机信号，放牧时联系不上家里。"),
			)
			b.Screenshot("portal-new-filled." + tc.lang)
			b.Do(chromedp.Click(chromedp.CSS("#portal-submit")), chromedp.WaitVisible(chromedp.CSS("#order-no")))
			no := strings.TrimSpace(b.Text("#order-no"))
			o, err := app.Store.Order(context.Background(), no)
			if err != nil {
				t.Fatalf("order %q: %v", no, err)
			}
			if o.RegionCode != gacha || o.Caller.Phone != "+86"+tc.phone || string(o.Caller.Lang) != tc.lang {
				t.Errorf("order: region %s, caller %+v", o.RegionCode, o.Caller)
			}
			b.Screenshot("portal-submitted." + tc.lang)

			// Track it with the number (filled in) and the phone.
			b.Do(chromedp.Click(chromedp.CSS(".portal-actions a.primary")), chromedp.WaitVisible(chromedp.CSS("#f-phone")))
			if got := b.Value("#f-no"); got != no {
				t.Errorf("track form number %q, want %q", got, no)
			}
			b.Screenshot("portal-track." + tc.lang)
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-phone"), tc.phone), chromedp.Click(chromedp.CSS("#track-submit")),
				chromedp.WaitVisible(chromedp.CSS("#order-state")))
			if state := b.Text("#order-state"); tc.lang == "mn" && !hasMongolian(state) {
				t.Errorf("state %q is not in Mongolian", state)
			}
			b.Screenshot("portal-order." + tc.lang)

			// The centre and a department handle and close it; the citizen rates it.
			handle(t, app, no)
			b.Do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#rate-submit")))
			b.Screenshot("portal-order-closed." + tc.lang)
			b.Do(
				chromedp.Click(chromedp.CSS("#f-score-5")),
				chromedp.SendKeys(chromedp.CSS("#f-comment"), "很快就解决了"),
				chromedp.Click(chromedp.CSS("#rate-submit")),
				chromedp.WaitVisible(chromedp.CSS("#rating-done")),
			)
			b.Screenshot("portal-rated." + tc.lang)
			rs, err := app.Store.RatingsOf(context.Background(), storage.RatingOrder, no)
			if err != nil || len(rs) != 1 || rs[0].Score != 5 || rs[0].Comment != "很快就解决了" {
				t.Fatalf("ratings: %+v, %v", rs, err)
			}
		})
	}
}
