package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"tongban/internal/apptest"
	"tongban/internal/auth"
	"tongban/internal/demo"
	"tongban/internal/locale"
	"tongban/internal/storage/storagetest"
)

// pages lists, per account ("" = not signed in), the pages to check.
var a11yPages = map[string][]string{
	"":                 {"/login", "/portal", "/portal/new", "/portal/track", "/online", "/online/track", "/online/mine", "/online/items/AL-SCJGJ-0002", "/online/bundles/YJS-QYKB", "/guide/AL-SCJGJ-0002"},
	"window":           {"/hall/window", "/hall/window/items/AL-SCJGJ-0002", "/hall/window/bundles/YJS-QYKB", "/hall/applicants", "/hall/applicants?kind=person&id_number=" + hallPersonID(90)},
	"approver":         {"/hall/inbox", "/hall/inbox?tab=verify", "/hall/applicants"},
	"leader":           {"/hall/measures"},
	"agent":            {"/desk/agent", "/desk/centre"},
	"dispatcher":       {"/desk/centre"},
	"handler.zq.scjgj": {"/inbox"},
	"admin":            {"/admin", "/admin/units", "/admin/units/new", "/admin/staff", "/admin/staff/new", "/admin/categories", "/admin/calendar", "/admin/deadlines", "/admin/catalog", "/admin/catalog/departments"},
}

// TestPagesAreLabelledAndTranslated fetches every page in both languages and
// checks what a screen-reader and keyboard user needs: every form control
// has a label, the document has a language and one h1, and no message ID
// was left untranslated.
func TestPagesAreLabelledAndTranslated(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	if err := demo.SeedCatalog(context.Background(), app.Store); err != nil {
		t.Fatal(err)
	}
	// An order, so the order page is checked too.
	agent := app.Login("agent")
	var cats struct{ Categories []struct{ Code string } }
	agent.Do("GET", "/api/v1/categories", nil, 200).JSON(&cats)
	var reg struct{ Order struct{ No string } }
	agent.Do("POST", "/api/v1/orders", map[string]any{"channel": "phone", "caller": map[string]any{"name": "王五", "phone": "13800138000", "lang": "zh"},
		"title": "路灯不亮", "description": "路灯坏了。", "type": "help", "category": cats.Categories[0].Code, "region_code": "152921110000"}, 201).JSON(&reg)
	a11yPages["dispatcher"] = append(a11yPages["dispatcher"], "/orders/"+reg.Order.No)

	checkPages(t, app.URL, a11yPages)
}

// checkPages fetches pages, per account ("" = not signed in), in both
// languages and checks each (checkPage); then that no page asked for a
// message the catalogs lack.
func checkPages(t *testing.T, base string, pages map[string][]string) {
	t.Helper()
	for user, paths := range pages {
		for _, lang := range []string{"zh", "mn"} {
			c := browserlessClient(t, base, user, lang)
			for _, p := range paths {
				resp, err := c.Get(base + p)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%s as %q: status %d", p, user, resp.StatusCode)
					continue
				}
				checkPage(t, user+" "+lang+" "+p, string(body), lang)
			}
		}
	}
	cat, _ := locale.Default()
	if m := cat.Missing(); len(m) > 0 {
		t.Errorf("pages asked for messages the catalogs lack: %v", m)
	}
}

// browserlessClient signs in through the login form and picks the language
// with the header's form, as a person would.
func browserlessClient(t *testing.T, base, user, lang string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if user != "" {
		resp, err := c.PostForm(base+"/login", url.Values{"username": {user}, "password": {demo.Password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := c.PostForm(base+"/lang", url.Values{"lang": {lang}, "back": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return c
}

func checkPage(t *testing.T, name, body, lang string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	labelFor := map[string]bool{}
	var controls []*html.Node
	h1 := 0
	var walk func(n *html.Node, inLabel bool)
	walk = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				want := locale.Lang(lang).Tag()
				if got := attr(n, "lang"); got != want {
					t.Errorf("%s: <html lang=%q>, want %q", name, got, want)
				}
			case "h1":
				h1++
			case "label":
				if f := attr(n, "for"); f != "" {
					labelFor[f] = true
				}
				inLabel = true
			case "input", "select", "textarea":
				switch attr(n, "type") {
				case "hidden", "submit", "button", "reset", "image":
				default:
					if !inLabel && attr(n, "aria-label") == "" && attr(n, "aria-labelledby") == "" && attr(n, "title") == "" {
						controls = append(controls, n)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLabel)
		}
	}
	walk(doc, false)
	for _, c := range controls {
		if id := attr(c, "id"); id == "" || !labelFor[id] {
			t.Errorf("%s: <%s name=%q id=%q> has no label", name, c.Data, attr(c, "name"), attr(c, "id"))
		}
	}
	if h1 != 1 {
		t.Errorf("%s: %d h1 elements, want 1", name, h1)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestSessionCookieAndCrossSiteForms: the session cookie is HttpOnly and
// SameSite, and a state-changing form posted from another site is refused.
func TestSessionCookieAndCrossSiteForms(t *testing.T) {
	app := apptest.New(t, storagetest.OpenSQLite(t))
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(app.URL+"/login", url.Values{"username": {"agent"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v: want HttpOnly and SameSite=Lax", session)
	}
	req, _ := http.NewRequest("POST", app.URL+"/desk/agent", strings.NewReader("title=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	req.AddCookie(session)
	r2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site form post: status %d, want 403", r2.StatusCode)
	}
}
