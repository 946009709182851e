package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"tongban/internal/apptest"
	"tongban/internal/demo"
	"tongban/internal/storage/storagetest"
	"tongban/internal/web/browsertest"
)

// TestReadmeScreenshots takes the README's pictures: the agent desk during a
// call from a caller with earlier orders, and the citizen portal's request
// form, in Chinese and in Mongolian (readme-*.png in the screenshot folder).
func TestReadmeScreenshots(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	agent := app.Login("agent")
	var cats struct{ Categories []struct{ Code string } }
	agent.Do("GET", "/api/v1/categories", nil, 200).JSON(&cats)
	for _, title := range []string{"小区供暖温度不达标", "楼道路灯损坏"} {
		agent.Do("POST", "/api/v1/orders", map[string]any{"channel": "phone",
			"caller": map[string]any{"name": "巴特尔", "phone": "13947812345", "lang": "mn"},
			"title":  title, "description": title + "，请尽快处理。", "type": "help",
			"category": cats.Categories[len(cats.Categories)-1].Code, "region_code": "152921110000"}, 201)
		app.Advance(26 * 3600e9)
	}
	b := browsertest.New(t)
	for _, lang := range []string{"zh", "mn"} {
		b.Login(app.URL, "agent", demo.Password)
		b.SetLang(lang)
		b.Do(chromedp.Navigate(app.URL+"/desk/agent?phone=13947812345"), chromedp.WaitVisible(chromedp.CSS("main")))
		b.Screenshot("readme-agent-desk." + lang)
		b.Do(chromedp.Navigate(app.URL+"/portal/new"), chromedp.WaitVisible(chromedp.CSS("main")))
		b.SetLang(lang)
		b.Screenshot("readme-portal." + lang)
	}
}
