package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/org"
	"tongban/internal/storage/storagetest"
	"tongban/internal/web/browsertest"
	"tongban/internal/workday"
)

// An administrator creates a unit and an account in it and adds an off
// day, in Chinese and in Mongolian; every administration page is
// photographed in both languages.
func TestAdminInBothLanguages(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	b := browsertest.New(t)
	b.Login(app.URL, "admin", demo.Password)
	days := map[string]string{"zh": "2026-06-02", "mn": "2026-06-03"}
	for _, lang := range []string{"zh", "mn"} {
		t.Run(lang, func(t *testing.T) {
			shot := func(name string) { b.Screenshot(name + "." + lang) }
			b.Do(chromedp.Navigate(app.URL + "/admin"))
			b.SetLang(lang)
			b.Do(chromedp.WaitVisible(chromedp.CSS(".admin-cards")))
			if lang == "mn" && !hasMongolian(b.Text("h1")) {
				t.Errorf("heading %q is not Mongolian", b.Text("h1"))
			}
			shot("admin")
			b.Do(chromedp.Navigate(app.URL + "/admin/units?q=" + zuoqi[:6]))
			shot("admin-units")

			// A unit: first with a mistake, then right.
			code := "dept-browser-" + lang
			b.Do(chromedp.Navigate(app.URL+"/admin/units/new"), chromedp.WaitVisible(chromedp.CSS("#f-code")),
				chromedp.SendKeys(chromedp.CSS("#f-code"), code), chromedp.Click(chromedp.CSS("#unit-save")),
				chromedp.WaitVisible(chromedp.CSS("#e-name_zh")))
			if got := b.Value("#f-code"); got != code {
				t.Errorf("code after an error: %q", got)
			}
			shot("admin-unit-errors")
			b.Do(
				chromedp.SendKeys(chromedp.CSS("#f-name_zh"), "阿拉善左旗浏览器测试局"),
				chromedp.SetValue(chromedp.CSS("#f-region_code"), zuoqi),
				chromedp.SetValue(chromedp.CSS("#f-parent_id"), strconv.FormatInt(app.Units[demo.CentreCode], 10)),
				chromedp.Click(chromedp.CSS("#unit-save")),
				chromedp.WaitVisible(chromedp.CSS(".notice")),
			)
			shot("admin-unit")
			loc := browsertest.Get(b, chromedp.Location())
			id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:strings.Index(loc, "?")], 10, 64)
			if err != nil {
				t.Fatalf("unit page %s: %v", loc, err)
			}
			if u, ok := app.Svc.Unit(id); !ok || u.Code != code || u.RegionCode != zuoqi {
				t.Fatalf("unit %d: %+v", id, u)
			}

			// An account in it.
			user := "browser." + lang
			b.Do(chromedp.Navigate(app.URL+"/admin/staff/new?unit="+strconv.FormatInt(id, 10)), chromedp.WaitVisible(chromedp.CSS("#f-username")))
			shot("admin-staff-new")
			b.Do(
				chromedp.SendKeys(chromedp.CSS("#f-username"), user),
				chromedp.SendKeys(chromedp.CSS("#f-display_name"), "测试承办人"),
				chromedp.SetValue(chromedp.CSS("#f-role"), "handler"),
				chromedp.SetValue(chromedp.CSS("#f-lang"), lang),
				chromedp.SendKeys(chromedp.CSS("#f-password"), "browser-password"),
				chromedp.Click(chromedp.CSS("#staff-save")),
				chromedp.WaitVisible(chromedp.CSS(".notice")),
			)
			shot("admin-staff-edit")
			s, _, err := app.Store.StaffByUsername(context.Background(), user)
			if err != nil || s.UnitID != id || s.Role != org.Handler || s.Lang != lang {
				t.Fatalf("account: %+v, %v", s, err)
			}
			b.Do(chromedp.Navigate(app.URL + "/admin/staff?unit=" + strconv.FormatInt(id, 10)))
			shot("admin-staff")

			b.Do(chromedp.Navigate(app.URL + "/admin/categories"))
			shot("admin-categories")
			b.Do(chromedp.Navigate(app.URL + "/admin/categories/C04.01"))
			shot("admin-category")

			// An off day.
			b.Do(
				chromedp.Navigate(app.URL+"/admin/calendar"),
				chromedp.WaitVisible(chromedp.CSS("#f-date")),
				chromedp.SetValue(chromedp.CSS("#f-date"), days[lang]),
				chromedp.SendKeys(chromedp.CSS("#f-name"), "防沙治沙日"),
				chromedp.Click(chromedp.CSS("#f-kind-off")),
				chromedp.Click(chromedp.CSS("#day-add")),
				chromedp.WaitVisible(chromedp.CSS(".notice")),
			)
			if !strings.Contains(b.Text("#off-days"), days[lang]) {
				t.Errorf("the off day %s is not listed", days[lang])
			}
			shot("admin-calendar")
			b.Do(chromedp.Navigate(app.URL + "/admin/calendar?year=2027"))
			shot("admin-calendar-missing")
			b.Do(chromedp.Navigate(app.URL + "/admin/deadlines"))
			shot("admin-deadlines")
		})
	}
	// Both off days are in force: one working day after Monday 1 June is Thursday.
	d, err := app.Svc.Calendar().AddDays(workday.Date{Y: 2026, M: time.June, D: 1}, 1)
	if err != nil || d != (workday.Date{Y: 2026, M: time.June, D: 4}) {
		t.Errorf("1 working day after 2026-06-01: %s, %v; want 2026-06-04", d, err)
	}
}
