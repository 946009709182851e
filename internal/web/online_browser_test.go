package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tongban/internal/application"
	"tongban/internal/demo"
	"tongban/internal/web/browsertest"
)

// browserFiles writes a PDF and a text file to upload.
func browserFiles(t *testing.T) (pdf, txt string) {
	dir := t.TempDir()
	pdf, txt = filepath.Join(dir, "scan.pdf"), filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% a scanned material\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(txt, []byte("not a scan"), 0o600); err != nil {
		t.Fatal(err)
	}
	return pdf, txt
}

// waitApp waits until the application is in state, since a click starts a
// navigation the next action must not race. The wait is long: browsers
// under -race on two cores can take seconds per page.
func (a *deskApp) waitApp(t *testing.T, no string, state application.State) {
	t.Helper()
	for range 400 {
		if a.hallApp(no).State == state {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s is %s, not %s", no, a.hallApp(no).State, state)
}

// TestOnlineApplicationJourney follows one application from the applicant
// portal through the window and the back office and back, in Chinese and
// in Mongolian: the applicant applies online and leaves a material out
// (a text file is refused on its own input, the other files stay); the
// window's correction notice lists what is missing; the applicant finds
// the application by number and ID and uploads it; the window accepts,
// the back office approves, the window issues; the applicant rates. The
// window clerk also starts a single application at the window.
func TestOnlineApplicationJourney(t *testing.T) {
	a := newHallApp(t)
	ctx := context.Background()
	code := hallItem(t, "企业变更登记")
	it, err := a.Store.Item(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	// The applicant leaves out the last required material.
	miss := 0
	for j, m := range it.Materials {
		if m.Required {
			miss = j
		}
	}
	pdf, txt := browserFiles(t)
	b := browsertest.New(t)
	click := func(sel string) { b.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)) }
	logout := func() {
		b.Do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	}
	for i, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			a.setLang("window", lang)
			a.setLang("approver", lang)
			b.Do(chromedp.Navigate(a.URL + "/online"))
			b.SetLang(lang)
			b.Do(chromedp.WaitVisible(chromedp.CSS("#f-q")), chromedp.SendKeys(chromedp.CSS("#f-q"), "企业变更"))
			click("#online-search")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`a.apply-item[data-code="` + code + `"]`)))
			b.Screenshot("online-home." + lang)
			click(`a.apply-item[data-code="` + code + `"]`)
			b.Do(chromedp.WaitVisible(chromedp.CSS("#f-id_number")))

			id := hallCreditCode(uint64(40 + i))
			b.Do(chromedp.Click(chromedp.CSS("#f-kind-enterprise")),
				chromedp.SendKeys(chromedp.CSS("#f-id_number"), id),
				chromedp.SendKeys(chromedp.CSS("#f-name"), "阿拉善左旗驼乡乳业有限公司"),
				chromedp.SendKeys(chromedp.CSS("#f-phone"), "13947811111"),
				chromedp.SetValue(chromedp.CSS("#f-window"), a.onlineWindow()))
			// Every material but one; the first other one as a text file.
			bad := map[bool]int{true: 1, false: 0}[miss == 0]
			for j := range it.Materials {
				if j == miss {
					continue
				}
				file := pdf
				if j == bad {
					file = txt
				}
				b.Do(chromedp.SetUploadFiles(chromedp.CSS("#f-file_"+strconv.Itoa(j)), []string{file}))
			}
			b.Screenshot("online-apply." + lang)
			click("#online-submit")
			badSel := "#f-file_" + strconv.Itoa(bad)
			b.Do(chromedp.WaitVisible(chromedp.CSS("#e-file_" + strconv.Itoa(bad))))
			if msg := b.Text("#e-file_" + strconv.Itoa(bad)); !strings.Contains(msg, "notes.txt") || lang == "mn" && !hasMongolian(msg) {
				t.Errorf("the wrong file's error: %q", msg)
			}
			good := 0
			for good == miss || good == bad {
				good++
			}
			if !strings.Contains(b.Text("#kept-"+strconv.Itoa(good)), "scan.pdf") || b.Value("#f-name") != "阿拉善左旗驼乡乳业有限公司" {
				t.Errorf("the form lost the good file or the name")
			}
			b.Screenshot("online-apply-errors." + lang)
			b.Do(chromedp.SetUploadFiles(chromedp.CSS(badSel), []string{pdf}))
			click("#online-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`#app-state[data-state="submitted"]`)))
			no := strings.TrimSpace(b.Text("#app-no"))
			if app := a.hallApp(no); len(app.Materials) != len(it.Materials)-1 || app.Channel != application.Online {
				t.Fatalf("stored %d materials through %s", len(app.Materials), app.Channel)
			}
			b.Screenshot("online-app-submitted." + lang)

			// The window asks for the missing material.
			b.Login(a.URL, "window", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/window?tab=accept"), chromedp.WaitVisible(chromedp.CSS("#h-queue")))
			if !strings.Contains(b.Text("main"), no) {
				t.Errorf("the window's queue lacks %s", no)
			}
			b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+no), chromedp.WaitVisible(chromedp.CSS("#do-correct")))
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-correct_note"), "请补交公司章程修正案"))
			click("#do-correct")
			a.waitApp(t, no, application.Correcting)
			logout()

			// The applicant finds it by number and ID and uploads it.
			b.Do(chromedp.Navigate(a.URL+"/online/track"), chromedp.WaitVisible(chromedp.CSS("#f-no")),
				chromedp.SendKeys(chromedp.CSS("#f-no"), no), chromedp.SendKeys(chromedp.CSS("#f-id_number"), id))
			click("#track-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#correct")))
			if !strings.Contains(b.Text(".notice-box"), it.Materials[miss].Name) {
				t.Errorf("the notice does not name %s", it.Materials[miss].Name)
			}
			b.Screenshot("online-app-correcting." + lang)
			b.Do(chromedp.SetUploadFiles(chromedp.CSS("#f-file_0"), []string{pdf}))
			click("#resubmit-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`#app-state[data-state="submitted"]`)))
			track := b.URL()

			// Accepted, approved, issued.
			b.Login(a.URL, "window", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+no), chromedp.WaitVisible(chromedp.CSS("#do-accept")))
			click("#do-accept")
			a.waitApp(t, no, application.Reviewing)
			logout()
			b.Login(a.URL, "approver", demo.Password)
			for a.hallApp(no).State == application.Reviewing {
				ap := a.hallApp(no)
				b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+no), chromedp.WaitVisible(chromedp.CSS("#app-no")))
				if ap.Step >= len(ap.Item.Steps)-1 {
					click("#do-approve")
					a.waitApp(t, no, application.Approved)
					break
				}
				click("#do-review")
				for i := 0; a.hallApp(no).Version == ap.Version; i++ {
					if i == 400 {
						t.Fatalf("%s: the review did not happen", no)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			logout()
			b.Login(a.URL, "window", demo.Password)
			b.Do(chromedp.Navigate(a.URL+"/hall/applications/"+no), chromedp.WaitVisible(chromedp.CSS("#f-issue_certificate_no")),
				chromedp.SendKeys(chromedp.CSS("#f-issue_certificate_no"), "BG-2026-"+lang))
			click("#do-issue")
			a.waitApp(t, no, application.Issued)

			// A single application at the window, for a person.
			single := hallItem(t, "个体工商户设立登记")
			b.Do(chromedp.Navigate(a.URL+"/hall/window/items/"+single), chromedp.WaitVisible(chromedp.CSS("#f-id_number")),
				chromedp.SendKeys(chromedp.CSS("#f-id_number"), hallPersonID(uint64(50+i))),
				chromedp.SendKeys(chromedp.CSS("#f-name"), "其其格"))
			for j := range a.hallRequired(single) {
				sel := "#f-handed-" + strconv.Itoa(j)
				if !browsertest.Get(b, chromedp.Evaluate[bool](`document.querySelector("`+sel+`").checked`)) {
					click(sel)
				}
			}
			click("#hall-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS(`#app-state[data-state="submitted"]`)))
			wno := strings.TrimSpace(b.Text("#app-no"))
			click("#do-accept")
			a.waitApp(t, wno, application.Reviewing)
			if app := a.hallApp(wno); app.Channel != application.Window || app.NoticeNo == "" {
				t.Errorf("the window application: %s, notice %q", app.Channel, app.NoticeNo)
			}
			logout()

			// The applicant sees the result and rates.
			b.Do(chromedp.Navigate(track), chromedp.WaitVisible(chromedp.CSS("#certificate-no")))
			if got := b.Text("#certificate-no"); got != "BG-2026-"+lang {
				t.Errorf("certificate %q", got)
			}
			if lang == "mn" && !hasMongolian(b.Text("#app-next")) {
				t.Errorf("the next step is not in Mongolian: %q", b.Text("#app-next"))
			}
			click("#f-score-5")
			b.Do(chromedp.SendKeys(chromedp.CSS("#f-comment"), "不用跑腿就办好了"))
			click("#rate-submit")
			b.Do(chromedp.WaitVisible(chromedp.CSS("#rating-done")))
			b.Screenshot("online-app-rated." + lang)
			if rs := a.hallApp(no).Ratings; len(rs) != 1 || rs[0].Score != 5 {
				t.Errorf("ratings %+v", rs)
			}
		})
	}
}

// TestOnlineEnterpriseOpeningInBrowser applies for enterprise opening
// online with one form and one set of files; the window accepts every
// part at once.
func TestOnlineEnterpriseOpeningInBrowser(t *testing.T) {
	a := newHallApp(t)
	bundle, err := a.Store.Bundle(context.Background(), application.BundleEnterpriseOpening)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := browserFiles(t)
	b := browsertest.New(t)
	click := func(sel string) { b.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)) }
	b.Do(chromedp.Navigate(a.URL+"/online"), chromedp.WaitVisible(chromedp.CSS(`a.apply-bundle[data-code="`+bundle.Code+`"]`)))
	click(`a.apply-bundle[data-code="` + bundle.Code + `"]`)
	b.Do(chromedp.WaitVisible(chromedp.CSS("#f-id_number")),
		chromedp.SendKeys(chromedp.CSS("#f-id_number"), hallCreditCode(60)),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "阿拉善左旗沙棘饮品有限公司"),
		chromedp.SendKeys(chromedp.CSS("#f-phone"), "13947833333"),
		chromedp.SetValue(chromedp.CSS("#f-window"), a.onlineWindow()))
	for _, f := range bundle.SharedForm {
		v := "1"
		if f.Key == "enterprise_name" {
			v = "阿拉善左旗沙棘饮品有限公司"
		}
		b.Do(chromedp.SendKeys(chromedp.CSS("#f-form_"+f.Key), v))
	}
	for j := range bundle.SharedMaterials {
		b.Do(chromedp.SetUploadFiles(chromedp.CSS("#f-file_"+strconv.Itoa(j)), []string{pdf}))
	}
	b.Screenshot("online-bundle-apply.zh")
	click("#online-submit")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#bundle-state[data-state="submitted"]`)))
	no := strings.TrimSpace(b.Text("#bundle-no"))
	if n := len(browsertest.Get(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("a.part-link")].map(a => a.dataset.no)`))); n != len(bundle.Items) {
		t.Fatalf("%d parts listed, want %d", n, len(bundle.Items))
	}
	b.Screenshot("online-bundle.zh")
	track := b.URL()

	b.Login(a.URL, "window", demo.Password)
	b.Do(chromedp.Navigate(a.URL+"/hall/bundles/"+no), chromedp.WaitVisible(chromedp.CSS("#bundle-accept")))
	click("#bundle-accept")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#bundle-state[data-state="in_progress"]`)))
	for k := range bundle.Items {
		if app := a.hallApp(application.PartNo(no, k)); app.State != application.Reviewing || app.Channel != application.Online {
			t.Errorf("part %d: %s through %s", k, app.State, app.Channel)
		}
	}
	b.Do(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#f-username")))
	b.Do(chromedp.Navigate(track), chromedp.WaitVisible(chromedp.CSS(`#bundle-state[data-state="in_progress"]`)))
}
