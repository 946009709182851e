package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/web/browsertest"
)

// TestHallEnterpriseOpeningInBothLanguages: at the comprehensive window a
// clerk starts the enterprise-opening bundle with one form and one set of
// materials, accepts its complete parts at once, and the market-regulation
// back office approves the registration part; in Chinese and in Mongolian,
// with a screenshot of every hall page.
func TestHallEnterpriseOpeningInBothLanguages(t *testing.T) {
	a := newHallApp(t)
	ctx := context.Background()
	bundle, err := a.Store.Bundle(ctx, application.BundleEnterpriseOpening)
	if err != nil {
		t.Fatal(err)
	}
	guide := hallItem(t, "企业设立登记")
	b := browsertest.New(t)
	click := func(sel string) { b.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)) }
	// waitVersion waits until the application changed, since a click
	// starts a navigation the next action must not race.
	waitVersion := func(t *testing.T, no string, before int64) {
		t.Helper()
		for i := 0; i < 400; i++ {
			if a.hallApp(no).Version > before {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s did not change", no)
	}
	for i, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			a.setLang("window", lang)
			a.setLang("approver", lang)
			b.Login(a.URL, "window", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/window?q="+"登记"), chromedp.WaitVisible(chromedp.CSS("#h-queue")))
			b.Screenshot("hall-window." + lang)

			// A wrong credit code is marked where it is wrong.
			b.Do(chromedp.Navigate(a.URL+"/hall/window/bundles/"+bundle.Code), chromedp.WaitVisible(chromedp.CSS("#f-id_number")))
			code := hallCreditCode(uint64(10 + i))
			bad := code[:5] + "?" + code[6:]
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-id_number"), bad), chromedp.SendKeys(chromedp.CSS("#f-name"), "阿拉善驼乡商贸有限公司"))
			click("#bundle-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#e-id_number")))
			if msg := b.Text("#e-id_number"); lang == "mn" && !hasMongolian(msg) || !strings.Contains(msg, "6") {
				t.Errorf("credit code error %q", msg)
			}
			if got := b.Value("#f-name"); got != "阿拉善驼乡商贸有限公司" {
				t.Errorf("the name field holds %q after the error", got)
			}
			b.Screenshot("hall-bundle-start-errors." + lang)

			b.Do(chromedp.SetValue(chromedp.CSS("#f-id_number"), code), chromedp.SendKeys(chromedp.CSS("#f-phone"), "13947800005"))
			for _, f := range bundle.SharedForm {
				v := "1"
				if f.Key == "enterprise_name" {
					v = "阿拉善驼乡商贸有限公司"
				}
				b.Do(chromedp.SendKeys(chromedp.CSS("#f-form_"+f.Key), v))
			}
			for j := range bundle.SharedMaterials {
				sel := "#f-handed-" + strconv.Itoa(j)
				if !browsertest.Get(b, chromedp.Evaluate[bool](`document.querySelector("`+sel+`").checked`)) {
					click(sel)
				}
			}
			b.Screenshot("hall-bundle-start." + lang)
			click("#bundle-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#bundle-state")))
			no := strings.TrimSpace(b.Text("#bundle-no"))
			b.Screenshot("hall-bundle." + lang)
			click("#bundle-accept")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`#bundle-state[data-state="in_progress"]`)))
			b.Screenshot("hall-bundle-accepted." + lang)
			part := application.PartNo(no, 0)
			if got := a.hallApp(part).State; got != application.Reviewing {
				t.Fatalf("the registration part is %s after accepting", got)
			}
			b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+part), chromedp.WaitVisible(chromedp.CSS("#app-no")))
			b.Screenshot("hall-app-window." + lang)
			b.Do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#f-username")))

			// The back office.
			b.Login(a.URL, "approver", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/inbox"), chromedp.WaitVisible(chromedp.CSS("nav.tabs")))
			if !strings.Contains(b.Text("main"), part) {
				t.Errorf("the inbox lacks %s", part)
			}
			b.Screenshot("hall-inbox." + lang)
			for {
				ap := a.hallApp(part)
				b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+part), chromedp.WaitVisible(chromedp.CSS("#app-no")))
				if ap.Step >= len(ap.Item.Steps)-1 {
					break
				}
				click("#do-review")
				waitVersion(t, part, ap.Version)
			}
			b.Screenshot("hall-app-approver." + lang)
			ap := a.hallApp(part)
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-approve_opinion"), "准予设立登记"))
			click("#do-approve")
			waitVersion(t, part, ap.Version)
			b.Do(chromedp.WaitVisible(chromedp.CSS(`#app-state[data-state="approved"]`)))
			b.Screenshot("hall-app-approved." + lang)
			b.Do(chromedp.Navigate(a.URL+"/hall/bundles/"+no), chromedp.WaitVisible(chromedp.CSS("#bundle-state")))
			b.Do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#f-username")))

			// The public guide, as printed.
			b.Do(chromedp.Navigate(a.URL+"/guide/"+guide), chromedp.WaitVisible(chromedp.CSS("article.guide")))
			b.SetLang(lang)
			b.Screenshot("guide-item." + lang)
		})
	}
}
