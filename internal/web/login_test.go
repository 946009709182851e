package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/storage/storagetest"
	"tongban/internal/web/browsertest"
)

func TestLoginInBothLanguages(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	b := browsertest.New(t)
	b.Do(chromedp.Navigate(app.URL + "/login"))
	if got := b.Lang(); got != "zh-Hans" {
		t.Fatalf("html lang = %q, want zh-Hans", got)
	}
	b.Screenshot("login.zh")
	b.SetLang("mn")
	if got := b.Lang(); got != "mn-Mong-CN" {
		t.Fatalf("html lang after switching = %q, want mn-Mong-CN", got)
	}
	b.Screenshot("login.mn")
	// A wrong password keeps the username and says what is wrong, in Mongolian.
	b.Do(
		chromedp.SendKeys(chromedp.CSS("#f-username"), "agent"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "wrong-password"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS(".alert")),
	)
	user := b.Value("#f-username")
	if user != "agent" || !strings.Contains(b.Text(".alert"), "ᠨᠢᠭᠤᠴᠠ") {
		t.Fatalf("after a failed login: username %q, alert %q", user, b.Text(".alert"))
	}
	b.Login(app.URL, "agent", demo.Password)
	if b.Lang() != "zh-Hans" { // the account's own language (zh) wins once signed in
		t.Fatalf("signed-in agent sees %s", b.Lang())
	}
}
